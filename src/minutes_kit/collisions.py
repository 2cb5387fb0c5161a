"""Names that would share one published page: a page or a value would vanish unsaid.

A committee's pages and a measure's page are named by the slug of its name or code, so
``Planning Committee`` and ``Planning committee``, or ``PM 01`` and ``PM-01``, land on
one page and one of them is lost: an error naming both places.
"""

from __future__ import annotations

from collections.abc import Hashable
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


class Collisions:
    """Every spelling that shares a page with an earlier one, once per spelling, as
    meetings are added in date order. Names recur in meeting after meeting: each
    spelling is slugged once, at its first use."""

    def __init__(self) -> None:
        self._first: dict[str, dict[str, _Use]] = {"committee": {}, "measure": {}}
        self._spellings: dict[str, set[str]] = {"committee": set(), "measure": set()}
        self.problems: list[Problem] = []

    def add(self, document: Document) -> None:
        meeting = document.meeting
        if meeting is None:
            return
        self._use("committee", meeting.committee, document.path, ("committee",))
        for i, item in enumerate(meeting.items):
            for j, measure in enumerate(item.measures):
                at = "code" if measure.code else "title" if measure.title else None
                where = ("items", i, "measures", j, at) if at else ("items", i, "title")
                self._use("measure", measure_name(measure, item), document.path, where)

    def _use(self, kind: str, text: str, path: str, at: tuple[Hashable, ...]) -> None:
        spellings = self._spellings[kind]
        if text in spellings:
            return
        spellings.add(text)
        use = _Use(text, path, at)
        earlier = self._first[kind].setdefault(slug(text), use)
        if earlier is not use:
            self.problems.append(_problem(kind, use, earlier))


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
