from celery import shared_task

from registration.errors import TransientMailError
from registration.services import outbox


@shared_task(bind=True, name="registration.email_send", max_retries=outbox.MAX_TRIES - 1)
def email_send(self, *, email_id: int) -> None:
    final = self.request.retries >= self.max_retries
    try:
        outbox.email_send(email_id=email_id, final_attempt=final)
    except TransientMailError as exc:
        countdown = min(30 * 2**self.request.retries, 1800)
        if self.request.is_eager:
            # Inline mode (no broker): Celery re-runs a returned Retry at once; raising it would
            # escape to the caller when eager tasks propagate errors.
            return self.retry(exc=exc, countdown=countdown, throw=False)
        raise self.retry(exc=exc, countdown=countdown) from exc
    return None


@shared_task(name="registration.outbox_flush")
def outbox_flush() -> int:
    return outbox.outbox_flush()


@shared_task(name="registration.reminders_send")
def reminders_send() -> int:
    from registration.services.notifications import reminders_send as send

    return send()


@shared_task(bind=True, name="registration.badges_print")
def badges_print(
    self, *, edition_id: int, sort: str = "name", layout: str = "a6", delegate_type: str = ""
) -> dict | None:
    """The bulk print PDF; progress as {"done", "total"} badges while it renders."""
    from forum.models import Edition
    from registration.services.badges import badges_print_file

    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is None:
        return None

    def progress(done: int, total: int) -> None:
        if not self.request.is_eager:
            self.update_state(state="PROGRESS", meta={"done": done, "total": total})

    return badges_print_file(
        edition=edition, sort=sort, layout=layout, delegate_type=delegate_type, progress=progress
    )
