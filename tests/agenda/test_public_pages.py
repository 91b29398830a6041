"""The public agenda: pages in both languages, filters, now / next, the unpublished state, and a
constant number of queries whatever the number of sessions."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agenda.services import editing, personal
from agenda.views import public
from tests.agenda import helpers

pytestmark = pytest.mark.django_db


def test_agenda_before_any_version_says_it_is_not_published(client, forum):
    response = client.get("/agenda/")

    assert response.status_code == 200
    assert "Chương trình chưa được công bố" in response.content.decode()
    assert "Khai mạc diễn đàn" not in response.content.decode()


def test_agenda_shows_the_published_version_not_the_draft(client, forum, edition):
    helpers.publish(edition)
    helpers.session(edition, "Phiên còn trong bản nháp", "16:00", "16:30", room=forum["hall"])

    html = client.get("/agenda/").content.decode()

    assert "Khai mạc diễn đàn" in html
    assert "Phát biểu của Bộ trưởng" in html
    assert "Phiên còn trong bản nháp" not in html
    assert "Phiên bản 1" in html


def test_agenda_in_english_uses_english_titles(client, forum, edition):
    helpers.publish(edition)

    html = client.get("/en/agenda/").content.decode()

    assert "The Minister&#x27;s speech" in html
    assert "Opening" in html
    assert "Phát biểu của Bộ trưởng" not in html


def test_rooms_view_is_a_timeline_with_a_column_per_room(client, forum, edition):
    helpers.publish(edition)

    html = client.get("/agenda/?view=rooms").content.decode()

    assert '<table class="timeline">' in html
    assert '<th scope="col">Hội trường chính</th>' in html
    assert '<th scope="col">Phòng chuyên đề 1</th>' in html
    # The AI session runs 15:00–16:00 over one row (16:00 is where the table ends).
    assert 'rowspan="1"' in html


def test_filter_by_kind_and_track(client, forum, edition):
    helpers.publish(edition)

    keynotes = client.get("/agenda/?kind=keynote").content.decode()
    plenary = client.get("/agenda/?track=toan-the").content.decode()
    forged = client.get("/agenda/?kind=<script>&track=x&view=zzz&day=9999-99-99")

    assert "Phát biểu của Bộ trưởng" in keynotes and "Khai mạc diễn đàn" not in keynotes
    assert "Khai mạc diễn đàn" in plenary and "Chuyên đề: Trí tuệ nhân tạo" not in plenary
    assert forged.status_code == 200
    assert "Chuyên đề: Trí tuệ nhân tạo" in forged.content.decode()


def test_now_and_next_on_the_day(client, forum, edition, monkeypatch):
    helpers.publish(edition)
    monkeypatch.setattr(public, "now", lambda: helpers.at("13:50"))

    html = client.get("/agenda/").content.decode()

    running = html.split('<h3 class="now-label">Đang diễn ra</h3>')[1].split("Tiếp theo")[0]
    assert "Phát biểu của Bộ trưởng" in running
    upcoming = html.split("Tiếp theo")[1].split("</section>")[0]
    assert "Chuyên đề: Trí tuệ nhân tạo" in upcoming


def test_now_and_next_is_absent_on_another_day(client, forum, edition, monkeypatch):
    helpers.publish(edition)
    monkeypatch.setattr(public, "now", lambda: helpers.at("13:50") + dt.timedelta(days=3))

    assert 'class="now-next"' not in client.get("/agenda/").content.decode()


def test_cancelled_session_stays_visible_and_marked(client, forum, edition):
    helpers.publish(edition)
    editing.session_cancel(edition=edition, session_id=forum["keynote"].pk)
    helpers.publish(edition)

    html = client.get("/agenda/").content.decode()

    assert "Phát biểu của Bộ trưởng" in html
    assert "Đã hủy" in html


def test_session_page_and_speaker_page(client, forum, edition):
    helpers.publish(edition)
    code = forum["keynote"].code

    session = client.get(f"/agenda/sessions/{code}/")
    speaker = client.get(f"/agenda/speakers/{forum['minister'].slug}/")
    english = client.get(f"/en/agenda/sessions/{code}/")

    assert session.status_code == 200
    assert "Ông Trần Quốc Hùng" in session.content.decode()
    assert "13:45–14:00, 30/12/2025" in session.content.decode()
    assert speaker.status_code == 200
    assert "Phát biểu của Bộ trưởng" in speaker.content.decode()
    assert "Mr Trần Quốc Hùng" in english.content.decode()


def test_unknown_session_speaker_or_draft_speaker_is_404(client, forum, edition):
    helpers.publish(edition)
    draft_only = helpers.speaker(edition, "Người Chưa Có Phiên")

    assert client.get("/agenda/sessions/ZZZZZZ/").status_code == 404
    assert client.get("/agenda/speakers/khong-co/").status_code == 404
    assert client.get(f"/agenda/speakers/{draft_only.slug}/").status_code == 404


def test_speaker_list_shows_only_speakers_of_published_sessions(client, forum, edition):
    helpers.publish(edition)
    helpers.speaker(edition, "Người Chưa Có Phiên")

    html = client.get("/agenda/speakers/").content.decode()

    assert "Trần Quốc Hùng" in html and "Vũ Thị Lan" in html
    assert "Người Chưa Có Phiên" not in html


def test_logged_in_delegate_sees_save_buttons_and_saved_state(client, forum, edition):
    helpers.publish(edition)
    user = helpers.delegate(edition, "an@example.vn")
    personal.session_save(edition=edition, user=user, session_id=forum["keynote"].pk)
    client.force_login(user)

    html = client.get("/agenda/").content.decode()

    assert html.count('class="save-form"') == 3
    assert html.count('aria-pressed="true"') == 1


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    "url", ["/agenda/", "/agenda/?view=rooms", "/agenda/speakers/", "/agenda/changes/"]
)
def test_pages_use_the_same_queries_for_5_and_60_sessions(client, edition, url):
    helpers.small_forum(edition, sessions=5)
    helpers.publish(edition)
    few = _queries(client, url)
    from agenda.models import Session

    Session.objects.all().delete()
    helpers.small_forum_more(edition, sessions=60)
    helpers.publish(edition)
    many = _queries(client, url)

    assert few == many


def test_session_page_uses_the_same_queries_for_5_and_60_sessions(client, edition):
    sessions = helpers.small_forum(edition, sessions=5)
    helpers.publish(edition)
    few = _queries(client, f"/agenda/sessions/{sessions[0].code}/")
    more = helpers.small_forum_more(edition, sessions=60)
    helpers.publish(edition)
    many = _queries(client, f"/agenda/sessions/{more[0].code}/")

    assert few == many


def test_page_kept_for_visitors_carries_each_browsers_own_csrf_token(forum, edition):
    from django.test import Client

    helpers.publish(edition)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)

    pages = [browser.get("/agenda/").content.decode() for browser in (first, second)]

    for browser, html in zip((first, second), pages, strict=True):
        token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        switched = browser.post(
            "/i18n/setlang/", {"language": "en", "next": "/agenda/", "csrfmiddlewaretoken": token}
        )
        assert switched.status_code == 302
    assert pages[0] != pages[1]  # the same page, each with its own token


def test_a_message_waiting_for_a_visitor_is_shown_not_a_kept_page(client, forum, edition):
    helpers.publish(edition)
    client.get("/agenda/")  # the page is kept for visitors

    # A logged-out visitor with a message waiting (as after signing out).
    session = client.session
    session.save()
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest

    request = HttpRequest()
    storage = CookieStorage(request)
    from django.contrib import messages as messages_api

    storage.add(messages_api.INFO, "Bạn đã đăng xuất.")
    from django.http import HttpResponse

    response = HttpResponse()
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value

    assert "Bạn đã đăng xuất." in client.get("/agenda/").content.decode()


def test_odd_query_strings_are_answered_but_not_kept(client, forum, edition, monkeypatch):
    from agenda.views import caching

    helpers.publish(edition)
    kept = []
    real = caching.cached

    def recording(key, build):
        kept.append(key)
        return real(key, build)

    monkeypatch.setattr(caching, "cached", recording)
    client.get("/agenda/")
    client.get("/agenda/?view=rooms")

    for n in range(5):
        assert client.get(f"/agenda/?junk={n}&view=list").status_code == 200
    assert client.get("/agenda/?view=list&view=rooms").status_code == 200

    assert len(kept) == 2
