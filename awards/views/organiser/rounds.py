"""A round for organisers: assignment (automatic and by hand), sheets to reopen, the ranking with
its aggregates, the shortlist into the next round, the final decisions, the jury's spreadsheet."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from awards.forms.judging import AssignForm, ShortlistForm
from awards.models import Nomination, Round
from awards.selectors import setup as setup_selectors
from awards.selectors.judging import round_assignment_overview
from awards.selectors.ranking import round_ranking
from awards.services import advancing, assignment, exports, scoring
from awards.views.access import award_or_404
from forum.errors import ServiceError
from forum.spreadsheets import spreadsheet_download
from registration.access import organiser_required


def _round(round_id: int, *, scored: bool = True) -> Round:
    round = setup_selectors.round_of(award=award_or_404(), round_id=round_id)
    if round is None or (scored and not round.is_scored):
        raise Http404
    return round


@organiser_required
@require_GET
def round_detail(request, round_id: int):
    round = _round(round_id)
    return render(
        request,
        "awards/organiser/round_detail.html",
        {"round": round, **round_assignment_overview(round=round)},
    )


@organiser_required
@require_POST
def round_assign(request, round_id: int):
    round = _round(round_id)
    try:
        report = assignment.assignments_auto(round_id=round.pk, actor=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("awards:organiser_round", round_id=round.pk)
    messages.success(
        request,
        ngettext(
            "Đã phân công thêm %(count)d lượt chấm.",
            "Đã phân công thêm %(count)d lượt chấm.",
            report["created"],
        )
        % {"count": report["created"]},
    )
    for entry, count in report["short"]:
        messages.warning(
            request,
            _(
                "“%(product)s” chỉ có %(count)d giám khảo (cần %(needed)d): không đủ giám khảo "
                "không có xung đột lợi ích."
            )
            % {
                "product": entry.nomination.product_name,
                "count": count,
                "needed": round.judges_per_entry,
            },
        )
    for panel in report["unbalanced"]:
        messages.warning(
            request,
            _(
                "%(panel)s: không cân bằng được khối lượng chấm vì xung đột lợi ích hoặc các "
                "phân công bằng tay."
            )
            % {"panel": panel.display_name},
        )
    return redirect("awards:organiser_round", round_id=round.pk)


@organiser_required
@require_POST
def assignment_add(request, round_id: int):
    round = _round(round_id)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn giám khảo."))
    else:
        try:
            assignment.assignment_add(
                round_id=round.pk,
                entry_id=form.cleaned_data["entry"],
                judge_id=form.cleaned_data["judge"],
                actor=request.user,
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã phân công giám khảo."))
    return redirect("awards:organiser_round", round_id=round.pk)


@organiser_required
@require_POST
def assignment_remove(request, round_id: int, assignment_id: int):
    round = _round(round_id)
    try:
        assignment.assignment_remove(
            round_id=round.pk, assignment_id=assignment_id, actor=request.user
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã bỏ phân công."))
    return redirect("awards:organiser_round", round_id=round.pk)


@organiser_required
@require_POST
def sheet_reopen(request, round_id: int, sheet_id: int):
    round = _round(round_id)
    try:
        scoring.sheet_reopen(round=round, sheet_id=sheet_id, actor=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Đã mở lại phiếu chấm; phiếu không được tính cho đến khi nộp lại.")
        )
    return redirect("awards:organiser_round", round_id=round.pk)


@organiser_required
@require_GET
def ranking(request, round_id: int):
    round = _round(round_id)
    context = round_ranking(round=round)
    context["next_round"] = setup_selectors.round_next(round=round)
    context["tiers"] = Nomination.Tier.choices
    return render(request, "awards/organiser/round_ranking.html", context)


@organiser_required
@require_GET
def export(request, round_id: int):
    round = _round(round_id)
    return spreadsheet_download(
        exports.round_scores_xlsx(round=round),
        kind="xlsx",
        stem=f"phieu-cham-vong-{round.position}",
    )


@organiser_required
@require_POST
def shortlist(request, round_id: int):
    round = _round(round_id)
    form = ShortlistForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Số hồ sơ vào vòng sau phải từ 1 đến 500."))
        return redirect("awards:organiser_ranking", round_id=round.pk)
    try:
        report = advancing.shortlist(
            round_id=round.pk,
            category_id=form.cleaned_data["category"],
            size=form.cleaned_data["size"],
            actor=request.user,
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Đã đưa %(added)d hồ sơ vào vòng sau, bỏ %(removed)d hồ sơ của lần chọn trước.")
            % {"added": report["added"], "removed": report["removed"]},
        )
        for nomination in report["kept"]:
            messages.warning(
                request,
                _("“%(product)s” đã được chấm ở vòng sau nên vẫn được giữ lại.")
                % {"product": nomination.product_name},
            )
    return redirect("awards:organiser_ranking", round_id=round.pk)


@organiser_required
@require_POST
def decisions(request, round_id: int):
    round = _round(round_id)
    # tier_<nomination id>: the service refuses an id that is not of the round, forged ones too.
    tiers = {key[5:]: value for key, value in request.POST.items() if key.startswith("tier_")}
    try:
        changed = advancing.decisions_save(round_id=round.pk, tiers=tiers, actor=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            ngettext("Đã lưu %(count)d quyết định.", "Đã lưu %(count)d quyết định.", changed)
            % {"count": changed},
        )
    return redirect("awards:organiser_ranking", round_id=round.pk)
