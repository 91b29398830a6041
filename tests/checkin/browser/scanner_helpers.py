"""Test data for the scanner app: delegates with real badge codes, and a camera that shows a badge.

Chromium's fake camera plays a YUV4MPEG2 file in a loop (--use-file-for-fake-video-capture);
`write_y4m` makes one from a picture, so the app decodes a real badge QR through the camera.
"""

import io
from pathlib import Path

from PIL import Image

from forum.vietnamese import search_key
from registration.badge_codes import payload_of, short_code_display
from registration.services.badges.qr import qr_png

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
