"""The delegate's own registration page: the status and the badge QR, editing, cancelling."""

from forum.models import Edition
from registration.models import PersonalDataRequest, Registration
from tests.factories import RegistrationFactory
from tests.registration.delegate_helpers import (
    CANCEL,
    EDIT,
    REGISTER,
    STATUS,
    errors_of,
    form_data,
    register,
)

Status = Registration.Status


def test_status_without_registration_sends_to_the_form(logged_in, two_seat_edition):
    response = logged_in.get(STATUS)

    assert response.status_code == 302
    assert response["Location"] == REGISTER


# --- Edit and cancel ---------------------------------------------------------------------------


def test_editing_an_approved_registration_bumps_its_version(logged_in, two_seat_edition):
    register(logged_in)
    registration = Registration.objects.get()
    assert registration.status == Status.APPROVED
    assert registration.version == 1

    page = logged_in.get(EDIT)
    response = logged_in.post(
        EDIT,
        form_data(
            organisation="Tập đoàn Viettel",
            position="Phó Giám đốc",
            given_name="An",
            consent_administration=None,
        ),
    )

    assert page.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == STATUS
    registration.refresh_from_db()
    assert registration.organisation == "Tập đoàn Viettel"
    assert registration.position == "Phó Giám đốc"
    assert registration.version == 2
    assert registration.status == Status.APPROVED
    log = PersonalDataRequest.objects.get(kind=PersonalDataRequest.Kind.CORRECT)
    assert set(log.detail.split(",")) == {"organisation", "position"}


def test_edit_page_renders_every_profile_field_prefilled(logged_in, two_seat_edition):
    register(logged_in)

    response = logged_in.get(EDIT)

    html = response.content.decode()
    for field in response.context["form"]:
        assert f'name="{field.html_name}"' in html, field.name
    assert 'value="0912 345 678"' in html or 'value="+84912345678"' in html
    assert 'name="consent_administration"' not in html


def test_edit_with_bad_phone_shows_the_error_and_changes_nothing(logged_in, two_seat_edition):
    register(logged_in)

    response = logged_in.post(EDIT, form_data(phone="12345", organisation="Khác"))

    assert response.status_code == 200
    assert errors_of(response, "phone") == ["Số điện thoại không hợp lệ, ví dụ 0912 345 678."]
    registration = Registration.objects.get()
    assert registration.organisation == "Công ty Cổ phần MISA"
    assert registration.version == 1


def test_cancel_frees_the_seat_for_the_waiting_list_and_status_says_cancelled(
    logged_in, two_seat_edition
):
    two_seat_edition.capacity = 1
    two_seat_edition.save()
    register(logged_in)
    waiting = RegistrationFactory(
        edition=two_seat_edition, status=Status.WAITLISTED, waitlist_position=1
    )

    confirm = logged_in.get(CANCEL)
    response = logged_in.post(CANCEL)

    assert confirm.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == STATUS
    mine = Registration.objects.get(user__email="an.nguyen@example.vn")
    assert mine.status == Status.CANCELLED
    waiting.refresh_from_db()
    assert waiting.status == Status.APPROVED
    assert (
        Registration.objects.filter(edition=two_seat_edition, status=Status.APPROVED).count() == 1
    )
    html = logged_in.get(STATUS).content.decode()
    assert "Đã hủy" in html
    assert 'href="/my-registration/edit/"' not in html


def test_cancelled_registration_cannot_be_edited(logged_in, two_seat_edition):
    register(logged_in)
    logged_in.post(CANCEL)

    response = logged_in.get(EDIT)

    assert response.status_code == 302
    assert response["Location"] == STATUS


def test_english_status_page_renders(logged_in, two_seat_edition):
    register(logged_in)

    response = logged_in.get("/en/my-registration/")

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_approved_status_page_shows_the_qr_short_code_and_badge_link(logged_in, two_seat_edition):
    from registration.badge_codes import short_code_display
    from registration.models import BadgeCode

    register(logged_in)
    code = BadgeCode.objects.get(status="active")

    html = logged_in.get("/my-registration/").content.decode()

    assert "<svg" in html
    assert short_code_display(code.short_code) in html
    assert 'href="/my-registration/badge.pdf"' in html


def test_pending_status_page_has_no_qr(logged_in, two_seat_edition):
    two_seat_edition.registration_mode = Edition.RegistrationMode.MODERATED
    two_seat_edition.save()
    register(logged_in)

    html = logged_in.get("/my-registration/").content.decode()

    assert "<svg" not in html
    assert "badge.pdf" not in html


def test_status_page_issues_no_code_for_an_approved_registration_without_one(
    logged_in, two_seat_edition, delegate
):
    from registration.models import BadgeCode

    # Approval always issues a code; a status set by other means (the admin) may leave none.
    RegistrationFactory(edition=two_seat_edition, user=delegate, status=Status.APPROVED)

    response = logged_in.get(STATUS)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Đã duyệt" in html
    assert "<svg" not in html
    assert "badge.pdf" not in html
    assert BadgeCode.objects.count() == 0
