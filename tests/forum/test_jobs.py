"""The one mechanism for long work: a job row run by a task, followed on one progress partial."""

import datetime as dt

import pytest
from django.contrib import messages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from forum import jobs
from forum.models import Job
from forum.task_queue import task_enqueue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RUNS: list[str] = []


def _count_to_three(job, progress):
    for done in range(1, 4):
        progress(done, 3)
    RUNS.append(str(job.pk))
    return {"counted": 3, "language": job.language}


def _explode(job, progress):
    progress(1, 2)
    raise RuntimeError("the printer caught fire")


@pytest.fixture(autouse=True)
def kinds():
    """Two kinds of job of the tests' own: one reports on the page, one sends the owner away."""
    RUNS.clear()
    jobs.job_kind_register(jobs.JobKind(name="test.count", label="Đếm", run=_count_to_three))
    jobs.job_kind_register(
        jobs.JobKind(
            name="test.explode",
            label="Nổ",
            run=_explode,
            report=lambda job: [(messages.INFO, "không nên thấy")],
            done_url=lambda job: "/organiser/delegates/",
        )
    )
    jobs.job_kind_register(
        jobs.JobKind(
            name="test.away",
            label="Đi",
            run=_count_to_three,
            report=lambda job: [(messages.SUCCESS, f"Đã đếm {job.result['counted']}.")],
            done_url=lambda job: "/organiser/delegates/",
        )
    )


def test_a_job_runs_after_commit_and_records_its_progress_and_result(
    django_capture_on_commit_callbacks,
):
    owner = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_create(kind="test.count", owner=owner, params={})
        # Nothing runs before the transaction that created the job commits.
        assert RUNS == []

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (Job.Status.DONE, 3, 3)
    assert job.result == {"counted": 3, "language": "vi"}
    assert job.started_at <= job.finished_at


def test_a_failing_job_is_recorded_as_failed_never_raised(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_create(kind="test.explode", owner=UserFactory(), params={})

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "RuntimeError: the printer caught fire"
    assert (job.done, job.total) == (1, 2)
    assert job.finished_at is not None


def test_a_second_delivery_of_the_task_runs_nothing_while_the_job_runs(
    django_capture_on_commit_callbacks,
):
    """The task is acknowledged late: a worker killed mid-job gets it redelivered. A running job
    whose worker is alive (progress within the lease) is not taken twice; one silent for longer
    than the lease is taken over."""
    job = Job.objects.create(kind="test.count", owner=UserFactory(), status=Job.Status.RUNNING)

    assert jobs.job_run(job_id=job.pk) is None
    assert RUNS == []

    Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - jobs.LEASE * 2)
    taken = jobs.job_run(job_id=job.pk)

    assert taken.status == Job.Status.DONE
    assert [str(job.pk)] == RUNS
    assert jobs.job_run(job_id=job.pk) is None  # done: a late redelivery changes nothing
    assert [str(job.pk)] == RUNS


def test_a_draft_job_waits_for_its_owner_and_starts_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_create(kind="test.count", owner=UserFactory(), params={}, draft=True)
    assert Job.objects.get(pk=job.pk).status == Job.Status.DRAFT
    assert RUNS == []

    with django_capture_on_commit_callbacks(execute=True):
        jobs.job_start(job_id=job.pk)
        jobs.job_start(job_id=job.pk)

    assert Job.objects.get(pk=job.pk).status == Job.Status.DONE
    assert [str(job.pk)] == RUNS


def test_a_job_runs_in_the_language_its_owner_started_it_in(django_capture_on_commit_callbacks):
    from django.utils import translation

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_create(kind="test.count", owner=UserFactory(), params={})

    job.refresh_from_db()
    assert job.result["language"] == "en"


def test_job_pages_are_the_owners_alone(client):
    owner, other = UserFactory(), UserFactory()
    job = Job.objects.create(kind="test.count", owner=owner)
    urls = [
        reverse(name, kwargs={"job_id": job.pk})
        for name in ("forum:job_detail", "forum:job_progress")
    ]

    anonymous = [client.get(url) for url in urls]
    client.force_login(other)
    stranger = [client.get(url).status_code for url in urls]
    client.force_login(owner)
    mine = [client.get(url).status_code for url in urls]

    assert all(r.status_code == 302 and "/accounts/login/" in r.url for r in anonymous)
    assert stranger == [404, 404]
    assert mine == [200, 200]
    assert client.get("/jobs/not-a-job/").status_code == 404


def test_the_progress_partial_polls_while_active_and_stops_when_done(client):
    owner = UserFactory()
    client.force_login(owner)
    job = Job.objects.create(kind="test.count", owner=owner, status=Job.Status.QUEUED)
    url = reverse("forum:job_progress", kwargs={"job_id": job.pk})

    queued = client.get(url, headers={"HX-Request": "true"}).content.decode()
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, done=2, total=3)
    running = client.get(url, headers={"HX-Request": "true"}).content.decode()
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, done=3, finished_at=timezone.now())
    done = client.get(url, headers={"HX-Request": "true"}).content.decode()

    assert "Đang chờ máy xử lý" in queued
    assert f'<progress id="job-{job.pk}-bar"></progress>' in queued  # no total yet
    assert 'hx-trigger="every 1s"' in queued
    assert "Đã xử lý 2/3 (67%)." in running
    assert 'hx-trigger="every 1s"' in running
    assert "Đã xong" in done
    assert "hx-trigger" not in done


def test_a_job_silent_for_an_hour_is_shown_as_failed_and_no_longer_polled(client):
    owner = UserFactory()
    client.force_login(owner)
    job = Job.objects.create(kind="test.count", owner=owner, status=Job.Status.RUNNING)
    Job.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - jobs.JOB_LOST_AFTER - dt.timedelta(minutes=1)
    )

    body = client.get(reverse("forum:job_detail", kwargs={"job_id": job.pk})).content.decode()

    assert "Máy xử lý không phản hồi trong một giờ." in body
    assert "hx-trigger" not in body


def test_a_finished_job_that_reports_elsewhere_sends_its_owner_there_with_the_report(
    client, django_capture_on_commit_callbacks
):
    owner = UserFactory()
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_create(kind="test.away", owner=owner, params={})

    page = client.get(reverse("forum:job_detail", kwargs={"job_id": job.pk}))
    partial = client.get(
        reverse("forum:job_progress", kwargs={"job_id": job.pk}), headers={"HX-Request": "true"}
    )

    assert page.status_code == 302
    assert page.url == "/organiser/delegates/"
    assert partial["HX-Redirect"] == "/organiser/delegates/"
    shown = [str(m) for m in messages.get_messages(partial.wsgi_request)]
    assert "Đã đếm 3." in shown


def test_a_failed_job_stays_on_its_page_with_the_error_even_if_its_kind_reports_elsewhere(
    client, django_capture_on_commit_callbacks
):
    owner = UserFactory()
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_create(kind="test.explode", owner=owner, params={})

    response = client.get(reverse("forum:job_detail", kwargs={"job_id": job.pk}))

    assert response.status_code == 200
    assert "Không thực hiện được" in response.content.decode()
    assert "không nên thấy" not in response.content.decode()


def test_old_jobs_are_pruned_but_a_recent_or_running_one_is_kept():
    owner = UserFactory()
    old_done = Job.objects.create(
        kind="test.count", owner=owner, status=Job.Status.DONE, finished_at=timezone.now()
    )
    old_running = Job.objects.create(kind="test.count", owner=owner, status=Job.Status.RUNNING)
    recent = Job.objects.create(kind="test.count", owner=owner, status=Job.Status.DRAFT)
    long_ago = timezone.now() - jobs.JOB_LIFETIME - dt.timedelta(hours=1)
    Job.objects.filter(pk__in=[old_done.pk, old_running.pk]).update(created_at=long_ago)
    Job.objects.filter(pk=old_done.pk).update(updated_at=long_ago)

    assert jobs.jobs_prune() == 1

    assert set(Job.objects.values_list("pk", flat=True)) == {old_running.pk, recent.pk}


def test_the_task_runs_the_job_by_its_id(django_capture_on_commit_callbacks):
    job = Job.objects.create(kind="test.count", owner=UserFactory())

    task_enqueue("forum.job_run", job_id=str(job.pk))

    assert Job.objects.get(pk=job.pk).status == Job.Status.DONE


def _idle(job, *, for_: dt.timedelta) -> None:
    Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - for_)


@pytest.mark.django_db(transaction=True)
def test_a_job_started_while_the_broker_is_down_waits_and_the_sweep_hands_it_over(dead_broker):
    from forum import task_queue
    from forum.celery import app

    with transaction.atomic():
        job = jobs.job_create(kind="test.count", owner=UserFactory(), params={})
    # The commit did not fail on the broker: the job waits, and nothing ran.
    assert (Job.objects.get(pk=job.pk).status, RUNS) == (Job.Status.QUEUED, [])
    # The broker is back (here: inline again) and the pause after the refusal is over.
    app.conf.task_always_eager = True
    task_queue._refused_until = 0.0

    assert jobs.jobs_sweep() == 0  # it has not waited long enough to be offered again
    _idle(job, for_=jobs.OFFER_AGAIN_AFTER + dt.timedelta(seconds=1))
    assert jobs.jobs_sweep() == 1

    assert (Job.objects.get(pk=job.pk).status, RUNS) == (Job.Status.DONE, [str(job.pk)])


def test_the_sweep_takes_over_a_job_whose_worker_went_silent_and_leaves_a_live_one():
    owner = UserFactory()
    silent = Job.objects.create(kind="test.count", owner=owner, status=Job.Status.RUNNING)
    alive = Job.objects.create(kind="test.count", owner=owner, status=Job.Status.RUNNING)
    lost = Job.objects.create(kind="test.count", owner=owner, status=Job.Status.QUEUED)
    _idle(silent, for_=jobs.LEASE + dt.timedelta(seconds=1))
    _idle(alive, for_=jobs.LEASE - dt.timedelta(minutes=1))
    _idle(lost, for_=jobs.JOB_LOST_AFTER + dt.timedelta(minutes=1))

    assert jobs.jobs_sweep() == 1

    assert [str(silent.pk)] == RUNS
    statuses = dict(Job.objects.values_list("pk", "status"))
    assert statuses == {
        silent.pk: Job.Status.DONE,
        alive.pk: Job.Status.RUNNING,
        lost.pk: Job.Status.QUEUED,
    }


def test_a_job_offered_again_is_not_offered_at_every_sweep_and_still_shows_lost_in_the_end(
    monkeypatch,
):
    job = Job.objects.create(kind="test.count", owner=UserFactory(), status=Job.Status.QUEUED)
    _idle(job, for_=jobs.OFFER_AGAIN_AFTER + dt.timedelta(seconds=1))
    offered = []
    monkeypatch.setattr(
        jobs, "task_offer", lambda name, **kwargs: offered.append(kwargs["job_id"]) or True
    )

    jobs.jobs_sweep()
    jobs.jobs_sweep()  # the next sweep, moments later
    jobs.jobs_sweep(now=timezone.now() + jobs.OFFER_AGAIN_AFTER + dt.timedelta(seconds=1))

    assert offered == [str(job.pk), str(job.pk)]
    job.refresh_from_db()
    # Offering it did not count as a sign of life.
    assert jobs.job_is_lost(job, now=job.updated_at + jobs.JOB_LOST_AFTER + dt.timedelta(seconds=1))
