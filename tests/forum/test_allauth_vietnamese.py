"""django-allauth ships no Vietnamese catalog; ours (locale/allauth/vi) makes every account page and
account email Vietnamese by default, while /en/ stays English."""

import gettext
import re
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from mail.models import OutgoingEmail

CATALOG_PO = Path(settings.BASE_DIR) / "locale" / "allauth" / "vi" / "LC_MESSAGES" / "django.po"
CATALOG_MO = CATALOG_PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
PASSWORD = "Hanoi-2025-forum!"


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_login_page_is_vietnamese_by_default(client):
    html = page(client, "/accounts/login/")

    assert "Đăng nhập" in html
    assert "Nếu bạn chưa có tài khoản, vui lòng" in html
    assert "Mật khẩu" in html
    assert "Quên mật khẩu?" in html
    assert "Ghi nhớ đăng nhập" in html
    assert "Gửi cho tôi mã đăng nhập" in html
    for english in (
        "Sign In",
        "Forgot your password?",
        "Remember Me",
        "Send me a sign-in code",
        "If you have not created an account yet",
    ):
        assert english not in html


@pytest.mark.django_db
def test_signup_page_is_vietnamese_by_default(client):
    html = page(client, "/accounts/signup/")

    assert "Đăng ký" in html
    assert "Bạn đã có tài khoản? Vui lòng" in html
    assert "Mật khẩu (nhập lại)" in html
    for english in ("Sign Up", "Already have an account?", "Password (again)", "Sign In"):
        assert english not in html


@pytest.mark.django_db
def test_password_reset_page_is_vietnamese_by_default(client):
    html = page(client, "/accounts/password/reset/")

    assert "Đặt lại mật khẩu" in html
    assert "Bạn quên mật khẩu? Hãy nhập địa chỉ email của bạn bên dưới" in html
    assert "Vui lòng liên hệ với chúng tôi nếu bạn gặp khó khăn khi đặt lại mật khẩu." in html
    for english in (
        "Password Reset",
        "Forgotten your password?",
        "Reset My Password",
        "Forgot your password?",
    ):
        assert english not in html


@pytest.mark.django_db
def test_login_by_code_page_is_vietnamese_by_default(client):
    html = page(client, "/accounts/login/code/")

    assert "Gửi cho tôi mã đăng nhập" in html
    assert "Bạn sẽ nhận được một mã đặc biệt để đăng nhập mà không cần mật khẩu." in html
    assert "Gửi mã" in html
    assert "Cách đăng nhập khác" in html
    for english in ("Send me a sign-in code", "Request Code", "Other sign-in options", "Sign In"):
        assert english not in html


@pytest.mark.django_db
def test_login_page_stays_english_under_en_prefix(client):
    html = page(client, "/en/accounts/login/")

    assert "Sign In" in html
    assert "Forgot your password?" in html
    assert "Send me a sign-in code" in html
    assert "Quên mật khẩu?" not in html
    assert "Gửi cho tôi mã đăng nhập" not in html


@pytest.mark.django_db
def test_signup_confirmation_email_is_vietnamese(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {"email": "tran.binh@example.vn", "password1": PASSWORD, "password2": PASSWORD},
        )

    assert response.status_code == 302
    row = OutgoingEmail.objects.get(recipient="tran.binh@example.vn")
    assert "Vui lòng xác nhận địa chỉ email của bạn" in row.subject
    assert "Please Confirm Your Email Address" not in row.subject
    assert "Mã xác minh email của bạn ở bên dưới." in row.body_text
    assert "Your email verification code" not in row.body_text

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["tran.binh@example.vn"]
    assert "Vui lòng xác nhận địa chỉ email của bạn" in sent.subject
    assert "Mã xác minh email của bạn ở bên dưới." in sent.body
    assert "Cảm ơn bạn đã sử dụng" in sent.body


@pytest.mark.django_db
def test_signup_confirmation_email_is_english_under_en_prefix(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/accounts/signup/",
            {"email": "jane@example.com", "password1": PASSWORD, "password2": PASSWORD},
        )

    row = OutgoingEmail.objects.get(recipient="jane@example.com")
    assert "Please Confirm Your Email Address" in row.subject
    assert mail.outbox[0].subject == row.subject


def test_compiled_catalog_has_no_empty_translation():
    assert CATALOG_MO.exists(), "run `manage.py compilemessages` first"
    with CATALOG_MO.open("rb") as fp:
        catalog = gettext.GNUTranslations(fp)

    assert catalog.info()["language"] == "vi"
    assert catalog.info()["plural-forms"] == "nplurals=1; plural=0;"
    messages = {key: value for key, value in catalog._catalog.items() if key != ""}
    assert len(messages) >= 380
    for key, msgstr in messages.items():
        msgid = key[0] if isinstance(key, tuple) else key
        msgid = msgid.split("\x04", 1)[-1]  # drop the message context
        assert msgstr.strip(), f"empty translation for {msgid!r}"
        assert unicodedata.is_normalized("NFC", msgstr), msgid
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(msgstr)), msgid
    assert catalog.gettext("Sign In") == "Đăng nhập"
    assert catalog.gettext("Sign Up") == "Đăng ký"
    assert catalog.gettext("Sign Out") == "Đăng xuất"
    assert catalog.gettext("Password") == "Mật khẩu"
    assert catalog.gettext("Email address") == "Địa chỉ email"
    assert catalog.gettext("Two-Factor Authentication") == "Xác thực hai lớp"
    assert catalog.gettext("Authenticator App") == "Ứng dụng xác thực"
    assert catalog.gettext("Recovery Codes") == "Mã khôi phục"
    assert catalog.pgettext("field label", "Login") == "Tên đăng nhập"
    assert (
        catalog.ngettext(
            "You have added %(count)s security key.", "You have added %(count)s security keys.", 3
        )
        == "Bạn đã thêm %(count)s khóa bảo mật."
    )


def test_compiled_catalog_matches_the_source():
    """Every message of the .po file is in the compiled catalog (the .mo is not stale)."""
    assert CATALOG_MO.exists(), "run `manage.py compilemessages` first"
    with CATALOG_MO.open("rb") as fp:
        catalog = gettext.GNUTranslations(fp)
    source = CATALOG_PO.read_text(encoding="utf-8")

    entries = len(re.findall(r"^msgid ", source, re.M)) - 1  # minus the header
    assert len([key for key in catalog._catalog if key != ""]) == entries
    assert '"Language: vi\\n"' in source
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in source
