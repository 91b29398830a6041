"""Judges' pages: the queue, an entry with its score sheet, and the declaration of a conflict.
An entry that is not theirs, or that they are conflicted with, does not exist for them (404)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.forms.judging import ConflictForm, SheetForm
from awards.models import ScoreSheet
from awards.selectors import judging as selectors
from awards.services import conflicts, scoring
from awards.views.access import judge_required
from forum.errors import ServiceError


@judge_required
@require_GET
def queue(request, judge):
    return render(
        request,
        "awards/judging_queue.html",
        {"judge": judge, "queue": selectors.judge_queue(judge=judge, now=timezone.now())},
    )


def _page(judge, entry_id) -> dict:
    page = selectors.entry_page(judge=judge, entry_id=entry_id, now=timezone.now())
    if page is None:
        raise Http404
    return page


def _refusal(page) -> str | None:
    """Why the judge's sheet cannot be saved now (the service says the same), if it cannot."""
    sheet = page["sheet"]
    if sheet is not None and sheet.status == ScoreSheet.Status.SUBMITTED:
        return _("Phiếu đã nộp và bị khóa; cần ban tổ chức mở lại để sửa.")
    if not page["is_open"]:
        return _("Vòng chấm đang đóng: không lưu được điểm.")
    return None


@judge_required
@require_http_methods(["GET", "POST"])
def entry(request, judge, entry_id: int):
    page = _page(judge, entry_id)
    if request.method == "POST":
        refusal = _refusal(page)
        if refusal:
            # The page shows a locked sheet as stored and a closed round without a form: the
            # refusal is said above it, never the posted values as if they had been kept.
            messages.error(request, refusal)
            return redirect("awards:judge_entry", entry_id=entry_id)
    submit = "submit" in request.POST
    form = SheetForm(
        request.POST if request.method == "POST" else None,
        criteria=page["criteria"],
        sheet=page["sheet"],
        submit=submit,
    )
    if request.method == "POST" and form.is_valid():
        try:
            scoring.sheet_save(
                judge=judge,
                entry_id=page["entry"].pk,
                values=form.values(),
                comments=form.notes(),
                comment=form.cleaned_data["comment"],
                submit=submit,
                actor=request.user,
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            if submit:
                messages.success(request, _("Đã nộp phiếu chấm. Phiếu đã được khóa."))
            else:
                messages.success(request, _("Đã lưu bản nháp phiếu chấm."))
            return redirect("awards:judge_entry", entry_id=entry_id)
    return render(
        request,
        "awards/judging_entry.html",
        {**page, "judge": judge, "form": form, "conflict_form": ConflictForm()},
    )


@judge_required
@require_POST
def declare_conflict(request, judge, entry_id: int):
    entry = selectors.entry_for_judge(judge=judge, entry_id=entry_id, now=timezone.now())
    if entry is None:
        raise Http404
    form = ConflictForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy nêu ngắn gọn lý do xung đột lợi ích."))
        return redirect("awards:judge_entry", entry_id=entry.pk)
    try:
        conflicts.conflict_declare(
            judge=judge,
            nomination=entry.nomination,
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("awards:judge_entry", entry_id=entry.pk)
    messages.success(
        request, _("Đã ghi nhận xung đột lợi ích. Hồ sơ không còn trong danh sách chấm của bạn.")
    )
    return redirect("awards:judging")
