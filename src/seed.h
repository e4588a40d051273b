/* Reference data and calls shipped in data/ (built into the binary), loaded into the database at
 * every start and by `shenbao migrate`; and the demo data of `shenbao demo`. */
#pragma once
#include <stdio.h>

struct db;

/* Regions (updated), departments (added when missing: the admin's edits survive) and every
 * data/campaigns/<year>.json, checked by domain/campaign before it is stored. */
int seed_reference(struct db *db);

/* Demo accounts, one per role (password reset to the demo password if they exist); prints them. */
int seed_demo(struct db *db, FILE *out);

#define DEMO_PASSWORD "Shenbao@2023"
