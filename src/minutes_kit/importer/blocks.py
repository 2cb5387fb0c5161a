"""The one shape every reader produces: a legacy document as a list of blocks.

Readers (plain text, Markdown, Word, HTML) differ only in how they find a document's
headings, paragraphs, list items and tables; everything after them reads `Block`s, so what
the parser finds does not depend on the file format, and every finding can name its source
line for the clerk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["heading", "paragraph", "item", "table"]


@dataclass(frozen=True)
class Block:
    """One heading, paragraph, list item or table of a legacy document.

    `line` is where the block starts in the source: the 1-based line of a text, Markdown or
    HTML file, or the 1-based paragraph/table number of a Word document (Word has no lines).
    `text` has its inner line breaks kept ("\\n") so column layouts and lettered parts stay
    readable; a table's `text` is empty and its cells are in `rows`, header row first.
    """

    kind: Kind
    text: str
    line: int
    level: int = 0
    rows: tuple[tuple[str, ...], ...] = ()


class Unreadable(Exception):
    """A source file a reader cannot read; the message says why in a clerk's words."""
