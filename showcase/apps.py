from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowcaseConfig(AppConfig):
    name = "showcase"
    verbose_name = _("Trình diễn sản phẩm")

    def ready(self) -> None:
        from forum.jobs import job_kind_register
        from registration.data_holders import data_holder_register
        from showcase.services import posters
        from showcase.services.personal_data import SHOWCASE_DATA

        # The organisers' long job: every station's poster in one print file.
        job_kind_register(posters.PRINT_JOB_KIND)
        # Verifications are in the delegate's download; their comments go with the account.
        data_holder_register(SHOWCASE_DATA)

    def demo_seed(self, *, edition, **options) -> list[str]:
        from showcase.services.seed import demo_showcase_seed

        return demo_showcase_seed(edition=edition, **options)
