"""Every kind of page passes axe-core's WCAG 2.1 A and AA rules (labels, names, contrast, landmarks,
language, ARIA), on a phone, for the person who uses it: a visitor, a delegate, an organiser, door
staff; and the pages that show form errors, with their errors."""

import datetime as dt

import pytest
from django.utils import timezone

from checkin.services import devices
from checkin.services.scans import checkin_perform
from forum.services import edition_seed_2025
from registration import roles
from registration.badge_codes import payload_of
from registration.services.accounts import totp_ensure
from registration.services.badge_codes import badge_code_issue
from tests.agenda.helpers import agenda_demo
from tests.awards.scenario import awards_pages_demo
from tests.browser.accessibility import axe_violations, describe
from tests.browser.support import log_in
from tests.factories import RegistrationFactory, UserFactory, user_with_roles
from tests.showcase.conftest import make_demo, make_enterprise, make_problem

pytestmark = pytest.mark.browser

PAGES = [
    ("visitor", "/"),
    ("visitor", "/en/"),
    ("visitor", "/accounts/login/"),
    ("visitor", "/accounts/signup/"),
    ("visitor", "/en/accounts/signup/"),
    ("newcomer", "/register/"),
    ("newcomer", "/en/register/"),
    ("delegate", "/my-registration/"),
    ("delegate", "/my-registration/edit/"),
    ("delegate", "/my-registration/cancel/"),
    ("delegate", "/my-data/"),
    ("delegate", "/en/my-data/"),
    ("organiser", "/organiser/delegates/"),
    ("organiser", "/en/organiser/delegates/"),
    ("organiser", "/organiser/delegates/import/"),
    ("organiser", "/organiser/emails/"),
    ("organiser", "/organiser/badges/"),
    ("organiser", "/organiser/checkin/gates/"),
    ("organiser", "/organiser/checkin/devices/"),
    ("organiser", "/organiser/checkin/devices/{device}/pairing/"),
    ("organiser", "/organiser/live/"),
    ("organiser", "/organiser/live/helpdesk/?q=nguyen"),
    ("organiser", "/accounts/2fa/"),
    ("door_staff", "/scanner/"),
    ("visitor", "/agenda/"),
    ("visitor", "/agenda/?view=rooms"),
    ("visitor", "/en/agenda/"),
    ("visitor", "/agenda/sessions/{session}/"),
    ("visitor", "/agenda/speakers/"),
    ("visitor", "/agenda/speakers/{speaker}/"),
    ("visitor", "/agenda/changes/"),
    ("delegate", "/agenda/"),
    ("delegate", "/agenda/sessions/{session}/"),
    ("delegate", "/agenda/my/"),
    ("organiser", "/organiser/agenda/"),
    ("organiser", "/organiser/agenda/sessions/new/"),
    ("organiser", "/organiser/agenda/sessions/{session_id}/"),
    ("organiser", "/organiser/agenda/sessions/{session_id}/seats/"),
    ("organiser", "/organiser/agenda/rooms/"),
    ("organiser", "/organiser/agenda/tracks/"),
    ("organiser", "/organiser/agenda/speakers/"),
    ("organiser", "/organiser/agenda/speakers/new/"),
    ("organiser", "/organiser/agenda/publish/"),
    ("organiser", "/organiser/agenda/versions/"),
    ("visitor", "/showcase/"),
    ("visitor", "/en/showcase/board/"),
    ("visitor", "/showcase/demos/{demo}/"),
    ("visitor", "/showcase/problems/7/"),
    ("visitor", "/showcase/commitments/"),
    ("delegate", "/showcase/demos/{demo}/"),
    ("newcomer", "/en/showcase/demos/{demo}/"),
    ("enterprise", "/showcase/enterprise/"),
    ("enterprise", "/showcase/enterprise/demos/new/"),
    ("organiser", "/organiser/showcase/"),
    ("organiser", "/organiser/showcase/demos/{demo}/"),
    ("organiser", "/organiser/showcase/problems/"),
    ("organiser", "/organiser/showcase/comments/"),
    ("organiser", "/organiser/showcase/commitments/"),
    ("organiser", "/organiser/showcase/posters/"),
    ("visitor", "/awards/results/"),
    ("visitor", "/en/awards/results/"),
    ("visitor", "/awards/results/{award_result}/"),
    ("enterprise", "/awards/nominations/"),
    ("enterprise", "/awards/nominations/new/"),
    ("enterprise", "/awards/nominations/{award_draft}/"),
    ("enterprise", "/en/awards/nominations/{award_pending}/"),
    ("judge", "/awards/judging/"),
    ("judge", "/awards/judging/{award_todo}/"),
    ("judge", "/en/awards/judging/{award_done}/"),
    ("organiser", "/organiser/awards/"),
    ("organiser", "/organiser/awards/setup/"),
    ("organiser", "/organiser/awards/settings/"),
    ("organiser", "/organiser/awards/rounds/{award_scoring}/edit/"),
    ("organiser", "/organiser/awards/judges/"),
    ("organiser", "/organiser/awards/nominations/"),
    ("organiser", "/organiser/awards/nominations/{award_pending}/"),
    ("organiser", "/organiser/awards/rounds/{award_scoring}/"),
    ("organiser", "/organiser/awards/rounds/{award_scoring}/ranking/"),
    ("organiser", "/en/organiser/awards/rounds/{award_final}/ranking/"),
    ("organiser", "/organiser/awards/results/"),
]


@pytest.fixture
def people(transactional_db):
    """A forum with a delegate checked in, one waiting, gates and a device; one user per role."""
    edition = edition_seed_2025()
    delegate = UserFactory(email="an.nguyen@example.vn", full_name="Nguyễn Văn An")
    registration = RegistrationFactory(edition=edition, user=delegate, status="approved")
    code = badge_code_issue(registration=registration)
    RegistrationFactory(
        edition=edition,
        user=UserFactory(email="binh.le@example.vn"),
        full_name="Lê Thị Bình",
        given_name="Bình",
    )
    gate = devices.gate_create(edition=edition, code="a", name="Cổng A")
    device, _token = devices.device_create_paired(gate=gate, name="Máy cổng A")
    checkin_perform(
        edition_id=edition.pk,
        raw_code=payload_of(code.token),
        nonce="n1",
        source_key=f"d{device.pk}",
        device=device,
        gate=gate,
    )
    # The live page's "needs a look" panel: an earlier offline scan that takes the first entry
    # over (the badge let in twice), and an upload from a phone whose clock is two days ahead.
    for nonce, minutes in (("n0", -5), ("n2", 48 * 60)):
        checkin_perform(
            edition_id=edition.pk,
            raw_code=payload_of(code.token),
            nonce=nonce,
            source_key="d-other",
            gate=gate,
            scanned_at=timezone.now() + dt.timedelta(minutes=minutes),
            offline=True,
        )
    enterprise = user_with_roles(roles.ENTERPRISE, email="dn@bayviet.vn")
    demo = make_demo(edition, make_problem(edition), make_enterprise(user=enterprise), station=5)
    agenda = agenda_demo(edition, gate=gate, saved_by=delegate)
    awards = awards_pages_demo(edition, enterprise=enterprise)
    organiser = user_with_roles(roles.ORGANISER, email="btc@forum.test", is_staff=True)
    door_staff = user_with_roles(roles.DOOR_STAFF, email="cua@forum.test", is_staff=True)
    for staff in (organiser, door_staff):
        totp_ensure(user=staff)
    return {
        "ids": {"device": device.pk, "demo": demo.pk, **agenda, **awards["ids"]},
        "visitor": None,
        "newcomer": UserFactory(email="moi@example.vn"),
        "delegate": delegate,
        "organiser": organiser,
        "door_staff": door_staff,
        "enterprise": enterprise,
        "judge": awards["judge"],
    }


def open_as(browser, live_server, user):
    """A phone browser context, logged in as `user` (None: a visitor)."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    if user is not None:
        log_in(context, user, live_server)
    return context


@pytest.mark.parametrize(("who", "path"), PAGES)
def test_page_has_no_accessibility_violations(browser, live_server, people, who, path):
    path = path.format(**people["ids"])
    context = open_as(browser, live_server, people[who])
    try:
        page = context.new_page()
        response = page.goto(live_server.url + path)
        assert response.status == 200, f"{path}: HTTP {response.status}"
        assert page.url == live_server.url + path, f"{path} went to {page.url}"
        page.wait_for_load_state("load")
        violations = axe_violations(page)
    finally:
        context.close()

    assert violations == [], describe(violations)


@pytest.mark.parametrize(
    ("who", "path", "fill"),
    [
        ("newcomer", "/register/", {"input[name=full_name]": "A"}),
        ("newcomer", "/en/register/", {"input[name=phone]": "12"}),
        ("visitor", "/accounts/signup/", {"input[name=email]": "khong-phai-email"}),
        ("visitor", "/accounts/login/", {"input[name=login]": "an@example.vn"}),
        ("organiser", "/organiser/agenda/sessions/new/", {"input[name=day]": "31/02/2025"}),
        ("organiser", "/organiser/agenda/rooms/", {"input[name=name]": " "}),
        ("delegate", "/showcase/demos/{demo}/", {"textarea[name=comment]": "Tốt"}),
        ("enterprise", "/awards/nominations/new/", {"input[name=tax_code]": "0100109107"}),
        ("organiser", "/organiser/awards/settings/", {"input[name=submission_closes_at]": "1/1/1"}),
    ],
)
def test_form_with_errors_has_no_accessibility_violations(
    browser, live_server, people, who, path, fill
):
    """Sent with the browser's own checks off, so that the server answers with its errors."""
    path = path.format(**people["ids"])
    context = open_as(browser, live_server, people[who])
    try:
        page = context.new_page()
        page.goto(live_server.url + path)
        page.evaluate("document.querySelectorAll('form').forEach((f) => { f.noValidate = true; })")
        for selector, value in fill.items():
            page.fill(selector, value)
        with page.expect_navigation():
            page.locator("main button[type=submit]").last.click()
        errors = page.locator(".errorlist, [role=alert], .field-error")
        assert errors.count() > 0, f"{path}: no error shown"
        violations = axe_violations(page)
    finally:
        context.close()

    assert violations == [], describe(violations)


@pytest.mark.parametrize(
    ("who", "path", "status"),
    [
        ("visitor", "/khong-co-trang-nay/", 404),
        ("visitor", "/en/no-such-page/", 404),
        ("delegate", "/organiser/live/", 403),
    ],
)
def test_error_page_has_no_accessibility_violations(
    browser, live_server, people, who, path, status
):
    context = open_as(browser, live_server, people[who])
    try:
        page = context.new_page()
        response = page.goto(live_server.url + path)
        assert response.status == status, f"{path}: HTTP {response.status}"
        violations = axe_violations(page)
    finally:
        context.close()

    assert violations == [], describe(violations)
