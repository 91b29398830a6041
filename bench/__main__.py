"""Run the benchmarks: `python -m bench` (all) or `python -m bench NAME [options]` (one).

After the run, the figures of every benchmark that ran are written into the summary table of
docs/performance.md (bench/summary.py); `--no-summary` leaves the page alone.
"""

import datetime as dt
import importlib
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import RESULT_FILE
from bench.summary import Result, write_summary

BENCHES = {
    "registration_burst": "bench.registration_burst",
    "badges": "bench.badges",
    "checkin": "bench.checkin",
    "showcase": "bench.showcase",
    "agenda": "bench.agenda",
    "awards": "bench.awards",
}
PYTHON = ".venv/bin/python"


def command(name: str, options: list[str]) -> str:
    """How to run one benchmark again, as the summary shows it."""
    return shlex.join([PYTHON, "-m", "bench", name, *options])


def run_one(name: str, options: list[str], *, in_process: bool, result_file: Path) -> int:
    if in_process:
        print(f"== {name} ==", flush=True)
        # Run by `python -m bench` for all of them, the file is the one the parent gave.
        inherited = os.environ.get(RESULT_FILE)
        os.environ[RESULT_FILE] = inherited or str(result_file)
        module = importlib.import_module(BENCHES[name])
        try:
            return module.main(options)
        except SystemExit as exit:  # argparse's --help or a usage error
            return exit.code if isinstance(exit.code, int) else 2
        finally:
            if not inherited:
                os.environ.pop(RESULT_FILE, None)
    # Each benchmark sets Django up against its own database: a fresh interpreter apiece.
    return subprocess.run(
        [sys.executable, "-m", "bench", name, "--no-summary", *options],
        env={**os.environ, RESULT_FILE: str(result_file)},
    ).returncode


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print("usage: python -m bench [--no-summary] [NAME [options]]")
        print("benchmarks: " + ", ".join(BENCHES))
        return 0
    summary = "--no-summary" not in argv
    argv = [arg for arg in argv if arg != "--no-summary"]
    if argv and not argv[0].startswith("-"):
        name, options = argv[0], argv[1:]
        if name not in BENCHES:
            print(f"unknown benchmark {name!r}; known: {', '.join(BENCHES)}", file=sys.stderr)
            return 2
        selected = [(name, options)]
    else:
        selected = [(name, argv) for name in BENCHES]
    failed = []
    results = []
    with tempfile.TemporaryDirectory(prefix="forum-bench-results-") as folder:
        for name, options in selected:
            result_file = Path(folder) / f"{name}.json"
            status = run_one(name, options, in_process=len(selected) == 1, result_file=result_file)
            if status != 0:
                failed.append(name)
            if status != 0 or result_file.exists():  # not for --help
                results.append(
                    Result.read(
                        name=name,
                        command=command(name, options),
                        status=status,
                        path=result_file,
                        date=dt.date.today(),
                    )
                )
    if summary and results:
        write_summary(results, order=list(BENCHES))
        print("summary written to docs/performance.md")
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
