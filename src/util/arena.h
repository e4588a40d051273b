/* A per-request (or per-command) memory arena: many small allocations, one free.
 * Owned by whoever created it; everything allocated from it dies with arena_free. */
#pragma once
#include <stdarg.h>
#include <stddef.h>

struct arena;

struct arena *arena_new(void);
void arena_free(struct arena *a);
/* Zeroed memory; aborts on out-of-memory (a request cannot continue without it). */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends a zeroed element to a growing arena array: *v has *n elements in room for *alloc;
 * returns the new element. Old storage stays in the arena until it is freed. */
void *arena_push(struct arena *a, void **v, size_t *n, size_t *alloc, size_t size);
