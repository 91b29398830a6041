"""Enterprises' pages: their own nominations only (another's is never found), a draft saved at
any time, PDF attachments, submission before the deadline; never a score."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.forms.nominations import AttachmentForm, NominationForm
from awards.models import Nomination
from awards.selectors import nominations as selectors
from awards.selectors.nominations import attachment_for
from awards.services import attachments, nominations
from awards.views.access import award_or_404, pdf_response
from forum.errors import ServiceError
from registration import roles
from registration.selectors import user_roles


def _window_error(award) -> str | None:
    try:
        nominations.submission_window_check(award=award)
    except ServiceError as exc:
        return exc.message
    return None


@login_required
@require_http_methods(["GET", "POST"])
def nomination_list(request):
    award = award_or_404()
    is_enterprise = roles.ENTERPRISE in user_roles(user=request.user)
    if request.method == "POST":
        try:
            nominations.enterprise_role_take(user=request.user)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("awards:nomination_new")
        return redirect("awards:nomination_list")
    return render(
        request,
        "awards/nomination_list.html",
        {
            "award": award,
            "is_enterprise": is_enterprise,
            "nominations": selectors.nominations_of_owner(award=award, user=request.user),
            "window_error": _window_error(award),
        },
    )


def _enterprise_or_list(request):
    if roles.ENTERPRISE not in user_roles(user=request.user):
        messages.info(request, _("Hãy xác nhận bạn đại diện doanh nghiệp trước khi nộp hồ sơ."))
        return redirect("awards:nomination_list")
    return None


@login_required
@require_http_methods(["GET", "POST"])
def nomination_new(request):
    award = award_or_404()
    refused = _enterprise_or_list(request)
    if refused:
        return refused
    window_error = _window_error(award)
    initial = {"contact_name": request.user.full_name, "contact_email": request.user.email}
    form = NominationForm(request.POST or None, award=award, initial=initial)
    if request.method == "POST" and window_error is None and form.is_valid():
        try:
            nomination = nominations.nomination_create(
                award=award, owner=request.user, data=form.service_data()
            )
        except ServiceError as exc:
            form.add_error(
                "tax_code" if exc.code in ("tax_code", "duplicate") else None, exc.message
            )
        else:
            messages.success(
                request,
                _("Đã lưu bản nháp. Hãy đính kèm hồ sơ PDF rồi bấm “Lưu và nộp hồ sơ”."),
            )
            return redirect("awards:nomination_detail", nomination_id=nomination.pk)
    return render(
        request,
        "awards/nomination_form.html",
        {"award": award, "form": form, "window_error": window_error},
    )


def _own(request, nomination_id) -> Nomination:
    nomination = selectors.nomination_of_owner(
        award=award_or_404(), user=request.user, nomination_id=nomination_id
    )
    if nomination is None:
        raise Http404
    return nomination


def _editable(nomination) -> str | None:
    try:
        nominations.nomination_editable_check(nomination=nomination)
    except ServiceError as exc:
        return exc.message
    return None


@login_required
@require_http_methods(["GET", "POST"])
def nomination_detail(request, nomination_id: int):
    nomination = _own(request, nomination_id)
    locked = _editable(nomination)
    data = request.POST if request.method == "POST" and locked is None else None
    form = NominationForm(data, instance=nomination, award=nomination.award)
    if request.method == "POST" and locked is None and form.is_valid():
        submit = "submit" in request.POST
        try:
            nominations.nomination_update(
                nomination_id=nomination.pk,
                owner=request.user,
                data=form.service_data(),
                submit=submit,
            )
        except nominations.SubmitRefused as exc:
            messages.warning(request, _("Đã lưu thay đổi nhưng chưa nộp được hồ sơ."))
            messages.error(request, exc.message)
            return redirect("awards:nomination_detail", nomination_id=nomination.pk)
        except ServiceError as exc:
            form.add_error(
                "tax_code" if exc.code in ("tax_code", "duplicate") else None, exc.message
            )
        else:
            if submit:
                messages.success(
                    request,
                    _("Đã nộp hồ sơ. Email xác nhận đã được gửi tới %(email)s.")
                    % {"email": request.user.email},
                )
            else:
                messages.success(request, _("Đã lưu thay đổi."))
            return redirect("awards:nomination_detail", nomination_id=nomination.pk)
    return render(
        request,
        "awards/nomination_detail.html",
        {
            "award": nomination.award,
            "nomination": nomination,
            "form": form,
            "locked": locked,
            "upload_form": AttachmentForm(),
            "published": nomination.award.results_published_at is not None,
        },
    )


@login_required
@require_POST
def nomination_delete(request, nomination_id: int):
    nomination = _own(request, nomination_id)
    try:
        nominations.nomination_delete(nomination_id=nomination.pk, owner=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("awards:nomination_detail", nomination_id=nomination.pk)
    messages.success(request, _("Đã xóa bản nháp “%(name)s”.") % {"name": nomination.product_name})
    return redirect("awards:nomination_list")


@login_required
@require_POST
def attachment_upload(request, nomination_id: int):
    """Each file is checked on its own: the accepted ones are kept, every refused one is named
    with its reason."""
    nomination = _own(request, nomination_id)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid() or not form.cleaned_data["files"]:
        messages.error(request, _("Hãy chọn ít nhất một tệp PDF."))
        return redirect("awards:nomination_detail", nomination_id=nomination.pk)
    for upload in form.cleaned_data["files"]:
        try:
            attachments.attachment_add(
                nomination_id=nomination.pk, owner=request.user, upload=upload
            )
        except ServiceError as exc:
            messages.error(
                request,
                _("Không nhận tệp “%(name)s”: %(reason)s")
                % {"name": upload.name, "reason": exc.message},
            )
        else:
            messages.success(request, _("Đã đính kèm “%(name)s”.") % {"name": upload.name})
    return redirect("awards:nomination_detail", nomination_id=nomination.pk)


@login_required
@require_POST
def attachment_delete(request, attachment_id: int):
    attachment = attachment_for(user=request.user, attachment_id=attachment_id)
    if attachment is None or attachment.nomination.owner_id != request.user.pk:
        raise Http404
    try:
        attachments.attachment_delete(attachment_id=attachment.pk, owner=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã xóa tệp “%(name)s”.") % {"name": attachment.name})
    return redirect("awards:nomination_detail", nomination_id=attachment.nomination_id)


@login_required
@require_GET
def attachment_download(request, attachment_id: int):
    """The only way to a stored attachment: its enterprise, organisers, and judges who may see
    the nomination; anyone else gets 404."""
    attachment = attachment_for(user=request.user, attachment_id=attachment_id)
    if attachment is None or attachment.file is None:
        raise Http404
    return pdf_response(attachment.file, attachment.name, attachment=False)
