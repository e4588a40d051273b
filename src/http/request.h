/* One HTTP request as the transport sees it. Created on libmicrohttpd's first call for a request,
 * freed in its completed callback; everything allocated from `arena` dies with it. Who is asking
 * (session, account) is not the transport's business: the service's gate keeps that in `ctx`. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "http/router.h"
#include "util/buf.h"

struct MHD_Connection;
struct MHD_Response;
struct arena;

struct req {
        struct MHD_Connection *conn;
        struct arena *arena;
        const char *method;
        const char *path;
        char ip[64];
        int64_t started_ns;
        int64_t now;                    /* the platform clock when the request arrived */

        const struct route *route;      /* NULL for the UI's files */
        struct route_params params;

        struct buf body;
        bool body_too_large;
        json_t *json;                   /* parsed body (BODY_JSON routes), owned */
        struct upload *upload;          /* BODY_UPLOAD routes: the streamed file (http/upload.h) */

        void *ctx;                      /* the service's state for this request (its gate sets it) */
        int64_t log_user;               /* the account id for the access log; 0 = anonymous */

        int status;                     /* the status sent, for the access log */
        bool replied;
        /* an answer decided before the body was read waits here while the body is drained, so a
         * proxy still sending it sees a reply, not a closed connection */
        bool defer_reply;
        struct MHD_Response *pending;
        char *set_cookie;               /* a Set-Cookie value to send with the reply */
        const char *allow;              /* the Allow header of a 405 */
        int64_t retry_after;            /* seconds, for a 429's Retry-After; 0 = none */
        bool frame_same_origin;         /* X-Frame-Options SAMEORIGIN instead of DENY */
};

/* A request header, a query-string argument, a cookie: NULL when absent. */
const char *req_header(struct req *r, const char *name);
const char *req_query(struct req *r, const char *name);
const char *req_cookie(struct req *r, const char *name);
/* The request's Content-Length (0 when absent), and whether it has a body at all. */
uint64_t req_content_length(struct req *r);
bool req_has_body(struct req *r);
