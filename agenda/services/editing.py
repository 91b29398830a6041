"""Organisers edit the draft: rooms, tracks, speakers, sessions. Nothing here is public until a
version is published (agenda.services.publishing)."""

import re
import unicodedata

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext as _

from agenda.models import PublishedSession, Room, RoomGate, Session, SessionPerson, Track
from agenda.rules import session_window
from agenda.selectors.doors import door_cache_key
from checkin.models import Gate
from forum.errors import ServiceError
from forum.vietnamese import normalize_text, search_key

SESSION_FIELDS = (
    "title",
    "title_en",
    "description",
    "description_en",
    "kind",
    "starts_at",
    "ends_at",
    "room",
    "track",
    "seat_limit",
)


def multiline(value: str) -> str:
    """NFC, invisible characters dropped, each line's spaces collapsed; paragraphs kept."""
    lines = [
        normalize_text(line) for line in unicodedata.normalize("NFC", value or "").splitlines()
    ]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _check_session(edition, data: dict) -> None:
    opens, closes = session_window(edition)
    if not (opens <= data["starts_at"] <= closes and opens <= data["ends_at"] <= closes):
        raise ServiceError(
            _("Ngày của phiên phải trong vòng một năm quanh ngày diễn đàn."), code="date_range"
        )
    if data["ends_at"] <= data["starts_at"]:
        raise ServiceError(_("Giờ kết thúc phải sau giờ bắt đầu."), code="ends_before_start")
    for name in ("room", "track"):
        if data.get(name) is not None and data[name].edition_id != edition.pk:
            raise ServiceError(
                _("Phòng hoặc chuỗi phiên không thuộc diễn đàn này."), code="foreign"
            )
    people = list(data.get("speakers") or []) + list(data.get("moderators") or [])
    if any(person.edition_id != edition.pk for person in people):
        raise ServiceError(_("Diễn giả không thuộc diễn đàn này."), code="foreign")
    both = {s.pk for s in data.get("speakers") or []} & {s.pk for s in data.get("moderators") or []}
    if both:
        raise ServiceError(
            _("Một người không thể vừa là diễn giả vừa là người điều phối của cùng một phiên."),
            code="speaker_twice",
        )


def _set_persons(session: Session, data: dict) -> None:
    SessionPerson.objects.filter(session=session).delete()
    SessionPerson.objects.bulk_create(
        SessionPerson(session=session, speaker=speaker, role=role, order=n)
        for role, key in (
            (SessionPerson.Role.MODERATOR, "moderators"),
            (SessionPerson.Role.SPEAKER, "speakers"),
        )
        for n, speaker in enumerate(data.get(key) or [])
    )


def _unchanged(session: Session, data: dict) -> bool:
    """Whether saving `data` (as session_save prepared it) would leave `session` as it is."""
    for name in SESSION_FIELDS:
        empty = None if name in ("room", "track", "seat_limit") else ""
        if getattr(session, name) != (data.get(name) or empty):
            return False
    persons = [
        (person.role, person.speaker_id)
        for person in session.persons.order_by("role", "order", "id")
    ]
    wanted = [
        (role, speaker.pk)
        for role, key in (
            (SessionPerson.Role.MODERATOR, "moderators"),
            (SessionPerson.Role.SPEAKER, "speakers"),
        )
        for speaker in data.get(key) or []
    ]
    return persons == wanted


def session_save(*, edition, data: dict, session_id: int | None = None, revision=None) -> Session:
    """Create a session, or change one. `revision` is the one the organiser's form was made
    from: if someone saved the session since, the change is refused (nothing is overwritten)."""
    data = {
        **data,
        "title": normalize_text(data.get("title", "")),
        "title_en": normalize_text(data.get("title_en", "")),
        "description": multiline(data.get("description", "")),
        "description_en": multiline(data.get("description_en", "")),
    }
    if not data["title"]:
        raise ServiceError(_("Cần nhập tiêu đề phiên."), code="title_required")
    _check_session(edition, data)
    with transaction.atomic():
        if session_id is None:
            session = Session(edition=edition)
        else:
            session = (
                Session.objects.select_for_update().filter(edition=edition, pk=session_id).first()
            )
            if session is None:
                raise ServiceError(_("Không tìm thấy phiên này."), code="not_found")
            if revision is not None and int(revision) != session.revision:
                if _unchanged(session, data):
                    # The same change sent twice (a double click, a resent form): the first
                    # one saved it, nobody else's change is in the way.
                    return session
                raise ServiceError(
                    _(
                        "Phiên này vừa được người khác sửa. "
                        "Hãy tải lại trang để xem bản mới, rồi sửa lại."
                    ),
                    code="stale",
                )
            session.revision = F("revision") + 1
        for name in SESSION_FIELDS:
            setattr(
                session,
                name,
                data.get(name) or ("" if name not in ("room", "track", "seat_limit") else None),
            )
        session.full_clean(
            exclude=["edition", "revision", "code", "guid"], validate_constraints=False
        )
        session.save()
        _set_persons(session, data)
    session.refresh_from_db()
    return session


def _lock_session(edition, session_id: int) -> Session:
    session = Session.objects.select_for_update().filter(edition=edition, pk=session_id).first()
    if session is None:
        raise ServiceError(_("Không tìm thấy phiên này."), code="not_found")
    return session


def session_cancel(*, edition, session_id: int, cancelled: bool = True) -> Session:
    """Cancel a session (or take the cancellation back). It stays in the agenda, marked, so
    that the people who saved it see what happened."""
    with transaction.atomic():
        session = _lock_session(edition, session_id)
        if session.is_cancelled != cancelled:
            session.is_cancelled = cancelled
            session.revision += 1
            session.save(update_fields=["is_cancelled", "revision", "updated_at"])
    return session


def session_delete(*, edition, session_id: int) -> None:
    """Delete a session never published; a published one can only be cancelled."""
    with transaction.atomic():
        session = _lock_session(edition, session_id)
        if PublishedSession.objects.filter(session=session).exists():
            raise ServiceError(
                _("Phiên đã công bố không xóa được; hãy hủy phiên để đại biểu được báo."),
                code="published",
            )
        session.delete()


# --- Rooms and tracks ---------------------------------------------------------------------


def room_save(*, edition, data: dict, room_id: int | None = None, gate_ids=()) -> Room:
    """Create or change a room, and set the check-in gates at its door (a gate moves from any
    other room it served)."""
    name = normalize_text(data.get("name", ""))
    if not name:
        raise ServiceError(_("Cần nhập tên phòng."), code="name_required")
    with transaction.atomic():
        room = (
            Room(edition=edition)
            if room_id is None
            else Room.objects.select_for_update().filter(edition=edition, pk=room_id).first()
        )
        if room is None:
            raise ServiceError(_("Không tìm thấy phòng này."), code="not_found")
        room.name = name
        room.name_en = normalize_text(data.get("name_en", ""))
        room.capacity = data.get("capacity")
        room.order = data.get("order") or 0
        duplicate = ServiceError(_("Đã có phòng tên này."), code="duplicate")
        if Room.objects.filter(edition=edition, name__iexact=name).exclude(pk=room.pk).exists():
            raise duplicate
        try:
            with transaction.atomic():
                room.save()
        except IntegrityError as exc:
            # Another organiser saved a room of that name since the check above.
            raise duplicate from exc
        gates = list(Gate.objects.filter(edition=edition, pk__in=list(gate_ids)))
        if len(gates) != len(set(gate_ids)):
            raise ServiceError(_("Cổng không thuộc diễn đàn này."), code="foreign")
        leaving = list(
            RoomGate.objects.filter(room=room)
            .exclude(gate__in=gates)
            .values_list("gate_id", flat=True)
        )
        RoomGate.objects.filter(room=room, gate_id__in=leaving).delete()
        for gate in gates:
            RoomGate.objects.update_or_create(gate=gate, defaults={"room": room})
        touched = [door_cache_key(gate_id) for gate_id in [*leaving, *(g.pk for g in gates)]]
        cache.delete_many(touched)
        transaction.on_commit(lambda: cache.delete_many(touched))
    return room


def room_delete(*, edition, room_id: int) -> None:
    with transaction.atomic():
        room = Room.objects.select_for_update().filter(edition=edition, pk=room_id).first()
        if room is None:
            raise ServiceError(_("Không tìm thấy phòng này."), code="not_found")
        if room.sessions.exists():
            raise ServiceError(
                _("Phòng còn phiên; hãy chuyển các phiên sang phòng khác trước."), code="in_use"
            )
        touched = [
            door_cache_key(gate_id) for gate_id in room.gate_links.values_list("gate_id", flat=True)
        ]
        room.delete()
        cache.delete_many(touched)
        transaction.on_commit(lambda: cache.delete_many(touched))


def track_save(*, edition, data: dict, track_id: int | None = None) -> Track:
    name = normalize_text(data.get("name", ""))
    if not name:
        raise ServiceError(_("Cần nhập tên chuỗi phiên."), code="name_required")
    slug = slugify(search_key(data.get("slug") or name))[:40].strip("-")
    if not slug:
        raise ServiceError(_("Mã chỉ gồm chữ không dấu, số và gạch ngang."), code="slug_invalid")
    with transaction.atomic():
        track = (
            Track(edition=edition)
            if track_id is None
            else Track.objects.select_for_update().filter(edition=edition, pk=track_id).first()
        )
        if track is None:
            raise ServiceError(_("Không tìm thấy chuỗi phiên này."), code="not_found")
        duplicate = ServiceError(_("Đã có chuỗi phiên với mã này."), code="duplicate")
        if Track.objects.filter(edition=edition, slug=slug).exclude(pk=track.pk).exists():
            raise duplicate
        track.slug = slug
        track.name = name
        track.name_en = normalize_text(data.get("name_en", ""))
        track.color = (data.get("color") or "#0b3d91").lower()
        track.order = data.get("order") or 0
        track.full_clean(exclude=["edition"], validate_constraints=False)
        try:
            with transaction.atomic():
                track.save()
        except IntegrityError as exc:
            raise duplicate from exc  # saved by someone else since the check above
    return track
