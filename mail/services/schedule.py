"""When an email is due, how long a claim on it holds, and handing it to the broker."""

import datetime as dt
from functools import partial

from django.conf import settings
from django.db import transaction

from forum.task_queue import task_offer
from mail.models import OutgoingEmail

SEND_TASK = "mail.email_send"
MAX_TRIES = 6
FIRST_RETRY_SECONDS = 30
LONGEST_RETRY_SECONDS = 1800
# A task handed to the broker that nothing has claimed after this many leases is lost, even
# while other messages still wait in the queue.
LOST_AFTER_LEASES = 10


def send_lease() -> dt.timedelta:
    """How long a worker's claim on an email holds (MAIL_LEASE_SECONDS): a send that has not
    finished by then is considered dead, and the email is sent again."""
    return dt.timedelta(seconds=settings.MAIL_LEASE_SECONDS)


def retry_delay(tries: int) -> dt.timedelta:
    """After the n-th failed try: 30 s, 1, 2, 4, 8 minutes (about 15 minutes over six tries)."""
    return dt.timedelta(seconds=min(FIRST_RETRY_SECONDS * 2 ** (tries - 1), LONGEST_RETRY_SECONDS))


def email_dispatch(email_id: int) -> None:
    """Hand the email's send task to the broker. If the broker cannot be reached the row is
    marked as not handed over, and the next sweep sends it."""
    if not task_offer(SEND_TASK, email_id=email_id):
        OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.QUEUED).update(
            lease_until=None
        )


def email_dispatch_on_commit(email_id: int) -> None:
    transaction.on_commit(partial(email_dispatch, email_id))
