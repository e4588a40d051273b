/* Small pieces every handler file shares: the public view of an account, paging, file names in
 * Content-Disposition, and sending generated documents. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api.h"
#include "http/request.h"
#include "util/arena.h"
#include "util/log.h"
#include "util/timeutil.h"

static json_t *str_or_null(const char *s)
{
        return s && *s ? json_string(s) : json_null();
}

json_t *api_user_json(const struct user *u)
{
        char created[32];
        return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:s}",
                         "id", (json_int_t)u->id, "username", u->username, "role", role_code(u->role),
                         "name", u->name, "mobile", u->mobile,
                         "region_code", str_or_null(u->region_code), "region_name", str_or_null(u->region_name),
                         "department_code", str_or_null(u->department_code),
                         "department_name", str_or_null(u->department_name),
                         "unit_name", str_or_null(u->unit_name), "credit_code", str_or_null(u->credit_code),
                         "created_at", time_format_beijing(u->created_at, created));
}

static bool parse_positive(const char *s, size_t max, size_t *ret)
{
        if (!s || !*s || strlen(s) > 9)
                return false;
        for (const char *p = s; *p; p++)
                if (*p < '0' || *p > '9')
                        return false;
        size_t v = strtoul(s, NULL, 10);
        if (v < 1 || v > max)
                return false;
        *ret = v;
        return true;
}

int api_paging(struct call *c, size_t *ret_page, size_t *ret_per_page)
{
        size_t page = 1, per_page = 50;
        const char *p = req_query(c->req, "page"), *pp = req_query(c->req, "per_page");
        json_t *fields = json_object();
        if (p && !parse_positive(p, 1000000, &page))
                json_object_set_new(fields, "page", json_string("页码应为正整数"));
        if (pp && !parse_positive(pp, 200, &per_page))
                json_object_set_new(fields, "per_page", json_string("每页条数应为 1～200 的整数"));
        if (json_object_size(fields))
                return api_fail(c, E_BAD_REQUEST, "分页参数有误", fields);
        json_decref(fields);
        *ret_page = page;
        *ret_per_page = per_page;
        return 0;
}

json_t *api_page_json(json_t *items, size_t total, size_t page, size_t per_page)
{
        return json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
                         (json_int_t)page, "per_page", (json_int_t)per_page);
}

/* RFC 6266 / RFC 8187: the UTF-8 name percent-encoded, and for old clients an ASCII name — the
 * original if it is ASCII, else "attachment" with the original extension. */
const char *api_content_disposition(struct call *c, const char *name, bool inline_view)
{
        size_t n = strlen(name);
        char *enc = arena_alloc(c->arena, 3 * n + 1);
        size_t ei = 0;
        bool ascii = true;
        for (size_t i = 0; i < n; i++) {
                unsigned char ch = (unsigned char)name[i];
                bool plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                             ch == '.' || ch == '-' || ch == '_';
                if (ch >= 0x80 || ch == '\\')
                        ascii = false;
                if (plain)
                        enc[ei++] = (char)ch;
                else
                        ei += (size_t)sprintf(enc + ei, "%%%02X", ch);
        }
        enc[ei] = '\0';
        const char *dot = strrchr(name, '.');
        const char *fallback = ascii ? name
                               : arena_printf(c->arena, "attachment%s", dot && strlen(dot) <= 6 ? dot : "");
        if (!ascii && dot)
                for (const char *p = dot; *p; p++)
                        if ((unsigned char)*p >= 0x80)
                                fallback = "attachment";
        return arena_printf(c->arena, "%s; filename=\"%s\"; filename*=UTF-8''%s", inline_view ? "inline" : "attachment",
                            fallback, enc);
}

int api_send_temp_file(struct call *c, const char *path, const char *content_type, const char *filename)
{
        /* open, then unlink: the file lives as long as the answer that sends it */
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        unlink(path);
        struct stat sb;
        if (fd >= 0 && fstat(fd, &sb) < 0) {
                close(fd);
                fd = -1;
        }
        if (fd < 0) {
                log_error("cannot send %s: %s", path, strerror(errno));
                return -EIO;
        }
        struct reply_head h = { .content_type = content_type, .cache_control = "private, no-store",
                                .disposition = api_content_disposition(c, filename, false) };
        return reply_file(c->req, 200, &h, fd, (uint64_t)sb.st_size);
}

int api_send_pdf(struct call *c, char *data, size_t n, const char *filename)
{
        struct reply_head h = { .content_type = "application/pdf", .cache_control = "private, no-cache",
                                .disposition = api_content_disposition(c, filename, true) };
        return reply_bytes(c->req, 200, &h, data, n);
}

/* The version the client read: If-Match ("v12", W/"v12", *) or the body's "version". 0 = none. */
int api_expected_version(struct call *c, int64_t *ret)
{
        int64_t header = 0, body = 0;
        const char *im = req_header(c->req, "If-Match");
        if (im && strcmp(im, "*") != 0) {
                const char *p = strncmp(im, "W/", 2) == 0 ? im + 2 : im;
                char *end = NULL;
                if (p[0] == '"' && p[1] == 'v')
                        header = strtoll(p + 2, &end, 10);
                if (header <= 0 || !end || strcmp(end, "\"") != 0)
                        return api_fail(c, E_BAD_REQUEST, "If-Match 应为读取时得到的 ETag，如 \"v3\"", NULL);
        }
        json_t *v = json_object_get(c->json, "version");
        if (v && (!json_is_integer(v) || json_integer_value(v) <= 0))
                return api_invalid(c, json_pack("{s:s}", "version", "版本号应为正整数（取自读取时的 version）"));
        body = v ? json_integer_value(v) : 0;
        if (header && body && header != body)
                return api_fail(c, E_BAD_REQUEST, "If-Match 与请求体中的 version 不一致", NULL);
        *ret = header ? header : body;
        return 0;
}
