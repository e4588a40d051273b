/* The route table is data: method, path pattern with {params}, handler, who may call it.
 * router_match is the one place that answers "no such path" (404) or "wrong method" (405). */
#pragma once
#include <stddef.h>
#include <stdint.h>

#define ROUTE_PARAMS_MAX 4

struct req;
typedef int (*route_handler)(struct req *r);

enum route_body {
        BODY_NONE,      /* any body is read and ignored */
        BODY_JSON,      /* application/json, capped, parsed before the handler runs */
        BODY_UPLOAD,    /* multipart/form-data, the file streamed to a temp file (http/upload.h) */
};

struct route {
        const char *method;
        const char *pattern;            /* "/api/v1/campaigns/{year}" */
        route_handler handler;
        unsigned roles;                 /* 0 = anyone; else ROLE_BIT()s allowed (signed in) */
        enum route_body body;
        uint64_t max_upload;            /* BODY_UPLOAD: bytes a file may have */
        route_handler precheck;         /* BODY_UPLOAD: may this upload be taken at all? (replies if not) */
};

struct route_params {
        size_t n;
        const char *name[ROUTE_PARAMS_MAX];     /* pointers into the pattern, not NUL-terminated */
        size_t name_len[ROUTE_PARAMS_MAX];
        char value[ROUTE_PARAMS_MAX][128];
};

/* Finds the route for method + path. Returns it, or NULL with *ret_status 404 (no pattern
 * matches) or 405 (a pattern matches, another method); for 405, allow gets "GET, POST". */
const struct route *router_match(const struct route *table, size_t n, const char *method,
                                 const char *path, struct route_params *ret_params, char *allow,
                                 size_t allow_size, int *ret_status);

/* A parameter's value by name, or NULL. */
const char *route_param(const struct route_params *p, const char *name);
