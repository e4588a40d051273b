/* Log lines on stderr: one line each, UTC timestamp, level. Never pass secrets (passwords,
 * session ids, CSRF tokens) to these functions. */
#pragma once

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
