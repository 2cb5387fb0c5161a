"""Actions and their owners and due dates: ``ACTION HWB-36: SM and CR to meet ... by 30
April 2014``, resolution parts that give a person or post a task with a date (``that the
Benefits Manager prepare a plan by 31st July 2009``), and action-log tables, whose rows are
new actions or, with an update column, progress on earlier ones."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .. import statuses
from ..timeframes import Due
from .find_people import Register
from .text import dates, flat

_ACTION = re.compile(
    r"^(?:ACTION|Action)(?:\s+(?:point\s+)?(?P<id>[A-Za-z][A-Za-z0-9._-]*\d))?\s*[:\-\u2013]\s*(?P<rest>.+)$",
    re.DOTALL,
)
_OWNER_TASK = re.compile(r"^(?P<owner>.+?)\s+to\s+(?P<task>[a-z].+)$", re.DOTALL)
_PART_TASK = re.compile(
    r"^(?:that\s+)?(?P<owner>(?:the\s+)?[A-Z][\w&'\u2019-]*(?:\s+(?:of|and|for|&|[A-Z][\w&'\u2019-]*))*?)\s+"
    r"(?:be\s+(?:asked|requested|instructed|authorised)\s+to\s+)?(?!(?:of|and|for)\b)(?P<verb>[a-z]+)\b"
)
_MONTH_YEAR = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+(?:18|19|20|21)\d\d\b"
)
_POST = re.compile(
    r"\b(?:Manager|Director|Head|Officer|Chief|Clerk|Lead|Executive|Secretary|Team|Service|"
    r"Services|Chair|Chairman|Leader|Member|Advisor|Adviser|Coordinator|Co-ordinator|Solicitor|"
    r"Treasurer|Engineer|Inspector|Unit|Department|Portfolio Holder|Monitoring)\b"
)
_JOINED = re.compile(r"\s*(?:,|&|\band\b)\s*")
_DONE = re.compile(r"(?i)\b(?:complete[d]?|done|has been (?:done|sent|circulated|held|agreed|published))\b")
_GOING = re.compile(r"(?i)\b(?:in progress|ongoing|under way|underway)\b")
_DROPPED = re.compile(r"(?i)\b(?:no longer (?:needed|required)|withdrawn|dropped)\b")
Mark = Callable[[str, str], str]


def due_in(text: str) -> str | None:
    """The due date a task gives (``by 30th September 2009``, ``by June 2014``), as written."""
    said = flat(text)
    tail = said[said.rfind(" by ") :] if " by " in said else ""
    for found in [*[d.said for d in dates(tail)], *_MONTH_YEAR.findall(tail)]:
        try:
            Due.parse(found)
        except ValueError:
            continue
        return found
    return None


def owner_of(said: str, people: Register, mark: Mark) -> str | list[str]:
    """The owner as the format writes it: initials of people of the meeting, a post with
    'the', several jointly as a list; a marker when the source names someone else."""
    said = flat(said).strip(" .,:")
    parts = (
        [p for p in _JOINED.split(said) if p]
        if not re.match(r"(?i)^the\b", said) or " and " in said
        else [said]
    )
    owners: list[str] = []
    for part in parts:
        person = people.find(part)
        if person is not None:
            owners.append(person.initials or person.name)
        elif _POST.search(part):
            owners.append(
                re.sub(r"^(?:The|the)\s+", "the ", part) if re.match(r"(?i)^the\s", part) else f"the {part}"
            )
        else:
            return mark("owner", f"who {said!r} is")
    return owners[0] if len(owners) == 1 else owners


def action_line(text: str, people: Register, mark: Mark) -> dict[str, Any] | None:
    """The action of an ``ACTION:`` paragraph; None for other paragraphs."""
    match = _ACTION.match(flat(text))
    if match is None:
        return None
    rest = match["rest"].strip()
    task = _OWNER_TASK.match(rest)
    action: dict[str, Any] = {}
    if match["id"]:
        action["id"] = match["id"]
    if task is None:
        action["text"], action["owner"] = rest.rstrip("."), mark("owner", "who is to do it")
    else:
        action["owner"] = owner_of(task["owner"], people, mark)
        action["text"] = _task(task["task"])
    due = due_in(rest)
    if due:
        action["due"] = due
    return action


def _task(said: str) -> str:
    due = due_in(said)
    if due:
        said = re.sub(r"\s+by\s+(?:the\s+end\s+of\s+)?" + re.escape(due) + r".*$", "", said)
    said = said.strip().rstrip(".;")
    return said[:1].upper() + said[1:] + "."


def part_action(part: dict[str, str], people: Register, mark: Mark) -> dict[str, Any] | None:
    """The task a resolution's part gives a person or post, when it gives one a date."""
    match = _PART_TASK.match(part["text"])
    due = due_in(part["text"])
    if match is None or due is None or match["verb"] in ("be", "is", "are", "was", "were", "has", "have"):
        return None
    owner = match["owner"]
    if people.find(owner) is None and not _POST.search(owner):
        return None
    return {"owner": owner_of(owner, people, mark), "due": due}


def _column(header: tuple[str, ...], pattern: str) -> int | None:
    return next((i for i, cell in enumerate(header) if re.search(pattern, cell, re.IGNORECASE)), None)


def action_table(
    rows: tuple[tuple[str, ...], ...], people: Register, mark: Mark
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]] | None:
    """The actions and the updates of an action-log table; None for other tables."""
    if len(rows) < 2:
        return None
    header = rows[0]
    what, who = _column(header, r"action|task"), _column(header, r"owner|lead|responsib|who|by whom")
    if what is None or who is None:
        return None
    ident = _column(header, r"^\s*(?:id|ref|no\.?|number|action no\.?)\s*$")
    due = _column(header, r"due|deadline|by when|date")
    update = _column(header, r"update|progress|status|comment")
    actions, updates = [], []
    for row in rows[1:]:
        cell = _cells(row)
        if not cell(what):
            continue
        action: dict[str, Any] = {"text": cell(what).rstrip(".") + "."}
        if cell(ident):
            action["id"] = cell(ident)
        action["owner"] = (
            owner_of(cell(who), people, mark) if cell(who) else mark("owner", "who is to do it")
        )
        if cell(due):
            try:
                Due.parse(cell(due))
                action["due"] = cell(due)
            except ValueError:
                pass
        if cell(update):
            updates.append({**action, "update": cell(update)})
        else:
            actions.append(action)
    return actions, updates


def _cells(row: tuple[str, ...]) -> Callable[[int | None], str]:
    """A row's cells by column, empty where the row is short or the column absent."""
    return lambda i: flat(row[i]) if i is not None and i < len(row) else ""


def update_of(said: str) -> dict[str, str]:
    """An update's status and note from what the minutes say of the action's progress."""
    said = flat(said)
    head, _, rest = said.partition(":")
    try:
        status = statuses.parse(head.strip().rstrip("."))
        note = rest.strip()
    except ValueError:
        status = (
            "done"
            if _DONE.search(said)
            else "in progress"
            if _GOING.search(said)
            else "dropped"
            if _DROPPED.search(said)
            else ""
        )
        note = said
    found = {"status": status} if status else {}
    if note:
        found["note"] = note[:1].upper() + note[1:]
    return found
