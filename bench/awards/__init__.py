"""Ranking a round at the awards' real size: 300 entries × 9 judges × 6 criteria (16,200 scores)
on gunicorn + PostgreSQL, measured against the bare `/healthz` in the same run.

    python -m bench awards [--entries 300 --judges 9 --criteria 6 --requests 40]

Builds a fresh PostgreSQL database (`forum_bench_awards` on BENCH_POSTGRES), the awards with
eight categories and a scoring round whose rubric has `criteria` lines (one independent), every
entry scored and submitted by every judge, and an organiser (with an authenticator, as staff
must) signed in by a session written to the session table. gunicorn serves it with one worker
and one thread, so each request is timed alone; requests go one at a time, in blocks of
`requests` (reference, ranking, reference):

- reference: `GET /healthz` (a bare view: one `SELECT 1`);
- ranking: `GET /organiser/awards/rounds/<id>/ranking/`, the organisers' ranking page (every
  entry's mean, median, deviation, disagreement flag, independent criterion and rank).

Two measures per request: its wall time (p50, p95), which other work on a shared machine
stretches, and the CPU time it costs, which it barely moves: the gunicorn worker's and its
PostgreSQL backend's, read from /proc around each block (both run here, on the loopback). It
also counts the ranking selector's queries in this process, at full size and with a single
entry (the count must be the same). It passes when no request fails, the query count does not
grow, and a ranking request costs under TARGET_MS of CPU.
"""

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.awards.data import prepare
from bench.awards.measure import block, selector_cost, serving_pids, timed
from bench.common import (
    ROOT,
    Figure,
    Server,
    database_url,
    django_setup,
    fresh_database,
    percentile,
    record,
    server_env,
    verdict,
)

DATABASE = "forum_bench_awards"
TARGET_MS = 200


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench awards")
    parser.add_argument("--entries", type=int, default=300)
    parser.add_argument("--judges", type=int, default=9)
    parser.add_argument("--criteria", type=int, default=6)
    parser.add_argument("--requests", type=int, default=40, help="timed requests of each kind")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    url = database_url(DATABASE)
    secret_key = secrets.token_urlsafe(40)
    os.environ["DJANGO_SECRET_KEY"] = secret_key
    fresh_database(url)
    django_setup(url)
    round_id, session_key = prepare(
        entries=args.entries, judges=args.judges, criteria=args.criteria
    )
    cost = selector_cost(round_id)
    from django.db import connection

    connection.close()
    log_dir = Path(tempfile.mkdtemp(prefix="forum-bench-awards-"))
    server = Server(
        env=server_env(url, secret_key=secret_key),
        workers=1,
        threads=1,
        log_path=log_dir / "gunicorn.log",
    )
    # Pages name their static files through the production manifest: build it for this run.
    server.env["DJANGO_STATIC_ROOT"] = str(log_dir / "static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=server.env,
        check=True,
    )
    cookie = f"sessionid={session_key}"
    ranking_path = f"/organiser/awards/rounds/{round_id}/ranking/"
    wall = {"reference": [], "ranking": []}
    cpu = {"reference": 0.0, "ranking": 0.0}
    failures = []
    load = os.getloadavg()[0]
    with server:
        for _ in range(3):  # warm-up: imports, templates, the database connection
            timed(server.port, "/healthz", "")
            timed(server.port, ranking_path, cookie)
        pids = serving_pids(server, url)
        for name, path, sent in (
            ("reference", "/healthz", ""),
            ("ranking", ranking_path, cookie),
            ("reference", "/healthz", ""),
        ):
            seconds, failed, used = block(server, pids, path, sent, args.requests)
            wall[name] += seconds
            cpu[name] += used
            failures += failed
    counts = {"reference": 2 * args.requests, "ranking": args.requests}
    per_request = {name: 1000 * cpu[name] / counts[name] for name in cpu}
    scores = args.entries * args.judges * args.criteria
    print(
        f"{args.entries} entries × {args.judges} judges × {args.criteria} criteria "
        f"= {scores:,} scores; gunicorn 1 worker × 1 thread, requests one at a time; "
        f"load average {load:.1f} → {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print("| request | requests | errors | wall p50 ms | wall p95 ms | CPU ms per request |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, label in (("reference", "GET /healthz"), ("ranking", f"GET {ranking_path}")):
        values = wall[name]
        errors = sum(1 for failure in failures if (ranking_path in failure) == (name == "ranking"))
        print(
            f"| {label} | {len(values)} | {errors} | {1000 * percentile(values, 50):.1f} | "
            f"{1000 * percentile(values, 95):.1f} | {per_request[name]:.1f} |"
        )
    print(
        f"ranking: {per_request['ranking'] / per_request['reference']:.1f} × the reference's CPU, "
        f"{percentile(wall['ranking'], 50) / percentile(wall['reference'], 50):.1f} × its wall "
        f"p50 (target: under {TARGET_MS} ms of CPU, gunicorn worker + PostgreSQL backend)"
    )
    print(
        f"ranking selector in process: {cost['ms']:.1f} ms wall, {cost['queries']} queries "
        f"({cost['queries_single']} with a single entry)"
    )
    problems = list(dict.fromkeys(failures))
    if cost["queries"] != cost["queries_single"]:
        problems.append(
            f"the ranking reads {cost['queries']} queries for {args.entries} entries and "
            f"{cost['queries_single']} for one"
        )
    if not per_request["ranking"] < TARGET_MS:
        problems.append(
            f"a ranking request costs {per_request['ranking']:.1f} ms of CPU, not under "
            f"{TARGET_MS} ms"
        )
    record(
        [
            Figure(
                f"CPU of one ranking request ({scores:,} scores)",
                f"{per_request['ranking']:.0f} ms",
                f"< {TARGET_MS} ms",
                per_request["ranking"] < TARGET_MS,
            ),
            Figure(
                "ranking queries, full round against one entry",
                f"{cost['queries']} against {cost['queries_single']}",
                "the same",
                cost["queries"] == cost["queries_single"],
            ),
            Figure.failed_requests(len(failures)),
        ],
        load=load,
    )
    return verdict(
        problems,
        started=started,
        ok=f"a ranking request costs {per_request['ranking']:.1f} ms of CPU",
        keep=log_dir,
        shown=f"server log: {log_dir / 'gunicorn.log'}",
    )
