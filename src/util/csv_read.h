/* Reading an uploaded CSV file into a sheet (sheet.h): RFC 4180 quoting, records numbered as a
 * spreadsheet numbers its rows. Chinese Excel saves "CSV" in GBK, so text that is not UTF-8 is
 * read as GB18030 (a superset of GBK and GB2312). Pure. */
#pragma once
#include <stddef.h>

#include "util/sheet.h"

/* Fields separated by commas; records end at CRLF, LF or CR; a field that starts with a double
 * quote runs to the closing quote, "" inside it being one quote, and may hold commas and line
 * breaks. A UTF-8 (or GB18030) byte order mark is skipped. Returns 0 and *ret (free it with
 * sheet_free), or a negative errno and a static Chinese message in *ret_error (the file is too
 * big, has NUL bytes, is in neither encoding, an opening quote is never closed, too many rows or
 * columns); *ret untouched on failure. */
int csv_read(const void *data, size_t n, struct sheet **ret, const char **ret_error);
