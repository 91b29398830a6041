"""A demo's links to the other apps: the programme's session it is shown in (agenda), and the
same product's nomination for the awards, shown publicly once the results are."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from agenda.models import Room, Session
from awards.models import Award, Category, Nomination
from showcase.services.placement import demo_place
from tests.factories import EditionFactory
from tests.showcase.conftest import make_demo, make_enterprise

pytestmark = pytest.mark.django_db

AT_14 = dt.datetime(2025, 12, 30, 7, 0, tzinfo=dt.UTC)  # 14:00 in Hà Nội


@pytest.fixture
def live_demos(edition):
    """The programme's live demonstration session, 14:00–15:00 in the exhibition hall."""
    room = Room.objects.create(edition=edition, name="Sảnh trưng bày", name_en="Exhibition hall")
    return Session.objects.create(
        edition=edition,
        title="Trình diễn trực tiếp",
        title_en="Live demonstrations",
        kind="live_demo",
        starts_at=AT_14,
        ends_at=AT_14 + dt.timedelta(hours=1),
        room=room,
    )


def nomination_of(edition, tax_code: str, *, tier: str = "", published: bool = False):
    award = Award.objects.create(
        edition=edition,
        name="Giải thưởng Make in Viet Nam 2025",
        results_published_at=timezone.now() if published else None,
    )
    category = Category.objects.create(award=award, code="logistics", name="Giao thông, logistics")
    return Nomination.objects.create(
        award=award,
        category=category,
        company_name="Công ty Cổ phần Bay Việt",
        tax_code=tax_code,
        product_name="Drone giao hàng Bay Việt",
        status="submitted",
        submitted_at=timezone.now(),
        eligibility="eligible" if tier else "pending",
        tier=tier,
    )


def test_a_demo_placed_in_a_session_without_times_takes_the_whole_session(demo, live_demos):
    demo_place(demo=demo, station=7, stage_session=live_demos.pk)

    demo.refresh_from_db()
    assert demo.stage_session == live_demos
    assert (demo.stage_starts_at, demo.stage_ends_at) == (live_demos.starts_at, live_demos.ends_at)
    assert (demo.stage_place, demo.stage_place_en) == ("Sảnh trưng bày", "Exhibition hall")


def test_a_slot_in_a_session_must_fall_within_the_session(demo, live_demos):
    demo_place(
        demo=demo,
        station=7,
        stage_session=live_demos,
        stage_starts_at=AT_14 + dt.timedelta(minutes=15),
        stage_ends_at=AT_14 + dt.timedelta(minutes=30),
    )

    with pytest.raises(ValidationError) as refused:
        demo_place(
            demo=demo,
            station=7,
            stage_session=live_demos,
            stage_starts_at=AT_14 + dt.timedelta(minutes=50),
            stage_ends_at=AT_14 + dt.timedelta(minutes=70),
        )

    assert (
        "Giờ trình diễn phải trong thời gian của phiên: 14:00 30/12/2025 – 15:00 30/12/2025."
        in (refused.value.message_dict["stage_starts_at"])
    )
    demo.refresh_from_db()
    assert demo.stage_starts_at == AT_14 + dt.timedelta(minutes=15)


def test_a_session_of_another_edition_or_cancelled_is_refused(demo, live_demos):
    other = EditionFactory(slug="2024", is_current=False)
    elsewhere = Session.objects.create(
        edition=other, title="Khác", starts_at=AT_14, ends_at=AT_14 + dt.timedelta(hours=1)
    )
    live_demos.is_cancelled = True
    live_demos.save()

    for session in (elsewhere, live_demos, "abc"):
        with pytest.raises(ValidationError) as refused:
            demo_place(demo=demo, station=7, stage_session=session)
        assert "stage_session" in refused.value.message_dict


def test_organiser_picks_the_session_on_the_review_page_and_the_demo_page_links_it(
    client, organiser_client, demo, live_demos
):
    page = organiser_client.get(f"/organiser/showcase/demos/{demo.pk}/").content.decode()
    response = organiser_client.post(
        f"/organiser/showcase/demos/{demo.pk}/",
        {"action": "place", "station": "7", "stage_session": str(live_demos.pk)},
    )

    assert "14:00–15:00 30/12 · Trình diễn trực tiếp (Sảnh trưng bày)" in page
    assert response.status_code == 302
    public = client.get(f"/showcase/demos/{demo.pk}/").content.decode()
    assert f'href="/agenda/sessions/{live_demos.code}/">Trình diễn trực tiếp</a>' in public


def test_enterprise_links_its_own_nomination_and_not_another_enterprises(
    client, representative, edition, problem, enterprise
):
    own = nomination_of(edition, "0100109106")
    stranger = make_enterprise(name="Công ty Khác", tax_code="0100233583")
    others = Nomination.objects.create(
        award=own.award,
        category=own.category,
        company_name=stranger.name,
        tax_code="0100233583",
        product_name="Sản phẩm khác",
        status="submitted",
        submitted_at=timezone.now(),
    )
    client.force_login(representative)
    form = client.get("/showcase/enterprise/demos/new/").content.decode()
    data = {
        "problem": problem.pk,
        "product": "Drone giao hàng Bay Việt",
        "demonstration": "Bay theo lộ trình.",
        "claim_1": "Giao 2 kg hàng trong 15 phút",
    }

    forged = client.post("/showcase/enterprise/demos/new/", data | {"nomination": others.pk})
    linked = client.post("/showcase/enterprise/demos/new/", data | {"nomination": own.pk})

    assert "Drone giao hàng Bay Việt — Giao thông, logistics" in form
    assert "Sản phẩm khác" not in form
    assert "nomination" in forged.context["form"].errors
    assert linked.status_code == 302
    assert enterprise.demos.get().nomination == own


@pytest.mark.parametrize(
    ("tier", "published", "shown"),
    [("gold", True, True), ("gold", False, False), ("", True, False)],
)
def test_the_award_shows_on_the_demo_page_once_the_results_are_published(
    client, edition, problem, enterprise, tier, published, shown
):
    nomination = nomination_of(edition, "0100109106", tier=tier, published=published)
    demo = make_demo(edition, problem, enterprise, station=3)
    demo.nomination = nomination
    demo.save(update_fields=["nomination"])

    content = client.get(f"/showcase/demos/{demo.pk}/").content.decode()

    assert (f'href="/awards/results/{nomination.pk}/"' in content) is shown
    assert ("Giải Vàng — Giao thông, logistics" in content) is shown


def test_database_keeps_a_session_only_with_a_stage_slot(demo, live_demos):
    from django.db import IntegrityError, transaction

    from showcase.models import Demo

    with pytest.raises(IntegrityError), transaction.atomic():
        Demo.objects.filter(pk=demo.pk).update(stage_session=live_demos)
