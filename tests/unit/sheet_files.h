/* Building real spreadsheet files in a test: XLSX by libxlsxwriter (what Excel users' files look
 * like, shared strings and all), hand-made zips by libzip, both read back into memory. */
#pragma once
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>
#include <zip.h>

/* The whole file, malloc'd; *n its size. Removes the file. */
static inline unsigned char *slurp_and_remove(const char *path, size_t *n)
{
        FILE *f = path ? fopen(path, "rb") : NULL;
        unsigned char *data;
        long len;

        *n = 0;
        if (!f)
                return NULL;
        fseek(f, 0, SEEK_END);
        len = ftell(f);
        fseek(f, 0, SEEK_SET);
        data = malloc((size_t) len + 1);
        if (data && fread(data, 1, (size_t) len, f) != (size_t) len) {
                free(data);
                data = NULL;
        }
        fclose(f);
        unlink(path);
        *n = (size_t) len;
        return data;
}

static inline char *temp_path(const char *suffix)
{
        static char path[256];
        int fd;

        snprintf(path, sizeof path, "%s/shenbao-test-XXXXXX%s",
                 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", suffix);
        fd = mkstemps(path, (int) strlen(suffix));
        if (fd < 0)
                return NULL;
        close(fd);
        return path;
}

/* A workbook of one sheet "专家" from n_rows × n_cols strings in row order (NULL cells are left
 * empty): shared strings, as Excel writes them; constant_memory writes inline strings instead. */
static inline unsigned char *xlsx_of_cells(const char *const *cells, size_t n_rows, size_t n_cols,
                                           bool constant_memory, size_t *n)
{
        char *path = temp_path(".xlsx");
        lxw_workbook_options opt = { .constant_memory = constant_memory };
        lxw_workbook *wb = workbook_new_opt(path, &opt);
        lxw_worksheet *ws = workbook_add_worksheet(wb, "专家");

        *n = 0;
        for (size_t r = 0; r < n_rows; r++)
                for (size_t c = 0; c < n_cols; c++)
                        if (cells[r * n_cols + c])
                                worksheet_write_string(ws, (lxw_row_t) r, (lxw_col_t) c,
                                                       cells[r * n_cols + c], NULL);
        if (workbook_close(wb) != LXW_NO_ERROR)
                return NULL;
        return slurp_and_remove(path, n);
}

/* A zip of the given parts (name, content pairs; NULL name ends), deflated, or stored when
 * store is true. */
static inline unsigned char *zip_of_parts(const char *const *parts, bool store, size_t *n)
{
        char *path = temp_path(".zip");
        int err;
        zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);

        *n = 0;
        if (!z)
                return NULL;
        for (size_t i = 0; parts[i]; i += 2) {
                zip_source_t *src = zip_source_buffer(z, parts[i + 1], strlen(parts[i + 1]), 0);
                zip_int64_t idx = zip_file_add(z, parts[i], src, ZIP_FL_ENC_UTF_8);

                if (idx < 0)
                        return NULL;
                zip_set_file_compression(z, (zip_uint64_t) idx, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0);
        }
        if (zip_close(z) < 0)
                return NULL;
        return slurp_and_remove(path, n);
}
