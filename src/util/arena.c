#include "util/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 8192

struct block {
        struct block *next;
        size_t used, size;
        max_align_t data[];
};

struct arena {
        struct block *head;
};

static void *xmalloc(size_t n)
{
        void *p = malloc(n);
        if (!p) {
                fputs("out of memory\n", stderr);
                abort();
        }
        return p;
}

struct arena *arena_new(void)
{
        struct arena *a = xmalloc(sizeof *a);
        a->head = NULL;
        return a;
}

void arena_free(struct arena *a)
{
        if (!a)
                return;
        for (struct block *b = a->head, *next; b; b = next) {
                next = b->next;
                free(b);
        }
        free(a);
}

void *arena_alloc(struct arena *a, size_t n)
{
        const size_t align = sizeof(max_align_t);
        n = (n + align - 1) / align * align;
        if (!n)
                n = align;
        struct block *b = a->head;
        if (!b || b->size - b->used < n) {
                size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
                b = xmalloc(sizeof *b + size);
                b->used = 0;
                b->size = size;
                /* a big one-off goes behind the current block so the current keeps serving small ones */
                if (n > ARENA_BLOCK && a->head) {
                        b->next = a->head->next;
                        a->head->next = b;
                } else {
                        b->next = a->head;
                        a->head = b;
                }
        }
        void *p = (char *)b->data + b->used;
        b->used += n;
        memset(p, 0, n);
        return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
        char *p = arena_alloc(a, n + 1);
        memcpy(p, s, n);
        p[n] = '\0';
        return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
        return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(NULL, 0, fmt, ap);
        va_end(ap);
        if (n < 0)
                return arena_strdup(a, "");
        char *p = arena_alloc(a, (size_t)n + 1);
        va_start(ap, fmt);
        vsnprintf(p, (size_t)n + 1, fmt, ap);
        va_end(ap);
        return p;
}

void *arena_push(struct arena *a, void **v, size_t *n, size_t *alloc, size_t size)
{
        if (*n == *alloc) {
                size_t grow = *alloc ? 2 * *alloc : 16;
                void *w = arena_alloc(a, grow * size);
                if (*n)
                        memcpy(w, *v, *n * size);
                *v = w;
                *alloc = grow;
        }
        return (char *)*v + (*n)++ * size;
}
