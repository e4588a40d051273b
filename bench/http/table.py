#!/usr/bin/env python3
"""Formats bench/http/run.sh's results as one Markdown table (so it can be pasted into
docs/performance.md as printed).

    bench/http/table.py RESULTS

RESULTS has one line per row: label TAB who TAB the BENCH line that wrk.lua's done() printed.
The first row is /healthz: every other row's throughput is shown as a share of it, because the
absolute numbers say more about the machine than about shenbao.
"""
import sys


def parse(line):
    label, who, bench = line.rstrip("\n").split("\t")
    fields = dict(kv.split("=") for kv in bench.split()[1:])
    r = {k: int(v) for k, v in fields.items()}
    r.update(label=label, who=who, rps=r["requests"] / (r["duration_us"] / 1e6))
    r["socket_errors"] = r["connect_errors"] + r["read_errors"] + r["write_errors"] + r["timeouts"]
    return r


def ms(us):
    if us < 1000:
        return f"{us / 1000:.2f} ms"
    if us < 100_000:
        return f"{us / 1000:.1f} ms"
    if us < 10_000_000:
        return f"{us / 1000:.0f} ms"
    return f"{us / 1e6:.1f} s"


def percent(x, ceiling):
    if not ceiling:
        return "-"
    p = 100 * x / ceiling
    return f"{p:.1f} %" if p >= 1 else f"{p:.3f} %"  # the list rows are far below 1 %


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        rows = [parse(line) for line in f if line.strip()]
    ceiling = rows[0]["rps"]
    # "requests" is how many completed in the measured window: with a few dozen, p99 is the slowest one
    head = ["request", "as", "requests", "req/s", "p50", "p99", "non-2xx", "of /healthz"]
    body = []
    for r in rows:
        bad = str(r["status_errors"]) + (f" (+{r['socket_errors']} socket)" if r["socket_errors"] else "")
        body.append([r["label"], r["who"], f"{r['requests']:,}",
                     f"{r['rps']:,.0f}" if r["rps"] >= 100 else f"{r['rps']:.1f}", ms(r["p50_us"]), ms(r["p99_us"]), bad,
                     percent(r["rps"], ceiling)])
    # column widths in characters; CJK is not used in the cells, so len() is the display width
    widths = [max(len(x[i]) for x in [head] + body) for i in range(len(head))]
    right = {2, 3, 4, 5, 6, 7}

    def line(cells):
        return "| " + " | ".join(c.rjust(w) if i in right else c.ljust(w)
                                 for i, (c, w) in enumerate(zip(cells, widths))) + " |"
    print(line(head))
    print("|" + "|".join(("-" * (w + 1) + ":") if i in right else ("-" * (w + 2))
                         for i, w in enumerate(widths)) + "|")
    for cells in body:
        print(line(cells))
    for r in rows:
        if r["status_errors"] or r["socket_errors"]:
            print(f"WARNING: {r['label']} ({r['who']}): {r['status_errors']} responses >= 400 and "
                  f"{r['socket_errors']} socket errors/timeouts: its figures are not those of a working endpoint")


if __name__ == "__main__":
    main()
