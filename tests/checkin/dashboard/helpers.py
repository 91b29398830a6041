"""Pages, times and data of the check-in dashboard tests."""

import datetime as dt
import zoneinfo

from checkin.models import Scan
from checkin.services.scans import checkin_perform
from forum.vietnamese import given_name, search_key, sort_key_string
from registration.badge_codes import payload_of
from registration.models import Registration
from registration.services.badge_codes import badge_code_issue
from tests.factories import RegistrationFactory

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
LIVE = "/organiser/live/"
CSV_URL = "/organiser/live/attendance.csv"
XLSX_URL = "/organiser/live/attendance.xlsx"
HELPDESK = "/organiser/live/helpdesk/"
# The edition of tests.factories opens at 13:30 on 30/12/2025 (Hà Nội) and ends at 17:30.
NOW = dt.datetime(2025, 12, 30, 13, 20, tzinfo=VN)


def at(hour: int, minute: int, second: int = 0, day: int = 30) -> dt.datetime:
    return dt.datetime(2025, 12, day, hour, minute, second, tzinfo=VN)


def delegate(edition, full_name, *, delegate_type="enterprise", status="approved", **extra):
    extra.setdefault("organisation", "Công ty Cổ phần Công nghệ Hà Nội")
    extra.setdefault("email", f"{search_key(full_name).replace(' ', '.')}@example.vn")
    given = given_name(full_name)
    return RegistrationFactory(
        edition=edition,
        user=None,
        full_name=full_name,
        given_name=given,
        delegate_type=delegate_type,
        status=status,
        search_key=search_key(" ".join((full_name, extra["organisation"], extra["email"]))),
        sort_key=sort_key_string(full_name, given),
        **extra,
    )


def arrive(edition, registration, gate, when, nonce, source="d1"):
    code = badge_code_issue(registration=registration)
    return checkin_perform(
        edition_id=edition.pk,
        raw_code=payload_of(code.token),
        nonce=nonce,
        source_key=source,
        gate=gate,
        scanned_at=when,
    )


def bulk_arrivals(edition, gates, count: int, start: int = 0) -> None:
    """`count` approved delegates who each arrived once and were scanned again once."""
    people = Registration.objects.bulk_create(
        Registration(
            edition=edition,
            full_name=f"Đại biểu {n}",
            given_name=str(n),
            organisation="Công ty",
            delegate_type=("enterprise", "press", "research")[n % 3],
            email=f"d{n}@example.vn",
            province="Thành phố Hà Nội",
            status="approved",
        )
        for n in range(start, start + count)
    )
    scans = []
    for n, person in enumerate(people, start=start):
        gate = gates[n % len(gates)]
        when = at(12, 0) + dt.timedelta(seconds=20 * n)
        for repeat in (0, 1):
            scans.append(
                Scan(
                    edition=edition,
                    source_key=f"d{gate.pk}",
                    nonce=f"{n}-{repeat}",
                    gate=gate,
                    registration=person,
                    result="already_checked_in" if repeat else "ok",
                    is_first_entry=not repeat,
                    scanned_at=when + dt.timedelta(minutes=repeat),
                )
            )
    Scan.objects.bulk_create(scans)


def assert_row(response, html: str) -> None:
    from django.test import SimpleTestCase

    SimpleTestCase().assertContains(response, html, count=1, html=True)
