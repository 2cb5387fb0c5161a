"""Dates, times and names as legacy minutes write them in running text.

Each finder returns what it matched as written, so the draft keeps the source's own
words where the format reads them (``6.00 p.m.``, ``30th September 2009``) and every
value can be traced back to the source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, time

from .. import values

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DATES = [
    re.compile(
        r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?"
        + _MONTH
        + r",?\s+(?P<year>(?:18|19|20|21)\d\d)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b" + _MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year>(?:18|19|20|21)\d\d)\b",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?P<year>(?:18|19|20|21)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(r"\b(?P<day>[0-3]?\d)/(?P<month>[01]?\d)/(?P<year>(?:18|19|20|21)\d\d)\b"),
]
_TIME = re.compile(
    r"(?<![\d.:/])(?:(?:1[0-2]|0?[1-9])(?:[.:][0-5]\d)?\s?[ap]\.?\s?m\b\.?"
    r"|(?:[01]?\d|2[0-3])[.:][0-5]\d(?![\d%]|\.\d)|(?:12\s?)?noon)",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Found:
    """A value read from the text, the words it was read from, and where they start."""

    value: object
    said: str
    start: int


def flat(text: str) -> str:
    """The text on one line: wrapped lines joined, runs of spaces made one."""
    return _SPACE.sub(" ", text).strip()


def dates(text: str) -> Iterator[Found]:
    """Every date written in ``text``, in order."""
    seen: list[Found] = []
    for pattern in _DATES:
        for match in pattern.finditer(text):
            month = match["month"]
            number = MONTHS.get(month.lower().rstrip(".")) if not month.isdigit() else int(month)
            try:
                found = date(int(match["year"]), number or 0, int(match["day"]))
            except ValueError:
                continue
            if not any(s.start <= match.start() < s.start + len(s.said) for s in seen):
                seen.append(Found(found, match.group(0), match.start()))
    yield from sorted(seen, key=lambda f: f.start)


def first_date(text: str) -> Found | None:
    return next(dates(text), None)


def times(text: str) -> Iterator[Found]:
    """Every time of day written in ``text``, as the format can read it, in order."""
    for match in _TIME.finditer(text):
        said = match.group(0).strip()
        if said.endswith("m.") and not said.endswith(".m."):
            said = said[:-1]  # the full stop that ends a sentence
        try:
            found = values.time_of_day(said)
        except ValueError:
            continue
        yield Found(found, said, match.start())


def first_time(text: str) -> Found | None:
    return next(times(text), None)


def time_text(found: Found) -> str:
    """How to write a found time: as the source wrote it when the format reads it so."""
    assert isinstance(found.value, time)
    return found.said


_SMALL = {"and", "of", "the", "for", "in", "on", "to", "a", "an", "at", "by"}


def untitled(text: str) -> str:
    """A name typed in capitals, in the case it is usually written: MARSHFORD DISTRICT
    COUNCIL is Marshford District Council. Text in mixed case is kept as it is."""
    if any(c.islower() for c in text):
        return text
    words = text.lower().split(" ")
    return " ".join(w if i and w in _SMALL else w[:1].upper() + w[1:] for i, w in enumerate(words))
