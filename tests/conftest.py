import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from checkin.services import devices
from registration import roles
from registration.services.accounts import totp_ensure
from tests.factories import EditionFactory, user_with_roles

ROOT = Path(__file__).resolve().parent.parent
IS_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
HAS_BROKER = bool(settings.REDIS_URL)

pytest_plugins = ["tests.browser.support"]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, the test database is a file rather than Django's default in-memory one.

    An in-memory database is one connection, which Django hands to the live server's threads as
    well: the browser tests' pages send requests in parallel (the scanner asks for the gates and
    the delegate list at once), and those threads then run queries on one connection at the same
    time, now and then reading a session as missing. With a file every thread opens its own
    connection, as in production.
    """
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        folder = tmp_path_factory.mktemp("database")
        db.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


def pytest_collection_modifyitems(config, items):
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://…)")
    skip_broker = pytest.mark.skip(
        reason="needs Redis + PostgreSQL (set REDIS_URL and DATABASE_URL)"
    )
    for item in items:
        if "postgres" in item.keywords and not IS_POSTGRES:
            item.add_marker(skip_pg)
        if "broker" in item.keywords and not (HAS_BROKER and IS_POSTGRES):
            item.add_marker(skip_broker)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    def count(marker: str, outcome: str) -> int:
        return sum(
            1
            for rep in terminalreporter.stats.get(outcome, [])
            if rep.when == "call" and marker in rep.keywords
        )

    backend = "PostgreSQL" if IS_POSTGRES else "SQLite"
    terminalreporter.write_line(
        f"forum: database={backend} broker={'redis' if HAS_BROKER else 'inline'}; "
        f"postgres-only tests passed={count('postgres', 'passed')} "
        f"failed={count('postgres', 'failed')}; "
        f"live-worker tests passed={count('broker', 'passed')} failed={count('broker', 'failed')}"
    )


@pytest.fixture(autouse=True)
def _inline_celery_unless_broker(request):
    """Tasks run inline in tests, except those that exercise the real broker and worker."""
    from forum.celery import app

    eager = "broker" not in request.keywords
    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = eager
    app.conf.task_eager_propagates = eager
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def dead_broker():
    """The Celery app, not inline, pointed at a broker that refuses connections."""
    from forum import task_queue
    from forum.celery import app

    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "broker_write_url")}
    pools = app._pool, app.amqp._producer_pool
    app.conf.update(task_always_eager=False, broker_url=DEAD_BROKER, broker_write_url=DEAD_BROKER)
    app._pool = app.amqp._producer_pool = None
    task_queue._refused_until = 0.0
    yield
    app.conf.update(saved)
    app._pool, app.amqp._producer_pool = pools
    task_queue._refused_until = 0.0


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language: a request through LocaleMiddleware (an /en/
    page in the test client) leaves its language active in the thread after the response."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def organiser(db):
    user = user_with_roles(roles.ORGANISER, email="btc@forum.test", is_staff=True)
    totp_ensure(user=user)
    return user


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def edition(db):
    """The 2025 edition, current, moderated, 1,500 seats (tests/factories.py: EditionFactory)."""
    return EditionFactory(slug="2025", short_name="Make in Viet Nam 2025")


@pytest.fixture
def seeded_edition(db):
    """The 2025 edition as seed_forum creates it (English names, venue, theme)."""
    from forum.services import edition_seed_2025

    return edition_seed_2025()


@pytest.fixture
def gate(edition):
    return devices.gate_create(edition=edition, code="a", name="Cổng A")


@pytest.fixture
def user_factory(db):
    from tests.factories import UserFactory

    return UserFactory


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SMTPSink:
    """A real SMTP server (aiosmtpd) on localhost that keeps every message it receives."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages = []
        self.port = free_port()
        self.fail_next: list[tuple[int, str]] = []
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        import email
        from email import policy

        if self.fail_next:
            code, text = self.fail_next.pop(0)
            return f"{code} {text}"
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 30.0):
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


@pytest.fixture(scope="session")
def smtp_server():
    sink = SMTPSink()
    sink.controller.start()
    yield sink
    sink.controller.stop()


@pytest.fixture
def smtp_sink(smtp_server, settings):
    """Point Django's mail at the local SMTP server for one test."""
    smtp_server.messages.clear()
    smtp_server.fail_next.clear()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": smtp_server.port, "timeout": 10},
        }
    }
    return smtp_server


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, smtp_server):
    """A real `celery worker` process on its own queue, using the test database and SMTP sink."""
    from forum.celery import app

    queue = f"test-{uuid.uuid4().hex[:8]}"
    app.conf.task_default_queue = queue
    db = settings.DATABASES["default"]
    db_url = (
        f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}",
        "CELERY_QUEUE": queue,
        "PYTHONUNBUFFERED": "1",
    }
    log_dir = ROOT / ".pytest_cache"
    log_dir.mkdir(exist_ok=True)
    log = open(log_dir / f"celery-{queue}.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "forum",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "info",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"celery worker exited with {proc.returncode}, see {log.name}")
        replies = app.control.ping(destination=[f"{queue}@{socket.gethostname()}"], timeout=0.5)
        if replies:
            break
    else:
        proc.terminate()
        raise RuntimeError("celery worker did not answer a ping within 60 s")
    yield proc
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


@pytest.fixture
def live_worker(celery_worker_process, transactional_db):
    return celery_worker_process
