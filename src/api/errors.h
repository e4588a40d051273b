/* The API's error catalogue: every error code once, with its HTTP status and default Chinese
 * message (API.md's conventions). Call sites name an entry; they pass a message of their own only
 * when the default would not tell the user what to do. */
#pragma once
#include <jansson.h>

struct call;
struct req;

enum api_error {
        E_BAD_REQUEST,                  /* 400 a malformed query, body or parameter */
        E_UNAUTHENTICATED,              /* 401 */
        E_FORBIDDEN,                    /* 403 */
        E_NOT_FOUND,                    /* 404 also for what is out of the caller's scope */
        E_METHOD_NOT_ALLOWED,           /* 405 */
        E_CONFLICT,                     /* 409 the state no longer allows it */
        E_WINDOW_CLOSED,                /* 409 outside the call's time window */
        E_PAYLOAD_TOO_LARGE,            /* 413 */
        E_UNSUPPORTED_MEDIA_TYPE,       /* 415 */
        E_VALIDATION_FAILED,            /* 422 with fields */
        E_TOO_MANY_REQUESTS,            /* 429 */
        E_INTERNAL,                     /* 500 */
        E_UNAVAILABLE,                  /* 503 the database is busy or away */
        E_UI_NOT_BUILT,                 /* 503 the web UI's files are missing */
        E_COUNT_
};

struct api_error_def {
        const char *code;
        unsigned status;
        const char *message;
};

const struct api_error_def *api_error_def(enum api_error e);

/* Writes {"error": {"code", "message", "fields"?}} for e. message NULL: the catalogue's; fields
 * (stolen, may be NULL) maps dotted keys to Chinese messages. */
int api_reply_error(struct req *r, enum api_error e, const char *message, json_t *fields);
/* The same with further keys of the error object (extra, stolen, may be NULL) and an ETag. */
int api_reply_error_ex(struct req *r, enum api_error e, const char *message, json_t *fields, json_t *extra,
                       const char *etag);

/* A refusal decided by a handler or a helper: recorded on the call and returned as API_REFUSED;
 * the gate answers it when the handler returns (so helpers never reply). Later calls replace an
 * earlier one. fields stolen. */
#define API_REFUSED (-1000)
int api_fail(struct call *c, enum api_error e, const char *message, json_t *fields);
/* The same for a validation failure: 422 with the fields. */
int api_invalid(struct call *c, json_t *fields);
/* A conflict with the version the caller read: 409 with "current_version" and the current ETag. */
int api_fail_stale(struct call *c, const char *message, int64_t current_version);
/* An application's ETag: "v12". */
const char *api_etag(struct call *c, int64_t version);
