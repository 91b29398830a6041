"""Ranking a round at the awards' real size: 300 entries × 9 judges × 6 criteria (16,200 scores)
on gunicorn + PostgreSQL, timed against the bare `/healthz` in the same run.

    python -m bench awards [--entries 300 --judges 9 --criteria 6 --requests 40]

Builds a fresh PostgreSQL database (`forum_bench_awards` on BENCH_POSTGRES), the awards with
eight categories and a scoring round whose rubric has `criteria` lines (one independent), every
entry scored and submitted by every judge, and an organiser (with an authenticator, as staff
must) signed in by a session written to the session table. gunicorn serves it with one worker
and one thread, so each request is timed alone; requests go one at a time, alternating:

- reference: `GET /healthz` (a bare view: one `SELECT 1`);
- ranking: `GET /organiser/awards/rounds/<id>/ranking/`, the organisers' ranking page (every
  entry's mean, median, deviation, disagreement flag, independent criterion and rank).

It also times the ranking selector in this process and counts its queries, at full size and
with a single entry (the count must be the same). It passes when no request fails, the query
count does not grow, and the ranking page's median is under TARGET_MS.
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
    times = {"reference": [], "ranking": []}
    failures = []
    with server:
        for _ in range(3):  # warm-up: imports, templates, connections
            timed(server.port, "/healthz", "")
            timed(server.port, ranking_path, cookie)
        for _ in range(args.requests):
            for name, path, sent in (
                ("reference", "/healthz", ""),
                ("ranking", ranking_path, cookie),
            ):
                seconds, failure = timed(server.port, path, sent)
                if failure:
                    failures.append((name, failure))
                else:
                    times[name].append(seconds)
    ms = {
        name: (1000 * percentile(values, 50), 1000 * percentile(values, 95))
        for name, values in times.items()
    }
    scores = args.entries * args.judges * args.criteria
    print(
        f"{args.entries} entries × {args.judges} judges × {args.criteria} criteria "
        f"= {scores:,} scores; gunicorn 1 worker × 1 thread, requests one at a time"
    )
    print("| request | requests | errors | p50 ms | p95 ms |")
    print("|---|---:|---:|---:|---:|")
    for name, path in (("reference", "GET /healthz"), ("ranking", f"GET {ranking_path}")):
        p50, p95 = ms[name]
        errors = sum(1 for kind, _failure in failures if kind == name)
        print(f"| {path} | {len(times[name])} | {errors} | {p50:.1f} | {p95:.1f} |")
    ratio = ms["ranking"][0] / ms["reference"][0] if ms["reference"][0] else float("nan")
    print(f"ranking page p50 = {ratio:.1f} × the reference p50 (target: under {TARGET_MS} ms)")
    print(
        f"ranking selector in process: {cost['ms']:.1f} ms, {cost['queries']} queries "
        f"({cost['queries_single']} with a single entry)"
    )
    problems = list(dict.fromkeys(failure for _kind, failure in failures))
    if cost["queries"] != cost["queries_single"]:
        problems.append(
            f"the ranking reads {cost['queries']} queries for {args.entries} entries and "
            f"{cost['queries_single']} for one"
        )
    if not ms["ranking"][0] < TARGET_MS:
        problems.append(f"ranking page p50 {ms['ranking'][0]:.1f} ms is not under {TARGET_MS} ms")
    return verdict(
        problems,
        started=started,
        ok=f"ranking page p50 {ms['ranking'][0]:.1f} ms",
        keep=log_dir,
        shown=f"server log: {log_dir / 'gunicorn.log'}",
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
