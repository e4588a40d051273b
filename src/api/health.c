/* GET /healthz and GET /api/v1/about: is the database answering, and what clock is in force. */
#include "api/api.h"
#include "domain/attachment.h"
#include "http/reply.h"
#include "http/request.h"
#include "util/clock.h"
#include "util/timeutil.h"

int api_health_get(struct req *r)
{
        if (store_ping(r->db) < 0)
                return reply_error(r, 503, "unavailable", "数据库无响应", NULL);
        return reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

int api_about_get(struct req *r)
{
        char now[32];
        return reply_json(r, 200, json_pack("{s:s, s:s, s:s, s:b, s:b, s:{s:i, s:i}}", "name", "shenbao", "version",
                                            SHENBAO_VERSION, "now", time_format_beijing(r->now, now),
                                            "clock_overridden", clock_is_overridden(), "clock_runs", clock_runs(),
                                            "limits", "max_file_mb",
                                            ATTACHMENT_MAX_FILE_MB, "max_application_mb", ATTACHMENT_MAX_TOTAL_MB));
}
