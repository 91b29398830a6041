"""Decisions on many delegates at once: each one decided on its own, run as a job the organiser
follows, then back to the list (as the organiser left it) with what happened."""

import pytest
from django.core import mail
from django.urls import reverse

from forum.models import Job
from mail.models import OutgoingEmail
from registration.models import AuditLog, Registration
from registration.services import registrations as svc
from tests.factories import EditionFactory
from tests.registration.organiser_helpers import messages_of, register

Status = Registration.Status


@pytest.fixture
def bulk(django_capture_on_commit_callbacks):
    """Post a bulk action, let its job run (after the request's commit, as without a broker),
    then follow the organiser to where the job sends them."""

    def post(client, action, regs, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            started = client.post(
                reverse("registration:delegate_bulk"),
                {"action": action, "ids": [str(r.pk) for r in regs], **extra},
            )
        return client.get(started.url, follow=True)

    return post


def test_bulk_approve_approves_and_queues_emails(
    organiser_client, organiser, edition, django_capture_on_commit_callbacks, bulk
):
    regs = [register(edition, name) for name in ("Nguyễn Văn An", "Lê Thị Bình")]
    mail.outbox.clear()

    response = bulk(organiser_client, "approve", regs)

    assert [r.status for r in Registration.objects.order_by("pk")] == [Status.APPROVED] * 2
    assert messages_of(response) == ["Đã duyệt 2 đăng ký."]
    assert len(mail.outbox) == 2
    assert AuditLog.objects.filter(action="approved", actor=organiser).count() == 2


def test_bulk_approve_when_full_reports_the_refused_ones(organiser_client, edition, bulk):
    edition.capacity = 1
    edition.save()
    an = register(edition, "Nguyễn Văn An")
    binh = register(edition, "Lê Thị Bình")
    cuong = register(edition, "Phạm Văn Cường")

    response = bulk(organiser_client, "approve", [an, binh, cuong])

    assert messages_of(response) == [
        "Đã duyệt 1 đăng ký.",
        "2 không thực hiện được: Đã hết chỗ (1). Hãy tăng số chỗ hoặc giữ ở danh sách chờ. "
        "(Lê Thị Bình, Phạm Văn Cường)",
    ]
    assert Registration.objects.get(pk=an.pk).status == Status.APPROVED
    assert Registration.objects.get(pk=binh.pk).status == Status.PENDING


def test_bulk_approve_already_approved_is_reported_not_counted(organiser_client, edition, bulk):
    an = register(edition, "Nguyễn Văn An")
    binh = register(edition, "Lê Thị Bình")
    svc.registration_approve(registration_id=an.pk)

    response = bulk(organiser_client, "approve", [an, binh])

    assert messages_of(response) == [
        "Đã duyệt 1 đăng ký.",
        "1 đăng ký đã được duyệt từ trước, không thay đổi: Nguyễn Văn An.",
    ]


def test_bulk_reject_requires_a_reason(organiser_client, edition, bulk):
    an = register(edition, "Nguyễn Văn An")

    response = bulk(organiser_client, "reject", [an], reason="  ")

    assert messages_of(response) == ["Cần nêu lý do từ chối."]
    assert Registration.objects.get(pk=an.pk).status == Status.PENDING


def test_bulk_reject_with_reason(organiser_client, edition, bulk):
    an = register(edition, "Nguyễn Văn An")

    response = bulk(organiser_client, "reject", [an], reason="Không thuộc đối tượng mời")

    an.refresh_from_db()
    assert an.status == Status.REJECTED
    assert an.rejection_reason == "Không thuộc đối tượng mời"
    assert messages_of(response) == ["Đã từ chối 1 đăng ký."]


def test_bulk_promote_approves_waitlisted_only(organiser_client, edition, bulk):
    an = register(edition, "Nguyễn Văn An")
    binh = register(edition, "Lê Thị Bình")
    svc.registration_to_waitlist(registration_id=binh.pk)

    response = bulk(organiser_client, "promote", [an, binh])

    assert Registration.objects.get(pk=binh.pk).status == Status.APPROVED
    assert Registration.objects.get(pk=an.pk).status == Status.PENDING
    assert messages_of(response) == [
        "Đã duyệt 1 đăng ký từ danh sách chờ.",
        "1 không thực hiện được: Không ở danh sách chờ. (Nguyễn Văn An)",
    ]


def test_bulk_waitlist_moves_pending_to_the_end(organiser_client, edition, bulk):
    an = register(edition, "Nguyễn Văn An")

    response = bulk(organiser_client, "waitlist", [an])

    an.refresh_from_db()
    assert an.status == Status.WAITLISTED
    assert an.waitlist_position == 1
    assert messages_of(response) == ["Đã chuyển 1 đăng ký vào danh sách chờ."]


def test_bulk_tampered_ids_never_fail(
    organiser_client, edition, django_capture_on_commit_callbacks
):
    an = register(edition, "Nguyễn Văn An")
    other_edition = EditionFactory(slug="2024", is_current=False, capacity=5)
    foreign = register(other_edition, "Lê Văn Ngoại")

    with django_capture_on_commit_callbacks(execute=True):
        started = organiser_client.post(
            reverse("registration:delegate_bulk"),
            {
                "action": "approve",
                "ids": [str(an.pk), "abc", "-1", "9" * 30, str(foreign.pk), "999999"],
            },
        )
    response = organiser_client.get(started.url, follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [
        "Đã duyệt 1 đăng ký.",
        "5 mục đã chọn không tồn tại trong kỳ diễn đàn này.",
    ]
    assert Registration.objects.get(pk=foreign.pk).status == Status.PENDING


def test_bulk_unknown_action_changes_nothing(organiser_client, edition, bulk):
    an = register(edition, "Nguyễn Văn An")

    response = bulk(organiser_client, "delete_everything", [an])

    assert response.status_code == 200
    assert messages_of(response) == ["Hãy chọn một thao tác."]
    assert Registration.objects.get(pk=an.pk).status == Status.PENDING


def test_bulk_redirect_keeps_the_filters(organiser_client, edition, bulk):
    an = register(edition, "Nguyễn Văn An")

    response = bulk(organiser_client, "approve", [an], return_query="status=pending&q=an&evil=1")

    assert response.redirect_chain[-1] == ("/organiser/delegates/?q=an&status=pending", 302)


def test_bulk_redirect_returns_to_the_same_page(organiser_client, edition, bulk):
    an = register(edition, "Nguyễn Văn An")

    response = bulk(organiser_client, "approve", [an], return_query="q=an", return_page="3")

    assert response.redirect_chain[-1] == ("/organiser/delegates/?q=an&page=3", 302)


def test_bulk_resend_queues_missing_requeues_failed_and_skips_sent(
    organiser_client, edition, django_capture_on_commit_callbacks, bulk
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = register(edition, "Nguyễn Văn An")
        failed = register(edition, "Lê Thị Bình")
    OutgoingEmail.objects.filter(recipient=failed.email).update(
        status=OutgoingEmail.Status.FAILED, last_error="SMTP 550"
    )
    # A profile change bumps the version: the "received" email at the new version is new.
    fresh = register(edition, "Phạm Văn Cường")
    Registration.objects.filter(pk=fresh.pk).update(version=2)
    mail.outbox.clear()

    response = bulk(organiser_client, "resend", [sent, failed, fresh])

    assert messages_of(response) == [
        "Đã xếp hàng gửi lại 1 email: Phạm Văn Cường.",
        "Đã gửi lại 1 email bị lỗi: Lê Thị Bình.",
        "1 email đã gửi thành công trước đó nên không gửi trùng: Nguyễn Văn An.",
    ]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([failed.email, fresh.email])
    assert OutgoingEmail.objects.get(recipient=failed.email).status == OutgoingEmail.Status.SENT
    assert OutgoingEmail.objects.filter(recipient=sent.email).count() == 1


def test_bulk_job_page_shows_progress_until_done_then_returns_to_the_list(
    organiser_client, edition, django_capture_on_commit_callbacks
):
    """With a worker, the job runs while the organiser watches its bar; the bar polls itself and,
    once the job is done, sends the organiser back to the list with the report."""
    regs = [register(edition, name) for name in ("Nguyễn Văn An", "Lê Thị Bình", "Phạm Văn Cường")]
    started = organiser_client.post(
        reverse("registration:delegate_bulk"),
        {"action": "approve", "ids": [r.pk for r in regs], "return_query": "q=an"},
    )
    job = Job.objects.get()
    assert started.url == reverse("forum:job_detail", kwargs={"job_id": job.pk})

    waiting = organiser_client.get(started.url).content.decode()
    assert "Đang chờ máy xử lý" in waiting
    assert 'hx-trigger="every 1s"' in waiting
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, done=1)
    progress_url = reverse("forum:job_progress", kwargs={"job_id": job.pk})
    step = organiser_client.get(progress_url, headers={"HX-Request": "true"}).content.decode()
    assert "Đã xử lý 1/3 (33%)." in step
    assert "<html" not in step  # only the progress block, swapped in place
    Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED, done=0)

    with django_capture_on_commit_callbacks(execute=True):
        from forum.task_queue import task_enqueue

        task_enqueue("forum.job_run", job_id=str(job.pk))

    done = organiser_client.get(progress_url, headers={"HX-Request": "true"})
    assert done["HX-Redirect"] == "/organiser/delegates/?q=an"
    assert messages_of(organiser_client.get(done["HX-Redirect"])) == ["Đã duyệt 3 đăng ký."]
    assert Registration.objects.filter(status=Status.APPROVED).count() == 3


def test_bulk_job_of_another_organiser_is_404(organiser_client, edition, bulk):
    from tests.factories import user_with_roles

    other = user_with_roles("organiser", email="other@forum.test")
    job = Job.objects.create(kind="registration.delegates_bulk", owner=other, edition=edition)

    for name in ("forum:job_detail", "forum:job_progress"):
        response = organiser_client.get(reverse(name, kwargs={"job_id": job.pk}))
        assert response.status_code == 404
