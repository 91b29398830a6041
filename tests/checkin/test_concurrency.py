"""First entries under concurrent scanning, on PostgreSQL with real threads.

Every thread has its own database connection (closed when it ends). The first test sends the
same badge from 50 clients released together through the HTTP API; the second scans 1,500 badges
twice each, at random, from 16 threads across three gates, through the check-in service; the
third mixes online scans with offline uploads of earlier scans of one badge. The control removes
the guard of online scans (the partial unique index that the first-entry insert claims) and shows
the duplicate first entries it prevents.
"""

import datetime as dt
import queue
import random
import threading
import time
import uuid
from collections import Counter

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from checkin.models import Scan
from checkin.services import devices
from checkin.services import scan_records as records
from checkin.services import scans as checkin
from registration.services.demo import approved_with_codes_bulk

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 50
DELEGATES = 1500
THREADS = 16
JOIN_TIMEOUT = 120


@pytest.fixture
def scanners(edition):
    """Three gates with one paired device each: (device, token) pairs."""
    paired = []
    for code in ("a", "b", "vip"):
        gate = devices.gate_create(edition=edition, code=code, name=f"Cổng {code.upper()}")
        paired.append(devices.device_create_paired(gate=gate, name=f"Máy {code}"))
    return paired


def approved_with_codes(edition, count: int) -> list[str]:
    """`count` approved registrations with active codes (bulk); returns their QR payloads."""
    return [payload for _id, payload in approved_with_codes_bulk(edition=edition, count=count)]


def run_threads(count: int, target) -> list[BaseException]:
    errors: list[BaseException] = []
    lock = threading.Lock()

    def wrapped(index):
        try:
            target(index)
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=wrapped, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a client thread hung"
    return errors


def scan_together(code: str, scanners) -> tuple[Counter, list[BaseException]]:
    """CLIENTS HTTP clients, spread over the devices, post the same code at the same moment."""
    barrier = threading.Barrier(CLIENTS)
    results: Counter = Counter()
    lock = threading.Lock()

    def client(index):
        _device, token = scanners[index % len(scanners)]
        http = Client()
        barrier.wait(timeout=JOIN_TIMEOUT)
        response = http.post(
            "/api/v1/checkin/scan",
            {"code": code, "nonce": uuid.uuid4().hex},
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
        with lock:
            results[response.json()["result"] if response.status_code == 200 else "HTTP"] += 1

    return results, run_threads(CLIENTS, client)


def test_same_badge_from_50_clients_enters_once(edition, scanners):
    [code] = approved_with_codes(edition, 1)

    results, errors = scan_together(code, scanners)

    assert errors == []
    assert results == Counter({"ok": 1, "already_checked_in": CLIENTS - 1})
    assert Scan.objects.count() == CLIENTS
    assert Scan.objects.filter(is_first_entry=True).count() == 1


def test_1500_badges_scanned_at_random_across_three_gates_enter_once_each(edition, scanners):
    codes = approved_with_codes(edition, DELEGATES)
    jobs = codes * 2  # every badge shown twice, at any gate, in any order
    random.Random(30).shuffle(jobs)
    todo: queue.SimpleQueue = queue.SimpleQueue()
    for code in jobs:
        todo.put(code)
    barrier = threading.Barrier(THREADS)
    results: Counter = Counter()
    lock = threading.Lock()

    def client(index):
        rng = random.Random(index)
        barrier.wait(timeout=JOIN_TIMEOUT)
        while True:
            try:
                code = todo.get_nowait()
            except queue.Empty:
                return
            device, _token = rng.choice(scanners)
            outcome = checkin.checkin_perform(
                edition_id=edition.pk,
                raw_code=code,
                nonce=uuid.uuid4().hex,
                source_key=f"d{device.pk}",
                device=device,
                gate=device.gate,
            )
            with lock:
                results[outcome.result] += 1

    errors = run_threads(THREADS, client)

    assert errors == []
    assert results == Counter({"ok": DELEGATES, "already_checked_in": DELEGATES})
    firsts = Scan.objects.filter(is_first_entry=True)
    assert firsts.count() == DELEGATES
    assert firsts.values("registration").distinct().count() == DELEGATES
    assert Scan.objects.count() == 2 * DELEGATES
    assert set(firsts.values_list("gate__code", flat=True)) == {"a", "b", "vip"}


def test_online_scans_and_offline_uploads_of_one_badge_keep_the_earliest_scan(edition, scanners):
    """Online scans (which claim the first entry through the index) and offline uploads (which
    lock the registration and may move the first entry to an earlier scan) of one badge at once:
    no error, every scan recorded, and one first entry, the earliest offline scan."""
    [code] = approved_with_codes(edition, 1)
    now = timezone.now()
    # Offline scans made 10 to 35 minutes ago, each at its own time, uploaded in random order.
    offline_times = [now - dt.timedelta(minutes=10, seconds=60 * n) for n in range(CLIENTS // 2)]
    random.Random(5).shuffle(offline_times)
    barrier = threading.Barrier(CLIENTS)
    results: Counter = Counter()
    lock = threading.Lock()

    def client(index):
        device, _token = scanners[index % len(scanners)]
        offline = index % 2 == 1
        barrier.wait(timeout=JOIN_TIMEOUT)
        outcome = checkin.checkin_perform(
            edition_id=edition.pk,
            raw_code=code,
            nonce=f"n{index}",
            source_key=f"d{device.pk}",
            device=device,
            gate=device.gate,
            scanned_at=offline_times[index // 2] if offline else None,
            offline=offline,
        )
        with lock:
            results[("offline" if offline else "online", outcome.result)] += 1

    errors = run_threads(CLIENTS, client)

    assert errors == []
    assert Scan.objects.count() == CLIENTS
    assert sum(results.values()) == CLIENTS
    assert {result for _mode, result in results} <= {"ok", "already_checked_in"}
    [first] = Scan.objects.filter(is_first_entry=True)
    assert (first.offline, first.scanned_at) == (True, min(offline_times))
    # Every first entry that gave way is a flagged re-entry: no other scan is left "ok".
    assert not Scan.objects.filter(result="ok", is_first_entry=False).exists()
    replaced = Scan.objects.filter(superseded_at__isnull=False)
    assert set(replaced.values_list("result", flat=True)) <= {"already_checked_in"}
    # Each "ok" answered was a first entry when given: it is now first, or flagged as replaced.
    answered_ok = sum(n for (_mode, result), n in results.items() if result == "ok")
    assert answered_ok == 1 + replaced.count()


@pytest.mark.parametrize("offline", [False, True], ids=["online", "offline"])
def test_one_request_retried_by_20_clients_at_once_is_recorded_once(edition, scanners, offline):
    """A phone that resends a scan (lost answer, flaky Wi-Fi) with the same nonce, many times at
    the same moment: one scan row, and every answer is that scan's."""
    [code] = approved_with_codes(edition, 1)
    device, _token = scanners[0]
    barrier = threading.Barrier(20)
    outcomes = []
    lock = threading.Lock()

    def client(_index):
        barrier.wait(timeout=JOIN_TIMEOUT)
        outcome = checkin.checkin_perform(
            edition_id=edition.pk,
            raw_code=code,
            nonce="same-nonce",
            source_key=f"d{device.pk}",
            device=device,
            gate=device.gate,
            scanned_at=timezone.now() - dt.timedelta(minutes=5) if offline else None,
            offline=offline,
        )
        with lock:
            outcomes.append(outcome)

    errors = run_threads(20, client)

    assert errors == []
    [scan] = Scan.objects.all()
    assert (scan.result, scan.is_first_entry, scan.offline) == ("ok", True, offline)
    assert {outcome.scan.pk for outcome in outcomes} == {scan.pk}
    assert {outcome.result for outcome in outcomes} == {"ok"}
    assert sum(not outcome.replayed for outcome in outcomes) == 1


def test_upload_that_loses_the_first_entry_to_an_online_scan_decides_again(
    edition, scanners, monkeypatch
):
    """An upload has locked the delegate and read "no first entry"; an online scan (which does
    not wait for that lock) records the first entry meanwhile. The upload's insert is refused by
    the index; it reads again and, being earlier, takes the first entry over. No deadlock: the
    upload's lock does not block the online insert's foreign-key check."""
    [code] = approved_with_codes(edition, 1)
    (device_a, _), (device_b, _), _vip = scanners
    upload_has_read = threading.Event()
    online_done = threading.Event()
    real_first_entry = records.first_entry_of

    def first_entry_then_let_online_in(registration_id):
        found = real_first_entry(registration_id)
        if not upload_has_read.is_set():
            upload_has_read.set()
            assert online_done.wait(timeout=30), "the online scan was blocked by the upload"
        return found

    monkeypatch.setattr(records, "first_entry_of", first_entry_then_let_online_in)
    outcomes = {}
    earlier = timezone.now() - dt.timedelta(minutes=20)

    def upload():
        outcomes["upload"] = checkin.checkin_perform(
            edition_id=edition.pk,
            raw_code=code,
            nonce="offline-1",
            source_key=f"d{device_a.pk}",
            device=device_a,
            gate=device_a.gate,
            scanned_at=earlier,
            offline=True,
        )

    def online():
        assert upload_has_read.wait(timeout=30)
        try:
            outcomes["online"] = checkin.checkin_perform(
                edition_id=edition.pk,
                raw_code=code,
                nonce="online-1",
                source_key=f"d{device_b.pk}",
                device=device_b,
                gate=device_b.gate,
            )
        finally:
            online_done.set()

    errors = run_threads(2, lambda index: (upload, online)[index]())

    assert errors == []
    assert (outcomes["online"].result, outcomes["upload"].result) == ("ok", "ok")
    [first] = Scan.objects.filter(is_first_entry=True)
    assert (first.nonce, first.scanned_at) == ("offline-1", earlier)
    # The online scan was let in, then replaced by the earlier upload: a flagged re-entry.
    replaced = Scan.objects.get(nonce="online-1")
    assert (replaced.result, replaced.superseded_at is not None) == ("already_checked_in", True)


def test_control_without_the_index_records_several_first_entries(edition, scanners, monkeypatch):
    [code] = approved_with_codes(edition, 1)
    constraint = next(c for c in Scan._meta.constraints if c.name == "scan_one_first_entry")
    real_find_code = records.code_lookup

    def find_code_then_pause(raw_code, edition_id):
        found = real_find_code(raw_code, edition_id)
        # Deliberate delay, in the control only: widen the window between "no first entry yet"
        # and the insert, so that the race shows on every run rather than most runs.
        time.sleep(0.05)
        return found

    monkeypatch.setattr(records, "code_lookup", find_code_then_pause)
    with connection.schema_editor() as editor:
        editor.remove_constraint(Scan, constraint)
    try:
        results, errors = scan_together(code, scanners)
        firsts = Scan.objects.filter(is_first_entry=True).count()
    finally:
        Scan.objects.all().delete()
        with connection.schema_editor() as editor:
            editor.add_constraint(Scan, constraint)

    assert errors == []
    assert firsts > 1
    assert results["ok"] > 1
