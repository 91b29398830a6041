"""A delegate who lost the badge: the search and the check-in by registration."""

import pytest

from checkin.models import Scan
from registration.services import registrations
from tests.checkin.api.helpers import (
    MANUAL,
    SEARCH,
    approved,
)
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def test_search_ignores_accents_and_case(api, edition):
    approved(edition, "Nguyễn Văn An")
    approved(edition, "Đặng Thị Ánh")
    approved(edition, "Trần Quốc Bảo")

    assert [r["name"] for r in api.get(SEARCH, q="nguyen van an").json()] == ["Nguyễn Văn An"]
    assert [r["name"] for r in api.get(SEARCH, q="DANG").json()] == ["Đặng Thị Ánh"]
    assert api.get(SEARCH, q="a").json() == []


def test_search_result_fields(api, edition):
    delegate = approved(edition, "Nguyễn Văn An", honorific="TS.")

    results = api.get(SEARCH, q="an").json()

    assert results == [
        {
            "registration_id": delegate.pk,
            "name": "Nguyễn Văn An",
            "title": "TS.",
            "organisation": "Công ty Cổ phần MISA",
            "type_label": "Doanh nghiệp",
            "status": "approved",
            "checked_in": False,
        }
    ]


@pytest.mark.parametrize("typed", ["0912345678", "0912 345 678", "+84912345678", "84912345678"])
def test_search_by_phone_in_any_usual_form(api, edition, typed):
    approved(edition, "Nguyễn Văn An", phone="+84912345678")
    approved(edition, "Nguyễn Văn Bình", phone="+84987654321")

    assert [r["name"] for r in api.get(SEARCH, q=typed).json()] == ["Nguyễn Văn An"]


def test_search_returns_at_most_20(api, edition):
    for n in range(25):
        approved(edition, f"Nguyễn Văn Người {n:02d}")

    assert len(api.get(SEARCH, q="nguoi").json()) == 20


def test_search_stays_in_the_edition(api, edition, past_edition):
    approved(past_edition, "Nguyễn Văn An")

    assert api.get(SEARCH, q="nguyen").json() == []


def test_manual_checkin_uses_the_same_rules(api, edition):
    delegate = approved(edition, "Nguyễn Văn An")

    first = api.post(MANUAL, {"registration_id": delegate.pk, "nonce": "m1"})
    second = api.post(MANUAL, {"registration_id": delegate.pk, "nonce": "m2"})
    replay = api.post(MANUAL, {"registration_id": delegate.pk, "nonce": "m1"})

    assert first.status_code == 200
    assert first.json()["result"] == "ok"
    assert first.json()["delegate"]["name"] == "Nguyễn Văn An"
    assert second.json()["result"] == "already_checked_in"
    assert replay.json() == first.json()
    assert Scan.objects.count() == 2
    assert api.get(SEARCH, q="an").json()[0]["checked_in"] is True


def test_manual_checkin_refuses_cancelled_and_pending(api, edition):
    cancelled = approved(edition, "Lê Văn Hủy")
    registrations.registration_cancel(registration_id=cancelled.pk)
    pending = RegistrationFactory(edition=edition, status="pending")

    assert (
        api.post(MANUAL, {"registration_id": cancelled.pk, "nonce": "a"}).json()["result"]
        == "cancelled"
    )
    body = api.post(MANUAL, {"registration_id": pending.pk, "nonce": "b"}).json()
    assert body["result"] == "not_approved"
    assert body["first_checkin"] is None


def test_manual_checkin_unknown_registration_is_404(api, edition, past_edition):
    other = approved(past_edition)

    assert api.post(MANUAL, {"registration_id": 999999, "nonce": "a"}).status_code == 404
    assert api.post(MANUAL, {"registration_id": other.pk, "nonce": "b"}).status_code == 404


@pytest.mark.parametrize(
    "body", [{"registration_id": "12", "nonce": "a"}, {"registration_id": 1}, {"nonce": "a"}]
)
def test_manual_checkin_malformed_body_is_400(api, body):
    assert api.post(MANUAL, body).status_code == 400
