/* Files built into the binary (tools/embed.py): SQL migrations and seed data. */
#pragma once
#include <stddef.h>

struct embedded_file {
        const char *name;       /* path relative to the source root, e.g. "migrations/sqlite/001_init.sql" */
        const char *data;       /* NUL-terminated */
        size_t size;
};

/* Terminated by an entry with name == NULL; sorted as given to the build (by name). */
extern const struct embedded_file embedded_files[];
