"""Winners' certificates: an A4 landscape page per awarded nomination, drawn by WeasyPrint in
Be Vietnam Pro (embedded, every Vietnamese letter), with a QR that opens the public result.
One certificate is rendered on request; all of them are a job (a progress bar, then a file)."""

import uuid

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from awards.models import Award, Nomination
from awards.selectors.results import winners_of
from awards.storage import private_dir, private_path
from forum.errors import ServiceError
from forum.jobs import JobKind, job_create
from forum.models import Job
from registration.services.badges.fonts import FONT_FILES, badge_fonts_ensure
from registration.services.badges.qr import qr_svg

CERTIFICATE_JOB = "awards.certificates"
# Pages per WeasyPrint document: its fixed cost is paid once, memory stays flat.
CHUNK = 40


def result_url(nomination: Nomination) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("awards:result_detail", kwargs={"nomination_id": nomination.pk})
    return settings.SITE_URL + path


TEXTS = {
    "title": gettext_lazy("GIẤY CHỨNG NHẬN"),
    "awarded": gettext_lazy("Chứng nhận sản phẩm"),
    "category": gettext_lazy("Hạng mục"),
    "verify": gettext_lazy("Quét mã để tra cứu kết quả"),
}


def _both(make) -> dict:
    """A text in Vietnamese and in English: certificates carry both, whoever prints them."""
    texts = {}
    for language in ("vi", "en"):
        with translation.override(language):
            texts[language] = str(make())
    return texts


def _page(nomination: Nomination) -> dict:
    url = result_url(nomination)
    return {
        "nomination": nomination,
        "qr_svg": qr_svg(url),
        "url": url,
        "tier": _both(lambda: Nomination.Tier(nomination.tier).label),
        "category": _both(lambda: nomination.category.display_name),
    }


def _place(award: Award) -> dict:
    edition = award.edition
    date = timezone.localtime(edition.starts_at).strftime("%d/%m/%Y")
    return _both(
        lambda: (
            gettext_lazy("%(city)s, ngày %(date)s") % {"city": edition.display_city, "date": date}
        )
    )


def _css() -> str:
    badge_fonts_ensure()
    return render_to_string(
        "awards/certificate.css", {"fonts": {w: p.as_uri() for w, p in FONT_FILES.items()}}
    )


def _render(nominations: list[Nomination], css: str) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    award = nominations[0].award
    with translation.override("vi"):
        html = render_to_string(
            "awards/certificate.html",
            {
                "pages": [_page(n) for n in nominations],
                "award": award,
                "edition": award.edition,
                "texts": {key: _both(lambda text=text: text) for key, text in TEXTS.items()},
                "place": _place(award),
            },
        )
    fonts = FontConfiguration()
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[CSS(string=css, font_config=fonts)], font_config=fonts
    )


def certificates_pdf(*, nominations: list[Nomination], progress=None) -> bytes:
    """One PDF, a page per awarded nomination, in the given order."""
    import io

    from pypdf import PdfWriter

    nominations = [n for n in nominations if n.is_awarded]
    if not nominations:
        raise ServiceError(gettext_lazy("Không có giấy chứng nhận nào để in."), code="none")
    css = _css()
    parts = []
    for start in range(0, len(nominations), CHUNK):
        parts.append(_render(nominations[start : start + CHUNK], css))
        if progress:
            progress(min(start + CHUNK, len(nominations)), len(nominations))
    if len(parts) == 1:
        return parts[0]
    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def certificate_pdf(*, nomination: Nomination) -> bytes:
    return certificates_pdf(nominations=[nomination])


# --- All certificates as a job -----------------------------------------------------------------


def certificates_start(*, award: Award, owner) -> Job:
    count = len(winners_of(award=award))
    if not count:
        raise ServiceError(gettext_lazy("Chưa có hồ sơ nào được trao giải."), code="no_winners")
    return job_create(
        kind=CERTIFICATE_JOB, owner=owner, edition=award.edition, params={}, total=count
    )


def certificates_run(job: Job, progress) -> dict:
    award = Award.objects.select_related("edition").get(edition_id=job.edition_id)
    winners = winners_of(award=award)
    pdf = certificates_pdf(nominations=winners, progress=progress)
    file_id = uuid.uuid4().hex
    (private_dir("certificates") / f"{file_id}.pdf").write_bytes(pdf)
    return {"file_id": file_id, "count": len(winners)}


def certificates_file(file_id: str):
    if not (len(file_id) == 32 and all(ch in "0123456789abcdef" for ch in file_id)):
        return None
    path = private_path(f"awards/certificates/{file_id}.pdf")
    return path if path.exists() else None


CERTIFICATE_JOB_KIND = JobKind(
    name=CERTIFICATE_JOB,
    label=gettext_lazy("In giấy chứng nhận"),
    run=certificates_run,
    result_template="awards/organiser/_certificates_result.html",
    result_context=lambda job: {"certificates": job.result},
)
