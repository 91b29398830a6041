"""Demo check-in: the gates, a device per gate, and arrivals for the live dashboard."""

import datetime as dt
import random
import uuid

from django.db.models import F, Max
from django.utils import timezone

from checkin.models import Gate, Scan, ScannerDevice
from checkin.services.devices import device_create_paired, gate_create
from checkin.services.scans import checkin_perform
from registration.badge_codes import payload_of
from registration.models import Registration
from registration.services.badge_codes import badge_code_issue

Status = Registration.Status

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


def demo_checkin_seed(*, edition, **options) -> list[str]:
    """seed_forum's part for check-in: the lines it prints."""
    arrivals = demo_checkin_ensure(edition=edition)
    if not arrivals:
        return []
    return [f"Demo check-ins: {arrivals} arrivals over the last 90 minutes"]
