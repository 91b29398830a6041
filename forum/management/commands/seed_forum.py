from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from forum.services import edition_seed_2025


class Command(BaseCommand):
    help = (
        "Create (idempotently) the 2025 demo forum and each app's demo data: accounts, synthetic "
        "delegates, gates and arrivals."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--delegates", type=int, default=0, help="Ensure N synthetic delegates exist."
        )

    def handle(self, *args, delegates: int, **options):
        if delegates < 0 or delegates > 100_000:
            raise CommandError("--delegates must be between 0 and 100000")
        with transaction.atomic():
            edition = edition_seed_2025()
            # Each app adds its own demo data (AppConfig.demo_seed), in INSTALLED_APPS order:
            # the project package knows none of them.
            reports = [
                config.demo_seed(edition=edition, delegates=delegates)
                for config in apps.get_app_configs()
                if hasattr(config, "demo_seed")
            ]
        self.stdout.write(
            self.style.SUCCESS(
                f"Forum: {edition.name} ({timezone.localtime(edition.starts_at):%d/%m/%Y %H:%M})"
            )
        )
        for lines in reports:
            for line in lines:
                self.stdout.write(line)
