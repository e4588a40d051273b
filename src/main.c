/* shenbao: the command line. serve, migrate, user add, demo; every command takes --data-dir
 * (env SHENBAO_DATA_DIR) and fails with a one-line Chinese-and-English reason. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "app.h"
#include "auth/auth.h"
#include "docs/docs.h"
#include "domain/account.h"
#include "http/server.h"
#include "seed.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/timeutil.h"

#ifndef SHENBAO_WEB_ROOT
#define SHENBAO_WEB_ROOT "web/dist"
#endif

struct app *app;

static void usage(FILE *out)
{
        fputs("用法 / usage:\n"
              "  shenbao serve [--listen 127.0.0.1:8080] [--data-dir ./var] [--db URL] [--now RFC3339 [--clock-runs]]\n"
              "                [--web-root DIR] [--threads N] [--rate-limit N] [--per-ip-connections N]\n"
              "                [--cookie-secure] [--behind-proxy]\n"
              "  shenbao migrate\n"
              "  shenbao user add --username U --password P --role ROLE [--region CODE] [--department CODE]\n"
              "                   [--name N] [--mobile M] [--unit-name NAME --credit-code CODE]\n"
              "  shenbao demo\n"
              "  shenbao version\n"
              "所有命令接受 --data-dir DIR（环境变量 SHENBAO_DATA_DIR，默认 ./var）与 --db URL。\n",
              out);
}

static int fail(const char *zh, const char *en)
{
        fprintf(stderr, "错误：%s / error: %s\n", zh, en);
        return 1;
}

enum {
        OPT_LISTEN = 1000, OPT_DATA_DIR, OPT_DB, OPT_NOW, OPT_WEB_ROOT, OPT_THREADS, OPT_RATE, OPT_SECURE,
        OPT_USERNAME, OPT_PASSWORD, OPT_ROLE, OPT_REGION, OPT_DEPARTMENT, OPT_NAME, OPT_MOBILE,
        OPT_UNIT_NAME, OPT_CREDIT_CODE, OPT_HELP, OPT_BEHIND_PROXY, OPT_PER_IP, OPT_CLOCK_RUNS,
};

static const struct option options[] = {
        { "listen", required_argument, NULL, OPT_LISTEN },
        { "data-dir", required_argument, NULL, OPT_DATA_DIR },
        { "db", required_argument, NULL, OPT_DB },
        { "now", required_argument, NULL, OPT_NOW },
        { "web-root", required_argument, NULL, OPT_WEB_ROOT },
        { "threads", required_argument, NULL, OPT_THREADS },
        { "rate-limit", required_argument, NULL, OPT_RATE },
        { "cookie-secure", no_argument, NULL, OPT_SECURE },
        { "behind-proxy", no_argument, NULL, OPT_BEHIND_PROXY },
        { "clock-runs", no_argument, NULL, OPT_CLOCK_RUNS },
        { "per-ip-connections", required_argument, NULL, OPT_PER_IP },
        { "username", required_argument, NULL, OPT_USERNAME },
        { "password", required_argument, NULL, OPT_PASSWORD },
        { "role", required_argument, NULL, OPT_ROLE },
        { "region", required_argument, NULL, OPT_REGION },
        { "department", required_argument, NULL, OPT_DEPARTMENT },
        { "name", required_argument, NULL, OPT_NAME },
        { "mobile", required_argument, NULL, OPT_MOBILE },
        { "unit-name", required_argument, NULL, OPT_UNIT_NAME },
        { "credit-code", required_argument, NULL, OPT_CREDIT_CODE },
        { "help", no_argument, NULL, OPT_HELP },
        { 0 },
};

struct cli {
        struct config cfg;
        const char *now;
        bool clock_runs;
        const char *username, *password, *role, *region, *department, *name, *mobile, *unit_name, *credit_code;
};

static int parse_uint(const char *s, unsigned max, unsigned *ret)
{
        char *end;
        errno = 0;
        unsigned long v = strtoul(s, &end, 10);
        if (errno || *end || end == s || v > max)
                return -EINVAL;
        *ret = (unsigned)v;
        return 0;
}

static int parse_listen(const char *s, struct config *cfg)
{
        const char *colon = strrchr(s, ':');
        if (!colon)
                return -EINVAL;
        size_t hl = (size_t)(colon - s);
        if (hl >= 2 && s[0] == '[' && s[hl - 1] == ']') {
                s++;
                hl -= 2;
        }
        free(cfg->listen_host);
        cfg->listen_host = strndup(s, hl);
        return parse_uint(colon + 1, 65535, &cfg->listen_port);
}

static int parse_args(int argc, char **argv, struct cli *c)
{
        int opt;
        optind = 1;
        opterr = 0;
        while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
                switch (opt) {
                case OPT_LISTEN:
                        if (parse_listen(optarg, &c->cfg) < 0)
                                return fail("--listen 应为 地址:端口，如 127.0.0.1:8080", "--listen must be HOST:PORT");
                        break;
                case OPT_DATA_DIR: free(c->cfg.data_dir); c->cfg.data_dir = strdup(optarg); break;
                case OPT_DB: c->cfg.db_url = strdup(optarg); break;
                case OPT_NOW: c->now = optarg; break;
                case OPT_CLOCK_RUNS: c->clock_runs = true; break;
                case OPT_WEB_ROOT: free(c->cfg.web_root); c->cfg.web_root = strdup(optarg); break;
                case OPT_THREADS:
                        if (parse_uint(optarg, 256, &c->cfg.threads) < 0)
                                return fail("--threads 应为 0～256 的整数", "--threads must be 0..256");
                        break;
                case OPT_RATE:
                        if (parse_uint(optarg, 1000000, &c->cfg.rate_limit) < 0)
                                return fail("--rate-limit 应为非负整数（每秒请求数，0 为不限）", "--rate-limit must be a number");
                        break;
                case OPT_SECURE: c->cfg.cookie_secure = true; break;
                case OPT_BEHIND_PROXY: c->cfg.behind_proxy = true; break;
                case OPT_PER_IP:
                        if (parse_uint(optarg, 100000, &c->cfg.per_ip_connection_limit) < 0)
                                return fail("--per-ip-connections 应为非负整数（0 为不限）", "--per-ip-connections must be a number");
                        break;
                case OPT_USERNAME: c->username = optarg; break;
                case OPT_PASSWORD: c->password = optarg; break;
                case OPT_ROLE: c->role = optarg; break;
                case OPT_REGION: c->region = optarg; break;
                case OPT_DEPARTMENT: c->department = optarg; break;
                case OPT_NAME: c->name = optarg; break;
                case OPT_MOBILE: c->mobile = optarg; break;
                case OPT_UNIT_NAME: c->unit_name = optarg; break;
                case OPT_CREDIT_CODE: c->credit_code = optarg; break;
                case OPT_HELP: usage(stdout); exit(0);
                default: {
                        char msg[160];
                        snprintf(msg, sizeof msg, "unknown or incomplete option %s", argv[optind - 1]);
                        return fail("未知或缺少参数的选项", msg);
                }
                }
        }
        if (optind < argc) {
                char msg[160];
                snprintf(msg, sizeof msg, "unexpected argument %s", argv[optind]);
                return fail("多余的参数", msg);
        }
        return 0;
}

static void config_defaults(struct config *cfg)
{
        const char *dd = getenv("SHENBAO_DATA_DIR");
        *cfg = (struct config){
                .listen_host = strdup("127.0.0.1"),
                .listen_port = 8080,
                .data_dir = strdup(dd && *dd ? dd : "./var"),
                .web_root = strdup(getenv("SHENBAO_WEB_ROOT") ? getenv("SHENBAO_WEB_ROOT") : SHENBAO_WEB_ROOT),
                .connection_limit = 1000,
                .per_ip_connection_limit = 64,
                .connection_timeout = 60,
                .rate_limit = 200,
                .json_body_max = 1024 * 1024,
        };
}

static void config_free(struct config *cfg)
{
        free(cfg->listen_host);
        free(cfg->data_dir);
        free(cfg->db_url);
        free(cfg->web_root);
}

/* Opens the store, applies migrations and loads the reference data: every command starts here. */
static int open_store(struct cli *c, struct store **ret_store, struct db **ret_db)
{
        if (auth_init() < 0)
                return fail("无法初始化密码库", "libsodium init failed");
        if (store_open(c->cfg.data_dir, c->cfg.db_url, ret_store) < 0)
                return fail("无法打开数据存储", "cannot open the store");
        *ret_db = store_db_open(*ret_store);
        if (!*ret_db)
                return fail("无法打开数据库", "cannot open the database");
        if (store_migrate(*ret_db) < 0)
                return fail("数据库迁移失败", "migration failed");
        if (seed_reference(*ret_db) < 0)
                return fail("参考数据加载失败", "loading reference data failed");
        return 0;
}

static int cmd_user_add(struct cli *c, struct db *db)
{
        if (!c->username || !c->password || !c->role)
                return fail("需要 --username、--password 和 --role", "--username, --password and --role are required");
        enum role role = role_parse(c->role);
        json_t *problems = json_object();
        struct new_user nu = { .username = c->username, .role = role, .name = c->name ? c->name : "",
                               .mobile = c->mobile ? c->mobile : "" };
        if (role == ROLE_APPLICANT) {
                struct registration reg = { c->username, c->password, c->unit_name ? c->unit_name : "",
                                            c->credit_code ? c->credit_code : "", c->name ? c->name : c->username,
                                            c->mobile ? c->mobile : "" };
                account_check_registration(&reg, problems);
                nu.unit_name = reg.unit_name;
                nu.credit_code = reg.credit_code;
        } else {
                struct staff_account s = { c->username, c->password, c->name, c->mobile, role, c->region, c->department };
                api_check_staff(db, &s, problems);
                nu.region_code = c->region;
                nu.department_code = c->department;
        }
        if (json_object_size(problems)) {
                const char *key;
                json_t *v;
                fputs("错误：", stderr);
                bool first = true;
                json_object_foreach(problems, key, v) {
                        fprintf(stderr, "%s%s（%s）", first ? "" : "；", json_string_value(v), key);
                        first = false;
                }
                fputs(" / error: invalid account\n", stderr);
                json_decref(problems);
                return 1;
        }
        json_decref(problems);
        char hash[AUTH_HASH_MAX];
        if (auth_password_hash(c->password, hash) < 0)
                return fail("密码哈希失败", "password hashing failed");
        nu.password_hash = hash;
        int64_t id;
        const char *field = NULL;
        int r = store_user_insert(db, &nu, clock_now(), &id, &field);
        if (r == -EEXIST)
                return field && strcmp(field, "credit_code") == 0
                               ? fail("该统一社会信用代码已注册", "credit code already registered")
                               : fail("用户名已被使用", "username already taken");
        if (r < 0)
                return fail("创建账号失败", "cannot create the account");
        printf("已创建账号 / created user %s (id %lld, %s)\n", c->username, (long long)id, role_code(role));
        return 0;
}

static int set_clock(const char *now, bool runs)
{
        const char *env = getenv("SHENBAO_NOW");
        if (!now && env && *env)
                now = env;
        if (!now)
                return 0;
        int64_t t;
        if (time_parse_rfc3339(now, &t) < 0)
                return fail("--now 应为带时区的 RFC 3339 时间，如 2023-07-15T10:00:00+08:00",
                            "--now must be RFC 3339 with offset");
        clock_override(t, runs);
        return 0;
}

int main(int argc, char **argv)
{
        if (argc < 2) {
                usage(stderr);
                return 2;
        }
        const char *cmd = argv[1];
        int sub_argc = argc - 1;
        char **sub_argv = argv + 1;
        if (strcmp(cmd, "user") == 0) {
                if (argc < 3 || strcmp(argv[2], "add") != 0)
                        return fail("用法：shenbao user add …", "usage: shenbao user add ...");
                sub_argc--;
                sub_argv++;
        }
        if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
                printf("shenbao %s\n", SHENBAO_VERSION);
                return 0;
        }
        if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0) {
                usage(stdout);
                return 0;
        }
        if (strcmp(cmd, "serve") && strcmp(cmd, "migrate") && strcmp(cmd, "user") && strcmp(cmd, "demo")) {
                usage(stderr);
                return fail("未知命令", cmd);
        }

        static struct app the_app;
        app = &the_app;
        struct cli c = { 0 };
        config_defaults(&c.cfg);
        int rc = parse_args(sub_argc, sub_argv, &c);
        if (rc == 0 && strcmp(cmd, "serve") == 0 && (!c.cfg.web_root || !*c.cfg.web_root))
                rc = fail("--web-root 不能为空", "--web-root must name the built UI directory");
        if (rc == 0)
                rc = set_clock(c.now, c.clock_runs);
        struct store *store = NULL;
        struct db *db = NULL;
        if (rc == 0)
                rc = open_store(&c, &store, &db);
        if (rc == 0) {
                if (strcmp(cmd, "migrate") == 0) {
                        printf("数据库已是最新 / database is up to date (%s)\n", c.cfg.data_dir);
                } else if (strcmp(cmd, "user") == 0) {
                        rc = cmd_user_add(&c, db);
                } else if (strcmp(cmd, "demo") == 0) {
                        if (seed_demo(store, db, stdout) < 0)
                                rc = fail("演示数据加载失败", "loading demo data failed");
                } else if (api_campaigns_load(db) < 0) {
                        rc = fail("申报通知定义有误", "a campaign definition is invalid");
                } else {
                        store_db_close(db);
                        db = NULL;
                        app->cfg = c.cfg;
                        app->store = store;
                        if (clock_is_overridden()) {
                                char now[32];
                                log_warn("时钟已覆盖（仅用于测试和演示）/ clock overridden: now %s, %s",
                                         time_format_beijing(clock_now(), now), clock_runs() ? "running" : "fixed");
                        }
                        /* fonts are loaded once, before the first document is asked for */
                        if (docs_init() < 0)
                                log_warn("文档字体初始化失败 / document fonts failed to load; PDFs may be unavailable");
                        struct http_service svc;
                        api_service(&svc, &app->cfg, store);
                        if (api_jobs_start(store) < 0)
                                log_warn("无法启动定时任务 / cannot start the periodic jobs");
                        if (http_serve(&svc) < 0)
                                rc = 1;
                        api_jobs_stop();
                        api_campaigns_free();
                }
        }
        store_db_close(db);
        store_close(store);
        config_free(&c.cfg);
        return rc;
}
