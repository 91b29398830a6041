"""Registering over HTTP: the form, the status a registration gets, bad input, tampering, the
registration window."""

import datetime as dt

import pytest
from django.utils import timezone

from forum.models import Edition
from registration.models import ConsentRecord, Registration
from tests.factories import EditionFactory, RegistrationFactory
from tests.registration.delegate_helpers import (
    REGISTER,
    STATUS,
    errors_of,
    register,
)

Status = Registration.Status


# --- Access ------------------------------------------------------------------------------------


def test_register_requires_login(client, two_seat_edition):
    response = client.get(REGISTER)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/register/"


def test_register_form_renders_every_input_with_a_label(logged_in, two_seat_edition):
    response = logged_in.get(REGISTER)

    assert response.status_code == 200
    html = response.content.decode()
    form = response.context["form"]
    for field in form:
        assert f'for="{field.id_for_label}"' in html, field.name
    # Consents are unticked by default.
    for name in ("administration", "press_photos", "security_sharing", "newsletter"):
        assert f'name="consent_{name}"' in html
        assert "checked" not in html.split(f'name="consent_{name}"')[1].split(">")[0]


# --- Happy path --------------------------------------------------------------------------------


def test_valid_post_creates_an_approved_registration_and_shows_status(logged_in, two_seat_edition):
    response = register(logged_in, consent_newsletter="on")

    assert response.status_code == 302
    assert response["Location"] == STATUS
    registration = Registration.objects.get()
    assert registration.status == Status.APPROVED
    assert registration.email == "an.nguyen@example.vn"
    assert registration.given_name == "An"
    assert registration.edition == two_seat_edition
    consents = {c.purpose: c.granted for c in registration.consents.all()}
    assert consents == {
        "administration": True,
        "press_photos": False,
        "security_sharing": False,
        "newsletter": True,
    }
    page = logged_in.get(STATUS)
    assert page.status_code == 200
    assert "Đã duyệt" in page.content.decode()


def test_moderated_edition_leaves_the_registration_pending(logged_in, two_seat_edition):
    two_seat_edition.registration_mode = Edition.RegistrationMode.MODERATED
    two_seat_edition.save()

    register(logged_in)

    assert Registration.objects.get().status == Status.PENDING
    assert "Chờ duyệt" in logged_in.get(STATUS).content.decode()


def test_full_edition_puts_the_registration_on_the_waiting_list(logged_in, two_seat_edition):
    RegistrationFactory.create_batch(2, edition=two_seat_edition, status=Status.APPROVED)

    register(logged_in)

    registration = Registration.objects.get(user__email="an.nguyen@example.vn")
    assert registration.status == Status.WAITLISTED
    html = logged_in.get(STATUS).content.decode()
    assert "Danh sách chờ" in html
    assert "vị trí thứ 1" in html


def test_phone_is_stored_in_e164_and_shown_in_vietnamese_grouping(logged_in, two_seat_edition):
    register(logged_in, phone="0912345678")

    registration = Registration.objects.get()
    assert str(registration.phone) == "+84912345678"
    assert registration.phone.as_e164 == "+84912345678"
    assert "0912 345 678" in logged_in.get(STATUS).content.decode()


def test_decomposed_input_is_stored_composed(logged_in, two_seat_edition):
    register(logged_in, full_name="Nguye\u0302\u0303n Va\u0306n An", organisation="Co\u0302ng ty")

    registration = Registration.objects.get()
    assert registration.full_name == "Nguyễn Văn An"
    assert registration.organisation == "Công ty"
    assert registration.given_name == "An"


def test_current_province_name_is_stored(logged_in, two_seat_edition):
    register(logged_in, province="Thành phố Hồ Chí Minh")

    assert Registration.objects.get().province == "Thành phố Hồ Chí Minh"


def test_old_province_name_posted_directly_is_stored_as_the_current_unit(
    logged_in, two_seat_edition
):
    response = register(logged_in, province="Bình Dương")

    assert response.status_code == 302
    assert Registration.objects.get().province == "Thành phố Hồ Chí Minh"


# --- Bad input: a clear Vietnamese error, status 200, nothing saved ----------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12345", "Số điện thoại không hợp lệ, ví dụ 0912 345 678."),
        ("phone", "09abc45678", "Số điện thoại không hợp lệ, ví dụ 0912 345 678."),
        ("phone", "", "Trường này là bắt buộc."),
        ("full_name", "Nguyễn Văn 4n", "Họ và tên không được chứa chữ số."),
        ("full_name", "A", "Vui lòng nhập họ và tên đầy đủ."),
        ("full_name", "A" * 200, "150"),
        ("organisation", "C" * 400, "300"),
        ("organisation", "   ", "Trường này là bắt buộc."),
        ("province", "Tỉnh Không Có", "Tỉnh Không Có"),
        ("province", "", "Trường này là bắt buộc."),
        ("delegate_type", "minister", "minister"),
        (
            "consent_administration",
            None,
            "Cần đồng ý xử lý dữ liệu để tổ chức sự kiện và check-in.",
        ),
    ],
)
def test_bad_input_shows_a_vietnamese_error_and_saves_nothing(
    logged_in, two_seat_edition, field, value, message
):
    response = register(logged_in, **{field: value})

    assert response.status_code == 200
    errors = errors_of(response, field)
    assert errors, f"no error on {field}"
    assert message in errors[0]
    html = response.content.decode()
    assert 'class="errorlist"' in html
    assert Registration.objects.count() == 0
    assert ConsentRecord.objects.count() == 0


def test_error_message_is_linked_to_its_input(logged_in, two_seat_edition):
    response = register(logged_in, phone="12345")

    html = response.content.decode()
    assert 'id="id_phone_error"' in html
    tag = html.split('name="phone"')[0].rsplit("<input", 1)[1] + html.split('name="phone"')[1]
    tag = tag.split(">")[0]
    assert 'aria-invalid="true"' in tag
    assert "id_phone_error" in tag


def test_too_long_name_shows_the_limit_once_on_the_page(logged_in, two_seat_edition):
    response = register(logged_in, full_name="A" * 200)

    errorlist = response.content.decode().split('id="id_full_name_error"')[1].split("</ul>")[0]
    assert errorlist.count("Giá trị này chỉ có tối đa 150 kí tự") == 1


def test_too_long_name_is_one_form_error(logged_in, two_seat_edition):
    response = register(logged_in, full_name="A" * 200)

    assert len(errors_of(response, "full_name")) == 1


def test_error_summary_links_to_each_bad_field(logged_in, two_seat_edition):
    response = register(logged_in, phone="12345", province="", consent_administration=None)

    html = response.content.decode()
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_phone"' in summary
    assert 'href="#id_province"' in summary
    assert 'href="#id_consent_administration"' in summary
    assert 'href="#id_full_name"' not in summary


def test_errors_keep_what_the_delegate_typed(logged_in, two_seat_edition):
    response = register(logged_in, phone="12345", organisation="Viettel")

    html = response.content.decode()
    assert 'value="Viettel"' in html
    assert 'value="12345"' in html


# --- Tampering ---------------------------------------------------------------------------------


def test_tampered_fields_are_ignored_and_status_follows_the_rules(logged_in, two_seat_edition):
    two_seat_edition.registration_mode = Edition.RegistrationMode.MODERATED
    two_seat_edition.save()
    other = EditionFactory(slug="2024", is_current=False)

    register(
        logged_in,
        status="approved",
        waitlist_position="1",
        bypass_capacity="1",
        edition=str(other.pk),
        user="999",
        email="someone.else@example.vn",
        version="7",
        anonymised_at="2025-01-01",
    )

    registration = Registration.objects.get()
    assert registration.status == Status.PENDING
    assert registration.waitlist_position is None
    assert registration.bypass_capacity is False
    assert registration.edition == two_seat_edition
    assert registration.email == "an.nguyen@example.vn"
    assert registration.version == 1
    assert registration.anonymised_at is None


def test_bypass_capacity_in_post_does_not_skip_the_waiting_list(logged_in, two_seat_edition):
    RegistrationFactory.create_batch(2, edition=two_seat_edition, status=Status.APPROVED)

    register(logged_in, bypass_capacity="1", status="approved")

    assert Registration.objects.get(user__email="an.nguyen@example.vn").status == (
        Status.WAITLISTED
    )


def test_unknown_invitation_code_is_an_error_on_that_field(logged_in, two_seat_edition):
    response = register(logged_in, invitation_code="NOPE-1234")

    assert response.status_code == 200
    assert errors_of(response, "invitation_code") == ["Mã mời không đúng."]
    assert Registration.objects.count() == 0


# --- Registration window ----------------------------------------------------------------------


def test_closed_registration_shows_the_message_and_refuses_posts(logged_in, two_seat_edition):
    two_seat_edition.registration_opens_at = timezone.now() - dt.timedelta(days=10)
    two_seat_edition.registration_closes_at = timezone.now() - dt.timedelta(hours=1)
    two_seat_edition.save()

    page = logged_in.get(REGISTER)
    response = register(logged_in)

    assert "Đăng ký đã đóng." in page.content.decode()
    assert 'name="full_name"' not in page.content.decode()
    assert response.status_code == 200
    assert "Đăng ký đã đóng." in response.content.decode()
    assert Registration.objects.count() == 0


def test_registration_not_yet_open_shows_the_opening_time_and_refuses_posts(
    logged_in, two_seat_edition
):
    two_seat_edition.registration_opens_at = dt.datetime(2099, 1, 2, 1, 0, tzinfo=dt.UTC)
    two_seat_edition.save()

    page = logged_in.get(REGISTER)
    response = register(logged_in)

    assert "Đăng ký chưa mở. Đăng ký mở lúc 08:00 02/01/2099." in page.content.decode()
    assert 'name="full_name"' not in page.content.decode()
    assert response.status_code == 200
    assert Registration.objects.count() == 0


def test_second_registration_for_the_same_account_redirects_to_status(logged_in, two_seat_edition):
    register(logged_in)

    again_get = logged_in.get(REGISTER)
    again_post = register(logged_in, full_name="Trần Thị Bình")

    assert again_get.status_code == 302
    assert again_get["Location"] == STATUS
    assert again_post.status_code == 302
    assert again_post["Location"] == STATUS
    assert Registration.objects.count() == 1
    assert Registration.objects.get().full_name == "Nguyễn Văn An"


# --- English ----------------------------------------------------------------------------------


def test_english_register_page_renders(logged_in, two_seat_edition):
    response = logged_in.get("/en/register/")

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert 'name="full_name"' in response.content.decode()
