from celery import shared_task

from registration.errors import TransientMailError
from registration.services import outbox


@shared_task(bind=True, name="registration.email_send", max_retries=outbox.MAX_TRIES - 1)
def email_send(self, *, email_id: int) -> None:
    final = self.request.retries >= self.max_retries
    try:
        outbox.email_send(email_id=email_id, final_attempt=final)
    except TransientMailError as exc:
        raise self.retry(exc=exc, countdown=min(30 * 2**self.request.retries, 1800)) from exc


@shared_task(name="registration.outbox_flush")
def outbox_flush() -> int:
    return outbox.outbox_flush()
