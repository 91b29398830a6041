from celery import shared_task

from mail import services
from mail.errors import TransientMailError


@shared_task(bind=True, name=services.SEND_TASK, max_retries=services.MAX_TRIES - 1)
def email_send(self, *, email_id: int) -> None:
    final = self.request.retries >= self.max_retries
    try:
        services.email_deliver(email_id=email_id, final_attempt=final)
    except TransientMailError as exc:
        countdown = min(30 * 2**self.request.retries, 1800)
        if self.request.is_eager:
            # Inline mode (no broker): Celery re-runs a returned Retry at once; raising it would
            # escape to the caller when eager tasks propagate errors.
            return self.retry(exc=exc, countdown=countdown, throw=False)
        raise self.retry(exc=exc, countdown=countdown) from exc
    return None


@shared_task(name="mail.outbox_flush")
def outbox_flush() -> int:
    return services.outbox_flush()
