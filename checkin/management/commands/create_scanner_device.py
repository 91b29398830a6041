"""Create a scanner device that is paired at once, and print its bearer token.

    python manage.py create_scanner_device --gate a --name "Cổng A – máy 1" [--language en]

The token is the only thing printed on standard output, so a script can capture it.
"""

from django.core.management.base import BaseCommand, CommandError

from checkin.selectors.gates import gate_codes, gate_of_edition
from checkin.services import devices
from forum.errors import ServiceError
from forum.selectors import edition_current, edition_named


class Command(BaseCommand):
    help = "Create a scanner device at a gate of the current edition and print its token."

    def add_arguments(self, parser):
        parser.add_argument("--gate", required=True, help="gate code, e.g. a or vip")
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
            device, token = devices.device_create_paired(gate=found, name=name, language=language)
        except ServiceError as exc:
            raise CommandError(str(exc.message)) from None
        self.stderr.write(
            f"Device #{device.pk} “{device.name}” at gate {found.code} ({found.name})."
        )
        self.stdout.write(token)
