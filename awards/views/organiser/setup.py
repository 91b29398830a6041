"""Organisers set the awards up: the overview, the award's dates, categories, rounds and their
rubric, judges and their panels."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.forms.setup import AwardForm, CategoryForm, CriterionForm, JudgeForm, RoundForm
from awards.selectors import setup as selectors
from awards.services import setup as services
from awards.views.access import award_or_404
from forum.errors import ServiceError
from forum.selectors import edition_current
from registration.access import organiser_required


@organiser_required
@require_http_methods(["GET", "POST"])
def overview(request):
    award = selectors.award_current()
    if request.method == "POST" and award is None:
        edition = edition_current()
        if edition is None:
            raise Http404
        services.award_ensure(edition=edition, actor=request.user)
        messages.success(
            request, _("Đã tạo giải thưởng với ba vòng: sàng lọc, tiểu ban, chung khảo.")
        )
        return redirect("awards:organiser_setup")
    context = {"award": award}
    if award is not None:
        context.update(selectors.award_overview(award=award))
    return render(request, "awards/organiser/award_overview.html", context)


@organiser_required
@require_GET
def setup(request):
    award = award_or_404()
    return render(
        request,
        "awards/organiser/award_setup.html",
        {"award": award, **selectors.award_setup(award=award)},
    )


def _form_page(request, *, title: str, form, back: str, delete_url: str = "", note: str = ""):
    return render(
        request,
        "awards/organiser/thing_form.html",
        {"title": title, "form": form, "back": back, "delete_url": delete_url, "note": note},
    )


def _saved(request, form, save, message: str):
    """Call the service with the form's data; show its refusal on the form."""
    try:
        save(dict(form.cleaned_data))
    except ServiceError as exc:
        form.add_error(None, exc.message)
        return None
    messages.success(request, message)
    return redirect("awards:organiser_setup")


@organiser_required
@require_http_methods(["GET", "POST"])
def award_edit(request):
    award = award_or_404()
    form = AwardForm(request.POST or None, instance=award)
    if request.method == "POST" and form.is_valid():
        done = _saved(
            request,
            form,
            lambda data: services.award_update(award_id=award.pk, data=data, actor=request.user),
            _("Đã lưu thông tin giải thưởng."),
        )
        if done:
            return done
    return _form_page(
        request, title=_("Thông tin giải thưởng"), form=form, back=reverse("awards:organiser_setup")
    )


@organiser_required
@require_http_methods(["GET", "POST"])
def category_edit(request, category_id: int | None = None):
    award = award_or_404()
    category = None
    if category_id is not None:
        category = selectors.category_of(award=award, category_id=category_id)
        if category is None:
            raise Http404
    form = CategoryForm(request.POST or None, instance=category, award=award)
    if request.method == "POST" and form.is_valid():
        done = _saved(
            request,
            form,
            lambda data: services.category_save(
                award=award, category_id=category_id, data=data, actor=request.user
            ),
            _("Đã lưu hạng mục."),
        )
        if done:
            return done
    title = _("Sửa hạng mục") if category else _("Thêm hạng mục")
    return _form_page(request, title=title, form=form, back=reverse("awards:organiser_setup"))


@organiser_required
@require_http_methods(["GET", "POST"])
def round_edit(request, round_id: int | None = None):
    award = award_or_404()
    round = None
    if round_id is not None:
        round = selectors.round_of(award=award, round_id=round_id)
        if round is None:
            raise Http404
    form = RoundForm(request.POST or None, instance=round, award=award)
    if request.method == "POST" and form.is_valid():
        done = _saved(
            request,
            form,
            lambda data: services.round_save(
                award=award, round_id=round_id, data=data, actor=request.user
            ),
            _("Đã lưu vòng."),
        )
        if done:
            return done
    title = _("Sửa vòng") if round else _("Thêm vòng")
    return _form_page(request, title=title, form=form, back=reverse("awards:organiser_setup"))


@organiser_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request, round_id: int | None = None, criterion_id: int | None = None):
    award = award_or_404()
    criterion = None
    if criterion_id is not None:
        criterion = selectors.criterion_of(award=award, criterion_id=criterion_id)
        if criterion is None:
            raise Http404
        round = criterion.round
    else:
        round = selectors.round_of(award=award, round_id=round_id)
        if round is None:
            raise Http404
    form = CriterionForm(request.POST or None, instance=criterion, round=round)
    if request.method == "POST" and form.is_valid():
        done = _saved(
            request,
            form,
            lambda data: services.criterion_save(
                round=round, criterion_id=criterion_id, data=data, actor=request.user
            ),
            _("Đã lưu tiêu chí."),
        )
        if done:
            return done
    title = _("Sửa tiêu chí") if criterion else _("Thêm tiêu chí")
    return _form_page(
        request,
        title=f"{title} — {round.display_name}",
        form=form,
        back=reverse("awards:organiser_setup"),
        delete_url=(
            reverse("awards:organiser_criterion_delete", kwargs={"criterion_id": criterion.pk})
            if criterion
            else ""
        ),
    )


@organiser_required
@require_POST
def criterion_delete(request, criterion_id: int):
    award = award_or_404()
    criterion = selectors.criterion_of(award=award, criterion_id=criterion_id)
    if criterion is None:
        raise Http404
    try:
        services.criterion_delete(
            round=criterion.round, criterion_id=criterion.pk, actor=request.user
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã xóa tiêu chí “%(name)s”.") % {"name": criterion.name})
    return redirect("awards:organiser_setup")


@organiser_required
@require_http_methods(["GET", "POST"])
def judge_list(request):
    award = award_or_404()
    form = JudgeForm(request.POST or None, award=award)
    if request.method == "POST" and form.is_valid():
        try:
            judge = services.judge_save(
                award=award,
                email=form.cleaned_data["email"],
                data=form.data_for_service(),
                actor=request.user,
            )
        except ServiceError as exc:
            form.add_error("email" if exc.code in ("no_account", "already_judge") else None,
                           exc.message)  # fmt: skip
        else:
            messages.success(request, _("Đã thêm giám khảo %(name)s.") % {"name": judge})
            return redirect("awards:organiser_judges")
    return render(
        request,
        "awards/organiser/judge_list.html",
        {"award": award, "form": form, "judges": selectors.judges_of(award=award)},
    )


@organiser_required
@require_http_methods(["GET", "POST"])
def judge_edit(request, judge_id: int):
    award = award_or_404()
    judge = selectors.judge_by_id(award=award, judge_id=judge_id)
    if judge is None:
        raise Http404
    initial = {
        "title": judge.title,
        "organisation": judge.organisation,
        "tax_code": judge.tax_code,
        "panels": list(judge.panels.all()),
    }
    form = JudgeForm(request.POST or None, award=award, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.judge_save(
                award=award, judge_id=judge.pk, data=form.data_for_service(), actor=request.user
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu giám khảo %(name)s.") % {"name": judge})
            return redirect("awards:organiser_judges")
    return _form_page(
        request,
        title=_("Giám khảo: %(name)s") % {"name": judge},
        form=form,
        back=reverse("awards:organiser_judges"),
        note=judge.user.email if judge.user else "",
    )
