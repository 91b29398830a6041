"""Speaker photos: checked by content when uploaded, served only as re-encoded, resized JPEGs
(which drops the camera's metadata, GPS position included)."""

import io

from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
SIZES = (160, 480)


class PhotoRefused(ValueError):
    pass


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
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise PhotoRefused(_("Tệp không phải là ảnh JPEG, PNG hoặc WebP.")) from exc
    finally:
        upload.seek(0)
    if kind not in FORMATS:
        raise PhotoRefused(_("Tệp không phải là ảnh JPEG, PNG hoặc WebP."))
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
