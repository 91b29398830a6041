"""Every kind of page passes axe-core's WCAG 2.1 A and AA rules (labels, names, contrast, landmarks,
language, ARIA), on a phone, for the person who uses it: a visitor, a delegate, an organiser, door
staff. axe-core comes from npm (a development dependency) and is evaluated in the page through
the browser's debugging protocol, which the pages' Content-Security-Policy does not govern.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from forum.services import edition_seed_2025
from registration import roles
from registration.services import devices
from registration.services.accounts import totp_ensure
from registration.services.badge_codes import badge_code_issue, payload_of
from registration.services.checkin import checkin_perform
from tests.factories import RegistrationFactory, UserFactory, user_with_roles

pytestmark = pytest.mark.browser

AXE = Path(settings.BASE_DIR, "node_modules", "axe-core", "axe.min.js")
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.failureSummary),
  }));
}"""

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
    organiser = user_with_roles(roles.ORGANISER, email="btc@forum.test", is_staff=True)
    door_staff = user_with_roles(roles.DOOR_STAFF, email="cua@forum.test", is_staff=True)
    for staff in (organiser, door_staff):
        totp_ensure(user=staff)
    return {
        "ids": {"device": device.pk},
        "visitor": None,
        "newcomer": UserFactory(email="moi@example.vn"),
        "delegate": delegate,
        "organiser": organiser,
        "door_staff": door_staff,
    }


@pytest.mark.parametrize(("who", "path"), PAGES)
def test_page_has_no_accessibility_violations(browser, live_server, people, who, path):
    path = path.format(**people["ids"])
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    try:
        if people[who] is not None:
            client = Client()
            client.force_login(people[who])
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                        "url": live_server.url,
                    }
                ]
            )
        page = context.new_page()
        response = page.goto(live_server.url + path)
        assert response.status == 200, f"{path}: HTTP {response.status}"
        assert page.url == live_server.url + path, f"{path} went to {page.url}"
        page.wait_for_load_state("networkidle")
        page.evaluate(AXE.read_text())
        violations = page.evaluate(RUN_AXE, RULES)
    finally:
        context.close()

    assert violations == [], "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"])
        for v in violations
    )
