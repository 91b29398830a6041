"""Scans stored before their times were bounded: a time no page could read (a phone that sent
year 1 or 9999) becomes the refusal it would be today, received when it was; a delegate left
without a first entry by it gets the earliest remaining admission; and a first entry that gave
way to an earlier offline scan, once left "ok", is the re-entry it is."""

import datetime as dt

from django.db import migrations
from django.db.models import Case, CharField, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast, Left

LOW = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
HIGH = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
ADMITTED = ("ok", "already_checked_in")


def repair(apps, schema_editor):
    Scan = apps.get_model("checkin", "Scan")
    # One UPDATE that never reads the rows: the database holds what Python cannot.
    Scan.objects.filter(Q(scanned_at__lt=LOW) | Q(scanned_at__gte=HIGH)).update(
        device_time=Left(Cast("scanned_at", CharField()), 40),
        result=Case(
            When(scanned_at__lt=LOW, then=Value("scanned_too_early")),
            default=Value("scanned_in_future"),
        ),
        is_first_entry=False,
        scanned_at=F("received_at"),
    )
    with_first = Scan.objects.filter(is_first_entry=True).values("registration_id")
    orphans = (
        Scan.objects.filter(registration__isnull=False, result__in=ADMITTED)
        .exclude(registration_id__in=with_first)
        .values_list("registration_id", flat=True)
        .distinct()
    )
    for registration_id in list(orphans):
        earliest = (
            Scan.objects.filter(registration_id=registration_id, result__in=ADMITTED)
            .order_by("scanned_at", "pk")
            .first()
        )
        Scan.objects.filter(pk=earliest.pk).update(is_first_entry=True, result="ok")
    first_received = Scan.objects.filter(
        registration_id=OuterRef("registration_id"), is_first_entry=True
    ).values("received_at")[:1]
    Scan.objects.filter(
        result="ok", is_first_entry=False, registration_id__in=with_first
    ).update(result="already_checked_in", superseded_at=Subquery(first_received))


class Migration(migrations.Migration):
    dependencies = [("checkin", "0002_scan_refusals_and_superseded")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop, elidable=True)]
