"""Hostile input on every form and POST of the agenda: empty, huge, wrong type, NFD Vietnamese,
dates far away, forged ids, choices not offered, NUL bytes, replays, files that are not what
they claim. Each answer is the form again with a translated error (or a 400/404) and nothing
half-written; never a server error. Run on SQLite and on PostgreSQL (NUL bytes and numbers out
of a column's range behave differently there)."""

import io
import struct
import zlib
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agenda.models import (
    AgendaVersion,
    Room,
    RoomGate,
    SavedSession,
    SeatBooking,
    Session,
    SessionPerson,
    Speaker,
    Track,
)
from checkin.services import devices
from tests.agenda import helpers
from tests.factories import EditionFactory
from tests.together import post_together

HUGE = "9" * 30  # more digits than any database column holds
NFD = "Nguye\u0302\u0303n Va\u0306n Tha\u0300nh"  # "Nguyễn Văn Thành" typed with combining marks
NFC = "Nguyễn Văn Thành"

REQUIRED = "Trường này là bắt buộc."
NUL = "Không được có ký tự NUL (ký tự rỗng)."
BAD_DATE = "Nhập một ngày hợp lệ."
BAD_TIME = "Nhập một thời gian hợp lệ."
NOT_A_NUMBER = "Nhập một số tổng thể."
NOT_OFFERED = "Hãy chọn một giá trị hợp lệ."
OUT_OF_WINDOW = "Ngày phải trong khoảng"


@pytest.fixture
def elsewhere(db):
    """Another edition's room, track, speaker and gate: ids that exist, but not here."""
    other = EditionFactory(slug="2024", is_current=False)
    return {
        "room": helpers.room(other, "Phòng khác"),
        "track": helpers.track(other, slug="khac"),
        "speaker": helpers.speaker(other, "Người Ở Nơi Khác"),
        "gate": devices.gate_create(edition=other, code="z", name="Cổng Z"),
    }


def session_post(forum, **overrides) -> dict:
    data = {
        "title": "Chuyên đề: Dữ liệu lớn",
        "title_en": "Big data",
        "kind": "panel",
        "day": "30/12/2025",
        "start": "16:00",
        "end": "16:45",
        "room": forum["small"].pk,
        "track": forum["track"].pk,
        "seat_limit": "",
        "speakers": [forum["expert"].pk],
        "moderators": [forum["minister"].pk],
        "description": "Mô tả",
        "description_en": "",
    }
    data.update(overrides)
    return data


def session_state():
    return (
        sorted(Session.objects.values_list("id", "title", "starts_at", "room_id", "revision")),
        sorted(SessionPerson.objects.values_list("session_id", "speaker_id", "role")),
    )


# (field, posted value or a function of the fixtures, expected message or None for "an error")
SESSION_CASES = [
    ("title", "", REQUIRED),
    ("title", "   ", REQUIRED),
    ("title", "Khai\x00mạc", NUL),
    ("title", "a" * 301, "tối đa 300"),
    ("title", "x" * 1_000_000, "tối đa 300"),
    ("description", "Mô\x00tả", NUL),
    ("description", "d" * 8001, "tối đa 8000"),
    ("kind", "", REQUIRED),
    ("kind", "tiec-ngot", NOT_OFFERED),
    ("day", "", REQUIRED),
    ("day", "01/01/0001", OUT_OF_WINDOW),
    ("day", "31/12/9999", OUT_OF_WINDOW),
    ("day", "0001-01-01", OUT_OF_WINDOW),
    ("day", "9999-12-31", OUT_OF_WINDOW),
    ("day", "30/12/2027", OUT_OF_WINDOW),
    ("day", "29/02/2025", BAD_DATE),
    ("day", "32/13/2025", BAD_DATE),
    ("day", "30/12/2025 13:30+14:00", BAD_DATE),
    ("day", "9999-12-31T23:59:59-12:00", BAD_DATE),
    ("day", "\x00", BAD_DATE),
    ("day", HUGE, BAD_DATE),
    ("start", "24:00", BAD_TIME),
    ("start", "13:30+14:00", BAD_TIME),
    ("start", "1330\x00", BAD_TIME),
    ("end", "13:00", "Giờ kết thúc phải sau giờ bắt đầu."),
    ("seat_limit", HUGE, "nhỏ hơn hoặc bằng với 100000"),
    ("seat_limit", "-1", "lớn hơn hoặc bằng với 1"),
    ("seat_limit", "1e3", NOT_A_NUMBER),
    ("seat_limit", "\u0663", None),  # an Arabic-Indic 3: read as 3 by Python, refused or kept
    ("room", HUGE, NOT_OFFERED),
    ("room", "-1", NOT_OFFERED),
    ("room", "999999", NOT_OFFERED),
    ("room", "phong", NOT_OFFERED),
    ("room", lambda f, e: e["room"].pk, NOT_OFFERED),
    ("track", lambda f, e: e["track"].pk, NOT_OFFERED),
    ("speakers", [HUGE], NOT_OFFERED),
    ("speakers", ["-1"], NOT_OFFERED),
    ("speakers", ["\u0663"], NOT_OFFERED),
    ("speakers", ["nguoi"], NOT_OFFERED),
    ("speakers", ["\x00"], NUL),
    ("speakers", lambda f, e: [e["speaker"].pk], NOT_OFFERED),
    ("moderators", [HUGE, "1"], NOT_OFFERED),
    ("moderators", lambda f, e: [f["expert"].pk], "vừa là diễn giả vừa là người điều phối"),
]


def _value(value, forum, elsewhere):
    return value(forum, elsewhere) if callable(value) else value


@pytest.mark.parametrize(("field", "value", "message"), SESSION_CASES)
def test_a_new_session_with_a_hostile_value_is_refused_and_nothing_is_written(
    organiser_client, forum, elsewhere, field, value, message
):
    before = session_state()

    response = organiser_client.post(
        "/organiser/agenda/sessions/new/",
        session_post(forum, **{field: _value(value, forum, elsewhere)}),
    )

    if message is None and response.status_code == 302:
        return  # a value some reading accepts, saved like any other
    errors = response.context["form"].errors
    assert response.status_code == 400
    assert field in errors or (field == "end" and "end" in errors), errors
    if message:
        assert message in " ".join(errors[field]), errors[field]
        assert message in response.content.decode()
    assert session_state() == before


@pytest.mark.parametrize(("field", "value", "message"), SESSION_CASES)
def test_an_edited_session_with_a_hostile_value_is_left_as_it_was(
    organiser_client, forum, elsewhere, field, value, message
):
    session = forum["ai"]
    before = session_state()
    data = session_post(
        forum, revision=session.revision, **{field: _value(value, forum, elsewhere)}
    )

    response = organiser_client.post(f"/organiser/agenda/sessions/{session.pk}/", data)

    if message is None and response.status_code == 302:
        return
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert session_state() == before


def test_a_title_typed_with_combining_marks_counts_its_letters_and_is_stored_in_nfc(
    organiser_client, forum
):
    # 300 letters once composed, more than 300 code points as typed.
    title = (NFD + " ") * 17 + "Phiên"
    composed = (NFC + " ") * 17 + "Phiên"
    title = title + "x" * (300 - len(composed))
    assert len(title) > 300

    response = organiser_client.post(
        "/organiser/agenda/sessions/new/", session_post(forum, title=title)
    )

    assert response.status_code == 302
    saved = Session.objects.latest("id")
    assert saved.title == composed + "x" * (300 - len(composed))
    assert len(saved.title) == 300


def test_the_same_edit_posted_twice_is_saved_once_without_a_conflict(organiser_client, forum):
    session = forum["ai"]
    revision = session.revision
    data = session_post(forum, title="Chuyên đề AI (sửa)", revision=session.revision)

    first = organiser_client.post(f"/organiser/agenda/sessions/{session.pk}/", data)
    again = organiser_client.post(f"/organiser/agenda/sessions/{session.pk}/", data)
    other = organiser_client.post(
        f"/organiser/agenda/sessions/{session.pk}/", {**data, "title": "Một thay đổi khác"}
    )

    session.refresh_from_db()
    assert first.status_code == 302 and again.status_code == 302
    assert session.title == "Chuyên đề AI (sửa)"
    assert session.revision == revision + 1
    # A different change made from the same old page is still refused: nothing is overwritten.
    assert other.status_code == 400
    assert "vừa được người khác sửa" in other.content.decode()


@pytest.mark.parametrize("revision", [HUGE, "-1", "abc", "\x00"])
def test_a_forged_revision_never_overwrites(organiser_client, forum, revision):
    session = forum["ai"]
    before = session_state()

    response = organiser_client.post(
        f"/organiser/agenda/sessions/{session.pk}/",
        session_post(forum, title="Ghi đè", revision=revision),
    )

    assert response.status_code == 400
    assert session_state() == before


@pytest.mark.parametrize("session_id", ["999999", HUGE])
@pytest.mark.parametrize("action", ["", "card/", "cancel/", "delete/", "seats/"])
def test_a_session_that_does_not_exist_is_not_found(organiser_client, forum, session_id, action):
    url = f"/organiser/agenda/sessions/{session_id}/{action}"
    response = (
        organiser_client.get(url)
        if action in ("", "card/", "seats/")
        else organiser_client.post(url, {"restore": "1"})
    )

    assert response.status_code == 404


def test_another_editions_session_is_not_found(organiser_client, forum):
    other = EditionFactory(slug="2024", is_current=False)
    hall = helpers.room(other, "Hội trường năm trước")
    foreign = Session.objects.create(
        edition=other,
        title="Phiên năm trước",
        kind="panel",
        starts_at=helpers.at("14:00"),
        ends_at=helpers.at("15:00"),
        room=hall,
    )

    edit = organiser_client.post(
        f"/organiser/agenda/sessions/{foreign.pk}/", session_post(forum, revision=1)
    )
    delete = organiser_client.post(f"/organiser/agenda/sessions/{foreign.pk}/delete/")

    assert edit.status_code == 404 and delete.status_code == 404
    assert Session.objects.filter(pk=foreign.pk, title="Phiên năm trước").exists()


ROOM_CASES = [
    ("name", "", REQUIRED),
    ("name", "Phòng\x00", NUL),
    ("name", "p" * 121, "tối đa 120"),
    ("capacity", HUGE, "nhỏ hơn hoặc bằng với 100000"),
    ("capacity", "0", "lớn hơn hoặc bằng với 1"),
    ("capacity", "nhiều", NOT_A_NUMBER),
    ("order", "1000", "nhỏ hơn hoặc bằng với 999"),
    ("gates", [HUGE], NOT_OFFERED),
    ("gates", ["-5"], NOT_OFFERED),
    ("gates", ["cong-a"], NOT_OFFERED),
    ("gates", ["\x00"], NUL),
    ("gates", lambda f, e: [e["gate"].pk], NOT_OFFERED),
]


def room_state():
    return (
        sorted(Room.objects.values_list("id", "name", "capacity", "order")),
        sorted(RoomGate.objects.values_list("room_id", "gate_id")),
    )


@pytest.mark.parametrize(("field", "value", "message"), ROOM_CASES)
@pytest.mark.parametrize("existing", [False, True], ids=["new", "edit"])
def test_a_room_with_a_hostile_value_is_refused(
    organiser_client, forum, elsewhere, gate, field, value, message, existing
):
    before = room_state()
    url = (
        f"/organiser/agenda/rooms/{forum['small'].pk}/" if existing else "/organiser/agenda/rooms/"
    )
    data = {"name": "Phòng họp báo", "name_en": "", "capacity": "50", "order": "2"}
    data["gates"] = [gate.pk]
    data[field] = _value(value, forum, elsewhere)

    response = organiser_client.post(url, data)

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert room_state() == before


def test_a_room_name_typed_in_nfd_is_the_same_name(organiser_client, forum):
    helpers.room(forum["edition"], NFC)
    before = room_state()

    response = organiser_client.post("/organiser/agenda/rooms/", {"name": NFD, "capacity": "10"})

    assert response.status_code == 400
    assert "Đã có phòng tên này." in response.content.decode()
    assert room_state() == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", REQUIRED),
        ("name", "\x00", NUL),
        ("slug", "đường-đi", "chữ"),
        ("slug", "s" * 41, "tối đa 40"),
        ("slug", "a\x00b", NUL),
        ("color", "red", "Màu dạng #rrggbb."),
        ("color", "#12345g", "Màu dạng #rrggbb."),
        ("color", "#123456\n", "Màu dạng #rrggbb."),
        ("order", "-1", "lớn hơn hoặc bằng với 0"),
        ("order", HUGE, "nhỏ hơn hoặc bằng với 999"),
    ],
)
def test_a_track_with_a_hostile_value_is_refused(organiser_client, forum, field, value, message):
    before = sorted(Track.objects.values_list("id", "slug", "name", "color"))
    data = {"name": "Chuỗi mới", "slug": "chuoi-moi", "color": "#112233", "order": "1"}
    data[field] = value

    response = organiser_client.post("/organiser/agenda/tracks/", data)

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert sorted(Track.objects.values_list("id", "slug", "name", "color")) == before


def jpeg(size=(400, 400)) -> bytes:
    """A photo-like JPEG (noise does not compress, so cutting it loses picture data)."""
    import random

    from PIL import Image

    rng = random.Random(7)
    image = Image.frombytes(
        "RGB", size, bytes(rng.getrandbits(8) for _ in range(size[0] * size[1] * 3))
    )
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def png_bomb(side: int = 30_000) -> bytes:
    """A PNG that says it is side × side pixels (900 million here) in a few hundred bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * (side // 8 + 1), 9))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rong.jpg", b"", "Tập tin được gửi là rỗng."),
        ("anh.jpg", b"PK\x03\x04" + b"\x00" * 64, "Tệp không phải là ảnh JPEG, PNG hoặc WebP."),
        ("anh.jpg", b"%PDF-1.4\n%%EOF", "Tệp không phải là ảnh JPEG, PNG hoặc WebP."),
        ("anh.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "Tệp không phải là ảnh JPEG"),
        ("cat-ngang.jpg", "half", "Ảnh bị hỏng hoặc không đầy đủ; hãy tải lên lại."),
        ("bom.png", "bomb", "Ảnh có quá nhiều điểm ảnh."),
    ],
)
@pytest.mark.parametrize("lenient", [False, True], ids=["pillow", "after-weasyprint"])
def test_a_photo_that_is_not_what_it_claims_is_refused_and_the_old_one_kept(
    organiser_client, forum, settings, tmp_path, monkeypatch, name, content, message, lenient
):
    """`lenient`: as in a process that has rendered a PDF, where WeasyPrint has told Pillow to
    accept truncated images (ImageFile.LOAD_TRUNCATED_IMAGES)."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", lenient)
    settings.MEDIA_ROOT = tmp_path
    speaker = forum["expert"]
    first = organiser_client.post(
        f"/organiser/agenda/speakers/{speaker.pk}/",
        {
            "full_name": speaker.full_name,
            "photo": SimpleUploadedFile("a.jpg", jpeg(), "image/jpeg"),
        },
    )
    speaker.refresh_from_db()
    kept = speaker.photo.name
    content = {"half": jpeg()[:20_000], "bomb": png_bomb()}.get(content, content)

    response = organiser_client.post(
        f"/organiser/agenda/speakers/{speaker.pk}/",
        {
            "full_name": "Tên mới không được lưu",
            "bio": "Tiểu sử đã gõ",
            "photo": SimpleUploadedFile(name, content, "image/jpeg"),
        },
    )

    speaker.refresh_from_db()
    assert first.status_code == 302 and kept
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["photo"])
    assert "Tiểu sử đã gõ" in response.content.decode()  # what was typed is shown again
    assert speaker.photo.name == kept and speaker.full_name == "Vũ Thị Lan"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is lenient  # the process's setting is left as it was
    stored = [p.name for p in (tmp_path / "agenda" / "speakers").iterdir()]
    assert stored == [kept.rsplit("/", 1)[1]]  # no file left behind for the refused upload


def test_a_photo_cut_short_never_reaches_the_public_page(
    organiser_client, client, forum, settings, tmp_path
):
    """Before the check decoded the picture, half a JPEG was kept: its public address answered
    404 (a broken image on the speaker's page), or, in a process where WeasyPrint had been
    imported, showed the photo half grey."""
    import weasyprint  # noqa: F401 - as in the web process once a badge or poster is rendered
    from PIL import ImageFile

    settings.MEDIA_ROOT = tmp_path
    speaker = forum["expert"]

    organiser_client.post(
        f"/organiser/agenda/speakers/{speaker.pk}/",
        {
            "full_name": speaker.full_name,
            "photo": SimpleUploadedFile("a.jpg", jpeg()[:20_000], "image/jpeg"),
        },
    )

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # WeasyPrint's setting, left in place
    assert not Speaker.objects.get(pk=speaker.pk).photo


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("full_name", "", REQUIRED),
        ("full_name", "\x00", NUL),
        ("full_name", "n" * 151, "tối đa 150"),
        ("honorific", "Hoàng thượng", NOT_OFFERED),
        ("bio", "b" * 4001, "tối đa 4000"),
        ("delegate_email", "khong-phai-email", "email"),
        ("delegate_email", "a\x00@b.vn", NUL),
        ("delegate_email", "nobody@example.vn", "Không có đại biểu nào đăng ký với email này."),
    ],
)
def test_a_speaker_with_a_hostile_value_is_refused(organiser_client, forum, field, value, message):
    before = sorted(Speaker.objects.values_list("id", "full_name", "bio", "registration_id"))

    response = organiser_client.post(
        "/organiser/agenda/speakers/new/", {"full_name": "Đặng Thị Mai", field: value}
    )

    assert response.status_code == 400
    assert message.lower() in " ".join(response.context["form"].errors[field]).lower()
    assert (
        sorted(Speaker.objects.values_list("id", "full_name", "bio", "registration_id")) == before
    )


@pytest.mark.parametrize("thing", ["speakers", "rooms", "tracks"])
@pytest.mark.parametrize("thing_id", ["999999", HUGE])
def test_a_missing_room_track_or_speaker_is_not_found(organiser_client, forum, thing, thing_id):
    assert (
        organiser_client.post(f"/organiser/agenda/{thing}/{thing_id}/", {"name": "x"}).status_code
        == 404
    )


@pytest.mark.parametrize("thing", ["speakers", "rooms"])
@pytest.mark.parametrize("thing_id", ["999999", HUGE])
def test_deleting_a_missing_room_or_speaker_says_so(organiser_client, forum, thing, thing_id):
    response = organiser_client.post(f"/organiser/agenda/{thing}/{thing_id}/delete/", follow=True)

    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert "Không tìm thấy" in response.content.decode()


def preview_fingerprint(organiser_client) -> str:
    page = organiser_client.get("/organiser/agenda/publish/").content.decode()
    return page.split('name="fingerprint" value="')[1].split('"')[0]


@pytest.mark.parametrize(
    ("fingerprint", "note", "message"),
    [
        (None, "n" * 501, "tối đa 500"),
        (None, "Lùi\x00 10 phút", NUL),
        ("", "Lùi 10 phút", "Bản nháp đã thay đổi sau khi xem trước."),
        ("f" * 65, "Lùi 10 phút", "Bản nháp đã thay đổi sau khi xem trước."),
        ("0" * 64, "Lùi 10 phút", "Bản nháp đã thay đổi sau khi xem trước."),
    ],
)
def test_a_publication_refused_keeps_the_note_and_publishes_nothing(
    organiser_client, forum, fingerprint, note, message
):
    """Before, an invalid form was thrown away: the preview came back blank, the note lost."""
    current = preview_fingerprint(organiser_client)
    data = {"note": note, "fingerprint": current if fingerprint is None else fingerprint}

    response = organiser_client.post("/organiser/agenda/publish/", data)

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert AgendaVersion.objects.count() == 0
    shown = response.context["form"]
    assert shown["fingerprint"].value() == current  # the draft as it is now, to publish after
    if "\x00" not in note:
        assert note[:100] in html


def test_publishing_twice_makes_one_version(organiser_client, forum):
    data = {"fingerprint": preview_fingerprint(organiser_client), "note": "Bản đầu"}

    first = organiser_client.post("/organiser/agenda/publish/", data)
    again = organiser_client.post("/organiser/agenda/publish/", data, follow=True)

    assert first.status_code == 302
    assert AgendaVersion.objects.count() == 1
    assert "không có gì mới để công bố" in again.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "day=9999-12-31",
        "day=0001-01-01",
        "day=2025-02-30",
        "day=%00",
        f"day={HUGE}",
        "view=%00&track=%00&kind=%00",
        "view=rooms&view=list&track=khong-co&kind=zzz",
        "day=" + "2" * 5000,
    ],
)
def test_public_and_organiser_filters_ignore_what_they_cannot_read(
    client, organiser_client, forum, query
):
    helpers.publish(forum["edition"])

    public = client.get(f"/agenda/?{query}")
    grid = organiser_client.get(f"/organiser/agenda/?{query}")
    new = organiser_client.get(f"/organiser/agenda/sessions/new/?{query}&room=%00")

    assert public.status_code == 200 and "Khai mạc diễn đàn" in public.content.decode()
    assert grid.status_code == 200 and new.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/agenda/sessions/%00/",
        "/agenda/sessions/" + "x" * 5000 + "/",
        "/agenda/my/%00.ics",
        "/agenda/my/" + "t" * 64 + ".ics",
        "/agenda/my/" + "t" * 5000 + ".ics",
        "/agenda/speakers/khong-co/",
        f"/agenda/speakers/vu-thi-lan/photo-{HUGE}-abc.jpg",
        "/agenda/speakers/vu-thi-lan/photo-160-%00.jpg",
    ],
)
def test_public_addresses_that_name_nothing_are_not_found(client, forum, path):
    helpers.publish(forum["edition"])

    assert client.get(path).status_code == 404


@pytest.fixture
def delegate_client(client, forum):
    helpers.publish(forum["edition"])
    client.force_login(helpers.delegate(forum["edition"], "an@example.vn"))
    return client


@pytest.mark.parametrize(
    "following",
    [
        "//evil.example/agenda/",
        "/\\evil.example/agenda/",  # browsers read a backslash as a slash: another site
        "https://evil.example/agenda/",
        "/agenda/\x00",
        "/agenda/\r\nSet-Cookie: x=1",
        "/" + "x" * 5000,
        "",
    ],
)
def test_saving_a_session_never_follows_a_forged_address(delegate_client, forum, following):
    code = forum["ai"].code

    response = delegate_client.post(
        f"/agenda/sessions/{code}/save/", {"saved": "1", "next": following}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/agenda/sessions/{code}/"
    assert SavedSession.objects.count() == 1


def test_saving_and_taking_a_seat_twice_is_done_once(delegate_client, forum, monkeypatch):
    from agenda.views import personal

    monkeypatch.setattr(personal, "now", lambda: helpers.at("09:00"))  # the morning of the day
    code = forum["ai"].code

    for _attempt in range(2):
        delegate_client.post(f"/agenda/sessions/{code}/save/", {"saved": "1"})
        delegate_client.post(f"/agenda/sessions/{code}/seat/", {"action": "take"})

    assert SavedSession.objects.count() == 1
    assert SeatBooking.objects.filter(status=SeatBooking.Status.HELD).count() == 1


@pytest.mark.parametrize("code", ["%00", "x" * 5000, "ZZZZZZ"])
def test_saving_or_booking_a_session_that_is_not_published_is_not_found(
    delegate_client, forum, code
):
    assert delegate_client.post(f"/agenda/sessions/{code}/save/").status_code == 404
    assert delegate_client.post(f"/agenda/sessions/{code}/seat/").status_code == 404
    assert SavedSession.objects.count() == 0 and SeatBooking.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        # More than DATA_UPLOAD_MAX_MEMORY_SIZE (10 MB) of text in one field.
        lambda: urlencode({"title": "a" * (10 * 1024 * 1024 + 1), "kind": "panel"}),
        # More fields than DATA_UPLOAD_MAX_NUMBER_FIELDS.
        lambda: urlencode([("speakers", str(n)) for n in range(1200)] + [("title", "x")]),
    ],
    ids=["10-MB", "1200-fields"],
)
def test_a_body_over_the_limits_is_a_bad_request_and_nothing_is_written(
    organiser_client, forum, body
):
    before = session_state()

    response = organiser_client.post(
        "/organiser/agenda/sessions/new/",
        body(),
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
    assert session_state() == before


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("url", "model", "data", "message"),
    [
        ("rooms", Room, {"name": "Phòng họp báo", "capacity": "40"}, "Đã có phòng tên này."),
        (
            "tracks",
            Track,
            {"name": "Kinh tế số", "slug": "kinh-te-so", "color": "#112233"},
            "Đã có chuỗi phiên với mã này.",
        ),
    ],
)
def test_two_organisers_creating_the_same_thing_at_once_get_one_and_a_reason(
    edition, organiser, monkeypatch, url, model, data, message
):
    """Both requests pass the duplicate check before either writes (a barrier holds them at
    the insert); the second insert then meets the unique constraint. Before, that was a server
    error; now the second organiser is told, like the check tells."""
    answers = post_together(
        monkeypatch, model=model, user=organiser, url=f"/organiser/agenda/{url}/", data=data
    )

    assert sorted(response.status_code for response in answers) == [302, 400]
    refused = next(response for response in answers if response.status_code == 400)
    assert message in refused.content.decode()
    assert model.objects.count() == 1
