"""iCalendar (RFC 5545) through the icalendar library: the whole forum, or one person's sessions.

UIDs come from the sessions' GUIDs, so they stay the same across versions; SEQUENCE is the
session's, raised by each published change, so calendar programs replace their copy; a
cancelled session stays in the feed as STATUS:CANCELLED, which removes it from calendars.
"""

from django.utils.translation import gettext as _

from agenda.feeds.common import host, session_url


def _description(session, url: str) -> str:
    lines = []
    if session.display_description:
        lines.append(session.display_description)
    if session.moderators:
        names = ", ".join(s.display_name for s in session.moderators)
        lines.append(_("Điều phối: %(names)s") % {"names": names})
    if session.speakers:
        names = ", ".join(s.display_name for s in session.speakers)
        lines.append(_("Diễn giả: %(names)s") % {"names": names})
    lines.append(url)
    return "\n\n".join(lines)


def calendar_bytes(*, programme, sessions, edition, name: str, site_url: str) -> bytes:
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Make in Viet Nam Forum//Agenda//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    domain = host(site_url)
    venue = edition.display_venue
    for session in sessions:
        url = session_url(site_url, session)
        event = Event()
        event.add("uid", f"{session.guid}@{domain}")
        event.add("dtstamp", programme.published_at)
        event.add("dtstart", session.local_start)
        event.add("dtend", session.local_end)
        title = session.display_title
        if session.cancelled:
            title = _("Đã hủy: %(title)s") % {"title": title}
        event.add("summary", title)
        event.add("description", _description(session, url))
        place = ", ".join(filter(None, [session.room.display_name if session.room else "", venue]))
        event.add("location", place)
        event.add("url", url)
        event.add("sequence", session.sequence)
        event.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
        event.add("categories", [session.kind_label])
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
