from forum.models import Edition


def edition_current() -> Edition | None:
    """The edition marked current, else the latest one, else None (a fresh install)."""
    return Edition.objects.order_by("-is_current", "-starts_at").first()
