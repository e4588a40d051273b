#include "http/reply.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/request.h"
#include "util/log.h"

int reply_queue(struct req *r, unsigned status, struct MHD_Response *resp)
{
        if (!resp)
                return MHD_NO;
        MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
        /* only a file shown in the app's own viewer may be framed, and only by the app */
        MHD_add_response_header(resp, "X-Frame-Options", r->frame_same_origin ? "SAMEORIGIN" : "DENY");
        MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
        if (r->set_cookie)
                MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->set_cookie);
        if (status == 405 && r->allow)
                MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
        if (r->retry_after > 0) {
                char secs[24];
                snprintf(secs, sizeof secs, "%lld", (long long)r->retry_after);
                MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, secs);
        }
        r->status = (int)status;
        r->replied = true;
        if (r->defer_reply) {
                r->pending = resp;
                return MHD_YES;
        }
        int ret = MHD_queue_response(r->conn, status, resp);
        MHD_destroy_response(resp);
        return ret;
}

int reply_json(struct req *r, unsigned status, json_t *body)
{
        char *text = json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(15));
        json_decref(body);
        if (!text)
                return MHD_NO;
        struct MHD_Response *resp =
                MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
        if (!resp) {
                free(text);
                return MHD_NO;
        }
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json; charset=utf-8");
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
        return reply_queue(r, status, resp);
}

int reply_error(struct req *r, unsigned status, const char *code, const char *message, json_t *fields)
{
        json_t *err = json_pack("{s:s, s:s}", "code", code, "message", message);
        if (fields)
                json_object_set_new(err, "fields", fields);
        return reply_json(r, status, json_pack("{s:o}", "error", err));
}

int reply_validation(struct req *r, json_t *fields)
{
        return reply_error(r, 422, "validation_failed", "提交的内容有误，请按提示修改", fields);
}

int reply_not_found(struct req *r)
{
        return reply_error(r, 404, "not_found", "请求的内容不存在", NULL);
}

int reply_internal(struct req *r)
{
        log_error("internal error on %s %s", r->method, r->path);
        return reply_error(r, 500, "internal", "服务器内部错误，请稍后重试", NULL);
}

int reply_empty(struct req *r, unsigned status)
{
        struct MHD_Response *resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
        if (!resp)
                return MHD_NO;
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
        return reply_queue(r, status, resp);
}

int reply_method_not_allowed(struct req *r, const char *allow)
{
        r->allow = allow;
        return reply_error(r, 405, "method_not_allowed", "不支持该请求方法", NULL);
}
