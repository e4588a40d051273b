#include "http/static.h"

#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/reply.h"
#include "http/request.h"
#include "util/arena.h"

static const struct {
        const char *ext;
        const char *type;
} types[] = {
        { ".html", "text/html; charset=utf-8" },
        { ".js", "text/javascript; charset=utf-8" },
        { ".mjs", "text/javascript; charset=utf-8" },
        { ".css", "text/css; charset=utf-8" },
        { ".json", "application/json; charset=utf-8" },
        { ".map", "application/json; charset=utf-8" },
        { ".svg", "image/svg+xml" },
        { ".png", "image/png" },
        { ".jpg", "image/jpeg" },
        { ".jpeg", "image/jpeg" },
        { ".gif", "image/gif" },
        { ".webp", "image/webp" },
        { ".ico", "image/x-icon" },
        { ".woff2", "font/woff2" },
        { ".woff", "font/woff" },
        { ".ttf", "font/ttf" },
        { ".txt", "text/plain; charset=utf-8" },
        { ".pdf", "application/pdf" },
};

static const char *content_type(const char *path)
{
        const char *dot = strrchr(path, '.');
        const char *slash = strrchr(path, '/');
        if (dot && (!slash || dot > slash))
                for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
                        if (strcmp(dot, types[i].ext) == 0)
                                return types[i].type;
        return "application/octet-stream";
}

/* Only plain relative paths: no "." or ".." segments, no empty segments, no backslashes. */
static bool path_safe(const char *p)
{
        if (p[0] != '/' || strlen(p) > 512 || strchr(p, '\\'))
                return false;
        for (const char *s = p + 1; *s;) {
                const char *e = strchr(s, '/');
                size_t n = e ? (size_t)(e - s) : strlen(s);
                if ((n == 0 && e) || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
                        return false;
                s += n + (e ? 1 : 0);
        }
        return true;
}

static bool accepts_gzip(struct req *r)
{
        const char *ae = req_header(r, MHD_HTTP_HEADER_ACCEPT_ENCODING);
        return ae && strstr(ae, "gzip");
}

static const char CSP[] =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
        "font-src 'self' data:; connect-src 'self'; frame-src 'self' blob:; object-src 'none'; base-uri 'self'; "
        "frame-ancestors 'none'";

static int send_file(struct req *r, const char *file, const char *type, bool immutable)
{
        const char *gz = arena_printf(r->arena, "%s.gz", file);
        bool gzipped = false;
        int fd = -1;
        if (accepts_gzip(r)) {
                fd = open(gz, O_RDONLY | O_CLOEXEC);
                gzipped = fd >= 0;
        }
        if (fd < 0)
                fd = open(file, O_RDONLY | O_CLOEXEC);
        struct stat st;
        if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
                if (fd >= 0)
                        close(fd);
                return -ENOENT;
        }
        char *etag = arena_printf(r->arena, "\"%llx-%llx%s\"", (unsigned long long)st.st_size,
                                  (unsigned long long)st.st_mtime, gzipped ? "-gz" : "");
        bool html = strncmp(type, "text/html", 9) == 0;
        const char *extra[7] = { "Vary", "Accept-Encoding" };
        size_t i = 2;
        if (gzipped) {
                extra[i++] = "Content-Encoding";
                extra[i++] = "gzip";
        }
        if (html) {
                extra[i++] = "Content-Security-Policy";
                extra[i++] = CSP;
        }
        struct reply_head h = { .content_type = type, .etag = etag, .extra = extra,
                                .cache_control = immutable ? "public, max-age=31536000, immutable" : "no-cache" };
        const char *inm = req_header(r, MHD_HTTP_HEADER_IF_NONE_MATCH);
        if (inm && strcmp(inm, etag) == 0) {
                close(fd);
                return reply_bytes(r, 304, &h, NULL, 0);
        }
        return reply_file(r, 200, &h, fd, (uint64_t)st.st_size);
}

int static_serve(struct req *r, const char *root)
{
        if (!path_safe(r->path))
                return -ENOENT;
        /* Vite puts content-hashed files under /assets/: those never change, so cache them for good */
        bool asset = strncmp(r->path, "/assets/", 8) == 0;
        const char *rel = strcmp(r->path, "/") == 0 ? "/index.html" : r->path;
        int ret = send_file(r, arena_printf(r->arena, "%s%s", root, rel), content_type(rel), asset);
        if (ret != -ENOENT)
                return ret;
        /* a client-side route (/login, /admin/users): the app's index.html handles it */
        const char *last = strrchr(r->path, '/');
        if (!asset && !strchr(last, '.')) {
                ret = send_file(r, arena_printf(r->arena, "%s/index.html", root), "text/html; charset=utf-8", false);
                return ret == -ENOENT ? -ENODEV : ret;
        }
        return -ENOENT;
}
