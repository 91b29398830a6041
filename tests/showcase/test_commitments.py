"""Commitments: an enterprise records them, organisers approve, the public list by enterprise
and by problem, and progress updates kept as a history."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from showcase.models import Commitment, CommitmentUpdate, TechnologyGroup
from showcase.services.commitments import commitment_decide, commitment_submit
from tests.showcase.conftest import make_enterprise, make_problem

pytestmark = pytest.mark.django_db


def commitment_post(linked=None, **overrides) -> dict:
    data = {
        "task": "Mạng giao hàng bằng drone tại 10 tỉnh miền núi",
        "target": "10 tỉnh; 50.000 chuyến giao hàng an toàn",
        "deadline_year": "2027",
        "problem": linked.pk if linked else "",
        "technology_group": "",
        "signatory_name": "Lê Hoàng Nam",
        "signatory_position": "Tổng Giám đốc",
    }
    return data | overrides


def approved(edition, enterprise, problem=None, group=None, task="Nhiệm vụ", year=2027):
    commitment = commitment_submit(
        edition=edition,
        enterprise=enterprise,
        user=None,
        data={
            "task": task,
            "target": "Chỉ tiêu",
            "deadline_year": year,
            "problem": problem,
            "technology_group": group,
            "signatory_name": "Người ký",
            "signatory_position": "Giám đốc",
        },
    )
    return commitment_decide(commitment=commitment, actor=None, approve=True)


@pytest.fixture
def rep_client(client, representative, enterprise):
    client.force_login(representative)
    return client


def test_enterprise_records_a_commitment_that_waits_for_approval(rep_client, problem, enterprise):
    response = rep_client.post("/showcase/enterprise/commitments/new/", commitment_post(problem))

    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert (commitment.status, commitment.enterprise, commitment.deadline_year) == (
        "submitted",
        enterprise,
        2027,
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"deadline_year": "2024"}, "deadline_year"),
        ({"deadline_year": "9999"}, "deadline_year"),
        ({"deadline_year": "hai nghìn"}, "deadline_year"),
        ({"problem": ""}, "problem"),
        ({"task": " "}, "task"),
        ({"signatory_name": ""}, "signatory_name"),
    ],
)
def test_a_commitment_with_bad_fields_is_refused(rep_client, problem, overrides, field):
    response = rep_client.post(
        "/showcase/enterprise/commitments/new/", commitment_post(problem, **overrides)
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Commitment.objects.exists()


def test_database_needs_a_problem_or_a_technology_group(edition, enterprise):
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.create(
            edition=edition,
            enterprise=enterprise,
            task="x",
            target="y",
            deadline_year=2026,
            signatory_name="A",
            signatory_position="B",
        )


def test_public_list_shows_approved_commitments_by_enterprise_and_by_problem(
    client, edition, problem, enterprise
):
    group = TechnologyGroup.objects.create(edition=edition, code="robotics", name="Robot")
    other = make_enterprise(name="Công ty Cổ phần Ăn Uống Số", tax_code="0100233583")
    approved(edition, enterprise, problem=problem, task="Giao hàng ở 10 tỉnh")
    approved(edition, other, group=group, task="Đào tạo 500 kỹ sư")
    commitment_submit(
        edition=edition,
        enterprise=other,
        user=None,
        data={
            "task": "Chưa duyệt",
            "target": "x",
            "deadline_year": 2026,
            "problem": problem,
            "signatory_name": "A",
            "signatory_position": "B",
        },
    )

    by_enterprise = client.get("/showcase/commitments/").content.decode()
    by_problem = client.get("/showcase/commitments/?by=problem").content.decode()

    assert "Chưa duyệt" not in by_enterprise
    # Vietnamese order: ă comes after a and before b (a code-point sort puts it after z).
    assert by_enterprise.index("Công ty Cổ phần Ăn Uống Số") < by_enterprise.index("Bay Việt")
    assert by_problem.index("Bài toán 7") < by_problem.index('<h2 id="group-robotics-title">Robot')
    assert "Giao hàng ở 10 tỉnh" in by_problem


def test_public_list_costs_the_same_queries_for_one_commitment_or_many(
    client, edition, problem, enterprise
):
    approved(edition, enterprise, problem=problem)
    with CaptureQueriesContext(connection) as one:
        client.get("/showcase/commitments/")
    for n in range(10):
        commitment = approved(edition, enterprise, problem=problem, task=f"Nhiệm vụ {n}")
        CommitmentUpdate.objects.create(
            commitment=commitment, status="on_track", on=dt.date(2026, 3, 1)
        )

    with CaptureQueriesContext(connection) as many:
        client.get("/showcase/commitments/")

    assert len(one) == len(many)


def test_progress_updates_are_kept_as_a_history_the_latest_first(
    rep_client, edition, problem, enterprise
):
    commitment = approved(edition, enterprise, problem=problem)
    url = f"/showcase/enterprise/commitments/{commitment.pk}/progress/"

    rep_client.post(url, {"status": "not_started", "on": "15/01/2026", "note": "Chuẩn bị"})
    rep_client.post(url, {"status": "on_track", "on": "05/06/2026", "note": "Hai tỉnh xong"})

    assert [(u.status, u.on) for u in commitment.updates.all()] == [
        ("on_track", dt.date(2026, 6, 5)),
        ("not_started", dt.date(2026, 1, 15)),
    ]
    public = rep_client.get("/showcase/commitments/").content.decode()
    assert "Đúng tiến độ" in public
    assert "tính đến 05/06/2026" in public
    assert "Lịch sử tiến độ (2 lần cập nhật)" in public
    assert '<time datetime="2026-01-15">15/01/2026</time> — Chưa bắt đầu: Chuẩn bị' in public


@pytest.mark.parametrize("on", ["01/01/0001", "31/12/9999", "31/12/2024", "2026-13-01", "tomorrow"])
def test_a_progress_date_outside_the_forums_year_to_today_is_refused(
    rep_client, edition, problem, enterprise, on
):
    commitment = approved(edition, enterprise, problem=problem)
    if on == "tomorrow":
        on = (timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y")

    response = rep_client.post(
        f"/showcase/enterprise/commitments/{commitment.pk}/progress/",
        {"status": "on_track", "on": on},
    )

    assert response.status_code == 200
    assert "on" in response.context["form"].errors
    assert not CommitmentUpdate.objects.exists()


def test_progress_waits_for_approval_and_another_enterprise_cannot_post_it(
    client, rep_client, edition, problem, enterprise
):
    from registration import roles
    from tests.factories import user_with_roles

    waiting = commitment_submit(
        edition=edition,
        enterprise=enterprise,
        user=None,
        data={
            "task": "x",
            "target": "y",
            "deadline_year": 2026,
            "problem": problem,
            "signatory_name": "A",
            "signatory_position": "B",
        },
    )
    response = rep_client.post(
        f"/showcase/enterprise/commitments/{waiting.pk}/progress/",
        {"status": "on_track", "on": "05/06/2026"},
    )
    assert "Chỉ cập nhật tiến độ cho cam kết đã được duyệt." in response.content.decode()

    other = user_with_roles(roles.ENTERPRISE, email="khac@dn.vn")
    make_enterprise(name="Khác", tax_code="0100233583", user=other)
    rep_client.force_login(other)
    assert (
        rep_client.get(f"/showcase/enterprise/commitments/{waiting.pk}/progress/").status_code
        == 404
    )


def test_organiser_approves_and_refuses_commitments(organiser_client, edition, problem, enterprise):
    commitment = commitment_submit(
        edition=edition,
        enterprise=enterprise,
        user=None,
        data={
            "task": "x",
            "target": "y",
            "deadline_year": 2026,
            "problem": problem,
            "signatory_name": "A",
            "signatory_position": "B",
        },
    )

    refused = organiser_client.post(
        "/organiser/showcase/commitments/",
        {"commitment": commitment.pk, "action": "reject", "reason": ""},
    )
    organiser_client.post(
        "/organiser/showcase/commitments/",
        {"commitment": commitment.pk, "action": "approve", "reason": ""},
    )
    forged = organiser_client.post(
        "/organiser/showcase/commitments/", {"commitment": "abc", "action": "approve"}
    )

    commitment.refresh_from_db()
    assert "Hãy ghi lý do" in refused.content.decode()
    assert commitment.status == "approved"
    assert forged.status_code == 404


def test_a_problem_page_lists_its_commitments(client, edition, problem, enterprise):
    approved(edition, enterprise, problem=problem, task="Giao hàng ở 10 tỉnh")
    make_problem(edition, number=1, title="Đô thị")

    content = client.get(f"/showcase/problems/{problem.number}/").content.decode()

    assert "Giao hàng ở 10 tỉnh" in content
    assert client.get("/showcase/problems/99/").status_code == 404
