"""The checks across meetings taken up again after an edit, from what the last check kept.

A check across 10,000 meetings opens every one of them; an edit to one file seldom
changes more than the lives of the actions it raises or updates. So a check keeps, with
its answer, a :class:`Basis`: each minutes file's facts, each meeting's trace
(:mod:`minutes_kit.traces`), its problems by what caused them, the people it learnt and
the names of pages it met. The next check, when only some files changed, works out
again only what they touch:

* the lives of the actions they raise or update, folded from every meeting, update file
  and legacy action that touches them, in date order (:class:`minutes_kit.register.Fold`
  with ``only``), with the ids those raise and the minute numbers they use;
* the names of pages of a new meeting, against every name met before it;
* the owners of minutes refused in part, which are read on every run anyway.

A meeting whose file is deleted, or now refused, goes as it would from a whole check
when it taught no one new (no person, initials, title or post that an earlier meeting
had not) and no problem of names points at it: the names of pages it was the first to
use are handed on to the next meeting that uses them, which spells them alike.

Every other problem stands as the basis found it. The answer is the one a check of every
meeting gives: :func:`check` declines (and the whole check runs) whenever what it could
not work out from the basis may have changed: the legacy file, the directory or an
exempt part, or the posts that update files name; a meeting gone that taught something
new or that a problem of names points at; a changed file whose outline (date, people,
posts) or names of pages changed, that a problem of names points at, or that has exempt
items or an exempt part; or a new one that is not the latest meeting. A basis is plain
JSON, sealed as any answer is and checked for its shape; anything else is no basis.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from . import minute_numbers, summary
from .collisions import Collisions, names_in, page_of
from .corpus import (
    ActionIds,
    Brief,
    Document,
    Stale,
    UpdateTrace,
    by_causes,
    load_files,
    load_legacy,
    load_part,
    load_update,
    opened,
    update_trace,
)
from .problems import Problem, problems_in, problems_out
from .register import Fold, Raised, Register, cause, learn, present, refused_owners
from .register_store import people_in, people_out
from .traces import Trace, Traces, trace

if TYPE_CHECKING:
    from .answers import Facts
    from .cache import Cache
    from .corpus import Trail
    from .people import People
    from .repository import Layout

# Past this share of the meetings, opening them one by one costs about what the whole
# check does.
_SHARE = 10


@dataclass
class Basis:
    """What a check keeps for the next to take up: see the module's docstring."""

    others: str  # a digest of the files other than the minutes and the update files
    people: Any  # as minutes_kit.register_store.people_out writes them
    facts: dict[str, str]  # each minutes file's (see minutes_kit.answers)
    traces: Traces  # in the order folded
    keyed: dict[str, list[Problem]]
    fixed: list[Problem]  # stand while the files other than the minutes do
    names: Any  # as Collisions.state_out writes it
    named: list[Problem]  # the problems of names
    involved: list[str]  # the files they point at
    updates: dict[str, tuple[str, UpdateTrace]]  # each update file's digest and trace
    legacy: list[tuple[date, str, str]]  # (raised, path, id) of each legacy action


def basis(others: str, facts: dict[str, str], updates: dict[str, str], trail: Trail) -> Basis:
    return Basis(others, people_out(trail.people), facts, Traces.of(trail.traces), trail.keyed, trail.fixed,
                 trail.names.state_out(), trail.names.problems, sorted(trail.names.involved),
                 {u.path: (updates.get(u.path, ""), u) for u in trail.updates}, trail.legacy)


def basis_out(kept: Basis) -> str:
    return json.dumps([kept.others, kept.people, kept.facts, kept.traces.out(),
                       {key: problems_out(found) for key, found in kept.keyed.items()},
                       problems_out(kept.fixed), kept.names, problems_out(kept.named), kept.involved,
                       [[digest, u.path, u.cause, u.exempt, u.posts, problems_out(u.problems)]
                        for digest, u in kept.updates.values()],
                       [[day.isoformat(), path, action] for day, path, action in kept.legacy]],
                      ensure_ascii=False, separators=(",", ":"))


def basis_in(text: str | None) -> Basis | None:
    """The basis :func:`basis_out` wrote, or None for anything else."""
    if text is None:
        return None
    try:
        (others, people, facts, traces, keyed, fixed, names, named, involved, updates,
         legacy) = json.loads(text)
        people_in(people)
        Collisions.restored(names)
        if type(others) is not str or type(facts) is not dict or not all(
                type(value) is str for value in facts.values()):
            raise TypeError("not facts")
        return Basis(others, people, facts, Traces.read(traces),
                     {_text(key): _problems(found) for key, found in keyed.items()}, _problems(fixed),
                     names, _problems(named), [_text(path) for path in involved],
                     {_text(path): (_text(digest), UpdateTrace(path, _text(key), _flag(exempt),
                                                               list(_texts(posts)), _problems(found)))
                      for digest, path, key, exempt, posts, found in updates},
                     [(date.fromisoformat(day), _text(path), _text(action)) for day, path, action in legacy])
    except (ValueError, TypeError, AttributeError, KeyError):
        return None


def _problems(text: object) -> list[Problem]:
    found = problems_in(_text(text))
    if found is None:
        raise ValueError("not problems")
    return found


def _text(value: object) -> str:
    if type(value) is not str:
        raise TypeError("not text")
    return value


def _texts(value: object) -> list[str]:
    if type(value) is not list:
        raise TypeError("not a list")
    return [_text(text) for text in value]


def _flag(value: object) -> bool:
    if type(value) is not bool:
        raise TypeError("not a flag")
    return value is True


def check(kept: Basis | None, known: Facts, others: str, updates: dict[str, str], layout: Layout,
          cache: Cache) -> tuple[list[Problem], Basis] | None:
    """The problems across files of the repository as ``known`` finds its minutes and
    ``updates`` its update files (each by its digest), and the basis for the next check,
    worked out from ``kept``; None when that cannot be done (see the module's
    docstring), or when it would cost about what a whole check does."""
    if kept is None or kept.others != others:
        return None
    try:
        return _check(kept, known, others, updates, layout, cache)
    except Stale:  # an entry that is not what it says: the whole check reads the files
        return None


def _check(kept: Basis, known: Facts, others: str, digests: dict[str, str], layout: Layout,
           cache: Cache) -> tuple[list[Problem], Basis] | None:
    facts = dict(known.keyed)
    at = {path: index for index, path in enumerate(kept.traces.paths)}
    last = kept.traces.last()
    involved = set(kept.involved)
    names = Collisions.restored(kept.names)

    def gone(path: str, old: Trace) -> bool:
        """Whether the meeting ``old`` can go (its file deleted or refused) without
        changing what the others are checked against beyond what can be worked out:
        it taught nothing new, and no problem of names points at it."""
        return not (old.novel or old.whole or path in involved)

    removed = []  # the indices of the meetings gone
    for path in kept.facts.keys() - facts.keys():
        if os.path.lexists(layout.part_of(path)):
            return None  # what its exempt part records depends on it
        if path in at:
            if not gone(path, kept.traces[at[path]]):
                return None
            removed.append(at[path])
    changed: dict[str, tuple[Trace, Document]] = {}
    differ = [path for path, digest in facts.items() if kept.facts.get(path) != digest]
    # A file changed since the basis but not since the last run (whose answer was kept
    # without a basis) is known from its entry.
    unread = [path for path in differ if path not in known.read]
    if len(unread) * _SHARE > len(facts) + 10 * _SHARE:
        return None
    read = {**known.read, **dict(zip(unread, load_files(unread, 1, cache, lean=True), strict=True))}
    for path in differ:
        document = opened(read[path])
        old = kept.traces[at[path]] if path in at else None
        if (old is not None and old.exempt) or os.path.lexists(layout.part_of(path)):
            return None  # what its exempt part records depends on it
        if document.meeting is None:  # refused: as if it were not there
            if old is not None:
                if not gone(path, old):
                    return None
                removed.append(at[path])
            continue
        new = trace(path, document.meeting, False, old.novel if old is not None else True)
        if new.whole or (old is not None and old.whole):
            return None
        if old is None:
            if last is not None and (new.date, path) <= last:
                return None
        elif new.outline != old.outline or new.names != old.names or path in involved:
            return None
        changed[path] = (new, document)
    people = people_in(kept.people)
    added = []
    for t in sorted((t for t, _ in changed.values() if t.path not in at), key=lambda t: (t.date, t.path)):
        meeting = changed[t.path][1].meeting
        assert meeting is not None
        found = summary.outline(meeting)
        added.append(t._replace(novel=learn(people, found.people, found.posts)))
    causes = {key for path, (new, _) in changed.items()
              for key in (*new.causes, *(kept.traces[at[path]].causes if path in at else ()))}
    causes |= {key for index in removed for key in kept.traces.causes[index]}
    updates = _updates(kept.updates, digests, layout)
    if updates is None:
        return None
    causes |= {u.cause for path, (_, u) in updates.items() if kept.updates.get(path, ("", None))[1] != u}
    causes |= {u.cause for path, (_, u) in kept.updates.items() if updates.get(path, ("", None))[1] != u}
    causes.discard("")
    if any(path not in at or new.raised != kept.traces[at[path]].raised
           for path, (new, _) in changed.items()) or any(kept.traces[index].raised for index in removed):
        # What an update of an unknown id suggests is drawn from every id raised before it.
        causes |= {key for key, found in kept.keyed.items() if any(p.code == "unknown-action" for p in found)}
    traces = kept.traces.replaced({at[path]: new for path, (new, _) in changed.items() if path in at}, added,
                                  removed)
    documents = {path: document for path, (_, document) in changed.items()}
    for index in removed:
        for page in names.firsts_of(kept.traces.paths[index]):
            if not _hand_on(names, page, traces, documents, cache):
                return None
    for t in added:  # after every meeting before them
        meeting = documents[t.path].meeting
        assert meeting is not None
        names.add_names(t.path, names_in(meeting))
    touching = [traces[i] for i, found in enumerate(traces.causes) if not causes.isdisjoint(found)]
    if len(touching) * _SHARE > len(traces) + 10 * _SHARE:
        return None
    keyed = {key: found for key, found in kept.keyed.items() if key not in causes}
    keyed.update(_refolded(touching, documents, causes, traces, [u for _, u in updates.values()], kept,
                           people, layout, cache))
    salvaged = refused_owners([d for d in known.read.values() if isinstance(d, Document) and d.salvaged],
                              Register(people=people))
    named = kept.named + names.problems
    across = [*kept.fixed, *(p for _, u in updates.values() for p in u.problems),
              *(p for found in keyed.values() for p in found), *named, *salvaged]
    return across, Basis(others, people_out(people) if added else kept.people, facts, traces, keyed,
                         kept.fixed, names.state_out() if added or removed else kept.names, named,
                         sorted(involved | names.involved), updates, kept.legacy)


def _hand_on(names: Collisions, page: str, traces: Traces, changed: dict[str, Document],
             cache: Cache) -> bool:
    """The name of ``page``, first used by a meeting gone, handed on to the next meeting
    that uses it, in the order folded (or to none); False when that cannot be done."""
    heir = next((t for t in traces if page in t.pages), None)
    if heir is None:
        return names.hand_on(page, None, "")
    document = changed.get(heir.path) or opened(load_files([heir.path], 1, cache, lean=True)[0])
    named = [name for name in names_in(document.meeting) if page_of(name[0], name[1]) == page] \
        if document.meeting is not None else []
    return bool(named) and names.hand_on(page, named[0], heir.path)


def _updates(kept: dict[str, tuple[str, UpdateTrace]], digests: dict[str, str],
             layout: Layout) -> dict[str, tuple[str, UpdateTrace]] | None:
    """Each update file's digest and trace, read again when it changed; None when the
    posts its owners name changed (they are learnt before any meeting)."""
    found: dict[str, tuple[str, UpdateTrace]] = {}
    for path, digest in digests.items():
        before = kept.get(path)
        if before is not None and before[0] == digest:
            found[path] = before
            continue
        exempt = os.path.dirname(os.path.abspath(path)) == os.path.abspath(layout.exempt_updates)
        found[path] = (digest, update_trace(load_update(path, exempt)))
    posts = {name for _, u in found.values() for name in u.posts}
    if posts != {name for _, u in kept.values() for name in u.posts}:
        return None
    return found


def _refolded(touching: list[Trace], changed: dict[str, Document], causes: set[str], traces: Traces,
              written: list[UpdateTrace], kept: Basis, people: People, layout: Layout,
              cache: Cache) -> dict[str, list[Problem]]:
    """The problems of ``causes``, from the meetings ``touching`` them (in the order
    folded), the update files and legacy actions that are theirs; an unknown id's
    suggestions are drawn from the ids every meeting (``traces``) raises."""
    public = [t.path for t in touching if not t.exempt and t.path not in changed]
    read: dict[str, Document | Brief] = dict(zip(public, load_files(public, 1, cache, lean=True),
                                                 strict=True))
    documents: list[Document] = []
    for t in touching:
        if t.exempt:
            minutes = layout.minutes_of(t.path)  # never a changed file: see _check
            of = opened(read[minutes]) if minutes in read else None
            if of is None and os.path.lexists(minutes):
                of = opened(load_files([minutes], 1, cache, lean=True)[0])
            documents.append(load_part(t.path, of, layout))
        else:
            documents.append(changed.get(t.path) or opened(read[t.path]))
    updates = [load_update(u.path, u.exempt) for u in written if u.cause in causes]
    legacy = load_legacy(layout.legacy) if any(cause(i) in causes for _, _, i in kept.legacy) else None
    raised = Raised(lambda: [*traces.raised(), *(((day, -1, path), i) for day, path, i in kept.legacy)])
    fold = Fold(people, updates, legacy=legacy, raised=raised, only=frozenset(causes))
    ids, numbers = ActionIds(legacy), minute_numbers.Repeats()
    for document in documents:
        if document.meeting is None:
            continue
        fold.meeting(document.path, document.meeting, document.positions, document.exempt,
                     present(document.meeting, people))
        ids.add(document)
        if not document.exempt:
            numbers.add(document)
    register = fold.finish()
    grouped = by_causes([(ids.causes, ids.problems), (register.causes, register.problems),
                         (numbers.causes, numbers.problems)])
    return {key: problems for key, problems in grouped.items() if key in causes}
