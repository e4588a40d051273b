/* Every answer leaves through these functions; every error through reply_error, which writes
 * API.md's error JSON: {"error": {"code", "message", "fields"?}}. All return MHD_YES/MHD_NO. */
#pragma once
#include <jansson.h>

struct req;

/* Sends body (reference stolen) as JSON with the status. */
int reply_json(struct req *r, unsigned status, json_t *body);
/* Sends an error; fields (stolen, may be NULL) maps dotted keys to Chinese messages. */
int reply_error(struct req *r, unsigned status, const char *code, const char *message, json_t *fields);
/* The common errors, with their standard codes. */
int reply_validation(struct req *r, json_t *fields);
int reply_not_found(struct req *r);
/* 405 with the Allow header (allow is copied before the reply is sent). */
int reply_method_not_allowed(struct req *r, const char *allow);
int reply_internal(struct req *r);
/* 204 No Content. */
int reply_empty(struct req *r, unsigned status);
/* A queued libmicrohttpd response with the standard headers added; status recorded. */
struct MHD_Response;
int reply_queue(struct req *r, unsigned status, struct MHD_Response *resp);
