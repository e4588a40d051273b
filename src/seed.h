/* Reference data and calls shipped in data/ (built into the binary), loaded into the database at
 * every start and by `shenbao migrate`; and the demo data of `shenbao demo`. */
#pragma once
#include <stdio.h>

struct db;
struct store;
struct embedded_file;

/* Regions (updated), departments (added when missing: the admin's edits survive) and every
 * data/campaigns/<year>.json, checked by domain/campaign before it is stored. */
int seed_reference(struct db *db);

/* A file built into the binary (data/..., migrations/...), or NULL. */
const struct embedded_file *seed_file(const char *name);

/* demo.c: demo accounts, one per role (their password reset if they exist), and sample units with
 * applications in several states (data/demo/); prints the accounts. Loading twice changes nothing
 * but the passwords. */
int seed_demo(struct store *store, struct db *db, FILE *out);

#define DEMO_PASSWORD "Shenbao@2023"
