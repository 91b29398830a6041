"""The published agenda: the version the public sees, parsed once per process."""

from dataclasses import dataclass
from functools import lru_cache

from django.core.cache import cache

from agenda.models import Agenda, AgendaVersion
from agenda.snapshot import Programme, programme_from
from forum.selectors import edition_current


@dataclass(frozen=True)
class VersionRef:
    pk: int
    number: int
    # With the id, they name one version's content even where ids are reused (a test database
    # rolled back): the parsed copy is cached under all of them.
    fingerprint: str
    published_at: object


def version_current(*, edition) -> VersionRef | None:
    """The published version's id and number: one small query (what every cache key needs)."""
    if edition is None:
        return None
    row = (
        Agenda.objects.filter(edition=edition, current_version__isnull=False)
        .values_list(
            "current_version_id",
            "current_version__number",
            "current_version__fingerprint",
            "current_version__published_at",
        )
        .first()
    )
    return VersionRef(*row) if row else None


@lru_cache(maxsize=16)
def _programme(ref: VersionRef) -> Programme:
    # A version never changes once published: parse it once per process.
    snapshot = AgendaVersion.objects.values_list("snapshot", flat=True).get(pk=ref.pk)
    return programme_from(snapshot, number=ref.number, published_at=ref.published_at)


# Every public page and feed starts with "which forum, which version": kept a moment in the
# cache (publishing clears it), so that a poll costs no query when nothing changed.
CURRENT_KEY = "agenda:current"
CURRENT_SECONDS = 2


def agenda_current() -> tuple:
    """(the current edition or None, its published VersionRef or None)."""
    found = cache.get(CURRENT_KEY)
    if found is None:
        edition = edition_current()
        found = (edition, version_current(edition=edition))
        cache.set(CURRENT_KEY, found, CURRENT_SECONDS)
    return found


def programme_of(ref: VersionRef | None) -> Programme | None:
    return _programme(ref) if ref else None


def programme_current(*, edition) -> Programme | None:
    return programme_of(version_current(edition=edition))


def versions_published(*, edition):
    """Every version, newest first, with its changelog (for the public changelog page)."""
    return (
        AgendaVersion.objects.filter(edition=edition)
        .only("number", "published_at", "note", "changes")
        .order_by("-number")
    )


def version_latest(*, edition) -> AgendaVersion | None:
    return AgendaVersion.objects.filter(edition=edition).order_by("-number").first()


def version_of_edition(*, edition, version_id: int) -> AgendaVersion | None:
    return AgendaVersion.objects.filter(edition=edition, pk=version_id).first()
