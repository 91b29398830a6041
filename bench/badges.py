"""Badge rendering benchmark: 1,500 approved delegates, bulk print file and e-badges vs a floor.

    python -m bench badges [--delegates 1500] [--database sqlite|postgres]
    python -m bench.badges  (the same)

Each measured phase runs in a fresh process against the same scratch database (so each has its
own peak memory) after a small warm-up render (imports, fonts):

  floor     one WeasyPrint document, N minimal pages: name and organisation in Be Vietnam Pro and
            the QR as qrcode's own SVG (SvgPathImage); QR generation included
  floor-opt the same pages with the pipeline's QR SVG (merged rectangles): shown for reference
  print     badges_print_file(): the bulk print PDF, layout a6, sorted by name, written to disk
  ebadges   ebadges_render(): all N e-badges, one file each, BadgeFile rows updated

Times are CPU seconds of the measuring process (user + system), which other load on the machine
barely moves; wall seconds are shown too. Targets: print ≤ 1.3 × floor, e-badges ≤ 2 × floor,
peak RSS ≤ 1 GiB in every phase.
"""

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, Figure, database_url, fresh_database, record

DATABASE = "forum_bench_badges"
PRINT_RATIO = 1.3
EBADGE_RATIO = 2.0
MEMORY_LIMIT_MIB = 1024
PHASES = ("floor", "floor-opt", "print", "ebadges")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench badges")
    parser.add_argument("--delegates", type=int, default=1500)
    parser.add_argument(
        "--database",
        choices=("sqlite", "postgres"),
        default="sqlite",
        help="scratch database: a temporary SQLite file, or forum_bench_badges on BENCH_POSTGRES",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _setup_django(env: dict) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
    import django

    django.setup()


def prepare(count: int) -> None:
    """Migrate, then N synthetic delegates, all approved, each with an active badge code."""
    from django.core.management import call_command

    from forum.services import edition_seed_2025
    from registration.badge_codes import payload_hash, payload_of, random_code
    from registration.models import BadgeCode, Registration
    from registration.services.demo import demo_delegates_ensure

    call_command("migrate", verbosity=0)
    edition = edition_seed_2025()
    edition.capacity = max(edition.capacity, count)
    edition.save(update_fields=["capacity"])
    demo_delegates_ensure(edition=edition, count=count)
    Registration.objects.filter(edition=edition).update(
        status=Registration.Status.APPROVED, waitlist_position=None
    )
    # The demo approves some delegates with their codes already; the others get one here.
    tokens = set(BadgeCode.objects.values_list("token", flat=True))
    codes = []
    without_code = Registration.objects.filter(edition=edition).exclude(
        pk__in=BadgeCode.objects.filter(status=BadgeCode.Status.ACTIVE).values("registration_id")
    )
    for pk in without_code.values_list("pk", flat=True):
        token = random_code(28)
        while token in tokens:
            token = random_code(28)
        tokens.add(token)
        codes.append(
            BadgeCode(
                registration_id=pk,
                token=token,
                token_hash=payload_hash(payload_of(token)),
                short_code=token[:8],
            )
        )
    BadgeCode.objects.bulk_create(codes, batch_size=500)


def _floor_pages(registrations, codes, qr) -> str:
    from django.utils.html import escape

    pages = "".join(
        f'<section><p class="name">{escape(r.full_name)}</p><p>{escape(r.organisation)}</p>'
        f'<div class="qr">{qr(codes[r.pk])}</div></section>'
        for r in registrations
    )
    return f'<!DOCTYPE html><html lang="vi"><body>{pages}</body></html>'


def _floor(naive: bool) -> int:
    from registration.badge_codes import payload_of
    from registration.models import BadgeCode, Registration
    from registration.services.badges import pdf as badge_pdf
    from registration.services.badges import qr

    def naive_qr(token: str) -> str:
        import qrcode
        import qrcode.image.svg

        image = qrcode.make(
            payload_of(token),
            image_factory=qrcode.image.svg.SvgPathImage,
            error_correction=qrcode.constants.ERROR_CORRECT_M,
            border=2,
        )
        return image.to_string(encoding="unicode").replace(' id="qr-path"', "")

    def pipeline_qr(token: str) -> str:
        return qr.qr_svg(payload_of(token))

    registrations = list(
        Registration.objects.filter(status=Registration.Status.APPROVED).order_by("sort_key")
    )
    codes = dict(
        BadgeCode.objects.filter(status=BadgeCode.Status.ACTIVE).values_list(
            "registration_id", "token"
        )
    )
    from registration.services.badges.fonts import FONT_FILES, badge_fonts_ensure

    badge_fonts_ensure()
    fonts = "".join(
        f'@font-face {{ font-family: "Be Vietnam Pro"; font-weight: {weight}; '
        f'src: url("{path.as_uri()}"); }}'
        for weight, path in FONT_FILES.items()
    )
    css = fonts + (
        '@page { size: 105mm 148mm; margin: 0 } body { font-family: "Be Vietnam Pro"; margin: 0 }'
        " section { break-after: page } .name { font-weight: 700; font-size: 20pt }"
        " .qr, .qr svg { width: 37mm; height: 37mm; display: block }"
    )
    html = _floor_pages(registrations, codes, naive_qr if naive else pipeline_qr)
    pdf = badge_pdf._write_pdf(html, css)
    return _page_count(pdf)


def _page_count(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _warm_up() -> None:
    """Imports, font loading and template compilation, outside the measurement."""
    from registration.models import Registration
    from registration.services.badges import pdf as badge_pdf

    badge_pdf.render_badges_pdf(registrations=list(Registration.objects.order_by("pk")[:4]))


def run_phase(name: str) -> dict:
    from forum.models import Edition
    from registration.models import BadgeFile, Registration
    from registration.services.badges import ebadges, print_files

    _warm_up()
    cpu_started = time.process_time()
    wall_started = time.perf_counter()
    if name in ("floor", "floor-opt"):
        pages = _floor(naive=name == "floor")
        files = 0
    elif name == "print":
        result = print_files.badges_print_file(
            edition=Edition.objects.get(is_current=True), sort="name", layout="a6"
        )
        pages = result["pages"]
        files = 1
    else:
        ids = list(Registration.objects.values_list("pk", flat=True))
        ebadges.ebadges_render(registration_ids=ids)
        files = BadgeFile.objects.count()
        pages = files
    cpu = time.process_time() - cpu_started
    wall = time.perf_counter() - wall_started
    if name == "print":
        pages = _page_count(print_files.print_file_path(result["file_id"]).read_bytes())
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"phase": name, "cpu": cpu, "wall": wall, "pages": pages, "files": files,
            "peak_mib": peak_kib / 1024}  # fmt: skip


def _child(phase: str, env: dict) -> dict:
    completed = subprocess.run(
        [sys.executable, "-m", "bench.badges", "--phase", phase],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"phase {phase} failed:\n{completed.stdout}\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


def report(results: dict, count: int, load: tuple) -> list[str]:
    floor = results["floor"]["cpu"]
    strict = results["floor-opt"]["cpu"]
    rows = [
        ("(a) floor: minimal pages, qrcode SVG", "floor", None),
        ("    floor with the pipeline's QR SVG", "floor-opt", None),
        ("(b) bulk print PDF (a6, by name)", "print", PRINT_RATIO),
        ("(c) all e-badges (one file each)", "ebadges", EBADGE_RATIO),
    ]
    print(f"machine: {_machine()}; load average before: {load[0]:.1f}")
    print(f"delegates: {count}")
    header = (
        f"{'phase':40} {'cpu s':>7} {'wall s':>7} {'ms/badge':>8} {'pages':>6} "
        f"{'x floor':>7} {'x strict':>8} {'target':>7} {'peak MiB':>8}  result"
    )
    print(header)
    print("-" * len(header))
    problems = []
    for label, key, target in rows:
        row = results[key]
        ratio = row["cpu"] / floor
        verdict = ""
        if target is not None:
            ok = ratio <= target
            verdict = "PASS" if ok else "FAIL"
            if not ok:
                problems.append(f"{key}: {ratio:.2f} x floor > {target}")
        if row["peak_mib"] > MEMORY_LIMIT_MIB:
            problems.append(f"{key}: peak {row['peak_mib']:.0f} MiB > {MEMORY_LIMIT_MIB}")
            verdict = (verdict + " MEM-FAIL").strip()
        if row["pages"] != count:
            problems.append(f"{key}: {row['pages']} pages, expected {count}")
        print(
            f"{label:40} {row['cpu']:7.1f} {row['wall']:7.1f} {row['cpu'] / count * 1000:8.1f} "
            f"{row['pages']:6d} {ratio:7.2f} {row['cpu'] / strict:8.2f} "
            f"{'≤' + format(target, '.1f') if target else '':>7} {row['peak_mib']:8.0f}  {verdict}"
        )
    print(f"memory target: peak RSS ≤ {MEMORY_LIMIT_MIB} MiB in every phase")
    return problems


def figures(results: dict, count: int) -> list[Figure]:
    floor = results["floor"]["cpu"]
    rows = []
    for key, label, target in (
        ("print", "bulk print PDF ÷ floor, CPU", PRINT_RATIO),
        ("ebadges", "all e-badges ÷ floor, CPU", EBADGE_RATIO),
    ):
        ratio = results[key]["cpu"] / floor
        rows.append(
            Figure(f"{label} ({count} badges)", f"{ratio:.2f}", f"≤ {target}", ratio <= target)
        )
    peak = max(row["peak_mib"] for row in results.values())
    rows.append(
        Figure(
            "peak memory of any phase",
            f"{peak:.0f} MiB",
            f"≤ {MEMORY_LIMIT_MIB} MiB",
            peak <= MEMORY_LIMIT_MIB,
        )
    )
    pages = sorted({row["pages"] for row in results.values()})
    rows.append(
        Figure(
            "pages in every phase",
            " or ".join(str(n) for n in pages),
            f"{count} each",
            pages == [count],
        )
    )
    return rows


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.phase:
        _setup_django({})
        print(json.dumps(run_phase(args.phase)))
        return 0
    load = os.getloadavg()
    started = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix="forum-bench-badges-"))
    if args.database == "postgres":
        url = database_url(DATABASE)
        fresh_database(url)
    else:
        url = f"sqlite:///{scratch / 'bench.sqlite3'}"
    env = {
        "DATABASE_URL": url,
        "DJANGO_PRIVATE_ROOT": str(scratch / "private"),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-badges-not-secret",
        "DJANGO_LOG_LEVEL": "WARNING",
        "REDIS_URL": "",
        "EMAIL_URL": "dummymail://",
    }
    print(f"preparing {args.delegates} approved delegates in {url} ...", flush=True)
    _setup_django(env)
    prepare(args.delegates)
    from django.db import connections

    connections.close_all()
    results = {}
    for phase in PHASES:
        print(f"measuring {phase} ...", flush=True)
        results[phase] = _child(phase, env)
    problems = report(results, args.delegates, load)
    record(figures(results, args.delegates), load=load[0])
    print(f"took {time.monotonic() - started:.0f} s")
    if args.keep:
        print(f"scratch kept in {scratch}")
    else:
        shutil.rmtree(scratch, ignore_errors=True)
    if problems:
        print("FAILED: " + "; ".join(problems))
        return 1
    print("OK: every target met")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
