/* The 负责同志 of each city and direct county (the notice's 四.1: name and phone to the province by
 * contacts_due): the city reviewer records its own, the province admin sees who is missing or late. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/input.h"
#include "domain/authority.h"
#include "domain/campaign.h"
#include "util/arena.h"
#include "util/timeutil.h"

/* The 13 cities and 3 direct counties register a contact; nobody else does. */
static bool registers_contact(const struct region *reg, struct authority *ret)
{
        return reg->reports_to_province && authority_of_region(reg, ret) == 0 &&
               (ret->kind == AUTHORITY_CITY || ret->kind == AUTHORITY_DIRECT_COUNTY);
}

static json_t *time_json(int64_t t)
{
        char buf[32];
        return t ? json_string(time_format_beijing(t, buf)) : json_null();
}

static json_t *entry_json(struct call *c, const struct campaign *cp, const struct region *reg,
                          const struct authority *au, const struct contact_row *ct)
{
        int64_t due = beijing_day_end(cp->contacts_due);
        return json_pack("{s:{s:s, s:s}, s:s, s:o, s:o, s:o, s:o, s:b, s:b}", "region", "code", reg->code, "name",
                         reg->name, "authority", au->name, "name", ct ? json_string(ct->name) : json_null(), "phone",
                         ct ? json_string(ct->phone) : json_null(), "recorded_at", time_json(ct ? ct->recorded_at : 0),
                         "updated_at", time_json(ct ? ct->updated_at : 0), "missing", ct == NULL, "late",
                         authority_contact_late(ct ? ct->recorded_at : 0, c->now, due));
}

/* The entries of the contacts list: every city and direct county, or only the caller's. */
static int list_entries(struct call *c, const struct campaign *cp, const char *only, json_t *items)
{
        struct region *regions;
        struct contact_row *cts;
        size_t nr, nc;
        int err = store_region_list(c->db, c->arena, &regions, &nr);
        if (err == 0)
                err = store_contact_list(c->db, c->arena, cp->year, &cts, &nc);
        if (err < 0)
                return err;
        for (size_t i = 0; i < nr; i++) {
                struct authority au;
                if (!registers_contact(&regions[i], &au) || (only && strcmp(only, regions[i].code) != 0))
                        continue;
                const struct contact_row *ct = NULL;
                for (size_t k = 0; k < nc && !ct; k++)
                        if (strcmp(cts[k].region_code, regions[i].code) == 0)
                                ct = &cts[k];
                json_array_append_new(items, entry_json(c, cp, &regions[i], &au, ct));
        }
        return 0;
}

int api_contacts_list(struct call *c)
{
        const struct campaign *cp;
        int err = api_campaign_of_path(c, &cp);
        if (err < 0)
                return err;
        json_t *items = json_array();
        err = list_entries(c, cp, c->user.role == ROLE_PROVINCE_ADMIN ? NULL : c->user.region_code, items);
        if (err < 0) {
                json_decref(items);
                return err;
        }
        size_t missing = 0, late = 0, i;
        json_t *e;
        json_array_foreach(items, i, e) {
                missing += json_is_true(json_object_get(e, "missing"));
                late += json_is_true(json_object_get(e, "late"));
        }
        char due[32];
        return api_json(c, 200, json_pack("{s:s, s:I, s:I, s:I, s:o}", "due", date_format(cp->contacts_due, due), "total",
                                            (json_int_t)json_array_size(items), "missing", (json_int_t)missing, "late",
                                            (json_int_t)late, "items", items));
}

/* s without leading and trailing white space, in the arena. */
static char *trimmed(struct call *c, const char *s)
{
        if (!s)
                return NULL;
        s += strspn(s, " \t\r\n");
        size_t n = strlen(s);
        while (n && strchr(" \t\r\n", s[n - 1]))
                n--;
        return arena_strndup(c->arena, s, n);
}

int api_contacts_put(struct call *c)
{
        static const struct input_field fields[] = {
                { "name", "负责同志姓名", INPUT_STRING, true },
                { "phone", "联系电话", INPUT_STRING, true },
                { 0 },
        };
        const struct campaign *cp;
        int err = api_campaign_of_path(c, &cp);
        if (err < 0)
                return err;
        const char *code = api_param(c, "region");
        struct region reg;
        struct authority au;
        err = code ? store_region_get(c->db, code, &reg) : -ENOENT;
        if (err == 0 && !registers_contact(&reg, &au))
                err = -ENOENT;
        if (err < 0)
                return err;
        if (c->user.role != ROLE_PROVINCE_ADMIN && strcmp(c->user.region_code, reg.code) != 0)
                return api_fail(c, E_FORBIDDEN, "只能填报本地区的负责同志", NULL);

        json_t *problems = json_object();
        if (!input_check(c->json, fields, problems))
                return api_invalid(c, problems);
        const char *name = trimmed(c, input_str(c->json, "name"));
        const char *phone = trimmed(c, input_str(c->json, "phone"));
        authority_check_contact(name, phone, problems);
        if (json_object_size(problems))
                return api_invalid(c, problems);
        json_decref(problems);

        err = store_contact_put(c->db, cp->year, reg.code, name, phone, c->now, c->user.id);
        if (err < 0)
                return err;
        json_t *items = json_array();
        err = list_entries(c, cp, reg.code, items);
        if (err < 0 || json_array_size(items) != 1) {
                json_decref(items);
                return err < 0 ? err : -EIO;
        }
        json_t *e = json_incref(json_array_get(items, 0));
        json_decref(items);
        return api_json(c, 200, e);
}
