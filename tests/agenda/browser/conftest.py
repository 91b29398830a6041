import pytest

from agenda.services import personal
from agenda.views import personal as personal_views
from agenda.views import public
from registration import roles
from registration.services.accounts import totp_ensure
from tests.agenda import helpers
from tests.factories import user_with_roles


@pytest.fixture
def afternoon(transactional_db, monkeypatch):
    """The seeded 2025 forum's agenda at 13:50 on the day: one version published, a delegate
    who saved two sessions, an organiser."""
    from forum.services import edition_seed_2025

    edition = edition_seed_2025()
    hall = helpers.room(edition, "Hội trường chính", 1500, 0, "Main hall")
    small = helpers.room(edition, "Phòng chuyên đề 1", 2, 1, "Thematic room 1")
    plenary = helpers.track(edition)
    minister = helpers.speaker(edition, "Trần Quốc Hùng", honorific="Ông", position="Bộ trưởng")
    expert = helpers.speaker(
        edition,
        "Vũ Thị Lan",
        honorific="PGS. TS.",
        position="Viện trưởng",
        organisation="Viện Trí tuệ nhân tạo",
    )
    sessions = {
        "opening": helpers.session(
            edition,
            "Khai mạc diễn đàn",
            "13:30",
            "13:45",
            kind="opening",
            room=hall,
            track=plenary,
            title_en="Opening of the forum",
        ),
        "keynote": helpers.session(
            edition,
            "Phát biểu của Bộ trưởng Bộ Khoa học và Công nghệ",
            "13:45",
            "14:00",
            kind="keynote",
            room=hall,
            track=plenary,
            speakers=[minister],
            title_en="Speech by the Minister of Science and Technology",
        ),
        "ai": helpers.session(
            edition,
            "Chuyên đề: Trí tuệ nhân tạo cho các bài toán Việt Nam",
            "14:00",
            "15:00",
            kind="panel",
            room=small,
            speakers=[expert],
            moderators=[minister],
            seat_limit=2,
            title_en="AI for Viet Nam's problems",
            description="Tọa đàm với các chuyên gia.",
        ),
        "break": helpers.session(edition, "Giải lao", "15:00", "15:15", kind="break"),
    }
    helpers.publish(edition)
    delegate = helpers.delegate(edition, "an.nguyen@example.vn")
    for key in ("keynote", "ai"):
        personal.session_save(edition=edition, user=delegate, session_id=sessions[key].pk)
    organiser = user_with_roles(roles.ORGANISER, email="btc@forum.test", is_staff=True)
    totp_ensure(user=organiser)
    at = helpers.at("13:50")
    monkeypatch.setattr(public, "now", lambda: at)
    monkeypatch.setattr(personal_views, "now", lambda: at)
    return {"edition": edition, "delegate": delegate, "organiser": organiser, **sessions}
