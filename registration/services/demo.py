"""Demo delegates: synthetic people in every registration status, created idempotently."""

from django.db import transaction
from django.utils import timezone

from registration.demo import demo_person
from registration.models import ConsentPurpose, ConsentRecord, Registration, User
from registration.services.registrations import NOTICE_VERSION, _derive
from registration.vietnamese import given_name

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
    from allauth.account.models import EmailAddress

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
        top = Registration.objects.filter(edition=edition).order_by("-waitlist_position")
        next_position = (top.values_list("waitlist_position", flat=True).first() or 0) + 1
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
                given_name=given_name(person.full_name),
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
            _derive(registration)
            registrations.append(registration)
        Registration.objects.bulk_create(registrations, batch_size=500)
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


DEMO_GATES = [
    ("a", "Cổng A", "entrance"),
    ("b", "Cổng B", "entrance"),
    ("vip", "Cổng VIP", "vip"),
    ("press", "Cổng báo chí", "press"),
    ("help", "Bàn hỗ trợ", "help_desk"),
]


def demo_checkin_ensure(*, edition, share: float = 0.4) -> int:
    """Gates, one device per gate and arrivals for `share` of the approved delegates.

    Arrivals are spread over the last 90 minutes so the live dashboard has something to show:
    each one scanned by its gate's device and received as it was made, the devices in touch
    within the last minute. Nothing is added when the edition already has scans. Returns the
    number of arrivals made.
    """
    import datetime as dt
    import random
    import uuid

    from django.db.models import F, Max

    from registration.models import Gate, Scan, ScannerDevice
    from registration.services.badge_codes import badge_code_issue, payload_of
    from registration.services.checkin import checkin_perform
    from registration.services.devices import device_create_paired, gate_create

    gates = {g.code: g for g in Gate.objects.filter(edition=edition)}
    for code, name, kind in DEMO_GATES:
        if code not in gates:
            gates[code] = gate_create(edition=edition, code=code, name=name, kind=kind)
            device_create_paired(gate=gates[code], name=f"Máy quét {name}")
    if Scan.objects.filter(edition=edition).exists():
        return 0
    devices = {}
    for device in ScannerDevice.objects.filter(gate__edition=edition, revoked_at__isnull=True):
        devices.setdefault(device.gate_id, device)
    rng = random.Random(2025)
    approved = list(
        Registration.objects.filter(edition=edition, status=Status.APPROVED).order_by("pk")
    )
    arriving = rng.sample(approved, int(len(approved) * share))
    now = timezone.now()
    # Most people arrive in the last half hour, as at the real door.
    times = sorted(now - dt.timedelta(minutes=rng.triangular(0, 90, 5)) for _ in arriving)
    entrances = [gates["a"], gates["b"], gates["vip"], gates["press"]]
    for registration, scanned_at in zip(arriving, times, strict=True):
        code = badge_code_issue(registration=registration)
        gate = gates["press"] if registration.delegate_type == "press" else rng.choice(entrances)
        device = devices.get(gate.pk)
        checkin_perform(
            edition_id=edition.pk,
            raw_code=payload_of(code.token),
            nonce=uuid.uuid4().hex,
            source_key=f"d{device.pk}" if device else f"demo-{gate.code}",
            device=device,
            gate=gate,
            scanned_at=scanned_at,
        )
    # Online scans reach the server as they are made.
    Scan.objects.filter(edition=edition).update(received_at=F("scanned_at"))
    last_scans = dict(
        Scan.objects.filter(edition=edition, device__isnull=False)
        .values_list("device_id")
        .annotate(last=Max("scanned_at"))
    )
    # Phones in use sync every minute, scanning or not.
    for device in devices.values():
        device.last_seen_at = max(
            last_scans.get(device.pk, now - dt.timedelta(days=1)),
            now - dt.timedelta(seconds=rng.uniform(5, 55)),
        )
        device.save(update_fields=["last_seen_at"])
    return len(arriving)


def approved_with_codes_bulk(*, edition, count: int) -> list[tuple[int, str]]:
    """`count` synthetic approved registrations with active badge codes, inserted in bulk (for
    load tests and benchmarks). Returns (registration id, QR payload) pairs."""
    import random

    from registration.models import BadgeCode
    from registration.services.badge_codes import ALPHABET, TOKEN_LENGTH, payload_hash, payload_of

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
    BadgeCode.objects.bulk_create(
        BadgeCode(
            registration=registration,
            token=token,
            token_hash=payload_hash(payload_of(token)),
            short_code=f"{n:08d}",
        )
        for n, (registration, token) in enumerate(zip(registrations, tokens, strict=True))
    )
    return [(r.pk, payload_of(t)) for r, t in zip(registrations, tokens, strict=True)]
