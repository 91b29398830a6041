from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationConfig(AppConfig):
    name = "registration"
    verbose_name = _("Đăng ký đại biểu")

    def ready(self) -> None:
        from mail.attachments import attachment_producer_register
        from registration.services.badges.ebadges import attach_badge

        # The approval email carries the e-badge, rendered when the email is sent.
        attachment_producer_register("badge", attach_badge)

    def demo_seed(self, *, edition, **options) -> list[str]:
        from registration.services.demo import demo_registration_seed

        return demo_registration_seed(edition=edition, **options)
