"""What every awards service uses: the log of decisions, and model validation as a ServiceError."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from awards.models import AwardLog
from forum.errors import ServiceError


def award_log(award, actor, action: str, nomination=None, **detail) -> AwardLog:
    return AwardLog.objects.create(
        award=award,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        nomination=nomination,
        detail=detail,
    )


def valid(instance) -> None:
    """full_clean, its errors as one ServiceError (the forms have shown them field by field)."""
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages), code="invalid") from exc


def saved(instance) -> None:
    """instance.save() once `valid`: a unique value that another request wrote between the
    check and this write is refused as the check refuses it, not as a database error."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        valid(instance)  # sees the other row now: the same translated refusal
        raise
