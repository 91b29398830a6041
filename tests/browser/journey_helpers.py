"""What the end-to-end journey needs besides the pages: numbered screenshots, mail read from the
SMTP server, a staff log-in with the second factor, QR codes read from PDFs, and a phone whose
camera films a picture."""

import io
import re
from email.message import EmailMessage
from pathlib import Path

from PIL import Image
from playwright.sync_api import expect

from tests.browser.support import CHROMIUM, CHROMIUM_ARGS, phone_context
from tests.checkin.browser.scanner_helpers import FRAME_SIZE, write_y4m

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "journey"
FAKE_CAMERA_ARGS = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
DESKTOP = {"width": 1280, "height": 900}


class Screenshots:
    """artifacts/journey/NN-step.png, numbered in the order they are taken; the folder is
    emptied first so that it only ever holds the last run."""

    def __init__(self, folder: Path = SHOTS):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        self.taken: list[Path] = []

    def __call__(self, page, step: str, *, full_page: bool = True) -> Path:
        path = self.folder / f"{len(self.taken) + 1:02d}-{step}.png"
        page.screenshot(path=path, full_page=full_page, animations="disabled")
        self.taken.append(path)
        return path

    def image(self, picture: Image.Image, step: str) -> Path:
        """A picture that is not a page (a PDF as rendered), numbered with the pages."""
        path = self.folder / f"{len(self.taken) + 1:02d}-{step}.png"
        picture.save(path)
        self.taken.append(path)
        return path


# --- Mail ---------------------------------------------------------------------------------------


def mail_to(sink, recipient: str, subject: str, timeout: float = 30.0) -> EmailMessage:
    """The one message to `recipient` whose subject contains `subject`, once it has arrived."""

    def matching():
        return [
            message
            for rcpt_tos, message in sink.messages
            if recipient in rcpt_tos and subject in message["Subject"]
        ]

    count = len(sink.messages)
    while not matching():
        sink.wait_for(count + 1, timeout=timeout)
        if len(sink.messages) == count:
            raise AssertionError(f"no email to {recipient} about “{subject}” in {timeout} s")
        count = len(sink.messages)
    [message] = matching()
    return message


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def attachments_of(message: EmailMessage) -> dict[str, tuple[str, bytes]]:
    """Attached and inline parts by file name: (content type, bytes)."""
    return {
        part.get_filename(): (part.get_content_type(), part.get_content())
        for part in message.iter_attachments()
        if part.get_filename()
    }


# --- Staff log-in -------------------------------------------------------------------------------


def staff_log_in(page, email: str, password: str, next_url: str, *, shot=None, step="") -> None:
    """Log in as a person does: the password, then the authenticator app's current code. A code
    that expired between reading and sending is refused; the person then types the new one."""
    from registration.services.accounts import totp_code_of

    page.goto(f"/accounts/login/?next={next_url}")
    form = page.locator("main form")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(password)
    form.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    expect(page.locator("h1")).to_have_text("Xác thực hai lớp")
    for attempt in range(2):
        page.locator("main input[name=code]").fill(totp_code_of(email=email))
        if shot and attempt == 0:
            shot(page, step)
        with page.expect_navigation():
            page.locator("main form").get_by_role("button", name="Đăng nhập", exact=True).click()
        if "/accounts/2fa/authenticate/" not in page.url:
            break
    page.wait_for_url(re.compile(re.escape(next_url) + "$"))


# --- QR codes in PDFs ---------------------------------------------------------------------------


def pdf_page_image(pdf: bytes, *, dpi: int = 200) -> Image.Image:
    """The first page of a PDF as a picture, as it looks printed or on a screen."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return document[0].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()


def qr_codes_in(image: Image.Image):
    import zxingcpp

    return [code for code in zxingcpp.read_barcodes(image) if code.format.name == "QRCode"]


def qr_crop(image: Image.Image, code) -> Image.Image:
    """The QR code as printed on the page, with a white margin (its quiet zone) around it."""
    corners = [code.position.top_left, code.position.top_right]
    corners += [code.position.bottom_left, code.position.bottom_right]
    xs, ys = [c.x for c in corners], [c.y for c in corners]
    margin = (max(xs) - min(xs)) // 8
    return image.crop((min(xs) - margin, min(ys) - margin, max(xs) + margin, max(ys) + margin))


def camera_frame(picture: Image.Image, *, height: int = 360) -> Image.Image:
    """A 640×480 camera frame with `picture` in the middle, as a badge held up to the lens."""
    frame = Image.new("RGB", FRAME_SIZE, "white")
    width = round(picture.width * height / picture.height)
    picture = picture.resize((width, height), Image.LANCZOS)
    frame.paste(picture, ((FRAME_SIZE[0] - width) // 2, (FRAME_SIZE[1] - height) // 2))
    return frame


def png_image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


# --- A phone with a camera ----------------------------------------------------------------------


def camera_phone(browser, live_server, picture: Image.Image, folder: Path):
    """A second Chromium, a phone whose rear camera films `picture` (Chromium plays a still
    YUV4MPEG2 video as its fake camera); returns (browser, page)."""
    video = write_y4m(folder / "camera.y4m", camera_frame(picture))
    phone_browser = browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        args=[*CHROMIUM_ARGS, *FAKE_CAMERA_ARGS, f"--use-file-for-fake-video-capture={video}"],
    )
    context = phone_context(phone_browser, live_server, permissions=["camera"])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return phone_browser, page


def colour(locator, prop: str = "background-color") -> str:
    """A computed colour as the browser paints it, e.g. "rgb(10, 107, 53)"."""
    return locator.evaluate(f"element => getComputedStyle(element).getPropertyValue('{prop}')")


def rgb(hex_colour: str) -> str:
    value = hex_colour.lstrip("#")
    red, green, blue = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgb({red}, {green}, {blue})"
