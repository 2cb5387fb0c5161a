"""The narrative cut into the minutes it records: each item's own section, by its heading.

A meeting page shows each minute once, its narrative under its own heading, so the body
is split where the item headings are (the headings the checks already label with
:attr:`Heading.item_label`). Every line of the body lands in exactly one piece: the text
before the first item heading is the page's opening, and everything after an item's
heading, up to the next item's, is that item's, a heading of its own that names no item
included (an "Any other business" after the last item stays in the page, in order).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .corpus import Document
from .models import Meeting
from .narrative import sanitise


@dataclass(frozen=True)
class Sections:
    """A body as a meeting page shows it: its opening, and each item's narrative by id."""

    opening: str = ""
    items: dict[str, str] = field(default_factory=dict)


def split(document: Document, meeting: Meeting) -> Sections:
    """Cut the body of ``document`` at the headings of ``meeting``'s items, in their order.

    An item's heading is the first heading after the previous item's that carries its
    label; an item without one has no narrative. The item heading itself goes (the page
    writes its own, with the minute number) and the headings inside a section move to sit
    under the page's item heading; each piece passes the narrative allow-list."""
    lines = (document.body or "").split("\n")
    first = document.body_line
    cuts: list[tuple[int, str, int]] = []  # (body line index, item id, heading level)
    headings = list(document.headings)
    start = 0
    for item in meeting.items:
        found = next((n for n in range(start, len(headings)) if headings[n].item_label == item.id), None)
        if found is None:
            continue
        cuts.append((headings[found].line - first, item.id, headings[found].level))
        start = found + 1
    title = headings[0].line - first if headings and headings[0].level == 1 else None
    top = cuts[0][0] if cuts else len(lines)
    atx = {h.line - first: h.level for h in headings if lines[h.line - first].lstrip().startswith("#")}
    opening = _clean(lines, range(top), atx, 0, skip=title)
    items: dict[str, str] = {}
    for n, (at, item_id, level) in enumerate(cuts):
        end = cuts[n + 1][0] if n + 1 < len(cuts) else len(lines)
        items[item_id] = _clean(lines, range(at + 1, end), atx, 2 - level)
    return Sections(opening, {key: value for key, value in items.items() if value})


def _clean(lines: list[str], span: range, atx: dict[int, int], shift: int, skip: int | None = None) -> str:
    """The lines of ``span`` with their ATX headings (``atx``: line index to level) moved
    ``shift`` levels, kept between 2 and 6 as a page has one title, and passed through the
    allow-list. Only real headings move: a ``#`` in a code block stays as written."""
    kept = [("#" * min(6, max(2, atx[i] + shift)) + lines[i].lstrip().lstrip("#")) if i in atx else lines[i]
            for i in span if i != skip]
    return sanitise("\n".join(kept).strip())[0]
