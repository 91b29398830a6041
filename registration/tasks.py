from celery import shared_task

from forum.models import Edition
from registration.services import notifications
from registration.services.badges import print_files


@shared_task(name="registration.reminders_send")
def reminders_send() -> int:
    return notifications.reminders_send()


@shared_task(bind=True, name="registration.badges_print")
def badges_print(
    self, *, edition_id: int, sort: str = "name", layout: str = "a6", delegate_type: str = ""
) -> dict | None:
    """The bulk print PDF; progress as {"done", "total"} badges while it renders."""
    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is None:
        return None

    def progress(done: int, total: int) -> None:
        if not self.request.is_eager:
            self.update_state(state="PROGRESS", meta={"done": done, "total": total})

    return print_files.badges_print_file(
        edition=edition, sort=sort, layout=layout, delegate_type=delegate_type, progress=progress
    )
