/* The HTTP server: libmicrohttpd with a thread pool on epoll, the request lifecycle, the access
 * log, and a graceful stop on SIGTERM/SIGINT (finish what is in flight, then exit 0). */
#pragma once
#include <stddef.h>

struct route;

/* Serves until SIGTERM or SIGINT; returns 0 after a clean stop, negative on start-up failure. */
int http_serve(const struct route *routes, size_t n_routes);
