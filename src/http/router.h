/* Routes are data: method, path pattern with {params}, what body the route takes. The service
 * keeps its own table whose entries begin with a struct route (api/routes.c adds the handler and
 * who may call it); router_match is the one place that answers "no such path" (404) or "wrong
 * method" (405). */
#pragma once
#include <stddef.h>
#include <stdint.h>

#define ROUTE_PARAMS_MAX 4

enum route_body {
        BODY_NONE,      /* any body is read and ignored */
        BODY_JSON,      /* application/json, capped, parsed before the handler runs */
        BODY_UPLOAD,    /* multipart/form-data, the file streamed to a temp file (http/upload.h) */
};

struct route {
        const char *method;
        const char *pattern;            /* "/api/v1/campaigns/{year}" */
        enum route_body body;
        uint64_t max_upload;            /* BODY_UPLOAD: bytes a file may have */
};

struct route_params {
        size_t n;
        const char *name[ROUTE_PARAMS_MAX];     /* pointers into the pattern, not NUL-terminated */
        size_t name_len[ROUTE_PARAMS_MAX];
        char value[ROUTE_PARAMS_MAX][128];
};

/* A table of n entries, `stride` bytes apart, each starting with a struct route. */
struct route_table {
        const void *entries;
        size_t n, stride;
};

/* Finds the route for method + path. Returns it, or NULL with *ret_status 404 (no pattern
 * matches) or 405 (a pattern matches, another method); for 405, allow gets "GET, POST". */
const struct route *router_match(const struct route_table *t, const char *method, const char *path,
                                 struct route_params *ret_params, char *allow, size_t allow_size, int *ret_status);

/* A parameter's value by name, or NULL. */
const char *route_param(const struct route_params *p, const char *name);
