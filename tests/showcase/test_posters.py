"""Station posters: an A4 PDF per placed demo with the embedded Vietnamese font and a QR code
that opens the demo's page; every poster at once through the long-job mechanism."""

import io

import pytest

from forum.models import Job
from showcase.services import posters
from tests.showcase.conftest import make_demo

pytestmark = pytest.mark.django_db

A4 = (595.28, 841.89)  # points


def pages(pdf: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf)).pages


def qr_codes(pdf: bytes, page: int = 0) -> list[str]:
    """The QR codes a phone camera would read on a page, rendered at 150 dpi."""
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(pdf)
    image = document[page].render(scale=150 / 72).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_poster_is_one_a4_page_with_the_font_embedded_and_the_demos_texts(demo, settings):
    settings.SITE_URL = "https://forum.example.vn"

    pdf = posters.poster_pdf(demo=demo)

    [page] = pages(pdf)
    assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == (
        round(A4[0], 1),
        round(A4[1], 1),
    )
    text = page.extract_text()
    assert "Drone giao hàng Bay Việt" in text
    assert "Giao 2 kg hàng trên quãng đường 5 km trong 15 phút" in text
    assert "Delivers 2 kg over 5 km in 15 minutes" in text
    fonts = {
        str(font["/BaseFont"])
        for font in (f.get_object() for f in page["/Resources"]["/Font"].values())
    }
    assert fonts and all("Be-Vietnam-Pro" in name for name in fonts), fonts


def test_poster_qr_code_opens_the_demos_page(demo, settings):
    settings.SITE_URL = "https://forum.example.vn"

    codes = qr_codes(posters.poster_pdf(demo=demo))

    assert codes == [f"https://forum.example.vn/showcase/demos/{demo.pk}/"]


def test_a_demo_without_a_station_has_no_poster(organiser_client, edition, problem, enterprise):
    waiting = make_demo(edition, problem, enterprise, approve=False)

    response = organiser_client.get(f"/organiser/showcase/demos/{waiting.pk}/poster.pdf")

    assert response.status_code == 302
    followed = organiser_client.get(response.url).content.decode()
    assert "Chỉ in áp phích cho sản phẩm đã được duyệt và xếp gian." in followed


def test_organiser_downloads_one_poster(organiser_client, demo):
    response = organiser_client.get(f"/organiser/showcase/demos/{demo.pk}/poster.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="ap-phich-gian-7.pdf"' in response["Content-Disposition"]


def test_bulk_print_job_renders_every_placed_demo_by_station(
    organiser_client,
    edition,
    problem,
    enterprise,
    demo,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path
    make_demo(edition, problem, enterprise, product="Trạm sạc drone", station=2)
    make_demo(edition, problem, enterprise, product="Chưa xếp gian")

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post("/organiser/showcase/posters/")

    job = Job.objects.get(kind=posters.PRINT_JOB)
    assert response.status_code == 302
    assert (job.status, job.result["posters"], job.done, job.total) == ("done", 2, 2, 2)
    page = organiser_client.get("/organiser/showcase/posters/").content.decode()
    assert "Tệp in áp phích đã sẵn sàng" in page
    download = organiser_client.get(f"/organiser/showcase/posters/{job.pk}.pdf")
    pdf = b"".join(download.streaming_content)
    texts = [p.extract_text() for p in pages(pdf)]
    assert len(texts) == 2
    assert "Trạm sạc drone" in texts[0]
    assert "Drone giao hàng Bay Việt" in texts[1]


def test_bulk_print_with_nothing_placed_says_so(organiser_client, edition):
    response = organiser_client.post("/organiser/showcase/posters/")

    assert response.status_code == 400
    assert "Chưa có sản phẩm nào được duyệt và xếp gian" in response.content.decode()
    assert not Job.objects.exists()


def test_another_organisers_print_file_is_not_served(
    client, organiser_client, demo, settings, tmp_path, django_capture_on_commit_callbacks
):
    from registration import roles
    from tests.factories import user_with_roles

    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post("/organiser/showcase/posters/")
    job = Job.objects.get()
    assert job.status == "done"
    assert organiser_client.get(f"/organiser/showcase/posters/{job.pk}.pdf").status_code == 200
    other = user_with_roles(roles.ORGANISER, email="khac@forum.test", is_staff=True)
    from registration.services.accounts import totp_ensure

    totp_ensure(user=other)
    client.force_login(other)

    assert client.get(f"/organiser/showcase/posters/{job.pk}.pdf").status_code == 404
