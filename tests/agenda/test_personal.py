"""The delegate's own agenda: saving (also through htmx), overlaps, the secret feed address."""

import pytest

from agenda.models import SavedSession
from agenda.services import personal
from tests.agenda import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(forum, edition):
    helpers.publish(edition)
    return forum


def test_save_and_unsave_through_the_page(client, published, edition):
    user = helpers.delegate(edition, "an@example.vn")
    client.force_login(user)
    code = published["keynote"].code

    saved = client.post(f"/agenda/sessions/{code}/save/", {"next": "/agenda/"})
    again = client.post(f"/agenda/sessions/{code}/save/", {"saved": "1"})
    count = SavedSession.objects.count()
    removed = client.post(f"/agenda/sessions/{code}/save/", {"saved": "0"})

    assert saved.status_code == 302 and saved["Location"] == "/agenda/"
    assert again.status_code == 302
    assert count == 1
    assert removed.status_code == 302
    assert SavedSession.objects.count() == 0


def test_save_through_htmx_answers_the_button(client, published, edition):
    client.force_login(helpers.delegate(edition, "an@example.vn"))

    response = client.post(
        f"/agenda/sessions/{published['keynote'].code}/save/", headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert "<html" not in html
    assert 'aria-pressed="true"' in html


def test_next_pointing_elsewhere_is_ignored(client, published, edition):
    client.force_login(helpers.delegate(edition, "an@example.vn"))
    code = published["keynote"].code

    response = client.post(f"/agenda/sessions/{code}/save/", {"next": "https://evil.example/"})

    assert response["Location"] == f"/agenda/sessions/{code}/"


def test_saving_needs_login_and_a_published_session(client, published, edition):
    anonymous = client.post(f"/agenda/sessions/{published['keynote'].code}/save/")
    client.force_login(helpers.delegate(edition, "an@example.vn"))
    draft = helpers.session(edition, "Chưa công bố", "16:00", "16:30")
    unknown = client.post(f"/agenda/sessions/{draft.code}/save/")

    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert unknown.status_code == 404
    assert SavedSession.objects.count() == 0


def test_my_agenda_lists_saved_sessions_and_marks_overlaps(client, published, edition):
    user = helpers.delegate(edition, "an@example.vn")
    clash = helpers.session(edition, "Trùng giờ", "13:50", "14:10", room=published["small"])
    helpers.publish(edition)
    for session in (published["keynote"], clash, published["ai"]):
        personal.session_save(edition=edition, user=user, session_id=session.pk)
    client.force_login(user)

    html = client.get("/agenda/my/").content.decode()

    assert html.count("Trùng giờ với một phiên khác đã lưu.") == 2
    assert "Chuyên đề: Trí tuệ nhân tạo" in html
    assert "Khai mạc diễn đàn" not in html
    token = user.personal_agendas.get().feed_token
    assert f"/agenda/my/{token}.ics" in html


def test_renewing_the_feed_address_revokes_the_old_one(client, published, edition):
    user = helpers.delegate(edition, "an@example.vn")
    personal.session_save(edition=edition, user=user, session_id=published["keynote"].pk)
    old = user.personal_agendas.get().feed_token
    client.force_login(user)

    client.post("/agenda/my/feed/renew/")

    new = user.personal_agendas.get().feed_token
    assert new != old and len(new) >= 32
    assert client.get(f"/agenda/my/{old}.ics").status_code == 404
    assert client.get(f"/agenda/my/{new}.ics").status_code == 200


def test_a_delegate_never_sees_another_delegates_agenda(client, published, edition):
    one = helpers.delegate(edition, "an@example.vn")
    other = helpers.delegate(edition, "binh@example.vn", full_name="Lê Thị Bình")
    personal.session_save(edition=edition, user=one, session_id=published["keynote"].pk)
    client.force_login(other)

    html = client.get("/agenda/my/").content.decode()

    assert "Phát biểu của Bộ trưởng" not in html
    assert one.personal_agendas.get().feed_token not in html


def test_saving_after_the_session_expired_sends_the_page_to_the_login_form(client, published):
    code = published["keynote"].code

    response = client.post(
        f"/agenda/sessions/{code}/save/",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/agenda/"},
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=/agenda/"
