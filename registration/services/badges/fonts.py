"""Be Vietnam Pro for badge PDFs, from the same web font package the pages use (@fontsource).

The package ships each weight as three WOFF2 files cut by unicode-range (latin, latin-ext,
vietnamese); no one file has every Vietnamese letter. WeasyPrint tells the fonts it embeds apart
by family and weight only, so three faces of one weight would be mixed up in the PDF (glyphs
drawn from the wrong file). Each weight is therefore joined into one TrueType file, built when
missing or when the package's files change, in a folder of the machine's temporary directory
(the code folder is read-only in production).
"""

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings

FONT_SOURCE_DIR = settings.NODE_MODULES / "@fontsource" / "be-vietnam-pro" / "files"
FONT_SUBSETS = ("latin", "latin-ext", "vietnamese")
FONT_DIR = Path(tempfile.gettempdir()) / f"forum-badge-fonts-{os.getuid()}"
FONT_FILES = {weight: FONT_DIR / f"be-vietnam-pro-{weight}.ttf" for weight in (400, 600, 700)}


def _sources(weight: int) -> list[Path]:
    return [
        FONT_SOURCE_DIR / f"be-vietnam-pro-{subset}-{weight}-normal.woff2"
        for subset in FONT_SUBSETS
    ]


def _join(sources: list[Path], target: Path) -> None:
    from fontTools.merge import Merger

    font = Merger().merge([str(path) for path in sources])
    font.flavor = None
    # Written aside, then renamed: a process rendering badges at the same moment never reads a
    # half-written file.
    handle, partial = tempfile.mkstemp(dir=target.parent, suffix=".part")
    with os.fdopen(handle, "wb") as output:
        font.save(output)
    os.replace(partial, target)


def badge_fonts_ensure() -> None:
    """Build the badge font files (FONT_FILES) where missing or out of date."""
    FONT_DIR.mkdir(mode=0o700, exist_ok=True)
    for weight, target in FONT_FILES.items():
        sources = _sources(weight)
        digest = hashlib.sha256(b"".join(path.read_bytes() for path in sources)).hexdigest()
        stamp = target.with_suffix(".sha256")
        if target.exists() and stamp.exists() and stamp.read_text() == digest:
            continue
        _join(sources, target)
        stamp.write_text(digest)
