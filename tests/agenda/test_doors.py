"""The agenda's rule at a room's door (agenda.selectors.room_door_admission): during a
seat-limited session, only delegates holding a seat pass; elsewhere and at other times the
agenda has nothing to say."""

import datetime as dt

import pytest
from django.utils import translation

from agenda.selectors import room_door_admission
from agenda.services import editing, seats
from checkin.services import devices
from registration.models import Registration
from tests.agenda import helpers

pytestmark = pytest.mark.django_db
DURING = helpers.at("15:20")


@pytest.fixture
def door(forum, edition):
    gate = devices.gate_create(edition=edition, code="p1", name="Cửa phòng 1")
    editing.room_save(
        edition=edition,
        room_id=forum["small"].pk,
        data={"name": forum["small"].name, "capacity": 2},
        gate_ids=[gate.pk],
    )
    helpers.publish(edition)
    return gate


def registration(user) -> int:
    return Registration.objects.get(user=user).pk


def test_seat_holder_is_admitted_during_the_session(forum, edition, door):
    user = helpers.delegate(edition, "an@example.vn")
    seats.seat_take(session_id=forum["ai"].pk, user=user, now=helpers.at("08:00"))

    assert (
        room_door_admission(gate_id=door.pk, registration_id=registration(user), at=DURING) is None
    )


def test_delegate_without_a_seat_is_refused_with_the_reason(forum, edition, door):
    user = helpers.delegate(edition, "an@example.vn")

    refusal = room_door_admission(gate_id=door.pk, registration_id=registration(user), at=DURING)

    assert refusal.code == "no_seat"
    assert refusal.message == "Đại biểu chưa đăng ký giữ chỗ phiên “Chuyên đề: Trí tuệ nhân tạo”."
    # A plain (code, message) pair for the scan service.
    assert tuple(refusal) == (refusal.code, refusal.message)


def test_waiting_list_delegate_is_refused_with_their_place(forum, edition, door):
    users = [helpers.delegate(edition, f"d{n}@example.vn") for n in range(3)]
    for user in users:
        seats.seat_take(session_id=forum["ai"].pk, user=user, now=helpers.at("08:00"))

    refusal = room_door_admission(
        gate_id=door.pk, registration_id=registration(users[2]), at=DURING
    )

    assert refusal.code == "seat_waitlisted"
    assert "(thứ 1)" in refusal.message


def test_message_follows_the_active_language(forum, edition, door):
    user = helpers.delegate(edition, "an@example.vn")

    with translation.override("en"):
        refusal = room_door_admission(
            gate_id=door.pk, registration_id=registration(user), at=DURING
        )

    # Session titles come in the active language (the message text from the catalog).
    assert "AI session" in refusal.message


def test_seat_of_a_delegate_no_longer_approved_is_refused(forum, edition, door):
    user = helpers.delegate(edition, "an@example.vn")
    seats.seat_take(session_id=forum["ai"].pk, user=user, now=helpers.at("08:00"))
    Registration.objects.filter(user=user).update(status="cancelled")

    refusal = room_door_admission(gate_id=door.pk, registration_id=registration(user), at=DURING)

    assert refusal.code == "no_seat"


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (helpers.at("14:44"), None),  # before the doors open
        (helpers.at("14:45"), "no_seat"),  # doors open 15 minutes before
        (helpers.at("15:59"), "no_seat"),
        (helpers.at("16:00"), None),  # over
        (helpers.at("15:20") + dt.timedelta(days=1), None),
    ],
)
def test_only_during_the_session(forum, edition, door, at, expected):
    user = helpers.delegate(edition, "an@example.vn")

    refusal = room_door_admission(gate_id=door.pk, registration_id=registration(user), at=at)

    assert (refusal.code if refusal else None) == expected


def test_other_gates_and_free_sessions_have_no_rule(forum, edition, door):
    user = helpers.delegate(edition, "an@example.vn")
    entrance = devices.gate_create(edition=edition, code="a", name="Cổng A")
    hall_gate = devices.gate_create(edition=edition, code="h", name="Cửa hội trường")
    editing.room_save(
        edition=edition,
        room_id=forum["hall"].pk,
        data={"name": forum["hall"].name},
        gate_ids=[hall_gate.pk],
    )

    assert (
        room_door_admission(gate_id=entrance.pk, registration_id=registration(user), at=DURING)
        is None
    )
    assert (
        room_door_admission(
            gate_id=hall_gate.pk, registration_id=registration(user), at=helpers.at("13:50")
        )
        is None
    )


def test_the_published_version_decides_not_the_draft(forum, edition, door):
    user = helpers.delegate(edition, "an@example.vn")
    helpers.change(edition, forum["ai"], start="17:00", end="18:00")

    refusal = room_door_admission(gate_id=door.pk, registration_id=registration(user), at=DURING)

    assert refusal.code == "no_seat"


def test_cancelled_session_has_no_rule(forum, edition, door):
    user = helpers.delegate(edition, "an@example.vn")
    editing.session_cancel(edition=edition, session_id=forum["ai"].pk)
    helpers.publish(edition)

    assert (
        room_door_admission(gate_id=door.pk, registration_id=registration(user), at=DURING) is None
    )


def test_a_gate_serves_one_room_moving_it_leaves_the_other(forum, edition, door):
    user = helpers.delegate(edition, "an@example.vn")
    before = room_door_admission(gate_id=door.pk, registration_id=registration(user), at=DURING)
    editing.room_save(
        edition=edition,
        room_id=forum["hall"].pk,
        data={"name": forum["hall"].name},
        gate_ids=[door.pk],
    )

    assert before.code == "no_seat"
    assert forum["small"].gate_links.count() == 0
    assert (
        room_door_admission(gate_id=door.pk, registration_id=registration(user), at=DURING) is None
    )


def test_the_check_in_shaped_check_gives_the_refusal_code(forum, edition, door):
    from types import SimpleNamespace

    from agenda.selectors import room_door_check
    from checkin.services.admission import AdmissionContext

    holder = helpers.delegate(edition, "an@example.vn")
    other = helpers.delegate(edition, "binh@example.vn")
    seats.seat_take(session_id=forum["ai"].pk, user=holder, now=helpers.at("08:00"))

    def check(user, gate):
        code = SimpleNamespace(registration_id=registration(user))
        context = AdmissionContext(
            edition_id=edition.pk, gate=gate, scanned_at=DURING, offline=False
        )
        return room_door_check(code, context)

    assert check(holder, door) is None
    assert check(other, door) == "no_seat"
    assert check(other, None) is None
    assert room_door_check(None, AdmissionContext(edition.pk, door, DURING, False)) is None


def test_a_scan_at_the_room_door_is_amber_for_a_delegate_without_a_seat(forum, edition, door):
    """Through the check-in API, as at the entrance (scans uploaded from the door's phone with
    the time they were made): the seat holder is let in, the others are told why, and each scan
    is recorded with its result."""
    import uuid

    from django.test import Client

    from checkin.models import Scan
    from registration.badge_codes import payload_of
    from registration.services.badge_codes import badge_code_issue

    holder = helpers.delegate(edition, "an@example.vn")
    other = helpers.delegate(edition, "binh@example.vn", full_name="Lê Thị Bình")
    seats.seat_take(session_id=forum["ai"].pk, user=holder, now=helpers.at("08:00"))
    _device, token = devices.device_create_paired(gate=door, name="Máy cửa phòng")
    api = Client(headers={"Authorization": f"Bearer {token}"})

    def item(user):
        code = badge_code_issue(registration=Registration.objects.get(user=user))
        return {
            "code": payload_of(code.token),
            "nonce": uuid.uuid4().hex,
            "scanned_at": DURING.isoformat(),
        }

    answer = api.post(
        "/api/v1/checkin/batch",
        {"scans": [item(holder), item(other)]},
        content_type="application/json",
    )
    admitted, refused = answer.json()["results"]

    assert admitted["result"] == "ok"
    assert refused["result"] == "no_seat"
    assert refused["message"].startswith("Phiên đang diễn ra trong phòng này giới hạn chỗ")
    assert refused["delegate"]["name"] == "Lê Thị Bình"
    assert list(Scan.objects.order_by("pk").values_list("result", "is_first_entry")) == [
        ("ok", True),
        ("no_seat", False),
    ]
