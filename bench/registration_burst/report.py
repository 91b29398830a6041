"""The report: the phases, the ratio to the reference, the lock's cost against the control."""

import os

from bench.common import Phase

# The locked burst must reach this share of the control's throughput (sign-ups per second).
LOCK_TARGET = 0.8


def report(
    *, args, before: Phase, burst: Phase, after: Phase, control: Phase, counts: dict, load, emails
) -> None:
    ms = 1000
    reference = Phase(
        "reference", before.latencies + after.latencies, before.failures + after.failures
    )
    print(
        f"machine: {os.cpu_count()} CPUs; load average (1 min) {load[0]:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after"
    )
    print(
        f"server: gunicorn {args.workers} workers x {args.threads} threads (gthread), "
        f"PostgreSQL; {args.clients} concurrent clients"
    )
    print(f"emails: {emails}")
    print("reference: GET /healthz (bare view, one SELECT 1), same server, same clients, same run")
    print()
    header = f"{'phase':<26}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>8}"
    print(header)
    print("-" * len(header))
    rows = (
        ("GET /healthz, before", before),
        ("POST /register/", burst),
        ("GET /healthz, after", after),
        ("POST /register/, no lock", control),
    )
    for label, phase in rows:
        print(
            f"{label:<26}{phase.requests:>9}{len(phase.failures):>8}"
            f"{phase.percentile(50) * ms:>9.1f}{phase.percentile(95) * ms:>9.1f}"
            f"{phase.throughput:>8.0f}"
        )
    print(
        f"{'reference (both)':<26}{reference.requests:>9}{len(reference.failures):>8}"
        f"{reference.percentile(50) * ms:>9.1f}{reference.percentile(95) * ms:>9.1f}"
    )
    print()
    print(
        f"ratio POST /register/ : reference   p50 "
        f"{burst.percentile(50) / reference.percentile(50):.1f}x   "
        f"p95 {burst.percentile(95) / reference.percentile(95):.1f}x"
    )
    ratio = burst.throughput / control.throughput if control.throughput else float("nan")
    verdict = "met" if ratio >= LOCK_TARGET else "MISSED"
    print(
        f"the edition lock's cost: locked {burst.throughput:.1f} sign-ups/s, control without the "
        f"lock {control.throughput:.1f}/s: ratio {ratio:.2f} (target >= {LOCK_TARGET}: {verdict})"
    )
    print(
        f"database: {counts['total']} registrations, {counts['approved']} approved "
        f"(capacity {args.capacity}), {counts['waitlisted']} waitlisted, "
        f"{counts['emails']} emails in the outbox"
    )
