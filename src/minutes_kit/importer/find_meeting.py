"""The meeting itself, from the lines before the first minute: organisation, committee,
date, start time, venue and the lists of people (``Present:``, ``Officers:``, ...)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block
from .find_people import Person, people_in, substitutes_said
from .text import Found, dates, first_time, flat, untitled

_LABEL = re.compile(
    r"^\s*(?P<label>members\s+present|councillors\s+present|present|attendees|attendance|"
    r"officers(?:\s+present|\s+in\s+attendance)?|in\s+attendance|also\s+(?:present|in\s+attendance)|"
    r"apologies(?:\s+for\s+absence)?(?:\s+were\s+received\s+from)?|absent|substitutes?|date|time|venue|place|location)"
    r"\s*(?:[:\-\u2013]\s*|\s{2,})(?P<value>.*)",
    re.IGNORECASE | re.DOTALL,
)
GROUP = {
    "present": "attendees",
    "members present": "attendees",
    "councillors present": "attendees",
    "attendees": "attendees",
    "attendance": "attendees",
    "absent": "absent",
}
_BODY_WORDS = (
    r"(?:Sub-Committee|Committee|Board|Panel|Cabinet|Forum|Group|Commission|Partnership|Surgery|Executive)"
)
_ORG_WORDS = r"\b(?:Council|Authority|Trust|NHS|Corporation|Parish|Borough|County)\b"
_OF_BODY = re.compile(rf"\bmeeting\s+of\s+(?:the\s+)?(?P<body>[A-Z][\w&',\- ]*?{_BODY_WORDS})\b")
# A meeting of the council itself (the full or parish council): no committee word follows.
_OF_COUNCIL = re.compile(
    r"\bmeeting\s+of\s+(?:the\s+)?(?P<body>(?:[A-Z][\w&'\-]*\s+){0,4}Council)\b(?!\s*(?:'s|\u2019s|[A-Z]))"
)
_VENUE = re.compile(
    r"\b(?:held\s+)?(?:in|at)\s+(?:the\s+)?(?P<venue>[A-Z][^.]*?)(?=,?\s+(?:commencing|starting|beginning|"
    r"at\s+\d|on\s+[A-Z0-9]|from\s+\d)|\.\s*$|$)"
)


@dataclass
class Preamble:
    organisation: tuple[str, int] | None = None
    committee: tuple[str, int] | None = None
    date: tuple[Found, int] | None = None
    start: tuple[Found, int] | None = None
    venue: tuple[str, int] | None = None
    people: list[Person] = field(default_factory=list)
    substitutions: list[tuple[str, str, int]] = field(default_factory=list)
    first_line: int = 1


def read_preamble(blocks: list[Block]) -> Preamble:
    found = Preamble(first_line=blocks[0].line if blocks else 1)
    for block in blocks:
        if block.kind == "table":
            continue
        for text, line in _segments(block):
            _read_line(text, line, block, found)
    return found


def _segments(block: Block) -> list[tuple[str, int]]:
    """The block split where a line starts with a label (``Venue:``), each with its line."""
    segments: list[tuple[str, int]] = []
    for offset, line in enumerate(block.text.split("\n")):
        if _LABEL.match(line) or not segments:
            segments.append((line, block.line + offset))
        else:
            segments[-1] = (segments[-1][0] + "\n" + line, segments[-1][1])
    return segments


def _read_line(text: str, line: int, block: Block, found: Preamble) -> None:
    label = _LABEL.match(text)
    if label is not None:
        name = flat(label["label"]).lower()
        value = label["value"]
        if name in ("date", "time"):
            _when(value, line, found)
        elif name in ("venue", "place", "location"):
            found.venue = found.venue or (flat(value).rstrip("."), line)
            _when(value, line, found)
        elif name.startswith("substitute"):
            for chunk in re.split(r"\s*[,;]\s*", flat(value).rstrip(".")):
                found.substitutions += [
                    (s, r, line) for s, r in substitutes_said(chunk.replace(" for ", " substituting for "))
                ]
        else:
            group = GROUP.get(name, "apologies" if name.startswith("apolog") else "in_attendance")
            found.people += people_in(value, group, line)
        return
    one = flat(text)
    found.substitutions += [(s, r, line) for s, r in substitutes_said(one)]
    short = len(one) <= 90 and not one.endswith(".") and not re.match(r"(?i)^minutes\b", one)
    of_body = _OF_BODY.search(one) or _OF_COUNCIL.search(one)
    if of_body and not found.committee:
        found.committee = (untitled(of_body["body"]), line)
    if (
        short
        and re.search(_ORG_WORDS, one, re.IGNORECASE)
        and not re.search(_BODY_WORDS + "$", untitled(one))
    ):
        found.organisation = found.organisation or (untitled(one), line)
    elif short and re.search(_BODY_WORDS + r"$", untitled(one)) and not found.committee:
        found.committee = (untitled(one), line)
    if re.search(r"(?i)\b(held|meeting)\b", one) or block.kind != "heading":
        _when(one, line, found)
        venue = _VENUE.search(_without_dates(one))
        if venue and not found.venue and not re.match(r"(?i)^\d", venue["venue"]):
            found.venue = (venue["venue"].strip(" ,"), line)


def _when(text: str, line: int, found: Preamble) -> None:
    day = next(dates(text), None)
    if day is not None and found.date is None:
        found.date = (day, line)
    rest = _without_dates(text)
    time = first_time(rest)
    if time is not None and found.start is None and (found.date is not None or day is not None):
        found.start = (time, line)
        after = re.match(r"^,\s*(?P<venue>[A-Z][^.]*)", rest[time.start + len(time.said) :])
        if after and found.venue is None:
            found.venue = (after["venue"].strip(), line)


def _without_dates(text: str) -> str:
    for day in dates(text):
        text = text.replace(day.said, " " * len(day.said))
    return text
