from celery import shared_task

from registration.services import notifications


@shared_task(name="registration.reminders_send")
def reminders_send() -> int:
    return notifications.reminders_send()
