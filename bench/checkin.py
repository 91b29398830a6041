"""Check-in throughput: 16 scanner clients against gunicorn + PostgreSQL, one load generator (wrk).

Builds a fresh PostgreSQL database with 1,500 approved delegates holding badge codes (and 100
more used only to warm the server up), three gates and six paired scanner devices, starts
gunicorn on a loopback port with the reference endpoint routed in (bench.settings), and runs wrk
with a Lua script, 16 connections, in alternating slots of a fixed time:

- reference: `POST /api/v1/bench/reference`, raw SQL in one transaction that locks a
  registration row (SELECT ... FOR UPDATE) and inserts one scan row: the floor of the database
  work a scan needs, behind the same server and framework;
- scan: `POST /api/v1/checkin/scan` with a device token, a fresh nonce per request and the
  delegates' codes in turn, each slot going on where the previous one stopped (each wrk thread
  walks its own share, so codes repeat only once all 1,500 have been used: those repeats are the
  duplicates, answered "already checked in").

The slots go reference, scan, reference, scan, …, reference: every scan slot is bracketed by
reference slots, so that a change in the machine's speed during the run (other work on a shared
machine) weighs on both endpoints alike. Each endpoint's throughput is its requests over its time
in all its slots; its p99 is the mean of its slots' p99, weighted by requests.

It passes when no request fails, every delegate scanned has exactly one first entry, no scan is
refused as invalid, scan throughput is at least half the reference's and scan p99 latency at
most twice the reference's.

    python -m bench checkin [--rounds 4 --seconds 8 --connections 16 --wrk-threads 2 ...]
"""

import argparse
import datetime as dt
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import (
    LOOPBACK,
    SETTINGS_WITH_REFERENCE,
    Figure,
    Server,
    database_url,
    django_setup,
    fresh_database,
    record,
    request,
    server_env,
    verdict,
)
from bench.wrk import WrkResult, ensure_wrk, run_wrk, write_script

DATABASE = "forum_bench_checkin"
DELEGATES = 1500
WARM_UP_DELEGATES = 100
GATES = ("a", "b", "vip")
DEVICES_PER_GATE = 2
THROUGHPUT_FLOOR = 0.5  # scan throughput ≥ this × reference
P99_CEILING = 2.0  # scan p99 ≤ this × reference p99


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench checkin")
    parser.add_argument("--delegates", type=int, default=DELEGATES)
    parser.add_argument("--rounds", type=int, default=4, help="scan slots (reference: one more)")
    parser.add_argument("--seconds", type=int, default=8, help="duration of each slot")
    parser.add_argument("--connections", type=int, default=16, help="concurrent clients")
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    return parser.parse_args(argv)


def prepare(*, delegates: int) -> dict:
    """Migrate and create the edition, gates, devices and delegates with codes."""
    from django.core.management import call_command

    from checkin.services import devices
    from forum.models import Edition

    call_command("migrate", verbosity=0, interactive=False)
    edition = Edition.objects.create(
        slug="bench-2025",
        name="Diễn đàn quốc gia về phát triển doanh nghiệp công nghệ số Việt Nam 2025",
        starts_at=dt.datetime(2025, 12, 30, 6, 30, tzinfo=dt.UTC),
        ends_at=dt.datetime(2025, 12, 30, 10, 30, tzinfo=dt.UTC),
        venue="Trung tâm Hội nghị Quốc gia",
        capacity=delegates + WARM_UP_DELEGATES,
        is_current=True,
    )
    tokens = []
    for code in GATES:
        gate = devices.gate_create(edition=edition, code=code, name=f"Cổng {code.upper()}")
        for n in range(DEVICES_PER_GATE):
            tokens.append(devices.device_create_paired(gate=gate, name=f"Máy {code}{n}")[1])
    total = delegates + WARM_UP_DELEGATES
    from registration.services.demo import approved_with_codes_bulk

    pairs = approved_with_codes_bulk(edition=edition, count=total)
    ids = [pk for pk, _payload in pairs]
    payloads = [payload for _pk, payload in pairs]
    return {
        "edition_id": edition.pk,
        "tokens": tokens,
        "payloads": payloads[:delegates],
        "warm_payloads": payloads[delegates:],
        "registration_ids": ids[:delegates],
        "warm_ids": ids[delegates:],
    }


def check_database(*, edition_id: int, registration_ids: list[int]) -> dict:
    from django.db.models import Count

    from checkin.models import Scan

    scans = Scan.objects.filter(edition_id=edition_id, registration_id__in=registration_ids)
    by_device = scans.exclude(source_key="bench")
    results = dict(by_device.values_list("result").annotate(n=Count("id")))
    return {
        "scans": by_device.count(),
        "results": results,
        "first_entries": by_device.filter(is_first_entry=True).count(),
        "delegates_scanned": by_device.values("registration_id").distinct().count(),
        "registrations_with_two_firsts": by_device.filter(is_first_entry=True)
        .values("registration_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count(),
        "reference_rows": scans.filter(source_key="bench").count(),
    }


@dataclass
class Totals:
    """One endpoint over all its slots."""

    requests: int
    seconds: float
    p99: float  # the slots' p99, weighted by their requests

    @classmethod
    def of(cls, slots: list[WrkResult]) -> "Totals":
        requests = sum(slot.requests for slot in slots)
        return cls(
            requests=requests,
            seconds=sum(slot.seconds for slot in slots),
            p99=sum(slot.p99 * slot.requests for slot in slots) / requests if requests else 0.0,
        )

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def report(*, args, phases: list[WrkResult], counts: dict, load) -> tuple[float, float]:
    ref = Totals.of([p for p in phases if p.name.startswith("reference")])
    scan = Totals.of([p for p in phases if p.name.startswith("scan")])
    print()
    print(
        f"{args.delegates} delegates, {args.connections} connections (wrk, {args.wrk_threads} "
        f"threads), {args.rounds} scan slots between {args.rounds + 1} reference slots of "
        f"{args.seconds} s, gunicorn {args.workers} workers × {args.threads} threads, "
        f"PostgreSQL, {os.cpu_count()} CPUs, load before {load[0]:.2f}"
    )
    header = f"{'slot':<16}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p90 ms':>9}"
    header += f"{'p99 ms':>9}{'max ms':>9}{'errors':>8}"
    print(header)
    print("-" * len(header))
    for p in phases:
        print(
            f"{p.name:<16}{p.requests:>9}{p.throughput:>9.0f}{p.p50:>9.1f}{p.p90:>9.1f}"
            f"{p.p99:>9.1f}{p.max:>9.1f}{p.errors:>8}"
        )
    print("-" * len(header))
    for name, totals in (("reference", ref), ("scan", scan)):
        print(
            f"{name + ' (all)':<16}{totals.requests:>9}{totals.throughput:>9.0f}{'':>18}"
            f"{totals.p99:>9.1f}"
        )
    # Each scan slot against the mean of the two reference slots around it: how much the
    # ratio moves within the run.
    per_round = []
    for index in range(1, len(phases) - 1, 2):
        before, slot, after = phases[index - 1], phases[index], phases[index + 1]
        around = (before.throughput + after.throughput) / 2
        per_round.append(slot.throughput / around if around else 0.0)
    rps_ratio = scan.throughput / ref.throughput if ref.throughput else 0.0
    p99_ratio = scan.p99 / ref.p99 if ref.p99 else float("inf")
    print()
    print(
        f"scan / reference: throughput {rps_ratio:.2f} (target ≥ {THROUGHPUT_FLOOR}), "
        f"p99 {p99_ratio:.2f} (target ≤ {P99_CEILING}); throughput by round "
        + ", ".join(f"{ratio:.2f}" for ratio in per_round)
    )
    results = counts["results"]
    print(
        f"scans recorded {counts['scans']}: ok {results.get('ok', 0)}, duplicates (same code "
        f"again, already_checked_in) {results.get('already_checked_in', 0)}, other "
        f"{counts['scans'] - results.get('ok', 0) - results.get('already_checked_in', 0)}; "
        f"first entries {counts['first_entries']} for {counts['delegates_scanned']} "
        f"delegates scanned"
    )
    return rps_ratio, p99_ratio


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    load = os.getloadavg()
    wrk = ensure_wrk()
    url = database_url(DATABASE)
    print(f"preparing {url} ...", flush=True)
    fresh_database(url)
    django_setup(url)
    data = prepare(delegates=args.delegates)
    from django.db import connection

    connection.close()

    work = Path(tempfile.mkdtemp(prefix="forum-bench-checkin-"))
    scripts = {
        f"warm-up {mode}": write_script(
            work,
            name=f"warm_{mode}",
            mode=mode,
            items=data[items],
            tokens=data["tokens"],
            threads=args.wrk_threads,
        )
        for mode, items in (("reference", "warm_ids"), ("scan", "warm_payloads"))
    }
    env = server_env(url, DJANGO_SETTINGS_MODULE=SETTINGS_WITH_REFERENCE)
    server = Server(
        env=env, workers=args.workers, threads=args.threads, log_path=work / "gunicorn.log"
    )
    server.env["SITE_URL"] = f"http://{LOOPBACK}:{server.port}"
    problems: list[str] = []
    with server:
        print(f"gunicorn on {LOOPBACK}:{server.port}, log {server.log_path}", flush=True)
        probe = request(
            server.port,
            "POST",
            "/api/v1/checkin/scan",
            headers={
                "Authorization": f"Bearer {data['tokens'][0]}",
                "Content-Type": "application/json",
            },
            body=b'{"code": "not a badge", "nonce": "probe"}',
        )
        if probe.status != 200 or json.loads(probe.body)["result"] != "invalid":
            raise RuntimeError(f"scan probe failed: HTTP {probe.status} {probe.body[:200]!r}")
        warm = argparse.Namespace(**{**vars(args), "seconds": 3})
        for name in ("warm-up reference", "warm-up scan"):
            run_wrk(wrk, name, scripts[name], server.port, warm)
        phases: list[WrkResult] = []
        sent = {"reference": 0, "scan": 0}  # each slot goes on where the last one stopped
        for slot in range(2 * args.rounds + 1):
            mode = "reference" if slot % 2 == 0 else "scan"
            name = f"{mode} {slot // 2 + 1}"
            script = write_script(
                work,
                name=name.replace(" ", "_"),
                mode=mode,
                items=data["payloads" if mode == "scan" else "registration_ids"],
                tokens=data["tokens"],
                threads=args.wrk_threads,
                start=sent[mode],
            )
            phases.append(run_wrk(wrk, name, script, server.port, args))
            sent[mode] += phases[-1].requests
    django_setup(url)
    counts = check_database(
        edition_id=data["edition_id"], registration_ids=data["registration_ids"]
    )
    rps_ratio, p99_ratio = report(args=args, phases=phases, counts=counts, load=load)

    scan_slots = [phase for phase in phases if phase.name.startswith("scan")]
    scanned = sum(slot.requests for slot in scan_slots)
    for phase in phases:
        if phase.errors:
            problems.append(f"{phase.name}: {phase.errors} failed requests")
    results = counts["results"]
    if set(results) - {"ok", "already_checked_in"}:
        problems.append(f"unexpected scan results: {results}")
    # wrk stops counting at each slot's deadline; requests still in flight then are recorded too.
    if not scanned <= counts["scans"] <= scanned + args.connections * len(scan_slots):
        problems.append(f"{scanned} scans answered but {counts['scans']} recorded")
    if (
        counts["first_entries"] != counts["delegates_scanned"]
        or results.get("ok", 0) != counts["first_entries"]
    ):
        problems.append("first entries do not match the delegates scanned")
    if counts["registrations_with_two_firsts"]:
        problems.append(f"{counts['registrations_with_two_firsts']} delegates entered twice")
    if scanned >= 2 * args.delegates and counts["delegates_scanned"] != args.delegates:
        problems.append(f"only {counts['delegates_scanned']} of {args.delegates} codes scanned")
    if rps_ratio < THROUGHPUT_FLOOR:
        problems.append(f"throughput {rps_ratio:.2f} × reference < {THROUGHPUT_FLOOR}")
    if p99_ratio > P99_CEILING:
        problems.append(f"p99 {p99_ratio:.2f} × reference > {P99_CEILING}")
    entries_exact = (
        counts["first_entries"] == counts["delegates_scanned"] == results.get("ok", 0)
        and not counts["registrations_with_two_firsts"]
    )
    record(
        [
            Figure(
                "scan ÷ reference, throughput",
                f"{rps_ratio:.2f}",
                f"≥ {THROUGHPUT_FLOOR}",
                rps_ratio >= THROUGHPUT_FLOOR,
            ),
            Figure(
                "scan ÷ reference, p99",
                f"{p99_ratio:.2f}",
                f"≤ {P99_CEILING}",
                p99_ratio <= P99_CEILING,
            ),
            Figure(
                "first entries (one per delegate scanned)",
                f"{counts['first_entries']} for {counts['delegates_scanned']}",
                "equal, none twice",
                entries_exact,
            ),
            Figure.failed_requests(sum(phase.errors for phase in phases)),
        ],
        load=load[0],
    )
    return verdict(
        problems,
        started=started,
        ok="zero errors, one first entry per delegate, targets met",
        keep=work,
        shown=f"server log and scripts: {work}",
    )


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
