/* GET /api/v1/campaigns/{year}/overview: the province's picture of a call — counts and investment
 * by status, category and authority (13 cities, 昆山/泰兴/沭阳, departments) of everything past
 * draft, with the list's status and category filters. The database counts and sums (exactly, in
 * hundredths); this file only shapes the answer. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/application.h"
#include "domain/campaign.h"

static json_t *money(int64_t hundredths)
{
        /* at most 13 digits: printed exactly by reply_json's 15 significant digits */
        return json_real((double)hundredths / 100.0);
}

static json_t *sums(const struct overview_row *x, json_t *o)
{
        json_object_set_new(o, "count", json_integer(x ? x->count : 0));
        json_object_set_new(o, "total_investment", money(x ? x->total_investment : 0));
        json_object_set_new(o, "non_construction_investment", money(x ? x->non_construction_investment : 0));
        return o;
}

static const struct overview_row *find(const struct overview_row *v, size_t n, const char *group, const char *key)
{
        for (size_t i = 0; i < n; i++)
                if (strcmp(v[i].group, group) == 0 && strcmp(v[i].key, key) == 0)
                        return &v[i];
        return NULL;
}

int api_overview_get(struct call *c)
{
        const struct campaign *cp;
        int err = api_campaign_of_path(c, &cp);
        if (err < 0)
                return err;
        const char *status = api_query(c, "status"), *category = api_query(c, "category");
        json_t *bad = json_object();
        if (status && status_parse(status) == ST_NONE)
                json_object_set_new(bad, "status", json_string("状态不存在"));
        if (category && !campaign_has_category(cp, category))
                json_object_set_new(bad, "category", json_string("该年度没有这个项目类别"));
        if (json_object_size(bad))
                return api_fail(c, E_BAD_REQUEST, "筛选条件有误", bad);
        json_decref(bad);

        struct overview_row *v;
        size_t n;
        struct app_scope scope = api_scope(c);
        if (status)
                workflow_scope_narrow(&scope, status_parse(status));
        err = store_overview(c->db, c->arena, cp->year, &scope, category, &v, &n);
        if (err < 0)
                return err;

        json_t *by_status = json_array(), *by_category = json_array(), *by_authority = json_array();
        /* every category of the call, in the call's order, with zeros: what a chart needs */
        for (size_t i = 0; i < cp->n_categories; i++)
                json_array_append_new(by_category,
                                      sums(find(v, n, "category", cp->categories[i].code),
                                           json_pack("{s:s, s:s}", "category", cp->categories[i].code, "name",
                                                     cp->categories[i].name)));
        for (size_t i = 0; i < n; i++) {
                const struct overview_row *x = &v[i];
                if (strcmp(x->group, "status") == 0)
                        json_array_append_new(by_status, sums(x, json_pack("{s:s, s:s}", "status", x->key, "label",
                                                                           status_label(status_parse(x->key), NULL))));
                else if (strcmp(x->group, "category") == 0 && !campaign_has_category(cp, x->key))
                        json_array_append_new(by_category,
                                              sums(x, json_pack("{s:s, s:s}", "category", x->key, "name", x->key)));
                else if (strcmp(x->group, "city") == 0 || strcmp(x->group, "direct_county") == 0 ||
                         strcmp(x->group, "department") == 0)
                        json_array_append_new(by_authority, sums(x, json_pack("{s:s, s:s, s:s}", "kind", x->group,
                                                                              "code", x->key, "name", x->name)));
        }
        json_t *o = json_pack("{s:i, s:{s:o, s:o}, s:o, s:o, s:o, s:o}", "campaign", cp->year, "filters", "status",
                              status ? json_string(status) : json_null(), "category",
                              category ? json_string(category) : json_null(), "total",
                              sums(find(v, n, "total", ""), json_object()), "by_status", by_status, "by_category",
                              by_category, "by_authority", by_authority);
        return api_json(c, 200, o);
}
