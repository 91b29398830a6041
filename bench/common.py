"""Shared pieces of the benchmarks: a throwaway database, the real server, concurrent clients."""

import http.client
import json
import math
import os
import queue
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"
# A Redis database of its own, and a queue with a fresh name per run that no worker listens to.
DEFAULT_REDIS = "redis://127.0.0.1:6379/15"
# The project's settings with the check-in benchmark's reference endpoint routed in.
SETTINGS_WITH_REFERENCE = "bench.settings"
# Where a benchmark writes its figures for `python -m bench` (bench/summary.py); unset when a
# benchmark module is run on its own.
RESULT_FILE = "BENCH_RESULT_FILE"


@dataclass
class Figure:
    """One line of the summary in docs/performance.md: what was measured against its target."""

    figure: str
    measured: str
    target: str
    ok: bool

    @classmethod
    def failed_requests(cls, count: int) -> "Figure":
        """The line every benchmark has: requests that failed, none allowed."""
        return cls("failed requests", str(count), "0", count == 0)


def record(figures: list[Figure], *, load: float) -> None:
    """Hand this run's figures to `python -m bench`, which writes them into the summary, with
    the machine's load average (1 minute) when the run began."""
    path = os.environ.get(RESULT_FILE)
    if not path:
        return
    payload = {
        "figures": [asdict(figure) for figure in figures],
        "cpus": os.cpu_count(),
        "load": round(load, 1),
    }
    Path(path).write_text(json.dumps(payload, ensure_ascii=False))


def database_url(name: str) -> str:
    """The benchmark database on the server named by BENCH_POSTGRES (default: local, trust)."""
    server = os.environ.get("BENCH_POSTGRES", DEFAULT_SERVER).rstrip("/")
    return f"{server}/{name}"


def fresh_database(url: str) -> None:
    """Drop and recreate the database in `url` (connecting to the `postgres` maintenance DB)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def server_env(url: str, *, secret_key: str | None = None, **extra: str) -> dict[str, str]:
    """The environment of a benchmark's server: production settings on the loopback address,
    against the database in `url`, sending no mail and using no Redis unless `extra` says so."""
    return {
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secret_key or secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": LOOPBACK,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "EMAIL_URL": "dummymail://",
        "REDIS_URL": "",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def django_setup(url: str) -> None:
    """Configure Django in this process against the benchmark database."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django
    from django.conf import settings

    if settings.configured and "NAME" in settings.DATABASES.get("default", {}):
        expected = urlsplit(url).path.lstrip("/")
        if settings.DATABASES["default"]["NAME"] != expected:
            raise RuntimeError("Django is already set up against another database")
    django.setup()


class Broker:
    """The Celery broker for a run: tasks pile up in a queue of their own, removed at the end."""

    def __init__(self, url: str):
        import redis

        self.url = url
        self.queue = f"forum-bench-{secrets.token_hex(4)}"
        self.client = redis.Redis.from_url(url)
        self.last_count: int | None = None
        try:
            self.client.ping()
        except redis.RedisError as exc:
            raise SystemExit(
                f"Redis is not reachable at {url} ({exc}); start it, set BENCH_REDIS, "
                "or run with --emails inline"
            ) from exc

    def queued(self) -> int:
        self.last_count = self.client.llen(self.queue)
        return self.last_count

    def clean(self) -> None:
        keys = list(self.client.scan_iter(match=f"*{self.queue}*"))
        if keys:
            self.client.delete(*keys)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn serving `app` (forum.wsgi) on a loopback port; stopped on exit whatever happens."""

    def __init__(
        self,
        *,
        env: dict,
        workers: int,
        threads: int,
        log_path: Path,
        ready_timeout: float = 60,
        app: str = "forum.wsgi:application",
    ):
        self.app = app
        self.port = free_port()
        self.env = {**os.environ, **env}
        self.workers = workers
        self.threads = threads
        self.log_path = log_path
        self.ready_timeout = ready_timeout
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
        self._log = open(self.log_path, "w")  # closed in __exit__
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                self.app,
                "--bind",
                f"{LOOPBACK}:{self.port}",
                "--workers",
                str(self.workers),
                "--worker-class",
                "gthread",
                "--threads",
                str(self.threads),
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
                "--backlog",
                "512",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            self._wait_ready()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.ready_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self.process.returncode}, see {self.log_path}"
                )
            try:
                if request(self.port, "GET", "/healthz", timeout=2).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz within {self.ready_timeout} s")

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self._log.close()


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    seconds: float


def request(
    port: int,
    method: str,
    path: str,
    *,
    headers: dict | None = None,
    body: bytes | None = None,
    timeout: float = 30,
) -> Response:
    """One request on a fresh loopback connection, timed from connect to the last body byte."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        payload = response.read()
        seconds = time.perf_counter() - started
        return Response(
            response.status, {k.lower(): v for k, v in response.getheaders()}, payload, seconds
        )
    finally:
        conn.close()


@dataclass
class Phase:
    """The outcome of one load phase: a latency per successful request, and every failure."""

    name: str
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    wall_seconds: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies) + len(self.failures)

    def percentile(self, p: float) -> float:
        return percentile(self.latencies, p)

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.wall_seconds if self.wall_seconds else 0.0


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(math.ceil(p / 100 * len(ordered)), 1)
    return ordered[rank - 1]


def run_clients(
    name: str,
    jobs: Iterable,
    call: Callable[[object], tuple[float | None, str]],
    *,
    clients: int,
    time_limit: float,
) -> Phase:
    """Run `call(job)` for every job from `clients` threads released together by a barrier.

    `call` returns (seconds, "") for a success or (seconds or None, reason) for a failure. Jobs
    left when the time limit passes are counted as failures, so a phase always ends.
    """
    todo: queue.SimpleQueue = queue.SimpleQueue()
    count = 0
    for job in jobs:
        todo.put(job)
        count += 1
    phase = Phase(name)
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)
    deadline: list[float] = []

    def client() -> None:
        barrier.wait()
        while time.monotonic() < deadline[0]:
            try:
                job = todo.get_nowait()
            except queue.Empty:
                return
            try:
                seconds, failure = call(job)
            except Exception as exc:
                seconds, failure = None, f"{type(exc).__name__}: {exc}"
            with lock:
                if failure:
                    phase.failures.append(failure)
                else:
                    phase.latencies.append(seconds)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    deadline.append(time.monotonic() + time_limit)
    started = time.perf_counter()
    barrier.wait()
    for thread in threads:
        thread.join(timeout=max(deadline[0] - time.monotonic(), 0) + 35)
    phase.wall_seconds = time.perf_counter() - started
    missing = count - phase.requests
    if missing > 0:
        phase.failures.extend([f"not sent within the {time_limit:.0f} s limit"] * missing)
    return phase


def verdict(problems: list[str], *, started: float, ok: str, keep: Path, shown: str) -> int:
    """Print the outcome of a benchmark; its exit status. On failure the files in `keep` stay
    (`shown` says what to look at); on success they are removed."""
    print(f"took {time.monotonic() - started:.0f} s")
    if problems:
        print("FAILED: " + "; ".join(problems))
        print(shown)
        return 1
    print(f"OK: {ok}")
    shutil.rmtree(keep, ignore_errors=True)
    return 0
