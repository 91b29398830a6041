"""What the database would refuse is a form error first: the given name derived from an over-long
last word, lengths counted as stored (NFC), letters in phone numbers, names without letters, and
whatever else the registration's own checks refuse, on /register/ and /my-registration/edit/."""

import unicodedata

import pytest

from registration.models import ConsentRecord, Registration
from tests.factories import RegistrationFactory, UserFactory
from tests.registration.delegate_helpers import EDIT, REGISTER, STATUS, errors_of, register

Status = Registration.Status
LONG_WORD = "Nguyễn Văn " + "A" * 51  # the last word (the derived given name) has 51 letters
DERIVED_TOO_LONG = (
    "Chữ cuối của họ và tên dài quá 50 ký tự nên không dùng làm tên gọi được. "
    "Hãy nhập tên gọi ngắn hơn."
)


def edit(client, registration, **changes):
    data = {
        "honorific": registration.honorific,
        "full_name": registration.full_name,
        "given_name": registration.given_name,
        "position": registration.position,
        "organisation": registration.organisation,
        "delegate_type": registration.delegate_type,
        "phone": str(registration.phone or "0912345678"),
        "province": registration.province,
        "email_language": registration.email_language,
        "needs": registration.needs,
    }
    data.update(changes)
    return client.post(EDIT, data)


@pytest.fixture
def own_registration(delegate, two_seat_edition):
    return RegistrationFactory(
        edition=two_seat_edition,
        user=delegate,
        full_name="Nguyễn Văn An",
        phone="+84912345678",
        status=Status.APPROVED,
    )


# --- The derived given name -------------------------------------------------------------------


def test_register_with_a_last_word_too_long_for_a_given_name_is_a_form_error(
    logged_in, two_seat_edition
):
    response = register(logged_in, full_name=LONG_WORD)

    assert response.status_code == 200
    assert errors_of(response, "given_name") == [DERIVED_TOO_LONG]
    assert Registration.objects.count() == 0
    assert ConsentRecord.objects.count() == 0


def test_register_with_a_long_last_word_and_a_given_name_typed_is_accepted(
    logged_in, two_seat_edition
):
    response = register(logged_in, full_name=LONG_WORD, given_name="An")

    assert response.status_code == 302
    assert Registration.objects.get().given_name == "An"


def test_edit_to_a_last_word_too_long_for_a_given_name_is_a_form_error(logged_in, own_registration):
    response = edit(logged_in, own_registration, full_name=LONG_WORD, given_name="")

    assert response.status_code == 200
    assert errors_of(response, "given_name") == [DERIVED_TOO_LONG]
    own_registration.refresh_from_db()
    assert own_registration.full_name == "Nguyễn Văn An"
    assert own_registration.version == 1


def test_typed_given_name_over_50_characters_is_refused(logged_in, two_seat_edition):
    response = register(logged_in, given_name="B" * 51)

    assert response.status_code == 200
    assert "Giá trị này chỉ có tối đa 50 kí tự" in errors_of(response, "given_name")[0]
    assert Registration.objects.count() == 0


# --- Lengths count the stored (composed) characters --------------------------------------------


def test_a_decomposed_name_that_fits_once_composed_is_accepted(logged_in, two_seat_edition):
    # 148 composed characters; in NFD every "ễ" is three code points, 198 in all.
    composed = "Nguyễn " * 21 + "An"
    decomposed = unicodedata.normalize("NFD", composed)
    assert len(composed) == 149 and len(decomposed) > 150

    response = register(logged_in, full_name=decomposed)

    assert response.status_code == 302
    assert Registration.objects.get().full_name == composed


def test_the_form_does_not_cut_names_short_in_the_browser(logged_in, two_seat_edition):
    html = logged_in.get(REGISTER).content.decode()

    full_name_input = html.split('name="full_name"')[1].split(">")[0]
    assert "maxlength" not in full_name_input


def test_a_composed_name_over_150_characters_is_still_refused(logged_in, two_seat_edition):
    response = register(logged_in, full_name="Nguyễn " * 25 + "An")

    assert response.status_code == 200
    assert "Giá trị này chỉ có tối đa 150 kí tự" in errors_of(response, "full_name")[0]
    assert Registration.objects.count() == 0


def test_decomposed_organisation_that_fits_once_composed_is_accepted_on_edit(
    logged_in, own_registration
):
    composed = "Công ty Cổ phần Công nghệ Số " * 10  # 290 characters composed
    decomposed = unicodedata.normalize("NFD", composed.strip())
    assert len(decomposed) > 300

    response = edit(logged_in, own_registration, organisation=decomposed)

    assert response.status_code == 302
    own_registration.refresh_from_db()
    assert own_registration.organisation == composed.strip()


# --- Phone numbers -----------------------------------------------------------------------------


def test_letters_in_a_phone_number_are_refused_not_read_as_keypad_digits(
    logged_in, two_seat_edition
):
    response = register(logged_in, phone="0912abc678")

    assert response.status_code == 200
    assert errors_of(response, "phone") == ["Số điện thoại không hợp lệ, ví dụ 0912 345 678."]
    assert Registration.objects.count() == 0


def test_letters_in_a_phone_number_are_refused_on_edit(logged_in, own_registration):
    response = edit(logged_in, own_registration, phone="0912abc678")

    assert response.status_code == 200
    assert errors_of(response, "phone") == ["Số điện thoại không hợp lệ, ví dụ 0912 345 678."]
    own_registration.refresh_from_db()
    assert str(own_registration.phone) == "+84912345678"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912.345.678", "+84912345678"),
        ("(+84) 912-345-678", "+84912345678"),
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_phone_numbers_as_people_write_them_are_still_accepted(
    logged_in, two_seat_edition, typed, stored
):
    response = register(logged_in, phone=typed)

    assert response.status_code == 302
    assert str(Registration.objects.get().phone) == stored


# --- Names need letters ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["😀😀", "🇻🇳 🇻🇳", "-- ..."])
def test_a_name_without_a_letter_is_refused(logged_in, two_seat_edition, name):
    response = register(logged_in, full_name=name)

    assert response.status_code == 200
    assert errors_of(response, "full_name") == ["Họ và tên phải có chữ cái."]
    assert Registration.objects.count() == 0


def test_a_given_name_without_a_letter_is_refused(logged_in, two_seat_edition):
    response = register(logged_in, given_name="🙂")

    assert response.status_code == 200
    assert errors_of(response, "given_name") == ["Tên gọi phải có chữ cái."]


# --- What only the registration's own checks catch ----------------------------------------------


def test_an_account_email_the_registration_refuses_is_an_error_on_the_page(
    client, two_seat_edition
):
    # An address without a domain suffix: accepted by an intranet, refused by the email check.
    user = UserFactory(email="an@forum", full_name="Nguyễn Văn An")
    client.force_login(user)

    response = register(client)

    assert response.status_code == 200
    assert "Email: Nhập địa chỉ email." in response.content.decode()
    assert Registration.objects.count() == 0


def test_edit_of_a_registration_with_a_stored_value_the_checks_refuse_is_an_error(
    client, two_seat_edition
):
    user = UserFactory(email="an@forum")
    registration = RegistrationFactory(edition=two_seat_edition, user=user, phone="+84912345678")
    client.force_login(user)

    response = edit(client, registration, position="Tổng Giám đốc")

    assert response.status_code == 200
    assert "Email: Nhập địa chỉ email." in response.content.decode()
    registration.refresh_from_db()
    assert registration.position == ""
    assert client.get(STATUS).status_code == 200


def test_a_refused_phone_number_is_shown_again_as_typed(logged_in, two_seat_edition):
    response = register(logged_in, phone="0912abc678", full_name="A")

    assert 'value="0912abc678"' in response.content.decode()
