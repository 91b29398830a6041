"""The benchmark's data: the edition and the signed-in delegates, the checks on what the burst
stored, and the control's copy of the database."""

import datetime as dt
import itertools
import secrets
from urllib.parse import urlsplit, urlunsplit

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


def clone_for_control(*, source: str, target: str, signups: int) -> None:
    """The control's database: a copy of the prepared one (same delegates, same sessions), with
    as many seats as sign-ups (see control.py)."""
    import psycopg
    from psycopg import sql

    source_name, target_name = (urlsplit(url).path.lstrip("/") for url in (source, target))
    maintenance = urlunsplit(urlsplit(source)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target_name))
        )
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(target_name), sql.Identifier(source_name)
            )
        )
    with psycopg.connect(target, autocommit=True) as conn:
        conn.execute("UPDATE forum_edition SET capacity = %s WHERE slug = 'bench'", [signups])
