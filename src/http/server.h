/* The HTTP server: libmicrohttpd with a thread pool on epoll, the request lifecycle, the access
 * log, and a graceful stop on SIGTERM/SIGINT (finish what is in flight, then exit 0). It knows
 * nothing of sessions, roles or the database: the service hands it a route table and a gate. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/router.h"
#include "http/upload.h"

struct req;

/* Refusals the transport decides by itself; the service words the answer (http_service.fail). */
enum http_failure {
        HTTP_NOT_FOUND,                 /* no route, no file */
        HTTP_METHOD_NOT_ALLOWED,        /* r->allow holds the methods the path takes */
        HTTP_TOO_MANY_REQUESTS,         /* r->retry_after is set */
        HTTP_BODY_TOO_LARGE,            /* a JSON body over `limit` bytes */
        HTTP_FILE_TOO_LARGE,            /* an upload longer than its file limit (`limit` bytes) */
        HTTP_NOT_JSON,                  /* a JSON route's body is not application/json */
        HTTP_BAD_JSON,                  /* not JSON (line, column, text), or invalid UTF-8 */
        HTTP_NOT_OBJECT,                /* JSON, but not an object */
        HTTP_NOT_MULTIPART,             /* an upload route's body is not multipart/form-data */
        HTTP_UI_NOT_BUILT,              /* no index.html under the web root */
        HTTP_INTERNAL,
};

struct http_failure_info {
        enum http_failure what;
        uint64_t limit;
        bool invalid_utf8;
        int line, column;
        const char *text;
};

struct http_service {
        const char *host;               /* an IP address */
        unsigned port;                  /* 0 = any free port (tests) */
        unsigned threads;               /* 0 = one per core */
        unsigned connection_limit, per_ip_connection_limit, connection_timeout;
        unsigned rate_limit;            /* requests per second per address; 0 = off */
        bool behind_proxy;              /* trust X-Real-IP from a proxy on loopback */
        size_t json_body_max;
        const char *web_root;           /* the UI's files */
        const char *api_prefix;         /* paths under it are answered by routes only ("/api/") */
        struct route_table routes;
        struct upload_config upload;    /* temp dir and recogniser (max_file: the route's) */

        /* Once the route is known, before a byte of the body is read: who is asking, may they.
         * Sets r->ctx; answers (r->replied) when the answer is no. Returns 0, or negative when
         * no answer could be made. */
        int (*admit)(struct req *r);
        /* The body is in: answer. Returns what the reply returned. */
        int (*handle)(struct req *r);
        /* Answers a refusal of the transport's own. */
        int (*fail)(struct req *r, const struct http_failure_info *f);
        /* The request is over (answered or aborted): free what admit made. */
        void (*release)(struct req *r);
};

/* Serves until SIGTERM or SIGINT; returns 0 after a clean stop, negative on start-up failure. */
int http_serve(const struct http_service *svc);
