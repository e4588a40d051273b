#include "http/ratelimit.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define SLOTS 4096
#define PROBES 8

struct slot {
        char ip[64];
        double tokens;
        int64_t last_ns;
};

static struct slot slots[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static double rate_per_s, burst;

void ratelimit_init(unsigned rate)
{
        rate_per_s = rate;
        burst = 2.0 * rate;
}

static uint32_t hash(const char *s)
{
        uint32_t h = 2166136261u;
        for (; *s; s++)
                h = (h ^ (unsigned char)*s) * 16777619u;
        return h;
}

bool ratelimit_allow(const char *ip, int64_t now_ns)
{
        if (rate_per_s <= 0)
                return true;
        uint32_t h = hash(ip);
        pthread_mutex_lock(&lock);
        struct slot *s = NULL, *oldest = NULL;
        for (int i = 0; i < PROBES; i++) {
                struct slot *c = &slots[(h + (uint32_t)i) % SLOTS];
                if (strcmp(c->ip, ip) == 0) {
                        s = c;
                        break;
                }
                if (!oldest || c->last_ns < oldest->last_ns)
                        oldest = c;
        }
        if (!s) {
                s = oldest;
                snprintf(s->ip, sizeof s->ip, "%s", ip);
                s->tokens = burst;
                s->last_ns = now_ns;
        }
        s->tokens += (double)(now_ns - s->last_ns) / 1e9 * rate_per_s;
        if (s->tokens > burst)
                s->tokens = burst;
        s->last_ns = now_ns;
        bool ok = s->tokens >= 1.0;
        if (ok)
                s->tokens -= 1.0;
        pthread_mutex_unlock(&lock);
        return ok;
}
