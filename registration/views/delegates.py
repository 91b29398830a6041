import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from forum.client_ip import client_ip
from forum.errors import ServiceError
from registration import selectors
from registration.access import edition_or_404
from registration.badge_codes import payload_of, short_code_display
from registration.forms.profile import ProfileForm, RegistrationForm
from registration.models import ConsentPurpose, Registration
from registration.services import personal_data, registrations
from registration.services.badges.qr import qr_svg as qr_matrix_svg


def _show_refusal(form, error: ValidationError) -> None:
    """A check the service refused, on the form: on its field when the form has it, otherwise
    named at the top (the email of the account, which the form does not show)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        if field in form.fields:
            form.add_error(field, errors)
            continue
        name = (
            capfirst(Registration._meta.get_field(field).verbose_name) if field != "__all__" else ""
        )
        for message in ValidationError(errors).messages:
            form.add_error(None, f"{name}: {message}" if name else message)


def _client_meta(request) -> dict:
    return {
        "ip_address": client_ip(request),
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:400],
    }


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    edition = edition_or_404()
    if selectors.registration_own(user=request.user):
        messages.info(request, _("Bạn đã đăng ký tham dự. Đây là trạng thái đăng ký của bạn."))
        return redirect("registration:status")
    window_error = None
    try:
        registrations.registration_window_check(edition=edition)
    except ServiceError as exc:
        window_error = exc.message
    initial = {"full_name": request.user.full_name, "email_language": request.LANGUAGE_CODE}
    form = RegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and window_error is None and form.is_valid():
        try:
            registrations.registration_submit(
                edition_id=edition.pk,
                user=request.user,
                data=form.cleaned_data,
                consents=form.consents(),
                invitation_code=form.cleaned_data.get("invitation_code", ""),
                **_client_meta(request),
            )
        except ServiceError as exc:
            field = "invitation_code" if exc.code.startswith("invitation") else None
            form.add_error(field, exc.message)
        except ValidationError as exc:
            _show_refusal(form, exc)
        else:
            return redirect("registration:status")
    return render(
        request,
        "registration/registration_form.html",
        {
            "form": form,
            "edition": edition,
            "window_error": window_error,
            "notice_version": registrations.NOTICE_VERSION,
        },
    )


@login_required
def status(request):
    state = selectors.registration_status(user=request.user)
    if state is None:
        return redirect("registration:register")
    code = state.badge_code
    badge = None
    if code is not None:
        badge = {
            "qr_svg": qr_matrix_svg(payload_of(code.token)),
            "short_code": short_code_display(code.short_code),
        }
    return render(
        request,
        "registration/registration_status.html",
        {
            "registration": state.registration,
            "edition": state.registration.edition,
            "waitlist_rank": state.waitlist_rank,
            "badge": badge,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request):
    registration = selectors.registration_own(user=request.user)
    if registration is None or registration.status in (
        Registration.Status.CANCELLED,
        Registration.Status.REJECTED,
    ):
        return redirect("registration:status")
    form = ProfileForm(request.POST or None, instance=registration)
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in form.changed_data}
        # The form already wrote cleaned values onto the instance; the service works from the row.
        try:
            personal_data.personal_data_correct(
                registration_id=registration.pk,
                data=data,
                user=request.user,
                ip_address=_client_meta(request)["ip_address"],
            )
        except ValidationError as exc:
            _show_refusal(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("registration:status")
    return render(
        request, "registration/registration_edit.html", {"form": form, "registration": registration}
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request):
    registration = selectors.registration_own(user=request.user)
    if registration is None:
        return redirect("registration:register")
    if request.method == "POST":
        registrations.registration_cancel(registration_id=registration.pk, actor=request.user)
        messages.success(request, _("Đã hủy đăng ký tham dự."))
        return redirect("registration:status")
    return render(request, "registration/registration_cancel.html", {"registration": registration})


@login_required
def my_data(request):
    overview = personal_data.personal_data_view(
        user=request.user, ip_address=_client_meta(request)["ip_address"]
    )
    return render(request, "registration/my_data.html", overview)


@login_required
def my_data_download(request):
    payload = personal_data.personal_data_download(
        user=request.user, ip_address=_client_meta(request)["ip_address"]
    )
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=2), content_type="application/json"
    )
    stamp = timezone.localtime().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="forum-my-data-{stamp}.json"'
    return response


@login_required
@require_POST
def consent_change(request, purpose: str):
    registration = selectors.registration_own(user=request.user)
    if registration is None or purpose not in ConsentPurpose.values:
        raise Http404
    granted = request.POST.get("granted") == "1"
    if purpose == ConsentPurpose.ADMINISTRATION and not granted:
        messages.warning(
            request,
            _(
                "Đồng ý xử lý dữ liệu để tổ chức sự kiện là bắt buộc để tham dự. Để rút lại, "
                "hãy hủy đăng ký hoặc xóa tài khoản."
            ),
        )
        return redirect("registration:my_data")
    personal_data.consent_set(
        registration=registration, purpose=purpose, granted=granted, **_client_meta(request)
    )
    messages.success(request, _("Đã cập nhật lựa chọn đồng ý."))
    return redirect("registration:my_data")


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    if request.method == "POST":
        if request.POST.get("confirm") != "DELETE":
            messages.error(request, _("Hãy gõ DELETE để xác nhận xóa tài khoản."))
        else:
            user = request.user
            logout(request)
            personal_data.account_delete(user=user, ip_address=_client_meta(request)["ip_address"])
            messages.success(request, _("Tài khoản và dữ liệu cá nhân của bạn đã được xóa."))
            return redirect("forum:home")
    return render(request, "registration/account_delete.html")
