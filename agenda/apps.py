from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = _("Chương trình")

    def ready(self) -> None:
        from agenda.selectors.doors import room_door_check
        from agenda.services import notifications
        from agenda.services.personal_data import AGENDA_DATA
        from checkin.services.admission import admission_check_register
        from forum.jobs import job_kind_register
        from mail.attachments import attachment_producer_register
        from registration.data_holders import data_holder_register

        # Change emails carry the person's calendar, rendered when the email is sent.
        attachment_producer_register(
            notifications.ATTACHMENT, notifications.attach_personal_calendar
        )
        job_kind_register(notifications.NOTIFY_JOB_KIND)
        # At a room's door during a seat-limited session, only the delegates holding a seat.
        admission_check_register(room_door_check)
        # Saved sessions and seats are in the delegate's download and go with the account.
        data_holder_register(AGENDA_DATA)

    def demo_seed(self, *, edition, **options) -> list[str]:
        from agenda.services.demo import demo_agenda_seed

        return demo_agenda_seed(edition=edition, **options)
