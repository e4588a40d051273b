#include "util/xlsx_read.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>
#include <zip.h>

#include "util/buf.h"

#define E_NOT_ZIP "文件不是有效的 XLSX 文件（无法作为 ZIP 压缩包打开），请用 Excel 或 WPS 另存为 .xlsx 后再上传"
#define E_NO_WORKBOOK "文件不是有效的 XLSX 文件（缺少工作簿 xl/workbook.xml）"
#define E_NO_SHEET "XLSX 文件中找不到第一个工作表"
#define E_CORRUPT "XLSX 文件已损坏，无法读取"
#define E_XML "XLSX 文件已损坏（XML 格式错误）"
#define E_DTD "XLSX 文件含有不允许的 DTD 声明"
#define E_TOO_BIG "文件解压后超过 " SHEET_STR(SHEET_MAX_MB) " MB，请分批导入"
#define E_BOMB "文件的压缩比异常（疑似压缩炸弹），已拒绝"
#define E_ROWS "表格超过 " SHEET_STR(SHEET_MAX_ROWS) " 行（含表头），请分批导入"
#define E_COLUMNS "表格超过 " SHEET_STR(SHEET_MAX_COLUMNS) " 列，请只保留模板中的列"
#define E_CELL "表格中有单元格内容过长"
#define E_STRINGS "XLSX 文件的共享字符串过多"

/* Excel's own limits: 32,767 characters in a cell (4 bytes each at most), 1,048,576 rows. */
#define CELL_MAX_BYTES (32767 * 4)
#define EXCEL_MAX_ROW 1048576u
#define EXCEL_MAX_COLUMN 16384u                /* XFD */
/* Every shared string may be used at most once per cell of the largest sheet we accept. */
#define STRINGS_MAX ((size_t) SHEET_MAX_ROWS * SHEET_MAX_COLUMNS)

/* Namespaced names come from expat as "uri|local"; unprefixed attributes as "local". */
#define NS_SEP '|'

struct reader {
        zip_t *zip;
        size_t budget;                  /* bytes still allowed to unpack, all parts together */
        const char *error;              /* the first failure's message */
        struct sheet *sheet;            /* allocations for the whole read live in its arena */
};

static int fail(struct reader *rd, const char *msg)
{
        if (!rd->error)
                rd->error = msg;
        return -EINVAL;
}

static const char *local_name(const char *name)
{
        const char *p = strrchr(name, NS_SEP);

        return p ? p + 1 : name;
}

/* The value of the attribute with this local name; with_ns: only a namespaced one (r:id), else
 * only an unprefixed one (Id, Target, r, t). */
static const char *attr(const XML_Char **atts, const char *local, bool with_ns)
{
        for (size_t i = 0; atts[i]; i += 2) {
                const char *sep = strrchr(atts[i], NS_SEP);

                if ((sep != NULL) == with_ns && strcmp(sep ? sep + 1 : atts[i], local) == 0)
                        return atts[i + 1];
        }
        return NULL;
}

/* ---- one part through expat ---------------------------------------------------------------- */

/* The text of <t> elements (shared and inline strings) and of <v> (a cell's value). */
struct text {
        struct buf buf;
        bool on;                        /* inside an element whose text is the value */
        int phonetic;                   /* inside <rPh>: ruby text, not part of the value */
};

/* The first member of every part's parse state: handlers get the state as their user data and
 * find the reader, the parser and the text through it. */
struct part {
        struct reader *rd;
        XML_Parser p;
        struct text t;
};

/* Stops the parser with a message: a handler's way out. */
static void stop(struct part *part, const char *msg)
{
        fail(part->rd, msg);
        XML_StopParser(part->p, XML_FALSE);
}

static void XMLCALL text_chars(void *data, const XML_Char *s, int len)
{
        struct part *part = data;

        if (!part->t.on)
                return;
        if (buf_append(&part->t.buf, s, (size_t) len) < 0)
                stop(part, E_CELL);
}

static bool bomb(uint64_t unpacked, uint64_t packed)
{
        return unpacked > XLSX_RATIO_FLOOR && unpacked / (packed ? packed : 1) > XLSX_MAX_RATIO;
}

/* A DTD could declare entities (billion laughs) or pull in external ones; OOXML parts never have one. */
static void XMLCALL on_doctype(void *data, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
        struct part *part = data;

        (void) name, (void) sysid, (void) pubid, (void) has_internal_subset;
        stop(part, E_DTD);
}

/* A parser for the part whose state begins with `part`. */
static XML_Parser parser_new(struct part *part, struct reader *rd)
{
        XML_Parser p = XML_ParserCreateNS("UTF-8", NS_SEP);

        if (!p)
                return NULL;
        part->rd = rd;
        part->p = p;
        XML_SetUserData(p, part);
        XML_SetStartDoctypeDeclHandler(p, on_doctype);
        return p;
}

/* Streams the part through p, counting what it unpacks against the budget and the packed size:
 * the sizes in the zip's directory are what the file claims, the bytes read are what it is.
 * -ENOENT (no message) when the part does not exist. */
static int parse_part(struct reader *rd, const char *name, XML_Parser p)
{
        zip_int64_t idx = zip_name_locate(rd->zip, name, ZIP_FL_NOCASE);
        uint64_t packed = 0, got = 0;
        zip_file_t *f;
        zip_stat_t st;
        char chunk[32768];
        int r = 0;

        if (idx < 0)
                return -ENOENT;
        zip_stat_init(&st);
        if (zip_stat_index(rd->zip, (zip_uint64_t) idx, 0, &st) < 0)
                return fail(rd, E_CORRUPT);
        if (st.valid & ZIP_STAT_COMP_SIZE)
                packed = st.comp_size;
        if (st.valid & ZIP_STAT_SIZE) {
                if (st.size > rd->budget)
                        return fail(rd, E_TOO_BIG);
                if (bomb(st.size, packed))
                        return fail(rd, E_BOMB);
        }
        f = zip_fopen_index(rd->zip, (zip_uint64_t) idx, 0);
        if (!f)
                return fail(rd, E_CORRUPT);
        for (;;) {
                zip_int64_t n = zip_fread(f, chunk, sizeof chunk);

                if (n < 0) {
                        r = fail(rd, E_CORRUPT);
                        break;
                }
                got += (uint64_t) n;
                if (got > rd->budget) {
                        r = fail(rd, E_TOO_BIG);
                        break;
                }
                if (bomb(got, packed)) {
                        r = fail(rd, E_BOMB);
                        break;
                }
                if (XML_Parse(p, chunk, (int) n, n == 0) != XML_STATUS_OK) {
                        r = fail(rd, E_XML);   /* a handler's own message came first */
                        break;
                }
                if (rd->error) {
                        r = -EINVAL;
                        break;
                }
                if (n == 0)
                        break;
        }
        zip_fclose(f);
        rd->budget -= got < rd->budget ? (size_t) got : rd->budget;
        return r;
}

/* ---- workbook and its relationships -------------------------------------------------------- */

struct workbook {
        struct part part;
        const char *sheet_rid;          /* r:id of the first <sheet> */
};

static void XMLCALL workbook_start(void *data, const XML_Char *name, const XML_Char **atts)
{
        struct workbook *w = data;
        const char *rid;

        if (w->sheet_rid || strcmp(local_name(name), "sheet") != 0)
                return;
        rid = attr(atts, "id", true);
        if (rid)
                w->sheet_rid = arena_strdup(w->part.rd->sheet->arena, rid);
}

struct rels {
        struct part part;
        const char *sheet_rid;
        const char *sheet_target, *strings_target;
};

static bool ends_with(const char *s, const char *suffix)
{
        size_t n = strlen(s), k = strlen(suffix);

        return n >= k && strcmp(s + n - k, suffix) == 0;
}

static void XMLCALL rels_start(void *data, const XML_Char *name, const XML_Char **atts)
{
        struct rels *r = data;
        const char *id, *type, *target;

        if (strcmp(local_name(name), "Relationship") != 0)
                return;
        id = attr(atts, "Id", false);
        type = attr(atts, "Type", false);
        target = attr(atts, "Target", false);
        if (!target)
                return;
        if (!r->sheet_target && id && r->sheet_rid && strcmp(id, r->sheet_rid) == 0)
                r->sheet_target = arena_strdup(r->part.rd->sheet->arena, target);
        if (!r->strings_target && type && ends_with(type, "/sharedStrings"))
                r->strings_target = arena_strdup(r->part.rd->sheet->arena, target);
}

/* A target of xl/_rels/workbook.xml.rels as a name in the zip: relative to xl/, or absolute. */
static const char *part_name(struct reader *rd, const char *target)
{
        if (target[0] == '/')
                return target + 1;
        while (strncmp(target, "./", 2) == 0)
                target += 2;
        return arena_printf(rd->sheet->arena, "xl/%s", target);
}

/* ---- shared strings ------------------------------------------------------------------------ */

struct strings {
        struct part part;
        bool in_si;
        const char **v;
        size_t n, alloc;
};

static void XMLCALL strings_start(void *data, const XML_Char *name, const XML_Char **atts)
{
        struct strings *s = data;
        const char *l = local_name(name);

        (void) atts;
        if (strcmp(l, "si") == 0) {
                s->in_si = true;
                s->part.t.phonetic = 0;
                buf_reset(&s->part.t.buf);
        } else if (strcmp(l, "rPh") == 0)
                s->part.t.phonetic++;
        else if (strcmp(l, "t") == 0 && s->in_si && s->part.t.phonetic == 0)
                s->part.t.on = true;
}

static void XMLCALL strings_end(void *data, const XML_Char *name)
{
        struct strings *s = data;
        const char *l = local_name(name);

        if (strcmp(l, "t") == 0)
                s->part.t.on = false;
        else if (strcmp(l, "rPh") == 0 && s->part.t.phonetic > 0)
                s->part.t.phonetic--;
        else if (strcmp(l, "si") == 0 && s->in_si) {
                s->in_si = false;
                if (s->n >= STRINGS_MAX) {
                        stop(&s->part, E_STRINGS);
                        return;
                }
                *(const char **) arena_push(s->part.rd->sheet->arena, (void **) &s->v, &s->n,
                                            &s->alloc, sizeof *s->v) =
                        arena_strndup(s->part.rd->sheet->arena, s->part.t.buf.data ? s->part.t.buf.data : "",
                                      s->part.t.buf.len);
        }
}

/* ---- the worksheet ------------------------------------------------------------------------- */

struct cells {
        struct part part;
        const char **strings;
        size_t n_strings;
        bool in_row, in_cell, in_is;
        uint32_t row;                   /* the current or last row's number */
        size_t col, next_col;
        char type[16];                  /* the cell's t attribute: s, b, inlineStr, str, e, n, d */
};

/* "C5" → column 2; false for a reference that is not letters then digits, or beyond XFD. */
static bool cell_column(const char *ref, size_t *ret)
{
        size_t col = 0, letters = 0;

        for (; *ref >= 'A' && *ref <= 'Z'; ref++, letters++) {
                if (letters == 3)
                        return false;   /* beyond XFD */
                col = col * 26 + (size_t) (*ref - 'A' + 1);
        }
        if (letters == 0 || col > EXCEL_MAX_COLUMN || *ref < '1' || *ref > '9')
                return false;
        *ret = col - 1;
        return true;
}

static bool row_number(const char *s, uint32_t *ret)
{
        uint32_t n = 0;

        if (!s || *s < '1' || *s > '9')
                return false;
        for (; *s; s++) {
                if (*s < '0' || *s > '9' || n > EXCEL_MAX_ROW)
                        return false;
                n = n * 10 + (uint32_t) (*s - '0');
        }
        if (n > EXCEL_MAX_ROW)
                return false;
        *ret = n;
        return true;
}

static void XMLCALL cells_start(void *data, const XML_Char *name, const XML_Char **atts)
{
        struct cells *c = data;
        const char *l = local_name(name);

        if (strcmp(l, "row") == 0) {
                const char *r = attr(atts, "r", false);
                uint32_t number = c->row + 1;

                if (r && !row_number(r, &number)) {
                        stop(&c->part, E_CORRUPT);
                        return;
                }
                /* rows may skip, never go back: a row number twice would be two rows to the user */
                if (number <= c->row || number > EXCEL_MAX_ROW) {
                        stop(&c->part, E_CORRUPT);
                        return;
                }
                c->row = number;
                c->in_row = true;
                c->next_col = 0;
                sheet_row_begin(c->part.rd->sheet, number);
        } else if (strcmp(l, "c") == 0 && c->in_row) {
                const char *r = attr(atts, "r", false);
                const char *t = attr(atts, "t", false);

                c->col = c->next_col;
                if (r && !cell_column(r, &c->col)) {
                        stop(&c->part, E_CORRUPT);
                        return;
                }
                snprintf(c->type, sizeof c->type, "%s", t ? t : "n");
                c->in_cell = true;
                c->in_is = false;
                c->part.t.phonetic = 0;
                buf_reset(&c->part.t.buf);
        } else if (!c->in_cell) {
                return;
        } else if (strcmp(l, "v") == 0 && !c->in_is) {
                c->part.t.on = true;
        } else if (strcmp(l, "is") == 0) {
                c->in_is = true;
        } else if (strcmp(l, "rPh") == 0) {
                c->part.t.phonetic++;
        } else if (strcmp(l, "t") == 0 && c->in_is && c->part.t.phonetic == 0) {
                c->part.t.on = true;
        }
}

/* The cell's text by its type; NULL when the file is wrong. */
static const char *cell_value(struct cells *c)
{
        const char *v = c->part.t.buf.data ? c->part.t.buf.data : "";

        if (strcmp(c->type, "s") == 0) {
                char *end;
                unsigned long i;

                if (*v < '0' || *v > '9')
                        return *v ? NULL : "";  /* <c t="s"/> without a value is empty */
                i = strtoul(v, &end, 10);
                if (*end || i >= c->n_strings)
                        return NULL;
                return c->strings[i];
        }
        if (strcmp(c->type, "b") == 0)
                return !*v ? "" : strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
        return v;
}

static void XMLCALL cells_end(void *data, const XML_Char *name)
{
        struct cells *c = data;
        const char *l = local_name(name);

        if (strcmp(l, "v") == 0 || strcmp(l, "t") == 0) {
                c->part.t.on = false;
        } else if (strcmp(l, "rPh") == 0) {
                if (c->part.t.phonetic > 0)
                        c->part.t.phonetic--;
        } else if (strcmp(l, "is") == 0) {
                c->in_is = false;
        } else if (strcmp(l, "c") == 0 && c->in_cell) {
                const char *v = cell_value(c);

                c->in_cell = false;
                if (!v) {
                        stop(&c->part, E_CORRUPT);
                        return;
                }
                if (sheet_cell_set(c->part.rd->sheet, c->col, v, strlen(v)) < 0) {
                        stop(&c->part, E_COLUMNS);
                        return;
                }
                c->next_col = c->col + 1;
        } else if (strcmp(l, "row") == 0 && c->in_row) {
                c->in_row = false;
                if (sheet_row_end(c->part.rd->sheet) < 0)
                        stop(&c->part, E_ROWS);
        }
}

/* ---- the whole file ------------------------------------------------------------------------ */

static int read_workbook(struct reader *rd, const char **ret_sheet, const char **ret_strings)
{
        struct workbook w = { 0 };
        struct rels r = { 0 };
        XML_Parser p;
        int err;

        p = parser_new(&w.part, rd);
        if (!p)
                return -ENOMEM;
        XML_SetStartElementHandler(p, workbook_start);
        err = parse_part(rd, "xl/workbook.xml", p);
        XML_ParserFree(p);
        if (err == -ENOENT)
                return fail(rd, E_NO_WORKBOOK);
        if (err < 0)
                return err;

        r.sheet_rid = w.sheet_rid;
        p = parser_new(&r.part, rd);
        if (!p)
                return -ENOMEM;
        XML_SetStartElementHandler(p, rels_start);
        err = parse_part(rd, "xl/_rels/workbook.xml.rels", p);
        XML_ParserFree(p);
        if (err < 0 && err != -ENOENT)
                return err;
        if (!w.sheet_rid)
                return fail(rd, E_NO_SHEET);
        /* Without the relationships, the names every writer uses. */
        *ret_sheet = r.sheet_target ? part_name(rd, r.sheet_target) : "xl/worksheets/sheet1.xml";
        *ret_strings = r.strings_target ? part_name(rd, r.strings_target) : "xl/sharedStrings.xml";
        return 0;
}

static int read_strings(struct reader *rd, const char *name, struct strings *s)
{
        XML_Parser p = parser_new(&s->part, rd);
        int err;

        if (!p)
                return -ENOMEM;
        s->part.t.buf = BUF_INIT(CELL_MAX_BYTES);
        XML_SetElementHandler(p, strings_start, strings_end);
        XML_SetCharacterDataHandler(p, text_chars);
        err = parse_part(rd, name, p);
        XML_ParserFree(p);
        buf_free(&s->part.t.buf);
        return err == -ENOENT ? 0 : err;        /* a sheet of numbers only has none */
}

static int read_cells(struct reader *rd, const char *name, const struct strings *s)
{
        struct cells c = { .strings = s->v, .n_strings = s->n };
        XML_Parser p = parser_new(&c.part, rd);
        int err;

        if (!p)
                return -ENOMEM;
        c.part.t.buf = BUF_INIT(CELL_MAX_BYTES);
        XML_SetElementHandler(p, cells_start, cells_end);
        XML_SetCharacterDataHandler(p, text_chars);
        err = parse_part(rd, name, p);
        XML_ParserFree(p);
        buf_free(&c.part.t.buf);
        if (err == -ENOENT)
                return fail(rd, E_NO_SHEET);
        return err;
}

int xlsx_read(const void *data, size_t n, struct sheet **ret, const char **ret_error)
{
        struct reader rd = { .budget = SHEET_MAX_BYTES };
        struct strings strings = { 0 };
        const char *sheet_name = NULL, *strings_name = NULL;
        zip_source_t *src;
        zip_error_t zerr;
        int err;

        zip_error_init(&zerr);
        src = zip_source_buffer_create(n ? data : "", n, 0, &zerr);
        if (!src) {
                zip_error_fini(&zerr);
                *ret_error = E_NOT_ZIP;
                return -ENOMEM;
        }
        rd.zip = zip_open_from_source(src, ZIP_RDONLY, &zerr);
        zip_error_fini(&zerr);
        if (!rd.zip) {
                zip_source_free(src);   /* the archive owns it only once open */
                *ret_error = E_NOT_ZIP;
                return -EINVAL;
        }
        rd.sheet = sheet_new();
        err = read_workbook(&rd, &sheet_name, &strings_name);
        if (err >= 0)
                err = read_strings(&rd, strings_name, &strings);
        if (err >= 0)
                err = read_cells(&rd, sheet_name, &strings);
        zip_discard(rd.zip);
        if (err < 0) {
                *ret_error = rd.error ? rd.error : E_CORRUPT;
                sheet_free(rd.sheet);
                return err;
        }
        *ret = rd.sheet;
        return 0;
}

int xlsx_serial_days(long serial, int32_t *ret_days)
{
        /* 25569 = the serial of 1970-01-01. Lotus 1-2-3 counted 1900 as a leap year and Excel kept
         * it, so serials from 61 on are one day ahead of a true count from 1900-01-01. */
        if (serial < 1 || serial > 2958465 || serial == 60)
                return -EINVAL;
        *ret_days = (int32_t) (serial < 60 ? serial - 25568 : serial - 25569);
        return 0;
}
