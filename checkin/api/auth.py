"""Who may use the scanner API: a paired device with its bearer token, or a door-staff or
organiser account logged in on the scanner page (its session, with the CSRF token on writes)."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import translation
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.throttling import AnonRateThrottle
from ninja.utils import check_csrf

from checkin.models import Gate, ScannerDevice
from checkin.selectors.gates import gate_of_edition
from checkin.services.authentication import device_authenticate
from forum.client_ip import client_ip
from forum.errors import ServiceError
from forum.selectors import edition_current
from registration import roles
from registration.selectors import user_roles


@dataclass
class Scanner:
    """Who is scanning: a paired device, or a staff member logged in on the scanner page."""

    device: ScannerDevice | None = None
    staff: Any = None
    edition_id: int | None = None
    gate: Gate | None = None
    language: str = "vi"

    @property
    def source_key(self) -> str:
        return f"d{self.device.pk}" if self.device else f"u{self.staff.pk}"

    def scan_fields(self) -> dict:
        """Who scanned and where, as the check-in services take it."""
        return {
            "edition_id": self.edition_id,
            "source_key": self.source_key,
            "device": self.device,
            "staff": self.staff,
            "gate": self.gate,
        }


class DeviceToken(HttpBearer):
    """A paired scanner device's bearer token."""

    def authenticate(self, request, token):
        device = device_authenticate(token=token)
        if device is None:
            return None
        return Scanner(
            device=device,
            edition_id=device.gate.edition_id,
            gate=device.gate,
            language=device.language,
        )


class StaffSession(APIKeyCookie):
    """The Django session of a door-staff or organiser account; writes need the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        # Only a logged-in session is checked for CSRF, so that a request with no credentials
        # gets 401 rather than a CSRF failure.
        if not request.user.is_authenticated:
            return None
        if check_csrf(request):
            raise HttpError(403, "CSRF check failed.")
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        user = request.user
        if not user.is_authenticated:
            return None
        if not (user.is_superuser or user_roles(user=user) & {roles.DOOR_STAFF, roles.ORGANISER}):
            return None
        # The pages' rule: a staff account without its second factor set up may not scan, read
        # the delegate list or search (registration.selectors.accounts).
        from registration.selectors.accounts import user_lacks_second_factor

        if user_lacks_second_factor(user=user):
            raise HttpError(
                403,
                translation.gettext(
                    "Tài khoản cán bộ phải bật xác thực hai lớp (TOTP) trước khi tiếp tục."
                ),
            )
        return Scanner(staff=user, language=translation.get_language() or "vi")


SCANNER_AUTH = [DeviceToken(), StaffSession()]


def scanner_of(request: HttpRequest, gate_code: str | None = None) -> Scanner:
    """The authenticated scanner, with the edition and (for staff) the chosen gate resolved."""
    scanner: Scanner = request.auth
    if scanner.device is None and scanner.edition_id is None:
        edition = edition_current()
        if edition is None:
            raise HttpError(404, "No forum edition is set up.")
        scanner.edition_id = edition.pk
        if gate_code:
            scanner.gate = gate_of_edition(edition_id=edition.pk, code=gate_code)
            if scanner.gate is None:
                # A code the phone can act on: the gate was removed, the staff choose again.
                raise ServiceError(
                    translation.gettext("Cổng này không còn. Hãy chọn lại cổng."),
                    code="unknown_gate",
                )
    return scanner


class ClientAddressThrottle(AnonRateThrottle):
    """A rate per client address, read as every other part of the site reads it
    (forum.client_ip: behind TRUSTED_PROXY_COUNT proxies, else the connection's address).
    Requests without an address to tell are counted together."""

    scope = "client"

    def get_ident(self, request):
        try:
            return client_ip(request) or ""
        except PermissionDenied:
            # No address to tell (allauth refuses to guess): such requests share one count.
            return ""
