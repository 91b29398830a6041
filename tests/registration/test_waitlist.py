"""Seats go to whoever waits: whatever frees or adds seats (a capacity raised by the service, in
the admin or behind its back, a cancellation, a rejection, a deleted account) serves the waiting
list from its head, in order, with the email; nobody who registers later is approved while
someone waits."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.utils import timezone

from forum.errors import ServiceError
from forum.models import Edition
from registration.models import AuditLog, Registration
from registration.services import personal_data
from registration.services import registrations as svc
from registration.services.accounts import totp_ensure
from tests.factories import ALL_CONSENTS, EditionFactory, UserFactory, submission

Status = Registration.Status


def submit(edition, invitation_code=""):
    return svc.registration_submit(
        edition_id=edition.pk,
        user=UserFactory(),
        data=submission(),
        consents=ALL_CONSENTS,
        invitation_code=invitation_code,
    )


def statuses(registrations) -> list[str]:
    for registration in registrations:
        registration.refresh_from_db()
    return [registration.status for registration in registrations]


def raise_behind_its_back(edition, capacity: int) -> None:
    """The capacity changed without the service: a script, a database console."""
    Edition.objects.filter(pk=edition.pk).update(capacity=capacity)
    edition.refresh_from_db()


@pytest.fixture
def open_edition(db):
    """Open registration, three seats taken, five waiting (positions 1 to 5)."""
    edition = EditionFactory(
        slug="2025-open", capacity=3, registration_mode=Edition.RegistrationMode.OPEN
    )
    registrations = [submit(edition) for _ in range(8)]
    assert statuses(registrations) == [Status.APPROVED] * 3 + [Status.WAITLISTED] * 5
    return edition, registrations


@pytest.fixture
def moderated_edition(open_edition):
    """The same, moderated: organisers decide; seats freed or added are offered to the head."""
    edition, registrations = open_edition
    edition.registration_mode = Edition.RegistrationMode.MODERATED
    edition.save()
    return edition, registrations


# --- Capacity raised ----------------------------------------------------------------------------


def test_raising_the_capacity_approves_the_head_of_the_waiting_list_in_order(
    open_edition, organiser, django_capture_on_commit_callbacks
):
    edition, regs = open_edition
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = svc.edition_capacity_set(edition_id=edition.pk, capacity=5, actor=organiser)

    assert [r.pk for r in promoted] == [regs[3].pk, regs[4].pk]
    assert statuses(regs[3:]) == [Status.APPROVED] * 2 + [Status.WAITLISTED] * 3
    assert [r.waitlist_position for r in regs[5:]] == [3, 4, 5]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([regs[3].email, regs[4].email])
    assert all("đã được duyệt" in m.subject for m in mail.outbox)
    change = AuditLog.objects.get(action="capacity_changed")
    assert change.actor == organiser
    assert change.detail == {"edition": edition.pk, "capacity_from": 3, "capacity_to": 5}


def test_a_capacity_raised_behind_the_services_back_goes_to_those_waiting_at_the_next_sign_up(
    open_edition,
):
    edition, regs = open_edition
    raise_behind_its_back(edition, 5)

    newcomer = submit(edition)

    assert newcomer.status == Status.WAITLISTED
    assert newcomer.waitlist_position == 6
    assert statuses(regs[3:]) == [Status.APPROVED] * 2 + [Status.WAITLISTED] * 3


def test_a_newcomer_is_approved_only_once_nobody_waits(open_edition):
    edition, regs = open_edition
    raise_behind_its_back(edition, 9)

    newcomer = submit(edition)

    assert statuses(regs) == [Status.APPROVED] * 8
    assert newcomer.status == Status.APPROVED


def test_an_approval_notices_added_seats_and_gives_them_to_the_head_first(open_edition):
    edition, regs = open_edition
    raise_behind_its_back(edition, 4)

    with pytest.raises(ServiceError) as error:
        svc.registration_approve(registration_id=regs[5].pk)

    assert error.value.code == "full"
    assert statuses(regs[3:6]) == [Status.APPROVED, Status.WAITLISTED, Status.WAITLISTED]


def test_approving_the_head_itself_after_seats_were_added_approves_it_once(open_edition):
    edition, regs = open_edition
    raise_behind_its_back(edition, 4)

    approved = svc.registration_approve(registration_id=regs[3].pk)

    assert approved.status == Status.APPROVED
    assert AuditLog.objects.filter(registration=regs[3]).exclude(action="submitted").count() == 1


def test_moderated_seats_added_are_offered_to_the_head_for_the_organisers_to_decide(
    moderated_edition, django_capture_on_commit_callbacks
):
    edition, regs = moderated_edition
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        svc.edition_capacity_set(edition_id=edition.pk, capacity=5)

    assert statuses(regs[3:]) == [Status.PENDING] * 2 + [Status.WAITLISTED] * 3
    assert all(r.promoted_at is not None for r in regs[3:5])
    assert sorted(m.to[0] for m in mail.outbox) == sorted([regs[3].email, regs[4].email])


def test_moderated_seats_added_behind_the_services_back_are_offered_at_the_next_approval(
    moderated_edition,
):
    edition, regs = moderated_edition
    raise_behind_its_back(edition, 5)

    svc.registration_approve(registration_id=regs[6].pk)  # the organisers' own choice

    assert statuses(regs[3:]) == [
        Status.PENDING,
        Status.PENDING,
        Status.WAITLISTED,
        Status.APPROVED,
        Status.WAITLISTED,
    ]


def test_moderated_offers_never_exceed_the_seats_really_free(moderated_edition):
    edition, regs = moderated_edition
    svc.edition_capacity_set(edition_id=edition.pk, capacity=2)  # lowered: nobody loses a seat
    assert statuses(regs[:3]) == [Status.APPROVED] * 3

    svc.edition_capacity_set(edition_id=edition.pk, capacity=4)

    assert statuses(regs[3:]) == [Status.PENDING] + [Status.WAITLISTED] * 4


def test_switching_to_open_mode_approves_the_head_while_seats_are_free(moderated_edition):
    edition, regs = moderated_edition
    edition.capacity = 5
    edition.registration_mode = Edition.RegistrationMode.OPEN

    promoted = svc.edition_save(edition=edition)

    assert [r.pk for r in promoted] == [regs[3].pk, regs[4].pk]
    assert statuses(regs[3:6]) == [Status.APPROVED, Status.APPROVED, Status.WAITLISTED]


def test_a_negative_capacity_is_refused(open_edition):
    edition, _regs = open_edition

    with pytest.raises(ServiceError) as error:
        svc.edition_capacity_set(edition_id=edition.pk, capacity=-1)

    assert error.value.code == "invalid_capacity"


# --- Seats freed --------------------------------------------------------------------------------


def test_rejecting_an_approved_delegate_approves_the_head_open_mode(open_edition):
    _edition, regs = open_edition

    svc.registration_reject(registration_id=regs[1].pk, reason="Trùng người")

    assert statuses(regs[3:5]) == [Status.APPROVED, Status.WAITLISTED]


def test_a_declined_offer_passes_to_the_next_in_line(moderated_edition):
    _edition, regs = moderated_edition
    svc.registration_cancel(registration_id=regs[0].pk)
    assert statuses(regs[3:5]) == [Status.PENDING, Status.WAITLISTED]

    svc.registration_reject(registration_id=regs[3].pk, reason="Không thuộc đối tượng mời")

    assert statuses(regs[4:6]) == [Status.PENDING, Status.WAITLISTED]


def test_deleting_an_approved_account_gives_the_seat_to_the_head_with_the_email(
    open_edition, django_capture_on_commit_callbacks
):
    _edition, regs = open_edition
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        personal_data.account_delete(user=regs[0].user)

    assert statuses(regs[3:5]) == [Status.APPROVED, Status.WAITLISTED]
    assert regs[3].email in [m.to[0] for m in mail.outbox]


# --- Newcomers while someone waits --------------------------------------------------------------


def test_an_invitation_code_does_not_jump_the_waiting_list(open_edition):
    from registration.models import InvitationBatch, InvitationCode

    edition, regs = open_edition
    batch = InvitationBatch.objects.create(edition=edition, label="Diễn giả", kind="speaker")
    InvitationCode.objects.create(batch=batch, code="SPEAKER25", max_uses=1)
    raise_behind_its_back(edition, 4)

    invited = submit(edition, invitation_code="SPEAKER25")

    assert invited.status == Status.WAITLISTED
    assert statuses(regs[3:5]) == [Status.APPROVED, Status.WAITLISTED]


def test_moderated_newcomers_while_seats_are_free_are_pending_even_if_someone_was_parked(db):
    edition = EditionFactory(slug="2025-parked", capacity=10)
    parked = submit(edition)
    svc.registration_to_waitlist(registration_id=parked.pk)

    newcomer = submit(edition)

    assert newcomer.status == Status.PENDING
    assert statuses([parked]) == [Status.WAITLISTED]


# --- The admin ------------------------------------------------------------------------------------


class _FormFields(HTMLParser):
    """The values a browser would post back from a form as it is shown."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file"):
            if attrs.get("type") != "checkbox" or "checked" in attrs:
                self.fields[name] = attrs.get("value") or ("on" if "checked" in attrs else "")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def test_raising_the_capacity_in_the_admin_promotes_the_head_and_says_so(
    client, open_edition, django_capture_on_commit_callbacks
):
    edition, regs = open_edition
    admin = UserFactory(email="admin@forum.test", is_staff=True, is_superuser=True)
    totp_ensure(user=admin)
    client.force_login(admin)
    url = f"/admin/forum/edition/{edition.pk}/change/"
    parser = _FormFields()
    parser.feed(client.get(url).content.decode())
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**parser.fields, "capacity": "4", "_save": "1"}, follow=True)

    assert response.status_code == 200
    assert statuses(regs[3:5]) == [Status.APPROVED, Status.WAITLISTED]
    assert [m.to[0] for m in mail.outbox] == [regs[3].email]
    shown = [str(message) for message in response.context["messages"]]
    assert "1 đại biểu ở đầu danh sách chờ được mời vào chỗ mới (đã gửi email)." in shown
    assert AuditLog.objects.get(action="capacity_changed").actor == admin


def test_a_check_in_opening_after_the_forums_end_is_refused_in_the_admin(client, open_edition):
    edition, _regs = open_edition
    admin = UserFactory(email="admin@forum.test", is_staff=True, is_superuser=True)
    totp_ensure(user=admin)
    client.force_login(admin)
    url = f"/admin/forum/edition/{edition.pk}/change/"
    parser = _FormFields()
    parser.feed(client.get(url).content.decode())
    after_end = timezone.localtime(edition.ends_at) + dt.timedelta(days=1)

    response = client.post(
        url,
        {
            **parser.fields,
            "checkin_opens_at_0": after_end.strftime("%d/%m/%Y"),
            "checkin_opens_at_1": "08:00:00",
            "_save": "1",
        },
    )

    assert response.status_code == 200
    assert "Check-in phải mở trước khi diễn đàn kết thúc." in response.content.decode()
    edition.refresh_from_db()
    assert edition.checkin_opens_at is None
