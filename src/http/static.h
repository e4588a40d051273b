/* The built web UI (web/dist) as static files: content types, cache headers, precompressed
 * .gz variants, and the single-page-app fallback to index.html. */
#pragma once

struct req;

/* Answers a GET/HEAD for a file under root. Returns 0 when answered; -ENOENT when there is no such
 * file, -ENODEV when the UI is not built at all (no index.html): the caller answers those. */
int static_serve(struct req *r, const char *root);
