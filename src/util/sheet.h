/* A spreadsheet read from an upload (XLSX by xlsx_read.h, CSV by csv_read.h): rows of cells as
 * text, numbered as the user sees them, within limits that keep one upload cheap. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

/* Rows with any value, the header included: one import is one province's pool, not a database. */
#define SHEET_MAX_ROWS 5000
/* Columns A..CV; a value further right is refused rather than silently left out. */
#define SHEET_MAX_COLUMNS 100
/* The file (CSV) or its unpacked parts together (XLSX), in MB. */
#define SHEET_MAX_MB 16
#define SHEET_MAX_BYTES ((size_t) SHEET_MAX_MB << 20)

#define SHEET_STR_(x) #x
#define SHEET_STR(x) SHEET_STR_(x)

struct sheet_row {
        uint32_t number;                /* as the spreadsheet shows it: 1 = the first row */
        size_t n_cells;
        const char **cells;             /* cells[0] is column A; NULL for an empty cell */
        size_t cells_alloc;             /* the reader's */
};

/* Owns everything through its arena; sheet_free frees it all. */
struct sheet {
        size_t n_rows;
        struct sheet_row *rows;         /* in the file's order; rows without any value left out */
        size_t rows_alloc;              /* the reader's */
        struct arena *arena;
};

void sheet_free(struct sheet *s);

/* The text of column col (0 = A) of a row, or NULL when the cell is empty or absent. */
const char *sheet_cell(const struct sheet_row *r, size_t col);

/* "A", "B", …, "Z", "AA": buf >= 8 bytes. */
char *sheet_column_name(size_t col, char *buf);

/* For the readers: a new sheet, then rows begun and ended in order with their cells set between.
 * sheet_cell_set ignores empty text and returns -E2BIG for a value beyond SHEET_MAX_COLUMNS;
 * sheet_row_end drops a row without values and returns -E2BIG past SHEET_MAX_ROWS rows. */
struct sheet *sheet_new(void);
void sheet_row_begin(struct sheet *s, uint32_t number);
int sheet_cell_set(struct sheet *s, size_t col, const char *text, size_t len);
int sheet_row_end(struct sheet *s);
