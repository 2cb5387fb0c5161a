"""Officers' two ways of moving actions on: an update file recorded between meetings,
and the next meeting's minutes scaffolded with every open action carried forward."""

from __future__ import annotations

import difflib
import json
import re
from datetime import date
from pathlib import Path

import yaml
from pydantic import ValidationError

from . import statuses
from .corpus import Corpus, Document, Layout
from .files import FileExists, remove_debris, write_atomic
from .models import OPEN_STATUSES, Person, RecordedUpdate
from .owners import resolve
from .people import find_owner, slug
from .problems import Refused
from .reader import parse_yaml
from .register import Life
from .timeframes import Due
from .validate import validate


def record_update(corpus: Corpus, layout: Layout, action: str, *, on: date, status: str | None = None,
                  note: str | None = None, due: str | None = None, owner: str | None = None,
                  by: str | None = None) -> Path:
    """Write one update file for ``action``; never over an existing file."""
    life = corpus.register.find(action)
    if life is None:
        close = corpus.register.suggest(action)
        raise Refused(f"there is no action {action!r}"
                      + (f"; did you mean {' or '.join(close)}?" if close else ""))
    action = life.id  # as the minutes spell it
    if not life.is_open:
        raise Refused(f"action {action!r} was closed ({life.status}) on {life.closed}")
    if on < life.raised:
        raise Refused(f"action {action!r} was raised on {life.raised}, after {on}")
    if not any((status, note, due, owner)):
        raise Refused("say what changed: --status, --note, --due or --owner")
    for option, value in (("--note", note), ("--due", due), ("--owner", owner), ("--by", by)):
        _plain_text(option, value)
    data: dict[str, object] = {"action": action, "date": on}
    if by:
        data["by"] = by
    if status:
        try:
            data["status"] = statuses.parse(status)
        except ValueError as error:
            raise Refused(f"--status: {error}") from None
    if due:
        try:
            data["due"] = str(Due.parse(due))
        except ValueError as error:
            raise Refused(f"--due {error}") from None
    if owner:
        data["owner"] = _owner(corpus, owner)
    if note:
        data["note"] = note
    try:
        meant = RecordedUpdate.model_validate(data)
    except ValidationError as error:
        raise Refused(str(error)) from None
    stem = f"{on.isoformat()}-{action}"
    folder = layout.exempt_updates if life.exempt else layout.updates  # exempt progress stays confidential
    text = _readable(data, meant, folder / f"{stem}.yml")
    remove_debris(folder)
    for n in range(1, 1000):
        path = folder / (f"{stem}.yml" if n == 1 else f"{stem}-{n}.yml")
        try:
            write_atomic(path, text, exclusive=True)
            return path
        except FileExists:
            continue
        except OSError as error:
            raise Refused(f"could not write {path}: {error.strerror or error}; check that "
                          f"{layout.updates} is a folder you may write in") from None
    raise Refused(f"too many updates to {action} on {on}")  # pragma: no cover


def _owner(corpus: Corpus, query: str) -> str | list[str]:
    """The owner as the update file will name them: as `check` reads owners (posts, joint
    owners), else anyone ``query`` starts the name of."""
    owners = resolve(query, corpus.register.people, {}, listed_only=False)
    if isinstance(owners, tuple):
        written = [owner.written for owner in owners]
        return written[0] if len(written) == 1 else written
    return find_owner(corpus.register.people, query).written


# Control characters other than tab and newline: invisible in an editor and a listing.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _plain_text(option: str, value: str | None) -> None:
    """Refuse text that is not UTF-8 (bytes a terminal passed through as they were) or
    that holds control characters, before it can reach a file."""
    if value is None:
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise Refused(f"{option} holds bytes that are not UTF-8 text (at character {error.start + 1}); "
                      "type it again, or set the terminal to UTF-8") from None
    control = _CONTROL.search(value)
    if control:
        raise Refused(f"{option} holds an invisible control character (U+{ord(control.group()):04X}) "
                      f"at character {control.start() + 1}; type it again without it")


def _readable(data: dict[str, object], meant: RecordedUpdate, path: Path) -> str:
    """The update as YAML that ``check`` reads back as exactly ``meant``: plain where
    that reads back (PyYAML writes YAML 1.1, so text such as ``1e3`` may not), else with
    every text quoted; if neither does, nothing is written."""
    plain = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88)
    quoted = "".join(f"{key}: {_q(value) if isinstance(value, str | list) else value}\n"
                     for key, value in data.items())
    problems: list[str] = []
    for text in (plain, quoted):
        source = parse_yaml(text.encode("utf-8"), str(path))
        update = validate(source, RecordedUpdate) if source.data is not None else None
        if not source.problems and update == meant:
            return text
        problems = [f"line {p.line}: {p.message}" for p in source.problems]
    raise Refused("the update would not read back as given"
                  + (f" ({'; '.join(problems)})" if problems else "")
                  + "; nothing was written: reword it, or report this as a bug")


def _q(value: str | list[str]) -> str:
    """YAML that reads back as the same text or list of texts (JSON is YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _person(person: Person) -> str:
    fields = [f"initials: {person.initials}", f"name: {_q(person.name)}"]
    fields += [f"{key}: {_q(value)}" for key in ("title", "role")
               if (value := getattr(person, key))]
    return "  - {" + ", ".join(fields) + "}"


def committee_documents(corpus: Corpus, query: str) -> list[Document]:
    wanted = slug(query)
    matches = [d for d in corpus.documents if d.meeting and wanted in (
        slug(d.meeting.committee), slug(Path(d.path).parent.name))]
    if matches:
        return matches
    names = sorted({d.meeting.committee for d in corpus.documents if d.meeting})
    close = difflib.get_close_matches(query, names, n=3, cutoff=0.4)
    raise Refused(f"no minutes of a committee {query!r}; "
                  + (f"did you mean {' or '.join(close)}?" if close else "committees: " + ", ".join(names)))


def scaffold(corpus: Corpus, layout: Layout, committee: str, on: date) -> list[Path]:
    """Write the minutes of ``committee``'s meeting on ``on``, from its latest meeting, and,
    when exempt actions are open, its exempt part: exempt text never enters the minutes."""
    latest = committee_documents(corpus, committee)[-1]
    meeting = latest.meeting
    assert meeting is not None
    previous = Path(latest.path)
    name = re.sub(r"\d{4}-\d{2}-\d{2}", on.isoformat(), previous.name)
    path = previous.with_name(name if name != previous.name else f"{on.isoformat()}.md")
    members = [*meeting.attendees, *meeting.apologies, *meeting.absent]
    open_actions = [life for life in corpus.register.select(statuses=OPEN_STATUSES, include_exempt=True)
                    if life.committee == meeting.committee]
    lines = ["---", f"organisation: {_q(meeting.organisation)}", f"committee: {_q(meeting.committee)}",
             f"date: {on.isoformat()}"]
    if meeting.venue:
        lines.append(f"venue: {_q(meeting.venue)}")
    if meeting.start:
        lines.append(f"start: {_q(meeting.start.strftime('%H:%M'))}  # as last time")
    lines += ["status: draft",
              "# Everyone from the last meeting's lists: move those absent to apologies or absent.",
              "attendees:", *map(_person, members)]
    if meeting.in_attendance:
        lines += ["in_attendance:", *map(_person, meeting.in_attendance)]
    lines += _abbreviations(meeting.abbreviations)
    lines += _carried([life for life in open_actions if not life.exempt])
    title = f"Minutes of the meeting of {meeting.date:%d %B %Y} and matters arising".replace(" 0", " ")
    lines += ["items:", "  - id: a", f"    title: {_q(title)}", "---", "",
              f"# {meeting.committee}, {on:%d %B %Y}".replace(" 0", " "), "",
              f"## a) {title}", "", "<!-- The narrative of the item goes here. -->", ""]
    files = [(path, "\n".join(lines))]
    exempt_actions = [life for life in open_actions if life.exempt]
    if exempt_actions:
        previous_part = corpus.parts.get(latest.path)
        private = previous_part.meeting.abbreviations if previous_part and previous_part.meeting else {}
        part = Path(layout.part_of(str(path)))
        files.append((part, "\n".join([
            "---", f"# The exempt (Part II) part of {path}. Confidential: never publish this file.",
            *_abbreviations({k: v for k, v in private.items() if k not in meeting.abbreviations}),
            *_carried(exempt_actions),
            "# The record of each exempt item, by the id of its notice in the minutes.",
            "items: []", "---", ""])))
    taken = [str(target) for target, _ in files if target.exists()]
    if taken:
        raise Refused(f"{' and '.join(taken)} exists already; it was left as it is")
    written: list[Path] = []
    for target, text in files:
        try:
            write_atomic(target, text, exclusive=True)
        except FileExists:
            raise Refused(f"{target} exists already; it was left as it is") from None
        written.append(target)
    return written


def _abbreviations(abbreviations: dict[str, str]) -> list[str]:
    if not abbreviations:
        return []
    return ["abbreviations:"] + [f"  {_q(key)}: {_q(value)}" for key, value in sorted(abbreviations.items())]


def _carried(lives: list[Life]) -> list[str]:
    """Open actions as matters arising, each with its text as a reminder."""
    if not lives:
        return []
    lines = ["# Open actions carried forward: record each one's progress.", "matters_arising:"]
    for life in lives:
        due = f", due {life.due.describe()}" if life.due else ""
        owners = ", ".join(owner.written for owner in life.owners)
        lines += [f"  - action: {life.id}  # {_comment(life.text)} ({_comment(owners)}{due})",
                  f"    status: {life.status}"]
    return lines


def _comment(text: str) -> str:
    """Text made safe for a YAML comment: one line."""
    return " ".join(text.split())
