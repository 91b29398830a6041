"""Who may open the awards' pages, and the award they work on."""

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404

from awards.models import Award
from awards.selectors.judging import judge_of
from awards.selectors.setup import award_current
from registration.access import second_factor_missing


def award_or_404() -> Award:
    award = award_current()
    if award is None:
        raise Http404
    return award


def judge_required(view):
    """Judges of the current awards only, with their second factor set up (the staff rule);
    the view receives `judge`."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        judge = judge_of(award=award_or_404(), user=request.user)
        if judge is None:
            raise PermissionDenied
        if refused := second_factor_missing(request):
            return refused
        return view(request, *args, judge=judge, **kwargs)

    return wrapper


def pdf_response(path_or_bytes, filename: str, *, attachment: bool = True):
    """A private PDF: never cached by a shared cache, never sniffed as something else."""
    import io

    handle = (
        io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else open(path_or_bytes, "rb")  # noqa: SIM115 - FileResponse closes it
    )
    response = FileResponse(
        handle, as_attachment=attachment, filename=filename, content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
