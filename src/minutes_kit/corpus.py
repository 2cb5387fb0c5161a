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
from .cache import Cache, Stored
from .collisions import Collisions
from .consistency import actions as actions_check
from .consistency import check_meeting, checks_without
from .directory import Directory
from .models import LegacyLog, Meeting, RecordedUpdate
from .owners import posts_named
from .people import Listed, People
from .problems import Problem, problems_in
from .reader import MAX_UPDATE_BYTES, read, read_yaml
from .register import Fold, Register, build, cause, learn, learn_files, posts, present, refused_owners
from .repository import Layout, discover, minutes_files, under, update_files
from .traces import Trace, trace
from .validate import salvage, validate
from .yamlpos import Positions

T = TypeVar("T")
D = TypeVar("D", bound="Document | Brief")


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


@dataclass(eq=False)
class Brief:
    """A valid minutes file held as its cache entry (:mod:`minutes_kit.summary`) while
    the checks across meetings run, with only what they read of every meeting before
    any: its date, people and the posts its owners name. A tenth of the memory of its
    summary meeting; it is decoded when its turn comes (:func:`opened`) and let go again."""

    path: str
    date: date
    people: tuple[Listed, ...]
    posts: tuple[str, ...]
    entry: str
    problems: list[Problem]
    exempt = False
    salvaged = None


class Stale(Exception):
    """An entry's outline is not what its meeting says: the entry is not believed."""


def opened(minutes: Document | Brief) -> Document:
    """The document of a brief, decoded from its entry (or the document itself)."""
    if isinstance(minutes, Document):
        return minutes
    decoded = summary.decode(minutes.path, minutes.entry)
    meeting, positions = (decoded[1], decoded[2]) if decoded is not None else (None, Positions())
    if meeting is None:  # an entry that does not decode: the file is read again
        again = load_document(minutes.path)
        meeting, positions = again.meeting, again.positions
    if meeting is None or summary.outline(meeting) != (minutes.date, minutes.people, minutes.posts):
        raise Stale(minutes.path)
    return Document(minutes.path, meeting, positions, minutes.problems)


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
        return _paths(self.documents, self.parts, self.updates, self.legacy)

    def under(self, paths: Sequence[Path | str]) -> tuple[list[str], list[Problem]]:
        """The files under ``paths`` and their problems: a check of some files still
        judges them against the whole repository (ids, updates, people). A problem
        across files is placed at one of them and names the other (an id "already used
        at FILE:LINE"): it is theirs too when it names one of them."""
        return under(self.paths, self.problems, paths)


def load(paths: Iterable[Path | str] = (), jobs: int = 1, with_body: bool = False,
         layout: Layout | None = None, exempt: bool = False, cache: Cache | None = None,
         known: Known | None = None, ready: Mapping[str, Document | Brief] | None = None,
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
            documents = _load_known(files, jobs, with_body, known)
        elif cache is not None:
            documents = _documents(_load_cached(files, jobs, cache, with_body, ready or {},
                                                seen.digests if seen is not None else {}))
        else:
            documents = _load_all(files, jobs, with_body)
        documents = _in_order(documents)
        found = _assemble(documents, layout, exempt, with_body)
        return Corpus(documents, found.updates, found.register, found.problems,
                      found.directory, found.parts, found.legacy, found.across)


class Checked(NamedTuple):
    """What `check` reports: every file read and every problem (as a corpus gives them),
    and the problems across files alone; the register folded on the way; and, for a
    check with the exempt parts, the trail an edit is checked from next time."""

    paths: list[str]
    problems: list[Problem]
    across: list[Problem]
    register: Register
    trail: Trail | None = None


def check(paths: Iterable[Path | str] = (), jobs: int = 1, layout: Layout | None = None,
          cache: Cache | None = None, ready: Mapping[str, Document | Brief] | None = None,
          seen: Seen | None = None, exempt: bool = True) -> Checked:
    """The problems and register of ``load(paths, exempt=exempt, ...)`` without holding
    every meeting: each valid minutes file is held as its entry (a :class:`Brief`) and
    decoded in its turn, so a check of 10,000 meetings holds a tenth of what a corpus
    does. What needs no more than the register (`register`, `actions`) is folded so too."""
    layout = layout or Layout()
    with _no_cyclic_gc():
        files = list(seen.files) if seen is not None else minutes_files(paths, layout)
        try:
            found = _assemble(_in_order(_load_cached(files, jobs, cache, False, ready or {},
                                                     seen.digests if seen is not None else {},
                                                     lean=True)),
                              layout, exempt, False, traced=exempt)
        except Stale:  # an entry that is not what it says: read as if there were no entries
            found = _assemble(_in_order(_load_all(files, jobs, False)), layout, exempt, False, traced=exempt)
        return Checked(found.paths, found.problems, found.across, found.register, found.trail)


class _Assembled(NamedTuple):
    updates: list[UpdateDocument]
    register: Register
    problems: list[Problem]
    directory: Directory | None
    parts: dict[str, Document]
    legacy: LegacyDocument | None
    across: list[Problem]
    paths: list[str]
    trail: Trail | None


class UpdateTrace(NamedTuple):
    """What the checks across meetings read of one update file: the action it updates
    (its cause, "" when the file is not valid), the posts its owner names, and its own
    problems."""

    path: str
    cause: str
    exempt: bool
    posts: list[str]
    problems: list[Problem]


def update_trace(update: UpdateDocument) -> UpdateTrace:
    written = update.update
    return UpdateTrace(update.path, cause(written.action) if written else "", update.exempt,
                       posts_named(written.owner) if written else [], update.problems)


@dataclass
class Trail:
    """The checks across meetings as an edit can take them up again
    (:mod:`minutes_kit.increment`): each meeting's trace in the order folded, the
    problems by their cause, those that stand while the files other than the minutes
    stand (``fixed``), and the people learnt; what each update file and legacy action
    is a cause of."""

    traces: list[Trace]
    keyed: dict[str, list[Problem]]
    fixed: list[Problem]  # of the exempt parts, the legacy file and the directory
    people: People
    names: Collisions
    updates: list[UpdateTrace]
    legacy: list[tuple[date, str, str]]  # (raised, path, id) of each legacy action


def _assemble(documents: Sequence[Document | Brief], layout: Layout, exempt: bool,
              with_body: bool, traced: bool = False) -> _Assembled:
    """The minutes files' documents (in date order) with everything else the repository
    holds, and the checks across them; with ``traced``, their :class:`Trail` too."""
    updates = [load_update(p) for p in update_files(layout.updates)]
    parts: dict[str, Document] = {}
    if exempt and layout.exempt.is_dir():
        parts = _load_parts(layout, documents, with_body)
        updates += [load_update(p, exempt=True) for p in update_files(layout.exempt_updates)]
    directory, directory_problems = load_directory(layout.directory)
    legacy = load_legacy(layout.legacy)
    people = People(directory)
    register, kept = _across(documents, parts, updates, people, legacy,
                             layout if exempt and layout.exempt.is_dir() else None, traced)
    fixed = ([p for d in parts.values() for p in d.problems] + kept.missing
             + (legacy.problems if legacy else []) + directory_problems)
    across = (fixed + [p for u in updates for p in u.problems] + kept.keyed + kept.names.problems
              + kept.salvaged)
    problems = sorted([p for d in documents for p in d.problems] + across)
    trail = Trail(kept.traces, kept.by_cause, fixed, people, kept.names, [update_trace(u) for u in updates],
                  [(a.raised, legacy.path, a.id) for a in legacy.log.actions]
                  if legacy is not None and legacy.log is not None else []) if traced else None
    return _Assembled(updates, register, problems, directory, parts, legacy, across,
                      _paths(documents, parts, updates, legacy), trail)


def _paths(documents: Sequence[Document | Brief], parts: Mapping[str, Document],
           updates: Sequence[UpdateDocument], legacy: LegacyDocument | None) -> list[str]:
    """Every file read, as a corpus lists them."""
    return ([d.path for d in documents] + [d.path for d in parts.values()]
            + [u.path for u in updates] + ([legacy.path] if legacy else []))


class _Found(NamedTuple):
    """The problems across meetings by where they come from: those of action ids, the
    fold and minute numbers (``keyed``, with ``by_cause``), of names (with the names met),
    of owners in minutes refused in part, and of missing exempt records; and each
    meeting's trace, when asked for."""

    keyed: list[Problem]
    by_cause: dict[str, list[Problem]]
    names: Collisions
    salvaged: list[Problem]
    missing: list[Problem]
    traces: list[Trace]


def _across(documents: Sequence[Document | Brief], parts: Mapping[str, Document],
            updates: Sequence[UpdateDocument], people: People, legacy: LegacyDocument | None,
            exempt_of: Layout | None, traced: bool = False) -> tuple[Register, _Found]:
    """The register and the problems across meetings, in two passes over the minutes in
    date order: everyone they name is learnt, then each meeting is opened once and
    folded into the register, its action ids, names and minute numbers checked against
    the earlier ones' and, with ``exempt_of``, its exempt items against its part. With
    ``traced``, each meeting's trace is kept (:class:`Trail`)."""
    minutes = _in_order([*documents, *parts.values()])
    learn_files(people, updates, legacy)
    novel: list[bool] = []  # whether each taught something new
    for each in minutes:
        if isinstance(each, Brief):
            novel.append(learn(people, each.people, each.posts))
        else:
            novel.append(each.meeting is not None and learn(people, each.meeting.people, posts(each.meeting)))
    fold = Fold(people, updates, legacy=legacy)
    ids, names, numbers = ActionIds(legacy), Collisions(), minute_numbers.Repeats()
    missing: list[Problem] = []
    traces: list[Trace] = []
    within = os.path.abspath(exempt_of.minutes) + os.sep if exempt_of is not None else None
    for each, taught in zip(minutes, novel, strict=True):
        document = opened(each)
        if document.meeting is None:
            continue
        fold.meeting(document.path, document.meeting, document.positions, document.exempt,
                     present(document.meeting, people))
        ids.add(document)
        if traced:
            traces.append(trace(document.path, document.meeting, document.exempt, taught))
        if not document.exempt:
            names.add(document)
            numbers.add(document)
            if (within is not None and any(item.exempt for item in document.meeting.items)
                    and os.path.abspath(document.path).startswith(within)):
                part = parts.get(document.path)
                missing += exempt.missing_records(document.path, document.meeting,
                                                  part.meeting if part else None, document.positions)
    register = fold.finish()
    salvaged = refused_owners([d for d in minutes if isinstance(d, Document) and d.salvaged is not None],
                              register)
    by_cause = by_causes([(ids.causes, ids.problems), (register.causes, register.problems),
                          (numbers.causes, numbers.problems)])
    return register, _Found(ids.problems + register.problems + numbers.problems, by_cause, names,
                            salvaged, missing, traces)


def by_causes(found: Iterable[tuple[Sequence[str], Sequence[Problem]]]) -> dict[str, list[Problem]]:
    """Problems by their causes, from lists of each."""
    grouped: dict[str, list[Problem]] = {}
    for causes, problems in found:
        assert len(causes) == len(problems)
        for key, problem in zip(causes, problems, strict=True):
            grouped.setdefault(key, []).append(problem)
    return grouped


def _documents(loaded: Sequence[Document | Brief]) -> list[Document]:
    return [opened(d) for d in loaded]


def _when(document: Document | Brief) -> tuple[date, str]:
    if isinstance(document, Brief):
        return document.date, document.path
    return document.meeting.date if document.meeting else date.min, document.path


def _in_order(documents: Sequence[D]) -> list[D]:
    return sorted(documents, key=_when)


def _load_parts(layout: Layout, documents: Sequence[Document | Brief],
                with_body: bool) -> dict[str, Document]:
    """The exempt parts, each read as the meeting of its minutes records it."""
    by_path = {d.path: d for d in documents}
    absolute: dict[str, Document | Brief] | None = None  # when a path is spelt otherwise
    parts: dict[str, Document] = {}
    for path in discover([layout.exempt]):
        minutes_path = layout.minutes_of(path)
        public = by_path.get(minutes_path)
        if public is None:
            absolute = absolute or {os.path.abspath(d.path): d for d in documents}
            public = absolute.get(os.path.abspath(minutes_path))
        document = load_part(path, opened(public) if public is not None else None, layout, with_body)
        parts[public.path if public is not None else document.path] = document
    return parts


def load_part(path: str, public: Document | None, layout: Layout, with_body: bool = False) -> Document:
    """One exempt part, read as the meeting of its minutes (``public``) records it."""
    meeting = public.meeting if public is not None else None
    source, read_meeting, body = exempt.read_part(path, meeting, layout.minutes_of(path))
    document = Document(source.path, read_meeting, _anchors(read_meeting, source.positions),
                        source.problems, exempt=True)
    if with_body and body is not None:
        document.body, document.body_line = source.body, source.body_line
        document.headings = body.headings
    return document


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
            for _, document, data in _read_all([(f, None, None) for f in files], jobs, with_body)]


def _validated(document: Document, data: Any) -> Document:
    """A document from a worker, its meeting validated again from its data."""
    if data is not None and document.meeting is None:
        document.meeting = Meeting.model_validate(data)
    return document


# A file to read: its path, its bytes if already read, its problems if a cache entry holds them.
_ToRead = tuple[Path | str, bytes | None, list[Problem] | None]


def _read_all(files: Sequence[_ToRead], jobs: int, with_body: bool,
              reader: state.Reader | None = None) -> Iterator[tuple[bytes | None, Document, Any]]:
    """Each file's bytes (when read here), document and the data its meeting was
    validated from; from a worker process, the document comes without its meeting (see
    :func:`_load_chunk`). With a ``reader``, each file is read by it (noting its status)
    when its turn comes, so that one process holds one file's bytes at a time."""
    jobs = workers(jobs, len(files))
    if jobs <= 1:
        for path, raw, known in files:
            if reader is not None and raw is None:
                raw = reader.read(str(path))
            yield (raw, *_read_document(path, with_body, raw, known))
        return
    from concurrent.futures import ProcessPoolExecutor  # multiprocessing, only when used

    if reader is not None:
        files = [(path, raw if raw is not None else reader.read(str(path)), known)
                 for path, raw, known in files]
    chunks = chunked(files, jobs)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for sent, chunk in zip(chunks, pool.map(_load_chunk, chunks, [with_body] * len(chunks)), strict=True):
            for (_, raw, _), (document, data) in zip(sent, chunk, strict=True):
                yield raw, document, data


_BATCH = 500  # cache entries asked for at once (SQLite takes up to 32,766 parameters)


def load_files(files: Sequence[str], jobs: int, cache: Cache, lean: bool = False) -> list[Document | Brief]:
    """Some minutes files, each with its own problems and no checks across meetings;
    their entries are stored in ``cache`` for the next run. With ``lean``, each valid
    one is a :class:`Brief` (see :func:`check`)."""
    return _load_cached(files, jobs, cache, False, lean=lean)


def _load_cached(files: Sequence[str], jobs: int, cache: Cache | None, with_body: bool,
                 ready: Mapping[str, Document | Brief] | None = None,
                 taken: Mapping[str, str | None] | None = None, lean: bool = False) -> list[Document | Brief]:
    """The documents of ``files``: each unchanged file from its entry, the others read
    (in ``jobs`` processes) and their entries stored. A read file is summarised exactly
    as its entry will be read back, so a run gives the same answers warm or cold. With
    ``with_body`` every file is read, for its full meeting and body, but an unchanged
    one is not checked again. ``taken`` holds digests this run has taken already. With
    ``lean``, each valid file is held as its entry, a :class:`Brief`, read or not; with
    no ``cache`` every file is read."""
    documents: dict[str, Document | Brief] = {}
    to_read: list[_ToRead] = []
    stored: dict[str, Stored] = {}
    digests: dict[str, str | None] = {}
    ready = ready or {}
    for index, path in enumerate(files):
        if cache is not None and index % _BATCH == 0:
            stored = cache.entries([f for f in files[index:index + _BATCH] if f not in ready])
            # Only a file with an entry needs its digest first; the others are read anyway.
            digests = {path: taken[path] for path in stored if taken and path in taken}
            digests.update(state.digests(cache, [path for path in stored if path not in digests]))
        if path in ready:
            documents[path] = ready[path]
            continue
        entry = stored.pop(path, None)
        current = entry is not None and digests.get(path) is not None and entry.digest == digests[path]
        if entry is not None and current and lean and (brief := _brief(path, entry)) is not None:
            documents[path] = brief
            continue
        decoded = summary.decode(path, entry.entry) if entry is not None and current else None
        if decoded is None:
            to_read.append((path, None, None))
        elif with_body:
            to_read.append((path, None, decoded[0]))
        else:
            problems, meeting, positions = decoded
            documents[path] = Document(path, meeting, positions, problems)
    rows = []
    reader = state.Reader(cache) if cache is not None else None
    for (name, _, known), (raw, document, data) in zip(to_read, _read_all(to_read, jobs, with_body, reader),
                                                       strict=True):
        path = str(name)
        # A part refused by the schema, or an unreadable file: read every time.
        if known is None and document.salvaged is None and (raw is not None or cache is None):
            short = summary.summarise(data) if data is not None else None
            if lean and cache is None and short is not None:  # nothing stored: checked when opened
                full = _validated(document, data).meeting
                assert full is not None  # the data of a valid meeting
                text = summary.encode(document.problems, short, document.positions, None).entry
                documents[path] = Brief(path, *summary.outline(full), text, document.problems)
                continue
            try:
                model = Meeting.model_validate(short) if short is not None and not with_body else None
            except ValueError:  # a summary the model refuses: this file is read every time
                pass
            else:
                meeting = _validated(document, data).meeting if with_body else model
                encoded = summary.encode(document.problems, short, document.positions, meeting)
                if cache is not None and raw is not None:
                    rows.append((path, cache.digest(raw), *encoded))
                if lean and model is not None:
                    documents[path] = Brief(path, *summary.outline(model), encoded.entry, document.problems)
                    continue
                if not with_body:
                    document.meeting = model
        documents[path] = _validated(document, data)
    if cache is not None and reader is not None:
        cache.store(rows, read=files)
        reader.remember()
    return [documents[path] for path in files]


def _brief(path: str, entry: Stored) -> Brief | None:
    """The brief of an entry whose outline and problems read, without decoding it."""
    outline = summary.outline_in(entry.outline)
    problems = problems_in(entry.problems, path)
    if outline is None or problems is None:
        return None
    return Brief(path, *outline, entry.entry, problems)


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


class ActionIds:
    """An action id names one action across all minutes and the legacy file, in any case,
    or updates could not find it: each later use is a problem. Meetings are added in
    date order, after the legacy file."""

    def __init__(self, legacy: LegacyDocument | None) -> None:
        self._first: dict[str, tuple[str, int, str]] = {}
        self.problems: list[Problem] = []
        self.causes: list[str] = []
        if legacy is not None and legacy.log is not None:
            for k, action in enumerate(legacy.log.actions):
                self._use(legacy.path, legacy.positions, ("actions", k), action.id)

    def add(self, document: Document) -> None:
        if document.meeting is not None:
            for i, item in enumerate(document.meeting.items):
                for at, action in item.raised():
                    self._use(document.path, document.positions, ("items", i, *at), action.id)

    def _use(self, path: str, positions: Positions, at: tuple[object, ...], action_id: str) -> None:
        line, column = positions.of((*at, "id"))
        earlier = self._first.get(action_id.casefold())
        if earlier is None:
            self._first[action_id.casefold()] = (path, line, action_id)
        else:
            where, line_there, spelt = earlier
            also = "" if spelt == action_id else f" as {spelt!r} (ids are the same in any case)"
            self.causes.append(cause(action_id))
            self.problems.append(Problem(
                path, line, column, "duplicate-action-id",
                f"action id {action_id!r} is already used at {where}:{line_there}{also}",
                "give this action a new id; ids never change once minutes are published",
            ))
