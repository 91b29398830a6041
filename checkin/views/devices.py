"""Organiser pages for check-in: gates, and the scanner devices that work at them."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from checkin.models import Gate, ScannerDevice
from checkin.services import devices
from forum.errors import ServiceError
from registration.access import edition_or_404, organiser_required

PAIRING_SESSION_KEY = "checkin_pairing"
QR_SIZE = 240  # pixels on screen; the phone camera reads it from arm's length


class GateForm(forms.Form):
    code = forms.SlugField(
        label=gettext_lazy("Mã cổng"),
        max_length=20,
        help_text=gettext_lazy("Chữ thường không dấu, số và gạch ngang, ví dụ: cong-a, vip."),
    )
    name = forms.CharField(label=gettext_lazy("Tên cổng"), max_length=100)
    kind = forms.ChoiceField(label=gettext_lazy("Loại"), choices=Gate.Kind.choices)


class DeviceForm(forms.Form):
    gate = forms.ModelChoiceField(label=gettext_lazy("Cổng"), queryset=Gate.objects.none())
    name = forms.CharField(
        label=gettext_lazy("Tên thiết bị"),
        max_length=100,
        help_text=gettext_lazy("Ví dụ: Cổng A – máy 1."),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Ngôn ngữ trên máy quét"),
        choices=[("vi", "Tiếng Việt"), ("en", "English")],
        initial="vi",
    )

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gate"].queryset = Gate.objects.filter(edition=edition, is_active=True)


@organiser_required
@require_http_methods(["GET", "POST"])
def gate_list(request):
    edition = edition_or_404()
    form = GateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            gate = devices.gate_create(edition=edition, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error("code", exc.message)
        else:
            messages.success(request, _("Đã tạo cổng “%(name)s”.") % {"name": gate.name})
            return redirect("checkin:gate_list")
    gates = Gate.objects.filter(edition=edition).annotate(
        device_count=Count("devices"), scan_count=Count("scans", distinct=True)
    )
    return render(
        request,
        "checkin/gate_list.html",
        {"edition": edition, "form": form, "gates": gates.order_by("code")},
    )


@organiser_required
@require_http_methods(["GET", "POST"])
def device_list(request):
    edition = edition_or_404()
    form = DeviceForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        device, code = devices.device_create(created_by=request.user, **form.cleaned_data)
        return _show_pairing_code(request, device, code)
    rows = (
        ScannerDevice.objects.filter(gate__edition=edition)
        .select_related("gate")
        .order_by("gate__code", "name", "pk")
    )
    return render(
        request,
        "checkin/device_list.html",
        {
            "edition": edition,
            "form": form,
            "devices": rows,
            "has_gates": form.fields["gate"].queryset.exists(),
        },
    )


def _show_pairing_code(request, device, code):
    # The code is shown once, after a redirect, so reloading the page never creates a device.
    request.session[PAIRING_SESSION_KEY] = {"device_id": device.pk, "code": code}
    return redirect("checkin:device_pairing", device_id=device.pk)


def _device_of_edition(device_id: int) -> ScannerDevice:
    edition = edition_or_404()
    return get_object_or_404(
        ScannerDevice.objects.select_related("gate"), pk=device_id, gate__edition=edition
    )


def _qr_svg(payload: str) -> str:
    from registration.services.badges.qr import qr_svg as qr_matrix_svg

    svg = qr_matrix_svg(payload)
    # Presentation attributes size it on screen (no style attribute: the CSP forbids inline style).
    label = escape(_("Mã QR ghép nối thiết bị"))
    return svg.replace(
        "<svg",
        f'<svg width="{QR_SIZE}" height="{QR_SIZE}" role="img" aria-label="{label}"',
        1,
    )


@organiser_required
@require_GET
def device_pairing(request, device_id: int):
    device = _device_of_edition(device_id)
    shown = request.session.pop(PAIRING_SESSION_KEY, None)
    code = shown["code"] if shown and shown.get("device_id") == device.pk else None
    context = {"device": device, "code": None}
    if code:
        url = f"{settings.SITE_URL}/scanner/?pair={code}"
        context.update(
            code=devices.pairing_code_display(code),
            pairing_url=url,
            qr=mark_safe(_qr_svg(url)),  # noqa: S308 (SVG generated here from our own URL)
            expires_at=device.pairing_expires_at,
        )
    return render(request, "checkin/device_pairing.html", context)


@organiser_required
@require_POST
def device_pairing_renew(request, device_id: int):
    device = _device_of_edition(device_id)
    try:
        device, code = devices.device_pairing_renew(device_id=device.pk)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("checkin:device_list")
    return _show_pairing_code(request, device, code)


@organiser_required
@require_POST
def device_revoke(request, device_id: int):
    device = _device_of_edition(device_id)
    if device.revoked_at is None:
        devices.device_revoke(device_id=device.pk)
        messages.success(
            request,
            _("Đã thu hồi thiết bị “%(name)s”. Máy này không quét được nữa.")
            % {"name": device.name},
        )
    return redirect("checkin:device_list")
