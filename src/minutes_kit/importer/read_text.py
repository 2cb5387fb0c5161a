"""Plain-text minutes as typed in the 2000s: paragraphs split by blank lines, minute
headings on lines of their own (``12/09 APOLOGIES FOR ABSENCE``), resolution parts on
lines that start with their letter (``(b) that ...``), sometimes after ``RESOLVED:``."""

from __future__ import annotations

import re
from pathlib import Path

from .blocks import Block, Unreadable
from .limits import read_bytes

MAX_BYTES = 4 << 20  # typed minutes; a larger "text" file is an export or the wrong file
_LABEL = re.compile(r"^(?:\d{1,4}/\d{2}|\d{1,3}[.)]|\(?[a-z]\))\s+\S")
# A part or bullet starting a line, possibly after the word that introduces the parts.
_PART = re.compile(
    r"^\s*(?:(?P<lead>(?:RESOLVED|Resolved|RECOMMENDED|Recommended|AGREED|Agreed)"
    r"(?: to [A-Z][\w ]{0,30}?)?\s*[:\-\u2013]?)\s*)?"
    r"(?P<item>(?:\((?:[a-z]|[ivx]{1,5}|\d{1,2})\)|(?:[a-z]|\d{1,2})[.)])\s+\S.*|[-*\u2022]\s+\S.*)$"
)


def read(path: Path) -> list[Block]:
    return blocks_of(_decoded(path))


def _decoded(path: Path) -> str:
    raw = read_bytes(path, MAX_BYTES)
    if b"\x00" in raw[:8192]:
        raise Unreadable("it holds binary data, not text; is this the right file?")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # the Windows text of older archives
    return text.replace("\r\n", "\n").replace("\r", "\n")


def blocks_of(text: str) -> list[Block]:
    """The blocks of a text: one per paragraph, heading or part."""
    blocks: list[Block] = []
    lines = text.split("\n")
    start: int | None = None
    for number, line in enumerate([*lines, ""], 1):
        if line.strip() and start is None:
            start = number
        elif not line.strip() and start is not None:
            blocks += _paragraph(lines[start - 1 : number - 1], start)
            start = None
    return blocks


def _paragraph(lines: list[str], first: int) -> list[Block]:
    if len(lines) == 1 and _heading(lines[0].strip()):
        text = lines[0].strip()
        return [Block("heading", text, first, 2 if _LABEL.match(text) else 1)]
    blocks: list[Block] = []
    current: list[str] = []
    kind: str = "paragraph"
    at = first
    for offset, line in enumerate(lines):
        part = _PART.match(line)
        if part is None or (
            not part["lead"] and offset and kind == "paragraph" and not _after_lead(current)
        ):
            current.append(line.strip())
            continue
        if current:
            blocks.append(Block(kind, "\n".join(current), at))  # type: ignore[arg-type]
        if part["lead"]:
            blocks.append(Block("paragraph", part["lead"].strip(), first + offset))
        kind, current, at = "item", [part["item"].strip()], first + offset
    if current:
        blocks.append(Block(kind, "\n".join(current), at))  # type: ignore[arg-type]
    return blocks


def _after_lead(current: list[str]) -> bool:
    """Whether a paragraph so far ends by introducing a list (`... as follows:`)."""
    return bool(current) and current[-1].rstrip().endswith(":")


def _heading(line: str) -> bool:
    """A line alone that reads as a heading: a minute label and a title, or capitals."""
    if len(line) > 100 or line.endswith((",", ";")):
        return False
    if _LABEL.match(line):
        title = re.sub(r"^\S+\s+", "", line)
        return title[:1].isupper() or title[:1].isdigit()
    letters = [c for c in line if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters)
