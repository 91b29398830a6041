"""Registration burst: 1,600 sign-ups from 50 concurrent clients for 1,500 seats (open mode).

Builds a fresh PostgreSQL database, creates the edition and 1,600 signed-in delegates with
verified emails, starts gunicorn on a loopback port and then, with the same 50 clients:

1. sends 1,600 requests to `/healthz` (a bare view: one `SELECT 1`), the reference;
2. POSTs the 1,600 registration forms to `/register/`, as many at once as there are clients;
   in 4 slots of 400, each followed by a slot of the control: the same 400 delegates signing up
   on a second server, whose sign-up takes no edition lock (control.py, this benchmark only),
   against a copy of the database (`forum_bench_control`);
3. sends the 1,600 reference requests again, so that the reference brackets the burst in time.

It passes when no request fails, every sign-up ends with a redirect to `/my-registration/`, the
database holds exactly 1,500 approved and 100 waitlisted registrations (positions 1..100) after
the locked burst, and the locked burst reaches 0.8 × the control's throughput: the cost of the
lock that keeps the seats exact. Latency is reported as p50/p95 and as a ratio to the reference
(both reference phases together) measured on the same server in the same run, so that runs on
different machines can be compared.

    python -m bench registration_burst [--signups 1600 --capacity 1500 --clients 50 ...]
"""

import argparse
import os
import secrets
import tempfile
import time
from pathlib import Path

from bench.common import (
    DEFAULT_REDIS,
    LOOPBACK,
    Broker,
    Figure,
    Server,
    database_url,
    django_setup,
    fresh_database,
    record,
    server_env,
    verdict,
)
from bench.registration_burst.data import check_database, clone_for_control, prepare
from bench.registration_burst.load import load_phases
from bench.registration_burst.report import LOCK_TARGET, report

DATABASE = "forum_bench"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench registration_burst")
    parser.add_argument("--signups", type=int, default=1600)
    parser.add_argument("--capacity", type=int, default=1500)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument(
        "--slots", type=int, default=4, help="slots of the burst, alternating locked and control"
    )
    parser.add_argument("--time-limit", type=float, default=600, help="seconds per load phase")
    parser.add_argument("--request-timeout", type=float, default=120, help="seconds per request")
    parser.add_argument(
        "--emails",
        choices=["queued", "inline"],
        default="queued",
        help="queued: send tasks go to Redis as in production and are not sent (default); "
        "inline: no broker, each email and its e-badge PDF is produced inside the request",
    )
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    url = database_url(DATABASE)
    started = time.monotonic()
    load = os.getloadavg()
    # Sessions and their auth hashes are signed here and read by the server: one key for both.
    secret_key = secrets.token_urlsafe(40)
    os.environ["DJANGO_SECRET_KEY"] = secret_key
    print(f"preparing {url} ...", flush=True)
    fresh_database(url)
    django_setup(url)
    jobs = prepare(signups=args.signups, capacity=args.capacity)
    from django.db import connection

    connection.close()

    control_url = database_url(DATABASE + "_control")
    clone_for_control(source=url, target=control_url, signups=args.signups)

    log_dir = Path(tempfile.mkdtemp(prefix="forum-bench-"))
    brokers = {}
    servers = {}
    for name, database, app in (
        ("locked", url, "forum.wsgi:application"),
        ("control", control_url, "bench.registration_burst.control:application"),
    ):
        env = server_env(database, secret_key=secret_key)
        if args.emails == "queued":
            brokers[name] = Broker(os.environ.get("BENCH_REDIS", DEFAULT_REDIS))
            env.update(REDIS_URL=brokers[name].url, CELERY_QUEUE=brokers[name].queue)
        servers[name] = Server(
            env=env,
            workers=args.workers,
            threads=args.threads,
            log_path=log_dir / f"gunicorn-{name}.log",
            app=app,
        )
        servers[name].env["SITE_URL"] = f"http://{LOOPBACK}:{servers[name].port}"
    broker = brokers.get("locked")
    try:
        with servers["locked"] as locked, servers["control"] as control:
            before, burst, after, control_burst = load_phases(args, locked, control, jobs)
        queued = broker.queued() if broker else None
    finally:
        for each in brokers.values():
            each.clean()
    counts, problems = check_database(signups=args.signups, capacity=args.capacity)
    database_exact = not problems  # seats, waiting-list positions, one email per sign-up
    emails = (
        f"{queued} send tasks queued in Redis, none sent (production path)"
        if broker
        else "sent inside each request after its commit to a dummy backend, e-badge PDF rendered "
        "per approval"
    )
    report(
        args=args,
        before=before,
        burst=burst,
        after=after,
        control=control_burst,
        counts=counts,
        load=load,
        emails=emails,
    )
    for phase in (before, burst, after, control_burst):
        for failure, n in sorted({f: phase.failures.count(f) for f in set(phase.failures)}.items()):
            problems.append(f"{phase.name}: {n} x {failure}")
    if broker and queued != args.signups:
        problems.append(f"{queued} send tasks queued, expected {args.signups}")
    if burst.throughput < LOCK_TARGET * control_burst.throughput:
        problems.append(
            f"the locked burst reached {burst.throughput / control_burst.throughput:.2f} x the "
            f"control's throughput, target {LOCK_TARGET}"
        )
    ratio = burst.throughput / control_burst.throughput if control_burst.throughput else 0.0
    phases = (before, burst, after, control_burst)
    failures = sum(len(phase.failures) for phase in phases)
    waitlisted = max(args.signups - args.capacity, 0)
    record(
        [
            Figure(
                "edition lock: locked ÷ control, sign-ups a second",
                f"{ratio:.2f}",
                f"≥ {LOCK_TARGET}",
                ratio >= LOCK_TARGET,
            ),
            Figure(
                f"{args.signups:,} sign-ups for {args.capacity:,} seats",
                f"{counts['approved']:,} approved, {counts['waitlisted']:,} waitlisted, "
                f"{counts['total']:,} stored, {counts['emails']:,} emails",
                f"{min(args.capacity, args.signups):,}, {waitlisted:,} (positions 1…), "
                f"{args.signups:,}, {args.signups:,}",
                database_exact,
            ),
            Figure.failed_requests(failures),
        ],
        load=load[0],
    )
    return verdict(
        problems,
        started=started,
        ok="zero errors, capacity respected, nothing lost, the lock within its target",
        keep=log_dir,
        shown=f"server logs: {log_dir}",
    )
