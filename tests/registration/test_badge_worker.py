"""The bulk badge print job on a real `celery worker` process over Redis, and the organiser page
that follows its progress through the result backend."""

import io
import time

import pytest
from django.contrib.auth.models import Group

from registration import roles
from registration.models import Registration
from registration.services.accounts import totp_ensure
from registration.services.badges.print_files import print_file_delete, print_file_path
from registration.services.demo import demo_delegates_ensure
from registration.tasks import badges_print
from tests.factories import EditionFactory, UserFactory

pytestmark = [pytest.mark.broker, pytest.mark.postgres]

DELEGATES = 10


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def edition(live_worker):
    edition = EditionFactory(slug="2025-worker", short_name="Make in Viet Nam 2025")
    demo_delegates_ensure(edition=edition, count=DELEGATES)
    Registration.objects.filter(edition=edition).update(
        status=Registration.Status.APPROVED, waitlist_position=None
    )
    return edition


def test_bulk_print_task_runs_on_the_worker(edition):
    a6 = badges_print.delay(edition_id=edition.pk, sort="name", layout="a6")
    four_up = badges_print.delay(edition_id=edition.pk, sort="organisation", layout="a4-4up")

    results = [a6.get(timeout=120), four_up.get(timeout=120)]

    try:
        assert a6.state == "SUCCESS"
        assert results[0]["badges"] == DELEGATES
        assert page_count(print_file_path(results[0]["file_id"]).read_bytes()) == DELEGATES
        assert results[1]["pages"] == 3
        assert page_count(print_file_path(results[1]["file_id"]).read_bytes()) == 3
    finally:
        for result in results:
            print_file_delete(result["file_id"])


def test_print_page_follows_the_worker_and_serves_the_file(edition, client):
    organiser = UserFactory(email="btc.worker@forum.test", is_staff=True)
    organiser.groups.add(Group.objects.get_or_create(name=roles.ORGANISER)[0])
    totp_ensure(user=organiser)
    client.force_login(organiser)

    response = client.post(
        "/organiser/badges/", {"sort": "name", "layout": "a6", "delegate_type": ""}
    )
    assert response.status_code == 302
    seen = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        body = client.get("/organiser/badges/status/", headers={"HX-Request": "true"})
        body = body.content.decode()
        seen.append("done" if "Tệp in đã sẵn sàng" in body else "waiting")
        if seen[-1] == "done":
            break
        assert 'hx-trigger="every 1s"' in body
        assert "<progress" in body
        time.sleep(0.5)
    job = client.session["badge_print_job"]

    try:
        assert seen[-1] == "done", seen
        assert job["result"]["badges"] == DELEGATES
        download = client.get(f"/organiser/badges/print/{job['result']['file_id']}.pdf")
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert page_count(b"".join(download.streaming_content)) == DELEGATES
    finally:
        print_file_delete(job["result"]["file_id"])
