"""Minute numbers: councils number their minutes through each municipal year ("15/09" is
the 15th minute of 2009/10, the year starting at the annual meeting in spring) and cite
them by number ("see minute 15/09"), so one number names one minute of a committee.

A number of the form N/YY is an item's id, or else its ``reference``. A gap or a step
back within one meeting, and a number used again by a later meeting, are warnings: the
citation would be ambiguous or point at nothing, though the minutes may be right.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from .body import Body
from .models import MINUTE_NUMBER, Meeting
from .problems import Problem
from .reader import Source
from .yamlpos import Positions


class Minutes(Protocol):
    path: str
    meeting: Meeting | None
    positions: Positions


def numbered(meeting: Meeting) -> Iterator[tuple[tuple[str | int, ...], str, int, int]]:
    """Each item's minute number of the form N/YY: its path, as written, N and YY."""
    for i, item in enumerate(meeting.items):
        for key in ("id", "reference"):
            written = getattr(item, key)
            match = MINUTE_NUMBER.match(written) if written else None
            if match:
                yield ("items", i, key), written, int(match.group(1)), int(match.group(2))
                break


def paths(meeting: Meeting) -> list[tuple[object, ...]]:
    """Where the numbers are written: what the check across meetings points at."""
    return [path for path, *_ in numbered(meeting)]


def skips(meeting: Meeting, source: Source, body: Body) -> None:
    """Within a meeting the numbers of one year run on by one."""
    previous: tuple[str, int, int] | None = None
    for path, written, number, year in numbered(meeting):
        if previous is not None and previous[2] == year and number != previous[1] + 1:
            expected = f"{previous[1] + 1}/{year:02d}"
            said = (f"jumps from {previous[0]}: {expected} is missing" if number > previous[1]
                    else f"comes after {previous[0]}: numbers run on through the year")
            source.problem("minute-number-skipped", *source.positions.of(path),
                           f"minute {written} {said}",
                           f"number this minute {expected}, or check the minute before it")
        previous = (written, number, year)


class Repeats:
    """A committee uses each number once in its year: a later meeting that numbers a
    minute as an earlier one did makes "see minute 15/09" ambiguous. Meetings are added
    in date order."""

    def __init__(self) -> None:
        self._first: dict[tuple[str, int, int], tuple[str, int]] = {}
        self.problems: list[Problem] = []
        self.causes: list[str] = []  # of each problem: the number (see `cause`)

    def add(self, document: Minutes) -> None:
        if document.meeting is None:
            return
        committee = document.meeting.committee
        for path, written, number, year in numbered(document.meeting):
            line, column = document.positions.of(path)
            earlier = self._first.setdefault((committee, number, year), (document.path, line))
            if earlier[0] != document.path:
                self.causes.append(cause(committee, number, year))
                self.problems.append(Problem(
                    document.path, line, column, "minute-number-repeated",
                    f"minute {written} of {committee} is already used at {earlier[0]}:{earlier[1]}",
                    "a number names one minute of the committee's municipal year: give this "
                    "minute the next number after the last one used, or check its year (/YY)"))


def cause(committee: str, number: int, year: int) -> str:
    """What a repeated number's problem is kept by (see minutes_kit.increment)."""
    return f"n:{committee}\0{number}/{year}"


def causes(meeting: Meeting) -> list[str]:
    return [cause(meeting.committee, number, year) for _, _, number, year in numbered(meeting)]
