"""Where and when an approved demo is shown: its station and its stage slot."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.errors import ServiceError
from forum.models import Edition
from showcase.models import Demo
from showcase.models.demos import STATION_MAX
from showcase.selectors.links import session_of_edition
from showcase.services.demos import Status, locked_demo
from showcase.text import clean_line


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def _check_stage(
    edition: Edition, demo: Demo, starts_at, ends_at, place: str, session=None
) -> None:
    if (starts_at is None) != (ends_at is None):
        raise ValidationError(
            {"stage_ends_at": _("Cần cả giờ lên và giờ rời sân khấu, hoặc bỏ trống cả hai.")}
        )
    if starts_at is None:
        return
    if ends_at <= starts_at:
        raise ValidationError({"stage_ends_at": _("Giờ rời sân khấu phải sau giờ lên.")})
    # In a session of the programme, the session's hours; otherwise the forum's.
    start, end = (
        (session.starts_at, session.ends_at) if session else (edition.starts_at, edition.ends_at)
    )
    if starts_at < start or ends_at > end:
        message = (
            _("Giờ trình diễn phải trong thời gian của phiên: %(start)s – %(end)s.")
            if session
            else _("Giờ trình diễn phải trong thời gian diễn đàn: %(start)s – %(end)s.")
        )
        raise ValidationError(
            {"stage_starts_at": message % {"start": _local(start), "end": _local(end)}}
        )
    clash = (
        Demo.objects.filter(
            edition=edition,
            status=Status.APPROVED,
            stage_place__iexact=place,
            stage_starts_at__lt=ends_at,
            stage_ends_at__gt=starts_at,
        )
        .exclude(pk=demo.pk)
        .first()
    )
    if clash is not None:
        raise ServiceError(
            _("Sân khấu đã có %(product)s từ %(start)s đến %(end)s.")
            % {
                "product": clash.product,
                "start": timezone.localtime(clash.stage_starts_at).strftime("%H:%M"),
                "end": timezone.localtime(clash.stage_ends_at).strftime("%H:%M"),
            },
            code="stage_taken",
        )


def _station_taken(edition: Edition, station: int, demo: Demo) -> ServiceError | None:
    other = Demo.objects.filter(edition=edition, station=station).exclude(pk=demo.pk).first()
    if other is None:
        return None
    return ServiceError(
        _("Gian số %(station)s đã dành cho %(product)s.")
        % {"station": station, "product": other.product},
        code="station_taken",
    )


def demo_place(
    *,
    demo: Demo,
    station: int | None,
    stage_starts_at=None,
    stage_ends_at=None,
    stage_place: str = "",
    stage_place_en: str = "",
    stage_session=None,
) -> Demo:
    """Put an approved demo at a station and, if it is shown on stage, in a stage slot that no
    other demo holds on the same stage: within the forum's hours, or within a session of the
    programme (the whole session when no time is given; its room when no stage is named)."""
    stage_place, stage_place_en = clean_line(stage_place), clean_line(stage_place_en)
    if stage_session is not None:
        stage_session = session_of_edition(
            edition_id=demo.edition_id, session_id=getattr(stage_session, "pk", stage_session)
        )
        if stage_session is None:
            raise ValidationError({"stage_session": _("Hãy chọn một phiên của diễn đàn.")})
        if stage_starts_at is None and stage_ends_at is None:
            stage_starts_at, stage_ends_at = stage_session.starts_at, stage_session.ends_at
        if not stage_place and stage_session.room is not None:
            stage_place, stage_place_en = stage_session.room.name, stage_session.room.name_en
    if station is not None and not 1 <= station <= STATION_MAX:
        raise ValidationError({"station": _("Số gian từ 1 đến %(max)s.") % {"max": STATION_MAX}})
    with transaction.atomic():
        # One placement at a time per edition: the checks below see every other one.
        edition = Edition.objects.select_for_update().get(pk=demo.edition_id)
        locked = locked_demo(demo.pk)
        if locked.status != Status.APPROVED:
            raise ServiceError(
                _("Chỉ xếp gian và lịch sân khấu cho sản phẩm đã được duyệt."),
                code="demo_not_approved",
            )
        if station is not None and (taken := _station_taken(edition, station, locked)):
            raise taken
        _check_stage(edition, locked, stage_starts_at, stage_ends_at, stage_place, stage_session)
        locked.station = station
        locked.stage_session = stage_session if stage_starts_at else None
        locked.stage_starts_at, locked.stage_ends_at = stage_starts_at, stage_ends_at
        locked.stage_place = stage_place if stage_starts_at else ""
        locked.stage_place_en = stage_place_en if stage_starts_at else ""
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError as exc:
            taken = _station_taken(edition, station, locked)
            if taken is None:
                raise
            raise taken from exc
    return locked
