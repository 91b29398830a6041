"""The forum end to end, as its people click through it, on real parts: Chromium, the live server,
the database, a real SMTP server, the badge PDF and its QR code read by a camera.

A delegate signs up on a phone and registers (in Vietnamese); an organiser, logged in with the
second factor, approves; the approval email brings the badge PDF, whose QR code the door's
scanner reads through its camera (green); the organiser's live dashboard counts the arrival; the
delegate saves a session in the agenda and verifies a demo at the showcase; a judge scores a
nomination, the organiser decides and publishes, and the public results show the winner.

Each step's screenshot is kept in artifacts/journey/NN-step.png.
"""

import re

import pytest
from playwright.sync_api import expect

from forum.services import edition_seed_2025
from registration import roles
from tests.browser.journey_helpers import (
    DESKTOP,
    Screenshots,
    attachments_of,
    camera_phone,
    colour,
    mail_to,
    pdf_page_image,
    png_image,
    qr_codes_in,
    qr_crop,
    rgb,
    staff_log_in,
    text_of,
)
from tests.browser.support import phone_context
from tests.checkin.browser.scanner_helpers import pair

pytestmark = pytest.mark.browser

DELEGATE = "anh.dang@example.vn"
ORGANISER = "btc@forum.test"
JUDGE = "an.nguyen@vnu.edu.vn"
PASSWORD = "Hanoi-2025-forum!"
CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.M)
SHORT_CODE = re.compile(r"Mã check-in \(nếu không quét được QR\): ([A-Z0-9]{4}-[A-Z0-9]{4})")
# The site's and the scanner's colours (static/css/forum.css, checkin/static/.../scanner.css).
OK_GREEN, WARN_AMBER, DOOR_GREEN = rgb("#11663a"), rgb("#8a5300"), rgb("#0a6b35")
PRODUCT = "Nền tảng nhà máy thông minh"


@pytest.fixture
def forum(transactional_db, settings, live_server, smtp_sink, tmp_path, monkeypatch):
    """The 2025 forum the day before, as its organisers prepared it: moderated registration,
    a gate with a phone waiting to be paired, a published agenda, a demo placed at a showcase
    station, and the awards with one eligible nomination assigned to a judge. Staff accounts
    have a password and an authenticator app; nobody is logged in. Every email goes to the
    SMTP server (`smtp_sink`)."""
    from django.contrib.auth.models import Group

    from awards.services.assignment import assignments_auto
    from checkin.selectors import offline_list
    from checkin.services import devices
    from registration.services.accounts import account_ensure, totp_ensure
    from tests.agenda import helpers as agenda
    from tests.awards.helpers import award_setup, judge_make, nomination_make, panel_of
    from tests.showcase.conftest import make_demo, make_enterprise, make_problem

    settings.SITE_URL = live_server.url
    settings.MEDIA_ROOT = tmp_path / "private"
    # The scanner lists what was written just before; the journey waits on what pages show.
    monkeypatch.setattr(offline_list, "SETTLE_SECONDS", 0)

    edition = edition_seed_2025()
    assert edition.registration_mode == "moderated"
    for role in (roles.ORGANISER, roles.JUDGE):
        Group.objects.get_or_create(name=role)
    organiser, _ = account_ensure(
        email=ORGANISER,
        password=PASSWORD,
        full_name="Ban tổ chức",
        roles=(roles.ORGANISER,),
        is_staff=True,
    )
    totp_ensure(user=organiser)
    account_ensure(email=JUDGE, password=PASSWORD, full_name="Nguyễn Văn An", roles=(roles.JUDGE,))

    gate = devices.gate_create(edition=edition, code="a", name="Cổng A")
    _device, pairing_code = devices.device_create(gate=gate, name="Máy cổng A")

    hall = agenda.room(edition, "Hội trường chính", 1500, 0, "Main hall")
    agenda.session(edition, "Khai mạc diễn đàn", "13:30", "13:45", kind="opening", room=hall)
    agenda.session(
        edition,
        "Chuyên đề: Trí tuệ nhân tạo cho các bài toán Việt Nam",
        "14:00",
        "15:00",
        kind="panel",
        room=hall,
    )
    agenda.publish(edition)

    demo = make_demo(edition, make_problem(edition), make_enterprise(), station=5)

    setup = award_setup(edition, judges_per_entry=1)
    judge_make(
        setup,
        JUDGE,
        panels=[panel_of(setup.scoring, setup.industry), panel_of(setup.final, None)],
        name="Nguyễn Văn An",
    )
    nomination = nomination_make(setup, eligible=True, product_name=PRODUCT)
    assert assignments_auto(round_id=setup.scoring.pk, actor=None)["created"] == 1
    return {
        "pairing_code": pairing_code,
        "demo": demo,
        "setup": setup,
        "nomination": nomination,
    }


def test_a_delegate_from_sign_up_to_the_door_the_agenda_the_showcase_and_the_awards(
    browser, live_server, forum, smtp_sink, tmp_path
):
    from checkin.models import Scan
    from registration.badge_codes import payload_of
    from registration.models import Registration
    from showcase.services.posters import poster_pdf

    shot = Screenshots()
    errors: list[str] = []

    # 1. A delegate signs up on a phone, enters the emailed code, registers with consent.
    phone = phone_context(browser, live_server).new_page()
    phone.set_default_timeout(15_000)
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.goto("/")
    phone.locator("main").get_by_role("link", name="Đăng ký tham dự").click()
    phone.wait_for_url(re.compile(r"/accounts/signup/"))
    expect(phone.locator("html")).to_have_attribute("lang", "vi")
    phone.fill("input[name=email]", DELEGATE)
    phone.fill("input[name=password1]", PASSWORD)
    phone.fill("input[name=password2]", PASSWORD)
    phone.locator("main").get_by_role("button", name="Đăng ký", exact=True).click()
    phone.wait_for_url(re.compile(r"/accounts/confirm-email/"))

    welcome = mail_to(smtp_sink, DELEGATE, "[Make in Viet Nam]")
    code = CODE.search(text_of(welcome)).group(1)
    phone.fill("input[name=code]", code)
    shot(phone, "email-code")
    phone.locator("main").get_by_role("button", name="Xác nhận", exact=True).click()

    phone.wait_for_url(re.compile(r"/register/$"))
    expect(phone.locator("h1")).to_have_text("Đăng ký tham dự")
    phone.select_option("select[name=honorific]", "Bà")
    phone.fill("input[name=full_name]", "Đặng Thị Ánh")
    phone.fill("input[name=position]", "Giám đốc sản phẩm")
    phone.fill("input[name=organisation]", "Công ty Cổ phần Công nghệ Sao Bắc Đẩu")
    phone.select_option("select[name=delegate_type]", "enterprise")
    phone.select_option("select[name=province]", "Thành phố Hà Nội")
    phone.fill("input[name=phone]", "0912 345 678")
    consent = phone.locator("input[name=consent_administration]")
    expect(consent).not_to_be_checked()  # consent is never given by default
    consent.check()
    shot(phone, "registration-form")
    phone.locator("main").get_by_role("button", name="Gửi đăng ký", exact=True).click()

    phone.wait_for_url(re.compile(r"/my-registration/$"))
    status = phone.locator(".status-label strong")
    expect(status).to_have_text("Chờ duyệt")
    assert colour(status) == WARN_AMBER
    expect(phone.locator("main")).to_contain_text("Ban tổ chức đang xem xét đăng ký của bạn.")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "registration-pending")
    registration = Registration.objects.get(email=DELEGATE)
    assert registration.status == Registration.Status.PENDING
    assert registration.consents.get(purpose="administration").granted is True
    received = mail_to(smtp_sink, DELEGATE, "Đã nhận đăng ký tham dự Make in Viet Nam 2025")
    assert "Đặng Thị Ánh" in text_of(received)

    # 2. The organiser logs in with password and authenticator code, and approves.
    desk_context = browser.new_context(viewport=DESKTOP, locale="vi-VN", base_url=live_server.url)
    desk = desk_context.new_page()
    desk.set_default_timeout(15_000)
    desk.on("pageerror", lambda error: errors.append(str(error)))
    staff_log_in(
        desk,
        ORGANISER,
        PASSWORD,
        "/organiser/delegates/?status=pending",
        shot=shot,
        step="organiser-two-factor",
    )
    row = desk.locator("tbody tr", has_text="Đặng Thị Ánh")
    expect(row.locator(".status-pill")).to_have_text("Chờ duyệt")
    expect(desk.locator(".counter-pending dd")).to_have_text("1")
    row.get_by_label("Chọn Đặng Thị Ánh").check()
    desk.select_option("#bulk-action", "approve")
    shot(desk, "organiser-approves")
    desk.get_by_role("button", name="Thực hiện").click()
    desk.wait_for_url(re.compile(r"/organiser/delegates/"))
    expect(desk.locator(".messages")).to_contain_text("Đã duyệt 1 đăng ký.")
    expect(desk.locator(".counter-approved dd")).to_have_text("1")
    expect(desk.locator(".counter-pending dd")).to_have_text("0")
    shot(desk, "organiser-approved")

    # 3. The approval email brings the badge PDF; its QR code is the delegate's badge code.
    approved = mail_to(smtp_sink, DELEGATE, "Đăng ký đã được duyệt")
    files = attachments_of(approved)
    content_type, pdf = files["the-dai-bieu.pdf"]
    assert content_type == "application/pdf"
    assert pdf.startswith(b"%PDF-")
    assert files["qr.png"][0] == "image/png"
    badge = pdf_page_image(pdf)
    shot.image(badge, "badge-pdf")
    [qr] = qr_codes_in(badge)
    registration.refresh_from_db()
    active_code = registration.badge_codes.get(status="active")
    assert qr.text == payload_of(active_code.token)
    # The QR shown inline in the email is the same code.
    assert [code.text for code in qr_codes_in(png_image(files["qr.png"][1]))] == [qr.text]
    assert "Đặng Thị Ánh" not in qr.text  # an opaque token, never personal data
    short = SHORT_CODE.search(text_of(approved)).group(1)
    phone.goto("/my-registration/")
    expect(status).to_have_text("Đã duyệt")
    assert colour(status) == OK_GREEN
    expect(phone.locator(".short-code-web")).to_have_text(short)
    shot(phone, "registration-approved")

    # The live dashboard, open before the delegate arrives.
    desk.goto("/organiser/live/")
    arrived = desk.locator("[data-testid=arrived]")
    expect(arrived).to_have_text("0")
    expect(desk.locator(".headline-number .of")).to_have_text(" / 1")
    desk.evaluate("window.journeyMarker = 'loaded once'")

    # 4. At the door, the scanner's camera films the QR code printed in that PDF: green.
    door_browser, door = camera_phone(browser, live_server, qr_crop(badge, qr), tmp_path)
    door.on("pageerror", lambda error: errors.append(str(error)))
    try:
        pair(door, forum["pairing_code"])
        expect(door.locator(".bar-gate")).to_have_text("Cổng A")
        expect(door.locator("#net-state")).to_have_attribute("data-state", "online")
        door.get_by_role("button", name="Bắt đầu quét").click()
        verdict = door.locator("#verdict")
        expect(verdict).to_have_attribute("data-result", "ok")
        expect(verdict).to_be_visible()
        expect(door.locator("#verdict-title")).to_have_text("MỜI VÀO")
        expect(door.locator("#verdict-name")).to_have_text("Bà Đặng Thị Ánh")
        expect(door.locator("#verdict-role")).to_have_text("Công ty Cổ phần Công nghệ Sao Bắc Đẩu")
        assert colour(verdict) == DOOR_GREEN
        shot(door, "door-green", full_page=False)
    finally:
        door_browser.close()
    assert list(Scan.objects.values_list("registration__email", "result", "is_first_entry")) == [
        (DELEGATE, "ok", True)
    ]

    # 5. The organiser's dashboard counts the arrival without a reload (it polls every 5 s).
    expect(arrived).to_have_text("1", timeout=15_000)
    assert desk.evaluate("window.journeyMarker") == "loaded once"  # not reloaded
    last_scan = desk.locator("#last-scans tbody tr").first
    expect(last_scan).to_contain_text("Đặng Thị Ánh")
    expect(last_scan).to_contain_text("Cổng A")
    expect(desk.locator(".headline-sub")).to_contain_text("100% trong số 1 đại biểu đã duyệt")
    shot(desk, "dashboard-arrived")

    # 6. The delegate saves a session in the agenda, then verifies a demo at the showcase.
    phone.goto("/agenda/")
    item = phone.locator("article.session-item", has_text="Khai mạc diễn đàn")
    save = item.locator("button.save-button")
    expect(save).to_have_attribute("aria-pressed", "false")
    save.click()
    expect(save).to_have_attribute("aria-pressed", "true")
    expect(save).to_contain_text("Đã lưu")
    shot(phone, "agenda-saved")
    phone.goto("/agenda/my/")
    expect(phone.locator("main")).to_contain_text("Khai mạc diễn đàn")
    expect(phone.locator("main")).not_to_contain_text("Trí tuệ nhân tạo cho các bài toán")
    shot(phone, "agenda-mine")

    # At station 5 the delegate's phone camera reads the printed poster's QR code.
    demo = forum["demo"]
    [poster_qr] = qr_codes_in(pdf_page_image(poster_pdf(demo=demo), dpi=150))
    assert poster_qr.text == f"{live_server.url}/showcase/demos/{demo.pk}/"
    phone.goto(poster_qr.text)
    expect(phone.locator("h1")).to_have_text("Drone giao hàng Bay Việt")
    for claim in demo.claims.all():
        phone.get_by_role("group", name=claim.text).get_by_label("Đúng", exact=True).check()
    phone.get_by_label("5 — Rất tốt").check()
    phone.get_by_label("Nhận xét (không bắt buộc)").fill("Drone giao hàng đúng giờ.")
    shot(phone, "showcase-verify")
    phone.get_by_role("button", name="Gửi kiểm chứng").click()
    expect(phone.get_by_text("Cảm ơn bạn đã kiểm chứng sản phẩm.")).to_be_visible()
    expect(phone.get_by_test_id("demo-verifications")).to_have_text("1")
    shot(phone, "showcase-verified")

    # 7. A judge (password and authenticator code) scores the nomination on a phone.
    setup, nomination = forum["setup"], forum["nomination"]
    novelty, market, abroad = setup.criteria
    judge_context = phone_context(browser, live_server)
    judge = judge_context.new_page()
    judge.set_default_timeout(15_000)
    judge.on("pageerror", lambda error: errors.append(str(error)))
    staff_log_in(judge, JUDGE, PASSWORD, "/awards/judging/")
    judge.get_by_role("link", name=PRODUCT).click()
    judge.fill(f"input[name=score_{novelty.pk}]", "9")
    judge.fill(f"input[name=score_{market.pk}]", "17,5")
    judge.fill(f"input[name=score_{abroad.pk}]", "8")
    shot(judge, "judge-scores")
    judge.locator("main").get_by_role("button", name="Nộp phiếu", exact=True).click()
    expect(judge.locator(".messages")).to_contain_text("Đã nộp phiếu chấm.")
    shot(judge, "judge-submitted")
    judge_context.close()

    # The organiser ranks, puts it in the final, records the jury's Gold and publishes.
    desk.goto(f"/organiser/awards/rounds/{setup.scoring.pk}/ranking/")
    ranked = desk.locator("tbody tr", has_text=PRODUCT)
    # (2 × 9/10 + 1 × 17.5/20) / 3 × 100 = 89.17
    expect(ranked).to_contain_text("89,17")
    desk.fill(f"#size-{setup.industry.pk}", "1")
    desk.get_by_role("button", name="Chọn vào vòng sau").click()
    expect(desk.locator(".messages")).to_contain_text("Đã đưa 1 hồ sơ vào vòng sau")
    desk.goto(f"/organiser/awards/rounds/{setup.final.pk}/ranking/")
    desk.select_option(f"select[name=tier_{nomination.pk}]", "gold")
    desk.get_by_role("button", name="Lưu quyết định").click()
    expect(desk.locator(".messages")).to_contain_text("Đã lưu 1 quyết định.")
    expect(desk.locator(f"select[name=tier_{nomination.pk}]")).to_have_value("gold")

    # Before publication the public page has no winners; afterwards it shows the Gold.
    public = browser.new_context(viewport=DESKTOP, locale="vi-VN", base_url=live_server.url)
    reader = public.new_page()
    reader.goto("/awards/results/")
    expect(reader.locator("main")).to_contain_text("Kết quả chưa được công bố.")
    expect(reader.locator("main")).not_to_contain_text(PRODUCT)
    desk.goto("/organiser/awards/results/")
    desk.locator("main").get_by_role("button", name="Công bố kết quả", exact=True).click()
    expect(desk.locator(".messages")).to_contain_text("Đã công bố kết quả")
    shot(desk, "results-published")

    reader.reload()
    category = reader.locator("section.results-category", has_text="Công nghiệp và Xây dựng")
    winner = category.locator("li", has_text=PRODUCT)
    expect(winner.locator(".pill")).to_have_text("Giải Vàng")
    expect(winner.locator(".company")).to_have_text("Công ty Cổ phần Công nghệ Sao Bắc Đẩu")
    shot(reader, "public-results")
    public.close()
    desk_context.close()
    phone.context.close()

    assert errors == []
    assert all(path.read_bytes().startswith(b"\x89PNG") for path in shot.taken)
