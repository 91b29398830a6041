"""Run the benchmarks: `python -m bench` (all) or `python -m bench NAME [options]` (one)."""

import importlib
import subprocess
import sys

BENCHES = {
    "registration_burst": "bench.registration_burst",
    "badges": "bench.badges",
    "checkin": "bench.checkin",
    "showcase": "bench.showcase",
    "agenda": "bench.agenda",
    "awards": "bench.awards",
}


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print("usage: python -m bench [NAME [options]]")
        print("benchmarks: " + ", ".join(BENCHES))
        return 0
    if argv and not argv[0].startswith("-"):
        name, options = argv[0], argv[1:]
        if name not in BENCHES:
            print(f"unknown benchmark {name!r}; known: {', '.join(BENCHES)}", file=sys.stderr)
            return 2
        selected = [(name, options)]
    else:
        selected = [(name, argv) for name in BENCHES]
    failed = []
    for name, options in selected:
        print(f"== {name} ==", flush=True)
        if len(selected) == 1:
            module = importlib.import_module(BENCHES[name])
            status = module.main(options)
        else:
            # Each benchmark sets Django up against its own database: a fresh interpreter apiece.
            status = subprocess.run([sys.executable, "-m", "bench", name, *options]).returncode
        if status != 0:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
