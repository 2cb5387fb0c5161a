"""Checks within one meeting: the front matter against itself and against the body.

Each check is a small function that reports through ``source.problem`` at the YAML
value or body line at fault. Checks across meetings live in :mod:`minutes_kit.corpus`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from pathlib import Path

from .body import Body
from .models import Meeting, Person
from .reader import Source

_ALLCAPS = re.compile(r"(?<![\w&/-])([A-Z]{2,})s?(?![\w&])")
_ROMAN = re.compile(r"^[IVXLC]+$")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_SPEAKERS = re.compile(r"^\s*((?:[A-Z]{2,5})(?:\s*(?:/|,|&|and)\s*[A-Z]{2,5})*)\s+[a-z]")
_NOISE = re.compile(r"`[^`]*`|<[^>]*>|\]\([^)]*\)|https?://\S+")
_DATE_IN_NAME = re.compile(r"\d{4}-\d{2}-\d{2}")

Check = Callable[[Meeting, Source, Body], None]


def check_meeting(meeting: Meeting, source: Source, body: Body) -> None:
    for check in CHECKS:
        check(meeting, source, body)


def _at(source: Source, *path: object) -> tuple[int, int]:
    return source.positions.of(tuple(path))


def resolve(meeting: Meeting, who: str) -> Person | None:
    """The person of the meeting that ``who`` (initials or full name) names."""
    folded = who.strip().casefold()
    for person in meeting.people:
        if folded in (person.initials.casefold(), person.name.casefold()):
            return person
    return None


def _unknown_person(meeting: Meeting, who: str) -> str:
    close = difflib.get_close_matches(
        who, [p.initials for p in meeting.people] + [p.name for p in meeting.people], n=3
    )
    hint = "did you mean " + " or ".join(close) + "? " if close else ""
    return hint + "add them to attendees, in_attendance, apologies or absent"


def file_name_date(meeting: Meeting, source: Source, body: Body) -> None:
    found = _DATE_IN_NAME.findall(Path(source.path).name)
    expected = meeting.date.isoformat()
    if expected not in found:
        said = f"carries {found[0]}" if found else "carries no date"
        source.problem("filename-date", *_at(source, "date"),
                       f"the file name {said} but the meeting is dated {expected}",
                       f"rename the file to end in -{expected}.md, or correct the date")


def times(meeting: Meeting, source: Source, body: Body) -> None:
    if meeting.start and meeting.end and meeting.end <= meeting.start:
        source.problem("end-before-start", *_at(source, "end"),
                       f"the meeting ends ({meeting.end:%H:%M}) before it starts "
                       f"({meeting.start:%H:%M})", "times are 24-hour: 2pm is 14:00")


def approval(meeting: Meeting, source: Source, body: Body) -> None:
    if meeting.status == "approved" and meeting.approved is None:
        source.problem("approval", *_at(source, "status"), "approved minutes need an approval date",
                       "add `approved: YYYY-MM-DD`, the meeting that approved them")
    elif meeting.approved and meeting.approved < meeting.date:
        source.problem("approval", *_at(source, "approved"),
                       f"approved on {meeting.approved} before the meeting of {meeting.date}",
                       "minutes are approved at or after the meeting they record")


def people(meeting: Meeting, source: Source, body: Body) -> None:
    seen: dict[str, str] = {}
    groups = ("attendees", "in_attendance", "substitutes", "apologies", "absent")
    present = {p.initials for p in meeting.present}
    for group in groups:
        for i, person in enumerate(getattr(meeting, group)):
            where = _at(source, group, i, "initials")
            if person.initials in seen and seen[person.initials] != person.name:
                source.problem("duplicate-initials", *where,
                               f"{person.initials} is both {seen[person.initials]} and {person.name}",
                               "give one of them distinct initials, e.g. JSm")
            seen.setdefault(person.initials, person.name)
            if group == "apologies" and person.initials in present:
                source.problem("present-and-apology", *where,
                               f"{person.initials} is listed as present and as an apology",
                               "keep them in one list only")
    for i, sub in enumerate(meeting.substitutes):
        if sub.substitute_for not in seen:
            source.problem("unknown-person", *_at(source, "substitutes", i, "for"),
                           f"{sub.substitute_for} is not a person of the meeting",
                           _unknown_person(meeting, sub.substitute_for))
    for i, declaration in enumerate(meeting.declarations):
        if declaration.member not in seen:
            source.problem("unknown-person", *_at(source, "declarations", i, "member"),
                           f"{declaration.member} is not a person of the meeting",
                           _unknown_person(meeting, declaration.member))


def items(meeting: Meeting, source: Source, body: Body) -> None:
    ids: set[str] = set()
    for i, item in enumerate(meeting.items):
        if item.id in ids:
            source.problem("duplicate-item", *_at(source, "items", i, "id"),
                           f"item {item.id!r} is declared twice", "give each item its own label")
        ids.add(item.id)
        if item.exempt and item.exempt_paragraph not in range(1, 8):
            path = ("items", i, "exempt_paragraph" if item.exempt_paragraph else "exempt")
            source.problem("exempt-paragraph", *_at(source, *path),
                           "an exempt item must cite a Schedule 12A paragraph from 1 to 7",
                           "add `exempt_paragraph: N` (e.g. 3 for financial or business affairs)")
        elif item.exempt_paragraph is not None and not item.exempt:
            source.problem("exempt-paragraph", *_at(source, "items", i, "exempt_paragraph"),
                           "a Schedule 12A paragraph is given but the item is not exempt",
                           "add `exempt: true`, or remove the paragraph")
    for i, declaration in enumerate(meeting.declarations):
        if declaration.item not in ids:
            source.problem("unknown-item", *_at(source, "declarations", i, "item"),
                           f"there is no item {declaration.item!r}",
                           "items: " + ", ".join(sorted(ids)))


def actions(meeting: Meeting, source: Source, body: Body) -> None:
    for i, item in enumerate(meeting.items):
        for j, action in enumerate(item.actions):
            if resolve(meeting, action.owner) is None:
                source.problem("unknown-person", *_at(source, "items", i, "actions", j, "owner"),
                               f"owner {action.owner!r} is not a person of the meeting",
                               _unknown_person(meeting, action.owner))
            if action.due and action.due.end < meeting.date:
                source.problem("due-before-meeting", *_at(source, "items", i, "actions", j, "due"),
                               f"due {action.due.describe()}, before the meeting of {meeting.date}",
                               "check the year")


def sections(meeting: Meeting, source: Source, body: Body) -> None:
    labelled = {h.item_label: h for h in body.headings if h.item_label}
    declared = {item.id for item in meeting.items}
    for i, item in enumerate(meeting.items):
        if item.id not in labelled:
            source.problem("item-without-section", *_at(source, "items", i, "id"),
                           f"item {item.id!r} ({item.title}) has no section in the body",
                           f"add a heading such as `## {item.id}) {item.title}`")
    for label, heading in labelled.items():
        if label not in declared:
            source.problem("section-without-item", heading.line, 1,
                           f"the section {heading.text!r} is not an item of the front matter",
                           f"add an item with `id: {label}` under items, or reword the heading")


def vocabulary(meeting: Meeting, source: Source, body: Body) -> None:
    """Initials in speaker position must be people; other capitals must be declared."""
    initials = {p.initials for p in meeting.people}
    known = initials | set(meeting.abbreviations)
    codes = sorted({code for item in meeting.items
                    for code in (item.code, *(m.code for m in item.measures)) if code},
                   key=len, reverse=True)
    reported: set[str] = set()
    texts = [(h.line, h.text, False) for h in body.headings]
    for block in body.blocks:
        for offset, text in enumerate(block.lines):
            texts.append((block.line + offset, text, offset == 0 or bool(_LIST_MARKER.match(text))))
    for line, raw, starts in texts:
        text = _NOISE.sub(lambda m: " " * len(m.group()), raw)
        for code in codes:
            text = text.replace(code, " " * len(code))
        speakers = _SPEAKERS.match(_LIST_MARKER.sub(lambda m: " " * len(m.group()), text))
        if starts and speakers:
            for m in re.finditer(r"[A-Z]{2,5}", speakers.group(1)):
                if m.group() not in known and m.group() not in reported:
                    reported.add(m.group())
                    source.problem("unknown-person", line, speakers.start(1) + m.start() + 1,
                                   f"{m.group()} is not a person of the meeting",
                                   _unknown_person(meeting, m.group())
                                   + " (or, if it is an abbreviation, declare it)")
        for m in _ALLCAPS.finditer(text):
            word = m.group(1)
            if word in known or word in reported or _ROMAN.match(word):
                continue
            reported.add(word)
            source.problem("undeclared-abbreviation", line, m.start() + 1,
                           f"{word} is not a declared abbreviation",
                           f"add `{word}: <what it stands for>` under abbreviations")


CHECKS: list[Check] = [file_name_date, times, approval, people, items, actions, sections, vocabulary]
