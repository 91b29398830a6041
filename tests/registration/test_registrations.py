import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from forum.errors import ServiceError
from forum.models import Edition
from registration.models import ConsentRecord, InvitationBatch, InvitationCode, Registration
from registration.selectors import waitlist_rank
from registration.services import registrations as svc
from tests.factories import (
    ALL_CONSENTS,
    EditionFactory,
    RegistrationFactory,
    UserFactory,
    submission,
)

Status = Registration.Status


@pytest.fixture
def three_seat_edition(db):
    """Open registration (approved while seats last) with three seats."""
    return EditionFactory(
        slug="2025-three-seats", capacity=3, registration_mode=Edition.RegistrationMode.OPEN
    )


def submit(edition, user=None, consents=ALL_CONSENTS, **data):
    user = user or UserFactory()
    return svc.registration_submit(
        edition_id=edition.pk,
        user=user,
        data=submission(**data),
        consents=consents,
        ip_address="10.0.0.1",
        user_agent="Mozilla/5.0 test",
    )


def test_open_mode_approves_while_seats_remain_then_waitlists(
    three_seat_edition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        regs = [submit(three_seat_edition) for _ in range(5)]

    assert [r.status for r in regs] == [Status.APPROVED] * 3 + [Status.WAITLISTED] * 2
    assert [r.waitlist_position for r in regs[3:]] == [1, 2]
    assert waitlist_rank(registration=regs[4]) == 2
    subjects = [m.subject for m in mail.outbox]
    assert sum("đã được duyệt" in s for s in subjects) == 3
    assert sum("danh sách chờ" in s for s in subjects) == 2


def test_moderated_mode_leaves_registrations_pending(three_seat_edition):
    three_seat_edition.registration_mode = Edition.RegistrationMode.MODERATED
    three_seat_edition.save()

    registration = submit(three_seat_edition)

    assert registration.status == Status.PENDING


def test_submission_normalises_name_and_derives_given_name_and_keys(three_seat_edition):
    registration = submit(three_seat_edition, full_name="  Đặng   Thi\u0323 A\u0301nh ")

    assert registration.full_name == "Đặng Thị Ánh"
    assert registration.given_name == "Ánh"
    assert "dang thi anh" in registration.search_key
    assert registration.sort_key


def test_factory_registrations_derive_their_keys_like_a_submission(three_seat_edition):
    submitted = submit(three_seat_edition, full_name="Đặng Thị Ánh", organisation="Viettel")

    built = RegistrationFactory(
        edition=three_seat_edition,
        user=None,
        email=submitted.email,
        full_name="Đặng Thị Ánh",
        organisation="Viettel",
        status=Status.CANCELLED,
    )

    assert built.given_name == submitted.given_name == "Ánh"
    assert built.search_key == submitted.search_key
    assert built.sort_key == submitted.sort_key


def test_consent_is_stored_per_purpose_with_notice_version_ip_and_agent(three_seat_edition):
    registration = submit(three_seat_edition, consents={**ALL_CONSENTS, "newsletter": True})

    records = {c.purpose: c for c in ConsentRecord.objects.filter(registration=registration)}
    assert set(records) == {"administration", "press_photos", "security_sharing", "newsletter"}
    assert records["administration"].granted is True
    assert records["newsletter"].granted is True
    assert records["press_photos"].granted is False
    assert records["administration"].notice_version == svc.NOTICE_VERSION
    assert records["administration"].ip_address == "10.0.0.1"
    assert records["administration"].user_agent == "Mozilla/5.0 test"


def test_required_consent_missing_is_refused_and_nothing_saved(three_seat_edition):
    with pytest.raises(ServiceError) as error:
        submit(three_seat_edition, consents={**ALL_CONSENTS, "administration": False})

    assert error.value.code == "consent_required"
    assert Registration.objects.count() == 0


def test_second_registration_for_same_account_is_refused(three_seat_edition):
    user = UserFactory()
    submit(three_seat_edition, user=user)

    with pytest.raises(ServiceError) as error:
        submit(three_seat_edition, user=user)

    assert error.value.code == "already_registered"
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    ("opens", "closes", "code"),
    [(dt.timedelta(hours=1), None, "not_open"), (None, -dt.timedelta(minutes=1), "closed")],
)
def test_registration_outside_window_is_refused(three_seat_edition, opens, closes, code):
    now = timezone.now()
    three_seat_edition.registration_opens_at = now + opens if opens else None
    three_seat_edition.registration_closes_at = now + closes if closes else None
    three_seat_edition.save()

    with pytest.raises(ServiceError) as error:
        submit(three_seat_edition)

    assert error.value.code == code


def test_cancelling_an_approved_delegate_promotes_head_of_waitlist_open_mode(
    three_seat_edition, django_capture_on_commit_callbacks
):
    regs = [submit(three_seat_edition) for _ in range(5)]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        svc.registration_cancel(registration_id=regs[0].pk)

    for r in regs:
        r.refresh_from_db()
    assert regs[0].status == Status.CANCELLED
    assert regs[3].status == Status.APPROVED
    assert regs[3].promoted_at is not None
    assert regs[4].status == Status.WAITLISTED
    assert waitlist_rank(registration=regs[4]) == 1
    assert Registration.objects.filter(status=Status.APPROVED).count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted([regs[0].email, regs[3].email])


def test_rejecting_an_approved_delegate_in_moderated_mode_flags_head_for_approval(
    three_seat_edition,
):
    regs = [submit(three_seat_edition) for _ in range(4)]
    three_seat_edition.registration_mode = Edition.RegistrationMode.MODERATED
    three_seat_edition.save()

    svc.registration_reject(registration_id=regs[1].pk, reason="Trùng người")

    regs[3].refresh_from_db()
    assert regs[3].status == Status.PENDING
    assert regs[3].promoted_at is not None


def test_approve_refuses_when_full(three_seat_edition):
    three_seat_edition.registration_mode = Edition.RegistrationMode.MODERATED
    three_seat_edition.save()
    regs = [submit(three_seat_edition) for _ in range(4)]
    for r in regs[:3]:
        svc.registration_approve(registration_id=r.pk)

    with pytest.raises(ServiceError) as error:
        svc.registration_approve(registration_id=regs[3].pk)

    assert error.value.code == "full"
    assert Registration.objects.filter(status=Status.APPROVED).count() == 3


def test_reject_requires_a_reason(three_seat_edition):
    registration = submit(three_seat_edition)

    with pytest.raises(ServiceError) as error:
        svc.registration_reject(registration_id=registration.pk, reason="   ")

    assert error.value.code == "reason_required"


def test_invitation_code_approves_and_may_bypass_capacity(three_seat_edition):
    for _ in range(3):
        submit(three_seat_edition)
    batch = InvitationBatch.objects.create(
        edition=three_seat_edition, label="VIP", bypass_capacity=True
    )
    InvitationCode.objects.create(batch=batch, code="VIP2025AB", max_uses=1)

    registration = svc.registration_submit(
        edition_id=three_seat_edition.pk,
        user=UserFactory(),
        data=submission(),
        consents=ALL_CONSENTS,
        invitation_code="vip2025ab",
    )

    assert registration.status == Status.APPROVED
    assert registration.bypass_capacity is True
    with pytest.raises(ServiceError) as error:
        svc.registration_submit(
            edition_id=three_seat_edition.pk,
            user=UserFactory(),
            data=submission(),
            consents=ALL_CONSENTS,
            invitation_code="VIP2025AB",
        )
    assert error.value.code == "invitation_used"


def test_unknown_invitation_code_is_refused(three_seat_edition):
    with pytest.raises(ServiceError) as error:
        svc.registration_submit(
            edition_id=three_seat_edition.pk,
            user=UserFactory(),
            data=submission(),
            consents=ALL_CONSENTS,
            invitation_code="NOPE",
        )

    assert error.value.code == "invitation_invalid"


def test_profile_change_bumps_version(three_seat_edition):
    registration = submit(three_seat_edition)

    updated = svc.registration_update_profile(
        registration_id=registration.pk, data={"position": "Tổng Giám đốc"}
    )

    assert updated.version == registration.version + 1
    assert updated.position == "Tổng Giám đốc"


def test_capacity_increase_fills_from_waitlist(three_seat_edition):
    regs = [submit(three_seat_edition) for _ in range(5)]

    promoted = svc.edition_capacity_set(edition_id=three_seat_edition.pk, capacity=4)

    assert [r.pk for r in promoted] == [regs[3].pk]


def test_reminder_goes_to_approved_delegates_the_day_before_once(
    three_seat_edition, django_capture_on_commit_callbacks
):
    from registration.services.notifications import reminders_send

    regs = [submit(three_seat_edition) for _ in range(4)]  # 3 approved, 1 waitlisted
    mail.outbox.clear()
    day_before = timezone.localtime(three_seat_edition.starts_at).date() - dt.timedelta(days=1)

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=day_before) == 3
        reminders_send(today=day_before)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=day_before - dt.timedelta(days=1)) == 0

    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in regs[:3])
    assert all("ngày mai" in m.subject for m in mail.outbox)


def test_email_goes_out_in_the_delegates_language(
    three_seat_edition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(three_seat_edition, email_language="en")

    assert mail.outbox[0].subject.startswith("Registration approved")


def test_badge_field_change_on_approved_registration_emails_a_new_badge(
    three_seat_edition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = submit(three_seat_edition)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        svc.registration_update_profile(
            registration_id=registration.pk, data={"full_name": "Nguyễn Văn Bình"}
        )
        svc.registration_update_profile(registration_id=registration.pk, data={"needs": "Ăn chay"})

    assert len(mail.outbox) == 1
    attachment_names = [a.get_filename() for a in mail.outbox[0].message().iter_attachments()]
    assert "the-dai-bieu.pdf" in attachment_names


def test_english_email_translates_the_title(three_seat_edition, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(three_seat_edition, email_language="en", honorific="Bà", full_name="Đặng Thị Ánh")

    assert "Dear Ms Đặng Thị Ánh," in mail.outbox[0].body
    assert "Ông" not in mail.outbox[0].body and "Bà " not in mail.outbox[0].body


def test_vietnamese_email_keeps_the_title(three_seat_edition, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(three_seat_edition, honorific="Bà", full_name="Đặng Thị Ánh")

    assert "Kính gửi Bà Đặng Thị Ánh," in mail.outbox[0].body
