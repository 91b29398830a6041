"""The outbox: an email is queued as a row, sent exactly once by a Celery task, retried when it
is due, and taken back by a sweep in every worker when a worker or the broker lost it."""

from mail.services.delivery import email_deliver
from mail.services.queueing import email_queue, email_resend
from mail.services.schedule import MAX_TRIES, SEND_TASK
from mail.services.sweeping import outbox_flush

__all__ = [
    "MAX_TRIES",
    "SEND_TASK",
    "email_deliver",
    "email_queue",
    "email_resend",
    "outbox_flush",
]
