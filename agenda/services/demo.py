"""A plausible afternoon for 30/12/2025 (sample data, marked as such): rooms, tracks, speakers,
one published version, a draft with changes on top, and delegates who saved sessions."""

import datetime as dt

from django.db import transaction

from agenda.models import AgendaVersion, Room, Session
from agenda.services import editing, personal, publishing, seats
from agenda.snapshot import VN
from registration.models import Registration

SAMPLE = "Dữ liệu mẫu để trình diễn, không phải chương trình chính thức."
SAMPLE_EN = "Sample data for the demonstration, not the official programme."

ROOMS = [
    ("Hội trường chính", "Main hall", 1500),
    ("Phòng chuyên đề 1", "Thematic room 1", 200),
    ("Phòng chuyên đề 2", "Thematic room 2", 200),
    ("Khu trưng bày", "Showcase area", 600),
]
TRACKS = [
    ("toan-the", "Phiên toàn thể", "Plenary", "#0b3d91"),
    ("chuyen-de", "Phiên chuyên đề", "Thematic sessions", "#11663a"),
    ("trao-giai", "Lễ trao giải", "Award ceremony", "#a4161a"),
    ("trung-bay", "Trưng bày", "Showcase", "#8a5300"),
]
SPEAKERS = [
    (
        "Trần Quốc Hùng",
        "Ông",
        "Bộ trưởng (vai mẫu)",
        "Minister (sample role)",
        "Bộ Khoa học và Công nghệ",
        "Ministry of Science and Technology",
    ),
    (
        "Lê Minh Châu",
        "Ông",
        "Lãnh đạo Đảng, Nhà nước (vai mẫu)",
        "Party and State leader (sample role)",
        "",
        "",
    ),
    (
        "Phạm Thu Hằng",
        "Bà",
        "Thứ trưởng (vai mẫu)",
        "Deputy Minister (sample role)",
        "Bộ Khoa học và Công nghệ",
        "Ministry of Science and Technology",
    ),
    (
        "Đặng Văn Khoa",
        "TS.",
        "Tổng giám đốc",
        "Chief executive",
        "Công ty Bán dẫn Sao Mai (mẫu)",
        "Sao Mai Semiconductor (sample)",
    ),
    (
        "Vũ Thị Lan",
        "PGS. TS.",
        "Viện trưởng",
        "Director",
        "Viện Trí tuệ nhân tạo Hà Nội (mẫu)",
        "Hanoi AI Institute (sample)",
    ),
    (
        "Ngô Đức Anh",
        "Ông",
        "Chủ tịch",
        "Chair",
        "Tập đoàn Công nghệ Đông Dương (mẫu)",
        "Dong Duong Technology Group (sample)",
    ),
    ("Bùi Ngọc Ánh", "Bà", "Người dẫn chương trình", "Master of ceremonies", "", ""),
    (
        "Hoàng Gia Bảo",
        "ThS.",
        "Giám đốc sản phẩm",
        "Head of product",
        "Công ty Dữ liệu Lạc Hồng (mẫu)",
        "Lac Hong Data (sample)",
    ),
]
# (title, English title, kind, track, room index, start, end, seat limit, speakers, moderators)
SESSIONS = [
    (
        "Trình diễn trực tiếp sản phẩm công nghệ số Việt Nam",
        "Live demos of Vietnamese digital products",
        "live_demo",
        "trung-bay",
        3,
        "12:45",
        "13:30",
        None,
        [7],
        [],
    ),
    (
        "Khai mạc diễn đàn",
        "Opening of the forum",
        "opening",
        "toan-the",
        0,
        "13:30",
        "13:40",
        None,
        [],
        [6],
    ),
    (
        "Phát biểu của Bộ trưởng Bộ Khoa học và Công nghệ",
        "Speech by the Minister of Science and Technology",
        "keynote",
        "toan-the",
        0,
        "13:40",
        "13:55",
        None,
        [0],
        [],
    ),
    (
        "Phát biểu chỉ đạo của lãnh đạo Đảng, Nhà nước",
        "Address by the Party and State leadership",
        "keynote",
        "toan-the",
        0,
        "13:55",
        "14:10",
        None,
        [1],
        [],
    ),
    (
        "Doanh nghiệp công nghệ số nhận nhiệm vụ quốc gia",
        "Digital technology enterprises take on national tasks",
        "panel",
        "toan-the",
        0,
        "14:10",
        "14:50",
        None,
        [3, 5],
        [2],
    ),
    ("Giải lao", "Break", "break", None, None, "14:50", "15:05", None, [], []),
    (
        "Chuyên đề: Công nghệ chiến lược và bán dẫn",
        "Thematic session: strategic technologies and semiconductors",
        "panel",
        "chuyen-de",
        1,
        "15:05",
        "16:05",
        120,
        [3, 7],
        [2],
    ),
    (
        "Chuyên đề: Trí tuệ nhân tạo cho các bài toán Việt Nam",
        "Thematic session: AI for Viet Nam's problems",
        "panel",
        "chuyen-de",
        2,
        "15:05",
        "16:05",
        150,
        [4, 5],
        [],
    ),
    (
        "Lễ trao Giải thưởng Make in Viet Nam 2025",
        "Make in Viet Nam Awards 2025 ceremony",
        "award_ceremony",
        "trao-giai",
        0,
        "16:15",
        "17:15",
        None,
        [0],
        [6],
    ),
    (
        "Giao lưu, kết nối doanh nghiệp",
        "Networking",
        "networking",
        "trung-bay",
        3,
        "17:15",
        "17:30",
        None,
        [],
        [],
    ),
]


def _at(day: dt.date, hhmm: str) -> dt.datetime:
    hour, minute = map(int, hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), VN)


def demo_agenda_seed(*, edition, **_options) -> list[str]:
    if Room.objects.filter(edition=edition).exists():
        return [f"Agenda: {Session.objects.filter(edition=edition).count()} sessions (kept)"]
    day = edition.starts_at.astimezone(VN).date()
    with transaction.atomic():
        rooms = [
            editing.room_save(
                edition=edition, data={"name": n, "name_en": e, "capacity": c, "order": i}
            )
            for i, (n, e, c) in enumerate(ROOMS)
        ]
        tracks = {
            slug: editing.track_save(
                edition=edition,
                data={"slug": slug, "name": n, "name_en": e, "color": color, "order": i},
            )
            for i, (slug, n, e, color) in enumerate(TRACKS)
        }
        speakers = [
            editing.speaker_save(
                edition=edition,
                data={
                    "full_name": name,
                    "honorific": honorific,
                    "position": position,
                    "position_en": position_en,
                    "organisation": organisation,
                    "organisation_en": organisation_en,
                    "bio": SAMPLE,
                    "bio_en": SAMPLE_EN,
                },
            )
            for name, honorific, position, position_en, organisation, organisation_en in SPEAKERS
        ]
        sessions = []
        for title, title_en, kind, track, room, start, end, limit, talk, moderate in SESSIONS:
            sessions.append(
                editing.session_save(
                    edition=edition,
                    data={
                        "title": title,
                        "title_en": title_en,
                        "description": SAMPLE,
                        "description_en": SAMPLE_EN,
                        "kind": kind,
                        "track": tracks.get(track),
                        "room": rooms[room] if room is not None else None,
                        "starts_at": _at(day, start),
                        "ends_at": _at(day, end),
                        "seat_limit": limit,
                        "speakers": [speakers[n] for n in talk],
                        "moderators": [speakers[n] for n in moderate],
                    },
                )
            )
        publishing.agenda_publish(edition=edition, note=SAMPLE)
        _delegates_save(edition, sessions)
        _draft_changes(edition, sessions, speakers, rooms, tracks, day)
    version = AgendaVersion.objects.filter(edition=edition).order_by("-number").first()
    return [
        f"Agenda: {len(sessions)} sessions in {len(rooms)} rooms, version {version.number} "
        "published, a draft with changes waiting (organiser: /organiser/agenda/)"
    ]


def _delegates_save(edition, sessions) -> None:
    approved = Registration.objects.filter(
        edition=edition, status=Registration.Status.APPROVED, user__isnull=False
    ).select_related("user")[:40]
    semiconductors, ai = sessions[6], sessions[7]
    for n, registration in enumerate(approved):
        for session in (sessions[2], ai if n % 2 else semiconductors, sessions[8]):
            personal.session_save(edition=edition, user=registration.user, session_id=session.pk)
        if n < 12:
            seats.seat_take(
                session_id=(ai if n % 2 else semiconductors).pk,
                user=registration.user,
                now=edition.starts_at - dt.timedelta(days=1),
            )


def _draft_changes(edition, sessions, speakers, rooms, tracks, day) -> None:
    """The night before: the AI session moves ten minutes and gains a speaker; an agreement
    signing is added. Waiting in the draft for the organiser to publish."""
    ai = sessions[7]
    editing.session_save(
        edition=edition,
        session_id=ai.pk,
        data={
            **{name: getattr(ai, name) for name in editing.SESSION_FIELDS},
            "starts_at": _at(day, "15:15"),
            "ends_at": _at(day, "16:15"),
            "speakers": [speakers[4], speakers[5], speakers[7]],
            "moderators": [],
        },
    )
    editing.session_save(
        edition=edition,
        data={
            "title": "Ký kết hợp tác phát triển sản phẩm công nghệ số",
            "title_en": "Signing of digital product cooperation agreements",
            "description": SAMPLE,
            "description_en": SAMPLE_EN,
            "kind": "speech",
            "track": tracks["toan-the"],
            "room": rooms[0],
            "starts_at": _at(day, "16:05"),
            "ends_at": _at(day, "16:15"),
            "speakers": [speakers[5]],
            "moderators": [speakers[6]],
        },
    )
