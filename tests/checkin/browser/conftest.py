"""Phones for the door scanner tests, against the real check-in API.

Chromium runs with a fake camera that shows a real badge QR (rendered by the badge service),
so these tests go through getUserMedia, the WebAssembly decoder, the API, IndexedDB and the
service worker exactly as a phone at the door does.
"""

import os
from pathlib import Path

import pytest

from checkin.selectors import offline_list
from tests.browser.support import CHROMIUM, CHROMIUM_ARGS, phone_context, playwright_session
from tests.checkin.browser.scanner_helpers import badge_frame, write_y4m

FAKE_CAMERA_ARGS = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]


@pytest.fixture(autouse=True)
def _no_settle(monkeypatch):
    """The delegate list withholds changes for a moment (offline_list.SETTLE_SECONDS, tested in
    tests/checkin/api/test_delegates.py); these phones list what the test wrote just before, and
    wait on what the page shows, never on the clock."""
    monkeypatch.setattr(offline_list, "SETTLE_SECONDS", 0)


@pytest.fixture
def playwright_driver():
    """Playwright for one test; see tests/browser/conftest.py for DJANGO_ALLOW_ASYNC_UNSAFE."""
    with playwright_session() as playwright:
        yield playwright


@pytest.fixture
def open_scanner(playwright_driver, live_server, tmp_path):
    """Open a phone whose rear camera films `payload`'s badge QR (or a white wall)."""
    browsers = []

    def open_phone(payload: str | None = None, *, clock_at=None, **context_options):
        """`clock_at`: the phone's clock (a datetime), when it is not right; other keywords
        are the browser context's options."""
        video = write_y4m(tmp_path / f"camera-{len(browsers)}.y4m", badge_frame(payload))
        browser = playwright_driver.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[*CHROMIUM_ARGS, *FAKE_CAMERA_ARGS, f"--use-file-for-fake-video-capture={video}"],
        )
        browsers.append(browser)
        context = phone_context(browser, live_server, permissions=["camera"], **context_options)
        page = context.new_page()
        page.set_default_timeout(15_000)
        if clock_at is not None:
            page.clock.install(time=clock_at)
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    errors: list[str] = []
    open_phone.errors = errors
    yield open_phone
    for browser in browsers:
        browser.close()
    assert not errors, errors


@pytest.fixture
def shot(tmp_path):
    """Screenshots of each state, kept in SCANNER_SCREENSHOTS when set (else the test's tmp dir)."""
    folder = Path(os.environ.get("SCANNER_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> None:
        page.screenshot(path=folder / f"scanner-{name}.png", animations="disabled")

    return take
