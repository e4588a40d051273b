#include "http/reply.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/request.h"

static int queue(struct req *r, unsigned status, struct MHD_Response *resp)
{
        if (!resp)
                return -ENOMEM;
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
                return 0;
        }
        enum MHD_Result ret = MHD_queue_response(r->conn, status, resp);
        MHD_destroy_response(resp);
        return ret == MHD_YES ? 0 : -EIO;
}

static void add_head(struct MHD_Response *resp, const struct reply_head *h)
{
        if (!resp)
                return;
        if (h && h->content_type)
                MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, h->content_type);
        if (h && h->disposition)
                MHD_add_response_header(resp, "Content-Disposition", h->disposition);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                                h && h->cache_control ? h->cache_control : "no-store");
        if (h && h->etag)
                MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, h->etag);
        for (const char *const *x = h ? h->extra : NULL; x && x[0] && x[1]; x += 2)
                MHD_add_response_header(resp, x[0], x[1]);
}

static const struct reply_head json_head = { .content_type = "application/json; charset=utf-8" };

int reply_json(struct req *r, unsigned status, json_t *body)
{
        char *text = body ? json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
        json_decref(body);
        if (!text)
                return -ENOMEM;
        return reply_bytes(r, status, &json_head, text, strlen(text));
}

int reply_json_text(struct req *r, unsigned status, const char *text, size_t n)
{
        char *copy = malloc(n ? n : 1);
        if (!copy)
                return -ENOMEM;
        memcpy(copy, text, n);
        return reply_bytes(r, status, &json_head, copy, n);
}

int reply_bytes(struct req *r, unsigned status, const struct reply_head *h, void *data, size_t n)
{
        struct MHD_Response *resp = MHD_create_response_from_buffer(n, data, MHD_RESPMEM_MUST_FREE);
        if (!resp) {
                free(data);
                return -ENOMEM;
        }
        add_head(resp, h);
        return queue(r, status, resp);
}

int reply_file(struct req *r, unsigned status, const struct reply_head *h, int fd, uint64_t size)
{
        struct MHD_Response *resp = MHD_create_response_from_fd(size, fd);
        if (!resp) {
                close(fd);
                return -ENOMEM;
        }
        add_head(resp, h);
        return queue(r, status, resp);
}

struct stream {
        reply_read_fn read;
        void *cls;
        void (*free_cls)(void *cls);
};

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
        (void)pos;
        struct stream *s = cls;
        ssize_t n = s->read(s->cls, buf, max);
        if (n < 0)
                return MHD_CONTENT_READER_END_WITH_ERROR;
        return n == 0 ? MHD_CONTENT_READER_END_OF_STREAM : n;
}

static void stream_free(void *cls)
{
        struct stream *s = cls;
        if (s->free_cls)
                s->free_cls(s->cls);
        free(s);
}

int reply_stream(struct req *r, unsigned status, const struct reply_head *h, reply_read_fn read, void *cls,
                 void (*free_cls)(void *cls))
{
        struct stream *s = malloc(sizeof *s);
        if (!s) {
                if (free_cls)
                        free_cls(cls);
                return -ENOMEM;
        }
        *s = (struct stream){ read, cls, free_cls };
        struct MHD_Response *resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, stream_read, s,
                                                                      stream_free);
        if (!resp) {
                stream_free(s);
                return -ENOMEM;
        }
        add_head(resp, h);
        return queue(r, status, resp);
}

int reply_empty(struct req *r, unsigned status)
{
        struct MHD_Response *resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
        add_head(resp, NULL);
        return queue(r, status, resp);
}
