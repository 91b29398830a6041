"""Text as people type it, made tidy: NFC, no invisible characters, no stray whitespace."""

from forum.vietnamese import normalize_text


def clean_line(value: str) -> str:
    """One line of text: NFC, whitespace collapsed (forum.vietnamese.normalize_text)."""
    return normalize_text(value or "")


def clean_paragraphs(value: str) -> str:
    """Text in paragraphs: each line tidied like clean_line, at most one empty line between
    paragraphs, none at either end."""
    lines = [normalize_text(line) for line in (value or "").replace("\r\n", "\n").split("\n")]
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(kept)
