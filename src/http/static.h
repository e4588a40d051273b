/* The built web UI (web/dist) as static files: content types, cache headers, precompressed
 * .gz variants, and the single-page-app fallback to index.html. */
#pragma once

struct req;

int static_serve(struct req *r);
