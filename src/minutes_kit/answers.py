"""Answers kept for one state of the repository, so that a command asked again about
minutes that have not changed in what it reads answers without reading them.

A state is a digest (:func:`minutes_kit.state.key`) of every file a command's answer
depends on, each by the part of it that the answer reads: for a minutes file, once its
own checks have run, the digest of its facts (its summary and where its actions were
written, :func:`minutes_kit.summary.encode`), so an edit to a narrative changes that
file's own problems but not the answers across meetings; for every other file, its
bytes. Each file's own problems come from its cache entry, checked again whenever its
bytes change. An answer is plain JSON, sealed with its state (:meth:`Cache.answer`) and
checked for its shape before it is believed; anything else is no answer, and the command
reads the repository as it would without one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import state
from .cache import Cache
from .problems import Problem, problems_in, problems_out
from .repository import Layout, minutes_files, repository_files, update_files

if TYPE_CHECKING:
    from .canary import Canary
    from .corpus import Brief, Document, Seen
    from .increment import Basis
    from .people import Identity
    from .register import Register
    from .register_store import Head


@dataclass
class Facts:
    """What a run knows of the minutes files without reading the unchanged ones: each
    file's own problems, the (path, facts) its answers are keyed by, and the documents
    read because they changed (see :func:`facts`)."""

    files: list[str]
    digests: dict[str, str | None] = field(default_factory=dict)
    own: list[Problem] = field(default_factory=list)
    keyed: list[tuple[str, str]] = field(default_factory=list)
    read: dict[str, Document | Brief] = field(default_factory=dict)

    @property
    def seen(self) -> Seen:
        """What a load that follows need not find again."""
        from .corpus import Seen

        return Seen(self.files, self.digests)


def facts(files: list[str], cache: Cache, jobs: int = 1, lean: bool = False) -> Facts:
    """The files changed since the last run are read, checked and given entries (and
    held as briefs, with ``lean``); the others are known from theirs."""
    outlines = cache.outlines(files)
    digests = state.digests(cache, list(outlines))  # the others are read in any case
    found = Facts(files, digests)
    fresh = [f for f in files if digests.get(f) is None or outlines[f][0] != digests[f]]
    if fresh:
        from .corpus import load_files

        found.read = {d.path: d for d in load_files(fresh, jobs, cache, lean)}
        outlines.update(cache.outlines(fresh))
        digests.update(state.digests(cache, fresh))  # from the statuses just noted, if settled
    for path in files:
        outline = outlines.get(path)
        current = outline is not None and digests.get(path) is not None and outline[0] == digests[path]
        problems = problems_in(outline[2], path) if outline is not None and current else None
        if outline is not None and problems is not None:
            found.own += problems
            found.keyed.append((path, outline[1]))
            continue
        # Read now and not summarised (a part refused by the schema, an unreadable file):
        # what it is as read stands for it.
        from .corpus import load_files

        document = found.read.get(path) or load_files([path], 1, cache)[0]
        found.read[path] = document
        found.own += document.problems
        found.keyed.append((path, f"file {digests.get(path)}"))
    return found


def _key(cache: Cache, purpose: tuple[str, ...], known: Facts, others: list[str]) -> str:
    digests = state.digests(cache, others)
    return state.key(cache, purpose, [*known.keyed, *((path, str(digests[path])) for path in others)])


def check(paths: Sequence[Path | str], cache: Cache, jobs: int = 1,
          layout: Layout | None = None) -> tuple[list[str], list[Problem]]:
    """Every file `check` reads and every problem, as ``load(paths, exempt=True)`` gives
    them: the files changed since the last run are read and checked, and the checks
    across meetings are taken from the answer kept for the state of what they read, or
    run (and kept) when there is none."""
    layout = layout or Layout()
    known = facts(minutes_files(paths, layout), cache, jobs, lean=True)
    others = repository_files(layout, exempt=True)
    digests = state.digests(cache, others)
    marks = [(path, str(digests[path])) for path in others]
    key = state.key(cache, ("check", "exempt"), [*known.keyed, *marks])
    across = problems_in(cache.answer(key))
    latest = state.key(cache, ("check", "latest"), [])  # the state the last check answered
    if across is None:
        from . import increment

        # What a check kept for the state the last check answered, taken up again for what
        # changed since: the update files are followed one by one, the other files as one.
        written = {str(path) for folder in (layout.updates, layout.exempt_updates)
                   for path in update_files(folder)}
        updates = {path: mark for path, mark in marks if path in written}
        others_key = state.key(cache, ("others",), [mark for mark in marks if mark[0] not in written])
        resumed = None
        for basis_key in _bases(cache, _basis_key(cache, cache.answer(latest) or "")):
            kept = increment.basis_in(cache.answer(basis_key))
            resumed = increment.check(kept, known, others_key, updates, layout, cache)
            if resumed is not None:
                break
        if resumed is None:
            from .corpus import check as checked

            found = checked(paths, jobs, layout, cache, ready=known.read, seen=known.seen)
            cache.keep(key, problems_out(found.across))
            if found.trail is not None:
                _keep_basis(cache, key, increment.basis(others_key, dict(known.keyed), updates, found.trail))
            cache.keep(latest, key)
            return found.paths, found.problems
        across, after = resumed
        cache.keep(key, problems_out(across))
        _keep_basis(cache, key, after)
    cache.keep(latest, key)
    # As Corpus.paths lists them: the directory is not one of them, the legacy file when present.
    listed = [path for path in others if path != str(layout.directory)
              and (path != str(layout.legacy) or os.path.exists(path))]
    return known.files + listed, sorted(known.own + across)


_BASES_KEPT = 3  # a basis is megabytes: kept for the last few states checked


def _basis_key(cache: Cache, key: str) -> str:
    return state.key(cache, ("check", "basis", key), [])


def _bases(cache: Cache, first: str) -> list[str]:
    """The bases kept, ``first`` (the last state checked) first, then the newest: when an
    edit cannot be taken up from the last state, one from before may be (a mistake saved,
    checked, then put right)."""
    listed = [k for k in _listed(cache) if k != first]
    return [first, *reversed(listed)]


def _listed(cache: Cache) -> list[str]:
    """The keys of the bases kept, oldest first."""
    try:
        found = json.loads(cache.answer(state.key(cache, ("check", "bases"), [])) or "[]")
    except ValueError:
        return []
    return [k for k in found if isinstance(k, str)] if isinstance(found, list) else []


def _keep_basis(cache: Cache, key: str, kept: Basis) -> None:
    """Keep the basis of the state ``key``, and those of the states checked just before
    it: an edit undone (git checkout) is answered from the state before, and the next
    edit is taken up from that state's basis, or from one before it."""
    from .increment import basis_out

    listed = state.key(cache, ("check", "bases"), [])
    bases = [k for k in _listed(cache) if k != _basis_key(cache, key)] + [_basis_key(cache, key)]
    cache.keep(bases[-1], basis_out(kept))
    cache.forget(bases[:-_BASES_KEPT])
    cache.keep(listed, json.dumps(bases[-_BASES_KEPT:]))


@dataclass
class RegisterAnswer:
    """The register's files as the state of the repository gives them (``files``: each
    name's digest), when known; ``key`` keeps them once rendered. ``ready`` is what was
    read on the way, for a load that follows."""

    key: str
    files: dict[str, str] | None
    ready: dict[str, Document | Brief]


def register(cache: Cache, layout: Layout, day: date | None) -> RegisterAnswer:
    """The digests of the register's files kept for the repository's state, unless its
    minutes have errors (a register is refused then, with them). The exempt files are
    part of the state: the register is scanned for their wording before it is kept."""
    known = facts(minutes_files((), layout), cache, lean=True)
    others = repository_files(layout, exempt=False) + _every_file(layout.exempt)
    key = _key(cache, ("register", str(day)), known, others)
    answer = None if any(p.severity == "error" for p in known.own) else _digests_in(cache.answer(key))
    return RegisterAnswer(key, answer, known.read)


def keep_register(cache: Cache, key: str, files: dict[str, str]) -> None:
    cache.keep(key, json.dumps({name: cache.digest(text.encode()) for name, text in files.items()},
                               ensure_ascii=False, separators=(",", ":")))


def stale_register(cache: Cache, files: dict[str, str], folder: Path) -> list[str]:
    """:func:`minutes_kit.register_files.stale` of the files with these digests."""
    from .generated import leftovers

    paths = {name: str(folder / name) for name in files}
    on_disk = state.digests(cache, list(paths.values()), state.whole)
    changed = [name for name, digest in files.items() if on_disk[paths[name]] != digest]
    return sorted(changed + leftovers(folder, files))


def _digests_in(text: str | None) -> dict[str, str] | None:
    try:
        found = json.loads(text) if text is not None else None
    except ValueError:
        return None
    if not isinstance(found, dict) or not all(isinstance(v, str) for v in found.values()):
        return None
    return found


def _every_file(folder: Path) -> list[str]:
    """Every file under ``folder``, hidden ones too: all the exempt-text scan may read."""
    return sorted(os.path.join(root, name) for root, _, names in os.walk(folder) for name in names)


@dataclass
class QueryAnswer:
    """The head of the register kept for the repository's state (its people, when
    known), with how many errors its minutes have; ``key`` keeps it once folded."""

    key: str
    head: Head | None
    errors: int
    ready: dict[str, Document | Brief]


def query(cache: Cache, layout: Layout, exempt: bool) -> QueryAnswer:
    """The register as the actions of a query need it, public or with the exempt parts."""
    from .register_store import read_head

    known = facts(minutes_files((), layout), cache, lean=True)
    key = _key(cache, ("actions", str(exempt)), known, repository_files(layout, exempt))
    errors, _, text = (cache.answer(key) or "").partition("\n")
    head = read_head(text) if errors.isdigit() else None
    own = sum(p.severity == "error" for p in known.own)
    return QueryAnswer(key, head, own + int(errors) if head is not None else 0, known.read)


def register_of(cache: Cache, answer: QueryAnswer, who: Identity | None) -> Register | None:
    """The kept register with every action, or only those ``who`` owns: all a query for
    them reads. None when its rows are not all there as they were kept."""
    from .register_store import load as read_register

    if answer.head is None:
        return None
    rows = cache.rows(answer.key, who.id if who is not None else None)
    wanted = answer.head.counts.get(who.id, 0) if who is not None else answer.head.total
    return read_register(answer.head, rows) if rows is not None and len(rows) == wanted else None


def keep_query(cache: Cache, key: str, register: Register, across: Sequence[Problem]) -> None:
    from .register_store import dump

    kept = dump(register)
    cache.keep_rows(key, f"{sum(p.severity == 'error' for p in across)}\n{kept.head}", kept.lives)


def canaries(cache: Cache, layout: Layout) -> list[Canary]:
    """:func:`minutes_kit.canary.candidates`, kept for the state of what it reads."""
    from . import canary

    exempt = _every_file(layout.exempt)
    read = exempt + canary.notice_files(layout.exempt, layout.minutes, exempt)
    digests = state.digests(cache, read, state.whole)
    key = state.key(cache, ("canaries",), ((path, str(digests[path])) for path in read))
    found = canary.canaries_in(cache.answer(key))
    if found is None:
        found = canary.candidates(layout.exempt, layout.minutes)
        cache.keep(key, canary.canaries_out(found))
    return found
