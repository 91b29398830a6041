from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Giải thưởng Make in Viet Nam")

    def ready(self) -> None:
        from awards.services.certificates import CERTIFICATE_JOB_KIND
        from awards.services.personal_data import AWARDS_DATA
        from forum.jobs import job_kind_register
        from registration.data_holders import data_holder_register

        # Every winner's certificate in one file is long work: a job with a progress bar.
        job_kind_register(CERTIFICATE_JOB_KIND)
        # Owned nominations and jury places are in the account's download.
        data_holder_register(AWARDS_DATA)

    def demo_seed(self, *, edition, **options) -> list[str]:
        from awards.services.demo import demo_awards_seed

        return demo_awards_seed(edition=edition)
