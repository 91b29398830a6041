"""Public pages: a demo's page (what a station's QR opens) and a problem's page, in both
languages; a demo not yet public is nobody's but its enterprise's and the organisers'."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.showcase.conftest import make_demo, make_problem

pytestmark = pytest.mark.django_db


def test_demo_page_shows_the_demo_its_claims_and_live_results(client, demo):
    content = client.get(f"/showcase/demos/{demo.pk}/").content.decode()

    assert "<h1>Drone giao hàng Bay Việt</h1>" in content
    assert "Công ty Cổ phần Bay Việt" in content
    assert '<dd class="demo-station">7</dd>' in content
    assert "Giao 2 kg hàng trên quãng đường 5 km trong 15 phút" in content
    assert '<dd data-testid="demo-verifications">0</dd>' in content
    assert (
        'href="https://example.vn/bao-cao-thu-nghiem.pdf" rel="noopener noreferrer nofollow"'
        in content
    )
    assert f'hx-get="/showcase/demos/{demo.pk}/live/"' in content


def test_demo_page_in_english_shows_the_english_texts(client, demo):
    content = client.get(f"/en/showcase/demos/{demo.pk}/").content.decode()

    assert '<html lang="en">' in content
    assert "<h1>Bay Viet Delivery Drone</h1>" in content
    assert "Delivers 2 kg over 5 km in 15 minutes" in content
    assert "Bay Viet JSC" in content


def test_a_demo_not_yet_public_is_not_found_by_visitors(client, edition, problem, enterprise):
    waiting = make_demo(edition, problem, enterprise, approve=False)

    assert client.get(f"/showcase/demos/{waiting.pk}/").status_code == 404
    assert client.get(f"/showcase/demos/{waiting.pk}/live/").status_code == 404
    assert client.get("/showcase/demos/999999/").status_code == 404


def test_demo_page_costs_a_fixed_number_of_queries(client, edition, problem, enterprise, demo):
    """Each measured request reads the board afresh (the cache emptied first): whether a
    request falls in a new board interval depends on the clock, not on the page."""
    client.get(f"/showcase/demos/{demo.pk}/")
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get(f"/showcase/demos/{demo.pk}/")
    busy = make_demo(
        edition,
        problem,
        enterprise,
        product="Nhiều tuyên bố",
        claims=[(f"Tuyên bố {n}", "") for n in range(6)],
    )
    client.get(f"/showcase/demos/{busy.pk}/")
    cache.clear()

    with CaptureQueriesContext(connection) as many:
        client.get(f"/showcase/demos/{busy.pk}/")

    assert len(few) == len(many)


def test_problem_page_shows_the_sample_mark_and_its_demos(client, edition, demo):
    make_problem(edition, number=2, title="Y tế số", is_sample=True)

    sample = client.get("/showcase/problems/2/").content.decode()
    drones = client.get("/showcase/problems/7/").content.decode()

    assert '<span class="pill-sample">mẫu</span>' in sample
    assert "Chưa có sản phẩm trình diễn." in sample
    assert "Drone giao hàng Bay Việt" in drones
