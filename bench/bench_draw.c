/* The expert draw's speed on a province-sized call: A applications in 4 categories, E experts with
 * 1–2 specialties each, 5 places per application, about 1 % of the pairs blocked, all generated
 * from a fixed seed. Prints the wall time of each run, the pairs made, and the loads per group of
 * experts with the same specialties (the draw promises max − min ≤ 1 inside each group here). Then
 * the re-run after 20 experts declare a conflict: the draw's pairs are existing assignments and
 * blocked, the 20 places open again.
 * Run: build/bench/bench_draw [A] [E] [runs]   (make bench) */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "domain/draw.h"

static uint64_t state = 20230715;

static uint64_t next(void)
{
        uint64_t x = (state += 0x9e3779b97f4a7c15u);
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
        return x ^ (x >> 31);
}

static double now_s(void)
{
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
        int n_apps = argc > 1 ? atoi(argv[1]) : 2000, n_experts = argc > 2 ? atoi(argv[2]) : 300;
        int runs = argc > 3 ? atoi(argv[3]) : 3;
        if (n_apps <= 0 || n_experts <= 0 || runs <= 0)
                return 2;
        struct draw_app *apps = calloc((size_t)n_apps, sizeof *apps);
        struct draw_expert *experts = calloc((size_t)n_experts, sizeof *experts);
        size_t cap = (size_t)n_apps * (size_t)n_experts / 50 + (size_t)n_apps * 5 + 1;
        int64_t (*blocked)[2] = malloc(cap * sizeof *blocked);
        if (!apps || !experts || !blocked)
                return 1;
        for (int i = 0; i < n_apps; i++)
                apps[i] = (struct draw_app){ .id = 1000 + i, .category = (int)(next() % 4), .need = 5 };
        for (int i = 0; i < n_experts; i++) {
                uint32_t s = UINT32_C(1) << (next() % 4);
                if (next() % 2)
                        s |= UINT32_C(1) << (next() % 4);
                experts[i] = (struct draw_expert){ .id = 500 + i, .specialties = s, .load = 0 };
        }
        size_t n_blocked = 0;
        for (int a = 0; a < n_apps; a++)
                for (int e = 0; e < n_experts; e++)
                        if (next() % 100 == 0 && n_blocked < cap) {
                                blocked[n_blocked][0] = apps[a].id;
                                blocked[n_blocked][1] = experts[e].id;
                                n_blocked++;
                        }
        struct draw_input in = { apps, (size_t)n_apps, experts, (size_t)n_experts,
                                 (const int64_t (*)[2])blocked, n_blocked, "bench-2023" };
        printf("%d applications (4 categories, 5 places each), %d experts (1–2 specialties), %zu pairs blocked\n",
               n_apps, n_experts, n_blocked);

        struct draw_result res = { 0 };
        for (int run = 0; run < runs; run++) {
                draw_result_free(&res);
                double t0 = now_s();
                int r = draw_solve(&in, &res);
                double t1 = now_s();
                if (r < 0) {
                        fprintf(stderr, "draw_solve: %d\n", r);
                        return 1;
                }
                printf("run %d: %.3f s, %zu pairs, %zu applications short\n", run + 1, t1 - t0, res.n_pairs,
                       res.n_gaps);
        }

        /* loads per group of experts with the same specialties */
        int *load = calloc((size_t)n_experts, sizeof *load);
        if (!load)
                return 1;
        for (size_t i = 0; i < res.n_pairs; i++)
                load[res.pairs[i].expert_id - 500]++;
        printf("%-12s %8s %6s %6s\n", "specialties", "experts", "min", "max");
        for (uint32_t s = 1; s < 16; s++) {
                int n = 0, lo = 1 << 30, hi = -1;
                for (int e = 0; e < n_experts; e++)
                        if (experts[e].specialties == s) {
                                n++;
                                lo = load[e] < lo ? load[e] : lo;
                                hi = load[e] > hi ? load[e] : hi;
                        }
                if (n)
                        printf("%c%c%c%c         %8d %6d %6d\n", s & 1 ? '0' : '-', s & 2 ? '1' : '-',
                               s & 4 ? '2' : '-', s & 8 ? '3' : '-', n, lo, hi);
        }

        /* the re-run: every pair drawn is now an assignment; 20 of them end in a declared conflict */
        for (size_t i = 0; i < res.n_pairs && n_blocked < cap; i++) {
                blocked[n_blocked][0] = res.pairs[i].app_id;
                blocked[n_blocked][1] = res.pairs[i].expert_id;
                n_blocked++;
                apps[res.pairs[i].app_id - 1000].need--;
                experts[res.pairs[i].expert_id - 500].load++;
        }
        for (int k = 0; k < 20 && res.n_pairs > 0; k++) {
                const struct draw_pair *p = &res.pairs[(size_t)k * res.n_pairs / 20];
                apps[p->app_id - 1000].need++;
                experts[p->expert_id - 500].load--;
        }
        in.n_blocked = n_blocked;
        struct draw_result again = { 0 };
        double t0 = now_s();
        int r = draw_solve(&in, &again);
        double t1 = now_s();
        if (r < 0) {
                fprintf(stderr, "draw_solve: %d\n", r);
                return 1;
        }
        printf("re-run after 20 declared conflicts: %.3f s, %zu pairs\n", t1 - t0, again.n_pairs);
        draw_result_free(&again);

        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        printf("peak RSS %ld MB\n", ru.ru_maxrss / 1024);
        draw_result_free(&res);
        free(load);
        free(apps);
        free(experts);
        free(blocked);
        return 0;
}
