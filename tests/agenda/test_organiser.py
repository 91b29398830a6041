"""Organiser pages: the day grid with its warnings, editing a session in place (htmx) or on its
page, refusals that keep what was typed, rooms with the gates at their doors, speakers with
photos, the publishing preview and the versions."""

import pytest

from agenda.models import AgendaVersion, Session
from checkin.services import devices
from tests.agenda import helpers

pytestmark = pytest.mark.django_db


def form_data(session=None, **overrides):
    data = {
        "title": "Chuyên đề: Dữ liệu lớn",
        "title_en": "Big data",
        "kind": "panel",
        "day": "30/12/2025",
        "start": "16:00",
        "end": "16:45",
        "room": "",
        "track": "",
        "seat_limit": "",
        "description": "",
        "description_en": "",
    }
    if session is not None:
        data["revision"] = session.revision
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "url",
    [
        "/organiser/agenda/",
        "/organiser/agenda/sessions/new/",
        "/organiser/agenda/rooms/",
        "/organiser/agenda/tracks/",
        "/organiser/agenda/speakers/",
        "/organiser/agenda/speakers/new/",
        "/organiser/agenda/publish/",
        "/organiser/agenda/versions/",
    ],
)
def test_organiser_pages_are_for_organisers_only(organiser_client, forum, url, user_factory):
    from django.test import Client

    visitor = Client()
    assert organiser_client.get(url).status_code == 200
    assert visitor.get(url).status_code == 302  # to the login page
    visitor.force_login(user_factory(email="delegate@example.vn"))
    assert visitor.get(url).status_code == 403


def test_grid_places_sessions_by_room_and_time_and_lists_warnings(organiser_client, forum, edition):
    helpers.session(edition, "Trùng phòng", "13:40", "13:50", room=forum["hall"])
    helpers.session(
        edition,
        "Diễn giả hai nơi",
        "15:30",
        "15:45",
        room=forum["hall"],
        speakers=[forum["expert"]],
    )
    helpers.session(edition, "Sau giờ", "18:00", "18:30", room=forum["hall"])
    helpers.change(edition, forum["ai"], seat_limit=50)

    html = organiser_client.get("/organiser/agenda/").content.decode()

    assert (
        "Phòng “Hội trường chính” có hai phiên trùng giờ: “Khai mạc diễn đàn” và “Trùng phòng”."
        in html
    )
    assert "Vũ Thị Lan có mặt ở hai nơi cùng lúc" in html
    assert "“Sau giờ” nằm ngoài giờ diễn đàn (13:30 30/12/2025–17:30 30/12/2025)." in html
    assert "“Chuyên đề: Trí tuệ nhân tạo” nhận 50 chỗ, nhiều hơn sức chứa của phòng (2)." in html
    assert html.index("Khai mạc diễn đàn") < html.index("Phát biểu của Bộ trưởng")


def test_create_a_session_with_day_first_date(organiser_client, forum, edition):
    response = organiser_client.post(
        "/organiser/agenda/sessions/new/", form_data(room=forum["hall"].pk, day="30/12/2025")
    )

    assert response.status_code == 302
    session = Session.objects.get(title="Chuyên đề: Dữ liệu lớn")
    assert session.starts_at == helpers.at("16:00")
    assert session.room == forum["hall"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"day": "12/30/2025"}, "Nhập một ngày hợp lệ"),
        ({"day": "01/01/0001"}, "Ngày phải trong khoảng"),
        ({"day": "31/12/9999"}, "Ngày phải trong khoảng"),
        ({"end": "15:00"}, "Giờ kết thúc phải sau giờ bắt đầu."),
        ({"title": ""}, "Trường này là bắt buộc"),
        ({"seat_limit": "0"}, "lớn hơn hoặc bằng với 1"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_keeps_what_was_typed(
    organiser_client, forum, overrides, message
):
    response = organiser_client.post("/organiser/agenda/sessions/new/", form_data(**overrides))

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Big data" in html  # nothing typed is lost
    assert Session.objects.filter(title="Chuyên đề: Dữ liệu lớn").count() == 0


def test_same_person_as_speaker_and_moderator_is_refused(organiser_client, forum):
    person = forum["expert"].pk
    response = organiser_client.post(
        "/organiser/agenda/sessions/new/", form_data(speakers=[person], moderators=[person])
    )

    assert response.status_code == 400
    assert "vừa là diễn giả vừa là người điều phối" in response.content.decode()


def test_edit_in_place_returns_the_card(organiser_client, forum):
    session = forum["keynote"]
    url = f"/organiser/agenda/sessions/{session.pk}/"

    editor = organiser_client.get(url, headers={"HX-Request": "true"})
    saved = organiser_client.post(
        url,
        form_data(
            session,
            title="Phát biểu của Bộ trưởng (cập nhật)",
            start="13:45",
            end="14:00",
            room=forum["hall"].pk,
            kind="keynote",
        ),
        headers={"HX-Request": "true"},
    )

    assert editor.status_code == 200
    assert "<html" not in editor.content.decode() and 'name="title"' in editor.content.decode()
    assert saved.status_code == 200
    assert 'class="card' in saved.content.decode()
    assert "Phát biểu của Bộ trưởng (cập nhật)" in saved.content.decode()
    assert saved["HX-Trigger"] == "agenda:changed"


def test_moving_a_session_in_place_redraws_the_grid(organiser_client, forum):
    session = forum["keynote"]
    response = organiser_client.post(
        f"/organiser/agenda/sessions/{session.pk}/",
        form_data(session, start="16:00", end="16:15", room=forum["hall"].pk, kind="keynote"),
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response["HX-Refresh"] == "true"


def test_edit_from_an_outdated_form_is_refused_and_nothing_is_overwritten(
    organiser_client, forum, edition
):
    session = forum["keynote"]
    stale = form_data(session, title="Bản của người thứ hai", kind="keynote")
    helpers.change(edition, session, title="Bản của người thứ nhất")

    response = organiser_client.post(f"/organiser/agenda/sessions/{session.pk}/", stale)

    assert response.status_code == 400
    assert "vừa được người khác sửa" in response.content.decode()
    assert "Bản của người thứ hai" in response.content.decode()
    session.refresh_from_db()
    assert session.title == "Bản của người thứ nhất"


def test_cancel_and_delete_from_the_session_page(organiser_client, forum, edition):
    helpers.publish(edition)
    keynote = forum["keynote"]
    draft = helpers.session(edition, "Chỉ trong nháp", "16:00", "16:15")

    organiser_client.post(f"/organiser/agenda/sessions/{keynote.pk}/cancel/")
    refused = organiser_client.post(f"/organiser/agenda/sessions/{keynote.pk}/delete/", follow=True)
    organiser_client.post(f"/organiser/agenda/sessions/{draft.pk}/delete/")

    keynote.refresh_from_db()
    assert keynote.is_cancelled
    assert "Phiên đã công bố không xóa được" in refused.content.decode()
    assert not Session.objects.filter(pk=draft.pk).exists()


def test_room_with_gates_at_its_door(organiser_client, forum, edition):
    gate = devices.gate_create(edition=edition, code="p2", name="Cửa phòng 2")

    response = organiser_client.post(
        "/organiser/agenda/rooms/",
        {
            "name": "Phòng chuyên đề 2",
            "name_en": "Room 2",
            "capacity": "150",
            "order": "2",
            "gates": [gate.pk],
        },
    )
    page = organiser_client.get("/organiser/agenda/rooms/").content.decode()
    duplicate = organiser_client.post("/organiser/agenda/rooms/", {"name": "phòng chuyên đề 2"})

    assert response.status_code == 302
    assert "Cửa phòng 2" in page
    assert duplicate.status_code == 400
    assert "Đã có phòng tên này." in duplicate.content.decode()


def test_room_with_sessions_cannot_be_deleted(organiser_client, forum):
    response = organiser_client.post(
        f"/organiser/agenda/rooms/{forum['hall'].pk}/delete/", follow=True
    )

    assert "Phòng còn phiên" in response.content.decode()


def test_publish_page_previews_then_publishes_and_mails(
    organiser_client, forum, edition, django_capture_on_commit_callbacks
):
    helpers.publish(edition)
    user = helpers.delegate(edition, "an@example.vn")
    from agenda.services import personal

    personal.session_save(edition=edition, user=user, session_id=forum["keynote"].pk)
    helpers.change(edition, forum["keynote"], start="14:00", end="14:15")

    preview = organiser_client.get("/organiser/agenda/publish/").content.decode()
    fingerprint = preview.split('name="fingerprint" value="')[1].split('"')[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            "/organiser/agenda/publish/", {"fingerprint": fingerprint, "note": "Lùi 15 phút"}
        )
    final = organiser_client.get(response["Location"], follow=True)

    assert "Đổi giờ: 13:45–14:00 30/12/2025 → 14:00–14:15 30/12/2025" in preview
    assert "1 người sẽ nhận email" in preview and "an@example.vn" in preview
    assert AgendaVersion.objects.latest("number").note == "Lùi 15 phút"
    assert "Đã gửi thông báo thay đổi của phiên bản 2 tới 1 người." in final.content.decode()


def test_publish_page_with_nothing_new(organiser_client, forum, edition):
    helpers.publish(edition)

    html = organiser_client.get("/organiser/agenda/publish/").content.decode()
    again = organiser_client.post(
        "/organiser/agenda/publish/", {"fingerprint": "x" * 64}, follow=True
    )

    assert "không có gì mới để công bố" in html
    assert "Bản nháp đã thay đổi sau khi xem trước" in again.content.decode()
    assert AgendaVersion.objects.count() == 1


def test_errors_in_the_in_place_editor_come_back_in_the_editor(organiser_client, forum):
    session = forum["keynote"]

    response = organiser_client.post(
        f"/organiser/agenda/sessions/{session.pk}/",
        form_data(session, end="13:00", kind="keynote"),
        headers={"HX-Request": "true"},
    )

    # htmx swaps only successful answers: the editor with its error is a 200.
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "Giờ kết thúc phải sau giờ bắt đầu." in html


def test_a_tampered_revision_is_shown_not_swallowed(organiser_client, forum):
    session = forum["keynote"]

    response = organiser_client.post(
        f"/organiser/agenda/sessions/{session.pk}/",
        form_data(session, revision="abc", kind="keynote"),
    )

    assert response.status_code == 400
    assert "Nhập một số tổng thể." in response.content.decode()  # Django's Vietnamese


def test_in_place_editing_after_the_login_expired_goes_to_the_login_form(client, forum):
    response = client.get(
        f"/organiser/agenda/sessions/{forum['keynote'].pk}/",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/organiser/agenda/"},
    )

    assert response["HX-Redirect"] == "/accounts/login/?next=/organiser/agenda/"
