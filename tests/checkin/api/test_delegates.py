"""The delegate list a phone keeps for offline checks: GET /api/v1/checkin/delegates."""

import base64
import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from checkin.selectors import offline_list
from registration.badge_codes import payload_hash, payload_of
from registration.models import BadgeCode, Registration
from registration.services import registrations
from registration.services.badge_codes import badge_code_reissue
from tests.checkin.api.helpers import (
    DELEGATES,
    SCAN,
    approved,
    payload,
)
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def _all_pages(api, since=None, limit=1000):
    delegates, revoked, cursor, calls = [], [], since, 0
    while True:
        params = {"limit": limit}
        if cursor:
            params["since"] = cursor
        body = api.get(DELEGATES, **params).json()
        calls += 1
        delegates += body["delegates"]
        revoked += body["revoked"]
        cursor = body["cursor"]
        if not body["more"]:
            return delegates, revoked, cursor, calls


def test_delegate_list_entry_has_every_field(api, edition):
    delegate = approved(edition, honorific="Ông", name="Nguyễn Văn An")
    code = BadgeCode.objects.get(registration=delegate)
    RegistrationFactory(edition=edition, status="pending")  # no badge: never listed

    body = api.get(DELEGATES).json()

    assert set(body) == {"cursor", "more", "delegates", "revoked"}
    assert body["more"] is False
    assert body["revoked"] == []
    assert body["delegates"] == [
        {
            "code_hash": payload_hash(payload_of(code.token)),
            "short_hash": hashlib.sha256(f"SHORT:{code.short_code}".encode()).hexdigest(),
            "registration_id": delegate.pk,
            "name": "Nguyễn Văn An",
            "title": "Ông",
            "organisation": "Công ty Cổ phần MISA",
            "type": "enterprise",
            "type_label": "Doanh nghiệp",
            "status": "approved",
            "needs": "",
            "checked_in": False,
            "first_checkin": None,
        }
    ]


def test_delegate_list_delta_follows_changes_between_calls(api, edition):
    stays = approved(edition, "Phạm Minh Ổn")
    edited = approved(edition, "Vũ Thị Sửa")
    cancelled = approved(edition, "Lê Văn Hủy")
    reissued = approved(edition, "Bùi Gia Cấp")
    arrives = approved(edition, "Hoàng Thu Đến")
    first, _revoked, cursor, _calls = _all_pages(api)
    assert {d["name"] for d in first} == {
        "Phạm Minh Ổn",
        "Vũ Thị Sửa",
        "Lê Văn Hủy",
        "Bùi Gia Cấp",
        "Hoàng Thu Đến",
    }
    old_cancelled = payload_hash(payload(cancelled))
    old_reissued = payload_hash(payload(reissued))

    registrations.registration_update_profile(
        registration_id=edited.pk, data={"organisation": "Tập đoàn FPT"}
    )
    registrations.registration_cancel(registration_id=cancelled.pk)
    new_code = badge_code_reissue(registration=reissued, reason="reissued")
    api.post(SCAN, {"code": payload(arrives), "nonce": "door"})
    newcomer = approved(edition, "Trần Văn Mới")
    delta, revoked, cursor2, _calls = _all_pages(api, since=cursor)

    by_name = {d["name"]: d for d in delta}
    assert set(by_name) == {"Vũ Thị Sửa", "Bùi Gia Cấp", "Hoàng Thu Đến", "Trần Văn Mới"}
    assert by_name["Vũ Thị Sửa"]["organisation"] == "Tập đoàn FPT"
    assert by_name["Bùi Gia Cấp"]["code_hash"] == payload_hash(payload_of(new_code.token))
    assert by_name["Hoàng Thu Đến"]["checked_in"] is True
    assert by_name["Trần Văn Mới"]["checked_in"] is False
    assert sorted(revoked) == sorted([old_cancelled, old_reissued])
    assert stays.full_name not in by_name
    assert newcomer.pk

    nothing = api.get(DELEGATES, since=cursor2).json()
    assert (nothing["delegates"], nothing["revoked"], nothing["more"]) == ([], [], False)
    assert nothing["cursor"] == cursor2


def test_delegate_list_pages_through_identical_change_times(api, edition):
    people = [approved(edition, f"Nguyễn Văn Số {n}") for n in range(5)]
    same = timezone.now() - dt.timedelta(minutes=1)
    Registration.objects.filter(pk__in=[p.pk for p in people]).update(updated_at=same)
    BadgeCode.objects.update(issued_at=same)

    delegates, _revoked, _cursor, calls = _all_pages(api, limit=2)

    assert sorted(d["name"] for d in delegates) == sorted(p.full_name for p in people)
    assert len(delegates) == 5
    assert calls == 3


def test_delegate_list_withholds_changes_that_may_not_be_committed_everywhere(
    api, edition, monkeypatch
):
    monkeypatch.setattr(offline_list, "SETTLE_SECONDS", 60)
    old = approved(edition, "Cũ Văn Xưa")
    earlier = timezone.now() - dt.timedelta(minutes=5)
    Registration.objects.filter(pk=old.pk).update(updated_at=earlier)
    BadgeCode.objects.update(issued_at=earlier)
    approved(edition, "Mới Văn Vừa")

    body = api.get(DELEGATES).json()
    assert [d["name"] for d in body["delegates"]] == ["Cũ Văn Xưa"]

    monkeypatch.setattr(offline_list, "SETTLE_SECONDS", 0)
    later = api.get(DELEGATES, since=body["cursor"]).json()
    assert [d["name"] for d in later["delegates"]] == ["Mới Văn Vừa"]


def _cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "params",
    [
        {"since": "garbage!"},
        {"since": "bm90fGE"},
        {"limit": 2001},
        {"since": _cursor("9999-12-31T23:59:59.999999-14:00|1")},
        {"since": _cursor("0001-01-01T00:00:00+14:00|1")},
        {"since": _cursor("2099-01-01T00:00:00+00:00|1")},
        {"since": _cursor("2025-12-30T06:00:00+00:00|99999999999999999999")},
        {"since": _cursor("2025-12-30T06:00:00+00:00|-1")},
        {"since": _cursor("2025-12-30T06:00:00|1")},
    ],
)
def test_delegate_list_bad_parameters_are_400(api, params):
    response = api.get(DELEGATES, **params)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")


def test_an_unknown_cursor_is_named_for_the_phone_to_start_again(api):
    """A well-formed cursor this server did not write: 400 with a code a program can act on
    (the schema states the alphabet, so only the server can tell it is not one of its own)."""
    response = api.get(DELEGATES, since=_cursor("2099-01-01T00:00:00+00:00|1"))

    assert response.status_code == 400
    assert response.json() == {"detail": "Unknown cursor.", "code": "unknown_cursor"}


def test_a_parameter_sent_twice_is_400_not_its_last_value(client, device_token):
    response = client.get(
        f"{DELEGATES}?limit=5&limit=2000000", headers={"Authorization": f"Bearer {device_token}"}
    )

    assert response.status_code == 400
    assert response.json()["detail"][0]["loc"] == ["query", "limit"]


def test_delegate_list_entry_says_what_a_scan_answers(api, edition, gate):
    """The offline answer says what the online one does: the entry carries the needs and the
    first entry's time and gate exactly as the scan's answer gives them."""
    delegate = approved(edition, honorific="Ông", name="Nguyễn Văn An", needs="Xe lăn")
    scanned = api.post(SCAN, {"code": payload(delegate), "nonce": "door"}).json()

    [entry] = api.get(DELEGATES).json()["delegates"]

    assert entry["needs"] == scanned["delegate"]["needs"] == "Xe lăn"
    assert entry["checked_in"] is True
    assert entry["first_checkin"] == scanned["first_checkin"]
    assert entry["first_checkin"]["gate"] == "Cổng A"
