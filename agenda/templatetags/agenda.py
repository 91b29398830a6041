"""Filters for change records (agenda.changes) and published sessions, in the active language."""

from django import template
from django.utils import translation

from agenda.snapshot import VN, parse_when

register = template.Library()


def _english() -> bool:
    return translation.get_language() == "en"


@register.filter
def record_title(record: dict) -> str:
    return (record.get("title_en") if _english() else "") or record["title"]


@register.filter
def time_text(facts: dict | None) -> str:
    if not facts:
        return "—"
    start = parse_when(facts["starts_at"]).astimezone(VN)
    end = parse_when(facts["ends_at"]).astimezone(VN)
    return f"{start:%H:%M}–{end:%H:%M} {start:%d/%m/%Y}"


@register.filter
def start_text(facts: dict | None) -> str:
    if not facts:
        return "—"
    start = parse_when(facts["starts_at"]).astimezone(VN)
    return f"{start:%H:%M %d/%m/%Y}"


@register.filter
def room_text(facts: dict | None) -> str:
    if not facts:
        return "—"
    return (facts.get("room_en") if _english() else facts.get("room")) or "—"


@register.filter
def speakers_text(facts: dict | None) -> str:
    if not facts or not facts.get("speakers"):
        return "—"
    return ", ".join(facts["speakers"])


@register.filter
def has_kind(record: dict, kind: str) -> bool:
    return kind in record.get("kinds", ())


@register.filter
def among(value, collection) -> bool:
    return value in (collection or ())
