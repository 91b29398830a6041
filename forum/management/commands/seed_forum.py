from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from forum.services import edition_seed_2025
from registration import roles
from registration.services.accounts import account_ensure, totp_ensure
from registration.services.demo import demo_checkin_ensure, demo_delegates_ensure

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


class Command(BaseCommand):
    help = "Create (idempotently) the 2025 demo forum, demo accounts and synthetic delegates."

    def add_arguments(self, parser):
        parser.add_argument(
            "--delegates", type=int, default=0, help="Ensure N synthetic delegates exist."
        )

    def handle(self, *args, delegates: int, **options):
        if delegates < 0 or delegates > 100_000:
            raise CommandError("--delegates must be between 0 and 100000")
        with transaction.atomic():
            edition = edition_seed_2025()
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
                logins.append(
                    (
                        email,
                        ", ".join(role_codes) or ("admin" if is_superuser else "delegate"),
                        secret,
                    )
                )
            created = demo_delegates_ensure(edition=edition, count=delegates)
            arrivals = demo_checkin_ensure(edition=edition)
        self.stdout.write(
            self.style.SUCCESS(
                f"Forum: {edition.name} ({timezone.localtime(edition.starts_at):%d/%m/%Y %H:%M})"
            )
        )
        if delegates:
            self.stdout.write(f"Synthetic delegates: {delegates} ensured ({created} new)")
        if arrivals:
            self.stdout.write(f"Demo check-ins: {arrivals} arrivals over the last 90 minutes")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        for email, role, secret in logins:
            line = f"  {email:<24} {role:<12}"
            if secret:
                line += f" TOTP secret {secret}"
            self.stdout.write(line)
        self.stdout.write(
            "Staff accounts need a TOTP code: add the secret to an authenticator app, or print "
            "the current code with: python manage.py totp_code EMAIL"
        )
