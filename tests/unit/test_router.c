/* The route table lookup: matches, parameters, 404 against 405 with its Allow list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "http/router.h"

/* A service's table: each entry starts with its route and carries what the service needs (here a
 * tag standing for the handler). */
struct entry {
        struct route route;
        int handler;
};

enum { h_a = 1, h_b, h_c, h_d };

static const struct entry table[] = {
        { { "GET", "/api/v1/campaigns", BODY_NONE, 0 }, h_a },
        { { "GET", "/api/v1/campaigns/{year}", BODY_NONE, 0 }, h_b },
        { { "POST", "/api/v1/session", BODY_JSON, 0 }, h_c },
        { { "DELETE", "/api/v1/session", BODY_NONE, 0 }, h_d },
        { { "GET", "/api/v1/applications/{id}/attachments/{aid}", BODY_NONE, 0 }, h_a },
};
#define N (sizeof table / sizeof table[0])

static const struct entry *find(const char *method, const char *path, struct route_params *p, char *allow,
                                int *status)
{
        const struct route_table t = { table, N, sizeof table[0] };
        return (const struct entry *)(const void *)router_match(&t, method, path, p, allow, 128, status);
}

static void test_exact_match(void **state)
{
        (void)state;
        struct route_params p;
        char allow[128];
        int status = 0;
        const struct entry *r = find("GET", "/api/v1/campaigns", &p, allow, &status);
        assert_non_null(r);
        assert_int_equal(r->handler, h_a);
        assert_int_equal(p.n, 0);
}

static void test_param_captured(void **state)
{
        (void)state;
        struct route_params p;
        char allow[128];
        int status = 0;
        const struct entry *r = find("GET", "/api/v1/campaigns/2023", &p, allow, &status);
        assert_non_null(r);
        assert_int_equal(r->handler, h_b);
        assert_string_equal(route_param(&p, "year"), "2023");
        assert_null(route_param(&p, "yea"));
        assert_null(route_param(&p, "years"));
}

static void test_two_params(void **state)
{
        (void)state;
        struct route_params p;
        char allow[128];
        int status = 0;
        assert_non_null(find("GET", "/api/v1/applications/17/attachments/9", &p, allow, &status));
        assert_string_equal(route_param(&p, "id"), "17");
        assert_string_equal(route_param(&p, "aid"), "9");
}

static void test_param_never_empty_or_spanning(void **state)
{
        (void)state;
        struct route_params p;
        char allow[128];
        int status = 0;
        assert_null(find("GET", "/api/v1/campaigns/", &p, allow, &status));
        assert_int_equal(status, 404);
        assert_null(find("GET", "/api/v1/campaigns/2023/extra", &p, allow, &status));
        assert_int_equal(status, 404);
        assert_null(find("GET", "/api/v1/applications/1/2/attachments/3", &p, allow, &status));
        assert_int_equal(status, 404);
}

static void test_param_too_long_is_404(void **state)
{
        (void)state;
        struct route_params p;
        char allow[128], path[300] = "/api/v1/campaigns/";
        int status = 0;
        memset(path + strlen(path), '9', 200);
        path[18 + 200] = '\0';
        assert_null(find("GET", path, &p, allow, &status));
        assert_int_equal(status, 404);
}

static void test_wrong_method_is_405_with_allow(void **state)
{
        (void)state;
        struct route_params p;
        char allow[128];
        int status = 0;
        assert_null(find("PUT", "/api/v1/session", &p, allow, &status));
        assert_int_equal(status, 405);
        assert_string_equal(allow, "POST, DELETE");
        assert_null(find("POST", "/api/v1/campaigns/2023", &p, allow, &status));
        assert_int_equal(status, 405);
        assert_string_equal(allow, "GET");
}

static void test_unknown_is_404(void **state)
{
        (void)state;
        struct route_params p;
        char allow[128];
        int status = 0;
        assert_null(find("GET", "/api/v1/nothing", &p, allow, &status));
        assert_int_equal(status, 404);
        assert_null(find("GET", "/api/v1/campaign", &p, allow, &status));
        assert_int_equal(status, 404);
        assert_null(find("GET", "/api/v1/campaignsX", &p, allow, &status));
        assert_int_equal(status, 404);
        assert_null(find("GET", "", &p, allow, &status));
        assert_int_equal(status, 404);
}

static void test_method_chooses_route(void **state)
{
        (void)state;
        struct route_params p;
        char allow[128];
        int status = 0;
        assert_int_equal(find("POST", "/api/v1/session", &p, allow, &status)->handler, h_c);
        assert_int_equal(find("DELETE", "/api/v1/session", &p, allow, &status)->handler, h_d);
        /* HEAD is served by the GET route */
        assert_int_equal(find("HEAD", "/api/v1/campaigns", &p, allow, &status)->handler, h_a);
        /* methods are case-sensitive (RFC 9110) */
        assert_null(find("get", "/api/v1/campaigns", &p, allow, &status));
        assert_int_equal(status, 405);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_exact_match),
                cmocka_unit_test(test_param_captured),
                cmocka_unit_test(test_two_params),
                cmocka_unit_test(test_param_never_empty_or_spanning),
                cmocka_unit_test(test_param_too_long_is_404),
                cmocka_unit_test(test_wrong_method_is_405_with_allow),
                cmocka_unit_test(test_unknown_is_404),
                cmocka_unit_test(test_method_chooses_route),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
