"""The sweep: every worker runs it every few seconds (forum.celery, WORKER_SWEEPS), however it
was started, so that nothing a worker or the broker lost waits longer than a lease."""

import logging
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from forum.task_queue import task_queue_length
from mail.models import OutgoingEmail
from mail.services.schedule import LOST_AFTER_LEASES, email_dispatch, send_lease

logger = logging.getLogger(__name__)
Status = OutgoingEmail.Status
BATCH = 500


def outbox_flush(*, now=None) -> int:
    """Take back what was lost and hand over what is due; returns how many were handed over.

    - A claim whose lease lapsed belongs to a worker that died mid-send (killed, out of
      memory, its machine gone): the email goes back to the queue, due now.
    - A queued email is handed to the broker when it is due and nothing holds it: its retry
      time came, the broker could not be reached when it was queued, or its task was lost. A
      task handed over counts as lost once its lease lapsed and the queue is empty (it can be
      nowhere but lost), or after LOST_AFTER_LEASES leases whatever the queue holds.
    Rows are taken with SKIP LOCKED: sweeps of several workers share the work.
    """
    now = now or timezone.now()
    lease = send_lease()
    with transaction.atomic():
        lapsed = list(
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(status=Status.SENDING, lease_until__lt=now)
            .values_list("pk", flat=True)[:BATCH]
        )
        if lapsed:
            logger.warning("%d emails taken back from workers that stopped", len(lapsed))
            OutgoingEmail.objects.filter(pk__in=lapsed, status=Status.SENDING).update(
                status=Status.QUEUED,
                next_attempt_at=now,
                lease_until=None,
                last_error="WorkerLost: the worker sending it stopped; it is sent again",
            )

    lost = Q(lease_until__isnull=True) | Q(lease_until__lt=now - LOST_AFTER_LEASES * lease)
    if task_queue_length() == 0:
        lost |= Q(lease_until__lt=now)
    with transaction.atomic():
        due = list(
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(lost, status=Status.QUEUED, next_attempt_at__lte=now)
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:BATCH]
        )
        OutgoingEmail.objects.filter(pk__in=due).update(lease_until=now + lease)
        for email_id in due:
            transaction.on_commit(partial(email_dispatch, email_id))
    return len(due)
