/* router_match on any method and path, against a segment-by-segment reference matcher: the same
 * route, parameters that are whole non-empty segments, and 404/405 with the right Allow list. */
#include "fuzz_common.h"
#include "http/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* src/api/routes.c's table, plus rows of the shape that later endpoints will have (two
 * parameters, a parameter in the middle, one path under several methods). */
static const struct route table[] = {
        { "GET", "/healthz", BODY_NONE, 0 },
        { "GET", "/api/v1/about", BODY_NONE, 0 },
        { "GET", "/api/v1/regions", BODY_NONE, 0 },
        { "GET", "/api/v1/departments", BODY_NONE, 0 },
        { "GET", "/api/v1/campaigns", BODY_NONE, 0 },
        { "GET", "/api/v1/campaigns/{year}", BODY_NONE, 0 },
        { "POST", "/api/v1/accounts", BODY_JSON, 0 },
        { "POST", "/api/v1/accounts/validate", BODY_JSON, 0 },
        { "POST", "/api/v1/session", BODY_JSON, 0 },
        { "DELETE", "/api/v1/session", BODY_NONE, 0 },
        { "GET", "/api/v1/me", BODY_NONE, 0 },
        { "GET", "/api/v1/users", BODY_NONE, 0 },
        { "POST", "/api/v1/users", BODY_JSON, 0 },
        { "GET", "/api/v1/users/{id}", BODY_NONE, 0 },
        { "PATCH", "/api/v1/users/{id}", BODY_JSON, 0 },
        { "PUT", "/api/v1/users/{id}", BODY_JSON, 0 },
        { "GET", "/api/v1/campaigns/{year}/applications/{id}", BODY_NONE, 0 },
        { "POST", "/api/v1/campaigns/{year}/applications/{id}/submit", BODY_JSON, 0 },
        { "GET", "/api/v1/applications/{id}/attachments/{name}", BODY_NONE, 0 },
};
#define N_ROUTES (sizeof table / sizeof table[0])
#define ALLOW_SIZE 128 /* what src/http/server.c passes */

/* Splits at '/'; returns the number of segments (the text before the first '/' is segment 0). */
static size_t split(const char *s, const char *seg[], size_t len[], size_t max)
{
        size_t n = 0;

        for (;;) {
                const char *slash = strchr(s, '/');
                size_t l = slash ? (size_t) (slash - s) : strlen(s);

                if (n < max) {
                        seg[n] = s;
                        len[n] = l;
                }
                n++;
                if (!slash)
                        return n;
                s = slash + 1;
        }
}

#define SEG_MAX 16

/* Reference: same number of segments; each literal segment equal, each {param} segment non-empty
 * and shorter than a route_params value. Fills values[] with the parameter segments. */
static bool ref_match(const char *pattern, const char *path, const char *values[], size_t vlen[],
                      size_t *n_values)
{
        const char *ps[SEG_MAX], *ss[SEG_MAX];
        size_t pl[SEG_MAX], sl[SEG_MAX];
        size_t np = split(pattern, ps, pl, SEG_MAX), ns = split(path, ss, sl, SEG_MAX);

        *n_values = 0;
        if (np != ns || np > SEG_MAX)
                return false;
        for (size_t i = 0; i < np; i++) {
                if (pl[i] > 1 && ps[i][0] == '{' && ps[i][pl[i] - 1] == '}') {
                        if (sl[i] == 0 || sl[i] >= 128)
                                return false;
                        values[*n_values] = ss[i];
                        vlen[*n_values] = sl[i];
                        (*n_values)++;
                } else if (pl[i] != sl[i] || memcmp(ps[i], ss[i], pl[i]) != 0)
                        return false;
        }
        return true;
}

static void check(const char *method, const char *path)
{
        struct route_params params;
        char *allow = malloc(ALLOW_SIZE); /* exact size: ASan sees any write past it */
        char expect_allow[1024] = "";
        int status = -1;
        const struct route *want = NULL;
        const char *values[SEG_MAX];
        size_t vlen[SEG_MAX], n_values = 0, want_n = 0;
        const char *want_values[SEG_MAX];
        size_t want_vlen[SEG_MAX];
        bool path_known = false;
        const struct route *got;

        if (!allow)
                abort();
        for (size_t i = 0; i < N_ROUTES && !want; i++) {
                if (!ref_match(table[i].pattern, path, values, vlen, &n_values))
                        continue;
                if (strcmp(table[i].method, method) == 0 ||
                    (strcmp(method, "HEAD") == 0 && strcmp(table[i].method, "GET") == 0)) {
                        want = &table[i];
                        want_n = n_values;
                        memcpy(want_values, values, sizeof values);
                        memcpy(want_vlen, vlen, sizeof vlen);
                } else {
                        path_known = true;
                        if (*expect_allow)
                                strcat(expect_allow, ", ");
                        strcat(expect_allow, table[i].method);
                }
        }

        const struct route_table t = { table, N_ROUTES, sizeof table[0] };
        got = router_match(&t, method, path, &params, allow, ALLOW_SIZE, &status);
        FUZZ_CHECK(got == want, "%s %s: router_match gave row %td, reference row %td", method, path,
                   got ? got - table : -1, want ? want - table : -1);
        if (got) {
                FUZZ_CHECK(params.n == want_n, "%s %s: %zu params, want %zu", method, path, params.n,
                           want_n);
                for (size_t i = 0; i < params.n; i++) {
                        const char *v = params.value[i];
                        char name[64];

                        FUZZ_CHECK(*v, "%s %s: param %zu empty", method, path, i);
                        FUZZ_CHECK(!strchr(v, '/'), "%s %s: param %zu \"%s\" has a '/'", method, path,
                                   i, v);
                        FUZZ_CHECK(strlen(v) == want_vlen[i] && memcmp(v, want_values[i], want_vlen[i]) == 0,
                                   "%s %s: param %zu is \"%s\"", method, path, i, v);
                        FUZZ_CHECK(params.name_len[i] > 0 && params.name_len[i] < sizeof name,
                                   "param name length %zu", params.name_len[i]);
                        memcpy(name, params.name[i], params.name_len[i]);
                        name[params.name_len[i]] = '\0';
                        FUZZ_CHECK(!strchr(name, '}') && !strchr(name, '/'), "param name \"%s\"", name);
                        /* The first parameter of that name (names repeat in no route). */
                        FUZZ_CHECK(route_param(&params, name) == v, "route_param(\"%s\")", name);
                }
        } else {
                FUZZ_CHECK(status == (path_known ? 405 : 404), "%s %s: status %d, want %d", method,
                           path, status, path_known ? 405 : 404);
                FUZZ_CHECK(strlen(allow) < ALLOW_SIZE, "Allow not terminated");
                if (status == 405) {
                        FUZZ_CHECK(*allow, "%s %s: 405 with an empty Allow", method, path);
                        FUZZ_CHECK(strcmp(allow, expect_allow) == 0, "%s %s: Allow \"%s\", want \"%s\"",
                                   method, path, allow, expect_allow);
                }
        }
        free(allow);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        /* "METHOD PATH": the method is everything before the first space (all of it, without a
         * space: then the path is empty); the path stops at a NUL or a newline as MHD would. */
        char *s = fuzz_strndup(data, size);
        char *sp = strchr(s, ' ');
        char *method = s, *path = sp ? sp + 1 : s + strlen(s);
        char *nl;

        if (sp)
                *sp = '\0';
        nl = strpbrk(path, "\r\n");
        if (nl)
                *nl = '\0';
        check(method, path);
        free(s);
        return 0;
}
