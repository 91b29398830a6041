"""Bulk badge printing: order and layouts, the print file, the command and the organiser's print
page."""

import io
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forum.models import Job
from registration import roles
from registration.models import DelegateType, Registration
from registration.services.accounts import totp_ensure
from registration.services.badges import pdf as badge_pdf
from registration.services.badges import print_files
from tests.factories import user_with_roles
from tests.registration.badge_helpers import (
    MM_PER_INCH,
    PEOPLE,
    first_names,
    page_image,
    page_texts,
    pdf_document,
    pending,
)

Status = Registration.Status
pytestmark = pytest.mark.usefixtures("private_root")


# --- Bulk print ---------------------------------------------------------------------------------


def test_print_by_name_follows_vietnamese_order_of_given_names(edition, people):
    registrations = print_files.badges_print_registrations(edition=edition, sort="name")

    pdf = badge_pdf.render_badges_pdf(registrations=registrations, edition=edition)

    # a < â < b < d < đ (code point order would put Ân after Ba and Đông after Vũ's Ba).
    assert first_names(pdf) == [
        "Ngô Thị Anh",
        "Trần Văn Ân",
        "Vũ Văn Ba",
        "Lê Thị Dung",
        "Phạm Văn Đông",
    ]


def test_print_by_organisation_then_name(edition, people):
    registrations = print_files.badges_print_registrations(edition=edition, sort="organisation")

    pdf = badge_pdf.render_badges_pdf(registrations=registrations, edition=edition)

    assert first_names(pdf) == [
        "Vũ Văn Ba",  # Báo
        "Ngô Thị Anh",  # Công ty Cổ phần FPT, Anh
        "Lê Thị Dung",  # Công ty Cổ phần FPT, Dung
        "Trần Văn Ân",  # Đại học
        "Phạm Văn Đông",  # Viettel
    ]


def test_print_filtered_by_delegate_type(edition, people):
    registrations = print_files.badges_print_registrations(
        edition=edition, delegate_type=DelegateType.ENTERPRISE
    )

    assert [r.full_name for r in registrations] == ["Ngô Thị Anh", "Lê Thị Dung", "Phạm Văn Đông"]


def test_four_up_layout_puts_four_badges_per_a4_sheet_with_crop_marks(edition, people):
    registrations = print_files.badges_print_registrations(edition=edition)

    pdf = badge_pdf.render_badges_pdf(registrations=registrations, layout="a4-4up")

    document = pdf_document(pdf)
    assert len(document) == 2
    width, height = document[0].get_size()
    assert (round(width / 72 * MM_PER_INCH), round(height / 72 * MM_PER_INCH)) == (210, 297)
    texts = page_texts(pdf)
    assert sum(name in texts[0] for name, _o, _k in PEOPLE) == 4
    assert sum(name in texts[1] for name, _o, _k in PEOPLE) == 1
    # A cut mark at the top edge on the vertical cut line (x = 105 mm): dark pixels there.
    image = page_image(pdf, dpi=100).convert("L")
    x = round(105 / MM_PER_INCH * 100)
    assert min(image.getpixel((x, y)) for y in range(2, 20)) < 80
    # Every QR on the first sheet decodes.
    import zxingcpp

    assert len(zxingcpp.read_barcodes(page_image(pdf, dpi=200))) == 4


def test_print_renders_in_chunks_and_reports_progress(edition, people, monkeypatch):
    monkeypatch.setattr(badge_pdf, "CHUNK", 2)
    calls = []

    pdf = badge_pdf.render_badges_pdf(
        registrations=print_files.badges_print_registrations(edition=edition),
        progress=lambda done, total: calls.append((done, total)),
    )

    assert calls == [(2, 5), (4, 5), (5, 5)]
    assert len(pdf_document(pdf)) == 5
    assert first_names(pdf)[0] == "Ngô Thị Anh"


def test_print_file_is_stored_privately(edition, people, private_root):
    result = print_files.badges_print_file(edition=edition, layout="a6")

    path = private_root / "badges" / "print" / f"{uuid.UUID(result['file_id']).hex}.pdf"
    assert path.exists()
    assert result == {"file_id": result["file_id"], "badges": 5, "pages": 5}
    assert len(pdf_document(path.read_bytes())) == 5


def test_a_new_print_file_prunes_those_older_than_two_days(edition, people):
    import os
    import time

    old = print_files.badges_print_file(edition=edition)["file_id"]
    recent = print_files.badges_print_file(edition=edition)["file_id"]
    three_days_ago = time.time() - 3 * 24 * 3600
    os.utime(print_files.print_file_path(old), (three_days_ago, three_days_ago))

    newest = print_files.badges_print_file(edition=edition)["file_id"]

    assert not print_files.print_file_path(old).exists()
    assert print_files.print_file_path(recent).exists()
    assert print_files.print_file_path(newest).exists()


def test_print_job_returns_the_file(edition, people, organiser, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = print_files.badges_print_start(edition=edition, owner=organiser, layout="a4-4up")

    job.refresh_from_db()
    result = job.result
    assert (job.status, job.done, job.total) == (Job.Status.DONE, 5, 5)
    assert result["badges"] == 5
    assert result["pages"] == 2
    assert print_files.print_file_path(result["file_id"]).exists()


# --- Command ------------------------------------------------------------------------------------


def test_render_badges_command_writes_the_pdf(edition, people, tmp_path):
    out = tmp_path / "badges.pdf"
    stdout = io.StringIO()

    call_command(
        "render_badges", "--out", str(out), "--sort", "organisation", stdout=stdout, verbosity=0
    )

    assert len(pdf_document(out.read_bytes())) == 5
    assert first_names(out.read_bytes())[0] == "Vũ Văn Ba"
    assert "Wrote 5 badges on 5 pages" in stdout.getvalue()


def test_render_badges_command_four_up_filtered_by_type(edition, people, tmp_path):
    out = tmp_path / "press.pdf"

    call_command(
        "render_badges", "--out", str(out), "--layout", "a4-4up", "--type", "press", verbosity=0
    )

    texts = page_texts(out.read_bytes())
    assert len(texts) == 1
    assert "Vũ Văn Ba" in texts[0]
    assert "Ngô Thị Anh" not in texts[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sort", "age"], "invalid choice: 'age'"),
        (["--layout", "a5"], "invalid choice: 'a5'"),
        (["--type", "vip"], "invalid choice: 'vip'"),
    ],
)
def test_render_badges_command_rejects_bad_choices(edition, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("render_badges", "--out", str(tmp_path / "x.pdf"), *args)


def test_render_badges_command_checks_the_output_path(edition, tmp_path):
    with pytest.raises(CommandError, match=r"must name a \.pdf file"):
        call_command("render_badges", "--out", str(tmp_path / "badges.txt"))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("render_badges", "--out", str(tmp_path / "missing" / "badges.pdf"))
    with pytest.raises(CommandError, match="required: --out"):
        call_command("render_badges")


def test_render_badges_command_with_nobody_approved_fails_clearly(edition, tmp_path):
    pending(edition)
    out = tmp_path / "badges.pdf"

    with pytest.raises(CommandError, match="Không có đại biểu nào đã được duyệt"):
        call_command("render_badges", "--out", str(out))
    assert not out.exists()


# --- Organiser print page -----------------------------------------------------------------------

PRINT_URL = "/organiser/badges/"


@pytest.fixture
def start_print(django_capture_on_commit_callbacks):
    """Post the print form and let its job run (after the request's commit, as without a
    broker)."""

    def post(client, **form):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                PRINT_URL, {"sort": "name", "layout": "a6", "delegate_type": "", **form}
            )

    return post


def print_job(owner, edition, **fields) -> Job:
    return Job.objects.create(
        kind=print_files.PRINT_JOB,
        owner=owner,
        edition=edition,
        params={"sort": "name", "layout": "a6", "delegate_type": ""},
        **fields,
    )


def test_print_page_anonymous_is_redirected_to_login(client, edition):
    response = client.get(PRINT_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", [None, roles.DOOR_STAFF, roles.JUDGE])
def test_print_page_other_roles_get_403(client, edition, settings, role):
    settings.FORUM_STAFF_MFA_REQUIRED = False
    client.force_login(user_with_roles(*([role] if role else [])))

    assert client.get(PRINT_URL).status_code == 403
    assert client.get(f"/organiser/badges/print/{uuid.uuid4()}.pdf").status_code == 403


def test_print_page_shows_the_form(organiser_client, edition, people):
    response = organiser_client.get(PRINT_URL)

    assert response.status_code == 200
    body = response.content.decode()
    assert "5 đại biểu đã được duyệt." in body
    assert 'name="layout" value="a4-4up"' in body
    assert "style=" not in body
    assert "<script>" not in body


def test_print_inline_finishes_at_once_and_offers_the_download(
    organiser_client, edition, people, start_print
):
    response = start_print(organiser_client, layout="a4-4up")
    assert response.status_code == 302

    page = organiser_client.get(PRINT_URL).content.decode()
    job = Job.objects.get()
    download = f"/organiser/badges/print/{job.pk}.pdf"
    assert "Tệp in đã sẵn sàng" in page
    assert "5 thẻ trên 2 trang." in page
    assert download in page
    assert "hx-trigger" not in page  # nothing left to poll
    assert organiser_client.get(PRINT_URL).context["form"].initial["layout"] == "a4-4up"

    response = organiser_client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert len(pdf_document(b"".join(response.streaming_content))) == 2


def test_a_new_print_job_removes_the_previous_file(organiser_client, edition, people, start_print):
    start_print(organiser_client)
    first = Job.objects.get()

    start_print(organiser_client, delegate_type="press")

    second = Job.objects.exclude(pk=first.pk).get()
    assert not print_files.print_file_path(first.result["file_id"]).exists()
    assert second.result["badges"] == 1
    assert organiser_client.get(f"/organiser/badges/print/{first.pk}.pdf").status_code == 404


def test_print_with_nobody_matching_shows_an_error(organiser_client, edition, people, start_print):
    response = start_print(organiser_client, delegate_type="international")

    assert response.status_code == 200
    assert "Không có đại biểu nào đã được duyệt để in theo lựa chọn này." in (
        response.content.decode()
    )
    assert not Job.objects.exists()


def test_print_tampered_choice_is_refused(organiser_client, edition, people, start_print):
    response = start_print(organiser_client, layout="../../etc")

    assert response.status_code == 200
    assert response.context["form"].errors["layout"]
    assert not Job.objects.exists()


def test_print_page_shows_the_running_job_and_polls_it(organiser_client, organiser, edition):
    job = print_job(organiser, edition, status=Job.Status.RUNNING, done=480, total=1500)

    page = organiser_client.get(PRINT_URL).content.decode()
    partial = organiser_client.get(
        reverse("forum:job_progress", kwargs={"job_id": job.pk}), headers={"HX-Request": "true"}
    ).content.decode()

    for body in (page, partial):
        assert f'<progress id="job-{job.pk}-bar" value="480" max="1500">' in body
        assert "Đã xử lý 480/1500 (32%)." in body
        assert 'hx-trigger="every 1s"' in body
    assert "<html" not in partial


def test_print_page_when_the_worker_finishes_offers_the_download(
    organiser_client, organiser, edition, private_root
):
    file_id = str(uuid.uuid4())
    path = print_files.print_file_path(file_id)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"%PDF-1.7")
    job = print_job(
        organiser,
        edition,
        status=Job.Status.DONE,
        done=1500,
        total=1500,
        finished_at=timezone.now(),
        result={"file_id": file_id, "badges": 1500, "pages": 375},
    )

    body = organiser_client.get(PRINT_URL).content.decode()

    assert "1500 thẻ trên 375 trang." in body
    assert f"/organiser/badges/print/{job.pk}.pdf" in body
    assert "hx-trigger" not in body
    path.unlink()
    assert "Tệp in không còn" in organiser_client.get(PRINT_URL).content.decode()


def test_print_page_reports_a_failed_job(organiser_client, organiser, edition):
    print_job(organiser, edition, status=Job.Status.FAILED, finished_at=timezone.now())

    body = organiser_client.get(PRINT_URL).content.decode()

    assert "Không thực hiện được" in body
    assert "hx-trigger" not in body


def test_print_download_of_an_unknown_or_another_organisers_job_is_404(
    organiser_client, edition, people, start_print
):
    other = user_with_roles(roles.ORGANISER, email="khac@forum.test", is_staff=True)
    totp_ensure(user=other)
    other_client = Client()
    other_client.force_login(other)
    start_print(organiser_client)
    job = Job.objects.get()

    assert organiser_client.get(f"/organiser/badges/print/{uuid.uuid4()}.pdf").status_code == 404
    assert organiser_client.get("/organiser/badges/print/not-a-uuid.pdf").status_code == 404
    assert other_client.get(PRINT_URL).status_code == 200  # an organiser, with two factors
    assert other_client.get(f"/organiser/badges/print/{job.pk}.pdf").status_code == 404
