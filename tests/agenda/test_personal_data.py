"""A delegate's saved sessions and seats are part of their data: in the download, and gone with
the account, their seat going at once to the next on the waiting list."""

import json

import pytest

from agenda.models import SavedSession, SeatBooking
from agenda.services import personal, seats
from registration.services.personal_data import account_delete
from tests.agenda import helpers

pytestmark = pytest.mark.django_db
Seat = SeatBooking.Status


@pytest.fixture
def published(forum, edition):
    helpers.publish(edition)
    return forum


def test_the_download_holds_the_saved_sessions_and_seats(client, published, edition):
    user = helpers.delegate(edition, "an@example.vn")
    personal.session_save(edition=edition, user=user, session_id=published["keynote"].pk)
    seats.seat_take(session_id=published["ai"].pk, user=user, now=helpers.at("08:00"))
    client.force_login(user)

    payload = json.loads(client.get("/my-data/download.json").content)

    agenda = payload["agenda"]
    saved_codes = [saved["session"] for saved in agenda["saved_sessions"]]
    assert published["keynote"].code in saved_codes
    [seat] = agenda["seats"]
    assert (seat["session"], seat["title"], seat["status"]) == (
        published["ai"].code,
        "Chuyên đề: Trí tuệ nhân tạo",
        "held",
    )


def test_deleting_the_account_gives_its_seat_to_the_first_waiting(
    published, edition, django_capture_on_commit_callbacks
):
    first, second, third = (
        helpers.delegate(edition, f"d{n}@example.vn", full_name=f"Đại biểu {n}") for n in range(3)
    )
    for user in (first, second, third):
        seats.seat_take(session_id=published["ai"].pk, user=user, now=helpers.at("08:00"))
    personal.session_save(edition=edition, user=first, session_id=published["ai"].pk)
    assert SeatBooking.objects.get(registration__user=third).status == Seat.WAITING

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=first)

    statuses = dict(SeatBooking.objects.values_list("registration__full_name", "status"))
    assert statuses == {
        "Đại biểu đã xóa dữ liệu": Seat.RELEASED,
        "Đại biểu 1": Seat.HELD,
        "Đại biểu 2": Seat.HELD,
    }
    assert not SavedSession.objects.filter(personal__user_id=first.pk).exists()
