"""All minutes, read once: every file parsed, validated and checked, in date order.

Every output (the problems of ``check``, the register, the site) is a view of one
:class:`Corpus`. Files are independent until the cross-meeting checks, so loading can
spread over processes; one bad file never stops the others.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import body as markdown
from .consistency import check_meeting
from .models import Meeting
from .problems import Problem
from .reader import read
from .validate import validate
from .yamlpos import Positions


@dataclass
class Document:
    """One minutes file: its meeting when valid, where its values were written, its problems."""

    path: str
    meeting: Meeting | None
    positions: Positions
    problems: list[Problem]
    body: str = ""
    body_line: int = 1


def load_document(path: Path | str) -> Document:
    source = read(path)
    meeting = validate(source, Meeting) if source.data is not None else None
    if meeting is not None:
        check_meeting(meeting, source, markdown.parse(source.body, source.body_line))
    return Document(source.path, meeting, source.positions, source.problems,
                    source.body, source.body_line)


def discover(paths: Iterable[Path | str]) -> list[Path]:
    """The minutes files named, with folders searched for ``*.md`` (hidden ones skipped)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*.md"))
                         if not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


@dataclass
class Corpus:
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def meetings(self) -> list[Meeting]:
        return [d.meeting for d in self.documents if d.meeting is not None]


def load(paths: Iterable[Path | str], jobs: int = 1) -> Corpus:
    """Read, validate and cross-check every minutes file under ``paths``."""
    files = discover(paths)
    documents = _load_all(files, jobs)
    documents.sort(key=lambda d: (d.meeting.date if d.meeting else date.min, d.path))
    corpus = Corpus(documents)
    corpus.problems = [p for d in documents for p in d.problems]
    corpus.problems.extend(duplicate_action_ids(documents))
    corpus.problems.sort()
    return corpus


def _load_all(files: Sequence[Path], jobs: int) -> list[Document]:
    jobs = min(jobs if jobs > 0 else os.cpu_count() or 1, max(1, len(files) // 50))
    if jobs <= 1:
        return [load_document(f) for f in files]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(load_document, files, chunksize=max(1, len(files) // (jobs * 8))))


def duplicate_action_ids(documents: Sequence[Document]) -> list[Problem]:
    """An action id names one action across all minutes, or updates could not find it."""
    first: dict[str, tuple[str, int]] = {}
    problems = []
    for document in documents:
        if document.meeting is None:
            continue
        for i, item in enumerate(document.meeting.items):
            for j, action in enumerate(item.actions):
                line, column = document.positions.of(("items", i, "actions", j, "id"))
                if action.id in first:
                    where, at = first[action.id]
                    problems.append(Problem(
                        document.path, line, column, "duplicate-action-id",
                        f"action id {action.id!r} is already used at {where}:{at}",
                        "give this action a new id; ids never change once minutes are published",
                    ))
                else:
                    first[action.id] = (document.path, line)
    return problems
