"""Layout rules the Word and HTML readers share, so both give a text document's shapes.

A typed minutes document marks a minute heading with emphasis rather than a heading style
("**12/09 APOLOGIES FOR ABSENCE**"), and numbers a resolution's parts with a list whose
letters the reader never sees in the text. These rules turn both back into what a plain
text copy of the same minutes shows.
"""

from __future__ import annotations

import re

from .blocks import Block
from .read_text import blocks_of

# "12/09", "23.", "5a", "HWB 12" at the start of a line, before a word.
_MINUTE_NUMBER = re.compile(r"^(?:[A-Z]{2,5}[ -]?)?\d{1,4}(?:/\d{2,4})?[a-z]?\.?\s+\S")
# A minute's number alone, as in the first column of a table laying out minutes.
MINUTE_LABEL = re.compile(r"^(?:[A-Z]{2,5}[ -]?)?\d{1,4}(?:/\d{2,4})?[a-z]?\.?$")
_HEADING_MOST = 120
_LEADS = re.compile(r"^(?:RESOLVED|RECOMMENDED|AGREED|DEFERRED|ACTIONS?|NOTED)\b")
_LABEL = re.compile(r"^\(?([0-9]+|[a-z]{1,4}|[A-Z]{1,4})[.)]\s")


def looks_like_heading(text: str) -> bool:
    """Whether an emphasised line is a heading: short, one line, and numbered like a
    minute or written in capitals ("DECLARATIONS OF INTEREST")."""
    if not text or "\n" in text or len(text) > _HEADING_MOST:
        return False
    if _MINUTE_NUMBER.match(text):
        return True
    # A bold "RESOLVED:" or "PRESENT:" leads what follows; it heads no minute.
    if text.endswith(":") or _LEADS.match(text):
        return False
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and text.upper() == text


def as_typed(text: str, line: int) -> list[Block]:
    """A plain paragraph read as the same lines typed in a text file would be: "RESOLVED:
    (a) that ..." is a paragraph and an item there, "(b) that ..." an item, a line of
    a numbered minute title a heading. A line of capitals is a heading in a text file only
    because nothing else marks one; here the style or bold does, so "RESOLVED:" alone stays
    a paragraph. ``line`` is where the paragraph starts; its lines count on from it."""
    typed = []
    for block in blocks_of(text):
        kind, level = block.kind, block.level
        if kind == "heading" and not _MINUTE_NUMBER.match(block.text):
            kind, level = "paragraph", 0
        if tidy(block.text):
            typed.append(Block(kind, tidy(block.text), line + block.line - 1, level))
    return typed


def has_label(text: str) -> bool:
    """Whether a list item's text already starts with its own letter or number."""
    return bool(_LABEL.match(text))


def label(number: int, style: str) -> str:
    """The label of the ``number``th (from 1) entry of a numbered list, in the style
    "1", "a", "A", "i" or "I" (HTML's `type`; Word's formats map onto these)."""
    if style in ("a", "A"):
        letters = ""
        while number > 0:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if style == "A" else letters
    if style in ("i", "I"):
        roman = _roman(number)
        return roman.upper() if style == "I" else roman
    return str(number)


def _roman(number: int) -> str:
    result = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                           (4, "iv"), (1, "i")):
        while number >= value:
            result += numeral
            number -= value
    return result


def tidy(text: str) -> str:
    """Whitespace as a text copy shows it: runs of spaces (and no-break spaces) as one,
    each line trimmed, no empty lines."""
    lines = (" ".join(line.replace("\xa0", " ").split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
