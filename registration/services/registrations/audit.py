from registration.models import AuditLog, Registration


def audit(action: str, registration: Registration | None, actor=None, **detail) -> None:
    """Record who did what to a registration (an anonymous actor is recorded as nobody)."""
    AuditLog.objects.create(
        action=action,
        registration=registration,
        actor=actor if getattr(actor, "pk", None) else None,
        detail=detail,
    )
