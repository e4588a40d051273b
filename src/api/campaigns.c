/* What is read once when the server starts and then shared read-only by every thread: the calls
 * (campaigns), parsed and checked, so no request parses a call's JSON again, and Jiangsu's
 * regions. Both change only when a new binary brings new data files, seeded before this runs.
 * (Departments are not here: the province admin edits them while serving.) */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/campaign.h"
#include "util/arena.h"
#include "util/log.h"

struct entry {
        struct campaign c;
        char *text;             /* the definition as stored */
        size_t len;
};

static struct entry *entries;
static size_t n_entries;
static char *list_text;         /* GET /api/v1/campaigns: {"items": [{year, title, timeline}]} */
static struct region *regions;
static size_t n_regions;

void api_campaigns_free(void)
{
        for (size_t i = 0; i < n_entries; i++)
                free(entries[i].text);
        free(entries);
        free(list_text);
        free(regions);
        entries = NULL;
        list_text = NULL;
        regions = NULL;
        n_entries = n_regions = 0;
}

int api_campaigns_load(struct db *db)
{
        struct arena *a = arena_new();
        struct campaign_row *rows;
        struct region *regs = NULL, *reg_copy = NULL;
        size_t n, nr = 0;
        int err = store_region_list(db, a, &regs, &nr);
        if (err == 0 && !(reg_copy = malloc((nr ? nr : 1) * sizeof *reg_copy)))
                err = -ENOMEM;
        if (err == 0)
                memcpy(reg_copy, regs, nr * sizeof *reg_copy);
        if (err == 0)
                err = store_campaign_list(db, a, &rows, &n);
        struct entry *v = err == 0 ? calloc(n ? n : 1, sizeof *v) : NULL;
        if (err == 0 && !v)
                err = -ENOMEM;
        size_t k = 0;
        json_t *items = json_array();
        for (size_t i = 0; err == 0 && i < n; i++) {
                json_t *def = json_loads(rows[i].definition_json, 0, NULL);
                char *why = NULL;
                if (!def || campaign_parse(def, &v[k].c, &why) < 0) {
                        log_error("%d 年申报通知定义有误 / campaign %d is invalid: %s", rows[i].year, rows[i].year,
                                  why ? why : "not JSON");
                        err = -EINVAL;
                } else if (!(v[k].text = strdup(rows[i].definition_json))) {
                        err = -ENOMEM;
                } else {
                        v[k].len = strlen(v[k].text);
                        k++;
                        json_array_append_new(items, json_pack("{s:i, s:O, s:O}", "year", rows[i].year, "title",
                                                               json_object_get(def, "title"), "timeline",
                                                               json_object_get(def, "timeline")));
                }
                free(why);
                json_decref(def);
        }
        arena_free(a);
        json_t *list = json_pack("{s:o}", "items", items);
        char *text = err == 0 ? json_dumps(list, JSON_COMPACT) : NULL;
        json_decref(list);
        if (err == 0 && !text)
                err = -ENOMEM;
        if (err < 0) {
                for (size_t i = 0; i < k; i++)
                        free(v[i].text);
                free(v);
                free(reg_copy);
                return err;
        }
        api_campaigns_free();
        entries = v;
        n_entries = k;
        list_text = text;
        regions = reg_copy;
        n_regions = nr;
        return 0;
}

const struct campaign *api_campaign(int year)
{
        for (size_t i = 0; i < n_entries; i++)
                if (entries[i].c.year == year)
                        return &entries[i].c;
        return NULL;
}

int api_campaign_of_path(struct call *c, const struct campaign **ret)
{
        *ret = api_campaign(c->year);
        return *ret ? 0 : -ENOENT;
}

size_t api_campaigns_count(void)
{
        return n_entries;
}

const struct campaign *api_campaign_at(size_t i)
{
        return i < n_entries ? &entries[i].c : NULL;
}

const char *api_campaign_text(int year, size_t *ret_len)
{
        for (size_t i = 0; i < n_entries; i++)
                if (entries[i].c.year == year) {
                        *ret_len = entries[i].len;
                        return entries[i].text;
                }
        return NULL;
}

const char *api_campaigns_list_text(void)
{
        return list_text ? list_text : "{\"items\":[]}";
}

int api_regions(const struct region **ret, size_t *ret_n)
{
        if (!regions)
                return -EIO;
        *ret = regions;
        *ret_n = n_regions;
        return 0;
}
