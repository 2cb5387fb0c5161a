"""Importing an archive: sources in date order, so that an action raised in one meeting
and updated in a later one links up; action ids by a stated scheme; meetings already
imported are skipped; and a summary for each source of what was found and what needs the
clerk.

Action ids: the source's own (``ACTION HWB-36:``, an ID column) when it gives them;
otherwise ``<prefix>-<date>-<n>``, numbered in order within the meeting, where the prefix
is the one the committee's existing minutes use (``cyp`` in ``cyp-2012-02-24-1``) or, when
there are none, the first letters of the committee's name (Performance Management Board:
``pmb``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..markers import is_marker
from ..people import slug
from ..reader import read
from .blocks import Block, Unreadable
from .draft import Draft, Earlier
from .parse import parse
from .readers import READERS, read_source
from .write import exempt_text, legacy_text, minutes_text, write_new

_SCHEME = re.compile(
    r"^\s*(?:-\s+)?id:\s*\"?(?P<prefix>[a-z][a-z0-9]*)-\d{4}-\d{2}-\d{2}-\d+\"?\s*$", re.MULTILINE
)
_SMALL = {"and", "of", "the", "for", "on", "in", "a", "an", "to"}


@dataclass
class Outcome:
    """What became of one source."""

    source: Path
    draft: Draft | None = None
    error: str | None = None
    scheme: str = ""
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    minutes_path: Path | None = None


@dataclass
class Options:
    into: Path = Path("minutes")
    committee: str | None = None
    organisation: str | None = None
    initials: bool = True
    dry_run: bool = False


def sources(paths: Iterable[Path]) -> list[Path]:
    """The files named, with folders searched (not hidden files) for readable suffixes."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in READERS
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            found.append(path)
    return found


def run(paths: Sequence[Path], options: Options) -> list[Outcome]:
    """Import ``paths`` in the order of their meetings' dates (undated ones last)."""
    read_in: list[tuple[Outcome, list[Block]]] = []
    outcomes: list[Outcome] = []
    for path in sources(paths):
        try:
            blocks = read_source(path)
        except Unreadable as why:
            outcomes.append(Outcome(path, error=str(why)))
            continue
        read_in.append((Outcome(path), blocks))

    def when(entry: tuple[Outcome, list[Block]]) -> tuple[date, str]:
        first = _parse(entry[0].source, entry[1], [], options)
        return (first.day or date.max, str(entry[0].source))

    earlier: list[Earlier] = []
    legacy: list[dict[str, Any]] = []
    for outcome, blocks in sorted(read_in, key=when):
        draft = _parse(outcome.source, blocks, earlier, options)
        outcome.draft = draft
        path = _target(draft, options.into, outcome.source)
        outcome.minutes_path = path
        existing = _existing(path)
        outcome.scheme = _number(draft, _prefix(draft, path.parent))
        earlier += existing if existing is not None else draft.raised()
        legacy += [entry for entry in draft.legacy if not any(e.id == entry["id"] for e in earlier)]
        if existing is not None:
            outcome.skipped.append(path)
        elif not options.dry_run:
            _write(outcome, draft, path, options)
        outcomes.append(outcome)
    if legacy and not options.dry_run:
        _write_legacy(legacy, options.into, outcomes)
    return outcomes


def _parse(source: Path, blocks: list[Block], earlier: list[Earlier], options: Options) -> Draft:
    return parse(
        blocks,
        source.name,
        earlier,
        committee=options.committee,
        organisation=options.organisation,
        initials=options.initials,
    )


def _target(draft: Draft, into: Path, source: Path) -> Path:
    committee = draft.committee if not is_marker(draft.committee) else "imported"
    name = draft.day.isoformat() if draft.day else source.stem
    return into / slug(committee) / f"{name}.md"


def _existing(path: Path) -> list[Earlier] | None:
    """The actions of minutes already at ``path`` (None when there are none), so that a
    re-run still links later meetings to them."""
    if not path.exists():
        return None
    data = read(path).data
    found: list[Earlier] = []
    if isinstance(data, dict):
        for item in data.get("items") or []:
            for action in (item.get("actions") or []) if isinstance(item, dict) else []:
                found.append(
                    Earlier(
                        str(action.get("id")),
                        str(data.get("committee")),
                        str(item.get("id")),
                        None,
                        str(action.get("text")),
                    )
                )
            for decision in (item.get("decisions") or []) if isinstance(item, dict) else []:
                for part in (decision.get("parts") or []) if isinstance(decision, dict) else []:
                    if isinstance(part, dict) and isinstance(part.get("action"), dict):
                        found.append(
                            Earlier(
                                str(part["action"].get("id")),
                                str(data.get("committee")),
                                str(item.get("id")),
                                str(part.get("label")),
                                str(part.get("text")),
                            )
                        )
    return found


def _prefix(draft: Draft, folder: Path) -> tuple[str, str]:
    """The id prefix for the committee's actions, and where it comes from."""
    if folder.is_dir():
        for path in sorted(folder.glob("*.md")):
            match = _SCHEME.search(path.read_text(encoding="utf-8", errors="replace"))
            if match:
                return match["prefix"], f"the committee's scheme, as in {path}"
    words = re.findall(r"[A-Za-z]+", draft.committee if not is_marker(draft.committee) else "imported")
    prefix = "".join(w[0] for w in words if w.lower() not in _SMALL).lower() or "action"
    return prefix, "the default scheme: the committee's initials, the date and a number"


def _number(draft: Draft, prefix: tuple[str, str]) -> str:
    """Give every action without an id one by the scheme; say which scheme."""
    day = draft.day.isoformat() if draft.day else "undated"
    count = 0
    for item in [*draft.front.get("items", []), *draft.exempt_items]:
        tasks = [*item.get("actions", [])]
        tasks += [
            part["action"]
            for d in item.get("decisions", [])
            for part in d.get("parts", [])
            if "action" in part
        ]
        for task in tasks:
            if "id" not in task:
                count += 1
                task["id"] = f"{prefix[0]}-{day}-{count}"
                task.update({k: task.pop(k) for k in [k for k in task if k != "id"]})  # id first
    return f"{prefix[0]}-{day}-N ({prefix[1]})" if count else "as the source gives them"


def _write(outcome: Outcome, draft: Draft, path: Path, options: Options) -> None:
    files = [(path, minutes_text(draft))]
    if draft.exempt_items:
        part = options.into.parent / "exempt" / os.path.relpath(path, options.into)
        files.append((part, exempt_text(draft, str(path))))
    for target, text in files:
        (outcome.written if write_new(target, text) else outcome.skipped).append(target)


def _write_legacy(entries: list[dict[str, Any]], into: Path, outcomes: list[Outcome]) -> None:
    path = into.parent / "actions" / "legacy.yml"
    unique = list({entry["id"]: entry for entry in entries}.values())
    landed = write_new(path, legacy_text(unique))
    for outcome in outcomes:
        if outcome.draft is not None and outcome.draft.legacy:
            (outcome.written if landed else outcome.skipped).append(path)
            break
