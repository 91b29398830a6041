"""Registration burst: 1,600 sign-ups from 50 concurrent clients for 1,500 seats (open mode).

Builds a fresh PostgreSQL database, creates the edition and 1,600 signed-in delegates with
verified emails, starts gunicorn on a loopback port and then, with the same 50 clients:

1. sends 1,600 requests to `/healthz` (a bare view: one `SELECT 1`), the reference;
2. POSTs the 1,600 registration forms to `/register/`, as many at once as there are clients;
3. sends the 1,600 reference requests again, so that the reference brackets the burst in time.

It passes when no request fails, every sign-up ends with a redirect to `/my-registration/`, and the
database holds exactly 1,500 approved and 100 waitlisted registrations (positions 1..100).
Latency is reported as p50/p95 and as a ratio to the reference (both reference phases together)
measured on the same server in the same run, so that runs on different machines can be compared.

    python -m bench registration_burst [--signups 1600 --capacity 1500 --clients 50 ...]
"""

import argparse
import datetime as dt
import itertools
import os
import secrets
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.common import (
    DEFAULT_REDIS,
    LOOPBACK,
    Broker,
    Phase,
    Server,
    database_url,
    django_setup,
    fresh_database,
    request,
    run_clients,
    server_env,
    verdict,
)

DATABASE = "forum_bench"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thu", "Đức", "Ngọc", "Quang", "Thanh", "Gia"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hiếu", "Hoa", "Hùng", "Khánh", "Lan"]
GIVEN += ["Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Yến"]
ORGANISATIONS = [
    "Công ty Cổ phần MISA",
    "Tập đoàn Công nghiệp - Viễn thông Quân đội",
    "Công ty Cổ phần FPT",
    "Sở Khoa học và Công nghệ Hà Nội",
    "Đại học Bách khoa Hà Nội",
    "Hiệp hội Phần mềm và Dịch vụ CNTT Việt Nam",
]


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench registration_burst")
    parser.add_argument("--signups", type=int, default=1600)
    parser.add_argument("--capacity", type=int, default=1500)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
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


def names():
    for family, middle, given in itertools.product(FAMILY, MIDDLE, GIVEN):
        yield f"{family} {middle} {given}"


def prepare(*, signups: int, capacity: int) -> list[tuple[str, str]]:
    """Migrate, create the open edition and the delegates; return (session key, name) for each."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.utils import timezone

    from forum.models import Edition
    from registration.models import User

    call_command("migrate", interactive=False, verbosity=0)
    now = timezone.now()
    Edition.objects.create(
        slug="bench",
        name="Diễn đàn quốc gia về phát triển doanh nghiệp công nghệ số Việt Nam",
        starts_at=now + dt.timedelta(days=30),
        ends_at=now + dt.timedelta(days=30, hours=4),
        venue="Trung tâm Hội nghị Quốc gia",
        capacity=capacity,
        registration_mode=Edition.RegistrationMode.OPEN,
        is_current=True,
    )
    User.objects.bulk_create(
        User(email=f"delegate{n:05d}@bench.example.vn", full_name=name, password="!bench")
        for n, name in zip(range(signups), itertools.cycle(names()), strict=False)
    )
    users = list(User.objects.order_by("pk"))
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    # Signed-in sessions written straight to the session table: what a login would leave there.
    store = SessionStore()
    expires = now + dt.timedelta(days=1)
    sessions = []
    for user in users:
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(
            Session(
                session_key=secrets.token_hex(16),
                session_data=store.encode(data),
                expire_date=expires,
            )
        )
    Session.objects.bulk_create(sessions)
    return [(s.session_key, user.full_name) for s, user in zip(sessions, users, strict=True)]


def sign_up(port: int, timeout: float):
    organisations = itertools.cycle(ORGANISATIONS)

    def call(job) -> tuple[float | None, str]:
        session_key, full_name = job
        csrf = secrets.token_hex(16)  # 32 characters: a valid unmasked CSRF secret
        body = urlencode(
            {
                "honorific": "Ông",
                "full_name": full_name,
                "given_name": "",
                "position": "Giám đốc",
                "organisation": next(organisations),
                "delegate_type": "enterprise",
                "phone": "0912 345 678",
                "province": "Thành phố Hà Nội",
                "email_language": "vi",
                "needs": "",
                "consent_administration": "on",
                "invitation_code": "",
                "csrfmiddlewaretoken": csrf,
            }
        ).encode()
        response = request(
            port,
            "POST",
            "/register/",
            headers={
                "Host": f"{LOOPBACK}:{port}",
                "Cookie": f"sessionid={session_key}; csrftoken={csrf}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            body=body,
            timeout=timeout,
        )
        location = response.headers.get("location", "")
        if response.status == 302 and location == "/my-registration/":
            return response.seconds, ""
        return response.seconds, f"HTTP {response.status} {location}".strip()

    return call


def bare(port: int, timeout: float):
    def call(_job) -> tuple[float | None, str]:
        response = request(
            port, "GET", "/healthz", headers={"Host": f"{LOOPBACK}:{port}"}, timeout=timeout
        )
        if response.status == 200:
            return response.seconds, ""
        return response.seconds, f"HTTP {response.status}"

    return call


def check_database(*, signups: int, capacity: int) -> tuple[dict, list[str]]:
    from django.db import connection

    from mail.models import OutgoingEmail
    from registration.models import Registration

    Status = Registration.Status
    connection.close()  # counts must see everything the server committed
    rows = Registration.objects.all()
    counts = {
        "total": rows.count(),
        "approved": rows.filter(status=Status.APPROVED).count(),
        "waitlisted": rows.filter(status=Status.WAITLISTED).count(),
    }
    positions = sorted(
        rows.filter(status=Status.WAITLISTED).values_list("waitlist_position", flat=True)
    )
    expected_waitlisted = max(signups - capacity, 0)
    problems = []
    if counts["total"] != signups:
        problems.append(f"{counts['total']} registrations stored, expected {signups}")
    if counts["approved"] != min(capacity, signups):
        problems.append(f"{counts['approved']} approved, expected {min(capacity, signups)}")
    if counts["waitlisted"] != expected_waitlisted:
        problems.append(f"{counts['waitlisted']} waitlisted, expected {expected_waitlisted}")
    if positions != list(range(1, expected_waitlisted + 1)):
        problems.append("waiting-list positions are not 1..n")
    counts["emails"] = OutgoingEmail.objects.filter(object_key__startswith="registration:").count()
    if counts["emails"] != signups:
        problems.append(f"{counts['emails']} emails in the outbox, expected one per sign-up")
    return counts, problems


def report(*, args, before: Phase, burst: Phase, after: Phase, counts: dict, load, emails) -> None:
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
    print(
        f"database: {counts['total']} registrations, {counts['approved']} approved "
        f"(capacity {args.capacity}), {counts['waitlisted']} waitlisted, "
        f"{counts['emails']} emails in the outbox"
    )


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

    log_dir = Path(tempfile.mkdtemp(prefix="forum-bench-"))
    env = server_env(url, secret_key=secret_key)
    broker = None
    if args.emails == "queued":
        broker = Broker(os.environ.get("BENCH_REDIS", DEFAULT_REDIS))
        env.update(REDIS_URL=broker.url, CELERY_QUEUE=broker.queue)
    server = Server(
        env=env, workers=args.workers, threads=args.threads, log_path=log_dir / "gunicorn.log"
    )
    server.env["SITE_URL"] = f"http://{LOOPBACK}:{server.port}"
    try:
        with server:
            phases = load_phases(args, server, jobs)
        emails = (
            f"{broker.queued()} send tasks queued in Redis, none sent (production path)"
            if broker
            else "sent inside each request to a dummy backend, e-badge PDF rendered per approval"
        )
    finally:
        if broker:
            broker.clean()
    before, burst, after = phases
    counts, problems = check_database(signups=args.signups, capacity=args.capacity)
    report(
        args=args,
        before=before,
        burst=burst,
        after=after,
        counts=counts,
        load=load,
        emails=emails,
    )
    for phase in phases:
        for failure, n in sorted({f: phase.failures.count(f) for f in set(phase.failures)}.items()):
            problems.append(f"{phase.name}: {n} x {failure}")
    if broker and broker.last_count != args.signups:
        problems.append(f"{broker.last_count} send tasks queued, expected {args.signups}")
    return verdict(
        problems,
        started=started,
        ok="zero errors, capacity respected, nothing lost",
        keep=log_dir,
        shown=f"server log: {log_dir / 'gunicorn.log'}",
    )


def load_phases(args, server: Server, jobs) -> tuple[Phase, Phase, Phase]:
    """Warm up, then the reference, the burst and the reference again, with the same clients."""
    print(f"gunicorn on {LOOPBACK}:{server.port}, log {server.log_path}", flush=True)
    bare_call = bare(server.port, args.request_timeout)
    # Warm every worker (imports, first connection) before anything is measured.
    run_clients("warm-up", range(args.clients * 4), bare_call, clients=args.clients, time_limit=60)
    limits = dict(clients=args.clients, time_limit=args.time_limit)
    before = run_clients("reference before", range(args.signups), bare_call, **limits)
    burst = run_clients("burst", jobs, sign_up(server.port, args.request_timeout), **limits)
    after = run_clients("reference after", range(args.signups), bare_call, **limits)
    return before, burst, after
