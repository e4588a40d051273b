/* multipart/form-data uploads streamed to disk: one file field ("file") and small text fields.
 * The file goes to a temp file in the store's tmp dir while its SHA-256 and content type are
 * computed on the way; memory does not grow with the file's size. */
#pragma once
#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/attachment.h"

struct req;
struct MHD_PostProcessor;

#define UPLOAD_FIELD_MAX 256    /* bytes of a text field */

struct upload {
        struct MHD_PostProcessor *pp;
        uint64_t max_file;              /* bytes */
        char kind[UPLOAD_FIELD_MAX];    /* the "kind" field */
        char *filename;                 /* as the browser sent it (arena) */
        int fd;
        char tmp_path[4096];
        crypto_hash_sha256_state sha;
        struct sniffer sniff;
        uint64_t size;
        bool have_file, too_large, extra_file, unknown_field, failed;
        /* after upload_finish */
        char sha256[65];
        enum file_type type;
};

/* Starts parsing the request's body; -EINVAL if it is not multipart/form-data. */
int upload_begin(struct req *r, uint64_t max_file);
/* Feeds a chunk of the body. */
int upload_feed(struct req *r, const char *data, size_t size);
/* Ends the body: fsyncs the temp file and computes the hash and the type. */
int upload_finish(struct req *r);
/* Removes the temp file if it is still there (always safe to call; called on completion). */
void upload_discard(struct upload *u);
