from django.db.models import Count, QuerySet

from checkin.models import Gate
from forum.vietnamese import normalize_text


def gate_choices(*, edition_id: int) -> list[dict]:
    """The open gates of the edition by code, for door staff to choose where they scan."""
    gates = Gate.objects.filter(edition_id=edition_id, is_active=True)
    return list(gates.order_by("code").values("code", "name", "kind"))


def gate_of_edition(*, edition_id: int, code: str) -> Gate | None:
    """The gate by its code in any letter case ("A" is gate "a"), else by its name ("cổng a")."""
    gates = Gate.objects.filter(edition_id=edition_id)
    wanted = normalize_text(code)
    found = gates.filter(code__iexact=wanted).first()
    if found is None:
        wanted = wanted.casefold()
        found = next((gate for gate in gates if gate.name.casefold() == wanted), None)
    return found


def gate_codes(*, edition_id: int) -> list[str]:
    return list(Gate.objects.filter(edition_id=edition_id).values_list("code", flat=True))


def gates_open(*, edition) -> QuerySet[Gate]:
    return Gate.objects.filter(edition=edition, is_active=True)


def gates_with_counts(*, edition) -> QuerySet[Gate]:
    """Every gate of the edition with its number of devices and of scans, by code."""
    return (
        Gate.objects.filter(edition=edition)
        .annotate(
            device_count=Count("devices", distinct=True), scan_count=Count("scans", distinct=True)
        )
        .order_by("code")
    )
