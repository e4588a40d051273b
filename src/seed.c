#include "seed.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "domain/campaign.h"
#include "store/store.h"
#include "util/embedded.h"
#include "util/log.h"

/* Splits one CSV line (no quoting in our data files) into at most n fields, in place. */
static size_t csv_split(char *line, char **fields, size_t n)
{
        size_t k = 0;
        char *p = line;
        while (k < n) {
                fields[k++] = p;
                char *c = strchr(p, ',');
                if (!c)
                        break;
                *c = '\0';
                p = c + 1;
        }
        return k;
}

/* Calls row() for each data line of an embedded CSV file (the header line is skipped). */
static int csv_each(const char *name, size_t n_fields, int (*row)(struct db *, char **), struct db *db)
{
        const struct embedded_file *f = seed_file(name);
        if (!f) {
                log_error("缺少数据文件 / missing data file %s", name);
                return -ENOENT;
        }
        char *copy = strdup(f->data);
        if (!copy)
                return -ENOMEM;
        int r = 0, line_no = 0;
        char *save = NULL;
        for (char *line = strtok_r(copy, "\r\n", &save); line && r == 0; line = strtok_r(NULL, "\r\n", &save)) {
                if (line_no++ == 0 || !*line)
                        continue;
                char *fields[8];
                if (csv_split(line, fields, n_fields) != n_fields) {
                        log_error("数据文件格式错误 / bad line %d in %s", line_no, name);
                        r = -EINVAL;
                        break;
                }
                r = row(db, fields);
        }
        free(copy);
        return r;
}

static int region_row(struct db *db, char **f)
{
        struct region reg = { .reports_to_province = strcmp(f[4], "1") == 0 };
        snprintf(reg.code, sizeof reg.code, "%s", f[0]);
        snprintf(reg.name, sizeof reg.name, "%s", f[1]);
        snprintf(reg.level, sizeof reg.level, "%s", f[2]);
        snprintf(reg.parent_code, sizeof reg.parent_code, "%s", f[3]);
        return store_region_upsert(db, &reg);
}

static int department_row(struct db *db, char **f)
{
        struct department d = { .active = true };
        snprintf(d.code, sizeof d.code, "%s", f[0]);
        snprintf(d.name, sizeof d.name, "%s", f[1]);
        return store_department_seed(db, &d);
}

static int seed_campaigns(struct db *db)
{
        static const char prefix[] = "data/campaigns/";
        for (const struct embedded_file *f = embedded_files; f->name; f++) {
                if (strncmp(f->name, prefix, sizeof prefix - 1) != 0)
                        continue;
                json_error_t jerr;
                json_t *def = json_loadb(f->data, f->size, JSON_REJECT_DUPLICATES, &jerr);
                if (!def) {
                        log_error("申报通知数据文件不是有效的 JSON / %s: line %d: %s", f->name, jerr.line, jerr.text);
                        return -EINVAL;
                }
                struct campaign c;
                char *err = NULL;
                int r = campaign_parse(def, &c, &err);
                if (r < 0) {
                        log_error("申报通知数据文件有误 / %s: %s", f->name, err ? err : "");
                        free(err);
                        json_decref(def);
                        return r;
                }
                char *text = json_dumps(def, JSON_COMPACT);
                r = text ? store_campaign_upsert(db, c.year, c.title, text) : -ENOMEM;
                free(text);
                json_decref(def);
                if (r < 0)
                        return r;
        }
        return 0;
}

int seed_reference(struct db *db)
{
        int r = store_begin(db);
        if (r < 0)
                return r;
        r = csv_each("data/jiangsu-regions.csv", 5, region_row, db);
        if (r == 0)
                r = csv_each("data/jiangsu-departments.csv", 2, department_row, db);
        if (r == 0)
                r = seed_campaigns(db);
        if (r == 0)
                return store_commit(db);
        store_rollback(db);
        return r;
}

const struct embedded_file *seed_file(const char *name)
{
        for (const struct embedded_file *f = embedded_files; f->name; f++)
                if (strcmp(f->name, name) == 0)
                        return f;
        return NULL;
}
