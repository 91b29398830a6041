"""What the awards benchmark measures: wall time per request, the CPU a block of requests costs
the gunicorn worker and its PostgreSQL backend, and the ranking selector's queries."""

import os
import statistics
import time
from pathlib import Path

from bench.common import Server, request


def selector_cost(round_id: int) -> dict:
    """The ranking selector in this process: its time (median of 5) and its queries, at full
    size and for a copy of the round holding a single entry."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from awards.models import Round, RoundEntry
    from awards.selectors.ranking import round_ranking

    round = Round.objects.get(pk=round_id)
    seconds = []
    for _ in range(5):
        started = time.perf_counter()
        round_ranking(round=round)
        seconds.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as full:
        round_ranking(round=round)
    with transaction.atomic():
        keep = RoundEntry.objects.filter(round=round).order_by("pk").first()
        RoundEntry.objects.filter(round=round).exclude(pk=keep.pk).delete()
        with CaptureQueriesContext(connection) as single:
            round_ranking(round=round)
        transaction.set_rollback(True)
    return {
        "ms": 1000 * statistics.median(seconds),
        "queries": len(full.captured_queries),
        "queries_single": len(single.captured_queries),
    }


def timed(port: int, path: str, cookie: str) -> tuple[float | None, str]:
    response = request(port, "GET", path, headers={"Cookie": cookie} if cookie else {})
    if response.status != 200:
        return None, f"{path}: HTTP {response.status}"
    return response.seconds, ""


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serving_pids(server: Server, url: str) -> list[int]:
    """The gunicorn worker and the PostgreSQL backend of its (persistent) connection."""
    import psycopg

    workers = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
    pids = [int(pid) for pid in workers.read_text().split()]
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND backend_type = "
            "'client backend' AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return pids + [row[0] for row in rows]


def block(server: Server, pids: list[int], path: str, cookie: str, count: int):
    """`count` requests one after the other: (wall seconds, failures, CPU seconds of pids)."""
    before = sum(cpu_seconds(pid) for pid in pids)
    seconds, failures = [], []
    for _ in range(count):
        took, failure = timed(server.port, path, cookie)
        if failure:
            failures.append(failure)
        else:
            seconds.append(took)
    return seconds, failures, sum(cpu_seconds(pid) for pid in pids) - before
