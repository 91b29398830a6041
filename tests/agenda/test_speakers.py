"""Speakers: photos checked by their content, stored privately and served resized without the
camera's metadata; names stored as NFC with a readable address."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agenda.models import Speaker
from tests.agenda import helpers

pytestmark = pytest.mark.django_db


def png(size=(800, 600), exif_gps=True) -> bytes:
    from PIL import Image

    image = Image.new("RGB", size, (11, 61, 145))
    out = io.BytesIO()
    exif = Image.Exif()
    if exif_gps:
        exif[0x010F] = "Camera maker with a secret"
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_speaker_photo_is_checked_stored_privately_and_served_resized_without_metadata(
    organiser_client, forum, edition, settings, tmp_path
):
    from django.test import Client

    client = Client()
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("chan-dung.jpg", png(), content_type="image/jpeg")

    response = organiser_client.post(
        f"/organiser/agenda/speakers/{forum['minister'].pk}/",
        {"full_name": "Trần Quốc Hùng", "honorific": "Ông", "photo": upload},
    )
    helpers.publish(edition)
    minister = Speaker.objects.get(pk=forum["minister"].pk)
    page = client.get(f"/agenda/speakers/{minister.slug}/").content.decode()
    photo_url = page.split('class="speaker-photo" src="')[1].split('"')[0]
    photo = client.get(photo_url)

    assert response.status_code == 302
    assert (tmp_path / minister.photo.name).exists()
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    from PIL import Image

    served = Image.open(io.BytesIO(photo.content))
    assert served.size == (480, 480)
    assert b"secret" not in photo.content
    assert client.get(photo_url.replace("480", "999")).status_code == 404


def test_a_file_that_is_not_an_image_is_refused(organiser_client, forum, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("anh.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")

    response = organiser_client.post(
        "/organiser/agenda/speakers/new/", {"full_name": "Lê Văn Mới", "photo": fake}
    )

    assert response.status_code == 400
    assert "Tệp không phải là ảnh JPEG, PNG hoặc WebP." in response.content.decode()
    assert not Speaker.objects.filter(full_name="Lê Văn Mới").exists()
    assert list(tmp_path.rglob("*.*")) == []


def test_speaker_names_are_stored_nfc_with_a_readable_slug(organiser_client, forum):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Đặng Thị Ánh")
    organiser_client.post("/organiser/agenda/speakers/new/", {"full_name": nfd})

    speaker = Speaker.objects.get(slug="dang-thi-anh")
    assert speaker.full_name == "Đặng Thị Ánh"


def test_speaker_is_linked_to_the_delegate_they_are_by_email(organiser_client, forum, edition):
    helpers.delegate(edition, "lan.vu@example.vn", full_name="Vũ Thị Lan")
    url = f"/organiser/agenda/speakers/{forum['expert'].pk}/"

    unknown = organiser_client.post(
        url, {"full_name": "Vũ Thị Lan", "delegate_email": "khong-co@example.vn"}
    )
    linked = organiser_client.post(
        url, {"full_name": "Vũ Thị Lan", "delegate_email": "LAN.VU@example.vn"}
    )
    page = organiser_client.get(url).content.decode()

    assert unknown.status_code == 400
    assert "Không có đại biểu nào đăng ký với email này." in unknown.content.decode()
    assert linked.status_code == 302
    assert Speaker.objects.get(pk=forum["expert"].pk).registration.email == "lan.vu@example.vn"
    assert 'value="lan.vu@example.vn"' in page
