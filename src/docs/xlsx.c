#include "docs/xlsx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/timeutil.h"

#define CELL_CHARS_MAX 32767

int xlsx_errno(lxw_error e)
{
        return e == LXW_NO_ERROR ? 0 : e == LXW_ERROR_MEMORY_MALLOC_FAILED ? -ENOMEM : -EIO;
}

static lxw_format *cell_format(lxw_workbook *wb, uint8_t align, bool wrap, bool bold)
{
        lxw_format *f = workbook_add_format(wb);
        format_set_font_name(f, "宋体");
        format_set_font_size(f, 11);
        format_set_align(f, align);
        format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
        format_set_border(f, LXW_BORDER_THIN);
        if (wrap)
                format_set_text_wrap(f);
        if (bold)
                format_set_bold(f);
        return f;
}

static void make_look(lxw_workbook *wb, struct xlsx_look *l)
{
        l->title = workbook_add_format(wb);
        format_set_font_name(l->title, "黑体");
        format_set_font_size(l->title, 16);
        format_set_bold(l->title);
        format_set_align(l->title, LXW_ALIGN_CENTER);
        format_set_align(l->title, LXW_ALIGN_VERTICAL_CENTER);
        l->subtitle = workbook_add_format(wb);
        format_set_font_name(l->subtitle, "宋体");
        format_set_font_size(l->subtitle, 12);
        format_set_align(l->subtitle, LXW_ALIGN_LEFT);
        format_set_align(l->subtitle, LXW_ALIGN_VERTICAL_CENTER);
        format_set_text_wrap(l->subtitle);
        l->header = cell_format(wb, LXW_ALIGN_CENTER, true, true);
        format_set_font_name(l->header, "黑体");
        format_set_bg_color(l->header, 0xD9D9D9);
        format_set_pattern(l->header, LXW_PATTERN_SOLID);
        l->center = cell_format(wb, LXW_ALIGN_CENTER, true, false);
        l->left = cell_format(wb, LXW_ALIGN_LEFT, true, false);
        l->number = cell_format(wb, LXW_ALIGN_RIGHT, false, false);
        format_set_num_format(l->number, "0.00");
        l->integer = cell_format(wb, LXW_ALIGN_CENTER, false, false);
        format_set_num_format(l->integer, "0");
        l->time = cell_format(wb, LXW_ALIGN_CENTER, false, false);
        format_set_num_format(l->time, "yyyy-mm-dd hh:mm:ss");
        l->missing = cell_format(wb, LXW_ALIGN_CENTER, false, false);
        format_set_font_color(l->missing, 0x808080);
        l->total_label = cell_format(wb, LXW_ALIGN_CENTER, false, true);
        l->total_number = cell_format(wb, LXW_ALIGN_RIGHT, false, true);
        format_set_num_format(l->total_number, "0.00");
}

int xlsx_book_open(struct xlsx_book *b, const char *path, const char *title, const char *subject)
{
        *b = (struct xlsx_book){ 0 };
        /* libxlsxwriter's temp files go next to the output: the data dir's tmp/, not a RAM /tmp */
        b->tmpdir = strdup(path);
        if (!b->tmpdir)
                return -ENOMEM;
        char *slash = strrchr(b->tmpdir, '/');
        if (slash)
                *(slash == b->tmpdir ? slash + 1 : slash) = '\0';
        lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = slash ? b->tmpdir : NULL };
        b->wb = workbook_new_opt(path, &opt);
        if (!b->wb) {
                free(b->tmpdir);
                b->tmpdir = NULL;
                return -EIO;
        }
        lxw_doc_properties props = { .title = (char *)title, .subject = (char *)subject, .author = "shenbao" };
        workbook_set_properties(b->wb, &props);
        make_look(b->wb, &b->look);
        return 0;
}

int xlsx_book_close(struct xlsx_book *b, lxw_error error)
{
        lxw_error ce = LXW_NO_ERROR;
        if (b->wb)
                ce = workbook_close(b->wb);
        b->wb = NULL;
        free(b->tmpdir);
        free(b->clean);
        b->tmpdir = b->clean = NULL;
        b->clean_size = 0;
        return xlsx_errno(error ? error : ce);
}

const char *xlsx_clean(const char *s, char **clean, size_t *size)
{
        size_t n = 0, chars = 0;
        bool dirty = false;

        if (!s)
                return "";
        for (const unsigned char *p = (const unsigned char *)s; *p; p++, n++) {
                if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
                        dirty = true;
                if ((*p & 0xC0) != 0x80 && ++chars > CELL_CHARS_MAX) {
                        dirty = true;
                        break;
                }
        }
        if (!dirty)
                return s;
        if (n + 1 > *size) {
                char *c = realloc(*clean, n + 1);
                if (!c)
                        return "";
                *clean = c;
                *size = n + 1;
        }
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char)s[i];
                (*clean)[i] = c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? ' ' : (char)c;
        }
        (*clean)[n] = '\0';
        return *clean;
}

const char *xlsx_text(struct xlsx_book *b, const char *s)
{
        return xlsx_clean(s, &b->clean, &b->clean_size);
}

lxw_error xlsx_write_text(struct xlsx_book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s,
                          lxw_format *f)
{
        return worksheet_write_string(ws, row, col, xlsx_text(b, s), f);
}

lxw_datetime xlsx_beijing(int64_t t)
{
        int32_t day = beijing_day_of(t);
        char date[32];
        date_format(day, date);
        int64_t secs = t - beijing_day_start(day);
        return (lxw_datetime){ atoi(date), atoi(date + 5), atoi(date + 8), (int)(secs / 3600), (int)(secs / 60 % 60),
                               (double)(secs % 60) };
}

int xlsx_lines_in(const char *s, int width)
{
        int room = width > 2 ? width - 1 : 1, n = 0;

        /* line by line: a line break starts a new line whatever the width */
        for (const char *p = s ? s : "";;) {
                const char *nl = strchr(p, '\n');
                int w = xlsx_text_width_n(p, nl ? (size_t)(nl - p) : strlen(p));
                n += w > 0 ? (w + room - 1) / room : 1;
                if (!nl)
                        break;
                p = nl + 1;
        }
        return n > 0 ? n : 1;
}

lxw_error xlsx_table_head(struct xlsx_book *b, lxw_worksheet *ws, const char *title, const char *subtitle,
                          const char *const *headers, const int *widths, size_t n, int header_lines,
                          lxw_col_t freeze_cols)
{
        int total = 0;
        for (size_t c = 0; c < n; c++) {
                worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
                total += widths[c];
        }
        worksheet_set_landscape(ws);
        worksheet_set_paper(ws, 9);     /* A4 */
        worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.7);
        worksheet_center_horizontally(ws);
        worksheet_fit_to_pages(ws, 1, 0);
        worksheet_repeat_rows(ws, XLSX_ROW_HEADER, XLSX_ROW_HEADER);
        worksheet_set_footer(ws, "&C第 &P 页 共 &N 页");
        worksheet_freeze_panes(ws, XLSX_ROW_FIRST, freeze_cols);

        lxw_col_t last = (lxw_col_t)(n - 1);
        worksheet_set_row(ws, XLSX_ROW_TITLE, 36, NULL);
        lxw_error e = worksheet_merge_range(ws, XLSX_ROW_TITLE, 0, XLSX_ROW_TITLE, last, xlsx_text(b, title),
                                            b->look.title);
        /* 12 pt text: a little wider than the cells' 11 pt */
        int lines = xlsx_lines_in(subtitle, total * 11 / 12);
        worksheet_set_row(ws, XLSX_ROW_SUBTITLE, lines > 1 ? lines * 16.0 + 8 : 26, NULL);
        if (!e)
                e = worksheet_merge_range(ws, XLSX_ROW_SUBTITLE, 0, XLSX_ROW_SUBTITLE, last, xlsx_text(b, subtitle),
                                          b->look.subtitle);
        worksheet_set_row(ws, XLSX_ROW_HEADER, header_lines * XLSX_LINE_HEIGHT + 6, NULL);
        for (size_t c = 0; !e && c < n; c++)
                e = worksheet_write_string(ws, XLSX_ROW_HEADER, (lxw_col_t)c, headers[c], b->look.header);
        return e;
}

int xlsx_text_width(const char *s)
{
        return xlsx_text_width_n(s, s ? strlen(s) : 0);
}

int xlsx_text_width_n(const char *s, size_t n)
{
        int w = 0;
        if (!s)
                return 0;
        const unsigned char *end = (const unsigned char *)s + n;
        for (const unsigned char *p = (const unsigned char *)s; p < end && *p;) {
                unsigned cp;
                int len;
                if (*p < 0x80) {
                        cp = *p;
                        len = 1;
                } else if ((*p & 0xE0) == 0xC0) {
                        cp = *p & 0x1F;
                        len = 2;
                } else if ((*p & 0xF0) == 0xE0) {
                        cp = *p & 0x0F;
                        len = 3;
                } else {
                        cp = *p & 0x07;
                        len = 4;
                }
                for (int i = 1; i < len; i++) {
                        if (p + i >= end || (p[i] & 0xC0) != 0x80) {
                                len = i;
                                break;
                        }
                        cp = (cp << 6) | (p[i] & 0x3F);
                }
                p += len;
                if (cp == '\n')
                        continue;
                /* Hangul Jamo, CJK punctuation to Yi, Hangul, compatibility ideographs,
                 * fullwidth forms, the supplementary ideographs */
                bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                            (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                            (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                            (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD) ||
                            cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019 || cp == 0x2014 ||
                            cp == 0x2026;
                w += wide ? 2 : 1;
        }
        return w;
}
