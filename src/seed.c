#include "seed.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "domain/campaign.h"
#include "domain/creditcode.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/clock.h"
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
        const struct embedded_file *f = embedded_files;
        while (f->name && strcmp(f->name, name) != 0)
                f++;
        if (!f->name) {
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

struct demo_account {
        const char *username, *role_label, *name, *scope;
        enum role role;
        const char *region, *department;
};

static const struct demo_account demo_accounts[] = {
        { "demo_applicant", "申报单位", "王晓明", "南京智联信息科技有限公司（玄武区）", ROLE_APPLICANT, NULL, NULL },
        { "demo_county", "县（市、区）信息化主管部门", "李华", "玄武区", ROLE_COUNTY_REVIEWER, "320102", NULL },
        { "demo_city", "设区市信息化主管部门", "陈静", "南京市", ROLE_CITY_REVIEWER, "320100", NULL },
        { "demo_kunshan", "昆山市信息化主管部门（直报省）", "周立", "昆山市", ROLE_CITY_REVIEWER, "320583", NULL },
        { "demo_dept", "省有关部门", "吴敏", "省工业和信息化厅", ROLE_DEPARTMENT_REVIEWER, NULL, "gxt" },
        { "demo_admin", "省信息化办", "鞠庆", "全省", ROLE_PROVINCE_ADMIN, NULL, NULL },
        { "demo_expert", "评审专家", "孙强", "专家库", ROLE_EXPERT, NULL, NULL },
};

int seed_demo(struct db *db, FILE *out)
{
        char hash[AUTH_HASH_MAX];
        int r = auth_password_hash(DEMO_PASSWORD, hash);
        if (r < 0)
                return r;
        /* the demo unit's credit code: valid check character computed, not typed */
        char credit_code[19] = "91320102MA1W3K5P8";
        credit_code[17] = credit_code_check_char(credit_code);
        credit_code[18] = '\0';

        fprintf(out, "演示账号 / demo accounts (密码 / password: %s)\n", DEMO_PASSWORD);
        for (size_t i = 0; i < sizeof demo_accounts / sizeof demo_accounts[0]; i++) {
                const struct demo_account *d = &demo_accounts[i];
                struct new_user nu = {
                        .username = d->username, .password_hash = hash, .role = d->role, .name = d->name,
                        .mobile = "13800000000", .region_code = d->region, .department_code = d->department,
                        .unit_name = d->role == ROLE_APPLICANT ? "南京智联信息科技有限公司" : NULL,
                        .credit_code = d->role == ROLE_APPLICANT ? credit_code : NULL,
                };
                int64_t id;
                const char *field = NULL;
                r = store_user_insert(db, &nu, clock_now(), &id, &field);
                if (r == -EEXIST && field && strcmp(field, "username") == 0) {
                        /* loaded before: make sure the printed password works again */
                        struct arena *a = arena_new();
                        struct user u;
                        r = store_user_by_username(db, a, d->username, &u);
                        if (r == 0)
                                r = store_user_set_password(db, u.id, hash);
                        arena_free(a);
                }
                if (r < 0) {
                        log_error("演示账号创建失败 / demo account %s failed", d->username);
                        return r;
                }
                fprintf(out, "  %-16s %s · %s\n", d->username, d->role_label, d->scope);
        }
        return 0;
}
