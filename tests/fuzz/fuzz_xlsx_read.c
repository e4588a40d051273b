/* xlsx_read on three kinds of input, by the first byte:
 *   0: the bytes are the file (a zip, or not);
 *   1: the bytes are the first sheet's XML (and, after a NUL, the shared strings'), packed into an
 *      otherwise valid workbook;
 *   2: the bytes are a grid of texts (rows split by 0x1E, cells by 0x1F), written by the harness
 *      as a sheet — half the cells as shared strings, half inline — and read back: every text
 *      must come back exactly, in its row and column.
 * Always: a sheet it returns keeps sheet.h's promises (rows increasing and non-empty, cells
 * within the limits, text UTF-8), a refusal comes with a readable message and *ret untouched. */
#include <errno.h>
#include <zip.h>

#include "fuzz_common.h"
#include "util/buf.h"
#include "util/xlsx_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

static const char workbook[] =
        "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><sheets>"
        "<sheet name=\"s\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels[] =
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
        "<Relationship Id=\"rId2\" Type=\"" NS_REL "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        "</Relationships>";

/* A zip of the workbook, its relationships, the sheet and (when not NULL) the shared strings,
 * built in memory; malloc'd, *n its size. */
static unsigned char *zip_in_memory(const char *sheet, size_t sheet_len, const char *strings,
                                    size_t strings_len, size_t *n)
{
        const char *names[] = { "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml" };
        const char *texts[] = { workbook, rels, sheet, strings };
        size_t lens[] = { sizeof workbook - 1, sizeof rels - 1, sheet_len, strings_len };
        zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, NULL);
        unsigned char *out = NULL;
        zip_t *z;

        FUZZ_CHECK(src, "zip_source_buffer_create");
        zip_source_keep(src);
        z = zip_open_from_source(src, ZIP_TRUNCATE, NULL);
        FUZZ_CHECK(z, "zip_open_from_source");
        for (size_t i = 0; i < 4; i++) {
                zip_source_t *part;

                if (!texts[i])
                        continue;
                part = zip_source_buffer(z, texts[i], lens[i], 0);
                FUZZ_CHECK(part && zip_file_add(z, names[i], part, 0) >= 0, "zip_file_add");
        }
        FUZZ_CHECK(zip_close(z) == 0, "zip_close");
        FUZZ_CHECK(zip_source_open(src) == 0, "zip_source_open");
        zip_source_seek(src, 0, SEEK_END);
        *n = (size_t) zip_source_tell(src);
        zip_source_seek(src, 0, SEEK_SET);
        out = malloc(*n ? *n : 1);
        FUZZ_CHECK(out && zip_source_read(src, out, *n) == (zip_int64_t) *n, "zip_source_read");
        zip_source_close(src);
        zip_source_free(src);
        return out;
}

static void check_sheet(const struct sheet *s)
{
        uint32_t last = 0;

        FUZZ_CHECK(s->n_rows <= SHEET_MAX_ROWS, "%zu rows", s->n_rows);
        for (size_t i = 0; i < s->n_rows; i++) {
                const struct sheet_row *r = &s->rows[i];

                FUZZ_CHECK(r->number > last && r->number <= 1048576, "row %u after %u", r->number, last);
                last = r->number;
                FUZZ_CHECK(r->n_cells > 0 && r->n_cells <= SHEET_MAX_COLUMNS, "row %u: %zu cells",
                           r->number, r->n_cells);
                FUZZ_CHECK(r->cells[r->n_cells - 1], "row %u ends with an empty cell", r->number);
                for (size_t c = 0; c < r->n_cells; c++) {
                        const char *t = r->cells[c];

                        FUZZ_CHECK(!t || fuzz_utf8_ref_count((const unsigned char *) t, strlen(t)) > 0,
                                   "row %u column %zu: empty or not UTF-8", r->number, c);
                }
        }
}

/* Returns the sheet, or NULL after checking the refusal. */
static struct sheet *read_checked(const unsigned char *data, size_t n)
{
        struct sheet *s = (struct sheet *) 0x1;
        const char *err = NULL;
        int r = xlsx_read(data, n, &s, &err);

        if (r < 0) {
                FUZZ_CHECK(s == (struct sheet *) 0x1, "*ret written on failure");
                FUZZ_CHECK(err && *err && fuzz_utf8_ref_count((const unsigned char *) err, strlen(err)) > 0,
                           "refused without a readable message");
                return NULL;
        }
        FUZZ_CHECK(r == 0 && s && s != (struct sheet *) 0x1, "xlsx_read returned %d", r);
        check_sheet(s);
        return s;
}

/* XML text for any UTF-8 text: the five escapes, and CR as a reference (a parser turns a literal
 * CR into LF). */
static void put_escaped(struct buf *b, const char *s, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                switch (s[i]) {
                case '&': buf_puts(b, "&amp;"); break;
                case '<': buf_puts(b, "&lt;"); break;
                case '>': buf_puts(b, "&gt;"); break;
                case '"': buf_puts(b, "&quot;"); break;
                case '\r': buf_puts(b, "&#13;"); break;
                default: buf_append(b, &s[i], 1); break;
                }
        }
}

static void column_name(size_t col, char *out)
{
        char rev[8];
        size_t n = 0;

        for (col++; col > 0; col = (col - 1) / 26)
                rev[n++] = (char) ('A' + (col - 1) % 26);
        for (size_t i = 0; i < n; i++)
                out[i] = rev[n - 1 - i];
        out[n] = '\0';
}

/* Mode 2. The texts are made XML-safe first: C0 controls other than tab, LF and CR, and the
 * non-characters U+FFFE and U+FFFF, become spaces. */
static void round_trip(const uint8_t *data, size_t size)
{
        char *text = fuzz_strndup(data, size);
        struct buf sheet = BUF_INIT(0), strings = BUF_INIT(0);
        size_t n_strings = 0, row = 0, col = 0, max_col = 0, start = 0, zn;
        unsigned char *zip;
        struct sheet *s;
        size_t rows_written = 0;
        bool row_open = false, too_wide = false;

        if (fuzz_utf8_ref_count(data, size) < 0) {
                free(text);
                return;
        }
        for (size_t i = 0; i < size; i++) {
                unsigned char c = (unsigned char) text[i];

                if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x1E && c != 0x1F)
                        text[i] = ' ';
                if (c == 0xEF && i + 2 < size && (unsigned char) text[i + 1] == 0xBF &&
                    ((unsigned char) text[i + 2] & 0xFE) == 0xBE)
                        memset(text + i, ' ', 3);
        }
        buf_puts(&sheet, "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>");
        for (size_t i = 0; i <= size; i++) {
                bool end_cell = i == size || text[i] == 0x1E || text[i] == 0x1F;

                if (!end_cell)
                        continue;
                if (i > start) {
                        char ref[16];

                        column_name(col, ref);
                        if (!row_open) {
                                buf_printf(&sheet, "<row r=\"%zu\">", row + 1);
                                rows_written++;
                        }
                        row_open = true;
                        if (col >= SHEET_MAX_COLUMNS)
                                too_wide = true;
                        if (col > max_col)
                                max_col = col;
                        if (col % 2 == 0) {
                                buf_printf(&sheet, "<c r=\"%s%zu\" t=\"s\"><v>%zu</v></c>", ref, row + 1,
                                           n_strings++);
                                buf_puts(&strings, "<si><t xml:space=\"preserve\">");
                                put_escaped(&strings, text + start, i - start);
                                buf_puts(&strings, "</t></si>");
                        } else {
                                buf_printf(&sheet, "<c r=\"%s%zu\" t=\"inlineStr\"><is><t>", ref, row + 1);
                                put_escaped(&sheet, text + start, i - start);
                                buf_puts(&sheet, "</t></is></c>");
                        }
                }
                col++;
                if (i == size || text[i] == 0x1E) {
                        if (row_open)
                                buf_puts(&sheet, "</row>");
                        row_open = false;
                        row++;
                        col = 0;
                }
                start = i + 1;
        }
        buf_puts(&sheet, "</sheetData></worksheet>");
        {
                struct buf sst = BUF_INIT(0);

                buf_printf(&sst, "<sst xmlns=\"" NS_MAIN "\">%s</sst>", strings.data ? strings.data : "");
                zip = zip_in_memory(sheet.data, sheet.len, sst.data, sst.len, &zn);
                buf_free(&sst);
        }
        s = read_checked(zip, zn);
        if (too_wide || rows_written > SHEET_MAX_ROWS) {
                FUZZ_CHECK(!s, "%zu rows, a text in column %zu, not refused", rows_written, max_col + 1);
                free(zip);
                buf_free(&sheet);
                buf_free(&strings);
                free(text);
                sheet_free(s);
                return;
        }
        FUZZ_CHECK(s, "a sheet of %zu rows, %zu columns written by the harness was refused", row,
                   max_col + 1);
        /* every text back, in its place */
        row = col = 0, start = 0;
        {
                size_t ri = 0;
                bool seen = false;

                for (size_t i = 0; i <= size; i++) {
                        if (!(i == size || text[i] == 0x1E || text[i] == 0x1F))
                                continue;
                        if (i > start) {
                                const struct sheet_row *r;
                                const char *got;

                                FUZZ_CHECK(ri < s->n_rows, "row %zu missing", row + 1);
                                r = &s->rows[ri];
                                FUZZ_CHECK(r->number == row + 1, "row %u where %zu was written",
                                           r->number, row + 1);
                                got = sheet_cell(r, col);
                                FUZZ_CHECK(got && strlen(got) == i - start &&
                                                   memcmp(got, text + start, i - start) == 0,
                                           "cell %zu,%zu: \"%s\" for %zu bytes written", row + 1,
                                           col, got ? got : "(none)", i - start);
                                seen = true;
                        }
                        col++;
                        if (i == size || text[i] == 0x1E) {
                                if (seen)
                                        ri++;
                                seen = false;
                                row++;
                                col = 0;
                        }
                        start = i + 1;
                }
                FUZZ_CHECK(ri == s->n_rows, "%zu rows read, %zu written", s->n_rows, ri);
        }
        sheet_free(s);
        free(zip);
        buf_free(&sheet);
        buf_free(&strings);
        free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        unsigned char *zip;
        const uint8_t *nul;
        size_t zn;

        if (size == 0)
                return 0;
        switch (data[0] % 3) {
        case 0:
                sheet_free(read_checked(data + 1, size - 1));
                break;
        case 1:
                nul = memchr(data + 1, '\0', size - 1);
                zip = nul ? zip_in_memory((const char *) data + 1, (size_t) (nul - data - 1),
                                          (const char *) nul + 1, size - (size_t) (nul - data) - 1, &zn)
                          : zip_in_memory((const char *) data + 1, size - 1, NULL, 0, &zn);
                sheet_free(read_checked(zip, zn));
                free(zip);
                break;
        case 2:
                round_trip(data + 1, size - 1);
                break;
        }
        return 0;
}
