/* The platform's clock: real UTC time, or (tests and the demo only, via --now / SHENBAO_NOW) a
 * fixed instant — or, with --clock-runs, a clock that starts there and runs on. Set once at
 * start-up. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

void clock_override(int64_t start_utc, bool runs);
bool clock_runs(void);
bool clock_is_overridden(void);
/* UTC seconds now. */
int64_t clock_now(void);
/* Monotonic nanoseconds, for durations in logs and benchmarks. */
int64_t clock_mono_ns(void);
