"""The scanner API contract under /api/v1/: every field, every error, over real HTTP requests."""

import datetime as dt
import hashlib
import json

import pytest
from django.contrib.auth.models import Group
from django.middleware.csrf import _get_new_csrf_string
from django.utils import timezone, translation

from checkin.answers import result_message
from checkin.models import Scan, ScannerDevice
from checkin.selectors import offline_list
from checkin.services import authentication, devices
from forum.vietnamese import search_key
from registration import roles
from registration.badge_codes import payload_hash, payload_of, short_code_display
from registration.models import BadgeCode, DelegateType, Registration
from registration.services import registrations
from registration.services.badge_codes import badge_code_issue, badge_code_reissue
from tests.factories import EditionFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

SCAN = "/api/v1/checkin/scan"
BATCH = "/api/v1/checkin/batch"
DELEGATES = "/api/v1/checkin/delegates"
SEARCH = "/api/v1/checkin/search"
MANUAL = "/api/v1/checkin/manual"
ME = "/api/v1/checkin/me"
PAIR = "/api/v1/devices/pair"


@pytest.fixture(autouse=True)
def _no_settle(monkeypatch):
    # Rows are normally withheld for a moment from the delegate list (see offline_list.py); these
    # tests change data and read it back at once. One test below checks the withholding itself.
    monkeypatch.setattr(offline_list, "SETTLE_SECONDS", 0)


@pytest.fixture
def device_token(gate):
    _device, token = devices.device_create_paired(gate=gate, name="Máy 1")
    return token


@pytest.fixture
def api(client, device_token):
    """A client that sends the device's bearer token."""

    class Api:
        def get(self, path, **params):
            return client.get(path, params, headers={"Authorization": f"Bearer {device_token}"})

        def post(self, path, body, token=device_token):
            return client.post(
                path,
                body if isinstance(body, str) else json.dumps(body),
                content_type="application/json",
                headers={"Authorization": f"Bearer {token}"},
            )

    return Api()


def approved(edition, name="Đặng Thị Ánh", **fields) -> Registration:
    registration = RegistrationFactory(
        edition=edition,
        status="approved",
        full_name=name,
        given_name=name.split()[-1],
        search_key=search_key(name),
        **fields,
    )
    badge_code_issue(registration=registration)
    return registration


def payload(registration) -> str:
    code = BadgeCode.objects.get(registration=registration, status="active")
    return payload_of(code.token)


# --- Scan ----------------------------------------------------------------------------------------


def test_scan_ok_answers_every_field(api, edition):
    delegate = approved(edition, honorific="Bà", needs="Ăn chay")

    response = api.post(SCAN, {"code": payload(delegate), "nonce": "n-1"})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"result", "message", "delegate", "first_checkin"}
    assert body["result"] == "ok"
    assert body["message"] == "Mời vào. Chào mừng đại biểu!"
    assert body["delegate"] == {
        "name": "Đặng Thị Ánh",
        "title": "Bà",
        "organisation": "Công ty Cổ phần MISA",
        "type": "enterprise",
        "type_label": "Doanh nghiệp",
        "needs": "Ăn chay",
    }
    assert body["first_checkin"]["gate"] == "Cổng A"
    at = dt.datetime.fromisoformat(body["first_checkin"]["at"])
    assert at.utcoffset() == dt.timedelta(hours=7)
    assert abs(at - timezone.now()) < dt.timedelta(seconds=30)
    scan = Scan.objects.get()
    assert (scan.source_key, scan.nonce, scan.is_first_entry, scan.offline) == (
        f"d{scan.device_id}",
        "n-1",
        True,
        False,
    )
    assert scan.gate.code == "a"


def test_second_scan_is_already_checked_in_with_the_first_entry(api, edition):
    delegate = approved(edition)
    first = api.post(SCAN, {"code": payload(delegate), "nonce": "n-1"}).json()

    second = api.post(SCAN, {"code": payload(delegate), "nonce": "n-2"}).json()

    assert second["result"] == "already_checked_in"
    assert second["message"] == "Đại biểu đã check-in trước đó."
    assert second["first_checkin"] == first["first_checkin"]
    assert second["delegate"]["name"] == "Đặng Thị Ánh"
    assert Scan.objects.filter(is_first_entry=True).count() == 1


def test_short_code_typed_at_the_door_checks_in(api, edition):
    delegate = approved(edition)
    short = BadgeCode.objects.get(registration=delegate).short_code

    body = api.post(SCAN, {"code": short_code_display(short).lower(), "nonce": "n"}).json()

    assert body["result"] == "ok"


def test_replayed_nonce_returns_the_same_answer_and_records_once(api, edition):
    delegate = approved(edition)
    first = api.post(SCAN, {"code": payload(delegate), "nonce": "retry-1"})

    again = api.post(SCAN, {"code": payload(delegate), "nonce": "retry-1"})
    other_code = api.post(SCAN, {"code": "garbage", "nonce": "retry-1"})

    assert again.json() == first.json()
    assert other_code.json() == first.json()
    assert first.json()["result"] == "ok"
    assert Scan.objects.count() == 1


def test_scanned_at_is_recorded(api, edition):
    delegate = approved(edition)

    api.post(SCAN, {"code": payload(delegate), "nonce": "n", "scanned_at": "2025-12-30T13:05:00"})

    assert Scan.objects.get().scanned_at == dt.datetime(2025, 12, 30, 6, 5, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "MIV1-",
        "MIV1-ABC",  # truncated
        "MIV1-" + "0" * 27,  # one character short
        "MIV1-" + "0" * 29,  # one character long
        "MIV2-" + "0" * 28,  # another format version
        "MIV1-" + "0" * 27 + "!",  # a character outside the alphabet
        "https://example.vn/?code=MIV1-0000",
        "8934567890123",  # an EAN-13 product barcode
        '{"id": 1}',
        "WIFI:S:venue;T:WPA;P:secret;;",
        "ABCD-EFG",  # a short code one character short
        "🙂" * 10,
        "MIV1-\x00" + "0" * 27,
        "\x00\x01\x02",
        "x" * 2000,
    ],
)
def test_forged_or_foreign_codes_answer_invalid_and_are_recorded(api, edition, raw):
    approved(edition)

    response = api.post(SCAN, {"code": raw, "nonce": "n"})

    assert response.status_code == 200
    assert response.json() == {
        "result": "invalid",
        "message": "Mã không hợp lệ.",
        "delegate": None,
        "first_checkin": None,
    }
    assert Scan.objects.get().result == "invalid"


def test_mutated_real_code_is_invalid(api, edition):
    real = payload(approved(edition))
    last = real[-1]
    mutated = real[:-1] + ("0" if last != "0" else "1")

    assert api.post(SCAN, {"code": mutated, "nonce": "n"}).json()["result"] == "invalid"


def test_cancelled_and_reissued_badges_are_refused(api, edition):
    cancelled = approved(edition, "Lê Văn Hủy")
    old_payload = payload(cancelled)
    registrations.registration_cancel(registration_id=cancelled.pk)
    reissued = approved(edition, "Trần Thị Mới")
    replaced = payload(reissued)
    badge_code_reissue(registration=reissued, reason="reissued")
    pending = RegistrationFactory(edition=edition, status="pending")
    pending_code = payload_of(badge_code_issue(registration=pending).token)

    results = [
        api.post(SCAN, {"code": code, "nonce": f"n{i}"}).json()["result"]
        for i, code in enumerate([old_payload, replaced, pending_code])
    ]

    assert results == ["cancelled", "revoked", "not_approved"]


def test_rejected_delegate_badge_answers_not_approved(api, edition):
    delegate = approved(edition)
    code = payload(delegate)
    registrations.registration_reject(registration_id=delegate.pk, reason="Trùng đăng ký")

    assert api.post(SCAN, {"code": code, "nonce": "n"}).json()["result"] == "not_approved"


def test_english_device_gets_english_messages(client, gate, edition):
    _device, token = devices.device_create_paired(gate=gate, name="Máy EN", language="en")
    delegate = approved(edition)

    body = client.post(
        SCAN,
        {"code": payload(delegate), "nonce": "n"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    ).json()

    with translation.override("en"):
        assert body["message"] == result_message("ok") != "Mời vào. Chào mừng đại biểu!"
        assert body["delegate"]["type_label"] == str(DelegateType.ENTERPRISE.label)
    assert body["delegate"]["type_label"] != "Doanh nghiệp"


@pytest.mark.parametrize(
    "body",
    [
        {"nonce": "n"},
        {"code": "MIV1-X"},
        {},
        {"code": 12345, "nonce": "n"},
        {"code": "MIV1-X", "nonce": 7},
        {"code": None, "nonce": "n"},
        {"code": ["MIV1-X"], "nonce": "n"},
        {"code": "MIV1-X", "nonce": ""},
        {"code": "MIV1-X", "nonce": "n" * 65},
        {"code": "MIV1-X", "nonce": "bad\nnonce"},
        {"code": "MIV1-X", "nonce": "bad\x00nonce"},
        {"code": "x" * 2001, "nonce": "n"},
        {"code": "MIV1-X", "nonce": "n", "scanned_at": "yesterday"},
        {"code": "MIV1-X", "nonce": "n", "scanned_at": "30/12/2025 13:00"},
        {"code": "MIV1-X", "nonce": "n", "scanned_at": 1767070800},
        {"code": "MIV1-X", "nonce": "n", "scanned_at": "2025-13-40T25:00:00"},
        "not json",
        '["a", "list"]',
        "",
    ],
)
def test_malformed_scan_body_is_400_and_records_nothing(api, body):
    response = api.post(SCAN, body)

    assert response.status_code == 400
    assert "detail" in response.json()
    assert Scan.objects.count() == 0


def test_scanned_at_more_than_a_day_ahead_is_400(api, edition):
    code = payload(approved(edition))
    ahead = (timezone.now() + dt.timedelta(hours=25)).isoformat()
    soon = (timezone.now() + dt.timedelta(hours=23)).isoformat()

    assert api.post(SCAN, {"code": code, "nonce": "a", "scanned_at": ahead}).status_code == 400
    assert api.post(SCAN, {"code": code, "nonce": "b", "scanned_at": soon}).status_code == 200


def test_nonce_of_64_characters_is_accepted(api, edition):
    code = payload(approved(edition))

    assert api.post(SCAN, {"code": code, "nonce": "n" * 64}).status_code == 200


# --- Authentication ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": "Bearer " + "x" * 500},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Token abc"},
    ],
)
def test_scan_without_a_valid_token_is_401(client, gate, headers):
    response = client.post(
        SCAN, {"code": "MIV1-X", "nonce": "n"}, content_type="application/json", headers=headers
    )

    assert response.status_code == 401
    assert response.json() == {"detail": "Missing, invalid or revoked credentials."}
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert Scan.objects.count() == 0


@pytest.mark.parametrize("path", [ME, DELEGATES, SEARCH + "?q=an"])
def test_reads_without_a_token_are_401(client, path):
    assert client.get(path).status_code == 401


def test_revoked_device_token_is_401(api, client, device_token, edition):
    code = payload(approved(edition))
    assert api.post(SCAN, {"code": code, "nonce": "before"}).status_code == 200
    device = ScannerDevice.objects.get()

    devices.device_revoke(device_id=device.pk)
    response = api.post(SCAN, {"code": code, "nonce": "after"})

    assert response.status_code == 401
    assert Scan.objects.count() == 1


def test_last_seen_is_written_at_most_every_ten_seconds(api, edition, monkeypatch):
    device = ScannerDevice.objects.get()
    device.last_seen_at = None
    device.save()
    api.get(ME)
    seen = ScannerDevice.objects.get().last_seen_at
    assert seen is not None

    api.get(ME)
    assert ScannerDevice.objects.get().last_seen_at == seen

    later = timezone.now() + dt.timedelta(seconds=11)
    monkeypatch.setattr(authentication.timezone, "now", lambda: later)
    api.get(ME)
    assert ScannerDevice.objects.get().last_seen_at == later


# --- Staff session -------------------------------------------------------------------------------


@pytest.fixture
def door_staff(client, edition):
    user = UserFactory(email="cong@example.vn")
    user.groups.add(Group.objects.get_or_create(name=roles.DOOR_STAFF)[0])
    client.force_login(user)
    return user


def _csrf(client) -> dict:
    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    return {"X-CSRFToken": secret}


@pytest.fixture
def csrf_client(client):
    client.handler.enforce_csrf_checks = True
    return client


def test_staff_session_scans_at_the_chosen_gate_with_csrf(csrf_client, door_staff, gate, edition):
    code = payload(approved(edition))

    response = csrf_client.post(
        SCAN,
        {"code": code, "nonce": "n", "gate": "a"},
        content_type="application/json",
        headers=_csrf(csrf_client),
    )

    assert response.status_code == 200
    assert response.json()["first_checkin"]["gate"] == "Cổng A"
    scan = Scan.objects.get()
    assert (scan.source_key, scan.staff, scan.device) == (f"u{door_staff.pk}", door_staff, None)


def test_staff_session_gate_in_query_string(csrf_client, door_staff, gate, edition):
    code = payload(approved(edition))

    response = csrf_client.post(
        SCAN + "?gate=a",
        {"code": code, "nonce": "n"},
        content_type="application/json",
        headers=_csrf(csrf_client),
    )

    assert response.json()["first_checkin"]["gate"] == "Cổng A"


def test_staff_session_post_without_csrf_is_403(csrf_client, door_staff, gate, edition):
    code = payload(approved(edition))

    response = csrf_client.post(SCAN, {"code": code, "nonce": "n"}, content_type="application/json")

    assert response.status_code == 403
    assert Scan.objects.count() == 0


def test_staff_session_unknown_gate_is_400(csrf_client, door_staff, gate):
    response = csrf_client.post(
        SCAN,
        {"code": "x", "nonce": "n", "gate": "nowhere"},
        content_type="application/json",
        headers=_csrf(csrf_client),
    )

    assert response.status_code == 400


def test_session_of_a_delegate_is_401(client, edition):
    client.force_login(UserFactory(email="delegate@example.vn"))

    assert client.get(ME).status_code == 401


def test_me_for_staff(client, door_staff, edition):
    body = client.get(ME).json()

    assert body["device"] is None
    assert body["staff"] == {"email": "cong@example.vn"}
    assert body["edition"]["name"] == edition.name
    assert dt.datetime.fromisoformat(body["edition"]["starts_at"]) == edition.starts_at


def test_me_for_device(api, edition):
    body = api.get(ME).json()
    device = ScannerDevice.objects.get()

    assert body["device"] == {
        "id": device.pk,
        "name": "Máy 1",
        "language": "vi",
        "gate": {"code": "a", "name": "Cổng A"},
    }
    assert body["staff"] is None
    assert body["edition"] == {"name": edition.name, "starts_at": "2025-12-30T13:30:00+07:00"}
    server_time = dt.datetime.fromisoformat(body["server_time"])
    assert abs(server_time - timezone.now()) < dt.timedelta(seconds=30)


# --- Pairing -------------------------------------------------------------------------------------


def test_pairing_gives_a_token_that_works_once(client, gate):
    device, code = devices.device_create(gate=gate, name="Máy mới")

    response = client.post(
        PAIR, {"pairing_code": code, "name": "iPhone cổng A"}, content_type="application/json"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["device"] == {
        "id": device.pk,
        "name": "iPhone cổng A",
        "language": "vi",
        "gate": {"code": "a", "name": "Cổng A"},
    }
    me = client.get(ME, headers={"Authorization": f"Bearer {body['token']}"})
    assert me.json()["device"]["id"] == device.pk
    device.refresh_from_db()
    assert device.token_hash == hashlib.sha256(body["token"].encode()).hexdigest()
    assert (device.pairing_code_hash, device.pairing_expires_at) == (None, None)
    again = client.post(PAIR, {"pairing_code": code}, content_type="application/json")
    assert again.status_code == 400
    assert again.json()["code"] == "pairing_invalid"


def test_pairing_code_is_forgiving_about_case_and_dashes(client, gate):
    _device, code = devices.device_create(gate=gate, name="Máy")

    typed = f" {code[:4].lower()}-{code[4:].lower()} "
    response = client.post(PAIR, {"pairing_code": typed}, content_type="application/json")

    assert response.status_code == 200


def test_expired_pairing_code_is_refused(client, gate):
    device, code = devices.device_create(gate=gate, name="Máy")
    ScannerDevice.objects.filter(pk=device.pk).update(
        pairing_expires_at=timezone.now() - dt.timedelta(seconds=1)
    )

    response = client.post(PAIR, {"pairing_code": code}, content_type="application/json")

    assert response.status_code == 400
    assert ScannerDevice.objects.get().token_hash is None


@pytest.mark.parametrize("code", ["", "ABCD", "ABCDEFGH", "ABCD-EFGH-IJ", "!!!!!!!!"])
def test_wrong_pairing_code_is_400(client, gate, code):
    devices.device_create(gate=gate, name="Máy")

    response = client.post(PAIR, {"pairing_code": code}, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["detail"]


def test_pairing_a_revoked_device_is_refused(client, gate):
    device, code = devices.device_create(gate=gate, name="Máy")
    devices.device_revoke(device_id=device.pk)

    assert (
        client.post(PAIR, {"pairing_code": code}, content_type="application/json").status_code
        == 400
    )


def test_pairing_is_rate_limited_per_address(client, gate):
    _device, code = devices.device_create(gate=gate, name="Máy")
    for _attempt in range(10):
        client.post(PAIR, {"pairing_code": "ZZZZZZZZ"}, content_type="application/json")

    blocked = client.post(PAIR, {"pairing_code": code}, content_type="application/json")
    elsewhere = client.post(
        PAIR, {"pairing_code": code}, content_type="application/json", REMOTE_ADDR="10.0.0.9"
    )

    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "60"
    assert elsewhere.status_code == 200


def test_pairing_body_must_be_well_formed(client, gate):
    response = client.post(PAIR, {"pairing_code": 12345678}, content_type="application/json")

    assert response.status_code == 400


# --- Delegate list for offline use ---------------------------------------------------------------


def _all_pages(api, since=None, limit=1000):
    delegates, revoked, cursor, calls = [], [], since, 0
    while True:
        params = {"limit": limit}
        if cursor:
            params["since"] = cursor
        body = api.get(DELEGATES, **params).json()
        calls += 1
        delegates += body["delegates"]
        revoked += body["revoked"]
        cursor = body["cursor"]
        if not body["more"]:
            return delegates, revoked, cursor, calls


def test_delegate_list_entry_has_every_field(api, edition):
    delegate = approved(edition, honorific="Ông", name="Nguyễn Văn An")
    code = BadgeCode.objects.get(registration=delegate)
    RegistrationFactory(edition=edition, status="pending")  # no badge: never listed

    body = api.get(DELEGATES).json()

    assert set(body) == {"cursor", "more", "delegates", "revoked"}
    assert body["more"] is False
    assert body["revoked"] == []
    assert body["delegates"] == [
        {
            "code_hash": payload_hash(payload_of(code.token)),
            "short_hash": hashlib.sha256(f"SHORT:{code.short_code}".encode()).hexdigest(),
            "registration_id": delegate.pk,
            "name": "Nguyễn Văn An",
            "title": "Ông",
            "organisation": "Công ty Cổ phần MISA",
            "type": "enterprise",
            "type_label": "Doanh nghiệp",
            "status": "approved",
            "checked_in": False,
        }
    ]


def test_delegate_list_delta_follows_changes_between_calls(api, edition):
    stays = approved(edition, "Phạm Minh Ổn")
    edited = approved(edition, "Vũ Thị Sửa")
    cancelled = approved(edition, "Lê Văn Hủy")
    reissued = approved(edition, "Bùi Gia Cấp")
    arrives = approved(edition, "Hoàng Thu Đến")
    first, _revoked, cursor, _calls = _all_pages(api)
    assert {d["name"] for d in first} == {
        "Phạm Minh Ổn",
        "Vũ Thị Sửa",
        "Lê Văn Hủy",
        "Bùi Gia Cấp",
        "Hoàng Thu Đến",
    }
    old_cancelled = payload_hash(payload(cancelled))
    old_reissued = payload_hash(payload(reissued))

    registrations.registration_update_profile(
        registration_id=edited.pk, data={"organisation": "Tập đoàn FPT"}
    )
    registrations.registration_cancel(registration_id=cancelled.pk)
    new_code = badge_code_reissue(registration=reissued, reason="reissued")
    api.post(SCAN, {"code": payload(arrives), "nonce": "door"})
    newcomer = approved(edition, "Trần Văn Mới")
    delta, revoked, cursor2, _calls = _all_pages(api, since=cursor)

    by_name = {d["name"]: d for d in delta}
    assert set(by_name) == {"Vũ Thị Sửa", "Bùi Gia Cấp", "Hoàng Thu Đến", "Trần Văn Mới"}
    assert by_name["Vũ Thị Sửa"]["organisation"] == "Tập đoàn FPT"
    assert by_name["Bùi Gia Cấp"]["code_hash"] == payload_hash(payload_of(new_code.token))
    assert by_name["Hoàng Thu Đến"]["checked_in"] is True
    assert by_name["Trần Văn Mới"]["checked_in"] is False
    assert sorted(revoked) == sorted([old_cancelled, old_reissued])
    assert stays.full_name not in by_name
    assert newcomer.pk

    nothing = api.get(DELEGATES, since=cursor2).json()
    assert (nothing["delegates"], nothing["revoked"], nothing["more"]) == ([], [], False)
    assert nothing["cursor"] == cursor2


def test_delegate_list_pages_through_identical_change_times(api, edition):
    people = [approved(edition, f"Nguyễn Văn Số {n}") for n in range(5)]
    same = timezone.now() - dt.timedelta(minutes=1)
    Registration.objects.filter(pk__in=[p.pk for p in people]).update(updated_at=same)
    BadgeCode.objects.update(issued_at=same)

    delegates, _revoked, _cursor, calls = _all_pages(api, limit=2)

    assert sorted(d["name"] for d in delegates) == sorted(p.full_name for p in people)
    assert len(delegates) == 5
    assert calls == 3


def test_delegate_list_withholds_changes_that_may_not_be_committed_everywhere(
    api, edition, monkeypatch
):
    monkeypatch.setattr(offline_list, "SETTLE_SECONDS", 60)
    old = approved(edition, "Cũ Văn Xưa")
    earlier = timezone.now() - dt.timedelta(minutes=5)
    Registration.objects.filter(pk=old.pk).update(updated_at=earlier)
    BadgeCode.objects.update(issued_at=earlier)
    approved(edition, "Mới Văn Vừa")

    body = api.get(DELEGATES).json()
    assert [d["name"] for d in body["delegates"]] == ["Cũ Văn Xưa"]

    monkeypatch.setattr(offline_list, "SETTLE_SECONDS", 0)
    later = api.get(DELEGATES, since=body["cursor"]).json()
    assert [d["name"] for d in later["delegates"]] == ["Mới Văn Vừa"]


@pytest.mark.parametrize("params", [{"since": "garbage!"}, {"since": "bm90fGE"}, {"limit": 2001}])
def test_delegate_list_bad_parameters_are_400(api, params):
    assert api.get(DELEGATES, **params).status_code == 400


# --- Offline batch -------------------------------------------------------------------------------


def test_batch_mixed_items_each_get_an_answer(api, edition):
    one = approved(edition, "Một Văn Một")
    two = approved(edition, "Hai Thị Hai")
    at = "2025-12-30T13:10:00+07:00"

    response = api.post(
        BATCH,
        {
            "scans": [
                {"code": payload(one), "nonce": "b1", "scanned_at": at},
                {"code": "nonsense", "nonce": "b2", "scanned_at": at},
                {"nonce": "b3"},
                "not an object",
                {"code": payload(two), "nonce": "x" * 65},
                {"code": payload(two), "nonce": "b6", "scanned_at": "tomorrow-ish"},
                {"code": payload(two), "nonce": "b7"},
            ]
        },
    )

    assert response.status_code == 200
    results = response.json()["results"]
    # A malformed item's nonce is echoed when it is a string, so the phone can match it.
    assert [r.get("nonce") for r in results] == ["b1", "b2", "b3", None, "x" * 65, "b6", "b7"]
    assert [r.get("result") for r in results] == ["ok", "invalid", None, None, None, None, "ok"]
    assert set(results[0]) == {"nonce", "result", "message", "delegate", "first_checkin"}
    for bad in results[2:6]:
        assert set(bad) == {"nonce", "error"}
        assert bad["error"]
    assert "code" in results[2]["error"]
    assert Scan.objects.count() == 3
    assert set(Scan.objects.values_list("offline", flat=True)) == {True}
    recorded = Scan.objects.get(nonce="b1").scanned_at
    assert recorded == dt.datetime(2025, 12, 30, 6, 10, tzinfo=dt.UTC)


def test_batch_earliest_scan_is_the_first_entry(api, edition):
    delegate = approved(edition)
    code = payload(delegate)
    online = api.post(SCAN, {"code": code, "nonce": "online", "scanned_at": "2025-12-30T13:30:00"})
    assert online.json()["result"] == "ok"

    results = api.post(
        BATCH,
        {
            "scans": [
                {"code": code, "nonce": "late", "scanned_at": "2025-12-30T13:20:00+07:00"},
                {"code": code, "nonce": "early", "scanned_at": "2025-12-30T13:05:00+07:00"},
            ]
        },
    ).json()["results"]

    assert [r["result"] for r in results] == ["already_checked_in", "ok"]
    first = Scan.objects.get(registration=delegate, is_first_entry=True)
    assert first.nonce == "early"
    assert results[0]["first_checkin"]["at"] == "2025-12-30T13:05:00+07:00"


def test_online_scan_with_an_earlier_clock_does_not_take_over_the_first_entry(api, edition):
    code = payload(approved(edition))
    first = api.post(SCAN, {"code": code, "nonce": "gate-a"}).json()
    earlier = (timezone.now() - dt.timedelta(minutes=10)).isoformat()

    second = api.post(SCAN, {"code": code, "nonce": "gate-b", "scanned_at": earlier}).json()

    assert second["result"] == "already_checked_in"
    assert second["first_checkin"] == first["first_checkin"]
    assert Scan.objects.get(is_first_entry=True).nonce == "gate-a"


def test_batch_retry_is_idempotent(api, edition):
    code = payload(approved(edition))
    batch = {"scans": [{"code": code, "nonce": "r1", "scanned_at": "2025-12-30T13:00:00+07:00"}]}

    first = api.post(BATCH, batch).json()
    again = api.post(BATCH, batch).json()

    assert first == again
    assert Scan.objects.count() == 1


def test_batch_checks_in_a_delegate_found_by_name_offline(api, edition, gate):
    found = approved(edition, "Đặng Thị Ánh")
    cancelled = approved(edition, "Lê Văn Hủy")
    registrations.registration_cancel(registration_id=cancelled.pk)
    other_edition = approved(EditionFactory(slug="2024", is_current=False))
    at = "2025-12-30T13:10:00+07:00"
    items = [
        {"registration_id": found.pk, "nonce": "n1", "scanned_at": at},
        {"registration_id": found.pk, "nonce": "n2", "scanned_at": "2025-12-30T13:12:00+07:00"},
        {"registration_id": cancelled.pk, "nonce": "n3", "scanned_at": at},
        {"registration_id": other_edition.pk, "nonce": "n4"},
        {"registration_id": 999999, "nonce": "n5"},
        {"registration_id": str(found.pk), "nonce": "n6"},
        {"registration_id": found.pk, "nonce": "n7", "scanned_at": "not a time"},
    ]

    results = api.post(BATCH, {"scans": items}).json()["results"]
    again = api.post(BATCH, {"scans": items[:3]}).json()["results"]

    assert [r["nonce"] for r in results] == ["n1", "n2", "n3", "n4", "n5", "n6", "n7"]
    assert [r.get("result") for r in results] == [
        "ok",
        "already_checked_in",
        "cancelled",
        None,
        None,
        None,
        None,
    ]
    assert results[0]["delegate"]["name"] == "Đặng Thị Ánh"
    assert results[1]["first_checkin"]["at"] == at
    assert results[3]["error"] == results[4]["error"] == "Unknown registration."
    assert "registration_id" in results[5]["error"]
    assert "scanned_at" in results[6]["error"]
    first = Scan.objects.get(registration=found, is_first_entry=True)
    assert (first.nonce, first.offline, first.gate) == ("n1", True, gate)
    assert first.raw_code == payload(found)
    # A retried upload answers the same and records nothing new.
    assert again == results[:3]
    assert Scan.objects.count() == 3


def test_batch_over_500_items_is_400(api):
    scans = [{"code": "x", "nonce": str(n)} for n in range(501)]

    response = api.post(BATCH, {"scans": scans})

    assert response.status_code == 400
    assert Scan.objects.count() == 0


@pytest.mark.parametrize("body", [{}, {"scans": "x"}, {"scans": {"code": "x"}}, "[]"])
def test_batch_body_must_hold_a_list(api, body):
    assert api.post(BATCH, body).status_code == 400


# --- Search and manual check-in ------------------------------------------------------------------


def test_search_ignores_accents_and_case(api, edition):
    approved(edition, "Nguyễn Văn An")
    approved(edition, "Đặng Thị Ánh")
    approved(edition, "Trần Quốc Bảo")

    assert [r["name"] for r in api.get(SEARCH, q="nguyen van an").json()] == ["Nguyễn Văn An"]
    assert [r["name"] for r in api.get(SEARCH, q="DANG").json()] == ["Đặng Thị Ánh"]
    assert api.get(SEARCH, q="a").json() == []


def test_search_result_fields(api, edition):
    delegate = approved(edition, "Nguyễn Văn An", honorific="TS.")

    results = api.get(SEARCH, q="an").json()

    assert results == [
        {
            "registration_id": delegate.pk,
            "name": "Nguyễn Văn An",
            "title": "TS.",
            "organisation": "Công ty Cổ phần MISA",
            "type_label": "Doanh nghiệp",
            "status": "approved",
            "checked_in": False,
        }
    ]


@pytest.mark.parametrize("typed", ["0912345678", "0912 345 678", "+84912345678", "84912345678"])
def test_search_by_phone_in_any_usual_form(api, edition, typed):
    approved(edition, "Nguyễn Văn An", phone="+84912345678")
    approved(edition, "Nguyễn Văn Bình", phone="+84987654321")

    assert [r["name"] for r in api.get(SEARCH, q=typed).json()] == ["Nguyễn Văn An"]


def test_search_returns_at_most_20(api, edition):
    for n in range(25):
        approved(edition, f"Nguyễn Văn Người {n:02d}")

    assert len(api.get(SEARCH, q="nguoi").json()) == 20


def test_search_stays_in_the_edition(api, edition):
    other = EditionFactory(slug="2024", is_current=False)
    approved(other, "Nguyễn Văn An")

    assert api.get(SEARCH, q="nguyen").json() == []


def test_manual_checkin_uses_the_same_rules(api, edition):
    delegate = approved(edition, "Nguyễn Văn An")

    first = api.post(MANUAL, {"registration_id": delegate.pk, "nonce": "m1"})
    second = api.post(MANUAL, {"registration_id": delegate.pk, "nonce": "m2"})
    replay = api.post(MANUAL, {"registration_id": delegate.pk, "nonce": "m1"})

    assert first.status_code == 200
    assert first.json()["result"] == "ok"
    assert first.json()["delegate"]["name"] == "Nguyễn Văn An"
    assert second.json()["result"] == "already_checked_in"
    assert replay.json() == first.json()
    assert Scan.objects.count() == 2
    assert api.get(SEARCH, q="an").json()[0]["checked_in"] is True


def test_manual_checkin_refuses_cancelled_and_pending(api, edition):
    cancelled = approved(edition, "Lê Văn Hủy")
    registrations.registration_cancel(registration_id=cancelled.pk)
    pending = RegistrationFactory(edition=edition, status="pending")

    assert (
        api.post(MANUAL, {"registration_id": cancelled.pk, "nonce": "a"}).json()["result"]
        == "cancelled"
    )
    body = api.post(MANUAL, {"registration_id": pending.pk, "nonce": "b"}).json()
    assert body["result"] == "not_approved"
    assert body["first_checkin"] is None


def test_manual_checkin_unknown_registration_is_404(api, edition):
    other = approved(EditionFactory(slug="2024", is_current=False))

    assert api.post(MANUAL, {"registration_id": 999999, "nonce": "a"}).status_code == 404
    assert api.post(MANUAL, {"registration_id": other.pk, "nonce": "b"}).status_code == 404


@pytest.mark.parametrize(
    "body", [{"registration_id": "12", "nonce": "a"}, {"registration_id": 1}, {"nonce": "a"}]
)
def test_manual_checkin_malformed_body_is_400(api, body):
    assert api.post(MANUAL, body).status_code == 400


# --- OpenAPI -------------------------------------------------------------------------------------


def test_openapi_documents_the_scanner_api(client):
    schema = client.get("/api/v1/openapi.json").json()

    paths = schema["paths"]
    assert {
        "/api/v1/devices/pair",
        "/api/v1/checkin/me",
        "/api/v1/checkin/scan",
        "/api/v1/checkin/batch",
        "/api/v1/checkin/delegates",
        "/api/v1/checkin/search",
        "/api/v1/checkin/manual",
    } <= set(paths)
    scan = paths["/api/v1/checkin/scan"]["post"]
    assert {"200", "400", "401"} <= set(scan["responses"])
    assert {"DeviceToken": []} in scan["security"]
    schemes = schema["components"]["securitySchemes"]
    assert schemes["DeviceToken"] == {"type": "http", "scheme": "bearer"}
    assert schemes["StaffSession"]["in"] == "cookie"
    result = schema["components"]["schemas"]["ScanOut"]["properties"]["result"]
    assert set(result["enum"]) == {
        "ok",
        "already_checked_in",
        "invalid",
        "not_approved",
        "cancelled",
        "revoked",
    }
    assert "/api/v1/bench/reference" not in paths


# --- Gates ---------------------------------------------------------------------------------------

GATES = "/api/v1/checkin/gates"


def test_gates_lists_the_open_gates_of_the_edition_for_staff(client, door_staff, gate, edition):
    devices.gate_create(edition=edition, code="vip", name="Cổng VIP", kind="vip")
    devices.gate_create(edition=edition, code="b", name="Cổng B")
    closed = devices.gate_create(edition=edition, code="c", name="Cổng C")
    closed.is_active = False
    closed.save()
    devices.gate_create(edition=EditionFactory(slug="2024", is_current=False), code="z", name="Cũ")

    response = client.get(GATES)

    assert response.status_code == 200
    assert response.json() == [
        {"code": "a", "name": "Cổng A", "kind": "entrance"},
        {"code": "b", "name": "Cổng B", "kind": "entrance"},
        {"code": "vip", "name": "Cổng VIP", "kind": "vip"},
    ]


def test_gates_for_a_device_are_those_of_its_edition(api, gate):
    assert api.get(GATES).json() == [{"code": "a", "name": "Cổng A", "kind": "entrance"}]


def test_gates_without_credentials_is_401(client, gate):
    assert client.get(GATES).status_code == 401


def test_staff_session_batch_is_recorded_at_the_chosen_gate(csrf_client, door_staff, gate, edition):
    gate_b = devices.gate_create(edition=edition, code="b", name="Cổng B")
    code = payload(approved(edition))

    response = csrf_client.post(
        BATCH,
        {"gate": "b", "scans": [{"code": code, "nonce": "n1"}]},
        content_type="application/json",
        headers=_csrf(csrf_client),
    )

    assert response.status_code == 200
    assert response.json()["results"][0]["result"] == "ok"
    scan = Scan.objects.get()
    assert (scan.gate, scan.staff, scan.offline) == (gate_b, door_staff, True)


def test_openapi_documents_the_gate_list(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert {"DeviceToken": []} in paths["/api/v1/checkin/gates"]["get"]["security"]


def test_no_api_docs_page_that_would_load_a_cdn(client):
    assert client.get("/api/v1/docs").status_code == 404
    assert client.get("/api/v1/openapi.json").status_code == 200
