import datetime as dt

import pytest
from django.utils import timezone

from checkin.answers import outcome_payload
from checkin.models import Scan
from checkin.services.scans import checkin_perform
from registration.badge_codes import payload_of, short_code_display
from registration.models import Registration
from registration.services import registrations
from registration.services.badge_codes import badge_code_issue, badge_code_reissue
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(edition):
    return RegistrationFactory(edition=edition, status="approved", full_name="Đặng Thị Ánh")


def scan(edition, gate, code, nonce, **kw):
    return checkin_perform(
        edition_id=edition.pk, raw_code=code, nonce=nonce, source_key="d1", gate=gate, **kw
    )


def test_first_scan_is_ok_and_second_is_already_checked_in(edition, gate, approved):
    payload = payload_of(badge_code_issue(registration=approved).token)

    first = scan(edition, gate, payload, "n1")
    second = scan(edition, gate, payload, "n2")

    assert first.result == "ok"
    assert second.result == "already_checked_in"
    assert second.first_entry.pk == first.scan.pk
    body = outcome_payload(second, language="vi")
    assert body["first_checkin"]["gate"] == "Cổng A"
    assert body["delegate"]["name"] == "Đặng Thị Ánh"
    assert Scan.objects.filter(is_first_entry=True).count() == 1
    assert Scan.objects.count() == 2


def test_same_nonce_returns_same_answer_and_records_once(edition, gate, approved):
    payload = payload_of(badge_code_issue(registration=approved).token)

    first = scan(edition, gate, payload, "same")
    again = scan(edition, gate, payload, "same")

    assert again.result == first.result == "ok"
    assert again.replayed is True
    assert Scan.objects.count() == 1


def test_short_code_typed_by_hand_checks_in(edition, gate, approved):
    code = badge_code_issue(registration=approved)

    outcome = scan(edition, gate, short_code_display(code.short_code).lower(), "n1")

    assert outcome.result == "ok"


@pytest.mark.parametrize(
    "raw", ["", "MIV1-", "MIV1-SHORT", "hello", "x" * 5000, "MIV1-" + "A" * 28, "🙂", "\x00\x01"]
)
def test_forged_or_malformed_codes_are_invalid_and_recorded(edition, gate, raw):
    outcome = scan(edition, gate, raw, "n1")

    assert outcome.result == "invalid"
    assert outcome_payload(outcome)["delegate"] is None
    assert Scan.objects.get().raw_code == raw.replace("\x00", "\ufffd")[:200]


def test_revoked_code_answers_revoked(edition, gate, approved):
    old = badge_code_issue(registration=approved)
    badge_code_reissue(registration=approved, reason="reissued")

    assert scan(edition, gate, payload_of(old.token), "n1").result == "revoked"


def test_cancelled_registration_answers_cancelled(edition, gate, approved):
    code = badge_code_issue(registration=approved)
    registrations.registration_cancel(registration_id=approved.pk)

    assert scan(edition, gate, payload_of(code.token), "n1").result == "cancelled"


def test_pending_registration_answers_not_approved(edition, gate):
    pending = RegistrationFactory(edition=edition, status="pending")
    code = badge_code_issue(registration=pending)

    assert scan(edition, gate, payload_of(code.token), "n1").result == "not_approved"


def test_code_of_another_edition_is_invalid(edition, gate, past_edition):
    other = RegistrationFactory(edition=past_edition, status="approved")
    code = badge_code_issue(registration=other)

    assert scan(edition, gate, payload_of(code.token), "n1").result == "invalid"


def test_earlier_offline_scan_takes_the_first_entry(edition, gate, approved):
    payload = payload_of(badge_code_issue(registration=approved).token)
    now = timezone.now()
    online = scan(edition, gate, payload, "online", scanned_at=now)

    offline = scan(
        edition, gate, payload, "offline", scanned_at=now - dt.timedelta(minutes=3), offline=True
    )

    assert offline.result == "ok"
    assert offline.replaced.pk == online.scan.pk
    firsts = Scan.objects.filter(is_first_entry=True)
    assert [s.pk for s in firsts] == [offline.scan.pk]
    # The scan it replaced is a re-entry now, flagged for the dashboard and the phones.
    replaced = Scan.objects.get(pk=online.scan.pk)
    assert (replaced.result, replaced.is_first_entry) == ("already_checked_in", False)
    assert replaced.superseded_at is not None


def test_message_follows_device_language(edition, gate, approved):
    outcome = scan(edition, gate, "nonsense", "n1")

    assert outcome_payload(outcome, language="vi")["message"] == "Mã không hợp lệ."
    assert outcome_payload(outcome, language="en")["message"] != "Mã không hợp lệ."


def test_reissue_keeps_one_active_code(approved):
    first = badge_code_issue(registration=approved)
    second = badge_code_reissue(registration=approved, reason="reissued")

    first.refresh_from_db()
    assert first.status == "revoked"
    assert second.status == "active"
    assert first.token != second.token
    assert Registration.objects.get(pk=approved.pk).badge_codes.filter(status="active").count() == 1


def test_check_in_by_registration_uses_the_badge_code_and_its_rules(
    edition, gate, approved, past_edition
):
    from checkin.services.scans import checkin_perform_for_registration
    from forum.errors import ServiceError

    code = badge_code_issue(registration=approved)
    pending = RegistrationFactory(edition=edition, status="pending", email="cho@example.vn")
    other = RegistrationFactory(edition=past_edition)
    common = {"edition_id": edition.pk, "source_key": "d1", "gate": gate}

    first = checkin_perform_for_registration(registration_id=approved.pk, nonce="m1", **common)
    again = checkin_perform_for_registration(registration_id=approved.pk, nonce="m2", **common)
    waiting = checkin_perform_for_registration(registration_id=pending.pk, nonce="m3", **common)

    assert (first.result, again.result, waiting.result) == (
        "ok",
        "already_checked_in",
        "not_approved",
    )
    assert first.scan.raw_code == payload_of(code.token)
    assert again.first_entry.pk == first.scan.pk
    # Refused without a badge, and recorded; the same nonce again is the same answer.
    refused = Scan.objects.get(nonce="m3")
    assert (refused.registration, refused.result, refused.is_first_entry) == (
        pending,
        "not_approved",
        False,
    )
    replay = checkin_perform_for_registration(registration_id=pending.pk, nonce="m3", **common)
    assert (replay.replayed, replay.scan.pk) == (True, refused.pk)
    assert Scan.objects.count() == 3
    for missing in (other.pk, 999_999):
        with pytest.raises(ServiceError) as refused:
            checkin_perform_for_registration(registration_id=missing, nonce="m4", **common)
        assert refused.value.code == "unknown_registration"
