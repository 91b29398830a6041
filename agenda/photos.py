"""Speaker photos: checked by content when uploaded, served only as re-encoded, resized JPEGs
(which drops the camera's metadata, GPS position included)."""

import contextlib
import io

from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
SIZES = (160, 480)


class PhotoRefused(ValueError):
    pass


@contextlib.contextmanager
def _strict_decoding():
    """WeasyPrint, once imported (the badges, posters and certificates), makes Pillow accept
    truncated images in the whole process (ImageFile.LOAD_TRUNCATED_IMAGES = True), painting
    the missing part grey: an upload is checked without that leniency."""
    from PIL import ImageFile

    lenient = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def photo_check(upload) -> str:
    """The file extension for an acceptable photo; PhotoRefused (a translated message) else."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > MAX_BYTES:
        raise PhotoRefused(_("Ảnh quá lớn (tối đa 5 MB)."))
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise PhotoRefused(_("Ảnh có quá nhiều điểm ảnh."))
            kind = image.format
            image.verify()
    except Image.DecompressionBombError as exc:
        raise PhotoRefused(_("Ảnh có quá nhiều điểm ảnh.")) from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise PhotoRefused(_("Tệp không phải là ảnh JPEG, PNG hoặc WebP.")) from exc
    finally:
        upload.seek(0)
    if kind not in FORMATS:
        raise PhotoRefused(_("Tệp không phải là ảnh JPEG, PNG hoặc WebP."))
    # verify() reads a PNG's chunks but not a JPEG's picture: a file cut short would pass and
    # then fail on the public page. It is decoded now, as it will be served, strictly.
    try:
        with _strict_decoding():
            photo_resized(upload, SIZES[0])
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise PhotoRefused(_("Ảnh bị hỏng hoặc không đầy đủ; hãy tải lên lại.")) from exc
    finally:
        upload.seek(0)
    return FORMATS[kind]


def photo_resized(stream, size: int) -> bytes:
    """A square JPEG of `size` pixels, cropped from the centre, upright, without metadata."""
    from PIL import Image, ImageOps

    with Image.open(stream) as image:
        upright = ImageOps.exif_transpose(image)
        square = ImageOps.fit(upright.convert("RGB"), (size, size), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        square.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()
