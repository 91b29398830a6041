"""The organisers' emails page on a phone: its table scrolls inside its frame, the page itself
never wider than the phone (the buttons' hidden labels included), and a waiting email says when
it is tried next and can be sent now."""

import datetime as dt

import pytest
from django.utils import timezone

from mail import services as outbox
from mail.models import OutgoingEmail
from registration import roles
from registration.services.accounts import totp_ensure
from tests.browser.accessibility import assert_accessible
from tests.browser.support import PHONE, log_in
from tests.factories import user_with_roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_emails_page_fits_a_phone_and_sends_a_waiting_email_now(browser, live_server, edition):
    organiser = user_with_roles(roles.ORGANISER, email="btc@example.vn", is_staff=True)
    totp_ensure(user=organiser)
    email = outbox.email_queue(
        recipient="an@example.vn", kind="k", subject="Thư mời dự diễn đàn", body_text="x"
    )
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.QUEUED,
        tries=1,
        last_error="SMTP 451 thử lại sau",
        lease_until=None,
        next_attempt_at=timezone.now() + dt.timedelta(minutes=4),
    )
    context = browser.new_context(viewport=PHONE, locale="vi-VN", base_url=live_server.url)
    log_in(context, organiser, live_server)
    page = context.new_page()

    page.goto("/organiser/emails/")

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert "Lần thử tới:" in page.locator("main table").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Gửi ngay — an@example.vn").click()
    page.wait_for_selector(".messages")
    assert OutgoingEmail.objects.get(pk=email.pk).status == OutgoingEmail.Status.SENT
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
