import pytest

from tests.agenda import helpers


@pytest.fixture
def forum(edition):
    """The 2025 edition with a main hall, a small room, a track and three sessions."""
    hall = helpers.room(edition, "Hội trường chính", 1500, 0, "Main hall")
    small = helpers.room(edition, "Phòng chuyên đề 1", 2, 1, "Thematic room 1")
    plenary = helpers.track(edition)
    minister = helpers.speaker(edition, "Trần Quốc Hùng", honorific="Ông", position="Bộ trưởng")
    expert = helpers.speaker(edition, "Vũ Thị Lan", honorific="PGS. TS.")
    opening = helpers.session(
        edition,
        "Khai mạc diễn đàn",
        "13:30",
        "13:45",
        kind="opening",
        room=hall,
        track=plenary,
        title_en="Opening",
    )
    keynote = helpers.session(
        edition,
        "Phát biểu của Bộ trưởng",
        "13:45",
        "14:00",
        kind="keynote",
        room=hall,
        track=plenary,
        speakers=[minister],
        title_en="The Minister's speech",
    )
    ai = helpers.session(
        edition,
        "Chuyên đề: Trí tuệ nhân tạo",
        "15:00",
        "16:00",
        kind="panel",
        room=small,
        speakers=[expert],
        moderators=[minister],
        seat_limit=2,
        title_en="AI session",
    )
    return {
        "edition": edition,
        "hall": hall,
        "small": small,
        "track": plenary,
        "minister": minister,
        "expert": expert,
        "opening": opening,
        "keynote": keynote,
        "ai": ai,
    }
