"""The register written out as files in ``actions/``: deterministic, so they diff well.

Every generated file says so and is rewritten whole; the update files under
``actions/updates/`` are source and never touched. "Overdue" and "recently closed" are
judged as of the register's latest record (or a date given), never the clock, so the
same minutes always give the same bytes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .body import written_label
from .escape import markdown_inline as cell
from .files import write_all
from .generated import MARKER, debris_in, is_generated, leftovers
from .listing import FIELDS, as_csv, day_text, days_late, owner_list, record
from .lives import Event, FollowUp, Life, Register, sort_key
from .owners import owns
from .people import Identity

RECENT = timedelta(days=183)


@dataclass(frozen=True)
class Links:
    """Where a register page links: to the site's meeting page that raised each action when
    the register is a part of the site (``pages``: a minutes file's path to its page's
    path from the site root), else names the meeting in plain text (the committed
    ``actions/`` folder has no meeting pages to link to). ``up`` leads from the page to
    the root of ``actions/``."""

    pages: Mapping[str, str]
    up: str = ""

    def raised(self, life: Life) -> str:
        first = life.history[0]
        item = f", item {cell(life.item)}" if life.item and first.said_by != life.item_title else ""
        page = self.pages.get(first.source)
        said = f"[{cell(first.said_by)}]({self.up}../{page})" if page else cell(first.said_by)
        return f"`{life.id}`, from {said}{item}"

    def owners(self, life: Life) -> str:
        return ", ".join(f"[{cell(o.written)}]({self.up}people/{o.id}.md)" for o in life.owners)


def _due(life: Life) -> str:
    return life.due.describe() if life.due else "-"


def _status(life: Life, as_of: date) -> str:
    late = days_late(life, as_of)
    return f"{life.status}, **{late} day{'s' * (late != 1)} late**" if late else life.status


def _table(lives: Sequence[Life], as_of: date, links: Links, owner: bool = True) -> list[str]:
    """Open actions, soonest due first: the due date leads, as it is what an owner asks."""
    if not lives:
        return ["None.", ""]
    lines = ["| due | action | " + "owner | " * owner + "status |",
             "| --- | --- | " + "--- | " * owner + "--- |"]
    for life in sorted(lives, key=sort_key):
        who = f"{links.owners(life)} | " if owner else ""
        lines.append(f"| {_due(life)} | {cell(life.text)} ({links.raised(life)}) | {who}"
                     f"{_status(life, as_of)} |")
    return [*lines, ""]


def _closed_table(lives: Sequence[Life], links: Links, owner: bool = True) -> list[str]:
    """Closed actions, newest first, with the day and how (done or dropped)."""
    if not lives:
        return ["None.", ""]
    lines = ["| closed | how | action |" + " owner |" * owner, "| --- | --- | --- |" + " --- |" * owner]
    for life in sorted(lives, key=lambda life: (life.closed or date.min, life.id), reverse=True):
        who = f" {links.owners(life)} |" if owner else ""
        when = day_text(life.closed) if life.closed else "-"
        lines.append(f"| {when} | {life.status} | {cell(life.text)} ({links.raised(life)}) |{who}")
    return [*lines, ""]


def _said(event: Event) -> str:
    """Who said it and when: a meeting's name carries its date already."""
    day = day_text(event.date)
    return cell(event.said_by) if event.said_by.endswith(day) else f"{day}, {cell(event.said_by)}"


def _reviews(follow_ups: Sequence[FollowUp]) -> list[str]:
    if not follow_ups:
        return ["None.", ""]
    lines = ["| due | committee | item | asked on | held | note |",
             "| --- | --- | --- | --- | --- | --- |"]
    for f in sorted(follow_ups, key=lambda f: (f.due, f.committee, f.item)):
        held = day_text(f.held) if f.held else "not yet"
        lines.append(f"| {f.due.describe()} | {cell(f.committee)} | "
                     f"{cell(written_label(f.item))} {cell(f.item_title)} | "
                     f"{day_text(f.raised)} | {held} | {cell(f.note or '')} |")
    return [*lines, ""]


@dataclass(frozen=True)
class View:
    """The public part of a register, as of one date."""

    register: Register
    as_of: date
    include_exempt: bool = False

    @property
    def lives(self) -> list[Life]:
        return self.register.select(statuses=None, include_exempt=self.include_exempt)

    @property
    def open(self) -> list[Life]:
        return [life for life in self.lives if life.is_open]

    @property
    def overdue(self) -> list[Life]:
        return [life for life in self.open if life.overdue(self.as_of)]

    @property
    def recently_closed(self) -> list[Life]:
        closed = [life for life in self.lives
                  if life.closed and self.as_of - life.closed <= RECENT and life.closed <= self.as_of]
        return sorted(closed, key=lambda life: (life.closed or date.min, life.id), reverse=True)

    @property
    def reviews(self) -> list[FollowUp]:
        return [f for f in self.register.follow_ups if self.include_exempt or not f.exempt]


def render(register: Register, as_of: date | None = None, include_exempt: bool = False,
           minute_pages: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every generated file of the register, by path relative to ``actions/``; exempt
    items' actions only when ``include_exempt`` (never in a published register). With
    ``minute_pages`` (see :class:`Links`) each action links to the meeting that raised it."""
    view = View(register, as_of or register.latest, include_exempt)
    when = day_text(view.as_of)
    top, inner = Links(minute_pages or {}), Links(minute_pages or {}, "../")
    files: dict[str, str] = {}
    owners = _owners(register, view.lives)
    index = [MARKER, "", "# Action register", "",
             f"As of {when}: {len(view.open)} open actions, {len(view.overdue)} overdue. "
             "See also [overdue](overdue.md), [recently closed](closed.md), and the whole register "
             "as [CSV](register.csv) or [JSON](register.json).", "",
             "## Open actions, soonest due first", "", *_table(view.open, view.as_of, top),
             "## By owner", ""]
    for owner in owners:
        mine = [life for life in view.open if any(o.id == owner.id for o in life.owners)]
        if mine:
            late = sum(life.overdue(view.as_of) for life in mine)
            index.append(f"- [{cell(owner.written)}](people/{owner.id}.md): {len(mine)} open"
                         + (f", {late} overdue" if late else ""))
    index += ["", "## Further reviews", "", *_reviews(view.reviews)]
    files["index.md"] = "\n".join(index)
    files["overdue.md"] = "\n".join([MARKER, "", "# Overdue actions", "",
                                     f"Open actions whose due date had passed on {when}, "
                                     "the longest overdue first.", "",
                                     *_table(view.overdue, view.as_of, top)])
    files["closed.md"] = "\n".join([MARKER, "", "# Recently closed actions", "",
                                    f"Done or dropped in the six months to {when}, newest first.", "",
                                    *_closed_table(view.recently_closed, top)])
    for owner in owners:
        mine = [life for life in view.lives if owns(life.owners, owner)]
        page = [MARKER, "", f"# {cell(owner.written)}", "", _about(register, owner, owners, when), "",
                "## Open", "", *_table([x for x in mine if x.is_open], view.as_of, inner, False),
                "## Closed", "", *_closed_table([x for x in mine if not x.is_open], inner, False),
                "## History", ""]
        for life in sorted(mine, key=sort_key):
            page += [f"### `{life.id}`", "", cell(life.text), ""]
            page += [f"- {_said(e)}: " + "; ".join(
                part for part in (e.status, e.due and f"due {e.due.describe()}",
                                  e.owners and "owner " + ", ".join(cell(o.written) for o in e.owners),
                                  e.note and cell(e.note)) if part) for e in life.history]
            page.append("")
        files[f"people/{owner.id}.md"] = "\n".join(page)
    files["register.csv"] = as_csv(view.lives, view.as_of)
    files["register.json"] = json.dumps({
        "generated_by": "minutes-kit register: do not edit",
        "as_of": view.as_of.isoformat(),
        "fields": FIELDS,
        "actions": [{**record(life, view.as_of), "owners": owner_list(life)} for life in view.lives],
        "further_reviews": [{"committee": f.committee, "item": f.item, "item_title": f.item_title,
                             "asked_on": f.raised.isoformat(), "due": str(f.due), "note": f.note,
                             "held": f.held.isoformat() if f.held else None}
                            for f in view.reviews],
    }, indent=2, ensure_ascii=False) + "\n"
    return {path: text if text.endswith("\n") else text + "\n" for path, text in files.items()}


def _owners(register: Register, lives: Sequence[Life]) -> list[Identity]:
    """Everyone who owns an action, alone or jointly, and the holders of posts that do:
    each gets a page."""
    found = {owner.id: owner for life in lives for owner in life.owners}
    for post in [o for o in found.values() if o.post and o.holder]:
        holder = register.people.by_id[post.holder or ""]
        found[holder.id] = holder
    return sorted(found.values(), key=lambda o: (o.name.casefold(), o.id))


def _about(register: Register, owner: Identity, owners: Sequence[Identity], when: str) -> str:
    """A person's initials and posts, or a post's holder."""
    if owner.post:
        holder = register.people.by_id[owner.holder] if owner.holder else None
        held = (f"Held by [{cell(holder.name)}]({holder.id}.md)" if holder
                else "Its holder is not in minutes/people.yml")
        return f"A post. {held}. As of {when}."
    posts = [f"[{cell(o.written)}]({o.id}.md)" for o in owners if o.post and o.holder == owner.id]
    holds = f" Holds {', '.join(posts)}: its actions are listed here too." if posts else ""
    return f"Initials: {cell(', '.join(sorted(owner.initials))) or '-'}.{holds} As of {when}."


class NotGenerated(Exception):
    """A file the register would write exists but was written by a person."""


class Unwritable(Exception):
    """The register cannot be written (or read) where it goes; the message names the path
    and what to do."""


def stale(files: dict[str, str], folder: Path) -> list[str]:
    """The paths that differ from ``files``: changed, missing, no longer generated, or
    left over from a run that was killed mid-write."""
    try:
        out = [name for name, text in files.items()
               if not (folder / name).is_file() or (folder / name).read_bytes() != text.encode()]
        return sorted(out + leftovers(folder, files))
    except OSError as error:
        raise Unwritable(f"cannot read {error.filename or folder}: {error.strerror or error}; "
                         "check that you may read the folder and its files") from None


def write(files: dict[str, str], folder: Path) -> list[str]:
    """Write what changed, remove what is no longer generated and the debris of killed
    runs; the paths written or removed, debris aside.

    Every target is checked before anything is written, and the files are written all
    or none (:func:`write_all`), so a refusal or a failed write leaves the register as
    it was."""
    touched = stale(files, folder)
    left = set(debris_in(folder))
    foreign = [name for name in touched if name not in left
               and (folder / name).is_file() and not is_generated(folder / name)]
    if foreign:
        raise NotGenerated(", ".join(str(folder / name) for name in foreign))
    _preflight([folder / name for name in touched], folder)
    try:
        write_all({folder / name: files[name] for name in touched if name in files})
        for name in touched:
            if name not in files:
                (folder / name).unlink(missing_ok=True)
    except OSError as error:
        raise Unwritable(f"could not write the register in {folder}: {error.strerror or error}; "
                         "free some space or fix the folder's permissions, then run "
                         "`minutes-kit register` again") from None
    return [name for name in touched if name not in left]


def _preflight(targets: list[Path], folder: Path) -> None:
    """Refuse, before writing anything, a target that is a folder, a folder that is a
    file, or a folder this user may not write in."""
    for target in targets:
        if target.is_dir():
            raise Unwritable(f"{target} is a folder, but the register writes a file of that name: "
                             "move the folder elsewhere, then run `minutes-kit register` again")
        inner = target.relative_to(folder).parents[:-1]
        for place in (folder, *(folder / step for step in reversed(inner))):
            if place.exists() and not place.is_dir():
                raise Unwritable(f"{place} is a file, but the register keeps its pages in a folder "
                                 "of that name: move the file elsewhere, then run "
                                 "`minutes-kit register` again")
        existing = target.parent
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        if not os.access(existing, os.W_OK | os.X_OK):
            raise Unwritable(f"cannot write in {existing}: permission denied; ask for write access "
                             "to the folder, or run as a user who has it")
