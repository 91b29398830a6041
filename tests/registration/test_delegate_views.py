"""The delegate's own pages over HTTP: register, status, edit, cancel, my data, delete."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from forum.models import Edition
from registration.models import (
    ConsentRecord,
    PersonalDataRequest,
    Registration,
    User,
)
from tests.factories import EditionFactory, RegistrationFactory, UserFactory

Status = Registration.Status

REGISTER = "/register/"
STATUS = "/my-registration/"
EDIT = "/my-registration/edit/"
CANCEL = "/my-registration/cancel/"
MY_DATA = "/my-data/"
DOWNLOAD = "/my-data/download.json"
DELETE = "/my-data/delete/"


def consent_url(purpose: str) -> str:
    return f"/my-data/consent/{purpose}/"


VALID = {
    "honorific": "Ông",
    "full_name": "Nguyễn Văn An",
    "given_name": "",
    "position": "Giám đốc",
    "organisation": "Công ty Cổ phần MISA",
    "delegate_type": "enterprise",
    "phone": "0912345678",
    "province": "Thành phố Hà Nội",
    "email_language": "vi",
    "needs": "",
    "invitation_code": "",
    "consent_administration": "on",
}


def form_data(**overrides) -> dict:
    data = {**VALID, **overrides}
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def edition(db):
    return EditionFactory(slug="2025", capacity=2, registration_mode=Edition.RegistrationMode.OPEN)


@pytest.fixture
def delegate(db):
    return UserFactory(email="an.nguyen@example.vn", full_name="Nguyễn Văn An")


@pytest.fixture
def logged_in(client, delegate):
    client.force_login(delegate)
    return client


def register(client, **overrides):
    return client.post(REGISTER, form_data(**overrides))


def errors_of(response, field: str) -> list[str]:
    return list(response.context["form"].errors.get(field, []))


# --- Access ------------------------------------------------------------------------------------


def test_register_requires_login(client, edition):
    response = client.get(REGISTER)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/register/"


@pytest.mark.parametrize("url", [STATUS, EDIT, CANCEL, MY_DATA, DOWNLOAD, DELETE])
def test_every_delegate_page_requires_login(client, edition, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_register_form_renders_every_input_with_a_label(logged_in, edition):
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


def test_valid_post_creates_an_approved_registration_and_shows_status(logged_in, edition):
    response = register(logged_in, consent_newsletter="on")

    assert response.status_code == 302
    assert response["Location"] == STATUS
    registration = Registration.objects.get()
    assert registration.status == Status.APPROVED
    assert registration.email == "an.nguyen@example.vn"
    assert registration.given_name == "An"
    assert registration.edition == edition
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


def test_moderated_edition_leaves_the_registration_pending(logged_in, edition):
    edition.registration_mode = Edition.RegistrationMode.MODERATED
    edition.save()

    register(logged_in)

    assert Registration.objects.get().status == Status.PENDING
    assert "Chờ duyệt" in logged_in.get(STATUS).content.decode()


def test_full_edition_puts_the_registration_on_the_waiting_list(logged_in, edition):
    RegistrationFactory.create_batch(2, edition=edition, status=Status.APPROVED)

    register(logged_in)

    registration = Registration.objects.get(user__email="an.nguyen@example.vn")
    assert registration.status == Status.WAITLISTED
    html = logged_in.get(STATUS).content.decode()
    assert "Danh sách chờ" in html
    assert "vị trí thứ 1" in html


def test_phone_is_stored_in_e164_and_shown_in_vietnamese_grouping(logged_in, edition):
    register(logged_in, phone="0912345678")

    registration = Registration.objects.get()
    assert str(registration.phone) == "+84912345678"
    assert registration.phone.as_e164 == "+84912345678"
    assert "0912 345 678" in logged_in.get(STATUS).content.decode()


def test_decomposed_input_is_stored_composed(logged_in, edition):
    register(logged_in, full_name="Nguye\u0302\u0303n Va\u0306n An", organisation="Co\u0302ng ty")

    registration = Registration.objects.get()
    assert registration.full_name == "Nguyễn Văn An"
    assert registration.organisation == "Công ty"
    assert registration.given_name == "An"


def test_current_province_name_is_stored(logged_in, edition):
    register(logged_in, province="Thành phố Hồ Chí Minh")

    assert Registration.objects.get().province == "Thành phố Hồ Chí Minh"


def test_old_province_name_posted_directly_is_stored_as_the_current_unit(logged_in, edition):
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
    logged_in, edition, field, value, message
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


def test_error_message_is_linked_to_its_input(logged_in, edition):
    response = register(logged_in, phone="12345")

    html = response.content.decode()
    assert 'id="id_phone_error"' in html
    tag = html.split('name="phone"')[0].rsplit("<input", 1)[1] + html.split('name="phone"')[1]
    tag = tag.split(">")[0]
    assert 'aria-invalid="true"' in tag
    assert "id_phone_error" in tag


def test_too_long_name_shows_the_limit_once_on_the_page(logged_in, edition):
    response = register(logged_in, full_name="A" * 200)

    errorlist = response.content.decode().split('id="id_full_name_error"')[1].split("</ul>")[0]
    assert errorlist.count("Giá trị này chỉ có tối đa 150 kí tự") == 1


def test_too_long_name_is_one_form_error(logged_in, edition):
    response = register(logged_in, full_name="A" * 200)

    assert len(errors_of(response, "full_name")) == 1


def test_error_summary_links_to_each_bad_field(logged_in, edition):
    response = register(logged_in, phone="12345", province="", consent_administration=None)

    html = response.content.decode()
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_phone"' in summary
    assert 'href="#id_province"' in summary
    assert 'href="#id_consent_administration"' in summary
    assert 'href="#id_full_name"' not in summary


def test_errors_keep_what_the_delegate_typed(logged_in, edition):
    response = register(logged_in, phone="12345", organisation="Viettel")

    html = response.content.decode()
    assert 'value="Viettel"' in html
    assert 'value="12345"' in html


# --- Tampering ---------------------------------------------------------------------------------


def test_tampered_fields_are_ignored_and_status_follows_the_rules(logged_in, edition):
    edition.registration_mode = Edition.RegistrationMode.MODERATED
    edition.save()
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
    assert registration.edition == edition
    assert registration.email == "an.nguyen@example.vn"
    assert registration.version == 1
    assert registration.anonymised_at is None


def test_bypass_capacity_in_post_does_not_skip_the_waiting_list(logged_in, edition):
    RegistrationFactory.create_batch(2, edition=edition, status=Status.APPROVED)

    register(logged_in, bypass_capacity="1", status="approved")

    assert Registration.objects.get(user__email="an.nguyen@example.vn").status == (
        Status.WAITLISTED
    )


def test_unknown_invitation_code_is_an_error_on_that_field(logged_in, edition):
    response = register(logged_in, invitation_code="NOPE-1234")

    assert response.status_code == 200
    assert errors_of(response, "invitation_code") == ["Mã mời không đúng."]
    assert Registration.objects.count() == 0


# --- Registration window ----------------------------------------------------------------------


def test_closed_registration_shows_the_message_and_refuses_posts(logged_in, edition):
    edition.registration_opens_at = timezone.now() - dt.timedelta(days=10)
    edition.registration_closes_at = timezone.now() - dt.timedelta(hours=1)
    edition.save()

    page = logged_in.get(REGISTER)
    response = register(logged_in)

    assert "Đăng ký đã đóng." in page.content.decode()
    assert 'name="full_name"' not in page.content.decode()
    assert response.status_code == 200
    assert "Đăng ký đã đóng." in response.content.decode()
    assert Registration.objects.count() == 0


def test_registration_not_yet_open_shows_the_opening_time_and_refuses_posts(logged_in, edition):
    edition.registration_opens_at = dt.datetime(2099, 1, 2, 1, 0, tzinfo=dt.UTC)
    edition.save()

    page = logged_in.get(REGISTER)
    response = register(logged_in)

    assert "Đăng ký chưa mở. Đăng ký mở lúc 08:00 02/01/2099." in page.content.decode()
    assert 'name="full_name"' not in page.content.decode()
    assert response.status_code == 200
    assert Registration.objects.count() == 0


def test_second_registration_for_the_same_account_redirects_to_status(logged_in, edition):
    register(logged_in)

    again_get = logged_in.get(REGISTER)
    again_post = register(logged_in, full_name="Trần Thị Bình")

    assert again_get.status_code == 302
    assert again_get["Location"] == STATUS
    assert again_post.status_code == 302
    assert again_post["Location"] == STATUS
    assert Registration.objects.count() == 1
    assert Registration.objects.get().full_name == "Nguyễn Văn An"


def test_status_without_registration_sends_to_the_form(logged_in, edition):
    response = logged_in.get(STATUS)

    assert response.status_code == 302
    assert response["Location"] == REGISTER


# --- Edit and cancel ---------------------------------------------------------------------------


def test_editing_an_approved_registration_bumps_its_version(logged_in, edition):
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


def test_edit_page_renders_every_profile_field_prefilled(logged_in, edition):
    register(logged_in)

    response = logged_in.get(EDIT)

    html = response.content.decode()
    for field in response.context["form"]:
        assert f'name="{field.html_name}"' in html, field.name
    assert 'value="0912 345 678"' in html or 'value="+84912345678"' in html
    assert 'name="consent_administration"' not in html


def test_edit_with_bad_phone_shows_the_error_and_changes_nothing(logged_in, edition):
    register(logged_in)

    response = logged_in.post(EDIT, form_data(phone="12345", organisation="Khác"))

    assert response.status_code == 200
    assert errors_of(response, "phone") == ["Số điện thoại không hợp lệ, ví dụ 0912 345 678."]
    registration = Registration.objects.get()
    assert registration.organisation == "Công ty Cổ phần MISA"
    assert registration.version == 1


def test_cancel_frees_the_seat_for_the_waiting_list_and_status_says_cancelled(logged_in, edition):
    edition.capacity = 1
    edition.save()
    register(logged_in)
    waiting = RegistrationFactory(edition=edition, status=Status.WAITLISTED, waitlist_position=1)

    confirm = logged_in.get(CANCEL)
    response = logged_in.post(CANCEL)

    assert confirm.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == STATUS
    mine = Registration.objects.get(user__email="an.nguyen@example.vn")
    assert mine.status == Status.CANCELLED
    waiting.refresh_from_db()
    assert waiting.status == Status.APPROVED
    assert Registration.objects.filter(edition=edition, status=Status.APPROVED).count() == 1
    html = logged_in.get(STATUS).content.decode()
    assert "Đã hủy" in html
    assert 'href="/my-registration/edit/"' not in html


def test_cancelled_registration_cannot_be_edited(logged_in, edition):
    register(logged_in)
    logged_in.post(CANCEL)

    response = logged_in.get(EDIT)

    assert response.status_code == 302
    assert response["Location"] == STATUS


# --- My data -----------------------------------------------------------------------------------


def test_my_data_lists_the_consents(logged_in, edition):
    register(logged_in, consent_press_photos="on")

    response = logged_in.get(MY_DATA)

    html = response.content.decode()
    assert response.status_code == 200
    for label in (
        "Tổ chức sự kiện và check-in (bắt buộc)",
        "Chụp ảnh, quay phim đưa tin",
        "Chia sẻ với đơn vị an ninh, lễ tân",
        "Nhận bản tin",
    ):
        assert label in html
    consents = {c["purpose"]: c["record"].granted for c in response.context["consents"]}
    assert consents == {
        "administration": True,
        "press_photos": True,
        "security_sharing": False,
        "newsletter": False,
    }
    assert PersonalDataRequest.objects.filter(kind=PersonalDataRequest.Kind.VIEW).count() == 1


def test_download_contains_the_registration_and_consents_and_is_logged(logged_in, edition):
    register(logged_in)

    response = logged_in.get(DOWNLOAD)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="forum-my-data-')
    payload = json.loads(response.content)
    assert payload["account"]["email"] == "an.nguyen@example.vn"
    [registration] = payload["registrations"]
    assert registration["full_name"] == "Nguyễn Văn An"
    assert registration["phone"] == "+84912345678"
    assert registration["status"] == "approved"
    assert {c["purpose"] for c in registration["consents"]} == {
        "administration",
        "press_photos",
        "security_sharing",
        "newsletter",
    }
    log = PersonalDataRequest.objects.get(kind=PersonalDataRequest.Kind.DOWNLOAD)
    assert log.user.email == "an.nguyen@example.vn"
    assert log.registration == Registration.objects.get()


def test_withdrawing_the_newsletter_consent_records_a_new_refusal(logged_in, edition):
    register(logged_in, consent_newsletter="on")
    registration = Registration.objects.get()

    response = logged_in.post(consent_url("newsletter"), {"granted": "0"})

    assert response.status_code == 302
    assert response["Location"] == MY_DATA
    records = list(registration.consents.filter(purpose="newsletter").order_by("at", "id"))
    assert [r.granted for r in records] == [True, False]
    assert PersonalDataRequest.objects.filter(
        kind=PersonalDataRequest.Kind.WITHDRAW, detail="newsletter"
    ).exists()
    page = logged_in.get(MY_DATA)
    newsletter = next(c for c in page.context["consents"] if c["purpose"] == "newsletter")
    assert newsletter["record"].granted is False


def test_giving_a_consent_later_records_a_grant(logged_in, edition):
    register(logged_in)

    logged_in.post(consent_url("press_photos"), {"granted": "1"})

    latest = ConsentRecord.objects.filter(purpose="press_photos").order_by("-at", "-id").first()
    assert latest.granted is True


def test_the_required_consent_cannot_be_withdrawn_here(logged_in, edition):
    register(logged_in)

    response = logged_in.post(consent_url("administration"), {"granted": "0"}, follow=True)

    assert ConsentRecord.objects.filter(purpose="administration").count() == 1
    assert ConsentRecord.objects.get(purpose="administration").granted is True
    assert "bắt buộc để tham dự" in response.content.decode()


def test_unknown_consent_purpose_is_not_found(logged_in, edition):
    register(logged_in)

    assert logged_in.post(consent_url("marketing"), {"granted": "1"}).status_code == 404


def test_consent_change_needs_post(logged_in, edition):
    register(logged_in)

    assert logged_in.get(consent_url("newsletter")).status_code == 405


# --- Account deletion --------------------------------------------------------------------------


def test_account_delete_requires_typing_delete(logged_in, edition, delegate):
    register(logged_in)

    response = logged_in.post(DELETE, {"confirm": "delete"})

    assert response.status_code == 200
    assert "Hãy gõ DELETE để xác nhận xóa tài khoản." in response.content.decode()
    assert User.objects.filter(pk=delegate.pk).exists()
    assert Registration.objects.get().anonymised_at is None


def test_account_delete_anonymises_the_registration_and_removes_the_user(
    logged_in, edition, delegate
):
    register(logged_in)
    RegistrationFactory(edition=edition, status=Status.APPROVED)
    before = {(r["delegate_type"], r["province"]) for r in Registration.objects.values()}
    total = Registration.objects.count()
    registration = Registration.objects.get(user=delegate)

    page = logged_in.get(DELETE)
    response = logged_in.post(DELETE, {"confirm": "DELETE"})

    assert page.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not User.objects.filter(pk=delegate.pk).exists()
    registration.refresh_from_db()
    assert registration.full_name == "Đại biểu đã xóa dữ liệu"
    assert "Nguyễn" not in registration.full_name
    assert registration.email == f"deleted-{registration.pk}@invalid"
    assert registration.user is None
    assert registration.anonymised_at is not None
    assert str(registration.phone or "") == ""
    assert registration.organisation == ""
    assert registration.status == Status.CANCELLED
    # What aggregate counts need survives.
    assert Registration.objects.count() == total
    assert {(r["delegate_type"], r["province"]) for r in Registration.objects.values()} == before
    assert Registration.objects.filter(status=Status.CANCELLED).count() == 1
    assert Registration.objects.filter(status=Status.APPROVED).count() == 1
    assert ConsentRecord.objects.filter(registration=registration).count() == 4
    assert (
        not ConsentRecord.objects.filter(registration=registration)
        .exclude(ip_address=None)
        .exists()
    )
    # Logged out.
    assert logged_in.get(STATUS).status_code == 302


# --- English ----------------------------------------------------------------------------------


def test_english_register_page_renders(logged_in, edition):
    response = logged_in.get("/en/register/")

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert 'name="full_name"' in response.content.decode()


def test_english_status_page_renders(logged_in, edition):
    register(logged_in)

    response = logged_in.get("/en/my-registration/")

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


# --- Content-Security-Policy friendliness --------------------------------------------------------


@pytest.mark.parametrize("url", [REGISTER, STATUS, EDIT, CANCEL, MY_DATA, DELETE, "/"])
def test_delegate_pages_have_no_inline_styles_or_scripts(logged_in, edition, url):
    if url != REGISTER:
        register(logged_in)

    html = logged_in.get(url).content.decode()

    assert " style=" not in html
    assert "<style" not in html
    for tag in html.split("<script")[1:]:
        assert " src=" in tag.split(">")[0]


def test_approved_status_page_shows_the_qr_short_code_and_badge_link(logged_in, edition):
    from registration.badge_codes import short_code_display
    from registration.models import BadgeCode

    register(logged_in)
    code = BadgeCode.objects.get(status="active")

    html = logged_in.get("/my-registration/").content.decode()

    assert "<svg" in html
    assert short_code_display(code.short_code) in html
    assert 'href="/my-registration/badge.pdf"' in html


def test_pending_status_page_has_no_qr(logged_in, edition):
    edition.registration_mode = Edition.RegistrationMode.MODERATED
    edition.save()
    register(logged_in)

    html = logged_in.get("/my-registration/").content.decode()

    assert "<svg" not in html
    assert "badge.pdf" not in html
