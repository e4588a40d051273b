#include "http/upload.h"

#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/request.h"
#include "util/arena.h"
#include "util/log.h"

static int write_all(int fd, const char *p, size_t n)
{
        while (n > 0) {
                ssize_t w = write(fd, p, n);
                if (w < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                p += w;
                n -= (size_t)w;
        }
        return 0;
}

static int open_tmp(struct upload *u)
{
        snprintf(u->tmp_path, sizeof u->tmp_path, "%s/upload-XXXXXX", u->cfg.tmp_dir);
        u->fd = mkostemp(u->tmp_path, O_CLOEXEC);
        if (u->fd < 0) {
                log_error("无法创建上传临时文件 / cannot create upload temp file: %s", strerror(errno));
                u->tmp_path[0] = '\0';
                return -errno;
        }
        return 0;
}

static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                                const char *content_type, const char *transfer_encoding, const char *data,
                                uint64_t off, size_t size)
{
        (void)kind;
        (void)content_type;
        (void)transfer_encoding;
        struct req *r = cls;
        struct upload *u = r->upload;
        if (strcmp(key, "file") == 0) {
                if (off == 0 && !u->have_file && u->fd < 0) {
                        u->have_file = true;
                        u->filename = arena_strdup(r->arena, filename ? filename : "");
                        crypto_hash_sha256_init(&u->sha);
                        if (open_tmp(u) < 0) {
                                u->failed = true;
                                return MHD_YES;
                        }
                } else if (off == 0 && u->have_file) {
                        u->extra_file = true;
                }
                if (u->extra_file || u->failed || u->too_large || size == 0)
                        return MHD_YES;
                if (u->size + size > u->cfg.max_file) {
                        /* stop storing; the rest of the body is read and dropped, then 413 */
                        u->too_large = true;
                        upload_discard(u);
                        return MHD_YES;
                }
                crypto_hash_sha256_update(&u->sha, (const unsigned char *)data, size);
                if (u->head_len < sizeof u->head) {
                        size_t k = sizeof u->head - u->head_len < size ? sizeof u->head - u->head_len : size;
                        memcpy(u->head + u->head_len, data, k);
                        u->head_len += k;
                }
                u->size += size;
                if (write_all(u->fd, data, size) < 0) {
                        log_error("上传写入失败 / upload write failed: %s", strerror(errno));
                        u->failed = true;
                }
                return MHD_YES;
        }
        if (strcmp(key, "kind") == 0) {
                size_t have = strlen(u->kind);
                if (off + size >= sizeof u->kind || have != off) {
                        u->unknown_field = true;
                        return MHD_YES;
                }
                memcpy(u->kind + off, data, size);
                u->kind[off + size] = '\0';
                return MHD_YES;
        }
        u->unknown_field = true;
        return MHD_YES;
}

int upload_begin(struct req *r, const struct upload_config *cfg)
{
        struct upload *u = arena_alloc(r->arena, sizeof *u);
        u->fd = -1;
        u->cfg = *cfg;
        r->upload = u;
        const char *ct = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
        if (!ct || strncasecmp(ct, "multipart/form-data", 19) != 0)
                return -EINVAL;
        u->pp = MHD_create_post_processor(r->conn, 64 * 1024, on_field, r);
        return u->pp ? 0 : -EINVAL;
}

int upload_feed(struct req *r, const char *data, size_t size)
{
        struct upload *u = r->upload;
        if (!u || !u->pp)
                return 0;
        return MHD_post_process(u->pp, data, size) == MHD_YES ? 0 : -EINVAL;
}

int upload_finish(struct req *r)
{
        struct upload *u = r->upload;
        if (u->pp) {
                MHD_destroy_post_processor(u->pp);
                u->pp = NULL;
        }
        if (u->fd < 0)
                return 0;
        int rc = fsync(u->fd) < 0 ? -errno : 0;
        if (rc == 0 && u->cfg.identify)
                u->type = u->cfg.identify(u->head, u->head_len, u->fd, u->size);
        close(u->fd);
        u->fd = -1;
        if (rc < 0) {
                u->failed = true;
                return rc;
        }
        unsigned char hash[crypto_hash_sha256_BYTES];
        crypto_hash_sha256_final(&u->sha, hash);
        sodium_bin2hex(u->sha256, sizeof u->sha256, hash, sizeof hash);
        return 0;
}

void upload_release(struct upload *u)
{
        if (!u)
                return;
        if (u->pp) {
                MHD_destroy_post_processor(u->pp);
                u->pp = NULL;
        }
        upload_discard(u);
}

void upload_discard(struct upload *u)
{
        if (!u)
                return;
        if (u->fd >= 0) {
                close(u->fd);
                u->fd = -1;
        }
        if (u->tmp_path[0]) {
                unlink(u->tmp_path);
                u->tmp_path[0] = '\0';
        }
}
