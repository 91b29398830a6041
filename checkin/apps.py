from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckinConfig(AppConfig):
    name = "checkin"
    verbose_name = _("Check-in")

    def demo_seed(self, *, edition, **options) -> list[str]:
        from checkin.services.demo import demo_checkin_seed

        return demo_checkin_seed(edition=edition, **options)
