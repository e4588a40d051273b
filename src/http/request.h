/* One HTTP request as the handlers see it. Created on libmicrohttpd's first call for a request,
 * freed in its completed callback; everything allocated from `arena` dies with it. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "http/router.h"
#include "store/store.h"
#include "util/buf.h"

struct MHD_Connection;
struct arena;

struct req {
        struct MHD_Connection *conn;
        struct arena *arena;
        const char *method;
        const char *path;
        char ip[64];
        int64_t started_ns;
        int64_t now;                    /* the platform clock when the request arrived */

        const struct route *route;
        struct route_params params;

        struct buf body;
        bool body_too_large;
        json_t *json;                   /* parsed body (BODY_JSON routes), owned */
        struct upload *upload;          /* BODY_UPLOAD routes: the streamed file (http/upload.h) */

        struct db *db;                  /* this worker thread's connection */
        bool signed_in;
        struct auth_session session;
        struct user user;               /* valid when signed_in */

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

/* A request header, or NULL. */
const char *req_header(struct req *r, const char *name);
/* A query-string argument, or NULL. */
const char *req_query(struct req *r, const char *name);
