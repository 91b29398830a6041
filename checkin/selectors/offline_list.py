"""The delegate list a scanner phone keeps for checking badges while offline.

Each entry says what a scan's answer says (checkin.answers): who the delegate is, their needs,
and the first entry's time and gate, so that a phone answers offline as the server would.

The list is incremental: every answer carries an opaque cursor, the position (change time,
registration id) of the last registration it contains, and the next call continues strictly after
it. Rows are withheld until they are SETTLE_SECONDS old, so that a transaction that wrote an
earlier change time but commits a little later is never jumped over.
"""

import base64
import binascii
import datetime as dt
from dataclasses import dataclass

from django.db.models import CharField, DateTimeField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone, translation

from checkin.answers import delegate_fields
from checkin.models import Scan
from checkin.tokens import short_code_hash
from registration.models import BadgeCode, Registration

SETTLE_SECONDS = 2.0
DELTA_LIMIT_MAX = 2000
START_AT = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class Cursor:
    at: dt.datetime
    registration_id: int

    def encode(self) -> str:
        raw = f"{self.at.astimezone(dt.UTC).isoformat()}|{self.registration_id}"
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, value: str) -> "Cursor":
        """Raises ValueError for anything this module did not write."""
        try:
            padded = value + "=" * (-len(value) % 4)
            at_text, _sep, pk_text = base64.urlsafe_b64decode(padded).decode().partition("|")
            at = dt.datetime.fromisoformat(at_text)
            registration_id = int(pk_text)
        except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
            raise ValueError("bad cursor") from exc
        # A cursor is a change time this module wrote: never before START, never in the future
        # (beyond a day: a clock stepped back must not strand a phone), never an id no table
        # can hold. Anything else (a date in year 9999, say) is not a cursor of ours.
        if at.tzinfo is None or not 0 <= registration_id <= MAX_ID:
            raise ValueError("bad cursor")
        if not START_AT <= at <= timezone.now() + dt.timedelta(days=1):
            raise ValueError("bad cursor")
        return cls(at, registration_id)


START = Cursor(START_AT, 0)


def _with_change_time(queryset):
    """Annotate `changed_at`: the latest of the registration's own change, a badge code issued or
    revoked, and its first entry (the flag moves when an earlier offline scan arrives)."""
    codes_at = (
        BadgeCode.objects.filter(registration_id=OuterRef("pk"))
        .values("registration_id")
        .annotate(at=Max(Greatest("issued_at", Coalesce("revoked_at", "issued_at"))))
        .values("at")
    )
    first = Scan.objects.filter(registration_id=OuterRef("pk"), is_first_entry=True)
    return queryset.annotate(
        codes_at=Subquery(codes_at, output_field=DateTimeField()),
        first_at=Subquery(first.values("received_at")[:1], output_field=DateTimeField()),
        first_scanned_at=Subquery(first.values("scanned_at")[:1], output_field=DateTimeField()),
        first_gate=Subquery(first.values("gate__name")[:1], output_field=CharField()),
    ).annotate(
        changed_at=Greatest(
            "updated_at",
            Coalesce("codes_at", "updated_at"),
            Coalesce("first_at", "updated_at"),
            output_field=DateTimeField(),
        )
    )


def _first_checkin(registration) -> dict | None:
    """The first entry as a scan's answer gives it (checkin.answers), for the offline answer."""
    if registration.first_scanned_at is None:
        return None
    return {
        "at": timezone.localtime(registration.first_scanned_at).isoformat(),
        "gate": registration.first_gate,
    }


def delegate_changes(
    *, edition_id: int, since: str | None, limit: int = 1000, language: str = "vi", now=None
) -> dict:
    """The registrations (with a badge code) changed after `since`, oldest change first.

    `delegates` holds each one's active code; `revoked` the hashes of their revoked codes, which a
    phone must stop admitting. Raises ValueError for a cursor this module did not write.
    """
    cursor = Cursor.decode(since) if since else START
    limit = max(1, min(limit, DELTA_LIMIT_MAX))
    horizon = (now or timezone.now()) - dt.timedelta(seconds=SETTLE_SECONDS)
    rows = list(
        _with_change_time(Registration.objects.filter(edition_id=edition_id))
        .filter(codes_at__isnull=False, changed_at__lte=horizon)
        .filter(
            Q(changed_at__gt=cursor.at) | Q(changed_at=cursor.at, pk__gt=cursor.registration_id)
        )
        .order_by("changed_at", "pk")
        .only(
            "pk",
            "full_name",
            "honorific",
            "organisation",
            "delegate_type",
            "status",
            "needs",
            "updated_at",
        )[: limit + 1]
    )
    more = len(rows) > limit
    rows = rows[:limit]
    codes: dict[int, list[BadgeCode]] = {}
    for code in BadgeCode.objects.filter(registration_id__in=[r.pk for r in rows]).only(
        "registration_id", "token_hash", "short_code", "status"
    ):
        codes.setdefault(code.registration_id, []).append(code)
    delegates, revoked = [], []
    with translation.override(language):
        for registration in rows:
            for code in codes.get(registration.pk, ()):
                if code.status == BadgeCode.Status.REVOKED:
                    revoked.append(code.token_hash)
                    continue
                delegates.append(
                    {
                        "code_hash": code.token_hash,
                        "short_hash": short_code_hash(code.short_code),
                        "registration_id": registration.pk,
                        **delegate_fields(registration),
                        "status": registration.status,
                        "needs": registration.needs,
                        "checked_in": registration.first_at is not None,
                        "first_checkin": _first_checkin(registration),
                    }
                )
    if rows:
        cursor = Cursor(rows[-1].changed_at, rows[-1].pk)
    return {"cursor": cursor.encode(), "more": more, "delegates": delegates, "revoked": revoked}
