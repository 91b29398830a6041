"""Organiser pages: reviewing demos (approve, refuse, place at a station and on stage), the
problems, comments let through or hidden, commitments approved; and who may use them."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from showcase.models import Demo, Problem, Verification
from showcase.selectors import board as boards
from showcase.services.verifications import verification_record
from tests.factories import UserFactory
from tests.showcase.conftest import OPENING, answers_for, delegate, make_demo

pytestmark = pytest.mark.django_db

REVIEW = "/organiser/showcase/demos/{}/"


def review(client, demo, **data):
    return client.post(REVIEW.format(demo.pk), data)


@pytest.mark.parametrize(
    "path",
    [
        "/organiser/showcase/",
        "/organiser/showcase/problems/",
        "/organiser/showcase/comments/",
        "/organiser/showcase/commitments/",
        "/organiser/showcase/posters/",
    ],
)
def test_organiser_pages_are_for_organisers_only(organiser_client, edition, path):
    visitor = Client()
    assert visitor.get(path).status_code == 302
    assert organiser_client.get(path).status_code == 200
    visitor.force_login(UserFactory(email="daibieu@example.vn"))
    assert visitor.get(path).status_code == 403


def test_demo_list_costs_the_same_queries_for_one_demo_or_many(
    organiser_client, edition, problem, enterprise
):
    make_demo(edition, problem, enterprise, station=1)
    organiser_client.get("/organiser/showcase/")
    with CaptureQueriesContext(connection) as one:
        organiser_client.get("/organiser/showcase/")
    for n in range(15):
        make_demo(edition, problem, enterprise, product=f"Sản phẩm {n}", approve=n % 2 == 0)

    with CaptureQueriesContext(connection) as many:
        response = organiser_client.get("/organiser/showcase/")

    assert len(one) == len(many)
    assert response.content.decode().count("data-demo=") == 16


def test_demo_list_filters_by_status_and_problem(organiser_client, edition, problem, enterprise):
    make_demo(edition, problem, enterprise, product="Đã duyệt A")
    make_demo(edition, problem, enterprise, product="Chờ B", approve=False)

    waiting = organiser_client.get("/organiser/showcase/?status=submitted").content.decode()
    other_problem = organiser_client.get("/organiser/showcase/?problem=3").content.decode()
    junk = organiser_client.get("/organiser/showcase/?status=x&problem=abc")

    assert "Chờ B" in waiting and "Đã duyệt A" not in waiting
    assert "Chưa có sản phẩm nào." in other_problem
    assert junk.status_code == 200


def test_approving_a_demo_makes_it_public(
    organiser_client, organiser, edition, problem, enterprise
):
    demo = make_demo(edition, problem, enterprise, approve=False)
    assert organiser_client.get(f"/showcase/demos/{demo.pk}/").status_code == 200  # preview

    response = review(organiser_client, demo, action="approve", reason="")

    demo.refresh_from_db()
    assert response.status_code == 302
    assert (demo.status, demo.decided_by) == ("approved", organiser)


def test_refusing_needs_a_reason_and_takes_the_demo_off_its_station(organiser_client, demo):
    without = review(organiser_client, demo, action="reject", reason="  ")
    demo.refresh_from_db()
    assert without.status_code == 400
    assert demo.status == "approved"

    review(organiser_client, demo, action="reject", reason="Không đến trình diễn")

    demo.refresh_from_db()
    assert (demo.status, demo.station, demo.rejection_reason) == (
        "rejected",
        None,
        "Không đến trình diễn",
    )


def test_placing_a_demo_at_a_station_and_in_a_stage_slot(organiser_client, demo):
    response = review(
        organiser_client,
        demo,
        action="place",
        station="12",
        stage_starts_at="30/12/2025 14:00",
        stage_ends_at="30/12/2025 14:15",
        stage_place="Sân khấu chính",
    )

    demo.refresh_from_db()
    assert response.status_code == 302
    assert demo.station == 12
    assert demo.stage_starts_at == dt.datetime(2025, 12, 30, 7, 0, tzinfo=dt.UTC)
    assert demo.stage_place == "Sân khấu chính"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"station": "3"}, "Gian số 3 đã dành cho Trạm sạc drone."),
        ({"station": "1000"}, ""),
        (
            {"stage_starts_at": "30/12/2025 14:05", "stage_ends_at": "30/12/2025 14:20"},
            "Sân khấu đã có Trạm sạc drone từ 14:00 đến 14:15.",
        ),
        (
            {"stage_starts_at": "30/12/2025 09:00", "stage_ends_at": "30/12/2025 09:15"},
            "Giờ trình diễn phải trong thời gian diễn đàn",
        ),
        (
            {"stage_starts_at": "30/12/2025 14:30", "stage_ends_at": "30/12/2025 14:20"},
            "Giờ rời sân khấu phải sau giờ lên.",
        ),
        ({"stage_starts_at": "30/12/2025 14:30"}, "Cần cả giờ lên và giờ rời sân khấu"),
        (
            {"stage_starts_at": "01/01/0001 00:10", "stage_ends_at": "31/12/9999 23:59"},
            "Năm phải từ 2000 đến 2100.",
        ),
        ({"stage_starts_at": "12/30/2025 14:00", "stage_ends_at": "30/12/2025 14:20"}, ""),
    ],
)
def test_a_placement_that_clashes_or_falls_outside_the_forum_is_refused(
    organiser_client, edition, problem, enterprise, demo, fields, message
):
    from showcase.services.placement import demo_place

    other = make_demo(edition, problem, enterprise, product="Trạm sạc drone")
    start = dt.datetime(2025, 12, 30, 7, 0, tzinfo=dt.UTC)
    demo_place(
        demo=other, station=3, stage_starts_at=start, stage_ends_at=start + dt.timedelta(minutes=15)
    )

    response = review(organiser_client, demo, action="place", **{"station": "7"} | fields)

    demo.refresh_from_db()
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (demo.station, demo.stage_starts_at) == (7, None)


def test_database_keeps_stations_unique_and_only_for_approved_demos(
    edition, problem, enterprise, demo
):
    other = make_demo(edition, problem, enterprise, approve=False)

    for fields in ({"station": 7, "status": "approved"}, {"station": 8}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Demo.objects.filter(pk=other.pk).update(**fields)


def test_database_refuses_a_stage_slot_ending_before_it_starts_or_half_set(demo):
    start = dt.datetime(2025, 12, 30, 7, 0, tzinfo=dt.UTC)
    for fields in (
        {"stage_starts_at": start, "stage_ends_at": start},
        {"stage_starts_at": start},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Demo.objects.filter(pk=demo.pk).update(**fields)


def test_organiser_corrects_a_demos_text(organiser_client, demo):
    claims = list(demo.claims.all())
    response = review(
        organiser_client,
        demo,
        action="edit",
        problem=demo.problem_id,
        product="Drone giao hàng Bay Việt thế hệ 2",
        demonstration="Mới",
        claim_1=claims[0].text,
        claim_2=claims[1].text,
    )

    demo.refresh_from_db()
    assert response.status_code == 302
    assert demo.product == "Drone giao hàng Bay Việt thế hệ 2"


def test_problems_are_added_and_numbers_stay_unique(organiser_client, edition, problem):
    added = organiser_client.post(
        "/organiser/showcase/problems/new/", {"number": "3", "title": "Giáo dục số"}
    )
    taken = organiser_client.post(
        "/organiser/showcase/problems/new/", {"number": "7", "title": "Trùng số"}
    )
    out_of_range = organiser_client.post(
        "/organiser/showcase/problems/new/", {"number": "100", "title": "Quá số"}
    )

    assert added.status_code == 302
    assert "Đã có bài toán số 7." in taken.content.decode()
    assert out_of_range.status_code == 400
    assert sorted(Problem.objects.values_list("number", flat=True)) == [3, 7]


def test_a_problem_with_demos_is_not_deleted(organiser_client, demo, problem):
    response = organiser_client.post(
        f"/organiser/showcase/problems/{problem.pk}/delete/", follow=True
    )

    assert "Không xóa được" in response.content.decode()
    assert Problem.objects.filter(pk=problem.pk).exists()


def test_comments_wait_for_an_organiser_then_show_on_the_demo_page(
    organiser_client, edition, demo, at
):
    client = Client()
    user, _registration = delegate(edition, "a@example.vn", checked_in=True)
    verification, _ = verification_record(
        demo_id=demo.pk, user=user, answers=answers_for(demo), rating=5, comment="Rất ấn tượng"
    )
    queue = organiser_client.get("/organiser/showcase/comments/").content.decode()
    before = client.get(f"/showcase/demos/{demo.pk}/").content.decode()

    organiser_client.post(
        f"/organiser/showcase/comments/{verification.pk}/", {"decision": "publish"}
    )

    verification.refresh_from_db()
    at(OPENING + boards.INTERVAL)
    after = client.get(f"/showcase/demos/{demo.pk}/").content.decode()
    assert "Rất ấn tượng" in queue
    assert "Rất ấn tượng" not in before
    assert verification.comment_status == "published"
    assert "Rất ấn tượng" in after
    assert "Lê Thị Bình" not in after


def test_hiding_a_published_comment_takes_it_off_and_another_editions_is_not_found(
    organiser_client, edition, demo
):
    user, _registration = delegate(edition, "a@example.vn", checked_in=True)
    verification, _ = verification_record(
        demo_id=demo.pk, user=user, answers=answers_for(demo), rating=5, comment="Quảng cáo"
    )
    organiser_client.post(f"/organiser/showcase/comments/{verification.pk}/", {"decision": "hide"})
    missing = organiser_client.post(
        "/organiser/showcase/comments/999999/", {"decision": "publish"}, follow=True
    )

    assert Verification.objects.get().comment_status == "hidden"
    assert "Không tìm thấy nhận xét." in missing.content.decode()
