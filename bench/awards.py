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
import datetime as dt
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from bench.common import (
    ROOT,
    Server,
    database_url,
    django_setup,
    fresh_database,
    percentile,
    request,
    server_env,
    verdict,
)

DATABASE = "forum_bench_awards"
TARGET_MS = 200
CATEGORIES = 8


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench awards")
    parser.add_argument("--entries", type=int, default=300)
    parser.add_argument("--judges", type=int, default=9)
    parser.add_argument("--criteria", type=int, default=6)
    parser.add_argument("--requests", type=int, default=40, help="timed requests of each kind")
    return parser.parse_args(argv)


def prepare(*, entries: int, judges: int, criteria: int) -> tuple[int, str]:
    """Migrate, build the scored round in bulk; (round id, organiser's session key)."""
    import random
    from zoneinfo import ZoneInfo

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.utils import timezone

    from awards.models import Criterion, Judge, Nomination, RoundEntry, Score, ScoreSheet
    from awards.services.setup import award_ensure, category_save
    from forum.models import Edition
    from registration import roles
    from registration.services.accounts import account_ensure, totp_ensure

    vn = ZoneInfo("Asia/Ho_Chi_Minh")
    call_command("migrate", verbosity=0, interactive=False)
    edition = Edition.objects.create(
        slug="2025",
        name="Diễn đàn quốc gia về phát triển doanh nghiệp công nghệ số Việt Nam 2025",
        starts_at=dt.datetime(2025, 12, 30, 13, 30, tzinfo=vn),
        ends_at=dt.datetime(2025, 12, 30, 17, 30, tzinfo=vn),
        venue="Trung tâm Hội nghị Quốc gia",
        is_current=True,
    )
    award = award_ensure(edition=edition)
    categories = [
        category_save(
            award=award,
            data={"code": f"hang-muc-{n}", "name": f"Sản phẩm số xuất sắc lĩnh vực {n}"},
            actor=None,
        )
        for n in range(CATEGORIES)
    ]
    scoring = award.rounds.get(kind="scoring")
    rubric = Criterion.objects.bulk_create(
        Criterion(
            round=scoring,
            name=f"Tiêu chí {n + 1}",
            weight=Decimal(1 + n % 3),
            max_score=10,
            independent=n == criteria - 1,
            required=n != criteria - 1,
            position=n,
        )
        for n in range(criteria)
    )
    people = []
    for n in range(judges):
        user, _created = account_ensure(
            email=f"giamkhao{n}@bench.test", password="-", full_name=f"Giám khảo {n}"
        )
        people.append(Judge(award=award, user=user, full_name=user.full_name))
    people = Judge.objects.bulk_create(people)
    nominations = Nomination.objects.bulk_create(
        Nomination(
            award=award,
            category=categories[n % CATEGORIES],
            company_name=f"Công ty Cổ phần Công nghệ số {n}",
            company_key=f"cong ty co phan cong nghe so {n}",
            product_name=f"Nền tảng số {n:03d}",
            product_key=f"nen tang so {n:03d}",
            status="submitted",
            submitted_at=timezone.now() - dt.timedelta(minutes=n),
            eligibility="eligible",
        )
        for n in range(entries)
    )
    round_entries = RoundEntry.objects.bulk_create(
        RoundEntry(round=scoring, nomination=n, source="screening") for n in nominations
    )
    now = timezone.now()
    sheets = ScoreSheet.objects.bulk_create(
        (
            ScoreSheet(entry=e, judge=j, status="submitted", submitted_at=now)
            for e in round_entries
            for j in people
        ),
        batch_size=2000,
    )
    rng = random.Random(2025)
    Score.objects.bulk_create(
        (
            Score(
                sheet=s,
                judge_id=s.judge_id,
                nomination_id=s.entry.nomination_id,
                criterion=c,
                value=Decimal(rng.randint(0, 100)) / 10,
            )
            for s in sheets
            for c in rubric
        ),
        batch_size=5000,
    )
    organiser, _created = account_ensure(
        email="btc@bench.test", password="-", roles=(roles.ORGANISER,), is_staff=True
    )
    totp_ensure(user=organiser)
    # Statistics as autovacuum would leave them on a live database after such a load.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # A signed-in session written straight to the session table: what a login leaves there.
    session = Session.objects.create(
        session_key=secrets.token_hex(16),
        session_data=SessionStore().encode(
            {
                SESSION_KEY: str(organiser.pk),
                BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: organiser.get_session_auth_hash(),
            }
        ),
        expire_date=now + dt.timedelta(days=1),
    )
    return scoring.pk, session.session_key


def selector_cost(round_id: int) -> dict:
    """The ranking selector in this process: its time (median of 5) and its queries, at full
    size and for a copy of the round holding a single entry."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from awards.models import Round, RoundEntry
    from awards.selectors.ranking import round_ranking

    round = Round.objects.get(pk=round_id)
    seconds = []
    for _ in range(5):
        started = time.perf_counter()
        round_ranking(round=round)
        seconds.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as full:
        round_ranking(round=round)
    with transaction.atomic():
        keep = RoundEntry.objects.filter(round=round).order_by("pk").first()
        RoundEntry.objects.filter(round=round).exclude(pk=keep.pk).delete()
        with CaptureQueriesContext(connection) as single:
            round_ranking(round=round)
        transaction.set_rollback(True)
    return {
        "ms": 1000 * statistics.median(seconds),
        "queries": len(full.captured_queries),
        "queries_single": len(single.captured_queries),
    }


def timed(port: int, path: str, cookie: str) -> tuple[float | None, str]:
    response = request(port, "GET", path, headers={"Cookie": cookie} if cookie else {})
    if response.status != 200:
        return None, f"{path}: HTTP {response.status}"
    return response.seconds, ""


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serving_pids(server: Server, url: str) -> list[int]:
    """The gunicorn worker and the PostgreSQL backend of its (persistent) connection."""
    import psycopg

    workers = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
    pids = [int(pid) for pid in workers.read_text().split()]
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND backend_type = "
            "'client backend' AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return pids + [row[0] for row in rows]


def block(server: Server, pids: list[int], path: str, cookie: str, count: int):
    """`count` requests one after the other: (wall seconds, failures, CPU seconds of pids)."""
    before = sum(cpu_seconds(pid) for pid in pids)
    seconds, failures = [], []
    for _ in range(count):
        took, failure = timed(server.port, path, cookie)
        if failure:
            failures.append(failure)
        else:
            seconds.append(took)
    return seconds, failures, sum(cpu_seconds(pid) for pid in pids) - before


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
    return verdict(
        problems,
        started=started,
        ok=f"a ranking request costs {per_request['ranking']:.1f} ms of CPU",
        keep=log_dir,
        shown=f"server log: {log_dir / 'gunicorn.log'}",
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
