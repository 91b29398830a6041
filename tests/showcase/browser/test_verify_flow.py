"""The showcase on the day: a delegate checked in at the door scans a station's poster with a
phone, verifies the demo, and the big screen shows it within 5 seconds; a delegate not checked in
is told why they cannot verify yet."""

import time

import pytest
from playwright.sync_api import expect

from showcase.services.posters import poster_pdf
from tests.browser.support import log_in, phone_context
from tests.showcase.conftest import delegate, make_demo, make_enterprise, make_problem

pytestmark = pytest.mark.browser


@pytest.fixture
def showcase_day(transactional_db, settings, live_server):
    """A forum whose public address is the live server, a demo at station 5, a delegate who
    came through the door and one who has not yet."""
    from tests.factories import EditionFactory

    settings.SITE_URL = live_server.url
    edition = EditionFactory(slug="2025")
    problem = make_problem(edition)
    demo = make_demo(edition, problem, make_enterprise(), station=5)
    arrived, _ = delegate(edition, "binh.le@example.vn", checked_in=True)
    outside, _ = delegate(edition, "cuong.tran@example.vn", full_name="Trần Văn Cường")
    return {"demo": demo, "arrived": arrived, "outside": outside}


def scan_poster(demo) -> str:
    """What a phone's camera reads on the station's printed poster."""
    import pypdfium2
    import zxingcpp

    page = pypdfium2.PdfDocument(poster_pdf(demo=demo))[0]
    [code] = zxingcpp.read_barcodes(page.render(scale=150 / 72).to_pil())
    return code.text


def test_checked_in_delegate_verifies_from_the_poster_and_the_big_screen_shows_it_within_5_s(
    browser, live_server, showcase_day, tmp_path
):
    demo = showcase_day["demo"]
    url = scan_poster(demo)
    assert url == f"{live_server.url}/showcase/demos/{demo.pk}/"
    errors = []

    wall = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    screen = wall.new_page()
    screen.on("pageerror", lambda error: errors.append(str(error)))
    screen.goto(f"{live_server.url}/showcase/board/")
    count = screen.locator(f'[data-demo="{demo.pk}"] [data-testid="count"]')
    expect(count).to_have_text("0")

    context = phone_context(browser, live_server)
    log_in(context, showcase_day["arrived"], live_server)
    phone = context.new_page()
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.goto(url)
    for claim in demo.claims.all():
        phone.get_by_role("group", name=claim.text).get_by_label("Đúng", exact=True).check()
    phone.get_by_label("5 — Rất tốt").check()
    phone.get_by_label("Nhận xét (không bắt buộc)").fill("Drone giao hàng đúng giờ.")
    phone.screenshot(path=tmp_path / "phone-form.png", full_page=True)
    phone.get_by_role("button", name="Gửi kiểm chứng").click()
    expect(phone.get_by_text("Cảm ơn bạn đã kiểm chứng sản phẩm.")).to_be_visible()
    sent = time.monotonic()

    expect(count).to_have_text("1", timeout=5000)
    shown_after = time.monotonic() - sent
    screen.screenshot(path=tmp_path / "board.png")
    expect(screen.get_by_test_id("verifications")).to_have_text("1")
    expect(phone.get_by_test_id("demo-verifications")).to_have_text("1", timeout=5000)
    context.close()
    wall.close()

    assert shown_after < 5
    assert errors == []


def test_delegate_not_checked_in_is_told_why_and_what_to_do(browser, live_server, showcase_day):
    demo = showcase_day["demo"]
    context = phone_context(browser, live_server)
    log_in(context, showcase_day["outside"], live_server)
    phone = context.new_page()

    phone.goto(scan_poster(demo))

    verify = phone.locator("#verify")
    expect(verify).to_contain_text("Bạn chưa kiểm chứng được.")
    expect(verify).to_contain_text("Bạn chưa check-in tại cửa.")
    expect(verify.get_by_role("link", name="Xem đăng ký và mã QR của tôi")).to_be_visible()
    expect(phone.locator("input[type=radio]")).to_have_count(0)
    context.close()
