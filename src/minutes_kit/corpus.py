"""All minutes, read once: every file parsed, validated and checked, in date order.

Every output (the problems of ``check``, the register, the site) is a view of one
:class:`Corpus`. Files are independent until the cross-meeting checks, so loading can
spread over processes; one bad file never stops the others.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from . import body as markdown
from .collisions import slug_collisions
from .consistency import check_meeting
from .models import Meeting, RecordedUpdate
from .people import Directory, People
from .problems import Problem
from .reader import MAX_UPDATE_BYTES, read, read_yaml
from .register import Register, build
from .validate import validate
from .yamlpos import Positions

T = TypeVar("T")


@dataclass
class Document:
    """One minutes file: its meeting when valid, its problems, and what later views need:
    where its actions and updates were written, and its body when asked for."""

    path: str
    meeting: Meeting | None
    positions: Positions
    problems: list[Problem]
    body: str | None = None
    body_line: int = 1
    headings: tuple[markdown.Heading, ...] = ()


def _anchors(meeting: Meeting | None, positions: Positions) -> Positions:
    """Where the actions and updates were written: all that later checks point at."""
    if meeting is None:
        return Positions()
    paths: list[tuple[object, ...]] = [("matters_arising", i) for i in range(len(meeting.matters_arising))]
    paths += [("items", i, "actions", j)
              for i, item in enumerate(meeting.items) for j in range(len(item.actions))]
    return positions.kept(paths)


def load_document(path: Path | str, with_body: bool = False) -> Document:
    return _read_document(path, with_body)[0]


def _read_document(path: Path | str, with_body: bool) -> tuple[Document, Any]:
    """The document, and the front matter data its meeting was validated from (None
    when there is no valid meeting)."""
    source = read(path)
    meeting = validate(source, Meeting) if source.data is not None else None
    headings: tuple[markdown.Heading, ...] = ()
    if meeting is not None:
        body = markdown.parse(source.body, source.body_line)
        check_meeting(meeting, source, body)
        headings = body.headings
    data = source.data if meeting is not None else None
    if not with_body:
        return Document(source.path, meeting, _anchors(meeting, source.positions), source.problems), data
    return Document(source.path, meeting, _anchors(meeting, source.positions), source.problems,
                    source.body, source.body_line, headings), data


def discover(paths: Iterable[Path | str]) -> list[str]:
    """The minutes files named, with folders searched for ``*.md`` (hidden ones skipped),
    each folder's in path order. Strings, not Paths: for 10,000 files pathlib's
    ``rglob`` and sorting cost a fifth of a second."""
    found: list[str] = []
    for path in (os.path.normpath(p) for p in paths):
        if not os.path.isdir(path):
            found.append(path)
            continue
        inside = []
        for folder, folders, files in os.walk(path):
            folders[:] = [name for name in folders if not name.startswith(".")]
            inside += [os.path.normpath(os.path.join(folder, name)) for name in files
                       if name.endswith(".md") and not name.startswith(".")]
        found += sorted(inside, key=lambda name: name.split(os.sep))
    return list(dict.fromkeys(found))


def update_files(folder: Path) -> list[Path]:
    """The update files in ``folder``: ``*.yml`` and ``*.yaml`` alike, hidden ones (an
    editor's or an interrupted write's temporary files) skipped."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.suffix in (".yml", ".yaml") and not p.name.startswith("."))


@dataclass
class UpdateDocument:
    """One file of progress recorded between meetings (``actions/updates/*.yml``)."""

    path: str
    update: RecordedUpdate | None
    positions: Positions
    problems: list[Problem]


def load_update(path: Path | str) -> UpdateDocument:
    source = read_yaml(path, MAX_UPDATE_BYTES)
    update = validate(source, RecordedUpdate) if source.data is not None else None
    return UpdateDocument(source.path, update, source.positions, source.problems)


def load_directory(path: Path) -> tuple[Directory | None, list[Problem]]:
    """The optional people directory: absent is fine, invalid is a problem."""
    if not path.exists():
        return None, []
    source = read_yaml(path)
    directory = validate(source, Directory) if source.data is not None else None
    return directory, source.problems


@dataclass(frozen=True)
class Layout:
    """Where a minutes repository keeps things, relative to its root."""

    root: Path = Path(".")

    @property
    def minutes(self) -> Path:
        return self.root / "minutes"

    @property
    def actions(self) -> Path:
        return self.root / "actions"

    @property
    def updates(self) -> Path:
        return self.actions / "updates"

    @property
    def directory(self) -> Path:
        return self.minutes / "people.yml"


@dataclass
class Corpus:
    documents: list[Document] = field(default_factory=list)
    updates: list[UpdateDocument] = field(default_factory=list)
    register: Register = field(default_factory=Register)
    problems: list[Problem] = field(default_factory=list)
    directory: Directory | None = None

    def register_on(self, day: date) -> Register:
        """The register as it stood on ``day``: records after it are left out."""
        return build(self.documents, self.updates, People(self.directory), until=day)

    @property
    def meetings(self) -> list[Meeting]:
        return [d.meeting for d in self.documents if d.meeting is not None]

    @property
    def paths(self) -> list[str]:
        return [d.path for d in self.documents] + [u.path for u in self.updates]

    def under(self, paths: Sequence[Path | str]) -> tuple[list[str], list[Problem]]:
        """The files under ``paths`` and their problems: a check of some files still
        judges them against the whole repository (ids, updates, people)."""
        roots = [os.path.normpath(p) for p in paths]
        prefixes = tuple(root.rstrip(os.sep) + os.sep for root in roots if root != ".")
        verdicts: dict[str, bool] = {}

        def inside(name: str) -> bool:
            if name not in verdicts:
                path = os.path.normpath(name)
                verdicts[name] = (path in roots or path.startswith(prefixes)
                                  or ("." in roots and not os.path.isabs(path)))
            return verdicts[name]

        return ([name for name in self.paths if inside(name)],
                [p for p in self.problems if inside(p.path)])


def load(paths: Iterable[Path | str] = (), jobs: int = 1, with_body: bool = False,
         layout: Layout | None = None) -> Corpus:
    """Read, validate and cross-check the repository's minutes, any other ``paths``, the
    update files and the people directory; keep each body too when ``with_body`` (the
    site needs it, checks do not)."""
    layout = layout or Layout()
    named = [Path(os.path.normpath(p)) for p in paths]
    every = [layout.minutes] * (layout.minutes.is_dir() or not named) + named
    with _no_cyclic_gc():
        documents = _load_all(discover(every), jobs, with_body)
        documents.sort(key=lambda d: (d.meeting.date if d.meeting else date.min, d.path))
        updates = [load_update(p) for p in update_files(layout.updates)]
        directory, directory_problems = load_directory(layout.directory)
        register = build(documents, updates, People(directory))
        problems = [p for d in documents for p in d.problems]
        problems += [p for u in updates for p in u.problems]
        problems += directory_problems + duplicate_action_ids(documents) + register.problems
        problems += slug_collisions(documents)
        return Corpus(documents, updates, register, sorted(problems), directory)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Documents are acyclic, but the cyclic collector would keep rescanning the whole
    growing corpus: pausing it while loading halves the time of a large check."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load_chunk(files: Sequence[Path | str], with_body: bool) -> list[tuple[Document, Any]]:
    """A worker's share. A pydantic meeting takes 240 us to pickle and 170 us to unpickle,
    more than a third of reading it, so each document travels without its meeting and
    with the plain data it was validated from, which pickles in C; the caller validates
    that again, in about 60 us."""
    with _no_cyclic_gc():  # in a worker process the caller's pause does not apply
        read = [_read_document(f, with_body) for f in files]
    for document, _ in read:
        document.meeting = None
    return read


def workers(jobs: int, count: int) -> int:
    """Processes for ``count`` independent pieces of work: ``jobs``, or one per core for
    0, but never so many that starting them costs more than they save."""
    return min(jobs if jobs > 0 else os.cpu_count() or 1, max(1, count // 50))


def chunked(items: Sequence[T], jobs: int) -> list[Sequence[T]]:
    """Eight chunks per process, so that one slow chunk does not leave the others idle."""
    size = max(1, len(items) // (jobs * 8))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _load_all(files: Sequence[Path | str], jobs: int, with_body: bool) -> list[Document]:
    jobs = workers(jobs, len(files))
    if jobs <= 1:
        return [load_document(f, with_body) for f in files]
    chunks = chunked(files, jobs)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        documents = []
        for chunk in pool.map(_load_chunk, chunks, [with_body] * len(chunks)):
            for document, data in chunk:
                if data is not None:
                    document.meeting = Meeting.model_validate(data)
                documents.append(document)
        return documents


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
