#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void log_line(const char *level, const char *fmt, va_list ap)
{
        char line[2048];
        struct timespec ts;
        struct tm tm;
        clock_gettime(CLOCK_REALTIME, &ts);
        gmtime_r(&ts.tv_sec, &tm);
        int n = snprintf(line, sizeof line, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s ",
                         tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                         tm.tm_sec, ts.tv_nsec / 1000000, level);
        if (n < 0)
                return;
        vsnprintf(line + n, sizeof line - 1 - (size_t)n, fmt, ap);
        /* one write per line, under PIPE_BUF: worker threads never interleave, and never wait
         * for each other on a stream lock (the access log writes a line per request) */
        size_t len = strlen(line);
        line[len++] = '\n';
        (void)!write(STDERR_FILENO, line, len);
}

void log_info(const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        log_line("info", fmt, ap);
        va_end(ap);
}

void log_warn(const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        log_line("warn", fmt, ap);
        va_end(ap);
}

void log_error(const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        log_line("error", fmt, ap);
        va_end(ap);
}
