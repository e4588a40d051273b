/* What the XLSX documents share: a workbook in constant-memory mode with its temp files next to
 * the output, texts made safe for the file, the look of the printed tables (title, grey header,
 * bordered cells, numbers with two decimals) and Beijing times as date-times. Internal to src/docs. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xlsxwriter.h>

#define XLSX_LINE_HEIGHT 15.0   /* points per line of 11 pt text */
#define XLSX_ROW_MAX 409.0      /* the tallest row a spreadsheet keeps */

/* The formats of the printed tables: 宋体 11 pt with thin borders, headers in 黑体 on grey. */
struct xlsx_look {
        lxw_format *title;              /* 黑体 16 pt bold, centred */
        lxw_format *subtitle;           /* 宋体 12 pt, left, wrapped: 推荐单位, 生成时间 */
        lxw_format *header;             /* 黑体, bold, grey, wrapped, centred */
        lxw_format *center, *left;      /* wrapped */
        lxw_format *number;             /* 0.00, right */
        lxw_format *integer;            /* 0, centred */
        lxw_format *time;               /* yyyy-mm-dd hh:mm:ss, centred */
        lxw_format *missing;            /* 未提交: grey, centred */
        lxw_format *total_label;        /* bold, centred */
        lxw_format *total_number;       /* bold, 0.00 */
};

/* A workbook being written. Owned by the caller: xlsx_book_close frees what it holds. */
struct xlsx_book {
        lxw_workbook *wb;
        struct xlsx_look look;
        char *tmpdir;
        char *clean;                    /* xlsx_text's scratch */
        size_t clean_size;
};

/* Opens path for writing (constant-memory mode: rows go to temp files next to path, in the order
 * they are written) with the document properties and the formats. 0, -ENOMEM or -EIO. */
int xlsx_book_open(struct xlsx_book *b, const char *path, const char *title, const char *subject);
/* Writes the file (unless error is set) and frees the book; returns 0 or the errno of error, or
 * of closing. Fine on a book that failed to open. */
int xlsx_book_close(struct xlsx_book *b, lxw_error error);

/* s without what the file cannot hold: C0 controls other than tab and line ends (XML 1.0 has no
 * place for them) become spaces, and text past a cell's 32,767 characters is dropped. Returns s
 * itself when it is clean; else scratch that the next call reuses. NULL is "". */
const char *xlsx_text(struct xlsx_book *b, const char *s);
/* The same with its own scratch (*clean, *size), for writers that keep no book. */
const char *xlsx_clean(const char *s, char **clean, size_t *size);

/* Writes a text cell, made safe as above. */
lxw_error xlsx_write_text(struct xlsx_book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s,
                          lxw_format *f);

/* UTC seconds as the Beijing date-time a spreadsheet shows. */
lxw_datetime xlsx_beijing(int64_t t);

/* Lines a text takes in a column `width` units wide (a cell keeps about one unit of padding; CJK
 * counts two units, xlsx_text_width). */
int xlsx_lines_in(const char *s, int width);

/* The rows every printed table starts with, and where its data starts. */
#define XLSX_ROW_TITLE 0
#define XLSX_ROW_SUBTITLE 1
#define XLSX_ROW_HEADER 2
#define XLSX_ROW_FIRST 3

/* The head of a printed table: column widths (units), the title merged over the columns, the
 * subtitle under it (推荐单位…, 生成时间…; as many lines high as it wraps to), the header row
 * (header_lines high), frozen under the header and left of freeze_cols columns; printed A4
 * landscape, one page wide, the header row on every page, "第 x 页 共 y 页" in the footer. */
lxw_error xlsx_table_head(struct xlsx_book *b, lxw_worksheet *ws, const char *title, const char *subtitle,
                          const char *const *headers, const int *widths, size_t n, int header_lines,
                          lxw_col_t freeze_cols);

/* libxlsxwriter's error as a negative errno. */
int xlsx_errno(lxw_error e);

/* Display width of UTF-8 text in spreadsheet column units: CJK and other wide characters count
 * 2, the rest 1. */
int xlsx_text_width(const char *s);
/* The same for the first n bytes of s. */
int xlsx_text_width_n(const char *s, size_t n);
