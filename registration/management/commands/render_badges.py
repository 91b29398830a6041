import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from forum.errors import ServiceError
from forum.selectors import edition_named
from registration.models import DelegateType
from registration.services.badges.pdf import LAYOUTS
from registration.services.badges.print_files import SORTS, badges_print_write


class Command(BaseCommand):
    help = (
        "Render the print-ready badges of all approved delegates into one PDF: A6, one badge "
        "per page, or four per A4 sheet with cut marks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="The PDF file to write.")
        parser.add_argument(
            "--sort",
            choices=SORTS,
            default="name",
            help="name: by given name, Vietnamese order (default); organisation: by "
            "organisation, then name.",
        )
        parser.add_argument("--layout", choices=LAYOUTS, default="a6", help="Default: a6.")
        parser.add_argument(
            "--type",
            dest="delegate_type",
            choices=DelegateType.values,
            default="",
            help="Only delegates of this type.",
        )
        parser.add_argument(
            "--edition", default="", help="Edition slug (default: the current edition)."
        )

    def handle(self, *args, out, sort, layout, delegate_type, edition, **options):
        output = Path(out)
        if output.suffix.lower() != ".pdf":
            raise CommandError(f"--out must name a .pdf file, not {out!r}.")
        if not output.parent.is_dir():
            raise CommandError(f"Directory {output.parent} does not exist.")
        if output.is_dir():
            raise CommandError(f"{out} is a directory.")
        found = edition_named(slug=edition)
        if found is None:
            raise CommandError(
                f"No edition with slug {edition!r}." if edition else "No current edition."
            )
        verbose = options["verbosity"] > 0

        def progress(done: int, total: int) -> None:
            if verbose:
                sys.stderr.write(f"\r{done}/{total} badges")
                sys.stderr.flush()

        try:
            result = badges_print_write(
                edition=found,
                output=output,
                sort=sort,
                layout=layout,
                delegate_type=delegate_type,
                progress=progress,
            )
        except ServiceError as exc:
            raise CommandError(str(exc.message)) from exc
        if verbose:
            sys.stderr.write("\n")
        self.stdout.write(
            f"Wrote {result['badges']} badges on {result['pages']} pages "
            f"({layout}, sorted by {sort}) to {output}"
        )
