from celery import shared_task

from agenda.services import notifications, seats


@shared_task(name="agenda.version_notify")
def version_notify(*, version_id: int) -> dict:
    return notifications.version_notify(version_id=version_id)


@shared_task(name="agenda.seats_reconcile")
def seats_reconcile() -> int:
    return seats.seats_reconcile()
