"""The feeds, each checked by a parser or validator that did not write it: the frab/c3voc
schedule against its XML Schema (xmlschema) and JSON Schema (jsonschema, with format checks),
the iCalendar files with vobject. Stable identifiers across versions, SEQUENCE raised on change,
the time zone right, ETag and 304, and constant queries."""

import json
from pathlib import Path

import jsonschema
import pytest
import vobject
import xmlschema
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agenda.services import editing, personal
from tests.agenda import helpers

pytestmark = pytest.mark.django_db

HERE = Path(__file__).parent / "conformance"
XSD = xmlschema.XMLSchema(HERE / "schedule.xml.xsd")
JSON_SCHEMA = json.loads((HERE / "schedule.schema.json").read_text())


def validate_json(data: dict) -> None:
    validator = jsonschema.Draft6Validator(
        JSON_SCHEMA, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert errors == [], "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def events(calendar_bytes: bytes) -> dict:
    calendar = vobject.readOne(calendar_bytes.decode())
    return {event.uid.value: event for event in calendar.vevent_list}


@pytest.fixture
def published(forum, edition):
    helpers.publish(edition)
    return forum


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_schedule_xml_is_valid_against_the_xsd(client, published, prefix):
    response = client.get(f"{prefix}/agenda/schedule.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    XSD.validate(response.content.decode())
    data = XSD.to_dict(response.content.decode())
    [day] = data["day"]
    assert day["@date"] == "2025-12-30"
    rooms = {room["@name"]: room for room in day["room"]}
    assert set(rooms) == (
        {"Hội trường chính", "Phòng chuyên đề 1"}
        if not prefix
        else {"Main hall", "Thematic room 1"}
    )


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_schedule_json_is_valid_against_the_json_schema(client, published, prefix):
    response = client.get(f"{prefix}/agenda/schedule.json")

    assert response.status_code == 200
    data = response.json()
    validate_json(data)
    conference = data["schedule"]["conference"]
    assert conference["acronym"] == "miv2025"
    assert conference["time_zone_name"] == "Asia/Ho_Chi_Minh"
    [day] = conference["days"]
    keynote = next(
        event
        for events_ in day["rooms"].values()
        for event in events_
        if event["code"] == published["keynote"].code
    )
    assert keynote["date"] == "2025-12-30T13:45:00+07:00"
    assert keynote["duration"] == "00:15"
    assert keynote["guid"] == str(published["keynote"].guid)
    assert [p["name"] for p in keynote["persons"]] == (
        ["Ông Trần Quốc Hùng"] if not prefix else ["Mr Trần Quốc Hùng"]
    )


def test_feeds_keep_guids_across_versions_and_leave_cancelled_sessions_out(
    client, published, edition
):
    first = client.get("/agenda/schedule.json").json()
    helpers.change(edition, published["keynote"], start="14:00", end="14:15")
    editing.session_cancel(edition=edition, session_id=published["opening"].pk)
    helpers.publish(edition)

    second = client.get("/agenda/schedule.json").json()
    validate_json(second)
    XSD.validate(client.get("/agenda/schedule.xml").content.decode())

    def by_code(data):
        return {
            e["code"]: e
            for day in data["schedule"]["conference"]["days"]
            for room in day["rooms"].values()
            for e in room
        }

    before, after = by_code(first), by_code(second)
    code = published["keynote"].code
    assert before[code]["guid"] == after[code]["guid"]
    assert after[code]["start"] == "14:00"
    assert published["opening"].code not in after
    rooms_before = {r["name"]: r["guid"] for r in first["schedule"]["conference"]["rooms"]}
    rooms_after = {r["name"]: r["guid"] for r in second["schedule"]["conference"]["rooms"]}
    assert rooms_before == rooms_after


def test_session_without_room_is_at_the_venue_and_still_valid(client, forum, edition):
    helpers.session(edition, "Giải lao", "14:00", "14:15", kind="break")
    helpers.publish(edition)

    data = client.get("/agenda/schedule.json").json()
    validate_json(data)
    XSD.validate(client.get("/agenda/schedule.xml").content.decode())
    [day] = data["schedule"]["conference"]["days"]
    assert [e["title"] for e in day["rooms"]["Trung tâm Hội nghị Quốc gia"]] == ["Giải lao"]


def test_whole_forum_calendar_parses_with_the_right_time_zone(client, published):
    response = client.get("/agenda/agenda.ics")

    assert response["Content-Type"].startswith("text/calendar")
    found = events(response.content)
    keynote = found[f"{published['keynote'].guid}@127.0.0.1"]
    assert keynote.dtstart.value.isoformat() == "2025-12-30T13:45:00+07:00"
    assert keynote.dtend.value.isoformat() == "2025-12-30T14:00:00+07:00"
    assert b"DTSTART;TZID=Asia/Ho_Chi_Minh:20251230T134500" in response.content
    assert keynote.sequence.value == "0"
    assert keynote.summary.value == "Phát biểu của Bộ trưởng"
    assert "Hội trường chính" in keynote.location.value
    assert len(found) == 3


def test_calendar_uid_stays_and_sequence_rises_and_cancelled_is_marked(client, published, edition):
    uid = f"{published['keynote'].guid}@127.0.0.1"
    helpers.change(edition, published["keynote"], start="14:00", end="14:15")
    editing.session_cancel(edition=edition, session_id=published["opening"].pk)
    helpers.publish(edition)

    found = events(client.get("/agenda/agenda.ics").content)

    assert found[uid].sequence.value == "1"
    assert found[uid].dtstart.value.isoformat() == "2025-12-30T14:00:00+07:00"
    opening = found[f"{published['opening'].guid}@127.0.0.1"]
    assert opening.status.value == "CANCELLED"
    assert opening.sequence.value == "1"


def test_personal_feed_has_only_the_persons_sessions_and_can_be_revoked(client, published, edition):
    user = helpers.delegate(edition, "an@example.vn")
    personal.session_save(edition=edition, user=user, session_id=published["keynote"].pk)
    old = user.personal_agendas.get().feed_token

    response = client.get(f"/agenda/my/{old}.ics")
    found = events(response.content)
    renewed = personal.feed_renew(edition=edition, user=user)

    assert list(found) == [f"{published['keynote'].guid}@127.0.0.1"]
    assert response["Cache-Control"].startswith("private") or "private" in response["Cache-Control"]
    assert client.get(f"/agenda/my/{old}.ics").status_code == 404
    assert client.get(f"/agenda/my/{renewed.feed_token}.ics").status_code == 200
    assert client.get("/agenda/my/x.ics").status_code == 404


@pytest.mark.parametrize(
    "url", ["/agenda/schedule.json", "/agenda/schedule.xml", "/agenda/agenda.ics", "/agenda/"]
)
def test_feeds_and_pages_answer_304_to_their_etag_until_a_new_version(
    client, published, edition, url
):
    first = client.get(url)
    etag = first["ETag"]

    again = client.get(url, headers={"If-None-Match": etag})
    helpers.change(edition, published["keynote"], start="14:00", end="14:15")
    helpers.publish(edition)
    after = client.get(url, headers={"If-None-Match": etag})

    assert first.status_code == 200 and etag
    assert again.status_code == 304
    assert after.status_code == 200
    assert after["ETag"] != etag


def test_feeds_before_any_version_are_404(client, forum):
    for url in ("/agenda/schedule.json", "/agenda/schedule.xml", "/agenda/agenda.ics"):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url", ["/agenda/schedule.json", "/agenda/schedule.xml", "/agenda/agenda.ics"]
)
def test_feeds_use_the_same_queries_for_5_and_60_sessions(client, edition, url):
    helpers.small_forum(edition, sessions=5)
    helpers.publish(edition)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    helpers.small_forum_more(edition, sessions=60)
    helpers.publish(edition)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert response.status_code == 200
    assert len(few) == len(many)


def test_60_sessions_validate(client, edition):
    helpers.small_forum(edition, sessions=60)
    helpers.publish(edition)

    validate_json(client.get("/agenda/schedule.json").json())
    XSD.validate(client.get("/agenda/schedule.xml").content.decode())
    assert len(events(client.get("/agenda/agenda.ics").content)) == 60
