"""What the checks across meetings read of one meeting, in a few lines (a :class:`Trace`):
kept for every meeting, so that an edit to one file can be checked again against all the
others without opening them (:mod:`minutes_kit.increment`).

A trace names what the meeting's problems across files can be caused by: the actions it
raises or updates and its minute numbers (their *causes*), the ids it raises (which an
unknown id's suggestions are drawn from), the names of its pages (a digest of where
they are written, and the pages they name), a digest of its outline (the people and
posts learnt from it before any meeting is folded) and whether anything was learnt from
it that the meetings before it had not taught.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from . import minute_numbers, summary
from .collisions import names_in, page_of
from .register import cause, raised_ids

if TYPE_CHECKING:
    from .models import Meeting


class Trace(NamedTuple):
    path: str
    date: str  # as written, YYYY-MM-DD: compared as text
    outline: str  # a digest of what is learnt of it before any meeting is folded
    causes: list[str]  # the actions it raises or updates, its minute numbers
    raised: list[str]  # the ids it raises, as written
    names: str  # a digest of the names of its pages (none for an exempt part)
    exempt: bool  # an exempt part
    whole: bool  # it has exempt items: an edit to it is checked with every meeting
    novel: bool  # something was learnt from it first (see minutes_kit.register.learn)
    pages: list[str]  # the pages its names name (see minutes_kit.collisions.page_of)


def trace(path: str, meeting: Meeting, exempt: bool, novel: bool) -> Trace:
    ids = raised_ids(meeting)
    causes = [cause(update.action) for update in meeting.matters_arising] + [cause(i) for i in ids]
    if not exempt:
        causes += minute_numbers.causes(meeting)
    outline = summary.outline(meeting)
    # The posts as a set: what is learnt of them is which there are, not where.
    learnt = (outline.date, outline.people, sorted(set(outline.posts)))
    names = [] if exempt else names_in(meeting)
    return Trace(path, meeting.date.isoformat(), _digest(learnt),
                 list(dict.fromkeys(causes)), ids, _digest(names) if names else "", exempt,
                 any(item.exempt for item in meeting.items), novel,
                 list(dict.fromkeys(page_of(kind, text) for kind, text, _ in names)))


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()[:24]


class Traces:
    """Every meeting's trace, column by column, in the order folded: read and written as
    JSON without an object a meeting (10,000 meetings are about 2 MB)."""

    def __init__(self, columns: list[list[Any]]) -> None:
        self._columns = columns

    @classmethod
    def of(cls, traces: Iterable[Trace]) -> Traces:
        return cls([list(column) for column in zip(*traces, strict=True)] or [[] for _ in Trace._fields])

    def __len__(self) -> int:
        return len(self._columns[0])

    def __getitem__(self, index: int) -> Trace:
        return Trace(*(column[index] for column in self._columns))

    def __iter__(self) -> Iterator[Trace]:
        return (Trace(*row) for row in zip(*self._columns, strict=True))

    @property
    def paths(self) -> list[str]:
        return self._columns[0]

    @property
    def causes(self) -> list[list[str]]:
        return self._columns[3]

    def raised(self) -> Iterator[tuple[tuple[date, int, str], str]]:
        """Each id raised, at its turn in the fold."""
        path, day, _, _, raised, *_ = self._columns
        return (((date.fromisoformat(d), 0, p), i) for p, d, ids in zip(path, day, raised, strict=True)
                for i in ids)

    def last(self) -> tuple[str, str] | None:
        """The (date, path) of the last meeting folded."""
        return max(zip(self._columns[1], self._columns[0], strict=True), default=None)

    def replaced(self, traces: dict[int, Trace], added: Iterable[Trace], gone: Iterable[int] = ()) -> Traces:
        """These traces with those at ``traces``' indices replaced, those at ``gone``
        removed and ``added`` after them."""
        columns = [list(column) for column in self._columns]
        for index, found in traces.items():
            for column, value in zip(columns, found, strict=True):
                column[index] = value
        removed = set(gone)
        if removed:
            columns = [[value for index, value in enumerate(column) if index not in removed]
                       for column in columns]
        for found in added:
            for column, value in zip(columns, found, strict=True):
                column.append(value)
        return Traces(columns)

    def out(self) -> list[list[Any]]:
        return self._columns

    @classmethod
    def read(cls, value: Any) -> Traces:
        """The columns :meth:`out` wrote; ValueError or TypeError for anything else."""
        if type(value) is not list or len(value) != len(Trace._fields):
            raise TypeError("not traces")
        path, day, outline, causes, raised, names, exempt, whole, novel, pages = value
        count = len(path)
        if not all(type(column) is list and len(column) == count for column in value):
            raise TypeError("not columns")
        if not all(type(x) is str for column in (path, day, outline, names) for x in column):
            raise TypeError("not text")
        if not all(type(x) is list and all(type(y) is str for y in x) for column in (causes, raised, pages)
                   for x in column):
            raise TypeError("not lists of text")
        if not all(type(x) is bool for column in (exempt, whole, novel) for x in column):
            raise TypeError("not flags")
        for d in day:
            if len(d) != 10:
                raise ValueError("not a day")
            date.fromisoformat(d)
        return cls(value)
