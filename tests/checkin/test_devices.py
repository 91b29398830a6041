"""Gates and scanner devices: the service, the organiser pages and the command line."""

import datetime as dt
import hashlib
import re
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import timezone

from checkin.models import Gate, ScannerDevice
from checkin.services import devices
from checkin.services.authentication import device_authenticate
from checkin.tokens import secret_hash
from forum.errors import ServiceError
from registration import roles
from registration.badge_codes import ALPHABET
from registration.services.accounts import totp_ensure
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- Service -------------------------------------------------------------------------------------


def test_pairing_code_is_8_crockford_characters_stored_hashed_for_15_minutes(gate):
    before = timezone.now()

    device, code = devices.device_create(gate=gate, name="Máy 1")

    assert len(code) == 8
    assert set(code) <= set(ALPHABET)
    device.refresh_from_db()
    assert device.pairing_code_hash == hashlib.sha256(code.encode()).hexdigest()
    assert code not in str(ScannerDevice.objects.values().get())
    assert before + dt.timedelta(minutes=15) <= device.pairing_expires_at
    assert device.pairing_expires_at <= timezone.now() + dt.timedelta(minutes=15)
    assert device.token_hash is None


def test_pairing_code_normalisation():
    assert devices.pairing_code_normalise(" abcd-efgh ") == "ABCDEFGH"
    assert devices.pairing_code_normalise("oil0-uuuu") == "0110VVVV"
    assert devices.pairing_code_normalise("ABCDEFG") is None
    assert devices.pairing_code_normalise("ABCDEFG!") is None
    assert devices.pairing_code_normalise(None) is None


def test_renewed_pairing_code_replaces_the_token_when_used(gate):
    device, token = devices.device_create_paired(gate=gate, name="Máy 1")

    _device, code = devices.device_pairing_renew(device_id=device.pk)
    assert device_authenticate(token=token) is not None  # still works until paired
    _device, new_token = devices.device_pair(pairing_code=code)

    assert device_authenticate(token=token) is None
    assert device_authenticate(token=new_token).pk == device.pk


def test_renewing_a_revoked_device_is_refused(gate):
    device, _code = devices.device_create(gate=gate, name="Máy 1")
    devices.device_revoke(device_id=device.pk)

    with pytest.raises(ServiceError) as error:
        devices.device_pairing_renew(device_id=device.pk)
    assert error.value.code == "revoked"


def test_gate_codes_are_unique_per_edition(edition, gate, past_edition):
    with pytest.raises(ServiceError) as error:
        devices.gate_create(edition=edition, code="A", name="Cổng A lần hai")
    assert error.value.code == "gate_exists"

    other = devices.gate_create(edition=past_edition, code="a", name="Cổng A")
    assert other.code == "a"


# --- Organiser pages -----------------------------------------------------------------------------

NO_INLINE = re.compile(r"<script(?![^>]*\bsrc=)|\sstyle=", re.IGNORECASE)


def test_gate_list_and_create(organiser_client, edition, gate):
    page = organiser_client.get("/organiser/checkin/gates/")
    assert page.status_code == 200
    assert "Cổng A" in page.text
    assert not NO_INLINE.search(page.text)

    response = organiser_client.post(
        "/organiser/checkin/gates/", {"code": "vip", "name": "Cổng VIP", "kind": "vip"}
    )

    assert response.status_code == 302
    assert Gate.objects.get(code="vip").kind == "vip"


def test_gate_list_counts_each_device_once_however_many_scans(organiser_client, gate):
    from checkin.models import Scan

    for name in ("Máy 1", "Máy 2"):
        device, _token = devices.device_create_paired(gate=gate, name=name)
    for nonce in ("n1", "n2", "n3"):
        Scan.objects.create(
            edition=gate.edition,
            source_key=f"d{device.pk}",
            device=device,
            gate=gate,
            nonce=nonce,
            result=Scan.Result.INVALID,
            scanned_at=timezone.now(),
        )

    [listed] = organiser_client.get("/organiser/checkin/gates/").context["gates"]

    assert (listed.device_count, listed.scan_count) == (2, 3)


def test_gate_create_duplicate_shows_an_error(organiser_client, gate):
    response = organiser_client.post(
        "/organiser/checkin/gates/", {"code": "a", "name": "Cổng A", "kind": "entrance"}
    )

    assert response.status_code == 200
    assert "Mã cổng này đã có." in response.text
    assert Gate.objects.count() == 1


def _pairing_page(organiser_client, gate, **headers):
    response = organiser_client.post(
        "/organiser/checkin/devices/",
        {"gate": gate.pk, "name": "Máy cổng A", "language": "en"},
        headers=headers,
    )
    assert response.status_code == 302
    return response, organiser_client.get(response["Location"], headers=headers)


def _shown_code(page) -> str:
    shown = re.search(r"<code>([0-9A-Z]{4})-([0-9A-Z]{4})</code>", page.text)
    return shown.group(1) + shown.group(2)


def test_device_create_shows_code_and_qr_once(organiser_client, organiser, gate, settings):
    settings.SITE_URL = "https://forum.example.vn"
    settings.ALLOWED_HOSTS = ["forum.example.vn"]

    response, page = _pairing_page(organiser_client, gate, host="forum.example.vn")

    device = ScannerDevice.objects.get()
    assert (device.name, device.language, device.created_by) == ("Máy cổng A", "en", organiser)
    assert response["Location"].endswith(f"/organiser/checkin/devices/{device.pk}/pairing/")
    code = _shown_code(page)
    assert secret_hash(code) == device.pairing_code_hash
    # On the site's own address: SITE_URL, with its scheme (a proxy may terminate HTTPS).
    assert f"https://forum.example.vn/scanner/?pair={code}" in page.text
    assert "<svg" in page.text and "<path" in page.text
    assert not NO_INLINE.search(page.text)
    reloaded = organiser_client.get(response["Location"], headers={"host": "forum.example.vn"})
    assert code not in reloaded.text
    assert "<svg" not in reloaded.text


def test_pairing_qr_uses_the_address_the_organiser_is_on(organiser_client, gate, settings):
    """An organiser on the hall's laptop at a local address: the phone beside them reaches the
    site there, not at SITE_URL's default (127.0.0.1:8000 is the phone itself)."""
    settings.ALLOWED_HOSTS = ["192.168.1.20"]

    _response, page = _pairing_page(organiser_client, gate, host="192.168.1.20:8000")

    code = _shown_code(page)
    assert f"http://192.168.1.20:8000/scanner/?pair={code}" in page.text
    assert "127.0.0.1:8000" not in page.text


def test_device_list_shows_state_and_last_contact(organiser_client, gate):
    paired, _token = devices.device_create_paired(gate=gate, name="Máy đã ghép")
    ScannerDevice.objects.filter(pk=paired.pk).update(
        last_seen_at=dt.datetime(2025, 12, 30, 6, 31, 5, tzinfo=dt.UTC)
    )
    devices.device_create(gate=gate, name="Máy chờ")
    revoked, _code = devices.device_create(gate=gate, name="Máy bỏ")
    devices.device_revoke(device_id=revoked.pk)

    page = organiser_client.get("/organiser/checkin/devices/").text

    assert "Máy đã ghép" in page and "Đã ghép nối" in page
    assert "Máy chờ" in page and "Chờ ghép nối" in page
    assert "Máy bỏ" in page and "Đã thu hồi" in page
    assert "30/12/2025 13:31:05" in page
    assert not NO_INLINE.search(page)


def test_device_revoke_by_post(organiser_client, gate):
    device, token = devices.device_create_paired(gate=gate, name="Máy 1")

    assert (
        organiser_client.get(f"/organiser/checkin/devices/{device.pk}/revoke/").status_code == 405
    )
    response = organiser_client.post(f"/organiser/checkin/devices/{device.pk}/revoke/")

    assert response.status_code == 302
    assert ScannerDevice.objects.get().revoked_at is not None
    assert device_authenticate(token=token) is None


def test_device_new_pairing_code_from_the_list(organiser_client, gate):
    device, _token = devices.device_create_paired(gate=gate, name="Máy 1")

    response = organiser_client.post(
        f"/organiser/checkin/devices/{device.pk}/pairing/new/", follow=True
    )

    assert re.search(r"<code>[0-9A-Z]{4}-[0-9A-Z]{4}</code>", response.text)
    assert ScannerDevice.objects.get().pairing_code_hash is not None


def test_device_of_another_edition_is_404(organiser_client, edition, past_edition):
    other_gate = devices.gate_create(edition=past_edition, code="a", name="Cổng cũ")
    device, _token = devices.device_create_paired(gate=other_gate, name="Máy cũ")

    assert (
        organiser_client.post(f"/organiser/checkin/devices/{device.pk}/revoke/").status_code == 404
    )


@pytest.mark.parametrize(
    "path",
    ["/organiser/checkin/gates/", "/organiser/checkin/devices/", "/en/organiser/checkin/devices/"],
)
def test_check_in_pages_are_for_organisers_only(client, edition, path):
    assert client.get(path).status_code == 302  # anonymous: to the login page

    staff = UserFactory(email="cong@example.vn")
    staff.groups.add(Group.objects.get_or_create(name=roles.DOOR_STAFF)[0])
    totp_ensure(user=staff)
    client.force_login(staff)
    assert client.get(path).status_code == 403


def test_device_list_query_count_does_not_grow(
    organiser_client, gate, django_assert_max_num_queries
):
    devices.device_create_paired(gate=gate, name="Máy 0")
    with django_assert_max_num_queries(50) as few:
        organiser_client.get("/organiser/checkin/devices/")
    for n in range(1, 15):
        devices.device_create_paired(gate=gate, name=f"Máy {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        organiser_client.get("/organiser/checkin/devices/")


# --- Command line --------------------------------------------------------------------------------


def test_create_scanner_device_prints_a_working_token(gate):
    out, err = StringIO(), StringIO()

    call_command(
        "create_scanner_device", "--gate", "a", "--name", "Máy dòng lệnh", "--language", "en",
        stdout=out, stderr=err,
    )  # fmt: skip

    token = out.getvalue().strip()
    device = device_authenticate(token=token)
    assert (device.name, device.language, device.gate) == ("Máy dòng lệnh", "en", gate)
    assert device.paired_at is not None
    assert "Máy dòng lệnh" in err.getvalue()


def test_create_scanner_device_prints_a_pairing_code_the_scanner_app_takes(gate, settings):
    settings.SITE_URL = "https://forum.example.vn"
    out, err = StringIO(), StringIO()

    call_command("create_scanner_device", "--gate", "a", "--name", "Máy", stdout=out, stderr=err)

    shown = re.search(r"pairing code ([0-9A-Z]{4})-([0-9A-Z]{4})", err.getvalue())
    code = shown.group(1) + shown.group(2)
    assert f"https://forum.example.vn/scanner/?pair={code}" in err.getvalue()
    assert code not in out.getvalue()
    # The code pairs a phone (once), which then holds the device's only working token.
    device, phone_token = devices.device_pair(pairing_code=code)
    assert device_authenticate(token=phone_token) == device
    assert device_authenticate(token=out.getvalue().strip()) is None


@pytest.mark.parametrize("given", ["A", " a", "Cổng A", "CỔNG A", "co\u0302\u0309ng a"])
def test_create_scanner_device_finds_the_gate_in_any_letter_case(gate, given):
    out = StringIO()

    call_command(
        "create_scanner_device", "--gate", given, "--name", "Máy", stdout=out, stderr=StringIO()
    )

    assert device_authenticate(token=out.getvalue().strip()).gate == gate


def test_create_scanner_device_unknown_gate_is_an_error(gate):
    with pytest.raises(CommandError, match="Unknown gate 'z'"):
        call_command("create_scanner_device", "--gate", "z", "--name", "Máy")
    assert ScannerDevice.objects.count() == 0


def test_create_scanner_device_rejects_other_languages(gate):
    with pytest.raises(CommandError):
        call_command("create_scanner_device", "--gate", "a", "--name", "Máy", "--language", "fr")
