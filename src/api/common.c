#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "http/reply.h"
#include "http/request.h"
#include "util/arena.h"
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

bool api_paging(struct req *r, size_t *ret_page, size_t *ret_per_page)
{
        size_t page = 1, per_page = 50;
        const char *p = req_query(r, "page"), *pp = req_query(r, "per_page");
        json_t *fields = json_object();
        if (p && !parse_positive(p, 1000000, &page))
                json_object_set_new(fields, "page", json_string("页码应为正整数"));
        if (pp && !parse_positive(pp, 200, &per_page))
                json_object_set_new(fields, "per_page", json_string("每页条数应为 1～200 的整数"));
        if (json_object_size(fields)) {
                reply_error(r, 400, "bad_request", "分页参数有误", fields);
                return false;
        }
        json_decref(fields);
        *ret_page = page;
        *ret_per_page = per_page;
        return true;
}

json_t *api_page_json(json_t *items, size_t total, size_t page, size_t per_page)
{
        return json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
                         (json_int_t)page, "per_page", (json_int_t)per_page);
}

int api_store_error(struct req *r, int err)
{
        if (err == -ENOENT)
                return reply_not_found(r);
        if (err == -EBUSY)
                return reply_error(r, 503, "unavailable", "系统繁忙，请稍后重试", NULL);
        return reply_internal(r);
}

/* RFC 6266 / RFC 8187: the UTF-8 name percent-encoded, and for old clients an ASCII name — the
 * original if it is ASCII, else "attachment" with the original extension. */
const char *api_content_disposition(struct req *r, const char *name, bool inline_view)
{
        size_t n = strlen(name);
        char *enc = arena_alloc(r->arena, 3 * n + 1);
        size_t ei = 0;
        bool ascii = true;
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char)name[i];
                bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                             c == '.' || c == '-' || c == '_';
                if (c >= 0x80 || c == '\\')
                        ascii = false;
                if (plain)
                        enc[ei++] = (char)c;
                else
                        ei += (size_t)sprintf(enc + ei, "%%%02X", c);
        }
        enc[ei] = '\0';
        const char *dot = strrchr(name, '.');
        const char *fallback = ascii ? name
                               : arena_printf(r->arena, "attachment%s", dot && strlen(dot) <= 6 ? dot : "");
        if (!ascii && dot)
                for (const char *p = dot; *p; p++)
                        if ((unsigned char)*p >= 0x80)
                                fallback = "attachment";
        return arena_printf(r->arena, "%s; filename=\"%s\"; filename*=UTF-8''%s", inline_view ? "inline" : "attachment",
                            fallback, enc);
}
