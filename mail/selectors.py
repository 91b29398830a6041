import datetime as dt

from django.db.models import Q
from django.utils import timezone

from mail.models import OutgoingEmail

Status = OutgoingEmail.Status
# An email not sent this long after it was due is late: its worker, the broker or the queue
# is behind, and organisers should know while it happens.
LATE_AFTER = dt.timedelta(minutes=2)


def emails_needing_attention(*, limit: int = 200):
    """Outbox rows an organiser should look at, as soon as there is something to see: failed
    ones; queued ones a try has already failed for (waiting to be tried again), or late; ones
    whose worker stopped while sending them."""
    now = timezone.now()
    late = now - LATE_AFTER
    return OutgoingEmail.objects.filter(
        Q(status=Status.FAILED)
        | Q(status=Status.QUEUED, tries__gt=0)
        | Q(status=Status.QUEUED, next_attempt_at__lt=late)
        | Q(status=Status.QUEUED, created_at__lt=late)
        | Q(status=Status.SENDING, lease_until__lt=now)
    ).order_by("-created_at")[:limit]
