/* Per-address request rate limit: a token bucket per client address, `rate` requests a second
 * with bursts of twice that. Addresses beyond the table's size share buckets by hash. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

void ratelimit_init(unsigned rate);
bool ratelimit_allow(const char *ip, int64_t now_ns);
