from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from registration.models import User
from registration.services.accounts import totp_current_code


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo staff account (development only)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        from allauth.mfa.models import Authenticator
        from allauth.mfa.utils import decrypt

        if not settings.DEBUG:
            raise CommandError("totp_code only works with DJANGO_DEBUG=1 (demo use).")
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account {email}")
        auth = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if auth is None:
            raise CommandError(f"{email} has no TOTP authenticator")
        self.stdout.write(totp_current_code(secret=decrypt(auth.data["secret"])))
