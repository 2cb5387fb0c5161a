"""Names that would share one published page: a page or a value would vanish unsaid.

A committee's pages and a measure's page are named by the slug of its name or code, so
``Planning Committee`` and ``Planning committee``, or ``PM 01`` and ``PM-01``, land on
one page and one of them is lost: an error naming both places.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .models import measure_name
from .people import slug
from .problems import Problem
from .reader import read

if TYPE_CHECKING:
    from .corpus import Document
    from .models import Meeting


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
        self.involved: set[str] = set()  # the files a problem points at

    def state_out(self) -> list[Any]:
        """What later meetings are checked against: each slug's first use and every
        spelling met (see :meth:`restored`)."""
        return [[[kind, key, use.text, use.path, list(use.at)] for kind, first in self._first.items()
                 for key, use in first.items()],
                {kind: sorted(spellings) for kind, spellings in self._spellings.items()}]

    @classmethod
    def restored(cls, state: Any) -> Collisions:
        """The check as :meth:`state_out` left it, with no problems yet; ValueError or
        TypeError for anything else."""
        found = cls()
        first, spellings = state
        for kind, key, text, path, at in first:
            if not all(type(x) in (str, int) for x in at) or not {type(kind), type(key), type(text),
                                                                     type(path)} <= {str}:
                raise TypeError("not a use")
            found._first[kind][key] = _Use(text, path, tuple(at))
        for kind in found._spellings:
            if not all(type(text) is str for text in spellings[kind]):
                raise TypeError("not a spelling")
            found._spellings[kind] = set(spellings[kind])
        return found

    def firsts_of(self, path: str) -> list[str]:
        """The pages (:func:`page_of`) whose name ``path`` is the first to use."""
        return [f"{kind}:{key}" for kind, first in self._first.items() for key, use in first.items()
                if use.path == path]

    def hand_on(self, page: str, name: Name | None, path: str) -> bool:
        """The name of ``page`` as first used by ``path`` (``name``: as :func:`names_in`
        gives it) now that the file that used it first is gone, or by no file (None).
        Only for a page no problem of names points at: every file that names it then
        spells it alike, and False is said of any other spelling."""
        kind, _, key = page.partition(":")
        use = self._first[kind].pop(key)
        if name is None:
            self._spellings[kind].discard(use.text)
            return True
        self._first[kind][key] = _Use(name[1], path, name[2])
        return name[1] == use.text

    def add(self, document: Document) -> None:
        if document.meeting is not None:
            self.add_names(document.path, names_in(document.meeting))

    def add_names(self, path: str, names: Iterable[Name]) -> None:
        """The names of one meeting, as :func:`names_in` gives them."""
        for kind, text, at in names:
            self._use(kind, text, path, at)

    def _use(self, kind: str, text: str, path: str, at: tuple[Hashable, ...]) -> None:
        spellings = self._spellings[kind]
        if text in spellings:
            return
        spellings.add(text)
        use = _Use(text, path, at)
        earlier = self._first[kind].setdefault(slug(text), use)
        if earlier is not use:
            self.problems.append(_problem(kind, use, earlier))
            self.involved |= {use.path, earlier.path}


# A name that names a page: its kind, its text and where it is written.
Name = tuple[str, str, tuple[str | int, ...]]


def page_of(kind: str, text: str) -> str:
    """The page a name names: names of one kind that share a slug share a page."""
    return f"{kind}:{slug(text)}"


def names_in(meeting: Meeting) -> list[Name]:
    """The committee's name and each measure's: all this check reads of a meeting."""
    found: list[Name] = [("committee", meeting.committee, ("committee",))]
    for i, item in enumerate(meeting.items):
        for j, measure in enumerate(item.measures):
            at = "code" if measure.code else "title" if measure.title else None
            where: tuple[str | int, ...] = ("items", i, "measures", j, at) if at else ("items", i, "title")
            found.append(("measure", measure_name(measure, item), where))
    return found


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
