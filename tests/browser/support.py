"""Browser-test fixtures (Playwright driving Debian's Chromium), loaded by tests/conftest.py for
the tests in every `browser` folder."""

import contextlib
import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "browser" in Path(item.fspath).parts[:-1]:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def _database_outlives_live_server(django_db_setup, django_db_blocker):
    """Set the test database up before the live server so that it is torn down after it. The
    server's threads leave their database connections open when it stops; on PostgreSQL they
    are ended here, so that the test database can be dropped."""
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture(scope="module")
def browser(_database_outlives_live_server):
    """Chromium for one test module.

    Playwright's sync API keeps an asyncio event loop running in this thread, and Django refuses
    ORM calls from such a thread unless DJANGO_ALLOW_ASYNC_UNSAFE is set. Both are confined to the
    browser modules so that the rest of the suite (and `check --deploy`) runs without them.
    """
    with playwright_session() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextlib.contextmanager
def playwright_session():
    """Playwright, with Django's ORM allowed beside its event loop (see `browser`); skips, or
    fails on CI, without Chromium."""
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield playwright


def log_in(context, user, live_server) -> None:
    """Give a browser context the session of `user`, logged in through Django's test client."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def phone_context(browser, live_server, **options):
    """A browser context that looks like a phone, in Vietnamese, on the live server."""
    return browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
        base_url=live_server.url,
        **options,
    )


@pytest.fixture
def phone_page(browser, live_server):
    context = phone_context(browser, live_server)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
