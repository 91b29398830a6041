"""A delegate on a phone: sign up by email, enter the emailed code, register, see the result."""

import re

import pytest
from django.core import mail

from forum.models import Edition
from forum.services import edition_seed_2025
from mail.models import OutgoingEmail
from registration.models import Registration

pytestmark = pytest.mark.browser

CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.M)


@pytest.fixture
def open_edition(transactional_db):
    edition = edition_seed_2025()
    edition.registration_mode = Edition.RegistrationMode.OPEN
    edition.save()
    return edition


def press(page, name: str) -> None:
    # By its visible name: the header holds other forms (language, log out) and the code page
    # has a "Hủy" (cancel) button beside "Xác nhận".
    page.locator("main").get_by_role("button", name=name, exact=True).click()


def test_delegate_signs_up_and_registers_on_a_phone(phone_page, open_edition, tmp_path):
    page = phone_page
    shots = iter(range(1, 100))

    def shot(name: str) -> None:
        page.screenshot(path=tmp_path / f"{next(shots):02d}-{name}.png", full_page=True)

    page.goto("/")
    shot("home")
    page.locator("main").get_by_role("link", name="Đăng ký tham dự").click()
    page.wait_for_url(re.compile(r"/accounts/signup/"))

    page.fill("input[name=email]", "Anh.Dang@Example.vn")
    page.fill("input[name=password1]", "Hanoi-2025-forum!")
    page.fill("input[name=password2]", "Hanoi-2025-forum!")
    shot("signup")
    press(page, "Đăng ký")
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    shot("code")

    row = OutgoingEmail.objects.get(recipient="anh.dang@example.vn")
    assert row.status == OutgoingEmail.Status.SENT
    assert [m.to for m in mail.outbox] == [["anh.dang@example.vn"]]
    code = CODE.search(row.body_text).group(1)
    page.fill("input[name=code]", code)
    press(page, "Xác nhận")

    page.wait_for_url(re.compile(r"/register/$"))
    assert page.locator("nav").get_by_text("anh.dang@example.vn").is_visible()
    page.select_option("select[name=honorific]", "Bà")
    page.fill("input[name=full_name]", "Đặng Thị Ánh")
    page.fill("input[name=position]", "Giám đốc sản phẩm")
    page.fill("input[name=organisation]", "Công ty Cổ phần Công nghệ Sao Bắc Đẩu")
    page.select_option("select[name=delegate_type]", "enterprise")
    page.select_option("select[name=province]", "Thành phố Hà Nội")
    page.fill("input[name=phone]", "0912 345 678")
    page.check("input[name=consent_administration]")
    shot("form")
    press(page, "Gửi đăng ký")

    page.wait_for_url(re.compile(r"/my-registration/$"))
    shot("status")
    assert page.locator(".status-label strong").inner_text() == "Đã duyệt"
    assert page.get_by_text("0912 345 678").is_visible()
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.APPROVED
    assert registration.full_name == "Đặng Thị Ánh"
    assert registration.given_name == "Ánh"
    assert registration.honorific == "Bà"
    assert registration.email == "anh.dang@example.vn"
    assert str(registration.phone) == "+84912345678"
    assert registration.consents.get(purpose="administration").granted is True
    assert registration.consents.get(purpose="newsletter").granted is False
    # The page fits the phone: nothing wider than the viewport.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
