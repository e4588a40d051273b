#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "app.h"
#include "http/ratelimit.h"
#include "http/reply.h"
#include "http/request.h"
#include "http/router.h"
#include "http/static.h"
#include "http/upload.h"
#include "util/arena.h"
#include "util/clock.h"
#include "util/log.h"

static const struct route *routes;
static size_t n_routes;
static atomic_int in_flight;

const char *req_header(struct req *r, const char *name)
{
        return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_query(struct req *r, const char *name)
{
        return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

static bool is_api_path(const char *path)
{
        return strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0 || strcmp(path, "/healthz") == 0;
}

static bool changes_state(const char *method)
{
        return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 && strcmp(method, "OPTIONS") != 0;
}

static void client_ip(struct MHD_Connection *conn, char *out, size_t size)
{
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        snprintf(out, size, "?");
        if (!ci || !ci->client_addr)
                return;
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
                inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)size);
        else if (sa->sa_family == AF_INET6)
                inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, (socklen_t)size);
        /* behind nginx on this host, the client is the one nginx names in X-Real-IP */
        if (app->cfg.behind_proxy && (strcmp(out, "127.0.0.1") == 0 || strcmp(out, "::1") == 0)) {
                const char *real = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Real-IP");
                unsigned char tmp[sizeof(struct in6_addr)];
                if (real && (inet_pton(AF_INET, real, tmp) == 1 || inet_pton(AF_INET6, real, tmp) == 1))
                        snprintf(out, size, "%s", real);
        }
}

/* Signs the request in from its sid cookie, if that names a live session. */
static int authenticate(struct req *r)
{
        const char *token = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "sid");
        if (!token)
                return 0;
        int rc = auth_session_resolve(r->db, token, r->now, &r->session);
        if (rc == -ENOENT)
                return 0;
        if (rc < 0)
                return rc;
        rc = store_user_get(r->db, r->arena, r->session.user_id, &r->user);
        if (rc == -ENOENT)
                return 0;
        if (rc < 0)
                return rc;
        r->signed_in = true;
        return 0;
}

static int parse_json_body(struct req *r)
{
        const char *ct = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
        if (!ct || strncasecmp(ct, "application/json", 16) != 0 || (ct[16] && ct[16] != ';' && ct[16] != ' '))
                return reply_error(r, 415, "unsupported_media_type", "请求体应为 JSON（Content-Type: application/json）", NULL);
        json_error_t err;
        r->json = json_loadb(r->body.data ? r->body.data : "", r->body.len, JSON_REJECT_DUPLICATES, &err);
        if (!r->json) {
                const char *msg = json_error_code(&err) == json_error_invalid_utf8
                                          ? "请求体含有无效的 UTF-8 编码"
                                          : arena_printf(r->arena, "请求体不是有效的 JSON（第 %d 行第 %d 列：%s）",
                                                         err.line, err.column, err.text);
                return reply_error(r, 400, "bad_request", msg, NULL);
        }
        if (!json_is_object(r->json))
                return reply_error(r, 400, "bad_request", "请求体应为 JSON 对象", NULL);
        return MHD_YES;
}

static int dispatch(struct req *r)
{
        if (r->body_too_large)
                return reply_error(r, 413, "payload_too_large",
                                   arena_printf(r->arena, "请求体过大（上限 %zu KB）", app->cfg.json_body_max / 1024), NULL);
        if (!r->route)
                return static_serve(r);
        if (r->route->body == BODY_JSON) {
                int ret = parse_json_body(r);
                if (r->replied)
                        return ret;
        } else if (r->route->body == BODY_UPLOAD && upload_finish(r) < 0) {
                return reply_internal(r);
        }
        int ret = r->route->handler(r);
        if (!r->replied)
                return reply_internal(r);
        return ret;
}

/* Who is asking and may they: session, CSRF, the route's roles. Replies when the answer is no. */
static int admit(struct req *r)
{
        r->db = store_db(app->store);
        if (!r->db)
                return reply_error(r, 503, "unavailable", "数据库暂时不可用，请稍后重试", NULL);
        int err = authenticate(r);
        if (err == -EBUSY)
                return reply_error(r, 503, "unavailable", "系统繁忙，请稍后重试", NULL);
        if (err < 0)
                return reply_internal(r);
        if (r->signed_in && changes_state(r->method) && !auth_csrf_ok(&r->session, req_header(r, "X-CSRF-Token")))
                return reply_error(r, 403, "forbidden", "安全校验失败（CSRF 令牌缺失或无效），请刷新页面后重试", NULL);
        if (r->route && r->route->roles) {
                if (!r->signed_in)
                        return reply_error(r, 401, "unauthenticated", "请先登录", NULL);
                if (!(r->route->roles & ROLE_BIT(r->user.role)))
                        return reply_error(r, 403, "forbidden", "当前账号无权进行此操作", NULL);
        }
        return MHD_YES;
}

/* The first call for a request: decide what it is and refuse early what can be refused early. */
static int begin(struct req *r)
{
        if (!ratelimit_allow(r->ip, r->started_ns)) {
                r->retry_after = 1;
                return reply_error(r, 429, "too_many_requests", "请求过于频繁，请稍后再试", NULL);
        }
        if (is_api_path(r->path)) {
                char allow[128];
                int status = 404;
                r->route = router_match(routes, n_routes, r->method, r->path, &r->params, allow, sizeof allow, &status);
                if (!r->route && status == 405)
                        return reply_method_not_allowed(r, allow);
                if (!r->route)
                        return reply_not_found(r);
                if (r->route->body == BODY_JSON)
                        r->body.cap = app->cfg.json_body_max;
        } else if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0) {
                return reply_method_not_allowed(r, "GET, HEAD");
        }
        const char *cl = req_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
        uint64_t length = cl ? strtoull(cl, NULL, 10) : 0;
        bool has_body = length > 0 || req_header(r, MHD_HTTP_HEADER_TRANSFER_ENCODING);
        /* who may ask is settled before a byte of the body is read (the UI's files need no one);
         * a refusal then waits for the body to be drained */
        if (r->route) {
                r->defer_reply = has_body;
                int ret = admit(r);
                if (!r->replied && r->route->precheck)
                        ret = r->route->precheck(r);
                r->defer_reply = false;
                if (r->replied)
                        return ret;
        }
        if (r->route && r->route->body == BODY_UPLOAD) {
                /* the multipart framing adds a little to the file; more than that is refused now */
                if (length > r->route->max_upload + 64 * 1024)
                        return reply_error(r, 413, "payload_too_large",
                                           arena_printf(r->arena, "文件过大：单个文件不超过 %llu MB",
                                                        (unsigned long long)(r->route->max_upload >> 20)),
                                           NULL);
                if (upload_begin(r, r->route->max_upload) < 0) {
                        r->defer_reply = has_body;
                        int ret = reply_error(r, 415, "unsupported_media_type",
                                              "上传应使用 multipart/form-data（字段 kind 与 file）", NULL);
                        r->defer_reply = false;
                        return ret;
                }
        } else if (r->body.cap && length > r->body.cap) {
                /* answered before the body is read: no 100 Continue, no draining */
                r->body_too_large = true;
                return dispatch(r);
        }
        return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **req_cls)
{
        (void)cls;
        (void)version;
        struct req *r = *req_cls;
        if (!r) {
                struct arena *a = arena_new();
                r = arena_alloc(a, sizeof *r);
                r->arena = a;
                r->conn = conn;
                r->method = arena_strdup(a, method);
                r->path = arena_strdup(a, url);
                r->started_ns = clock_mono_ns();
                r->now = clock_now();
                client_ip(conn, r->ip, sizeof r->ip);
                *req_cls = r;
                atomic_fetch_add(&in_flight, 1);
                return begin(r) == MHD_YES ? MHD_YES : MHD_NO;
        }
        if (r->replied) {
                /* answered before the body: drain and drop it, then send the answer */
                if (*upload_data_size) {
                        *upload_data_size = 0;
                        return MHD_YES;
                }
                if (!r->pending)
                        return MHD_YES;
                struct MHD_Response *resp = r->pending;
                r->pending = NULL;
                enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
                MHD_destroy_response(resp);
                return ret;
        }
        if (*upload_data_size && r->upload) {
                if (upload_feed(r, upload_data, *upload_data_size) < 0)
                        r->upload->failed = true;
                *upload_data_size = 0;
                return MHD_YES;
        }
        if (*upload_data_size) {
                if (r->body.cap && !r->body_too_large &&
                    buf_append(&r->body, upload_data, *upload_data_size) == -E2BIG)
                        r->body_too_large = true;
                *upload_data_size = 0;
                return MHD_YES;
        }
        return dispatch(r) == MHD_YES ? MHD_YES : MHD_NO;
}

/* Writes s into out with control characters replaced, so a path cannot forge log lines. */
static void log_safe(const char *s, char *out, size_t size)
{
        size_t i = 0;
        for (; *s && i + 1 < size; s++)
                out[i++] = (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s;
        out[i] = '\0';
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
        (void)cls;
        (void)conn;
        struct req *r = *req_cls;
        if (!r)
                return;
        char path[512];
        log_safe(r->path, path, sizeof path);
        double ms = (double)(clock_mono_ns() - r->started_ns) / 1e6;
        if (r->signed_in)
                log_info("access %s %s %d %.1fms user=%lld ip=%s%s", r->method, path, r->status, ms,
                         (long long)r->user.id, r->ip, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
        else
                log_info("access %s %s %d %.1fms user=- ip=%s%s", r->method, path, r->status, ms, r->ip,
                         toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
        json_decref(r->json);
        buf_free(&r->body);
        if (r->pending)
                MHD_destroy_response(r->pending);
        if (r->upload) {
                if (r->upload->pp)
                        MHD_destroy_post_processor(r->upload->pp);
                upload_discard(r->upload);
        }
        arena_free(r->arena);
        *req_cls = NULL;
        atomic_fetch_sub(&in_flight, 1);
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
        (void)cls;
        char msg[512];
        vsnprintf(msg, sizeof msg, fmt, ap);
        size_t n = strlen(msg);
        while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
                msg[--n] = '\0';
        log_warn("http: %s", msg);
}

static int listen_address(const char *host, unsigned port, struct sockaddr_storage *ss, bool *ret_v6)
{
        memset(ss, 0, sizeof *ss);
        struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
        if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
                in4->sin_family = AF_INET;
                in4->sin_port = htons((uint16_t)port);
                *ret_v6 = false;
                return 0;
        }
        if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
                in6->sin6_family = AF_INET6;
                in6->sin6_port = htons((uint16_t)port);
                *ret_v6 = true;
                return 0;
        }
        return -EINVAL;
}

int http_serve(const struct route *table, size_t n)
{
        routes = table;
        n_routes = n;
        ratelimit_init(app->cfg.rate_limit);

        struct sockaddr_storage ss;
        bool v6 = false;
        if (listen_address(app->cfg.listen_host, app->cfg.listen_port, &ss, &v6) < 0) {
                log_error("监听地址无效 / invalid listen address: %s（应为 IP 地址，如 127.0.0.1）", app->cfg.listen_host);
                return -EINVAL;
        }
        unsigned threads = app->cfg.threads;
        if (!threads) {
                long cores = sysconf(_SC_NPROCESSORS_ONLN);
                threads = cores > 0 ? (unsigned)cores : 2;
        }

        /* block the stop signals in every thread; this one waits for them with sigwait */
        sigset_t stop;
        sigemptyset(&stop);
        sigaddset(&stop, SIGTERM);
        sigaddset(&stop, SIGINT);
        pthread_sigmask(SIG_BLOCK, &stop, NULL);
        signal(SIGPIPE, SIG_IGN);

        unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG |
                         (v6 ? MHD_USE_IPv6 : 0);
        struct MHD_Daemon *d = MHD_start_daemon(
                flags, (uint16_t)app->cfg.listen_port, NULL, NULL, on_request, NULL,
                MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
                MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
                MHD_OPTION_THREAD_POOL_SIZE, threads,
                MHD_OPTION_CONNECTION_LIMIT, app->cfg.connection_limit,
                MHD_OPTION_PER_IP_CONNECTION_LIMIT, app->cfg.per_ip_connection_limit,
                MHD_OPTION_CONNECTION_TIMEOUT, app->cfg.connection_timeout,
                MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
                MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
                MHD_OPTION_END);
        if (!d) {
                log_error("无法监听 / cannot listen on %s:%u: %s", app->cfg.listen_host, app->cfg.listen_port,
                          strerror(errno));
                return -EADDRINUSE;
        }
        const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
        unsigned port = info ? info->port : app->cfg.listen_port;
        log_info("listening on http://%s%s%s:%u (%u threads)", v6 ? "[" : "", app->cfg.listen_host, v6 ? "]" : "",
                 port, threads);

        int sig = 0;
        while (sigwait(&stop, &sig) != 0)
                ;
        log_info("received %s: finishing requests in flight", sig == SIGTERM ? "SIGTERM" : "SIGINT");
        MHD_socket ls = MHD_quiesce_daemon(d);
        if (ls != MHD_INVALID_SOCKET)
                close(ls);
        for (int i = 0; i < 3000 && atomic_load(&in_flight) > 0; i++)
                usleep(10000);
        if (atomic_load(&in_flight) > 0)
                log_warn("%d requests still running after 30 s; stopping anyway", atomic_load(&in_flight));
        MHD_stop_daemon(d);
        log_info("stopped");
        return 0;
}
