"""Publishing: numbered versions with a changelog, a preview of changes and recipients, and
one email per person per version listing all their changes, with their calendar attached."""

import pytest
from django.core import mail

from agenda.models import AgendaVersion, PublishedSession
from agenda.selectors.publishing import publish_preview
from agenda.services import editing, notifications, personal, publishing, seats
from forum.errors import ServiceError
from forum.models import Job
from mail.models import OutgoingEmail
from tests.agenda import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(forum, edition):
    helpers.publish(edition)
    return forum


def changes_emails():
    return OutgoingEmail.objects.filter(kind=notifications.KIND).order_by("recipient")


def test_first_version_lists_no_changes_and_emails_nobody(forum, edition):
    version, job = publishing.agenda_publish(edition=edition)

    assert version.number == 1
    assert version.changes == []
    assert job is None
    assert PublishedSession.objects.filter(version=version).count() == 3
    assert changes_emails().count() == 0


def test_publishing_the_same_draft_again_makes_no_version_and_sends_nothing(published, edition):
    with pytest.raises(ServiceError) as refused:
        publishing.agenda_publish(edition=edition)

    assert refused.value.code == "no_changes"
    assert AgendaVersion.objects.count() == 1
    assert changes_emails().count() == 0


def test_a_move_is_in_the_changelog_and_mails_each_person_who_saved_it_once(
    published, edition, organiser, django_capture_on_commit_callbacks
):
    saver = helpers.delegate(edition, "an@example.vn")
    english = helpers.delegate(edition, "bob@example.com", language="en", full_name="Bob Smith")
    bystander = helpers.delegate(edition, "other@example.vn")
    for user in (saver, english):
        personal.session_save(edition=edition, user=user, session_id=published["keynote"].pk)
    personal.session_save(edition=edition, user=bystander, session_id=published["opening"].pk)
    helpers.change(
        edition, published["keynote"], start="14:00", end="14:15", room=published["small"]
    )

    with django_capture_on_commit_callbacks(execute=True):
        version, job = publishing.agenda_publish(edition=edition, actor=organiser)

    job.refresh_from_db()
    assert version.number == 2
    [record] = version.changes
    assert (record["code"], record["kinds"]) == (published["keynote"].code, ["time", "room"])
    assert job.status == Job.Status.DONE and job.result["emails"] == 2
    emails = list(changes_emails())
    assert [e.recipient for e in emails] == ["an@example.vn", "bob@example.com"]
    vi, en = emails
    assert "Đổi giờ: 13:45–14:00 30/12/2025 → 14:00–14:15 30/12/2025" in vi.body_text
    assert "Đổi phòng: Hội trường chính → Phòng chuyên đề 1" in vi.body_text
    # English data in the English email (its interface text comes from the catalog).
    assert en.language == "en"
    assert "The Minister's speech" in en.body_text
    assert "Thematic room 1" in en.body_text
    assert "Phát biểu của Bộ trưởng" not in en.body_text
    sent = {m.to[0]: m for m in mail.outbox}
    assert set(sent) == {"an@example.vn", "bob@example.com"}
    [(name, content, mimetype)] = sent["an@example.vn"].attachments
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    assert "DTSTART;TZID=Asia/Ho_Chi_Minh:20251230T140000" in content
    assert "SEQUENCE:1" in content


def test_one_email_lists_all_of_a_persons_changes(
    published, edition, django_capture_on_commit_callbacks
):
    user = helpers.delegate(edition, "an@example.vn")
    for key in ("keynote", "opening"):
        personal.session_save(edition=edition, user=user, session_id=published[key].pk)
    helpers.change(edition, published["keynote"], start="14:00", end="14:15")
    editing.session_cancel(edition=edition, session_id=published["opening"].pk)

    with django_capture_on_commit_callbacks(execute=True):
        helpers.publish(edition)

    [email] = changes_emails()
    assert "Phát biểu của Bộ trưởng" in email.body_text
    assert "Khai mạc diễn đàn" in email.body_text
    assert "Phiên đã bị hủy." in email.body_text
    assert len(mail.outbox) == 1


def test_seat_holders_are_told_too(published, edition, django_capture_on_commit_callbacks):
    holder = helpers.delegate(edition, "seat@example.vn")
    seats.seat_take(session_id=published["ai"].pk, user=holder, now=helpers.at("08:00"))
    personal.session_save(edition=edition, user=holder, session_id=published["ai"].pk, saved=False)
    helpers.change(edition, published["ai"], speakers=[published["minister"]], moderators=[])

    with django_capture_on_commit_callbacks(execute=True):
        version = helpers.publish(edition)

    assert version.changes[0]["kinds"] == ["speakers"]
    [email] = changes_emails()
    assert email.recipient == "seat@example.vn"
    assert "Diễn giả: Trần Quốc Hùng" in email.body_text


def test_running_the_notification_again_mails_nobody_twice(
    published, edition, django_capture_on_commit_callbacks
):
    user = helpers.delegate(edition, "an@example.vn")
    personal.session_save(edition=edition, user=user, session_id=published["keynote"].pk)
    helpers.change(edition, published["keynote"], start="14:00", end="14:15")
    with django_capture_on_commit_callbacks(execute=True):
        version = helpers.publish(edition)

    # A worker killed after sending and the job taken over, or the task delivered twice.
    with django_capture_on_commit_callbacks(execute=True):
        result = notifications.version_notify(version_id=version.pk)

    assert result["emails"] == 1
    assert changes_emails().count() == 1
    assert len(mail.outbox) == 1


def test_a_later_version_without_a_persons_sessions_mails_them_nothing(
    published, edition, django_capture_on_commit_callbacks
):
    user = helpers.delegate(edition, "an@example.vn")
    personal.session_save(edition=edition, user=user, session_id=published["keynote"].pk)
    helpers.change(edition, published["opening"], title="Khai mạc trọng thể")

    with django_capture_on_commit_callbacks(execute=True):
        version = helpers.publish(edition)

    assert version.changes[0]["kinds"] == ["title"]
    assert changes_emails().count() == 0


def test_description_only_change_is_in_the_changelog_but_mails_nobody(
    published, edition, django_capture_on_commit_callbacks
):
    user = helpers.delegate(edition, "an@example.vn")
    personal.session_save(edition=edition, user=user, session_id=published["keynote"].pk)
    helpers.change(edition, published["keynote"], description="Thêm phần hỏi đáp.")

    with django_capture_on_commit_callbacks(execute=True):
        version, job = publishing.agenda_publish(edition=edition)

    assert version.changes[0]["kinds"] == ["details"]
    assert job is None
    assert changes_emails().count() == 0


def test_preview_shows_changes_and_recipients_and_sends_nothing(published, edition):
    user = helpers.delegate(edition, "an@example.vn")
    personal.session_save(edition=edition, user=user, session_id=published["keynote"].pk)
    helpers.change(edition, published["keynote"], start="14:00", end="14:15")
    helpers.session(edition, "Ký kết hợp tác", "16:00", "16:15", room=published["hall"])

    preview = publish_preview(edition=edition)

    assert preview.number == 2
    assert [r["kinds"] for r in preview.changes] == [["time"], ["new"]]
    assert [r.email for r in preview.recipients] == ["an@example.vn"]
    assert AgendaVersion.objects.count() == 1
    assert changes_emails().count() == 0


def test_publishing_refuses_a_draft_changed_since_the_preview(published, edition):
    helpers.change(edition, published["keynote"], start="14:00", end="14:15")
    seen = publish_preview(edition=edition).fingerprint
    helpers.change(edition, published["opening"], start="13:35", end="13:45")

    with pytest.raises(ServiceError) as refused:
        publishing.agenda_publish(edition=edition, expected_fingerprint=seen)

    assert refused.value.code == "draft_changed"
    assert AgendaVersion.objects.count() == 1


def test_sequence_rises_only_for_changed_sessions_and_uids_stay(published, edition):
    helpers.change(edition, published["keynote"], start="14:00", end="14:15")
    v2 = helpers.publish(edition)
    helpers.change(edition, published["keynote"], start="14:05", end="14:20")
    v3 = helpers.publish(edition)

    def sequence(version, session):
        return next(s for s in version.snapshot["sessions"] if s["id"] == session.pk)["sequence"]

    assert [sequence(v, published["keynote"]) for v in (v2, v3)] == [1, 2]
    assert [sequence(v, published["opening"]) for v in (v2, v3)] == [0, 0]


def test_a_published_session_cannot_be_deleted_only_cancelled(published, edition):
    with pytest.raises(ServiceError) as refused:
        editing.session_delete(edition=edition, session_id=published["keynote"].pk)

    assert refused.value.code == "published"
    draft = helpers.session(edition, "Chỉ trong bản nháp", "16:00", "16:30")
    editing.session_delete(edition=edition, session_id=draft.pk)
