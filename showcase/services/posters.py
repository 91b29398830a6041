"""Station posters: an A4 page per demo, in Vietnamese and English, with the QR code a delegate
scans to open the demo's page and verify it. All of them at once are printed by a job."""

import contextlib
import datetime as dt
import io
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forum.errors import ServiceError
from forum.jobs import JobKind, job_create
from forum.models import Job
from forum.selectors import job_latest
from registration.services.badges.fonts import FONT_FILES, badge_fonts_ensure
from registration.services.badges.qr import qr_svg
from showcase.models import Demo
from showcase.selectors.demos import posters_to_print

POSTER_DIR = Path("showcase") / "posters"
POSTER_FILE_LIFETIME = dt.timedelta(days=2)
# Posters per WeasyPrint document: the bar moves while a hundred stations print.
CHUNK = 10


def demo_url(demo_id: int) -> str:
    """The demo's page, absolute, in the default language (what the QR code holds)."""
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL + reverse("showcase:demo", kwargs={"demo_id": demo_id})


def _size_class(demo: Demo) -> str:
    """Type sizes for the texts' lengths, so that long names and many claims fit their zone."""
    name = len(demo.product)
    name_class = "name-m" if name <= 28 else "name-l" if name <= 56 else "name-s"
    claims = list(demo.claims.all())
    text = sum(len(c.text) + len(c.text_en) for c in claims) + 60 * len(claims)
    claims_class = "claims-m" if text <= 520 else "claims-s" if text <= 900 else "claims-xs"
    return f"{name_class} {claims_class}"


def _poster(demo: Demo) -> dict:
    url = demo_url(demo.pk)
    return {"demo": demo, "url": url, "qr_svg": qr_svg(url), "size_class": _size_class(demo)}


def _css() -> str:
    badge_fonts_ensure()
    return render_to_string(
        "showcase/poster_print.css", {"fonts": {w: p.as_uri() for w, p in FONT_FILES.items()}}
    )


def _render(demos: list[Demo], *, edition, css: str) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    # The poster is bilingual whatever the organiser's language; Vietnamese first.
    with translation.override("vi"):
        html = render_to_string(
            "showcase/poster_print.html",
            {"posters": [_poster(demo) for demo in demos], "edition": edition},
        )
    fonts = FontConfiguration()
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[CSS(string=css, font_config=fonts)], font_config=fonts
    )


def _not_placed() -> ServiceError:
    return ServiceError(
        _("Chưa có sản phẩm nào được duyệt và xếp gian để in áp phích."), code="nothing_to_print"
    )


def poster_pdf(*, demo: Demo) -> bytes:
    """One demo's A4 poster. Raises ServiceError unless it is approved and has a station."""
    if demo.status != Demo.Status.APPROVED or demo.station is None:
        raise ServiceError(
            _("Chỉ in áp phích cho sản phẩm đã được duyệt và xếp gian."), code="not_placed"
        )
    return _render([demo], edition=demo.edition, css=_css())


def posters_pdf(*, edition, progress=None) -> tuple[bytes, int]:
    """Every placed demo's poster, by station, in one PDF; (pdf, number of posters)."""
    demos = posters_to_print(edition=edition)
    if not demos:
        raise _not_placed()
    css = _css()
    parts = []
    for start in range(0, len(demos), CHUNK):
        parts.append(_render(demos[start : start + CHUNK], edition=edition, css=css))
        if progress:
            progress(min(start + CHUNK, len(demos)), len(demos))
    if len(parts) == 1:
        return parts[0], len(demos)
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue(), len(demos)


# --- The print job -------------------------------------------------------------------------------

PRINT_JOB = "showcase.posters_print"


def poster_file_path(file_id) -> Path:
    """Where a print file lives; `file_id` must be a UUID (no path tricks)."""
    return Path(settings.MEDIA_ROOT) / POSTER_DIR / f"{uuid.UUID(str(file_id)).hex}.pdf"


def poster_files_prune(*, older_than: dt.timedelta = POSTER_FILE_LIFETIME) -> int:
    directory = Path(settings.MEDIA_ROOT) / POSTER_DIR
    cutoff = time.time() - older_than.total_seconds()
    removed = 0
    for path in directory.glob("*.pdf") if directory.is_dir() else ():
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
    return removed


def posters_print_start(*, edition, owner) -> Job:
    """Start printing every placed demo's poster (a job the page follows). The organiser's
    previous print file is deleted."""
    total = len(posters_to_print(edition=edition))
    if not total:
        raise _not_placed()
    previous = job_latest(kind=PRINT_JOB, owner=owner, edition=edition)
    if previous is not None and previous.result.get("file_id"):
        with contextlib.suppress(FileNotFoundError, ValueError):
            poster_file_path(previous.result["file_id"]).unlink()
    return job_create(kind=PRINT_JOB, owner=owner, edition=edition, params={}, total=total)


def posters_print_run(job: Job, progress) -> dict:
    poster_files_prune()
    pdf, count = posters_pdf(edition=job.edition, progress=progress)
    file_id = str(uuid.uuid4())
    path = poster_file_path(file_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside, then renamed: a download never reads a half-written file.
    partial = path.with_name(f".{path.name}.part")
    partial.write_bytes(pdf)
    partial.replace(path)
    return {"file_id": file_id, "posters": count}


def posters_print_result(job: Job) -> dict:
    file_id = job.result.get("file_id")
    return {"file_exists": bool(file_id) and poster_file_path(file_id).exists()}


PRINT_JOB_KIND = JobKind(
    name=PRINT_JOB,
    label=gettext_lazy("In áp phích gian trình diễn"),
    run=posters_print_run,
    result_template="showcase/organiser/_poster_result.html",
    result_context=posters_print_result,
)
