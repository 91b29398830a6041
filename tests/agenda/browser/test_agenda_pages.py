"""The agenda as people click through it: a visitor on a phone, a delegate saving a session with
one tap (htmx, no reload), an organiser editing a session in place in the day grid."""

import re

import pytest
from playwright.sync_api import expect

from agenda.models import Session
from tests.browser.accessibility import assert_accessible
from tests.browser.support import log_in, phone_context

pytestmark = pytest.mark.browser


def test_visitor_reads_now_and_next_then_the_rooms_timeline(browser, live_server, afternoon):
    context = phone_context(browser, live_server)
    page = context.new_page()
    try:
        page.goto("/agenda/")
        expect(page.locator(".now-next")).to_contain_text("Phát biểu của Bộ trưởng")
        page.get_by_label("Theo phòng").check()
        page.get_by_role("button", name="Xem").click()
        expect(page.locator("table.timeline")).to_be_visible()
        expect(page.locator("table.timeline thead")).to_contain_text("Phòng chuyên đề 1")
        page.locator("table.timeline").get_by_role(
            "link", name="Chuyên đề: Trí tuệ nhân tạo cho các bài toán Việt Nam"
        ).click()
        expect(page.locator("h1")).to_have_text(
            "Chuyên đề: Trí tuệ nhân tạo cho các bài toán Việt Nam"
        )
        expect(page.get_by_text("Còn 2 / 2 chỗ")).to_be_visible()
        assert_accessible(page)
    finally:
        context.close()


def test_delegate_saves_a_session_with_one_tap(browser, live_server, afternoon):
    context = phone_context(browser, live_server)
    log_in(context, afternoon["delegate"], live_server)
    page = context.new_page()
    try:
        page.goto("/agenda/")
        item = page.locator("article.session-item", has_text="Khai mạc diễn đàn")
        expect(item.locator("button.save-button")).to_have_attribute("aria-pressed", "false")
        url = page.url
        item.locator("button.save-button").click()
        expect(item.locator("button.save-button")).to_have_attribute("aria-pressed", "true")
        expect(item.locator("button.save-button")).to_contain_text("Đã lưu")
        assert page.url == url
        page.goto("/agenda/my/")
        expect(page.locator("main")).to_contain_text("Khai mạc diễn đàn")
        assert_accessible(page)
    finally:
        context.close()


def test_organiser_edits_a_session_in_place(browser, live_server, afternoon):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="vi-VN", base_url=live_server.url
    )
    log_in(context, afternoon["organiser"], live_server)
    page = context.new_page()
    try:
        page.goto("/organiser/agenda/")
        card = page.locator(f"#session-{afternoon['keynote'].pk}")
        card.get_by_role("link", name=re.compile("Sửa")).click()
        editor = page.locator(f"#session-{afternoon['keynote'].pk} form")
        expect(editor).to_be_visible()
        assert page.url.endswith("/organiser/agenda/")
        editor.get_by_label("Tiêu đề (tiếng Việt)").fill("Phát biểu của Bộ trưởng (cập nhật)")
        editor.get_by_role("button", name="Lưu vào bản nháp").click()
        expect(page.locator(f"#session-{afternoon['keynote'].pk} .card-title")).to_have_text(
            "Phát biểu của Bộ trưởng (cập nhật)"
        )
        assert (
            Session.objects.get(pk=afternoon["keynote"].pk).title
            == "Phát biểu của Bộ trưởng (cập nhật)"
        )
        assert_accessible(page)
    finally:
        context.close()
