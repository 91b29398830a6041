"""Attachments: PDF only, checked by content, at most 10 MB and 10 files, stored privately under
MEDIA_ROOT, served only through the permission-checked view; a refused file is named with its
reason and the others are kept."""

import io

import pytest

from awards.models import MAX_ATTACHMENT_BYTES, Attachment
from awards.services.assignment import assignment_add
from awards.services.attachments import MAX_ATTACHMENTS, attachment_add
from awards.services.conflicts import conflict_add
from forum.errors import ServiceError
from tests.awards.helpers import (
    enterprise_make,
    entry_of,
    judge_make,
    nomination_make,
    pdf_bytes,
    upload,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("bi-mat")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def owner(db):
    return enterprise_make("huy@saobacdau.vn")


@pytest.fixture
def draft(setup, owner):
    return nomination_make(setup, owner=owner, submit=False)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_a_pdf_is_stored_privately_under_a_random_name(draft, owner, private_root, settings):
    attachment = attachment_add(
        nomination_id=draft.pk, owner=owner, upload=upload(pdf_bytes(3), "Hồ sơ giới thiệu.pdf")
    )

    stored = private_root / attachment.path
    assert stored.read_bytes() == pdf_bytes(3)
    assert stored.stat().st_mode & 0o777 == 0o600
    assert attachment.name == "Hồ sơ giới thiệu.pdf"
    assert attachment.pages == 3
    assert "Hồ sơ" not in attachment.path
    assert str(settings.STATIC_ROOT) not in str(stored)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (PNG, "not_pdf"),
        (b"%PDF-1.7\n this is not a document", "unreadable"),
        (b"", "empty"),
        (None, "encrypted"),
    ],
)
def test_what_is_not_a_readable_pdf_is_refused_by_its_content(draft, owner, content, code):
    content = encrypted_pdf() if content is None else content

    with pytest.raises(ServiceError) as refused:
        attachment_add(nomination_id=draft.pk, owner=owner, upload=upload(content, "gia.pdf"))

    assert refused.value.code == code
    assert not Attachment.objects.exists()


def test_a_file_over_10_mb_is_refused_before_it_is_read(draft, owner):
    oversized = b"%PDF-1.7\n" + b"0" * MAX_ATTACHMENT_BYTES

    with pytest.raises(ServiceError) as refused:
        attachment_add(nomination_id=draft.pk, owner=owner, upload=upload(oversized))

    assert refused.value.code == "too_large"
    assert refused.value.message.endswith("vượt giới hạn 10 MB.")


def test_the_same_file_twice_and_more_than_ten_files_are_refused(draft, owner):
    attachment_add(nomination_id=draft.pk, owner=owner, upload=upload(pdf_bytes(1)))
    with pytest.raises(ServiceError) as duplicate:
        attachment_add(nomination_id=draft.pk, owner=owner, upload=upload(pdf_bytes(1)))
    for pages in range(2, MAX_ATTACHMENTS + 1):
        attachment_add(nomination_id=draft.pk, owner=owner, upload=upload(pdf_bytes(pages)))
    with pytest.raises(ServiceError) as too_many:
        attachment_add(nomination_id=draft.pk, owner=owner, upload=upload(pdf_bytes(20)))

    assert duplicate.value.code == "duplicate"
    assert too_many.value.code == "too_many"
    assert draft.attachments.count() == MAX_ATTACHMENTS


def test_a_refused_file_is_named_and_the_accepted_ones_are_kept(draft, owner, client):
    client.force_login(owner)

    response = client.post(
        f"/awards/nominations/{draft.pk}/attachments/",
        {"files": [upload(name="tot.pdf"), upload(PNG, "anh-chup.pdf"), upload(b"", "rong.pdf")]},
        follow=True,
    )

    assert [a.name for a in draft.attachments.all()] == ["tot.pdf"]
    messages = messages_of(response)
    assert "Đã đính kèm “tot.pdf”." in messages
    assert "Không nhận tệp “anh-chup.pdf”: Tệp không phải PDF (chỉ nhận tệp PDF)." in messages
    assert "Không nhận tệp “rong.pdf”: Tệp rỗng." in messages


def test_an_upload_with_no_file_says_so(draft, owner, client):
    client.force_login(owner)

    response = client.post(f"/awards/nominations/{draft.pk}/attachments/", {}, follow=True)

    assert messages_of(response) == ["Hãy chọn ít nhất một tệp PDF."]


def test_path_parts_in_a_file_name_are_dropped(draft, owner):
    attachment = attachment_add(
        nomination_id=draft.pk, owner=owner, upload=upload(name="../../etc/passwd")
    )

    assert attachment.name == "passwd.pdf"
    assert attachment.path.startswith(f"awards/{draft.award_id}/{draft.pk}/")


@pytest.fixture
def judged(setup, judges):
    """A nomination in the scoring round, assigned to judge 1; judge 2 is conflicted; judge 3
    sits on the panel but is not assigned."""
    owner = enterprise_make("chu@example.vn")
    nomination = nomination_make(setup, owner=owner, eligible=True, product_name="Cảng số")
    entry = entry_of(setup.scoring, nomination)
    assignment_add(round_id=setup.scoring.pk, entry_id=entry.pk, judge_id=judges[0].pk, actor=None)
    conflict_add(
        award=setup.award, judge_id=judges[1].pk, nomination_id=nomination.pk, reason="", actor=None
    )
    return nomination, owner


def test_attachments_are_served_only_to_those_who_may_read_them(
    setup, judges, judged, client, organiser, user_factory
):
    nomination, owner = judged
    url = f"/awards/attachments/{nomination.attachments.get().pk}/"
    other_panel_judge = judge_make(setup, "khac@example.vn")
    allowed = [owner, organiser, judges[0]]
    refused = [
        judges[1].user,  # conflicted
        judges[2].user,  # on the panel, not assigned
        other_panel_judge.user,
        enterprise_make("doi-thu@example.vn"),
        user_factory(email="dai-bieu@example.vn"),
    ]

    for user in allowed:
        client.force_login(getattr(user, "user", user))
        response = client.get(url)
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    for user in refused:
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    client.logout()
    assert client.get(url).status_code == 302


def test_with_panel_wide_judging_a_panel_member_reads_it_but_never_a_conflicted_one(
    setup, judges, judged, client
):
    nomination, _owner = judged
    setup.scoring.panel_sees_all = True
    setup.scoring.save()
    url = f"/awards/attachments/{nomination.attachments.get().pk}/"

    client.force_login(judges[2].user)
    assert client.get(url).status_code == 200
    client.force_login(judges[1].user)
    assert client.get(url).status_code == 404


def test_no_public_path_serves_the_private_files(judged, client):
    nomination, _owner = judged
    attachment = nomination.attachments.get()

    for path in (
        f"/private-files/{attachment.path}",
        f"/static/{attachment.path}",
        f"/{attachment.path}",
    ):
        assert client.get(path).status_code == 404, path


def test_a_missing_file_answers_404_not_500(judged, client, private_root):
    nomination, owner = judged
    attachment = nomination.attachments.get()
    (private_root / attachment.path).unlink()
    client.force_login(owner)

    assert client.get(f"/awards/attachments/{attachment.pk}/").status_code == 404


def test_an_enterprise_deletes_its_own_attachment_before_screening_only(
    setup, draft, owner, client, judged
):
    attachment = attachment_add(nomination_id=draft.pk, owner=owner, upload=upload())
    screened, screened_owner = judged
    client.force_login(owner)

    client.post(f"/awards/attachments/{attachment.pk}/delete/")
    theirs = client.post(f"/awards/attachments/{screened.attachments.get().pk}/delete/")
    client.force_login(screened_owner)
    locked = client.post(
        f"/awards/attachments/{screened.attachments.get().pk}/delete/", follow=True
    )

    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert theirs.status_code == 404
    assert screened.attachments.count() == 1
    assert "Hồ sơ đã được sàng lọc, không sửa được nữa." in messages_of(locked)
