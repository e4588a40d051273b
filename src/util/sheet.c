#include "util/sheet.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sheet *sheet_new(void)
{
        struct arena *a = arena_new();
        struct sheet *s = arena_alloc(a, sizeof *s);

        s->arena = a;
        return s;
}

void sheet_free(struct sheet *s)
{
        if (s)
                arena_free(s->arena);
}

const char *sheet_cell(const struct sheet_row *r, size_t col)
{
        return r && col < r->n_cells ? r->cells[col] : NULL;
}

char *sheet_column_name(size_t col, char *buf)
{
        char rev[8];
        size_t n = 0;

        /* bijective base 26: A..Z, AA.. */
        col++;
        while (col > 0 && n < sizeof rev - 1) {
                col--;
                rev[n++] = (char) ('A' + col % 26);
                col /= 26;
        }
        for (size_t i = 0; i < n; i++)
                buf[i] = rev[n - 1 - i];
        buf[n] = '\0';
        return buf;
}

void sheet_row_begin(struct sheet *s, uint32_t number)
{
        struct sheet_row *r = arena_push(s->arena, (void **) &s->rows, &s->n_rows, &s->rows_alloc,
                                         sizeof *s->rows);

        r->number = number;
}

int sheet_cell_set(struct sheet *s, size_t col, const char *text, size_t len)
{
        struct sheet_row *r;

        if (len == 0 || s->n_rows == 0)
                return 0;
        if (col >= SHEET_MAX_COLUMNS)
                return -E2BIG;
        r = &s->rows[s->n_rows - 1];
        while (r->n_cells <= col)
                arena_push(s->arena, (void **) &r->cells, &r->n_cells, &r->cells_alloc,
                           sizeof *r->cells);
        r->cells[col] = arena_strndup(s->arena, text, len);
        return 0;
}

int sheet_row_end(struct sheet *s)
{
        if (s->n_rows == 0)
                return 0;
        if (s->rows[s->n_rows - 1].n_cells == 0) {
                s->n_rows--;    /* its slot is reused by the next row */
                memset(&s->rows[s->n_rows], 0, sizeof s->rows[s->n_rows]);
                return 0;
        }
        return s->n_rows > SHEET_MAX_ROWS ? -E2BIG : 0;
}
