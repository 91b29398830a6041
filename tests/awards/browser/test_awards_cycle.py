"""The whole awards cycle in a browser: an enterprise submits on a phone → the secretariat
screens → automatic assignment → two judges score, a third (from the nominee's company) is
never shown the entry → ranking → shortlist → the jury's final → the decision → publication →
the public result and its certificate. Each page along the way passes axe's WCAG 2.1 A/AA."""

import re

import pytest

from awards.models import Assignment, Nomination, RoundEntry, ScoreSheet
from mail.models import OutgoingEmail
from tests.awards.helpers import (
    TAX_CODES,
    award_setup,
    enterprise_make,
    judge_make,
    panel_of,
    pdf_bytes,
)
from tests.browser.accessibility import assert_accessible
from tests.browser.support import log_in, phone_context

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def cycle(transactional_db, settings, tmp_path):
    from forum.services import edition_seed_2025
    from registration import roles
    from registration.services.accounts import totp_ensure
    from tests.factories import user_with_roles

    settings.MEDIA_ROOT = tmp_path / "private"
    setup = award_setup(edition_seed_2025(), judges_per_entry=2)
    panel = panel_of(setup.scoring, setup.industry)
    jury = panel_of(setup.final, None)
    people = {
        "enterprise": enterprise_make("huy@saobacdau.vn", full_name="Phạm Quang Huy"),
        "an": judge_make(setup, "an@vnu.edu.vn", panels=[panel, jury], name="Nguyễn Văn An"),
        "binh": judge_make(setup, "binh@ptit.edu.vn", panels=[panel], name="Trần Thị Bình"),
        # From the nominee's company (same tax code): excluded automatically.
        "cuong": judge_make(
            setup, "cuong@saobacdau.vn", panels=[panel], name="Lê Văn Cường", tax_code=TAX_CODES[0]
        ),
    }
    organiser = user_with_roles(roles.ORGANISER, email="btc@forum.test", is_staff=True)
    totp_ensure(user=organiser)
    people["organiser"] = organiser
    setup.final.judges_per_entry = 1
    setup.final.save()
    return setup, people


def open_page(browser, live_server, user, *, phone=True):
    if phone:
        context = phone_context(browser, live_server)
    else:
        context = browser.new_context(viewport=DESKTOP, locale="vi-VN", base_url=live_server.url)
    log_in(context, getattr(user, "user", user), live_server)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def press(page, name: str) -> None:
    page.locator("main").get_by_role("button", name=name, exact=True).click()


def messages(page) -> str:
    return page.locator(".messages").inner_text()


def check(page) -> None:
    """axe on the page, with its messages if it shows any."""
    assert_accessible(page)


def test_the_whole_awards_cycle_in_a_browser(browser, live_server, cycle, tmp_path):
    setup, people = cycle
    novelty, market, abroad = setup.criteria

    # An enterprise submits on a phone.
    page = open_page(browser, live_server, people["enterprise"])
    page.goto("/awards/nominations/")
    check(page)
    page.get_by_role("link", name="Tạo hồ sơ đề cử").click()
    page.fill("input[name=company_name]", "Công ty Cổ phần Công nghệ Sao Bắc Đẩu")
    page.fill("input[name=tax_code]", "0100109106")
    page.select_option("select[name=company_size]", "medium")
    page.fill("input[name=contact_name]", "Phạm Quang Huy")
    page.fill("input[name=contact_phone]", "0912 345 678")
    page.fill("input[name=contact_email]", "huy@saobacdau.vn")
    page.fill("input[name=product_name]", "Nền tảng nhà máy thông minh")
    page.select_option("select[name=category]", label="Công nghiệp và Xây dựng")
    for field, text in {
        "description": "Quản lý sản xuất theo thời gian thực.",
        "technology": "IoT và học máy.",
        "users_customers": "120 nhà máy.",
        "market": "Việt Nam, Lào.",
        "evidence": "Hợp đồng với 120 nhà máy.",
    }.items():
        page.fill(f"textarea[name={field}]", text)
    check(page)
    press(page, "Lưu bản nháp")
    page.wait_for_url(re.compile(r"/awards/nominations/\d+/$"))
    pdf = tmp_path / "ho-so.pdf"
    pdf.write_bytes(pdf_bytes(2))
    page.set_input_files("input[name=files]", str(pdf))
    press(page, "Tải lên")
    page.wait_for_load_state()
    assert "Đã đính kèm “ho-so.pdf”." in messages(page)
    press(page, "Lưu và nộp hồ sơ")
    page.wait_for_load_state()
    assert "Đã nộp hồ sơ." in messages(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    check(page)
    nomination = Nomination.objects.get()
    assert nomination.status == "submitted"
    assert OutgoingEmail.objects.filter(
        kind="award_submitted", recipient="huy@saobacdau.vn"
    ).exists()

    # The secretariat screens it, on a desktop.
    desk = open_page(browser, live_server, people["organiser"], phone=False)
    desk.goto("/organiser/awards/nominations/?eligibility=pending")
    check(desk)
    desk.get_by_role("link", name="Nền tảng nhà máy thông minh").click()
    desk.get_by_label("Hợp lệ", exact=True).check()
    press(desk, "Lưu và báo doanh nghiệp")
    desk.wait_for_load_state()
    assert "Đã lưu kết quả sàng lọc" in messages(desk)
    check(desk)

    # Automatic assignment: the insider is left out.
    desk.goto("/organiser/awards/")
    desk.get_by_role("link", name="Phân công").first.click()
    press(desk, "Phân công tự động")
    desk.wait_for_load_state()
    assert "Đã phân công thêm 2 lượt chấm." in messages(desk)
    check(desk)
    assigned = set(Assignment.objects.values_list("judge__full_name", flat=True))
    assert assigned == {"Nguyễn Văn An", "Trần Thị Bình"}

    # Two judges score on their phones.
    entry = RoundEntry.objects.get(round=setup.scoring)
    for judge, (first, second) in ((people["an"], ("8,5", "16")), (people["binh"], ("6", "12"))):
        phone = open_page(browser, live_server, judge)
        phone.goto("/awards/judging/")
        phone.get_by_role("link", name="Nền tảng nhà máy thông minh").click()
        phone.fill(f"input[name=score_{novelty.pk}]", first)
        phone.fill(f"input[name=score_{market.pk}]", second)
        phone.fill(f"input[name=score_{abroad.pk}]", "7")
        check(phone)
        press(phone, "Nộp phiếu")
        phone.wait_for_load_state()
        assert "Đã nộp phiếu chấm." in messages(phone)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        phone.context.close()
    assert ScoreSheet.objects.filter(status="submitted").count() == 2

    # The conflicted judge never sees it.
    insider = open_page(browser, live_server, people["cuong"])
    insider.goto("/awards/judging/")
    assert "Nền tảng nhà máy thông minh" not in insider.content()
    assert insider.goto(f"/awards/judging/{entry.pk}/").status == 404
    insider.context.close()

    # Ranking and shortlist.
    desk.goto(f"/organiser/awards/rounds/{setup.scoring.pk}/ranking/")
    row = desk.locator("tbody tr").first
    # (2·0.85 + 1·0.8)/3 = 83.33 and (2·0.6 + 0.6)/3 = 60: mean 71.67.
    assert "71,67" in row.inner_text()
    check(desk)
    desk.fill(f"input[name=size][id=size-{setup.industry.pk}]", "1")
    press(desk, "Chọn vào vòng sau")
    desk.wait_for_load_state()
    assert "Đã đưa 1 hồ sơ vào vòng sau" in messages(desk)
    final_entry = RoundEntry.objects.get(round=setup.final)
    desk.goto(f"/organiser/awards/rounds/{setup.final.pk}/")
    press(desk, "Phân công tự động")
    desk.wait_for_load_state()

    # The jury's final.
    jury = open_page(browser, live_server, people["an"])
    jury.goto(f"/awards/judging/{final_entry.pk}/")
    jury.fill(f"input[name=score_{setup.final_criteria[0].pk}]", "9")
    press(jury, "Nộp phiếu")
    jury.wait_for_load_state()
    assert "Đã nộp phiếu chấm." in messages(jury)
    jury.context.close()

    # The decision, publication, the public page and the certificate.
    desk.goto(f"/organiser/awards/rounds/{setup.final.pk}/ranking/")
    desk.select_option(f"select[name=tier_{nomination.pk}]", "gold")
    press(desk, "Lưu quyết định")
    desk.wait_for_load_state()
    desk.goto("/organiser/awards/results/")
    check(desk)
    press(desk, "Công bố kết quả")
    desk.wait_for_load_state()
    assert "Đã công bố kết quả" in messages(desk)
    desk.context.close()

    page.goto("/awards/results/")
    check(page)
    page.get_by_role("link", name="Nền tảng nhà máy thông minh").click()
    page.wait_for_url(re.compile(rf"/awards/results/{nomination.pk}/$"))
    assert "Giải Vàng" in page.locator("main").inner_text()
    check(page)
    certificate = page.request.get(
        page.get_by_role("link", name="Giấy chứng nhận (PDF)").get_attribute("href")
    )
    assert certificate.status == 200
    assert certificate.headers["content-type"] == "application/pdf"
    assert certificate.body().startswith(b"%PDF-")
    page.context.close()
