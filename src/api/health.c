/* GET /healthz and GET /api/v1/about: is the database answering, and what clock is in force. */
#include "api/api.h"
#include "domain/attachment.h"
#include "util/clock.h"
#include "util/timeutil.h"

int api_health_get(struct call *c)
{
        if (store_ping(c->db) < 0)
                return api_fail(c, E_UNAVAILABLE, "数据库无响应", NULL);
        static const char ok[] = "{\"status\":\"ok\"}";
        return reply_json_text(c->req, 200, ok, sizeof ok - 1);
}

int api_about_get(struct call *c)
{
        char now[32];
        return api_json(c, 200, json_pack("{s:s, s:s, s:s, s:b, s:b, s:{s:i, s:i}}", "name", "shenbao", "version",
                                          SHENBAO_VERSION, "now", time_format_beijing(c->now, now),
                                          "clock_overridden", clock_is_overridden(), "clock_runs", clock_runs(),
                                          "limits", "max_file_mb", ATTACHMENT_MAX_FILE_MB, "max_application_mb",
                                          ATTACHMENT_MAX_TOTAL_MB));
}
