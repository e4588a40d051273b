/* The running platform's configuration and shared objects, built by main and read by handlers. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

struct config {
        char *listen_host;              /* "127.0.0.1" */
        unsigned listen_port;           /* 0 = any free port (tests) */
        char *data_dir;
        char *db_url;                   /* NULL = SQLite in data_dir */
        char *web_root;                 /* the built UI (web/dist) */
        unsigned threads;               /* worker threads; 0 = number of cores */
        unsigned connection_limit;
        unsigned per_ip_connection_limit;
        unsigned connection_timeout;    /* seconds of inactivity before a connection is closed */
        unsigned rate_limit;            /* requests per second per address; 0 = off */
        bool cookie_secure;             /* add Secure to cookies (behind HTTPS) */
        bool behind_proxy;              /* trust X-Real-IP from a proxy on loopback */
        size_t json_body_max;           /* bytes */
};

struct app {
        struct config cfg;
        struct store *store;            /* owned by main */
};

/* The one app of this process (set by main before serving). */
extern struct app *app;
