"""Error pages speak the visitor's language and lead back home; Django's own strings that its
Vietnamese catalog lacks are translated by ours (locale/django/vi)."""

import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from checkin.services import devices
from registration import roles
from registration.services.accounts import totp_ensure
from tests.factories import EditionFactory, UserFactory, user_with_roles


@pytest.mark.django_db
def test_missing_page_is_404_in_vietnamese(client):
    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="vi">' in page
    assert '<h1 id="error-title">Không tìm thấy trang</h1>' in page
    assert 'href="/">Về trang chủ</a>' in page


@pytest.mark.django_db
def test_missing_page_under_en_is_404_in_english(client):
    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert '<h1 id="error-title">Page not found</h1>' in page
    assert 'href="/en/">Back to the home page</a>' in page


@pytest.mark.django_db
def test_forbidden_page_says_so_in_the_visitors_language(client):
    client.force_login(UserFactory(email="dai.bieu@example.vn"))

    vietnamese = client.get("/organiser/checkin/devices/")
    english = client.get("/en/organiser/checkin/devices/")

    assert vietnamese.status_code == english.status_code == 403
    assert "Không có quyền truy cập" in vietnamese.content.decode()
    assert "Access denied" in english.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "heading"),
    [("", "Phiên làm việc đã hết hạn"), ("/en", "Your session has expired")],
)
def test_form_sent_without_a_valid_csrf_token_explains_how_to_send_it_again(prefix, heading):
    client = Client(enforce_csrf_checks=True)
    client.get(f"{prefix}/accounts/login/")  # the form's CSRF cookie

    response = client.post(
        f"{prefix}/accounts/login/", {"login": "a@example.vn", "csrfmiddlewaretoken": "stale"}
    )

    assert response.status_code == 403
    page = response.content.decode()
    assert heading in page
    assert "CSRF verification failed" not in page


@pytest.mark.urls("tests.forum.error_urls")
def test_server_error_page_needs_no_database_nor_request_context(client):
    client.raise_request_exception = False

    # No django_db mark: any database access while rendering it fails the test.
    response = client.get("/boom-for-test/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "Hệ thống đang gặp sự cố" in page
    assert "Something went wrong on our side" in page
    assert '<link rel="stylesheet" href="/static/css/forum.css">' in page


def test_server_error_page_survives_a_missing_static_manifest(monkeypatch):
    from django.contrib.staticfiles.storage import staticfiles_storage

    from forum.views import server_error

    def no_manifest(name, *args, **kwargs):
        raise ValueError(f"Missing staticfiles manifest entry for '{name}'")

    monkeypatch.setattr(staticfiles_storage, "url", no_manifest)

    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    page = response.content.decode()
    assert "Hệ thống đang gặp sự cố" in page
    assert "stylesheet" not in page


@pytest.mark.django_db
def test_blank_choice_and_choice_errors_are_vietnamese(client):
    edition = EditionFactory(slug="2025")
    devices.gate_create(edition=edition, code="a", name="Cổng A")
    organiser = user_with_roles(roles.ORGANISER, email="btc@forum.test", is_staff=True)
    totp_ensure(user=organiser)
    client.force_login(organiser)

    form = client.get("/organiser/checkin/devices/").content.decode()
    refused = client.post(
        "/organiser/checkin/devices/", {"gate": "999999", "name": "Máy 1", "language": "vi"}
    ).content.decode()
    english = client.get("/en/organiser/checkin/devices/").content.decode()

    assert '<option value="" selected>- Chọn -</option>' in form
    assert "Hãy chọn một giá trị hợp lệ. Lựa chọn này không có trong danh sách." in refused
    assert '<option value="" selected>- Select an option -</option>' in english


def test_django_strings_missing_from_its_vietnamese_catalog_are_ours():
    from django.core.paginator import Paginator
    from django.core.validators import ProhibitNullCharactersValidator

    with translation.override("vi"):
        assert str(ProhibitNullCharactersValidator().message) == (
            "Không được có ký tự NUL (ký tự rỗng)."
        )
        assert str(Paginator([], 10).error_messages["invalid_page"]) == (
            "Số trang không phải là một số nguyên"
        )
        # Django's own Vietnamese is still used for what it has.
        assert translation.gettext("This field is required.") == "Trường này là bắt buộc."
