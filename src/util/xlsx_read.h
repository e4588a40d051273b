/* Reading the first worksheet of an uploaded XLSX file (an Office Open XML zip) from memory:
 * every cell as the text Excel stores, within sheet.h's limits. Pure: no files, no formatting.
 *
 * Cells: shared strings (rich text runs joined, phonetic runs left out), inline strings, numbers as
 * written in the file ("13912345678", "44986", "0.5"), booleans as TRUE / FALSE, formula cells as
 * their cached value, error values as written ("#N/A"). Dates are numbers (Excel's serial days:
 * see xlsx_serial_days); number formats are not applied. */
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "util/sheet.h"

/* A part that unpacks to more than this many times its packed size, past XLSX_RATIO_FLOOR bytes,
 * is a zip bomb: real sheets pack 5–30 to 1. */
#define XLSX_MAX_RATIO 100
#define XLSX_RATIO_FLOOR ((size_t) 1 << 20)

/* Returns 0 and *ret (the caller frees it with sheet_free), or a negative errno and *ret_error: a
 * static Chinese message for the user ("文件不是有效的 XLSX 文件…", "文件解压后超过 16 MB…",
 * "…疑似压缩炸弹…", "表格超过 5000 行…"). *ret is untouched on failure. */
int xlsx_read(const void *data, size_t n, struct sheet **ret, const char **ret_error);

/* Excel's serial day (1900 date system: 1 = 1900-01-01, 61 = 1900-03-01; 60 is the 1900-02-29
 * that never was) as days since 1970-01-01. -EINVAL outside 1..2958465 (9999-12-31) and for 60. */
int xlsx_serial_days(long serial, int32_t *ret_days);
