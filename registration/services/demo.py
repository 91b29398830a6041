"""Demo delegates: synthetic people in every registration status, created idempotently."""

import random

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from registration import roles
from registration.badge_codes import ALPHABET, TOKEN_LENGTH, payload_of
from registration.models import ConsentPurpose, ConsentRecord, Registration, User
from registration.services.accounts import account_ensure, totp_ensure
from registration.services.badge_codes import badge_codes_create_bulk
from registration.services.registrations import NOTICE_VERSION, registration_derive
from registration.services.registrations.waitlist import next_waitlist_position
from registration.synthetic_people import demo_person

DEMO_PASSWORD = "MakeInVietNam2025"  # noqa: S105 - demo accounts only, printed on purpose

DEMO_ACCOUNTS = [
    # email, full name, roles, is_staff, is_superuser
    ("admin@forum.test", "Quản trị hệ thống", (), True, True),
    ("organiser@forum.test", "Nguyễn Thị Thu Hà", (roles.ORGANISER,), True, False),
    ("door@forum.test", "Trần Văn Cường", (roles.DOOR_STAFF,), False, False),
    ("judge@forum.test", "PGS. TS. Lê Minh Tuấn", (roles.JUDGE,), False, False),
    ("enterprise@forum.test", "Phạm Quang Huy", (roles.ENTERPRISE,), False, False),
    ("delegate@forum.test", "Đặng Thị Ánh", (), False, False),
]

Status = Registration.Status
DELEGATE_TYPES = {
    "government": "gov_ministry",
    "enterprise": "enterprise",
    "association": "association",
    "research": "research",
    "press": "press",
    "international": "international",
}


def demo_delegate_email(index: int) -> str:
    return f"daibieu{index:05d}@demo.forum.test"


def _demo_status(index: int) -> str:
    # Mostly approved, and a few of every other status so every screen has something to show.
    remainder = index % 20
    if remainder in (1, 2, 3):
        return Status.PENDING
    if remainder == 4:
        return Status.REJECTED
    if remainder == 5:
        return Status.CANCELLED
    if remainder == 6:
        return Status.WAITLISTED
    return Status.APPROVED


def demo_delegates_ensure(*, edition, count: int) -> int:
    """Ensure synthetic delegates 1..count exist with registrations; returns how many were new.

    Statuses are assigned directly (not through the capacity rules): this is demo data.
    """
    wanted = {demo_delegate_email(i): i for i in range(1, count + 1)}
    existing = set(User.objects.filter(email__in=wanted).values_list("email", flat=True))
    new = {email: index for email, index in wanted.items() if email not in existing}
    if not new:
        return 0
    with transaction.atomic():
        users = []
        for email, index in new.items():
            user = User(email=email, full_name=demo_person(index).full_name)
            user.set_unusable_password()
            users.append(user)
        User.objects.bulk_create(users, batch_size=500)
        users = list(User.objects.filter(email__in=new))
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
            batch_size=500,
        )
        # The highest position in use, whatever order the database puts empty positions in.
        next_position = next_waitlist_position(edition)
        now = timezone.now()
        registrations = []
        for user in users:
            index = new[user.email]
            person = demo_person(index)
            status = _demo_status(index)
            registration = Registration(
                edition=edition,
                user=user,
                email=user.email,
                full_name=person.full_name,
                honorific=person.honorific,
                position=person.position,
                organisation=person.organisation,
                delegate_type=DELEGATE_TYPES[person.delegate_type],
                phone=person.phone,
                province=person.province,
                status=status,
                decided_at=now if status in (Status.APPROVED, Status.REJECTED) else None,
                rejection_reason="Không thuộc đối tượng mời" if status == Status.REJECTED else "",
            )
            if status == Status.WAITLISTED:
                registration.waitlist_position = next_position
                next_position += 1
            registration_derive(registration=registration)
            registrations.append(registration)
        Registration.objects.bulk_create(registrations, batch_size=500)
        # Approval issues the badge code; these approvals are assigned directly, so the codes too.
        badge_codes_create_bulk(
            registrations=[r for r in registrations if r.status == Status.APPROVED]
        )
        ConsentRecord.objects.bulk_create(
            [
                ConsentRecord(
                    registration=r,
                    purpose=purpose,
                    granted=purpose == ConsentPurpose.ADMINISTRATION,
                    notice_version=NOTICE_VERSION,
                )
                for r in Registration.objects.filter(user__in=users)
                for purpose in ConsentPurpose.values
            ],
            batch_size=1000,
        )
    return len(new)


def approved_with_codes_bulk(*, edition, count: int) -> list[tuple[int, str]]:
    """`count` synthetic approved registrations with active badge codes, inserted in bulk (for
    load tests and benchmarks). Returns (registration id, QR payload) pairs."""
    registrations = Registration.objects.bulk_create(
        Registration(
            edition=edition,
            full_name=f"Nguyễn Văn Số {n}",
            given_name=f"Số {n}",
            organisation="Công ty Cổ phần MISA",
            delegate_type="enterprise",
            email=f"delegate{n}@example.vn",
            province="Thành phố Hà Nội",
            status=Status.APPROVED,
        )
        for n in range(count)
    )
    rng = random.Random(2025)
    tokens = ["".join(rng.choice(ALPHABET) for _ in range(TOKEN_LENGTH)) for _ in registrations]
    badge_codes_create_bulk(
        registrations=registrations,
        tokens=tokens,
        short_codes=[f"{n:08d}" for n in range(len(registrations))],
    )
    return [(r.pk, payload_of(t)) for r, t in zip(registrations, tokens, strict=True)]


def demo_accounts_ensure() -> list[tuple[str, str, str]]:
    """The demo account of every role; returns (email, role, TOTP secret or "") to print."""
    logins = []
    for email, name, role_codes, is_staff, is_superuser in DEMO_ACCOUNTS:
        user, _created = account_ensure(
            email=email,
            password=DEMO_PASSWORD,
            full_name=name,
            roles=role_codes,
            is_staff=is_staff,
            is_superuser=is_superuser,
        )
        secret = ""
        if is_staff or set(role_codes) & roles.STAFF_ROLES:
            secret = totp_ensure(user=user)
        role = ", ".join(role_codes) or ("admin" if is_superuser else "delegate")
        logins.append((email, role, secret))
    return logins


def demo_registration_seed(*, edition, delegates: int = 0, **options) -> list[str]:
    """seed_forum's part for registration: demo accounts and N synthetic delegates; returns the
    lines it prints (the demo logins among them)."""
    logins = demo_accounts_ensure()
    created = demo_delegates_ensure(edition=edition, count=delegates)
    lines = []
    if delegates:
        lines.append(f"Synthetic delegates: {delegates} ensured ({created} new)")
    lines += ["", f"Demo logins (password for all: {DEMO_PASSWORD})"]
    for email, role, secret in logins:
        line = f"  {email:<24} {role:<12}"
        if secret:
            line += f" TOTP secret {secret}"
        lines.append(line)
    lines.append(
        "Staff accounts need a TOTP code: add the secret to an authenticator app, or print "
        "the current code with: python manage.py totp_code EMAIL"
    )
    return lines
