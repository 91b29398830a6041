"""My data over HTTP: the consents in force, the download, withdrawing, deleting the account."""

import json

from registration.models import ConsentRecord, PersonalDataRequest, Registration, User
from tests.factories import RegistrationFactory
from tests.registration.delegate_helpers import (
    DELETE,
    DOWNLOAD,
    MY_DATA,
    STATUS,
    consent_url,
    register,
)

Status = Registration.Status


# --- My data -----------------------------------------------------------------------------------


def test_my_data_lists_the_consents(logged_in, two_seat_edition):
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


def test_download_contains_the_registration_and_consents_and_is_logged(logged_in, two_seat_edition):
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


def test_withdrawing_the_newsletter_consent_records_a_new_refusal(logged_in, two_seat_edition):
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


def test_giving_a_consent_later_records_a_grant(logged_in, two_seat_edition):
    register(logged_in)

    logged_in.post(consent_url("press_photos"), {"granted": "1"})

    latest = ConsentRecord.objects.filter(purpose="press_photos").order_by("-at", "-id").first()
    assert latest.granted is True


def test_the_required_consent_cannot_be_withdrawn_here(logged_in, two_seat_edition):
    register(logged_in)

    response = logged_in.post(consent_url("administration"), {"granted": "0"}, follow=True)

    assert ConsentRecord.objects.filter(purpose="administration").count() == 1
    assert ConsentRecord.objects.get(purpose="administration").granted is True
    assert "bắt buộc để tham dự" in response.content.decode()


def test_unknown_consent_purpose_is_not_found(logged_in, two_seat_edition):
    register(logged_in)

    assert logged_in.post(consent_url("marketing"), {"granted": "1"}).status_code == 404


def test_consent_change_needs_post(logged_in, two_seat_edition):
    register(logged_in)

    assert logged_in.get(consent_url("newsletter")).status_code == 405


# --- Account deletion --------------------------------------------------------------------------


def test_account_delete_requires_typing_delete(logged_in, two_seat_edition, delegate):
    register(logged_in)

    response = logged_in.post(DELETE, {"confirm": "delete"})

    assert response.status_code == 200
    assert "Hãy gõ DELETE để xác nhận xóa tài khoản." in response.content.decode()
    assert User.objects.filter(pk=delegate.pk).exists()
    assert Registration.objects.get().anonymised_at is None


def test_account_delete_anonymises_the_registration_and_removes_the_user(
    logged_in, two_seat_edition, delegate
):
    register(logged_in)
    RegistrationFactory(edition=two_seat_edition, status=Status.APPROVED)
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
