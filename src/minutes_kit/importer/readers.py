"""Which reader reads a source: chosen by the file's suffix, imported only when needed,
so that the Word and HTML libraries load only for Word and HTML files."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

from .blocks import Block, Unreadable

READERS = {
    ".txt": "read_text",
    ".text": "read_text",
    ".md": "read_markdown",
    ".markdown": "read_markdown",
    ".docx": "read_docx",
    ".html": "read_html",
    ".htm": "read_html",
}
KINDS = {"read_text": "plain text", "read_markdown": "Markdown", "read_docx": "Word", "read_html": "HTML"}


def available(suffix: str) -> bool:
    """Whether a reader for files ending ``suffix`` is installed with this package."""
    name = READERS.get(suffix.lower())
    return name is not None and importlib.util.find_spec(f"{__package__}.{name}") is not None


def read_source(path: Path) -> list[Block]:
    """The blocks of ``path``; :class:`Unreadable` says in plain words why there are none."""
    name = READERS.get(path.suffix.lower())
    if name is None:
        known = ", ".join(sorted(READERS))
        raise Unreadable(
            f"{path.name}: there is no reader for {path.suffix or 'files without a suffix'}; "
            f"import reads {known}"
        )
    if not available(path.suffix):
        raise Unreadable(f"{path.name}: {KINDS[name]} files cannot be read by this installation")
    if not path.is_file():
        raise Unreadable(f"{path}: not a file that can be read")
    module = importlib.import_module(f"{__package__}.{name}")
    blocks: list[Block] = module.read(path)
    if not blocks:
        raise Unreadable(f"{path.name}: the file holds no text")
    return blocks
