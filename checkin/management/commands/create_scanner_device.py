"""Create a scanner device that is paired at once, and print its bearer token.

    python manage.py create_scanner_device --gate a --name "Cổng A – máy 1" [--language en]

The token is the only thing printed on standard output, so a script can capture it. Standard
error says which device was made and gives its pairing code and pairing address, which a phone's
scanner app takes (typed, or the address opened or scanned as a QR code); using them on a phone
replaces the token. The gate is found by its code in any letter case, or by its name.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from checkin.selectors.gates import gate_codes, gate_of_edition
from checkin.services import devices
from forum.errors import ServiceError
from forum.selectors import edition_current, edition_named


class Command(BaseCommand):
    help = "Create a scanner device at a gate of the current edition and print its token."

    def add_arguments(self, parser):
        parser.add_argument("--gate", required=True, help="gate code (any case) or name, e.g. a")
        parser.add_argument("--name", required=True, help="device name")
        parser.add_argument("--language", choices=devices.LANGUAGES, default="vi")
        parser.add_argument("--edition", help="edition slug (default: the current edition)")

    def handle(self, *args, gate, name, language, edition, **options):
        if edition:
            chosen = edition_named(slug=edition)
            if chosen is None:
                raise CommandError(f"Unknown edition {edition!r}.")
        else:
            chosen = edition_current()
            if chosen is None:
                raise CommandError("No forum edition exists yet.")
        found = gate_of_edition(edition_id=chosen.pk, code=gate)
        if found is None:
            known = ", ".join(gate_codes(edition_id=chosen.pk))
            raise CommandError(
                f"Unknown gate {gate!r} in edition {chosen.slug!r}. Known gates: {known or 'none'}."
            )
        try:
            device, token, code = devices.device_create_scripted(
                gate=found, name=name, language=language
            )
        except ServiceError as exc:
            raise CommandError(str(exc.message)) from None
        expires = timezone.localtime(device.pairing_expires_at).strftime("%H:%M")
        self.stderr.write(
            f"Device #{device.pk} “{device.name}” at gate {found.code} ({found.name}).\n"
            f"To pair a phone instead, enter the pairing code "
            f"{devices.pairing_code_display(code)} in its scanner app, or open "
            f"{devices.pairing_url(origin=settings.SITE_URL, code=code)} "
            f"(once, until {expires}; the token below then stops working)."
        )
        self.stdout.write(token)
