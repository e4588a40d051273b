/* Every answer leaves through these functions. They add the standard headers (nosniff, framing,
 * referrer policy, a pending Set-Cookie, Allow, Retry-After), record the status for the access
 * log, and hold the answer back while a refused body is still being drained. All return 0, or a
 * negative errno when no answer could be made (the connection is then closed). What an error
 * body says is the service's business (api/errors.c writes API.md's error JSON). */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct req;

/* How a body is described to the client. NULL members are left out; cache_control defaults to
 * "no-store". extra: further name/value pairs, NULL-terminated (may be NULL). */
struct reply_head {
        const char *content_type;
        const char *disposition;
        const char *cache_control;
        const char *etag;
        const char *const *extra;
};

/* body (reference stolen) as JSON. */
int reply_json(struct req *r, unsigned status, json_t *body);
/* JSON text already serialized (copied), e.g. a cached document. */
int reply_json_text(struct req *r, unsigned status, const char *text, size_t n);
/* A body in memory; data (malloc'd) is taken over and freed. */
int reply_bytes(struct req *r, unsigned status, const struct reply_head *h, void *data, size_t n);
/* A body from an open file; fd is taken over (closed after sending, or now on failure). */
int reply_file(struct req *r, unsigned status, const struct reply_head *h, int fd, uint64_t size);
/* A body of unknown length produced as it is sent: read fills up to max bytes and returns how
 * many, 0 at the end, -1 on failure (the connection is then cut). free_cls runs when done. */
typedef ssize_t (*reply_read_fn)(void *cls, char *buf, size_t max);
int reply_stream(struct req *r, unsigned status, const struct reply_head *h, reply_read_fn read, void *cls,
                 void (*free_cls)(void *cls));
/* No body (204, 304). */
int reply_empty(struct req *r, unsigned status);
