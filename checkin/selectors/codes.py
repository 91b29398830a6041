from registration.badge_codes import payload_of
from registration.models import BadgeCode


def registration_checkin_code(*, edition_id: int, registration_id: int) -> str | None:
    """What a manual check-in presents to the check-in service: the payload of the active code,
    else of the latest revoked one (so the answer says "cancelled" or "revoked"), else None."""
    code = (
        BadgeCode.objects.filter(
            registration_id=registration_id, registration__edition_id=edition_id
        )
        .order_by("status", "-issued_at", "-pk")  # "active" sorts before "revoked"
        .values_list("token", flat=True)
        .first()
    )
    return payload_of(code) if code else None
