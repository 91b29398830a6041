"""The showcase benchmark's table and checks."""

import os

MS = 1000


def _pooled(phases):
    from bench.common import Phase

    return Phase(
        "reference",
        [s for p in phases for s in p.latencies],
        [f for p in phases for f in p.failures],
    )


def report(*, args, slots, read_queries: int, load, board_reads) -> None:
    reference = _pooled(slots["reference"])
    print(
        f"machine: {os.cpu_count()} CPUs; load average (1 min) {load[0]:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after"
    )
    print(
        f"server: gunicorn {args.workers} workers x {args.threads} threads (gthread), "
        f"PostgreSQL, Redis cache; {args.clients} concurrent clients"
    )
    print("reference: GET /healthz (bare view, one SELECT 1), same server, same clients, same run")
    print(f"a board read: {read_queries} queries")
    print()
    header = f"{'slot':<22}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>8}"
    print(header)
    print("-" * len(header))
    rows = [
        ("GET /healthz", slots["reference"][0]),
        ("board", slots["board"][0]),
        ("GET /healthz", slots["reference"][1]),
        ("board, signed in", slots["signed_in"][0]),
        ("GET /healthz", slots["reference"][2]),
    ]
    for label, phase in rows:
        print(
            f"{label:<22}{phase.requests:>9}{len(phase.failures):>8}"
            f"{phase.percentile(50) * MS:>9.1f}{phase.percentile(95) * MS:>9.1f}"
            f"{phase.throughput:>8.0f}"
        )
    print(
        f"{'reference (all)':<22}{reference.requests:>9}{len(reference.failures):>8}"
        f"{reference.percentile(50) * MS:>9.1f}{reference.percentile(95) * MS:>9.1f}"
    )
    print()
    for key, label in (("board", "board"), ("signed_in", "board, signed in")):
        phase, polls = slots[key]
        reads = board_reads(polls, read_queries)
        print(
            f"ratio {label} : reference   p50 "
            f"{phase.percentile(50) / reference.percentile(50):.1f}x   "
            f"p95 {phase.percentile(95) / reference.percentile(95):.1f}x"
        )
        print(
            f"  database: {reads['reads']} board reads in {reads['seconds']:.1f} s "
            f"(at most {reads['intervals']} intervals); {reads['queries']} queries for "
            f"{len(polls.queries)} polls; {reads['zero']} polls with no query; "
            f"queries per poll seen: {reads['per_poll']}"
        )


def problems_of(*, slots, read_queries: int, board_reads, ceiling: float) -> list[str]:
    problems = []
    reference = _pooled(slots["reference"])
    phases = [*slots["reference"], slots["board"][0], slots["signed_in"][0]]
    for phase in phases:
        for failure in sorted(set(phase.failures)):
            problems.append(f"{phase.name}: {phase.failures.count(failure)} x {failure}")
    board, polls = slots["board"]
    reads = board_reads(polls, read_queries)
    if reads["reads"] > reads["intervals"]:
        problems.append(
            f"{reads['reads']} board reads in {reads['intervals']} intervals (at most one each)"
        )
    if reads["queries"] != reads["reads"] * read_queries:
        problems.append(f"anonymous polls cost {reads['queries']} queries beyond the board reads")
    ratio = board.percentile(50) / reference.percentile(50)
    if ratio > ceiling:
        problems.append(f"board p50 is {ratio:.1f}x the reference's (ceiling {ceiling}x)")
    return problems
