import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings

from tests.conftest import ROOT


@pytest.fixture
def slow_smtp(smtp_server):
    """The session's SMTP server taking 0.15 s to accept each message, so that a campaign lasts
    long enough to kill a worker in the middle of it. (The session's own worker, should it be
    running, sweeps the same database and may send some of the emails: to this server too.)"""
    plain = type(smtp_server).handle_DATA

    async def slowly(server, session, envelope):
        await asyncio.sleep(0.15)
        return await plain(smtp_server, server, session, envelope)

    smtp_server.messages.clear()
    smtp_server.fail_next.clear()
    smtp_server.handle_DATA = slowly
    yield smtp_server
    del smtp_server.handle_DATA


def database_url() -> str:
    db = settings.DATABASES["default"]
    return (
        f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


class Worker:
    """`celery -A forum worker`, started as `make worker` and the compose file start it (no
    beat, no extra flag), in a process group of its own so that it can be killed whole."""

    def __init__(self, *, queue: str, smtp_port: int, env: dict, log_dir):
        self.queue = queue
        self.name = f"{queue}-{uuid.uuid4().hex[:4]}@{socket.gethostname()}"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "CELERY_QUEUE": queue,
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        self.log_path = log_dir / f"{self.name.split('@')[0]}.log"
        self.process: subprocess.Popen | None = None

    def start(self, *, timeout: float = 60) -> float:
        """Start and wait until it answers a ping; returns when (time.monotonic)."""
        from forum.celery import app

        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "forum", "worker", "-l", "info"),
                *("--concurrency=2", "-n", self.name, "--without-gossip", "--without-mingle"),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited with {self.process.returncode}: {self.log_path}")
            if app.control.ping(destination=[self.name], timeout=0.5):
                return time.monotonic()
        raise RuntimeError(f"worker did not answer a ping within {timeout} s: {self.log_path}")

    def kill(self) -> None:
        """SIGKILL to the worker and its pool processes at once, as a container kill or the
        out-of-memory killer would: no warm shutdown, no acknowledgement, no clean-up."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if getattr(self, "log", None):
            self.log.close()


@pytest.fixture
def worker_queue():
    """A queue of the test's own, where the tasks this process sends go."""
    from forum.celery import app

    queue = f"test-kill-{uuid.uuid4().hex[:8]}"
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    yield queue
    app.conf.task_default_queue = previous
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge(queue)


@pytest.fixture
def workers(worker_queue, tmp_path):
    """Start workers on the test's queue (`workers(smtp_port=…, env={…})`); all stopped after."""
    started = []

    def start(*, smtp_port: int, env: dict) -> Worker:
        worker = Worker(queue=worker_queue, smtp_port=smtp_port, env=env, log_dir=tmp_path)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
