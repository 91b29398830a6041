from django.db.models import QuerySet
from django.utils import timezone, translation

from checkin.models import ScannerDevice
from forum.models import Edition


def devices_of_edition(*, edition) -> QuerySet[ScannerDevice]:
    return (
        ScannerDevice.objects.filter(gate__edition=edition)
        .select_related("gate")
        .order_by("gate__code", "name", "pk")
    )


def device_of_edition(*, edition, device_id: int) -> ScannerDevice | None:
    return devices_of_edition(edition=edition).filter(pk=device_id).first()


def scanner_edition(*, edition_id: int, language: str) -> dict:
    """The edition as a scanner shows it: its name in the scanner's language, its start."""
    edition = Edition.objects.get(pk=edition_id)
    with translation.override(language):
        name = edition.display_name
    return {"name": name, "starts_at": timezone.localtime(edition.starts_at)}
