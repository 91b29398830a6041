"""Showcase board under polling: the big screen and many phones poll the live board, against a
bare `/healthz` in the same run, on gunicorn + PostgreSQL + Redis (the cache the server processes
share, as in production).

Builds a fresh PostgreSQL database `forum_bench_showcase` with the forum under way, 11 problems,
25 demos with their claims, 1,500 approved delegates and about 4,500 verifications, and 200
signed-in sessions; starts gunicorn with bench.showcase.settings (the project's settings plus a
middleware that reports each response's number of database queries in a header); then, with the
same clients released together, runs slots in turn:

- reference: `GET /healthz` (a bare view: one `SELECT 1`);
- board: polls as htmx sends them (`HX-Request: true`), in turn to the big screen
  (`/showcase/board/`) and the phone view (`/showcase/`, `/en/showcase/`), from visitors;
- board, signed in: the same polls from phones with a delegate's session.

reference, board, reference, board signed in, reference: each board slot is bracketed by
reference slots, so that a change in the machine's speed weighs on both alike.

It passes when no request fails, the anonymous polls cost the database at most one board read per
interval (a read is showcase.selectors.board's fixed set of queries; every other poll costs
none), and the board's p50 latency is at most LATENCY_CEILING times the reference's.

    python -m bench showcase [--polls 6000 --clients 50 --workers 4 --threads 4 ...]
"""

import argparse
import datetime as dt
import math
import os
import secrets
import tempfile
import threading
import time
from pathlib import Path

from bench.common import (
    LOOPBACK,
    Figure,
    Phase,
    Server,
    database_url,
    django_setup,
    fresh_database,
    record,
    request,
    run_clients,
    server_env,
    verdict,
)
from bench.showcase.counting import HEADER

DATABASE = "forum_bench_showcase"
DEFAULT_CACHE = "redis://127.0.0.1:6379/14"
DELEGATES = 1500
SESSIONS = 200
POLL_PATHS = ("/showcase/board/", "/showcase/", "/en/showcase/")
LATENCY_CEILING = 4.0  # board p50 ≤ this × reference p50


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench showcase")
    parser.add_argument("--polls", type=int, default=6000, help="requests per board slot")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--time-limit", type=float, default=300, help="seconds per slot")
    return parser.parse_args(argv)


def prepare() -> list[str]:
    """Migrate and create the forum under way with its showcase; the signed-in session keys."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.utils import timezone

    from forum.models import Edition
    from registration.models import User
    from registration.services.demo import approved_with_codes_bulk
    from showcase.models import ClaimAnswer, Demo, Verification
    from showcase.services import seed

    call_command("migrate", interactive=False, verbosity=0)
    now = timezone.now()
    edition = Edition.objects.create(
        slug="bench-showcase",
        name="Diễn đàn quốc gia về phát triển doanh nghiệp công nghệ số Việt Nam",
        name_en="National Forum on Developing Vietnamese Digital Technology Enterprises",
        short_name="Make in Viet Nam",
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=3),
        venue="Trung tâm Hội nghị Quốc gia",
        is_current=True,
    )
    data = seed._data()
    problems = seed._problems(edition, data)
    enterprises = seed._enterprises(data)
    seed._demos(edition, data, problems, enterprises, None)
    registrations = [
        pk for pk, _payload in approved_with_codes_bulk(edition=edition, count=DELEGATES)
    ]
    demos = list(Demo.objects.filter(status="approved").prefetch_related("claims"))
    verifications, answers = [], []
    for n, registration_id in enumerate(registrations):
        for demo in (demos[(n + k * 7) % len(demos)] for k in range(3)):
            verification = Verification(
                demo=demo, registration_id=registration_id, rating=3 + n % 3
            )
            verifications.append(verification)
            answers += [(verification, claim) for claim in demo.claims.all()]
    Verification.objects.bulk_create(verifications, batch_size=1000)
    ClaimAnswer.objects.bulk_create(
        [ClaimAnswer(verification=v, claim=c, answer="yes") for v, c in answers], batch_size=2000
    )
    # Signed-in phones: delegates' sessions written straight to the session table.
    users = User.objects.bulk_create(
        User(email=f"phone{n:04d}@bench.example.vn", full_name="Nguyễn Văn An", password="!bench")
        for n in range(SESSIONS)
    )
    store = SessionStore()
    sessions = [
        Session(
            session_key=secrets.token_hex(16),
            session_data=store.encode(
                {
                    SESSION_KEY: str(user.pk),
                    BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                    HASH_SESSION_KEY: user.get_session_auth_hash(),
                }
            ),
            expire_date=now + dt.timedelta(days=1),
        )
        for user in users
    ]
    Session.objects.bulk_create(sessions)
    return [session.session_key for session in sessions]


class Polls:
    """The board polls' calls, and the database queries each one cost (from the header)."""

    def __init__(self, port: int, sessions: list[str] | None = None):
        self.port = port
        self.sessions = sessions
        self.queries: list[int] = []
        self.started = self.ended = 0.0
        self._lock = threading.Lock()

    def __call__(self, job) -> tuple[float | None, str]:
        headers = {"Host": f"{LOOPBACK}:{self.port}", "HX-Request": "true"}
        if self.sessions:
            headers["Cookie"] = f"sessionid={self.sessions[job % len(self.sessions)]}"
        with self._lock:
            self.started = self.started or time.monotonic()
        response = request(self.port, "GET", POLL_PATHS[job % len(POLL_PATHS)], headers=headers)
        with self._lock:
            self.ended = time.monotonic()
            self.queries.append(int(response.headers.get(HEADER.lower(), "-1")))
        if response.status == 200 and b'id="board"' in response.body:
            return response.seconds, ""
        return response.seconds, f"HTTP {response.status}"


def bare(port: int):
    def call(_job) -> tuple[float | None, str]:
        response = request(port, "GET", "/healthz", headers={"Host": f"{LOOPBACK}:{port}"})
        return response.seconds, "" if response.status == 200 else f"HTTP {response.status}"

    return call


def board_reads(polls: Polls, read_queries: int) -> dict:
    """How many polls read the board from the database, against the intervals they spanned."""
    from showcase.selectors.board import INTERVAL

    seconds = polls.ended - polls.started
    reads = sum(1 for q in polls.queries if q >= read_queries)
    return {
        "seconds": seconds,
        "intervals": math.ceil(seconds / INTERVAL) + 1,
        "reads": reads,
        "queries": sum(q for q in polls.queries if q > 0),
        "zero": sum(1 for q in polls.queries if q == 0),
        "per_poll": sorted(set(polls.queries)),
    }


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    url = database_url(DATABASE)
    started = time.monotonic()
    load = os.getloadavg()
    secret_key = secrets.token_urlsafe(40)
    os.environ["DJANGO_SECRET_KEY"] = secret_key
    print(f"preparing {url} ...", flush=True)
    fresh_database(url)
    django_setup(url)
    sessions = prepare()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from showcase.selectors.board import board_compute

    with CaptureQueriesContext(connection) as read:
        board_compute()
    read_queries = len(read)
    connection.close()

    cache = os.environ.get("BENCH_REDIS_CACHE", DEFAULT_CACHE)
    _flush_cache(cache)
    log_dir = Path(tempfile.mkdtemp(prefix="forum-bench-showcase-"))
    env = server_env(url, secret_key=secret_key, REDIS_URL=cache)
    env["DJANGO_SETTINGS_MODULE"] = "bench.showcase.settings"
    server = Server(
        env=env, workers=args.workers, threads=args.threads, log_path=log_dir / "gunicorn.log"
    )
    with server:
        print(f"gunicorn on {LOOPBACK}:{server.port}, log {server.log_path}", flush=True)
        slots = run_slots(args, server, sessions)
    _flush_cache(cache)
    from bench.showcase.report import problems_of, report

    report(args=args, slots=slots, read_queries=read_queries, load=load, board_reads=board_reads)
    problems = problems_of(
        slots=slots, read_queries=read_queries, board_reads=board_reads, ceiling=LATENCY_CEILING
    )
    record(figures(slots, read_queries), load=load[0])
    return verdict(
        problems,
        started=started,
        ok="no request failed; one board read per interval whatever the number of polls",
        keep=log_dir,
        shown=f"server log: {log_dir / 'gunicorn.log'}",
    )


def figures(slots: dict, read_queries: int) -> list[Figure]:
    from bench.showcase.report import _pooled

    reference = _pooled(slots["reference"])
    board, polls = slots["board"]
    ratio = board.percentile(50) / reference.percentile(50)
    reads = board_reads(polls, read_queries)
    phases = [*slots["reference"], board, slots["signed_in"][0]]
    failures = sum(len(phase.failures) for phase in phases)
    return [
        Figure(
            "board poll ÷ reference, p50",
            f"{ratio:.2f}",
            f"≤ {LATENCY_CEILING}",
            ratio <= LATENCY_CEILING,
        ),
        Figure(
            "board reads from the database, visitors' polls",
            f"{reads['reads']} in {reads['intervals']} intervals",
            "≤ 1 per interval",
            reads["reads"] <= reads["intervals"]
            and reads["queries"] == reads["reads"] * read_queries,
        ),
        Figure.failed_requests(failures),
    ]


def _flush_cache(url: str) -> None:
    """Remove the board's entries from the cache (the server's only ones), before and after."""
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match="*showcase:board*"))
    if keys:
        client.delete(*keys)


def run_slots(args, server: Server, sessions: list[str]) -> dict:
    limits = dict(clients=args.clients, time_limit=args.time_limit)
    reference = bare(server.port)
    run_clients("warm-up", range(args.clients * 4), reference, **limits)
    run_clients("warm-up", range(args.clients * 4), Polls(server.port), **limits)
    anonymous, signed_in = Polls(server.port), Polls(server.port, sessions)
    slots = {"reference": []}
    slots["reference"].append(run_clients("reference", range(args.polls), reference, **limits))
    slots["board"] = (run_clients("board", range(args.polls), anonymous, **limits), anonymous)
    slots["reference"].append(run_clients("reference", range(args.polls), reference, **limits))
    slots["signed_in"] = (
        run_clients("board, signed in", range(args.polls), signed_in, **limits),
        signed_in,
    )
    slots["reference"].append(run_clients("reference", range(args.polls), reference, **limits))
    return slots


__all__ = ["Phase", "main"]
