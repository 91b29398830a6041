"""The showcase's fixtures: a problem, an enterprise with its representative, an approved demo
placed at station 7 with two claims, and delegates checked in at the door or not."""

import datetime as dt
import uuid

import pytest

from checkin.services.scans import checkin_perform
from registration import roles
from registration.badge_codes import payload_of
from registration.services.badge_codes import badge_code_issue
from showcase.models import Enterprise, Problem, Representative
from showcase.selectors import board as boards
from showcase.services import demos as demo_services
from showcase.services.placement import demo_place
from tests.factories import RegistrationFactory, UserFactory, user_with_roles

CLAIMS = [
    ("Giao 2 kg hàng trên quãng đường 5 km trong 15 phút", "Delivers 2 kg over 5 km in 15 minutes"),
    ("Tự hạ cánh an toàn khi mất sóng điều khiển", "Lands safely when the control link is lost"),
]


def make_problem(edition, number=7, **fields) -> Problem:
    defaults = {
        "title": "Giao hàng bằng thiết bị bay không người lái",
        "title_en": "Drone delivery",
        "sector": "Logistics",
    }
    return Problem.objects.create(edition=edition, number=number, **(defaults | fields))


def make_enterprise(name="Công ty Cổ phần Bay Việt", tax_code="0100109106", user=None):
    enterprise = Enterprise.objects.create(name=name, name_en="Bay Viet JSC", tax_code=tax_code)
    if user is not None:
        Representative.objects.create(enterprise=enterprise, user=user)
    return enterprise


def make_demo(
    edition,
    problem,
    enterprise,
    *,
    product="Drone giao hàng Bay Việt",
    claims=CLAIMS,
    approve=True,
    station=None,
    actor=None,
):
    demo = demo_services.demo_submit(
        edition=edition,
        enterprise=enterprise,
        user=None,
        data={
            "problem": problem,
            "product": product,
            "product_en": "Bay Viet Delivery Drone",
            "demonstration": "Drone nhận hàng tại gian và bay theo lộ trình.",
        },
        claims=list(claims),
        evidence=["https://example.vn/bao-cao-thu-nghiem.pdf"],
    )
    if approve:
        demo = demo_services.demo_decide(demo=demo, actor=actor, approve=True)
        if station is not None:
            demo = demo_place(demo=demo, station=station)
    return demo


def check_in(edition, registration, gate=None):
    """The delegate's badge scanned at the door (an online scan, now)."""
    code = badge_code_issue(registration=registration)
    outcome = checkin_perform(
        edition_id=edition.pk,
        raw_code=payload_of(code.token),
        nonce=uuid.uuid4().hex,
        source_key="test-door",
        gate=gate,
    )
    assert outcome.result == "ok"
    return outcome


def delegate(edition, email, *, status="approved", checked_in=False, full_name="Lê Thị Bình"):
    user = UserFactory(email=email, full_name=full_name)
    registration = RegistrationFactory(
        edition=edition, user=user, status=status, full_name=full_name
    )
    if checked_in:
        check_in(edition, registration)
    return user, registration


@pytest.fixture
def problem(edition):
    return make_problem(edition)


@pytest.fixture
def representative(db):
    return user_with_roles(roles.ENTERPRISE, email="dn@bayviet.vn", full_name="Phạm Quang Huy")


@pytest.fixture
def enterprise(representative):
    return make_enterprise(user=representative)


@pytest.fixture
def demo(edition, problem, enterprise):
    return make_demo(edition, problem, enterprise, station=7)


@pytest.fixture
def arrived(edition):
    """A delegate approved and checked in at the door: (user, registration)."""
    return delegate(edition, "binh.le@example.vn", checked_in=True)


@pytest.fixture
def not_arrived(edition):
    """A delegate approved but not yet through the door: (user, registration)."""
    return delegate(edition, "cuong.tran@example.vn", full_name="Trần Văn Cường")


def answers_for(demo, *values) -> dict[int, str]:
    claims = list(demo.claims.order_by("position"))
    values = values or ("yes",) * len(claims)
    return {claim.pk: value for claim, value in zip(claims, values, strict=True)}


def verify_post(demo, *values, rating="5", comment="") -> dict:
    """The verification form's POST data."""
    data = {f"claim_{pk}": value for pk, value in answers_for(demo, *values).items()}
    return data | {"rating": rating, "comment": comment}


# 13:30 on 30/12/2025 in Hà Nội, the tests' edition's start (tests/factories.py).
OPENING = dt.datetime(2025, 12, 30, 6, 30, tzinfo=dt.UTC).timestamp()


@pytest.fixture
def at(monkeypatch):
    """Set the board's clock (which interval a poll falls in, what is on stage): at(seconds)."""
    moment = {"now": OPENING}
    monkeypatch.setattr(boards, "clock", lambda: moment["now"])

    def set_to(seconds: float) -> None:
        moment["now"] = seconds

    return set_to
