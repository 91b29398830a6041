from django.db.models import Q
from django.utils import timezone

from mail.models import OutgoingEmail


def emails_needing_attention(*, stale_after_minutes: int = 10, limit: int = 200):
    """Outbox rows an organiser should look at: failed ones, and queued ones that never left."""
    cutoff = timezone.now() - timezone.timedelta(minutes=stale_after_minutes)
    return OutgoingEmail.objects.filter(
        Q(status=OutgoingEmail.Status.FAILED)
        | Q(status=OutgoingEmail.Status.QUEUED, created_at__lt=cutoff)
    ).order_by("-created_at")[:limit]
