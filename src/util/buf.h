/* A growable byte buffer with a size cap, for request bodies and generated text.
 * Invariants: data is NULL or NUL-terminated with len < alloc; len never exceeds cap. */
#pragma once
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct buf {
        char *data;
        size_t len;
        size_t alloc;
        size_t cap;     /* 0 = no cap beyond memory */
};

#define BUF_INIT(c) ((struct buf){ .cap = (c) })

/* Appends n bytes; -E2BIG if the cap would be exceeded (nothing appended), -ENOMEM. */
int buf_append(struct buf *b, const void *p, size_t n);
/* Makes room for n more bytes (and the NUL) without writing: -E2BIG past the cap, -ENOMEM. */
int buf_reserve(struct buf *b, size_t extra);
int buf_puts(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the data to the caller (never NULL: "" for an empty buffer) and resets b. */
char *buf_detach(struct buf *b);
void buf_reset(struct buf *b);
void buf_free(struct buf *b);
