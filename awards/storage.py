"""Where the awards keep files: under MEDIA_ROOT (private, never served by a public path)."""

import contextlib
import os
from pathlib import Path

from django.conf import settings


def private_path(relative: str) -> Path:
    """The absolute path of a stored file; refuses anything that would leave MEDIA_ROOT."""
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise ValueError(f"{relative!r} is outside the private root")
    return path


def private_dir(*parts: str) -> Path:
    path = Path(settings.MEDIA_ROOT, "awards", *parts)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def attachment_files_remove(paths) -> None:
    for relative in paths:
        with contextlib.suppress(FileNotFoundError, ValueError):
            os.remove(private_path(relative))
