#include "util/clock.h"

#include <time.h>

static bool overridden, running;
static int64_t override_start, override_mono;

int64_t clock_mono_ns(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void clock_override(int64_t start_utc, bool runs)
{
        running = runs;
        override_start = start_utc;
        override_mono = clock_mono_ns();
        overridden = true;
}

bool clock_runs(void)
{
        return !overridden || running;
}

bool clock_is_overridden(void)
{
        return overridden;
}

int64_t clock_now(void)
{
        if (overridden)
                return override_start + (running ? (clock_mono_ns() - override_mono) / 1000000000 : 0);
        return (int64_t)time(NULL);
}
