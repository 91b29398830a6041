"""First entries under concurrent scanning, on PostgreSQL with real threads.

Every thread has its own database connection (closed when it ends). The first test sends the
same badge from 50 clients released together through the HTTP API; the second scans 1,500 badges
twice each, at random, from 16 threads across three gates, through the check-in service. The
control removes both guards (the registration row lock and the partial unique index) and shows
the duplicate first entries they prevent.
"""

import queue
import random
import threading
import time
import uuid
from collections import Counter

import pytest
from django.db import connection
from django.test import Client

from registration.models import Scan
from registration.services import checkin, devices
from registration.services.demo import approved_with_codes_bulk
from tests.factories import EditionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 50
DELEGATES = 1500
THREADS = 16
JOIN_TIMEOUT = 120


@pytest.fixture
def edition():
    return EditionFactory(slug="2025")


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


def test_control_without_lock_and_index_records_several_first_entries(
    edition, scanners, monkeypatch
):
    [code] = approved_with_codes(edition, 1)
    constraint = next(c for c in Scan._meta.constraints if c.name == "scan_one_first_entry")
    real_first_entry = checkin._first_entry

    def first_entry_then_pause(registration_id):
        found = real_first_entry(registration_id)
        # Deliberate delay, in the control only: widen the window between "no first entry yet"
        # and the insert, so that the race shows on every run rather than most runs.
        time.sleep(0.05)
        return found

    monkeypatch.setattr(checkin, "_lock_registration", lambda registration_id: None)
    monkeypatch.setattr(checkin, "_first_entry", first_entry_then_pause)
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
