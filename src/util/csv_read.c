#include "util/csv_read.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/utf8.h"

#define E_TOO_BIG "文件超过 " SHEET_STR(SHEET_MAX_MB) " MB，请分批导入"
#define E_BINARY "文件不是文本格式的 CSV，请上传 .xlsx 或另存为 CSV（逗号分隔）"
#define E_ENCODING "CSV 文件的编码无法识别，请另存为“CSV UTF-8（逗号分隔）”后再上传"
#define E_QUOTE "CSV 文件中有未闭合的引号（某个以 \" 开始的单元格没有结束的 \"）"
#define E_ROWS "表格超过 " SHEET_STR(SHEET_MAX_ROWS) " 行（含表头），请分批导入"
#define E_COLUMNS "表格超过 " SHEET_STR(SHEET_MAX_COLUMNS) " 列，请只保留模板中的列"
#define E_MEMORY "服务器内存不足，无法读取文件"

/* The GB18030 text as UTF-8 in a new malloc'd buffer (*ret_len bytes), or NULL when it is not
 * GB18030 either. A GB18030 character is 1, 2 or 4 bytes and its UTF-8 at most 3, 3 or 4: the
 * result is never longer than 3/2 of the input. */
static char *from_gb18030(const char *in, size_t n, size_t *ret_len)
{
        iconv_t cd = iconv_open("UTF-8", "GB18030");
        size_t cap = n / 2 * 3 + 8, left_in = n, left_out = cap;
        char *out, *src = (char *) in, *dst;

        if (cd == (iconv_t) -1)
                return NULL;
        out = malloc(cap);
        dst = out;
        if (out && (iconv(cd, &src, &left_in, &dst, &left_out) == (size_t) -1 ||
                    iconv(cd, NULL, NULL, &dst, &left_out) == (size_t) -1)) {
                free(out);
                out = NULL;
        }
        iconv_close(cd);
        if (out)
                *ret_len = cap - left_out;
        return out;
}

struct parse {
        struct sheet *sheet;
        struct buf field;
        size_t col;
        uint32_t record;
        bool quoted;                    /* the field began with a quote, still open */
        bool in_record;                 /* something of the current record has been read */
};

static int end_field(struct parse *p)
{
        int r = sheet_cell_set(p->sheet, p->col, p->field.data ? p->field.data : "", p->field.len);

        buf_reset(&p->field);
        p->col++;
        return r;
}

static int end_record(struct parse *p)
{
        int r = end_field(p);

        if (r < 0)
                return r;
        p->col = 0;
        p->in_record = false;
        return sheet_row_end(p->sheet) < 0 ? -E2BIG : 0;
}

static void begin_record(struct parse *p)
{
        if (p->in_record)
                return;
        p->in_record = true;
        sheet_row_begin(p->sheet, ++p->record);
}

/* The records of UTF-8 text s[0..n). */
static int parse(struct parse *p, const char *s, size_t n, const char **ret_error)
{
        int r = 0;

        for (size_t i = 0; i < n && r == 0; i++) {
                char c = s[i];

                begin_record(p);
                if (p->quoted) {
                        if (c != '"')
                                r = buf_append(&p->field, &c, 1);
                        else if (i + 1 < n && s[i + 1] == '"')
                                r = buf_append(&p->field, &s[i++], 1);
                        else
                                p->quoted = false;      /* what follows is read as it comes */
                } else if (c == '"' && p->field.len == 0) {
                        p->quoted = true;
                } else if (c == ',') {
                        r = end_field(p);
                } else if (c == '\n' || c == '\r') {
                        if (c == '\r' && i + 1 < n && s[i + 1] == '\n')
                                i++;
                        r = end_record(p);
                } else {
                        r = buf_append(&p->field, &c, 1);
                }
        }
        if (r == 0 && p->quoted) {
                *ret_error = E_QUOTE;
                return -EINVAL;
        }
        if (r == 0 && p->in_record)
                r = end_record(p);
        if (r == -E2BIG)
                *ret_error = p->col > SHEET_MAX_COLUMNS ? E_COLUMNS : E_ROWS;
        else if (r < 0)
                *ret_error = E_MEMORY;
        return r;
}

int csv_read(const void *data, size_t n, struct sheet **ret, const char **ret_error)
{
        const char *s = n ? data : "";
        char *converted = NULL;
        struct parse p = { .field = BUF_INIT(0) };
        int r;

        if (n > SHEET_MAX_BYTES) {
                *ret_error = E_TOO_BIG;
                return -E2BIG;
        }
        if (memchr(s, '\0', n)) {
                *ret_error = E_BINARY;
                return -EINVAL;
        }
        if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
                s += 3;
                n -= 3;
        }
        if (!utf8_valid(s, n)) {
                converted = from_gb18030(s, n, &n);
                if (!converted) {
                        *ret_error = E_ENCODING;
                        return -EINVAL;
                }
                s = converted;
                if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {     /* GB18030's own BOM */
                        s += 3;
                        n -= 3;
                }
        }
        p.sheet = sheet_new();
        r = parse(&p, s, n, ret_error);
        buf_free(&p.field);
        free(converted);
        if (r < 0) {
                sheet_free(p.sheet);
                return r;
        }
        *ret = p.sheet;
        return 0;
}
