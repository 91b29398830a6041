import re
import uuid
from urllib.parse import urlsplit

from django.urls import reverse
from django.utils.text import slugify

from forum.vietnamese import search_key


def acronym(edition) -> str:
    """ "miv2025": lowercase letters, digits and underscores, as the frab schema wants."""
    return "miv" + re.sub(r"[^a-z0-9_]", "_", edition.slug.lower())


def event_slug(edition, session) -> str:
    title = slugify(search_key(session.title))[:40].strip("-_") or "phien"
    return f"{acronym(edition)}-{session.code.lower()}-{title}"


def host(site_url: str) -> str:
    return urlsplit(site_url).hostname or "forum.localhost"


def session_url(site_url: str, session) -> str:
    return site_url + reverse("agenda:session", kwargs={"code": session.code})


def speaker_url(site_url: str, speaker) -> str:
    return site_url + reverse("agenda:speaker", kwargs={"slug": speaker.slug})


def no_room_guid(site_url: str, edition) -> str:
    """Sessions with no room take place "at the venue": a stable identifier for that place."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{site_url}/agenda/{edition.slug}/venue"))
