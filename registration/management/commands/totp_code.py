from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from forum.errors import ServiceError
from registration.services.accounts import totp_code_of


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo staff account (development only)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        if not settings.DEBUG:
            raise CommandError("totp_code only works with DJANGO_DEBUG=1 (demo use).")
        try:
            self.stdout.write(totp_code_of(email=email))
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
