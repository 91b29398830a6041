"""The live board: what it shows, its fragment for polling, and its cost: any number of polls in
one interval read the database once."""

import datetime as dt
import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from showcase.selectors import board as boards
from showcase.services.verifications import verification_comment_decide, verification_record
from tests.showcase.conftest import OPENING, answers_for, delegate, make_demo, make_problem

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def verified_by(edition, demo, email, rating, comment=""):
    user, _registration = delegate(edition, email, checked_in=True)
    verification, _created = verification_record(
        demo_id=demo.pk, user=user, answers=answers_for(demo), rating=rating, comment=comment
    )
    return verification


def tile(content: str, number: int) -> str:
    return re.search(rf'<li class="tile" data-problem="{number}">(.*?)</ul>', content, re.S).group(
        1
    )


def test_board_shows_every_problem_with_its_demos_counts_and_average_rating(
    client, edition, demo, at
):
    make_problem(edition, number=1, title="Quản trị đô thị thông minh")
    verified_by(edition, demo, "a@example.vn", 4)
    verified_by(edition, demo, "b@example.vn", 5)

    content = client.get("/showcase/board/").content.decode()

    assert re.findall(r'data-problem="(\d+)"', content) == ["1", "7"]
    assert "Chưa có sản phẩm trình diễn." in tile(content, 1)
    drone = tile(content, 7)
    assert "Drone giao hàng Bay Việt" in drone
    assert "gian 7" in drone
    assert '<span data-testid="count">2</span>' in drone
    assert "★</span> 4,5" in drone
    assert '<dd data-testid="verifications">2</dd>' in content


def test_polls_in_one_interval_read_the_database_once_whatever_the_number_of_clients(
    edition, problem, enterprise, at
):
    for n in range(12):
        make_demo(edition, problem, enterprise, product=f"Sản phẩm {n}", station=n + 1)
    clients = [Client() for _ in range(200)]
    at(OPENING)

    with CaptureQueriesContext(connection) as first:
        clients[0].get("/showcase/board/", headers=HX)
    with CaptureQueriesContext(connection) as rest:
        for index, poller in enumerate(clients[1:]):
            path = "/showcase/board/" if index % 2 else "/en/showcase/"
            assert poller.get(path, headers=HX).status_code == 200

    assert len(first) == 8
    assert len(rest) == 0


def test_the_board_costs_the_same_queries_for_one_demo_or_many(edition, problem, enterprise, at):
    make_demo(edition, problem, enterprise, station=1)
    with CaptureQueriesContext(connection) as one:
        boards.board_compute()
    for n in range(20):
        make_demo(edition, problem, enterprise, product=f"Sản phẩm {n}", station=n + 2)

    with CaptureQueriesContext(connection) as many:
        boards.board_compute()

    assert len(one) == len(many)


def test_a_fragment_is_rendered_once_per_board_and_language(client, demo, at):
    first = client.get("/showcase/board/", headers=HX)
    again = client.get("/showcase/board/", headers=HX)
    english = client.get("/en/showcase/board/", headers=HX)

    assert [t.name for t in first.templates][:1] == ["board"]
    assert again.templates == []
    assert again.content == first.content
    assert [t.name for t in english.templates][:1] == ["board"]
    assert 'hx-get="/en/showcase/board/"' in english.content.decode()


def test_a_verification_shows_from_the_next_interval(client, edition, demo, at):
    at(OPENING)
    before = client.get("/showcase/board/", headers=HX).content.decode()
    verified_by(edition, demo, "a@example.vn", 5)

    same_interval = client.get("/showcase/board/", headers=HX).content.decode()
    at(OPENING + boards.INTERVAL)
    next_interval = client.get("/showcase/board/", headers=HX).content.decode()

    assert '<span data-testid="count">0</span>' in before
    assert '<span data-testid="count">0</span>' in same_interval
    assert '<span data-testid="count">1</span>' in next_interval
    assert boards.INTERVAL + boards.POLL_SECONDS <= 5


def test_poll_answers_the_fragment_alone_never_cached(client, demo, at):
    response = client.get("/showcase/", headers=HX)

    content = response.content.decode().strip()
    assert content.startswith('<section id="board"')
    assert "<html" not in content
    assert 'hx-get="/showcase/"' in content
    assert 'hx-trigger="every 3s, board:refresh"' in content
    assert response["Cache-Control"] == "no-store"
    assert "HX-Request" in response["Vary"]


def test_big_screen_polls_its_own_url_and_hides_the_site_chrome(client, demo, at):
    content = client.get("/showcase/board/").content.decode()

    assert '<body class="showcase showcase-wall">' in content
    assert 'hx-get="/showcase/board/"' in content
    assert "Quét mã QR tại gian trình diễn để kiểm chứng." in content
    assert '<li class="tile tile-qr">' in content
    assert '<li class="tile tile-qr">' not in client.get("/showcase/").content.decode()


def test_stage_shows_the_demo_on_stage_now_and_the_next(client, edition, problem, enterprise, at):
    from showcase.services.placement import demo_place

    first = make_demo(edition, problem, enterprise, product="Robot tìm kiếm")
    second = make_demo(edition, problem, enterprise, product="Bản đồ ngập lụt")
    start = dt.datetime(2025, 12, 30, 7, 0, tzinfo=dt.UTC)  # 14:00 in Hà Nội
    demo_place(
        demo=first, station=1, stage_starts_at=start, stage_ends_at=start + dt.timedelta(minutes=15)
    )
    demo_place(
        demo=second,
        station=2,
        stage_starts_at=start + dt.timedelta(minutes=15),
        stage_ends_at=start + dt.timedelta(minutes=30),
    )

    at((start + dt.timedelta(minutes=5)).timestamp())
    during_first = client.get("/showcase/board/").content.decode()
    at((start + dt.timedelta(minutes=40)).timestamp())
    after_both = client.get("/showcase/board/").content.decode()

    now = re.search(r'class="stage-slot stage-now">(.*?)</div>', during_first, re.S).group(1)
    upcoming = re.search(r'class="stage-slot stage-next">(.*?)</div>', during_first, re.S).group(1)
    assert "Robot tìm kiếm" in now and "14:00–14:15" in now
    assert "Bản đồ ngập lụt" in upcoming and "14:15" in upcoming
    assert "Chưa có phần trình diễn nào lúc này." in after_both
    assert "Không còn phần trình diễn nào trên sân khấu." in after_both


def test_english_board_shows_english_titles_and_products(client, demo, at):
    content = client.get("/en/showcase/board/").content.decode()

    assert "Drone delivery" in content
    assert "Bay Viet Delivery Drone" in content
    assert "Bay Viet JSC" in content


def test_a_demo_not_approved_is_not_on_the_board(client, edition, problem, enterprise, demo, at):
    make_demo(edition, problem, enterprise, product="Chưa duyệt", approve=False)

    content = client.get("/showcase/").content.decode()

    assert "Drone giao hàng Bay Việt" in content
    assert "Chưa duyệt" not in content


def test_showcase_without_an_edition_is_not_found(client, db):
    assert client.get("/showcase/").status_code == 404
    assert client.get("/showcase/board/").status_code == 404


def test_demo_results_poll_costs_no_query_once_the_board_is_read(client, edition, demo, at):
    verification = verified_by(edition, demo, "a@example.vn", 3, comment="Rất thuyết phục")
    verification_comment_decide(
        edition=edition, verification_id=verification.pk, actor=None, publish=True
    )
    at(OPENING)
    client.get("/showcase/board/", headers=HX)

    with CaptureQueriesContext(connection) as polls:
        for _ in range(50):
            response = client.get(f"/showcase/demos/{demo.pk}/live/", headers=HX)

    content = response.content.decode()
    assert len(polls) == 0
    assert content.strip().startswith('<section id="results"')
    assert '<dd data-testid="demo-verifications">1</dd>' in content
    assert "Rất thuyết phục" in content


def test_signed_in_phones_poll_without_a_query_too(client, edition, demo, at):
    """A delegate's phone carries a session: the poll still reads no session, no account and no
    two-factor state (middlewares skip what is the same for everyone), so 1,500 signed-in phones
    cost the database what one does."""
    from registration.services.accounts import totp_ensure
    from tests.factories import UserFactory, user_with_roles

    person = UserFactory(email="dai-bieu@example.vn")
    organiser = user_with_roles("organiser", email="btc-board@example.vn", is_staff=True)
    totp_ensure(user=organiser)
    at(OPENING)
    client.get("/showcase/board/", headers=HX)

    polls = []
    for who in (person, organiser):
        client.force_login(who)
        with CaptureQueriesContext(connection) as queries:
            for url in ("/showcase/board/", "/showcase/", f"/showcase/demos/{demo.pk}/live/"):
                response = client.get(url, headers=HX)
                assert response.status_code == 200
                assert response["Cache-Control"] == "no-store"
        polls.append(len(queries))

    assert polls == [0, 0]
    # The page around the fragment shows the account's menu: it stays personal.
    with CaptureQueriesContext(connection) as page_queries:
        page = client.get("/showcase/")
    assert page.status_code == 200
    assert len(page_queries) > 0
    assert "no-store" in page["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_clients_arriving_together_in_a_new_interval_read_the_board_once(
    edition, demo, at, monkeypatch
):
    at(OPENING)
    boards.board_snapshot()  # the previous interval's board, as after any earlier poll
    at(OPENING + boards.INTERVAL)
    reads = []
    compute = boards.board_compute

    def counted():
        reads.append(1)
        return compute()

    monkeypatch.setattr(boards, "board_compute", counted)
    start = threading.Barrier(30)
    answers = []

    def poll():
        try:
            start.wait(timeout=30)
            answers.append(boards.board_snapshot())
        finally:
            connection.close()

    threads = [threading.Thread(target=poll) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(answers) == 30
    assert all(board is not None and board.edition_id == edition.pk for board in answers)
    assert len(reads) == 1
