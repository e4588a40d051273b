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

#include "http/ratelimit.h"
#include "http/reply.h"
#include "http/request.h"
#include "http/static.h"
#include "http/upload.h"
#include "util/arena.h"
#include "util/clock.h"
#include "util/log.h"

static const struct http_service *svc;
static atomic_int in_flight;

static int fail(struct req *r, enum http_failure what)
{
        struct http_failure_info f = { .what = what };
        return svc->fail(r, &f);
}

/* "/api/..." and "/api" itself */
static bool is_api_path(const char *path)
{
        size_t n = strlen(svc->api_prefix);
        return strncmp(path, svc->api_prefix, n) == 0 ||
               (n > 1 && strncmp(path, svc->api_prefix, n - 1) == 0 && path[n - 1] == '\0');
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
        if (svc->behind_proxy && (strcmp(out, "127.0.0.1") == 0 || strcmp(out, "::1") == 0)) {
                const char *real = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Real-IP");
                unsigned char tmp[sizeof(struct in6_addr)];
                if (real && (inet_pton(AF_INET, real, tmp) == 1 || inet_pton(AF_INET6, real, tmp) == 1))
                        snprintf(out, size, "%s", real);
        }
}

static int parse_json_body(struct req *r)
{
        const char *ct = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
        if (!ct || strncasecmp(ct, "application/json", 16) != 0 || (ct[16] && ct[16] != ';' && ct[16] != ' '))
                return fail(r, HTTP_NOT_JSON);
        json_error_t err;
        r->json = json_loadb(r->body.data ? r->body.data : "", r->body.len, JSON_REJECT_DUPLICATES, &err);
        if (!r->json) {
                struct http_failure_info f = { .what = HTTP_BAD_JSON,
                                               .invalid_utf8 = json_error_code(&err) == json_error_invalid_utf8,
                                               .line = err.line, .column = err.column,
                                               .text = arena_strdup(r->arena, err.text) };
                return svc->fail(r, &f);
        }
        if (!json_is_object(r->json))
                return fail(r, HTTP_NOT_OBJECT);
        return 0;
}

static int serve_ui(struct req *r)
{
        int ret = static_serve(r, svc->web_root);
        if (ret == -ENOENT)
                return fail(r, HTTP_NOT_FOUND);
        if (ret == -ENODEV)
                return fail(r, HTTP_UI_NOT_BUILT);
        return ret;
}

/* The body is complete: check what the transport checks, then let the service answer. */
static int dispatch(struct req *r)
{
        if (r->body_too_large) {
                struct http_failure_info f = { .what = HTTP_BODY_TOO_LARGE, .limit = svc->json_body_max };
                return svc->fail(r, &f);
        }
        if (!r->route)
                return serve_ui(r);
        if (r->route->body == BODY_JSON) {
                int ret = parse_json_body(r);
                if (r->replied)
                        return ret;
        } else if (r->route->body == BODY_UPLOAD && upload_finish(r) < 0) {
                return fail(r, HTTP_INTERNAL);
        }
        int ret = svc->handle(r);
        if (!r->replied && ret == 0)
                return fail(r, HTTP_INTERNAL);
        return ret;
}

/* The first call for a request: decide what it is and refuse early what can be refused early. */
static int begin(struct req *r)
{
        if (!ratelimit_allow(r->ip, r->started_ns)) {
                r->retry_after = 1;
                return fail(r, HTTP_TOO_MANY_REQUESTS);
        }
        char allow[128];
        int status = 404;
        r->route = router_match(&svc->routes, r->method, r->path, &r->params, allow, sizeof allow, &status);
        if (!r->route && status == 405) {
                r->allow = arena_strdup(r->arena, allow);
                return fail(r, HTTP_METHOD_NOT_ALLOWED);
        }
        if (!r->route && is_api_path(r->path))
                return fail(r, HTTP_NOT_FOUND);
        if (!r->route && strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0) {
                r->allow = "GET, HEAD";
                return fail(r, HTTP_METHOD_NOT_ALLOWED);
        }
        if (!r->route)
                return 0;       /* a UI file: no gate */
        if (r->route->body == BODY_JSON)
                r->body.cap = svc->json_body_max;
        uint64_t length = req_content_length(r);
        /* who may ask is settled before a byte of the body is read; a refusal then waits for the
         * body to be drained */
        r->defer_reply = req_has_body(r);
        int ret = svc->admit(r);
        r->defer_reply = false;
        if (r->replied || ret < 0)
                return ret;
        if (r->route->body == BODY_UPLOAD) {
                /* the multipart framing adds a little to the file; more than that is refused now */
                if (length > r->route->max_upload + 64 * 1024) {
                        struct http_failure_info f = { .what = HTTP_FILE_TOO_LARGE, .limit = r->route->max_upload };
                        return svc->fail(r, &f);
                }
                struct upload_config cfg = svc->upload;
                cfg.max_file = r->route->max_upload;
                if (upload_begin(r, &cfg) < 0) {
                        r->defer_reply = req_has_body(r);
                        ret = fail(r, HTTP_NOT_MULTIPART);
                        r->defer_reply = false;
                        return ret;
                }
        } else if (r->body.cap && length > r->body.cap) {
                /* too large either way; a little too large is read and dropped first, so the client
                 * that is still sending sees the answer rather than a reset connection; far too
                 * large is answered at once (no 100 Continue) and the connection closed */
                r->body_too_large = true;
                if (length > 4 * (uint64_t)r->body.cap)
                        return dispatch(r);
        }
        return 0;
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
                return begin(r) == 0 ? MHD_YES : MHD_NO;
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
        return dispatch(r) == 0 ? MHD_YES : MHD_NO;
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
        char path[512], user[24] = "-";
        log_safe(r->path, path, sizeof path);
        if (r->log_user)
                snprintf(user, sizeof user, "%lld", (long long)r->log_user);
        double ms = (double)(clock_mono_ns() - r->started_ns) / 1e6;
        log_info("access %s %s %d %.1fms user=%s ip=%s%s", r->method, path, r->status, ms, user, r->ip,
                 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
        if (r->ctx && svc->release)
                svc->release(r);
        json_decref(r->json);
        buf_free(&r->body);
        if (r->pending)
                MHD_destroy_response(r->pending);
        upload_release(r->upload);
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

int http_serve(const struct http_service *service)
{
        svc = service;
        ratelimit_init(svc->rate_limit);

        struct sockaddr_storage ss;
        bool v6 = false;
        if (listen_address(svc->host, svc->port, &ss, &v6) < 0) {
                log_error("监听地址无效 / invalid listen address: %s（应为 IP 地址，如 127.0.0.1）", svc->host);
                return -EINVAL;
        }
        unsigned threads = svc->threads;
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
                flags, (uint16_t)svc->port, NULL, NULL, on_request, NULL,
                MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
                MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
                MHD_OPTION_THREAD_POOL_SIZE, threads,
                MHD_OPTION_CONNECTION_LIMIT, svc->connection_limit,
                MHD_OPTION_PER_IP_CONNECTION_LIMIT, svc->per_ip_connection_limit,
                MHD_OPTION_CONNECTION_TIMEOUT, svc->connection_timeout,
                MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
                MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
                MHD_OPTION_END);
        if (!d) {
                log_error("无法监听 / cannot listen on %s:%u: %s", svc->host, svc->port, strerror(errno));
                return -EADDRINUSE;
        }
        const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
        unsigned port = info ? info->port : svc->port;
        log_info("listening on http://%s%s%s:%u (%u threads)", v6 ? "[" : "", svc->host, v6 ? "]" : "", port, threads);

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
