"""Test data and steps for the scanner app: delegates with real badge codes, a camera that shows a
badge, pairing a phone, waiting for the server.

Chromium's fake camera plays a YUV4MPEG2 file in a loop (--use-file-for-fake-video-capture);
`write_y4m` makes one from a picture, so the app decodes a real badge QR through the camera.
"""

import io
import time
from pathlib import Path

from django.contrib.auth.models import Group
from PIL import Image

from checkin.models import Scan
from forum.vietnamese import search_key
from registration import roles
from registration.badge_codes import payload_of, short_code_display
from registration.services.badges.qr import qr_png
from tests.browser.support import log_in
from tests.factories import UserFactory

FRAME_SIZE = (640, 480)


def approved_delegate(edition, **fields):
    """An approved registration with its badge code: (registration, QR payload, short code)."""
    from registration.services.badge_codes import badge_code_issue
    from tests.factories import RegistrationFactory

    values = {
        "edition": edition,
        "status": "approved",
        "honorific": "Ông",
        "full_name": "Nguyễn Văn An",
        "given_name": "An",
        "organisation": "Công ty Cổ phần MISA",
        "delegate_type": "enterprise",
        "needs": "",
    }
    values.update(fields)
    values.setdefault("search_key", search_key(f"{values['full_name']} {values['organisation']}"))
    registration = RegistrationFactory(**values)
    code = badge_code_issue(registration=registration)
    return registration, payload_of(code.token), short_code_display(code.short_code)


def badge_frame(payload: str | None) -> Image.Image:
    """A white 640×480 frame with the badge's QR code in the middle (blank without a payload)."""
    frame = Image.new("RGB", FRAME_SIZE, "white")
    if payload:
        qr = Image.open(io.BytesIO(qr_png(payload))).convert("RGB")
        frame.paste(qr, ((FRAME_SIZE[0] - qr.width) // 2, (FRAME_SIZE[1] - qr.height) // 2))
    return frame


def write_y4m(path: Path, image: Image.Image, *, frames: int = 30, fps: int = 30) -> Path:
    """Write `image` as a still YUV4MPEG2 video (4:2:0, full-range chroma siting of JPEG)."""
    width, height = image.size
    assert width % 2 == 0 and height % 2 == 0, "4:2:0 needs even dimensions"
    y, cb, cr = image.convert("RGB").convert("YCbCr").split()
    half = (width // 2, height // 2)
    planes = (
        y.tobytes() + cb.resize(half, Image.BOX).tobytes() + cr.resize(half, Image.BOX).tobytes()
    )
    header = f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode("ascii")
    with open(path, "wb") as handle:
        handle.write(header)
        for _frame in range(frames):
            handle.write(b"FRAME\n")
            handle.write(planes)
    return path


def scans(registration):
    return list(
        Scan.objects.filter(registration=registration)
        .order_by("received_at", "pk")
        .values_list("result", "offline", "is_first_entry")
    )


def wait_for(predicate, timeout: float = 15.0):
    """Poll the database (which the page's requests write) until `predicate` holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def short_code(page, code: str) -> None:
    """Type a badge's short code, as door staff do for a damaged badge."""
    page.get_by_role("button", name="Nhập mã ngắn").first.click()
    page.get_by_role("textbox", name="Mã ngắn (VD: ABCD-EFGH)").fill(code)
    page.get_by_role("button", name="Kiểm tra").click()


def camera_reads(page) -> int:
    """How many times the camera has read a code so far (the page counts them)."""
    return int(page.locator("#viewfinder").get_attribute("data-reads") or 0)


def pair(page, code: str) -> None:
    page.goto(f"/scanner/?pair={code}")
    page.locator("#screen-scan").wait_for(state="visible")
    # The one-time code leaves the address bar and the history.
    assert page.url.endswith("/scanner/")


def door_staff_page(open_scanner, live_server, payload=None, email="cua.b@example.vn"):
    """A phone with the scanner page opened by a door-staff account (no paired device)."""
    from registration.services.accounts import totp_ensure

    staff = UserFactory(email=email)
    staff.groups.add(Group.objects.get_or_create(name=roles.DOOR_STAFF)[0])
    totp_ensure(user=staff)  # staff accounts scan with their second factor set up
    page = open_scanner(payload)
    log_in(page.context, staff, live_server)
    return staff, page
