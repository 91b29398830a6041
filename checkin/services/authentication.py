"""A scanner device's bearer token: who is asking, and when the device was last in touch."""

import datetime as dt

from django.utils import timezone

from checkin.models import Gate, ScannerDevice
from checkin.tokens import secret_hash
from forum.sql import fetch_one, model_from_row

LAST_SEEN_EVERY = dt.timedelta(seconds=10)

_DEVICE_FIELDS = ("id", "gate_id", "name", "language", "last_seen_at")
_GATE_FIELDS = ("id", "edition_id", "code", "name")
# Only identifiers from the models' metadata are formatted in; the token hash is a parameter.
_AUTHENTICATE_SQL = (  # noqa: S608
    "SELECT {device_columns}, {gate_columns} FROM {devices} d JOIN {gates} g ON g.id = d.gate_id "
    "WHERE d.token_hash = %s AND d.revoked_at IS NULL"
).format(
    device_columns=", ".join(f"d.{name}" for name in _DEVICE_FIELDS),
    gate_columns=", ".join(f"g.{name}" for name in _GATE_FIELDS),
    devices=ScannerDevice._meta.db_table,
    gates=Gate._meta.db_table,
)


def device_authenticate(*, token: str) -> ScannerDevice | None:
    """The paired, unrevoked device holding `token` (one indexed query), else None.

    Runs on every scanner request, so it is one plain SQL query building the two model
    instances, without the ORM's per-call query compilation (see docs/performance.md).
    """
    if not token or len(token) > 200:
        return None
    row = fetch_one(_AUTHENTICATE_SQL, [secret_hash(token)])
    if row is None:
        return None
    split = len(_DEVICE_FIELDS)
    device = model_from_row(ScannerDevice, _DEVICE_FIELDS, row[:split])
    device.gate = model_from_row(Gate, _GATE_FIELDS, row[split:])
    device_touch(device=device)
    return device


def device_touch(*, device: ScannerDevice, now=None) -> None:
    """Record the last contact, writing at most once per LAST_SEEN_EVERY per device."""
    now = now or timezone.now()
    if device.last_seen_at is None or now - device.last_seen_at >= LAST_SEEN_EVERY:
        ScannerDevice.objects.filter(pk=device.pk).update(last_seen_at=now)
        device.last_seen_at = now
