"""What changed between two published versions, session by session (pure functions).

A change record names the session and its kinds of change; "before" and "after" keep what a
delegate needs to read it (times, room names, speakers) as they were, so the changelog and the
emails stay right even after rooms or speakers are renamed later.
"""

NEW = "new"
CANCELLED = "cancelled"
RESTORED = "restored"
TIME = "time"
ROOM = "room"
SPEAKERS = "speakers"
TITLE = "title"
DETAILS = "details"

# The kinds that concern a delegate who saved the session or holds a seat: they get an email.
NOTIFIED = frozenset({CANCELLED, RESTORED, TIME, ROOM, SPEAKERS, TITLE})
_DETAIL_FIELDS = ("description", "description_en", "kind", "track", "seat_limit", "title_en")


def _persons(session: dict) -> list:
    return [(p["speaker"], p["role"]) for p in session["persons"]]


def _facts(session: dict, snapshot: dict) -> dict:
    rooms = {r["id"]: r for r in snapshot["rooms"]}
    speakers = {s["id"]: s for s in snapshot["speakers"]}
    room = rooms.get(session["room"])
    return {
        "starts_at": session["starts_at"],
        "ends_at": session["ends_at"],
        "room": room["name"] if room else "",
        "room_en": (room["name_en"] or room["name"]) if room else "",
        "speakers": [
            speakers[p["speaker"]]["full_name"]
            for p in session["persons"]
            if p["speaker"] in speakers
        ],
        "cancelled": session["cancelled"],
    }


def _kinds(old: dict, new: dict) -> list[str]:
    if old["cancelled"] != new["cancelled"]:
        return [CANCELLED if new["cancelled"] else RESTORED]
    kinds = []
    if (old["starts_at"], old["ends_at"]) != (new["starts_at"], new["ends_at"]):
        kinds.append(TIME)
    if old["room"] != new["room"]:
        kinds.append(ROOM)
    if _persons(old) != _persons(new):
        kinds.append(SPEAKERS)
    if old["title"] != new["title"]:
        kinds.append(TITLE)
    if any(old.get(name) != new.get(name) for name in _DETAIL_FIELDS):
        kinds.append(DETAILS)
    return kinds


def _record(session: dict, kinds: list, before: dict | None, after: dict | None) -> dict:
    return {
        "session": session["id"],
        "code": session["code"],
        "title": session["title"],
        "title_en": session["title_en"],
        "kinds": kinds,
        "before": before,
        "after": after,
    }


def changes_between(old: dict | None, new: dict) -> list[dict]:
    """The changes from `old` (None before the first version) to `new`, in `new`'s order. A
    first version lists nothing: there was nothing to change."""
    if old is None:
        return []
    old_sessions = {s["id"]: s for s in old["sessions"]}
    records = []
    for session in new["sessions"]:
        before = old_sessions.pop(session["id"], None)
        if before is None:
            if not session["cancelled"]:
                records.append(_record(session, [NEW], None, _facts(session, new)))
            continue
        kinds = _kinds(before, session)
        if kinds:
            records.append(_record(session, kinds, _facts(before, old), _facts(session, new)))
    # A published session missing from the draft is gone for its audience: a cancellation.
    for session in old_sessions.values():
        if not session["cancelled"]:
            records.append(_record(session, [CANCELLED], _facts(session, old), None))
    return records


def sequences(old: dict | None, new: dict) -> dict[int, int]:
    """Each session's iCalendar SEQUENCE in `new`: raised by one whenever it changed."""
    old_sessions = {s["id"]: s for s in (old or {"sessions": []})["sessions"]}
    result = {}
    for session in new["sessions"]:
        before = old_sessions.get(session["id"])
        if before is None:
            result[session["id"]] = 0
        else:
            result[session["id"]] = before.get("sequence", 0) + (
                1 if _kinds(before, session) else 0
            )
    return result


def notified(records: list[dict]) -> list[dict]:
    """The records that concern people who saved the session or hold a seat in it."""
    return [r for r in records if NOTIFIED.intersection(r["kinds"])]
