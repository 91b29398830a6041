"""CPU per request of a scan and of the check-in benchmark's reference, one at a time.

A diagnostic beside `python -m bench checkin` (no target, no load): it builds the same
database (`forum_bench_checkin_cost`), then sends N scans and N reference requests through
Django's WSGI handler in this process, one after the other, and prints for each the CPU time of
this process (the Python side: middleware, framework, driver) and of the PostgreSQL backend
serving it (read from /proc, so only for a server on this machine), per request. The reference
is measured before and after the scans.

    python -m bench.checkin_cost [--requests 300]
"""

import argparse
import io
import json
import os
import sys
import time

from bench.checkin import prepare
from bench.common import (
    LOOPBACK,
    SETTINGS_WITH_REFERENCE,
    database_url,
    django_setup,
    fresh_database,
    server_env,
)

DATABASE = "forum_bench_checkin_cost"


def backend_cpu_seconds() -> float | None:
    """CPU time used so far by this connection's PostgreSQL backend, None when unreadable."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.checkin_cost")
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args(argv)
    count = args.requests

    url = database_url(DATABASE)
    os.environ.update(server_env(url, DJANGO_SETTINGS_MODULE=SETTINGS_WITH_REFERENCE))
    print(f"preparing {url} ...", flush=True)
    fresh_database(url)
    django_setup(url)
    data = prepare(delegates=2 * count)
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    token = data["tokens"][0]

    def post(path: str, body: dict, *, bearer: str | None = None) -> None:
        raw = json.dumps(body).encode()
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": path,
            "SERVER_NAME": LOOPBACK,
            "SERVER_PORT": "80",
            "HTTP_HOST": LOOPBACK,
            "SERVER_PROTOCOL": "HTTP/1.1",
            "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(raw)),
            "wsgi.input": io.BytesIO(raw),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
        }
        if bearer:
            environ["HTTP_AUTHORIZATION"] = f"Bearer {bearer}"
        status: list[str] = []
        answer = b"".join(handler(environ, lambda line, headers, *_: status.append(line)))
        if not status[0].startswith("200"):
            raise RuntimeError(f"{path}: {status[0]} {answer[:200]!r}")

    def scan(index: int) -> None:
        # Indexes past the delegates wrap around: the same badges again, answered "already
        # checked in", with fresh nonces.
        post(
            "/api/v1/checkin/scan",
            {"code": data["payloads"][index % count], "nonce": f"cost-{index}"},
            bearer=token,
        )

    def reference(index: int) -> None:
        post(
            "/api/v1/bench/reference",
            {"registration_id": data["registration_ids"][index], "nonce": f"cost-{index}"},
        )

    # Warm-up: imports, caches, prepared statements; the warm-up delegates only.
    for index in range(20):
        post(
            "/api/v1/checkin/scan",
            {"code": data["warm_payloads"][index], "nonce": f"warm-{index}"},
            bearer=token,
        )
        post(
            "/api/v1/bench/reference",
            {"registration_id": data["warm_ids"][index], "nonce": f"warm-{index}"},
        )

    def measure(name: str, send, first: int) -> tuple[str, float, float | None]:
        backend_before = backend_cpu_seconds()
        started = time.process_time()
        for index in range(first, first + count):
            send(index)
        python_ms = (time.process_time() - started) / count * 1000
        backend_after = backend_cpu_seconds()
        backend_ms = None
        if backend_before is not None and backend_after is not None:
            backend_ms = (backend_after - backend_before) / count * 1000
        return name, python_ms, backend_ms

    rows = [
        measure("reference", reference, 0),
        measure("scan (first entries)", scan, 0),
        measure("scan (duplicates)", scan, count),
        measure("reference again", reference, count),
    ]
    print()
    print(f"{count} requests each, one at a time, in this process")
    print(f"{'':<22}{'python ms':>10}{'postgres ms':>12}{'total ms':>10}")
    for name, python_ms, backend_ms in rows:
        total = python_ms + (backend_ms or 0.0)
        backend = f"{backend_ms:.2f}" if backend_ms is not None else "n/a"
        print(f"{name:<22}{python_ms:>10.2f}{backend:>12}{total:>10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
