from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationConfig(AppConfig):
    name = "registration"
    verbose_name = _("Đăng ký đại biểu")

    def ready(self) -> None:
        from forum.jobs import job_kind_register
        from mail.attachments import attachment_producer_register
        from mail.renderers import email_renderer_register
        from registration.services import bulk, notifications
        from registration.services.badges import ebadges, print_files
        from registration.services.importing import creating

        # Registration emails are written when they are sent, in the delegate's language.
        email_renderer_register(notifications.RENDERER, notifications.registration_email_render)
        # The approval email carries the e-badge, rendered when the email is sent.
        attachment_producer_register("badge", ebadges.attach_badge)
        # The long jobs of organisers: bulk print, bulk decisions, import.
        for kind in (print_files.PRINT_JOB_KIND, bulk.BULK_JOB_KIND, creating.IMPORT_JOB_KIND):
            job_kind_register(kind)

    def demo_seed(self, *, edition, **options) -> list[str]:
        from registration.services.demo import demo_registration_seed

        return demo_registration_seed(edition=edition, **options)
