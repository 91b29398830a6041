"""Organiser pages for check-in: gates, and the scanner devices that work at them."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from checkin.forms import DeviceForm, GateForm
from checkin.models import ScannerDevice
from checkin.selectors.devices import device_of_edition, devices_of_edition
from checkin.selectors.gates import gates_with_counts
from checkin.services import devices
from forum.errors import ServiceError
from registration.access import edition_or_404, organiser_required
from registration.services.badges.qr import qr_svg

PAIRING_SESSION_KEY = "checkin_pairing"
QR_SIZE = 240  # pixels on screen; the phone camera reads it from arm's length


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
    return render(
        request,
        "checkin/gate_list.html",
        {"edition": edition, "form": form, "gates": gates_with_counts(edition=edition)},
    )


@organiser_required
@require_http_methods(["GET", "POST"])
def device_list(request):
    edition = edition_or_404()
    form = DeviceForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        device, code = devices.device_create(created_by=request.user, **form.cleaned_data)
        return _show_pairing_code(request, device, code)
    return render(
        request,
        "checkin/device_list.html",
        {
            "edition": edition,
            "form": form,
            "devices": devices_of_edition(edition=edition),
            "has_gates": form.fields["gate"].queryset.exists(),
        },
    )


def _show_pairing_code(request, device, code):
    # The code is shown once, after a redirect, so reloading the page never creates a device.
    request.session[PAIRING_SESSION_KEY] = {"device_id": device.pk, "code": code}
    return redirect("checkin:device_pairing", device_id=device.pk)


def _device_of_edition(device_id: int) -> ScannerDevice:
    device = device_of_edition(edition=edition_or_404(), device_id=device_id)
    if device is None:
        raise Http404
    return device


def _qr_svg(payload: str) -> str:
    svg = qr_svg(payload)
    # Presentation attributes size it on screen (no style attribute: the CSP forbids inline style).
    label = escape(_("Mã QR ghép nối thiết bị"))
    return svg.replace(
        "<svg",
        f'<svg width="{QR_SIZE}" height="{QR_SIZE}" role="img" aria-label="{label}"',
        1,
    )


def _origin(request) -> str:
    """The address the organiser is on: a phone beside them reaches the site as they do (a
    laptop at http://192.168.1.20:8000 in the hall, not SITE_URL's default). SITE_URL when it
    names the same host, for its scheme behind a proxy that terminates HTTPS."""
    site = urlsplit(settings.SITE_URL)
    if site.netloc == request.get_host():
        return settings.SITE_URL
    return f"{request.scheme}://{request.get_host()}"


@organiser_required
@require_GET
def device_pairing(request, device_id: int):
    device = _device_of_edition(device_id)
    shown = request.session.pop(PAIRING_SESSION_KEY, None)
    code = shown["code"] if shown and shown.get("device_id") == device.pk else None
    context = {"device": device, "code": None}
    if code:
        url = devices.pairing_url(origin=_origin(request), code=code)
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
