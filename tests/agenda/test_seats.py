"""Seat-limited sessions: seats for approved delegates only, a waiting list promoted in order
(with an email), no double booking at the same time, limits raised by a new version."""

import pytest

from agenda.models import SeatBooking
from agenda.services import seats
from forum.errors import ServiceError
from mail.models import OutgoingEmail
from registration.models import Registration
from tests.agenda import helpers

pytestmark = pytest.mark.django_db
Seat = SeatBooking.Status
EARLY = helpers.at("08:00")


@pytest.fixture
def published(forum, edition):
    helpers.publish(edition)
    return forum


def take(session, user):
    return seats.seat_take(session_id=session.pk, user=user, now=EARLY)


def people(edition, count, status="approved"):
    return [
        helpers.delegate(edition, f"d{n}-{status}@example.vn", status=status) for n in range(count)
    ]


def test_seats_then_waiting_list_in_order(published, edition):
    users = people(edition, 4)

    bookings = [take(published["ai"], user) for user in users]

    assert [b.status for b in bookings] == [Seat.HELD, Seat.HELD, Seat.WAITING, Seat.WAITING]
    assert [b.waitlist_position for b in bookings[2:]] == [1, 2]


def test_taking_twice_keeps_one_booking(published, edition):
    [user] = people(edition, 1)

    first, second = take(published["ai"], user), take(published["ai"], user)

    assert first.pk == second.pk
    assert SeatBooking.objects.count() == 1


@pytest.mark.parametrize("status", ["pending", "waitlisted", "rejected", "cancelled"])
def test_only_approved_delegates_take_a_seat(published, edition, status):
    [user] = people(edition, 1, status=status)

    with pytest.raises(ServiceError) as refused:
        take(published["ai"], user)

    assert refused.value.code == "not_approved"
    assert SeatBooking.objects.count() == 0


def test_a_user_without_registration_cannot_take_a_seat(published, edition, user_factory):
    with pytest.raises(ServiceError) as refused:
        take(published["ai"], user_factory(email="nobody@example.vn"))

    assert refused.value.code == "not_approved"


def test_released_seat_goes_to_the_head_of_the_waiting_list_with_an_email(
    published, edition, django_capture_on_commit_callbacks
):
    first, second, third, fourth = people(edition, 4)
    for user in (first, second, third, fourth):
        take(published["ai"], user)

    with django_capture_on_commit_callbacks(execute=True):
        seats.seat_release(session_id=published["ai"].pk, user=first)

    statuses = {
        b.registration.email: (b.status, b.waitlist_position)
        for b in SeatBooking.objects.select_related("registration")
    }
    assert statuses == {
        "d0-approved@example.vn": (Seat.RELEASED, None),
        "d1-approved@example.vn": (Seat.HELD, None),
        "d2-approved@example.vn": (Seat.HELD, None),
        "d3-approved@example.vn": (Seat.WAITING, 2),
    }
    [email] = OutgoingEmail.objects.filter(kind="agenda_seat_promoted")
    assert email.recipient == "d2-approved@example.vn"
    assert "Chuyên đề: Trí tuệ nhân tạo" in email.subject


def test_a_holder_no_longer_approved_frees_the_seat_for_the_waiting_list(published, edition):
    first, second, third = people(edition, 3)
    for user in (first, second, third):
        take(published["ai"], user)
    Registration.objects.filter(user=first).update(status="cancelled")

    promoted = seats.seats_reconcile(now=EARLY)

    assert promoted == 1
    assert SeatBooking.objects.get(registration__user=third).status == Seat.HELD
    assert SeatBooking.objects.get(registration__user=first).status == Seat.RELEASED


def test_a_cancelled_delegate_on_the_waiting_list_is_skipped(published, edition):
    first, second, third, fourth = people(edition, 4)
    for user in (first, second, third, fourth):
        take(published["ai"], user)
    Registration.objects.filter(user=third).update(status="rejected")

    seats.seat_release(session_id=published["ai"].pk, user=first)

    assert SeatBooking.objects.get(registration__user=third).status == Seat.RELEASED
    assert SeatBooking.objects.get(registration__user=fourth).status == Seat.HELD


def test_raising_the_limit_in_a_new_version_promotes_the_waiting_list(published, edition):
    users = people(edition, 4)
    for user in users:
        take(published["ai"], user)
    helpers.change(edition, published["ai"], seat_limit=3)

    helpers.publish(edition)

    held = SeatBooking.objects.filter(status=Seat.HELD).count()
    assert held == 3
    assert SeatBooking.objects.get(status=Seat.WAITING).registration.user == users[3]


def test_lowering_the_limit_keeps_existing_seats_and_sends_newcomers_to_the_list(
    published, edition
):
    first, second, third = people(edition, 3)
    take(published["ai"], first)
    take(published["ai"], second)
    helpers.change(edition, published["ai"], seat_limit=1)
    helpers.publish(edition)

    booking = take(published["ai"], third)

    assert SeatBooking.objects.filter(status=Seat.HELD).count() == 2
    assert booking.status == Seat.WAITING


def test_no_seat_in_two_sessions_at_the_same_time(published, edition):
    other = helpers.session(
        edition, "Chuyên đề: Bán dẫn", "15:30", "16:30", room=published["hall"], seat_limit=50
    )
    helpers.publish(edition)
    [user] = people(edition, 1)
    take(published["ai"], user)

    with pytest.raises(ServiceError) as refused:
        take(other, user)

    assert refused.value.code == "overlap"


@pytest.mark.parametrize("key", ["keynote", "draft_only", "cancelled", "ended"])
def test_refused_where_there_are_no_seats_to_take(published, edition, key):
    [user] = people(edition, 1)
    now = EARLY
    session = published["ai"]
    if key == "keynote":
        session = published["keynote"]
    elif key == "draft_only":
        session = helpers.session(edition, "Chưa công bố", "16:00", "16:30", seat_limit=10)
    elif key == "cancelled":
        from agenda.services import editing

        editing.session_cancel(edition=edition, session_id=session.pk)
        helpers.publish(edition)
    else:
        now = helpers.at("16:00")

    with pytest.raises(ServiceError) as refused:
        seats.seat_take(session_id=session.pk, user=user, now=now)

    assert refused.value.code == ("ended" if key == "ended" else "no_seats")


def test_seat_page_flow_through_the_views(client, published, edition, monkeypatch):
    from agenda.views import personal as personal_views
    from agenda.views import public

    monkeypatch.setattr(public, "now", lambda: EARLY)
    monkeypatch.setattr(personal_views, "now", lambda: EARLY)
    first, second, third = people(edition, 3)
    for user in (first, second):
        take(published["ai"], user)
    client.force_login(third)
    url = f"/agenda/sessions/{published['ai'].code}/"

    page = client.get(url).content.decode()
    response = client.post(url + "seat/", {"action": "take"}, follow=True)

    assert "Còn 0 / 2 chỗ" in page
    assert "Vào danh sách chờ" in page
    assert "Quý vị ở danh sách chờ, thứ 1" in response.content.decode()
    client.force_login(first)
    client.post(url + "seat/", {"action": "release"})
    assert SeatBooking.objects.get(registration__user=third).status == Seat.HELD
