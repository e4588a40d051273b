/* multipart/form-data uploads streamed to disk: one file field ("file") and one small text field
 * ("kind"). The file goes to a temp file in the caller's directory while its SHA-256 is computed
 * on the way; memory does not grow with the file's size. What the file *is* is the caller's
 * question: it gives a function that recognises a finished file. */
#pragma once
#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct req;
struct MHD_PostProcessor;

#define UPLOAD_FIELD_MAX 256    /* bytes of a text field */
#define UPLOAD_HEAD_MAX 16      /* the file's first bytes, kept for the caller's recogniser */

struct upload_config {
        const char *tmp_dir;            /* on the same file system as where the file will end up */
        uint64_t max_file;              /* bytes */
        /* Recognises the finished (fsynced) temp file from its first bytes and, when it must
         * look further, the open descriptor; returns the caller's type code. */
        int (*identify)(const unsigned char *head, size_t head_len, int fd, uint64_t size);
};

struct upload {
        struct MHD_PostProcessor *pp;
        struct upload_config cfg;
        char kind[UPLOAD_FIELD_MAX];    /* the "kind" field */
        char *filename;                 /* as the browser sent it (arena) */
        int fd;
        char tmp_path[4096];
        crypto_hash_sha256_state sha;
        unsigned char head[UPLOAD_HEAD_MAX];
        size_t head_len;
        uint64_t size;
        bool have_file, too_large, extra_file, unknown_field, failed;
        /* after upload_finish */
        char sha256[65];
        int type;                       /* what cfg.identify said */
};

/* Starts parsing the request's body; -EINVAL if it is not multipart/form-data (r->upload is set
 * either way, so the caller can tell what was refused). */
int upload_begin(struct req *r, const struct upload_config *cfg);
/* Feeds a chunk of the body. */
int upload_feed(struct req *r, const char *data, size_t size);
/* Ends the body: fsyncs the temp file, computes the hash and asks for the type. */
int upload_finish(struct req *r);
/* Removes the temp file if it is still there (always safe to call). */
void upload_discard(struct upload *u);
/* upload_discard, and frees the parser: when the request is done. */
void upload_release(struct upload *u);
