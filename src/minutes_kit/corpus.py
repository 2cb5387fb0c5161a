"""All minutes, read once: every file parsed, validated and checked, in date order.

Every output (the problems of ``check``, the register, the site) is a view of one
:class:`Corpus`. Files are independent until the cross-meeting checks, so loading can
spread over processes; one bad file never stops the others.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from . import body as markdown
from . import exempt, minute_numbers, state, summary
from .cache import Cache
from .collisions import slug_collisions
from .consistency import actions as actions_check
from .consistency import check_meeting, checks_without
from .directory import Directory
from .models import LegacyLog, Meeting, RecordedUpdate
from .people import People
from .problems import Problem
from .reader import MAX_UPDATE_BYTES, read, read_yaml
from .register import Register, build, refused_owners
from .repository import Layout, discover, minutes_files, under, update_files
from .validate import salvage, validate
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
    exempt: bool = False  # an exempt part: never part of a public output
    # What the checks could read of a meeting the schema refused in part, when its
    # actions and people were all read: their owners are checked with the register's.
    salvaged: Meeting | None = None


def _anchors(meeting: Meeting | None, positions: Positions) -> Positions:
    """Where the actions, updates and exempt notices were written: all that later checks
    point at."""
    if meeting is None:
        return Positions()
    paths: list[tuple[object, ...]] = [("matters_arising", i) for i in range(len(meeting.matters_arising))]
    paths += [("items", i, *path) for i, item in enumerate(meeting.items) for path, _ in item.raised()]
    paths += minute_numbers.paths(meeting)
    paths += [("items", i) for i, item in enumerate(meeting.items) if item.exempt]
    return positions.kept(paths)


def load_document(path: Path | str, with_body: bool = False) -> Document:
    return _read_document(path, with_body)[0]


def _read_document(path: Path | str, with_body: bool, raw: bytes | None = None,
                   known: list[Problem] | None = None) -> tuple[Document, Any]:
    """The document, and the front matter data its meeting was validated from (None
    when there is no valid meeting); ``raw`` is the file's bytes when already read, and
    ``known`` its problems when a cache entry holds them: its checks are not run again."""
    source = read(path, raw)
    meeting = validate(source, Meeting) if source.data is not None else None
    headings: tuple[markdown.Heading, ...] = ()
    partial: Meeting | None = None
    if meeting is not None:
        body = markdown.parse(source.body, source.body_line)
        if known is None:
            check_meeting(meeting, source, body)
        headings = body.headings
    elif known is None and isinstance(source.data, dict) and (salvaged := salvage(source.data, Meeting)):
        # The whole file's problems in one pass: the checks that read nothing refused run
        # on the rest; the document still has no meeting, so nothing is built from it.
        body = markdown.parse(source.body, source.body_line)
        checks = checks_without(salvaged[1])
        check_meeting(salvaged[0], source, body, checks)
        partial = salvaged[0] if actions_check in checks else None
    data = source.data if meeting is not None else None
    document = Document(source.path, meeting, _anchors(meeting or partial, source.positions),
                        source.problems if known is None else known, salvaged=partial)
    if with_body:
        document.body, document.body_line, document.headings = source.body, source.body_line, headings
    return document, data


@dataclass
class UpdateDocument:
    """One file of progress recorded between meetings (``actions/updates/*.yml``)."""

    path: str
    update: RecordedUpdate | None
    positions: Positions
    problems: list[Problem]
    exempt: bool = False  # under exempt/updates/: progress on an exempt action


def load_update(path: Path | str, exempt: bool = False) -> UpdateDocument:
    source = read_yaml(path, MAX_UPDATE_BYTES)
    update = validate(source, RecordedUpdate) if source.data is not None else None
    return UpdateDocument(source.path, update, source.positions, source.problems, exempt)


@dataclass
class LegacyDocument:
    """The actions raised before the archive starts (``actions/legacy.yml``)."""

    path: str
    log: LegacyLog | None
    positions: Positions
    problems: list[Problem]


def load_legacy(path: Path) -> LegacyDocument | None:
    """The optional legacy file: absent is fine, invalid is a problem."""
    if not path.exists():
        return None
    source = read_yaml(path)
    log = validate(source, LegacyLog) if source.data is not None else None
    return LegacyDocument(source.path, log, source.positions, source.problems)


def load_directory(path: Path) -> tuple[Directory | None, list[Problem]]:
    """The optional people directory: absent is fine, invalid is a problem."""
    if not path.exists():
        return None, []
    source = read_yaml(path)
    directory = validate(source, Directory) if source.data is not None else None
    return directory, source.problems


@dataclass
class Corpus:
    """The minutes (``documents``), and, only when loaded with ``exempt``, the exempt
    parts of meetings by the path of their minutes (``parts``)."""

    documents: list[Document] = field(default_factory=list)
    updates: list[UpdateDocument] = field(default_factory=list)
    register: Register = field(default_factory=Register)
    problems: list[Problem] = field(default_factory=list)
    directory: Directory | None = None
    parts: dict[str, Document] = field(default_factory=dict)
    legacy: LegacyDocument | None = None
    # The problems of everything but each minutes file's own checks: those across
    # meetings, and those of the update files, the directory, the legacy file and the parts.
    across: list[Problem] = field(default_factory=list)

    def register_on(self, day: date) -> Register:
        """The register as it stood on ``day``: records after it are left out."""
        return build(_in_order([*self.documents, *self.parts.values()]), self.updates,
                     People(self.directory), until=day, legacy=self.legacy)

    @property
    def meetings(self) -> list[Meeting]:
        return [d.meeting for d in self.documents if d.meeting is not None]

    @property
    def paths(self) -> list[str]:
        return ([d.path for d in self.documents] + [d.path for d in self.parts.values()]
                + [u.path for u in self.updates] + ([self.legacy.path] if self.legacy else []))

    def under(self, paths: Sequence[Path | str]) -> tuple[list[str], list[Problem]]:
        """The files under ``paths`` and their problems: a check of some files still
        judges them against the whole repository (ids, updates, people). A problem
        across files is placed at one of them and names the other (an id "already used
        at FILE:LINE"): it is theirs too when it names one of them."""
        return under(self.paths, self.problems, paths)


def load(paths: Iterable[Path | str] = (), jobs: int = 1, with_body: bool = False,
         layout: Layout | None = None, exempt: bool = False, cache: Cache | None = None,
         known: Known | None = None, ready: dict[str, Document] | None = None,
         seen: Seen | None = None) -> Corpus:
    """Read, validate and cross-check the repository's minutes, any other ``paths``, the
    update files and the people directory; keep each body too when ``with_body`` (the
    site needs it, checks do not). Only with ``exempt`` are the exempt parts and their
    update files read: every public output loads without it.

    With a ``cache``, a minutes file unchanged since a run stored its entry is not
    checked again and, without ``with_body``, not even read: each meeting is held as its
    summary (:mod:`minutes_kit.summary`), all that anything but a meeting's page reads.
    With ``known`` (a process that loads again, as ``mkdocs serve`` does), a minutes file
    whose bytes are those read before is not read again; the checks across meetings
    always run. Minutes files in ``ready`` (loaded with the same ``cache`` by
    :func:`load_files` in this run) are taken as they are, and ``seen`` is what this
    run found already: the minutes files of ``paths`` and their digests."""
    layout = layout or Layout()
    with _no_cyclic_gc():
        files = list(seen.files) if seen is not None else minutes_files(paths, layout)
        if known is not None:
            documents = _in_order(_load_known(files, jobs, with_body, known))
        elif cache is not None:
            documents = _in_order(_load_cached(files, jobs, cache, with_body, ready or {},
                                               seen.digests if seen is not None else {}))
        else:
            documents = _in_order(_load_all(files, jobs, with_body))
        updates = [load_update(p) for p in update_files(layout.updates)]
        parts: dict[str, Document] = {}
        part_problems: list[Problem] = []
        if exempt and layout.exempt.is_dir():
            parts, part_problems = _load_parts(layout, documents, with_body)
            updates += [load_update(p, exempt=True) for p in update_files(layout.exempt_updates)]
        directory, directory_problems = load_directory(layout.directory)
        legacy = load_legacy(layout.legacy)
        minutes = _in_order([*documents, *parts.values()])
        register = build(minutes, updates, People(directory), legacy=legacy)
        across = [p for d in parts.values() for p in d.problems] + part_problems
        across += [p for u in updates for p in u.problems] + (legacy.problems if legacy else [])
        across += directory_problems + duplicate_action_ids(minutes, legacy) + register.problems
        across += slug_collisions(documents) + minute_numbers.repeats(documents)
        across += refused_owners([d for d in minutes if d.salvaged is not None], register)
        problems = sorted([p for d in documents for p in d.problems] + across)
        return Corpus(documents, updates, register, problems, directory, parts, legacy, across)


def _in_order(documents: list[Document]) -> list[Document]:
    return sorted(documents, key=lambda d: (d.meeting.date if d.meeting else date.min, d.path))


def _load_parts(layout: Layout, documents: Sequence[Document],
                with_body: bool) -> tuple[dict[str, Document], list[Problem]]:
    """The exempt parts, each read as the meeting of its minutes records it, and the
    notices in the minutes whose record is missing."""
    by_path = {os.path.abspath(d.path): d for d in documents}
    parts: dict[str, Document] = {}
    for path in discover([layout.exempt]):
        minutes_path = layout.minutes_of(path)
        public = by_path.get(os.path.abspath(minutes_path))
        source, meeting, body = exempt.read_part(path, public.meeting if public else None, minutes_path)
        document = Document(source.path, meeting, _anchors(meeting, source.positions), source.problems,
                            exempt=True)
        if with_body and body is not None:
            document.body, document.body_line = source.body, source.body_line
            document.headings = body.headings
        parts[public.path if public is not None else source.path] = document
    problems = []
    minutes = os.path.abspath(layout.minutes) + os.sep
    for document in documents:
        if document.meeting is not None and os.path.abspath(document.path).startswith(minutes):
            part = parts.get(document.path)
            problems += exempt.missing_records(document.path, document.meeting,
                                               part.meeting if part else None, document.positions)
    return parts, problems


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Documents are acyclic, but the cyclic collector would keep rescanning the whole
    growing corpus: pausing it while loading halves the time of a large check. What was
    loaded is then set aside from the collector (frozen), or its first pass would walk
    every object just loaded, a second at 10,000 meetings; a process that loads again
    (``mkdocs serve``) gives the earlier load's objects back to it first."""
    was_enabled = gc.isenabled()
    gc.disable()
    if was_enabled:
        gc.unfreeze()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()


def _load_chunk(files: Sequence[_ToRead], with_body: bool) -> list[tuple[Document, Any]]:
    """A worker's share. A pydantic meeting takes 240 us to pickle and 170 us to unpickle,
    more than a third of reading it, so each document travels without its meeting and
    with the plain data it was validated from, which pickles in C; the caller validates
    that again, in about 60 us."""
    with _no_cyclic_gc():  # in a worker process the caller's pause does not apply
        read = [_read_document(f, with_body, raw, known) for f, raw, known in files]
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
    return [_validated(document, data)
            for document, data in _read_all([(f, None, None) for f in files], jobs, with_body)]


def _validated(document: Document, data: Any) -> Document:
    """A document from a worker, its meeting validated again from its data."""
    if data is not None and document.meeting is None:
        document.meeting = Meeting.model_validate(data)
    return document


# A file to read: its path, its bytes if already read, its problems if a cache entry holds them.
_ToRead = tuple[Path | str, bytes | None, list[Problem] | None]


def _read_all(files: Sequence[_ToRead], jobs: int, with_body: bool) -> Iterator[tuple[Document, Any]]:
    """Each file's document and the data its meeting was validated from; from a worker
    process, the document comes without its meeting (see :func:`_load_chunk`)."""
    jobs = workers(jobs, len(files))
    if jobs <= 1:
        yield from (_read_document(path, with_body, raw, known) for path, raw, known in files)
        return
    from concurrent.futures import ProcessPoolExecutor  # multiprocessing, only when used

    chunks = chunked(files, jobs)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for chunk in pool.map(_load_chunk, chunks, [with_body] * len(chunks)):
            yield from chunk


_BATCH = 500  # cache entries asked for at once (SQLite takes up to 32,766 parameters)


def load_files(files: Sequence[str], jobs: int, cache: Cache) -> list[Document]:
    """Some minutes files, each with its own problems and no checks across meetings;
    their entries are stored in ``cache`` for the next run."""
    return _load_cached(files, jobs, cache, with_body=False)


def _load_cached(files: Sequence[str], jobs: int, cache: Cache, with_body: bool,
                 ready: dict[str, Document] | None = None,
                 taken: Mapping[str, str | None] | None = None) -> list[Document]:
    """The documents of ``files``: each unchanged file from its entry, the others read
    (in ``jobs`` processes) and their entries stored. A read file is summarised exactly
    as its entry will be read back, so a run gives the same answers warm or cold. With
    ``with_body`` every file is read, for its full meeting and body, but an unchanged
    one is not checked again. ``taken`` holds digests this run has taken already."""
    documents: dict[str, Document] = {}
    to_read: list[_ToRead] = []
    stored: dict[str, tuple[str, str]] = {}
    digests: dict[str, str | None] = {}
    ready = ready or {}
    reader = state.Reader(cache)
    for index, path in enumerate(files):
        if index % _BATCH == 0:
            stored = cache.entries([f for f in files[index:index + _BATCH] if f not in ready])
            # Only a file with an entry needs its digest first; the others are read anyway.
            digests = {path: taken[path] for path in stored if taken and path in taken}
            digests.update(state.digests(cache, [path for path in stored if path not in digests]))
        if path in ready:
            documents[path] = ready[path]
            continue
        entry = stored.pop(path, None)
        current = entry is not None and digests.get(path) is not None and entry[0] == digests[path]
        decoded = summary.decode(path, entry[1]) if entry is not None and current else None
        if decoded is None:
            to_read.append((path, reader.read(path), None))
        elif with_body:
            to_read.append((path, reader.read(path), decoded[0]))
        else:
            problems, meeting, positions = decoded
            documents[path] = Document(path, meeting, positions, problems)
    rows = []
    read = _read_all(to_read, jobs, with_body)
    for (name, raw, known), (document, data) in zip(to_read, read, strict=True):
        path = str(name)
        if known is None and raw is not None and document.salvaged is None:  # a refused part: read every time
            brief = summary.summarise(data) if data is not None else None
            try:
                if not with_body:
                    document.meeting = Meeting.model_validate(brief) if brief is not None else None
            except ValueError:  # a summary the model refuses: this file is read every time
                pass
            else:
                rows.append((path, cache.digest(raw), *summary.encode(document.problems, brief,
                                                                           document.positions)))
        documents[path] = _validated(document, data)
    cache.store(rows, read=files)
    reader.remember()
    return [documents[path] for path in files]


class Seen(NamedTuple):
    """The minutes files a run found and the digests it took of them (by path)."""

    files: Sequence[str]
    digests: Mapping[str, str | None]


# Each minutes file read before, by path: its bytes and what was read from them.
Known = dict[str, tuple[bytes, Document]]


def _load_known(files: Sequence[str], jobs: int, with_body: bool, known: Known) -> list[Document]:
    contents: dict[str, bytes | None] = {}
    for name in files:
        try:
            contents[name] = Path(name).read_bytes()
        except OSError:
            contents[name] = None  # read again, to report it as `check` does
    fresh = [name for name in files
             if contents[name] is None or name not in known or known[name][0] != contents[name]]
    loaded = dict(zip(fresh, _load_all(fresh, jobs, with_body), strict=True))
    for name in list(known):
        if name not in contents:
            del known[name]
    for name, document in loaded.items():
        if (content := contents[name]) is not None:
            known[name] = (content, document)
    return [loaded[name] if name in loaded else known[name][1] for name in files]


def duplicate_action_ids(documents: Sequence[Document],
                         legacy: LegacyDocument | None = None) -> list[Problem]:
    """An action id names one action across all minutes and the legacy file, in any case,
    or updates could not find it."""
    first: dict[str, tuple[str, int, str]] = {}
    problems = []
    named: list[tuple[str, Positions, tuple[object, ...], str]] = []
    if legacy is not None and legacy.log is not None:
        named += [(legacy.path, legacy.positions, ("actions", k), action.id)
                  for k, action in enumerate(legacy.log.actions)]
    for document in documents:
        if document.meeting is not None:
            named += [(document.path, document.positions, ("items", i, *at), action.id)
                      for i, item in enumerate(document.meeting.items)
                      for at, action in item.raised()]
    for path, positions, at, action_id in named:
        line, column = positions.of((*at, "id"))
        if action_id.casefold() in first:
            where, line_there, spelt = first[action_id.casefold()]
            also = "" if spelt == action_id else f" as {spelt!r} (ids are the same in any case)"
            problems.append(Problem(
                path, line, column, "duplicate-action-id",
                f"action id {action_id!r} is already used at {where}:{line_there}{also}",
                "give this action a new id; ids never change once minutes are published",
            ))
        else:
            first[action_id.casefold()] = (path, line, action_id)
    return problems
