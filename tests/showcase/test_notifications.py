"""Enterprises hear of the organisers' decisions: an email per representative, in their
language, through the outbox; the same decision twice sends nothing more."""

import pytest
from django.core import mail

from mail.models import OutgoingEmail
from registration import roles
from showcase.models import Representative
from showcase.services.commitments import commitment_decide, commitment_submit
from showcase.services.demos import demo_decide
from tests.factories import user_with_roles
from tests.showcase.conftest import make_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_colleague(enterprise):
    user = user_with_roles(roles.ENTERPRISE, email="cto@bayviet.vn", language="en")
    Representative.objects.create(enterprise=enterprise, user=user)
    return user


def test_approving_a_demo_emails_every_representative_in_their_language(
    edition,
    problem,
    enterprise,
    representative,
    english_colleague,
    django_capture_on_commit_callbacks,
):
    demo = make_demo(edition, problem, enterprise, approve=False)

    with django_capture_on_commit_callbacks(execute=True):
        demo_decide(demo=demo, actor=None, approve=True)

    rows = {e.recipient: e for e in OutgoingEmail.objects.filter(kind="showcase.demo_decided")}
    assert set(rows) == {"dn@bayviet.vn", "cto@bayviet.vn"}
    assert rows["cto@bayviet.vn"].language == "en"
    assert "/en/showcase/enterprise/" in rows["cto@bayviet.vn"].body_text
    vietnamese = rows["dn@bayviet.vn"]
    assert vietnamese.subject == "Sản phẩm trình diễn đã được duyệt: Drone giao hàng Bay Việt"
    assert "Kính gửi Công ty Cổ phần Bay Việt," in vietnamese.body_text
    assert sorted(m.to[0] for m in mail.outbox) == ["cto@bayviet.vn", "dn@bayviet.vn"]


def test_a_refusal_email_gives_the_reason_and_the_same_decision_again_sends_nothing(
    edition, problem, enterprise, representative, django_capture_on_commit_callbacks
):
    demo = make_demo(edition, problem, enterprise, approve=False)

    with django_capture_on_commit_callbacks(execute=True):
        demo_decide(demo=demo, actor=None, approve=False, reason="Thiếu báo cáo thử nghiệm")
        demo_decide(demo=demo, actor=None, approve=False, reason="Thiếu báo cáo thử nghiệm")

    [email] = OutgoingEmail.objects.filter(kind="showcase.demo_decided")
    assert email.subject == "Sản phẩm trình diễn chưa được duyệt: Drone giao hàng Bay Việt"
    assert "Lý do: Thiếu báo cáo thử nghiệm" in email.body_text
    assert len(mail.outbox) == 1


def test_a_commitment_decision_is_emailed(
    edition, problem, enterprise, representative, django_capture_on_commit_callbacks
):
    commitment = commitment_submit(
        edition=edition,
        enterprise=enterprise,
        user=representative,
        data={
            "task": "Giao hàng bằng drone tại 10 tỉnh",
            "target": "10 tỉnh",
            "deadline_year": 2027,
            "problem": problem,
            "signatory_name": "Lê Hoàng Nam",
            "signatory_position": "Tổng Giám đốc",
        },
    )

    with django_capture_on_commit_callbacks(execute=True):
        commitment_decide(commitment=commitment, actor=None, approve=True)

    [email] = OutgoingEmail.objects.filter(kind="showcase.commitment_decided")
    assert email.subject == "Cam kết của doanh nghiệp đã được công bố"
    assert "Giao hàng bằng drone tại 10 tỉnh" in email.body_text
