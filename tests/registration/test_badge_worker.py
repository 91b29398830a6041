"""The bulk badge print job on a real `celery worker` process over Redis, and the organiser page
that follows its progress."""

import io
import time

import pytest
from django.contrib.auth.models import Group

from forum.models import Job
from registration import roles
from registration.models import Registration
from registration.services.accounts import totp_ensure
from registration.services.badges.print_files import (
    badges_print_start,
    print_file_delete,
    print_file_path,
)
from registration.services.demo import demo_delegates_ensure
from tests.factories import EditionFactory, UserFactory

pytestmark = [pytest.mark.broker, pytest.mark.postgres]

DELEGATES = 10


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def worker_edition(live_worker):
    edition = EditionFactory(slug="2025-worker", short_name="Make in Viet Nam 2025")
    demo_delegates_ensure(edition=edition, count=DELEGATES)
    Registration.objects.filter(edition=edition).update(
        status=Registration.Status.APPROVED, waitlist_position=None
    )
    return edition


def organiser_account(email: str):
    organiser = UserFactory(email=email, is_staff=True)
    organiser.groups.add(Group.objects.get_or_create(name=roles.ORGANISER)[0])
    totp_ensure(user=organiser)
    return organiser


def wait_until_finished(jobs: list[Job], timeout: float = 120) -> list[Job]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        states = [Job.objects.get(pk=job.pk) for job in jobs]
        if not any(job.is_active for job in states):
            return states
        time.sleep(0.2)
    raise AssertionError(f"jobs still running after {timeout} s: {states}")


def test_bulk_print_job_runs_on_the_worker(worker_edition):
    a6 = badges_print_start(
        edition=worker_edition, owner=organiser_account("a@forum.test"), sort="name", layout="a6"
    )
    four_up = badges_print_start(
        edition=worker_edition,
        owner=organiser_account("b@forum.test"),
        sort="organisation",
        layout="a4-4up",
    )

    a6, four_up = wait_until_finished([a6, four_up])

    try:
        assert (a6.status, a6.done, a6.total) == (Job.Status.DONE, DELEGATES, DELEGATES)
        assert a6.result["badges"] == DELEGATES
        assert page_count(print_file_path(a6.result["file_id"]).read_bytes()) == DELEGATES
        assert four_up.result["pages"] == 3
        assert page_count(print_file_path(four_up.result["file_id"]).read_bytes()) == 3
    finally:
        for job in (a6, four_up):
            print_file_delete(job.result.get("file_id"))


def test_print_page_follows_the_worker_and_serves_the_file(worker_edition, client):
    client.force_login(organiser_account("btc.worker@forum.test"))

    response = client.post(
        "/organiser/badges/", {"sort": "name", "layout": "a6", "delegate_type": ""}
    )
    assert response.status_code == 302
    job = Job.objects.get()
    progress_url = f"/jobs/{job.pk}/progress/"
    seen = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        body = client.get(progress_url, headers={"HX-Request": "true"}).content.decode()
        seen.append("done" if "Tệp in đã sẵn sàng" in body else "waiting")
        if seen[-1] == "done":
            break
        assert 'hx-trigger="every 1s"' in body
        assert "<progress" in body
        time.sleep(0.5)
    job.refresh_from_db()

    try:
        assert seen[-1] == "done", seen
        assert job.result["badges"] == DELEGATES
        download = client.get(f"/organiser/badges/print/{job.pk}.pdf")
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert page_count(b"".join(download.streaming_content)) == DELEGATES
    finally:
        print_file_delete(job.result.get("file_id"))
