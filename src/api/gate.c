/* The gate: what http/ asks of the API for every routed request. Before a byte of the body is
 * read it settles who is asking (the sid cookie's session and account), checks CSRF on every
 * state change and the route's roles, and parses the path's parameters; then it runs the handler
 * and answers whatever the handler refused. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "app.h"
#include "domain/role.h"
#include "http/request.h"
#include "http/server.h"
#include "http/upload.h"
#include "util/arena.h"
#include "util/log.h"

static struct store *the_store;

static bool changes_state(const char *method)
{
        return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 && strcmp(method, "OPTIONS") != 0;
}

const char *api_param(struct call *c, const char *name)
{
        return route_param(&c->req->params, name);
}

const char *api_query(struct call *c, const char *name)
{
        const char *v = req_query(c->req, name);
        return v && *v ? v : NULL;
}

int api_json(struct call *c, unsigned status, json_t *body)
{
        return reply_json(c->req, status, body);
}

/* A positive decimal integer of at most 15 digits, or -1. */
static int64_t positive(const char *s)
{
        size_t n = s ? strlen(s) : 0;
        if (n == 0 || n > 15 || strspn(s, "0123456789") != n)
                return -1;
        int64_t v = strtoll(s, NULL, 10);
        return v > 0 ? v : -1;
}

/* {id}, {aid} and {year}, once for every handler; false when one is malformed (404). */
static bool parse_params(struct call *c)
{
        const struct route_params *p = &c->req->params;
        const char *id = route_param(p, "id"), *aid = route_param(p, "aid"), *year = route_param(p, "year");
        if (id && (c->id = positive(id)) < 0)
                return false;
        if (aid && (c->aid = positive(aid)) < 0)
                return false;
        if (year) {
                if (strlen(year) != 4 || strspn(year, "0123456789") != 4)
                        return false;
                c->year = atoi(year);
        }
        return true;
}

/* Signs the call in from its sid cookie, if that names a live session. */
static int authenticate(struct call *c)
{
        const char *token = req_cookie(c->req, "sid");
        if (!token)
                return 0;
        int rc = auth_session_resolve(c->db, token, c->now, &c->session);
        if (rc == -ENOENT)
                return 0;
        if (rc < 0)
                return rc;
        rc = store_user_get(c->db, c->arena, c->session.user_id, &c->user);
        if (rc == -ENOENT)
                return 0;
        if (rc < 0)
                return rc;
        c->signed_in = true;
        c->req->log_user = c->user.id;
        return 0;
}

static enum api_error error_of_errno(int err)
{
        switch (err) {
        case -ENOENT: return E_NOT_FOUND;
        case -ESTALE: return E_CONFLICT;
        case -EBUSY: return E_UNAVAILABLE;
        case -EACCES: return E_FORBIDDEN;
        default: return E_INTERNAL;
        }
}

/* Answers a refusal or an errno that no one answered. */
static int answer_failure(struct call *c, int err)
{
        struct api_failure f = c->failure;
        c->failure = (struct api_failure){ 0 };
        if (f.set)
                return api_reply_error_ex(c->req, f.error, f.message, f.fields, f.extra, f.etag);
        enum api_error e = error_of_errno(err);
        if (e == E_INTERNAL)
                log_error("internal error on %s %s: %s", c->req->method, c->req->path,
                          err < 0 && err > -4096 ? strerror(-err) : "unexpected");
        return api_reply_error(c->req, e, NULL, NULL);
}

static int admit(struct req *r)
{
        struct call *c = arena_alloc(r->arena, sizeof *c);
        *c = (struct call){ .req = r, .arena = r->arena, .now = r->now, .ep = (const struct endpoint *)(const void *)r->route };
        r->ctx = c;
        if (!parse_params(c))
                return api_reply_error(r, E_NOT_FOUND, NULL, NULL);
        c->db = store_db(the_store);
        if (!c->db)
                return api_reply_error(r, E_UNAVAILABLE, "数据库暂时不可用，请稍后重试", NULL);
        int err = authenticate(c);
        if (err < 0)
                return answer_failure(c, err);
        if (c->signed_in && changes_state(r->method) && !auth_csrf_ok(&c->session, req_header(r, "X-CSRF-Token")))
                return api_reply_error(r, E_FORBIDDEN, "安全校验失败（CSRF 令牌缺失或无效），请刷新页面后重试", NULL);
        if (c->ep->roles) {
                if (!c->signed_in)
                        return api_reply_error(r, E_UNAUTHENTICATED, NULL, NULL);
                if (!(c->ep->roles & ROLE_BIT(c->user.role)))
                        return api_reply_error(r, E_FORBIDDEN, NULL, NULL);
        }
        if (c->ep->precheck) {
                err = c->ep->precheck(c);
                if (err < 0 && !r->replied)
                        return answer_failure(c, err);
        }
        return 0;
}

static int handle(struct req *r)
{
        struct call *c = r->ctx;
        c->json = r->json;
        c->upload = r->upload;
        int err = c->ep->handler(c);
        if (r->replied)
                return err == API_REFUSED ? 0 : err;
        return answer_failure(c, err < 0 ? err : -EIO);
}

static int fail(struct req *r, const struct http_failure_info *f)
{
        switch (f->what) {
        case HTTP_NOT_FOUND:
                return api_reply_error(r, E_NOT_FOUND, NULL, NULL);
        case HTTP_METHOD_NOT_ALLOWED:
                return api_reply_error(r, E_METHOD_NOT_ALLOWED, NULL, NULL);
        case HTTP_TOO_MANY_REQUESTS:
                return api_reply_error(r, E_TOO_MANY_REQUESTS, NULL, NULL);
        case HTTP_BODY_TOO_LARGE:
                return api_reply_error(r, E_PAYLOAD_TOO_LARGE,
                                       arena_printf(r->arena, "请求体过大（上限 %llu KB）",
                                                    (unsigned long long)(f->limit / 1024)),
                                       NULL);
        case HTTP_FILE_TOO_LARGE:
                return api_reply_error(r, E_PAYLOAD_TOO_LARGE,
                                       arena_printf(r->arena, "文件过大：单个文件不超过 %llu MB",
                                                    (unsigned long long)(f->limit >> 20)),
                                       NULL);
        case HTTP_NOT_JSON:
                return api_reply_error(r, E_UNSUPPORTED_MEDIA_TYPE, "请求体应为 JSON（Content-Type: application/json）",
                                       NULL);
        case HTTP_BAD_JSON:
                return api_reply_error(r, E_BAD_REQUEST,
                                       f->invalid_utf8 ? "请求体含有无效的 UTF-8 编码"
                                                       : arena_printf(r->arena, "请求体不是有效的 JSON（第 %d 行第 %d 列：%s）",
                                                                      f->line, f->column, f->text ? f->text : ""),
                                       NULL);
        case HTTP_NOT_OBJECT:
                return api_reply_error(r, E_BAD_REQUEST, "请求体应为 JSON 对象", NULL);
        case HTTP_NOT_MULTIPART:
                return api_reply_error(r, E_UNSUPPORTED_MEDIA_TYPE, "上传应使用 multipart/form-data（字段 kind 与 file）",
                                       NULL);
        case HTTP_UI_NOT_BUILT:
                return api_reply_error(r, E_UI_NOT_BUILT, NULL, NULL);
        case HTTP_INTERNAL:
        default:
                log_error("internal error on %s %s", r->method, r->path);
                return api_reply_error(r, E_INTERNAL, NULL, NULL);
        }
}

static void release(struct req *r)
{
        struct call *c = r->ctx;
        json_decref(c->failure.fields);
        json_decref(c->failure.extra);
        c->failure.fields = c->failure.extra = NULL;
}

void api_service(struct http_service *svc, const struct config *cfg, struct store *store)
{
        the_store = store;
        *svc = (struct http_service){
                .host = cfg->listen_host, .port = cfg->listen_port, .threads = cfg->threads,
                .connection_limit = cfg->connection_limit, .per_ip_connection_limit = cfg->per_ip_connection_limit,
                .connection_timeout = cfg->connection_timeout, .rate_limit = cfg->rate_limit,
                .behind_proxy = cfg->behind_proxy, .json_body_max = cfg->json_body_max, .web_root = cfg->web_root,
                .api_prefix = "/api/",
                .routes = { api_endpoints, api_endpoints_n, sizeof api_endpoints[0] },
                .upload = { .tmp_dir = store_tmp_dir(store), .identify = api_identify_file },
                .admit = admit, .handle = handle, .fail = fail, .release = release,
        };
}
