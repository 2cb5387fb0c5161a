"""Names that would share one published page: a page or a value would vanish unsaid.

A committee's pages and a measure's page are named by the slug of its name or code, so
``Planning Committee`` and ``Planning committee``, or ``PM 01`` and ``PM-01``, land on
one page and one of them is lost: an error naming both places.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .models import measure_name
from .people import slug
from .problems import Problem
from .reader import read

if TYPE_CHECKING:
    from .corpus import Document


@dataclass(frozen=True)
class _Use:
    """One spelling of a name, where it was first written."""

    text: str
    path: str
    at: tuple[Hashable, ...]


def slug_collisions(documents: Sequence[Document]) -> list[Problem]:
    """Every spelling that shares a page with an earlier one, once per spelling. Names
    recur in meeting after meeting: each spelling is slugged once, at its first use."""
    found: list[tuple[str, _Use, _Use]] = []
    for kind, uses in (("committee", _committees(documents)), ("measure", _measures(documents))):
        first: dict[str, _Use] = {}
        spellings: set[str] = set()
        for text, path, at in uses:
            if text in spellings:
                continue
            spellings.add(text)
            use = _Use(text, path, at)
            earlier = first.setdefault(slug(text), use)
            if earlier is not use:
                found.append((kind, use, earlier))
    return [_problem(kind, use, earlier) for kind, use, earlier in found]


Use = tuple[str, str, tuple[Hashable, ...]]


def _committees(documents: Sequence[Document]) -> Iterator[Use]:
    for document in documents:
        if document.meeting is not None:
            yield document.meeting.committee, document.path, ("committee",)


def _measures(documents: Sequence[Document]) -> Iterator[Use]:
    for document in documents:
        if document.meeting is not None:
            for i, item in enumerate(document.meeting.items):
                for j, measure in enumerate(item.measures):
                    at = "code" if measure.code else "title" if measure.title else None
                    where = ("items", i, "measures", j, at) if at else ("items", i, "title")
                    yield measure_name(measure, item), document.path, where


def _problem(kind: str, use: _Use, earlier: _Use) -> Problem:
    line, column = _where(use)
    there = f"{earlier.path}:{_where(earlier)[0]}"
    return Problem(use.path, line, column, "slug-collision",
                   f"{kind} {use.text!r} would share its page with {earlier.text!r} ({there})",
                   f"spell the {kind} the same way everywhere, or make the two differ by more than "
                   "case, spaces or punctuation")


def _where(use: _Use) -> tuple[int, int]:
    """The line and column of a use. Read again: a corpus keeps only the positions of
    actions and updates, and a collision is rare enough that reading two files once more
    costs nothing in a usual run."""
    return read(use.path).positions.of(use.at)
