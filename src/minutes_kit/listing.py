"""A list of actions in the formats people take them away in: a terminal table, CSV for a
spreadsheet, JSON, a Markdown table, and iCalendar for Outlook or Google Calendar."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from .escape import calendar_text, csv_cell, markdown_inline, terminal

if TYPE_CHECKING:
    from .lives import Life
    from .people import Identity
    from .timeframes import Due

Lister = Callable[[Sequence["Life"], date], str]


def short_due(life: Life) -> str:
    return life.due.describe(short=True) if life.due else "-"


def status_text(life: Life, as_of: date) -> str:
    return "overdue" if life.overdue(as_of) else life.status


def day_text(day: date) -> str:
    """The one way a published page writes a day: '24 February 2012' (no ISO dates, no
    abbreviated months), as the minutes themselves do."""
    return f"{day.day} {day:%B %Y}"


def days_late(life: Life, as_of: date) -> int:
    """Whole days past the last day due, as of the register's date (never the clock); 0
    when not overdue."""
    return (as_of - life.due.end).days if life.due and life.overdue(as_of) else 0


FIELDS = ["id", "text", "owner", "owner_name", "committee", "item", "item_title", "raised", "due",
          "due_by", "status", "overdue", "closed", "last_note"]


def owner_names(life: Life) -> str:
    return ", ".join(owner.written for owner in life.owners)


def owner_list(life: Life) -> list[dict[str, Any]]:
    """Every owner, for JSON: a post says so, and who holds it when the directory does."""
    return [{"id": o.id, "name": o.name, "post": o.post, **({"holder": o.holder} if o.holder else {})}
            for o in life.owners]


def record(life: Life, as_of: date) -> dict[str, Any]:
    """One action as plain data: the row of CSV and JSON. Joint owners share the
    ``owner`` and ``owner_name`` cells, joined by "; " (JSON adds ``owners``)."""
    last_note = next((e.note for e in reversed(life.history) if e.note), "")
    return {
        "id": life.id,
        "text": life.text,
        "owner": "; ".join(owner.id for owner in life.owners),
        "owner_name": "; ".join(owner.written for owner in life.owners),
        "committee": life.committee,
        "item": life.item,
        "item_title": life.item_title,
        "raised": life.raised.isoformat(),
        "due": str(life.due) if life.due else "",
        "due_by": life.due.end.isoformat() if life.due else "",
        "status": life.status,
        "overdue": life.overdue(as_of),
        "closed": life.closed.isoformat() if life.closed else "",
        "last_note": last_note or "",
    }


def table(lives: Sequence[Life], as_of: date) -> str:
    """Fits an 80-column terminal: the action's text wraps in the room left."""
    if not lives:
        return "no actions match"
    # Most actions share their owners, due date and status: each such cell is made once.
    owners: dict[tuple[Identity, ...], str] = {}
    dues: dict[Due | None, str] = {}
    for life in lives:
        if life.owners not in owners:
            owners[life.owners] = terminal(_initials(life))
        if life.due not in dues:
            dues[life.due] = short_due(life)
    id_width = max(len("ID"), *(len(life.id) for life in lives))
    owner_room = 80 - 24 - 2 * 4 - id_width - 12 - 11  # leave the action's text 24 columns
    owner_width = max(len("OWNER"), min(owner_room, max(map(len, owners.values()))))
    room = max(24, 80 - (id_width + owner_width + 12 + 11) - 2 * 4)
    owner_cells = {key: _cell(text, owner_width) for key, text in owners.items()}
    due_cells = {key: _cell(text, 12) for key, text in dues.items()}
    status_cells: dict[str, str] = {}
    indent = " " * (80 - room)
    lines = [f"{_cell('ID', id_width)}  {_cell('OWNER', owner_width)}  {_cell('DUE', 12)}  "
             f"{_cell('STATUS', 11)}  ACTION"]
    for life in lives:
        status = status_text(life, as_of)
        if status not in status_cells:
            status_cells[status] = _cell(status, 11)
        wrapped = wrap(terminal(life.text), room) or [""]
        lines.append(f"{_cell(terminal(life.id), id_width)}  {owner_cells[life.owners]}  "
                     f"{due_cells[life.due]}  {status_cells[status]}  {wrapped[0]}".rstrip())
        lines += [indent + more for more in wrapped[1:]]
    return "\n".join(lines)


def _cell(value: str, width: int) -> str:
    return f"{_fit(value, width):<{width}}"


def wrap(text: str, width: int) -> list[str]:
    """``textwrap.wrap(text, width)``, line for line, five times faster for text of words
    and single-width spaces (the usual action): a table of 10,000 actions spent half its
    time wrapping. Other text (tabs, hyphens, other spaces) is left to textwrap."""
    if width < 1 or "-" in text or not text.isprintable():  # printable: no space but " "
        return textwrap.wrap(text, width)
    # Positions stand for textwrap's chunks (runs of spaces, runs of the rest): a line
    # takes the chunks that fit, a chunk longer than a line is cut to fill it, and a
    # line's leading run of spaces (but the first line's) and trailing run are dropped.
    lines: list[str] = []
    end = len(text)
    at = 0
    while at < end:
        if lines and text[at] == " ":
            at = end - len(text[at:].lstrip(" "))
            if at == end:
                break
        stop = at + width
        if stop >= end:
            last = text[at:].rstrip(" ")
            if last:
                lines.append(last)
            break
        if (text[stop - 1] == " ") != (text[stop] == " "):
            cut = stop  # the last chunk that fits ends at the line's end
        elif text[stop] == " ":
            cut = at + len(text[at:stop].rstrip(" "))  # where the run of spaces at the end starts
        else:
            cut = text.rfind(" ", at, stop) + 1 or at  # where the word at the end starts
        if text[cut] == " ":
            following = end - len(text[cut:].lstrip(" "))
        else:
            space = text.find(" ", cut)
            following = space if space >= 0 else end
        if following - cut > width:  # longer than any line: cut to fill this one
            piece = text[cut:stop]
            line = text[at:stop] if piece and piece[-1] != " " else text[at:cut]
            at = stop
        else:
            line = text[at:cut].rstrip(" ") if text[cut - 1] == " " else text[at:cut]
            at = cut
        if line:
            lines.append(line)
    return lines


def _fit(value: str, width: int) -> str:
    """Long owners (posts, several people) end in an ellipsis: the table keeps 80 columns."""
    return value if len(value) <= width else value[:width - 1] + "\u2026"


def _initials(life: Life) -> str:
    return ", ".join(owner.short for owner in life.owners)


def as_csv(lives: Sequence[Life], as_of: date) -> str:
    buffer = io.StringIO()
    rows = [{k: csv_cell(v) if isinstance(v, str) else v for k, v in record(life, as_of).items()}
            for life in lives]
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def as_json(lives: Sequence[Life], as_of: date) -> str:
    items = []
    for life in lives:
        entry = record(life, as_of)
        entry["owners"] = owner_list(life)
        entry["history"] = [
            {"date": e.date.isoformat(), "by": e.said_by, "source": e.source, "line": e.line,
             **{k: v for k, v in (("status", e.status), ("note", e.note),
                                  ("due", str(e.due) if e.due else None),
                                  ("owner", "; ".join(o.id for o in e.owners))) if v}}
            for e in life.history
        ]
        items.append(entry)
    return json.dumps({"as_of": as_of.isoformat(), "actions": items}, indent=2, ensure_ascii=False) + "\n"


def markdown(lives: Sequence[Life], as_of: date) -> str:
    lines = ["| id | action | owner | due | status |", "| --- | --- | --- | --- | --- |"]
    for life in lives:
        lines.append(f"| `{life.id}` | {markdown_inline(life.text)} | {markdown_inline(owner_names(life))} | "
                     f"{short_due(life)} | {status_text(life, as_of)} |")
    return "\n".join(lines) + "\n"


def ics(lives: Sequence[Life], as_of: date) -> str:
    """One all-day event per action on the last day it is due; no due date, no event.
    The ``icalendar`` library escapes and folds the text as RFC 5545 says; it is
    imported here, as only this export needs it (it costs every other command 45 ms)."""
    import icalendar

    calendar = icalendar.Calendar()
    for key, value in (("version", "2.0"), ("prodid", "-//minutes-kit//action register//EN"),
                       ("calscale", "GREGORIAN"), ("method", "PUBLISH")):
        calendar.add(key, value)
    stamp = datetime.combine(as_of, time(), tzinfo=UTC)
    for life in lives:
        if life.due is None:
            continue
        event = icalendar.Event()
        event.add("uid", f"{life.id}@minutes-kit")
        event.add("dtstamp", stamp)
        event.add("dtstart", life.due.end)
        event.add("dtend", life.due.end + timedelta(days=1))
        event.add("summary", calendar_text(f"Action {life.id} due: {life.text}"))
        event.add("description", calendar_text(
            f"{life.committee}, item {life.item} ({life.item_title}). Owner: {owner_names(life)}. "
            f"Due: {life.due.describe()}. Status: {life.status}."))
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


LISTERS: dict[str, Lister] = {"table": table, "csv": as_csv, "json": as_json, "markdown": markdown,
                              "ics": ics}
