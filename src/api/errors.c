#include "api/errors.h"

#include "api/api.h"
#include "http/reply.h"
#include "util/arena.h"

#include <errno.h>
#include <string.h>

static const struct api_error_def catalogue[E_COUNT_] = {
        [E_BAD_REQUEST] = { "bad_request", 400, "请求有误" },
        [E_UNAUTHENTICATED] = { "unauthenticated", 401, "请先登录" },
        [E_FORBIDDEN] = { "forbidden", 403, "当前账号无权进行此操作" },
        [E_NOT_FOUND] = { "not_found", 404, "请求的内容不存在" },
        [E_METHOD_NOT_ALLOWED] = { "method_not_allowed", 405, "不支持该请求方法" },
        [E_CONFLICT] = { "conflict", 409, "内容已被他人更改，请刷新后重试" },
        [E_WINDOW_CLOSED] = { "window_closed", 409, "当前不在办理时间内" },
        [E_PAYLOAD_TOO_LARGE] = { "payload_too_large", 413, "请求体过大" },
        [E_UNSUPPORTED_MEDIA_TYPE] = { "unsupported_media_type", 415, "不支持的内容类型" },
        [E_VALIDATION_FAILED] = { "validation_failed", 422, "提交的内容有误，请按提示修改" },
        [E_TOO_MANY_REQUESTS] = { "too_many_requests", 429, "请求过于频繁，请稍后再试" },
        [E_INTERNAL] = { "internal", 500, "服务器内部错误，请稍后重试" },
        [E_UNAVAILABLE] = { "unavailable", 503, "系统繁忙，请稍后重试" },
        [E_UI_NOT_BUILT] = { "ui_not_built", 503,
                             "网页界面尚未构建：请在源代码目录运行 make build（或以 --web-root 指定界面目录）" },
};

const struct api_error_def *api_error_def(enum api_error e)
{
        return &catalogue[e < E_COUNT_ ? e : E_INTERNAL];
}

int api_reply_error_ex(struct req *r, enum api_error e, const char *message, json_t *fields, json_t *extra,
                       const char *etag)
{
        const struct api_error_def *d = api_error_def(e);
        json_t *err = json_pack("{s:s, s:s}", "code", d->code, "message", message ? message : d->message);
        if (fields)
                json_object_set_new(err, "fields", fields);
        if (extra)
                json_object_update_missing(err, extra);
        json_decref(extra);
        json_t *body = json_pack("{s:o}", "error", err);
        char *text = json_dumps(body, JSON_COMPACT);
        json_decref(body);
        if (!text)
                return -ENOMEM;
        const struct reply_head h = { .content_type = "application/json; charset=utf-8", .etag = etag };
        return reply_bytes(r, d->status, &h, text, strlen(text));
}

int api_reply_error(struct req *r, enum api_error e, const char *message, json_t *fields)
{
        return api_reply_error_ex(r, e, message, fields, NULL, NULL);
}

int api_fail(struct call *c, enum api_error e, const char *message, json_t *fields)
{
        json_decref(c->failure.fields);
        json_decref(c->failure.extra);
        c->failure = (struct api_failure){ .set = true, .error = e, .message = message, .fields = fields };
        return API_REFUSED;
}

const char *api_etag(struct call *c, int64_t version)
{
        return arena_printf(c->arena, "\"v%lld\"", (long long)version);
}

int api_fail_stale(struct call *c, const char *message, int64_t current_version)
{
        int err = api_fail(c, E_CONFLICT, message, NULL);
        c->failure.extra = json_pack("{s:I}", "current_version", (json_int_t)current_version);
        c->failure.etag = api_etag(c, current_version);
        return err;
}

int api_invalid(struct call *c, json_t *fields)
{
        return api_fail(c, E_VALIDATION_FAILED, NULL, fields);
}
