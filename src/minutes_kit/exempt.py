"""Exempt (Part II) items, kept apart from the published minutes by construction.

Councils keep the minutes of items taken in private as a separate confidential record.
Here that record is the *exempt part* of a meeting: ``exempt/`` followed by the path of
the meeting's minutes under ``minutes/``. The minutes hold only a notice of each exempt
item (its id, minute number, a title in general terms and the Schedule 12A paragraph);
the exempt part holds its record and narrative. A public build, the register and every
public export read ``minutes/`` and ``actions/`` alone, so they cannot publish what they
never open; ``check``, internal builds and ``--include-exempt`` read both.
"""

from __future__ import annotations

import os

from . import body as markdown
from .consistency import PART_CHECKS, check_meeting
from .models import ExemptPart, Item, Meeting
from .problems import Problem
from .reader import Source, read
from .validate import validate
from .yamlpos import Positions


def view(meeting: Meeting, part: ExemptPart) -> Meeting:
    """The meeting as its exempt part records it: the part's items (each with its notice's
    minute number and paragraph, in the part's order so positions stay aligned), its
    matters arising, and the abbreviations of both."""
    notices = {item.id: item for item in meeting.items if item.exempt}
    items = []
    for record in part.items:
        notice = notices.get(record.id)
        items.append(Item.model_construct(
            **dict(record), exempt=True,
            reference=notice.reference if notice else None,
            exempt_paragraph=notice.exempt_paragraph if notice else None,
            confidential=notice.confidential if notice else False,
        ))
    return meeting.model_copy(update={
        "items": items, "matters_arising": part.matters_arising,
        "abbreviations": {**meeting.abbreviations, **part.abbreviations},
    })


def merged(meeting: Meeting, part: Meeting) -> Meeting:
    """The whole meeting, for internal use: each notice replaced by its exempt record."""
    records = {item.id: item for item in part.items}
    return meeting.model_copy(update={
        "items": [records.get(item.id, item) if item.exempt else item for item in meeting.items],
        "matters_arising": [*meeting.matters_arising, *part.matters_arising],
        "abbreviations": part.abbreviations,
    })


def read_part(path: str, meeting: Meeting | None,
              minutes_path: str) -> tuple[Source, Meeting | None, markdown.Body | None]:
    """One exempt part as read: its source (problems recorded on it) and, when both it and
    its minutes are valid, the meeting as it records it and its narrative."""
    source = read(path)
    part = validate(source, ExemptPart) if source.data is not None else None
    if meeting is None:
        if not os.path.isfile(minutes_path):
            source.problem("exempt-without-minutes", 1, 1,
                           f"there are no minutes at {minutes_path} for this exempt part",
                           "an exempt part sits at exempt/ followed by the path of its minutes "
                           "under minutes/; move or rename it to match")
        return source, None, None
    if part is None:
        return source, None, None
    notices = {item.id for item in meeting.items if item.exempt}
    seen: set[str] = set()
    for i, record in enumerate(part.items):
        where = source.positions.of(("items", i, "id"))
        if record.id in seen:
            source.problem("duplicate-item", *where, f"item {record.id!r} is declared twice",
                           "give each item its own label")
        seen.add(record.id)
        if record.id not in notices:
            source.problem("exempt-without-notice", *where,
                           f"the minutes have no exempt item {record.id!r} for this record",
                           f"add to the minutes' items `- {{id: {record.id!r}, title: <a title in "
                           "general terms>, exempt: true, exempt_paragraph: N}`")
    recorded = view(meeting, part)
    body = markdown.parse(source.body, source.body_line)
    check_meeting(recorded, source, body, PART_CHECKS)
    return source, recorded, body


def missing_records(path: str, meeting: Meeting, part: Meeting | None,
                    positions: Positions) -> list[Problem]:
    """Notices in the minutes whose record is not in the exempt part: the confidential
    record would be incomplete."""
    recorded = {item.id for item in part.items} if part else set()
    return [Problem(path, *positions.of(("items", i)), "exempt-part-missing",
                    f"the exempt item {item.id!r} has no record in its exempt part",
                    "write its record and narrative in exempt/ followed by this file's path under minutes/")
            for i, item in enumerate(meeting.items) if item.exempt and item.id not in recorded]
