"""The action register: every action's life, folded from all minutes in date order.

An action is raised by one meeting and updated by later ones (matters arising) or by
update files recorded between meetings, until it is done or dropped. Updates that name
no earlier action, or come after it closed, are problems at the update's line. Actions
raised before the first minutes come from the legacy file (``actions/legacy.yml``) on the
day they were raised. Ids are matched in any case: ``HWB-31`` and ``hwb-31`` are one.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from .lives import Event, FollowUp, Life, Register
from .models import LegacyAction, LegacyLog, Meeting, Owners, RecordedUpdate, Update
from .owners import Refusal, posts_named, resolve
from .people import Identity, Named, People
from .problems import Problem
from .yamlpos import Positions


class Minutes(Protocol):
    """What the fold needs of one minutes file (a corpus document)."""

    path: str
    meeting: Meeting | None
    positions: Positions
    exempt: bool


class LegacyFile(Protocol):
    """What the fold needs of the legacy file."""

    path: str
    log: LegacyLog | None
    positions: Positions


class UpdateFile(Protocol):
    """What the fold needs of one update file."""

    path: str
    update: RecordedUpdate | None
    positions: Positions
    exempt: bool


def build(minutes: Sequence[Minutes], updates: Sequence[UpdateFile], people: People,
          until: date | None = None, legacy: LegacyFile | None = None) -> Register:
    """Fold legacy actions, meetings and update files in date order (on one day: legacy
    actions, then meetings, then files), up to and including ``until``: the register as
    it stood that day. Everyone the minutes name is learnt first, in the order given."""
    meetings = [m for m in minutes if m.meeting is not None]
    learn_files(people, updates, legacy)
    present = {}
    for m in meetings:
        assert m.meeting is not None
        present[id(m)] = _identities(m.meeting.people, people)
        learn(people, (), posts(m.meeting))
    fold = Fold(people, updates, until, legacy)
    for m in sorted(meetings, key=lambda m: (m.meeting.date if m.meeting else date.min, m.path)):
        assert m.meeting is not None
        fold.meeting(m.path, m.meeting, m.positions, m.exempt, present[id(m)])
    return fold.finish()


def learn(people: People, persons: Iterable[Named], named: Iterable[str] = ()) -> bool:
    """Learn everyone one meeting names (see :meth:`People.identify`) and the posts its
    owners name: the fold resolves owners against everyone the minutes name, so each
    meeting is learnt before any is folded, and what an owner's refusal suggests does not
    depend on which meetings came before it. Whether anything was new: a meeting that
    taught nothing can go without changing what the others are checked against."""
    before = people.learnt
    for person in persons:
        people.identify(person)
    for name in named:
        people.post(name)
    return people.learnt != before


def posts(meeting: Meeting) -> list[str]:
    """The posts a meeting's owners may name (:func:`minutes_kit.owners.posts_named`)."""
    found = [name for update in meeting.matters_arising for name in posts_named(update.owner)]
    found += [name for item in meeting.items for _, action in item.raised()
              for name in posts_named(action.owner)]
    return found


def learn_files(people: People, updates: Sequence[UpdateFile], legacy: LegacyFile | None) -> None:
    """The posts the owners of the legacy file and of the update files name, learnt before
    any meeting's."""
    if legacy is not None and legacy.log is not None:
        learn(people, (), [name for action in legacy.log.actions for name in posts_named(action.owner)])
    learn(people, (), [name for u in updates if u.update for name in posts_named(u.update.owner)])


class Raised:
    """The ids raised so far, each at its turn in the fold (see :class:`Fold`): an update
    of an unknown id suggests those raised before it, whether or not their actions were
    taken into the register. Kept apart from the register so that a fold of some actions
    only (:mod:`minutes_kit.increment`) suggests what a fold of all of them would."""

    def __init__(self, known: Callable[[], Iterable[tuple[Turn, str]]] | None = None) -> None:
        self._ids: list[tuple[Turn, str]] = []
        self._known = known  # every id's turn, read when an unknown id is first met

    def add(self, turn: Turn, ids: Iterable[str]) -> None:
        """The ids raised at ``turn``, later than any added before."""
        self._ids += [(turn, action_id) for action_id in ids]

    def close_to(self, action: str, turn: Turn) -> list[str]:
        """Ids close to ``action`` raised before ``turn``, compared in any case."""
        if self._known is not None:
            # In the order folded (a stable sort keeps one meeting's ids in their order):
            # where two ids differ only in case, the first is suggested.
            self._ids, self._known = sorted(self._known(), key=lambda raised: raised[0]), None
        first: dict[str, str] = {}
        for when, action_id in self._ids:
            if when < turn:
                first.setdefault(action_id.casefold(), action_id)
        return [first[key] for key in difflib.get_close_matches(action.casefold(), list(first), n=3)]


# When a record is folded: its date, then legacy actions (-1), meetings (0) and update
# files (1) of that day, then its path.
Turn = tuple[date, int, str]


def raised_ids(meeting: Meeting) -> list[str]:
    return [action.id for item in meeting.items for _, action in item.raised()]


def cause(action_id: str) -> str:
    """What a problem of an action's life is kept by: its id, in any case."""
    return "a:" + action_id.casefold()


_Step = tuple[date, int, str, Positions, RecordedUpdate | LegacyAction, bool]


class Fold:
    """The register folded one meeting at a time, in date order: the legacy actions and
    update files dated before each meeting are applied first. A caller that holds one
    meeting at a time (``check`` of a large repository) folds without holding them all."""

    def __init__(self, people: People, updates: Sequence[UpdateFile], until: date | None = None,
                 legacy: LegacyFile | None = None, raised: Raised | None = None,
                 only: frozenset[str] | None = None) -> None:
        self.register = Register(people=people)
        self._until = until
        self._legacy = legacy
        # With ``raised`` (every id's turn, known beforehand) and ``only`` (the causes
        # wanted), only the lives of those actions are folded (see minutes_kit.increment).
        self._raised = raised or Raised()
        self._learning = raised is None
        self._only = only
        steps: list[_Step] = [(u.update.date, 1, u.path, u.positions, u.update, u.exempt)
                              for u in updates if u.update and self.wanted(u.update.action)]
        self._place: dict[int, int] = {}  # where each legacy action is in its file
        if legacy is not None and legacy.log is not None:
            for index, action in enumerate(legacy.log.actions):
                self._place[id(action)] = index
                if self._learning or self.wanted(action.id):
                    steps.append((action.raised, -1, legacy.path, legacy.positions, action, False))
        self._steps = sorted(steps, key=lambda s: s[:3])
        self._next = 0

    def meeting(self, path: str, meeting: Meeting, positions: Positions, exempt: bool,
                present: dict[str, Identity]) -> None:
        """Fold one meeting; meetings come in (date, path) order."""
        turn = (meeting.date, 0, path)
        self._steps_before(turn)
        if self._until is not None and meeting.date > self._until:
            return
        register = self.register
        register.latest = max(register.latest, meeting.date)
        for follow_up in register.follow_ups:
            if follow_up.held is None and follow_up.held_by(meeting):
                follow_up.held = meeting.date
        _fold_meeting(register, meeting, path, positions, present, exempt, turn, self)
        if self._learning:
            self._raised.add(turn, raised_ids(meeting))

    def wanted(self, action_id: str) -> bool:
        return self._only is None or cause(action_id) in self._only

    @property
    def whole(self) -> bool:
        """Whether every life is folded (and the follow-ups with them)."""
        return self._only is None

    def suggest(self, turn: Turn) -> Callable[[str], list[str]]:
        """What an update of an unknown id at ``turn`` suggests."""
        return lambda action: self._raised.close_to(action, turn)

    def finish(self) -> Register:
        """The register, once the steps after the last meeting are applied."""
        self._steps_before(None)
        return self.register

    def _steps_before(self, turn: tuple[date, int, str] | None) -> None:
        register, legacy = self.register, self._legacy
        while self._next < len(self._steps) and (turn is None or self._steps[self._next][:3] < turn):
            when, order, path, positions, said, exempt = self._steps[self._next]
            self._next += 1
            if self._until is not None and when > self._until:
                continue
            register.latest = max(register.latest, when)
            if isinstance(said, LegacyAction):
                assert legacy is not None and legacy.log is not None
                if self._learning:
                    self._raised.add((when, order, path), [said.id])
                if self.wanted(said.id):
                    _raise_legacy(register, said, legacy.log.source, _Reporter(
                        register, path, positions, ("actions", self._place[id(said)]), False, cause(said.id)))
            else:
                report = _Reporter(register, path, positions, (), exempt, cause(said.action))
                _apply(register, said, when, report, "update file", {}, self.suggest((when, order, path)))


@dataclass(frozen=True)
class _Reporter:
    """Reports a problem at a field of the update at ``at`` in ``path``."""

    register: Register
    path: str
    positions: Positions
    at: tuple[object, ...]
    exempt: bool  # the update is in the confidential record
    cause: str  # of the action's life (see `cause`)

    def __call__(self, field_: str | tuple[object, ...], code: str, message: str, hint: str) -> None:
        line, column = self.positions.of((*self.at, *(field_ if isinstance(field_, tuple) else (field_,))))
        self.register.problems.append(Problem(self.path, line, column, code, message, hint))
        self.register.causes.append(self.cause)

    @property
    def line(self) -> int:
        return self.positions.of(self.at)[0]


def _label(meeting: Meeting) -> str:
    return f"{meeting.committee}, {meeting.date:%d %B %Y}".replace(" 0", " ")


def _fold_meeting(register: Register, meeting: Meeting, path: str, positions: Positions,
                  present: dict[str, Identity], exempt: bool, turn: Turn, fold: Fold) -> None:
    label = _label(meeting)
    suggest = fold.suggest(turn)
    for i, update in enumerate(meeting.matters_arising):
        if fold.wanted(update.action):
            report = _Reporter(register, path, positions, ("matters_arising", i), exempt,
                               cause(update.action))
            _apply(register, update, meeting.date, report, label, present, suggest)
    for i, item in enumerate(meeting.items):
        for at, action in item.raised():
            if action.id.casefold() in register.actions or not fold.wanted(action.id):
                continue  # reported as duplicate-action-id, or not wanted
            report = _Reporter(register, path, positions, ("items", i, *at), exempt, cause(action.id))
            owners = _owners(report, action.owner, present, listed_only=True)
            if owners is None:
                continue
            register.actions[action.id.casefold()] = Life(
                action.id, action.text, meeting.committee, item.minute, item.title, item.exempt,
                owners, action.due, action.status,
                [Event(meeting.date, path, report.line, label, action.status, None,
                       action.due, owners)],
            )
        if item.further_review and fold.whole:
            register.follow_ups.append(FollowUp(
                meeting.committee, item.id, item.title, item.code, meeting.date, item.further_review.due,
                item.further_review.note, path, item.exempt,
            ))


def _raise_legacy(register: Register, action: LegacyAction, source: str, report: _Reporter) -> None:
    """An action of the old log, raised on its day; where it came from is its first record."""
    if action.id.casefold() in register.actions:
        return  # reported as duplicate-action-id
    owners = _owners(report, action.owner, {}, listed_only=False)
    if owners is not None:
        register.actions[action.id.casefold()] = Life(
            action.id, action.text, action.committee, action.reference or "", source, False,
            owners, action.due, action.status,
            [Event(action.raised, report.path, report.line, source, action.status, None, action.due, owners)])


def _owners(report: _Reporter, written: Owners, present: dict[str, Identity],
            listed_only: bool) -> tuple[Identity, ...] | None:
    """The owners written, or None with the refusal reported at the owner (or its entry)."""
    owners = resolve(written, report.register.people, present, listed_only)
    if isinstance(owners, Refusal):
        report("owner" if owners.index is None else ("owner", owners.index),
               owners.code, owners.message, owners.hint)
        return None
    return owners


class _Salvaged(Protocol):
    path: str
    positions: Positions
    exempt: bool
    salvaged: Meeting | None


def refused_owners(documents: Sequence[_Salvaged], register: Register) -> list[Problem]:
    """The owners that resolve to nobody in minutes the schema refused in part: reported
    as the fold would report them, in the same pass, with nothing folded."""
    checker = Register(people=register.people, actions=register.actions)
    for document in documents:
        meeting = document.salvaged
        assert meeting is not None
        present = _identities(meeting.people, register.people)
        for i, item in enumerate(meeting.items):
            for at, action in item.raised():
                report = _Reporter(checker, document.path, document.positions, ("items", i, *at),
                                   document.exempt, cause(action.id))
                _owners(report, action.owner, present, listed_only=True)
    return checker.problems


def _identities(persons: Sequence[Named], people: People) -> dict[str, Identity]:
    """Who each of a meeting's initials and names (casefolded) is, as the meeting's own
    checks resolve them (where two share one, the first listed); everyone is learnt."""
    found: dict[str, Identity] = {}
    for person in persons:
        identity = people.identify(person)
        found.setdefault(person.initials.casefold(), identity)
        found.setdefault(person.name.casefold(), identity)
    return found


def present(meeting: Meeting, people: People) -> dict[str, Identity]:
    """The meeting's people as the fold resolves owners against them."""
    return _identities(meeting.people, people)


def _apply(register: Register, update: Update, when: date, problem: _Reporter, said_by: str,
           present: dict[str, Identity], suggest: Callable[[str], list[str]]) -> None:
    life = register.find(update.action)
    if life is None:
        close = suggest(update.action)
        problem("action", "unknown-action",
                f"no action {update.action!r} was raised before {when}",
                _did_you_mean(close) + "an update names the id of an action from an earlier meeting")
        return
    if life.exempt and not problem.exempt:
        problem("action", "exempt-update-in-public",
                f"action {life.id!r} belongs to an exempt item, and this file may be published",
                "record progress on it in the exempt part of the meeting (exempt/ followed by the "
                "minutes' path), or in exempt/updates/")
    if not life.is_open:
        problem("action", "update-after-close",
                f"action {life.id!r} was closed ({life.status}) on {life.closed}",
                "raise a new action instead of updating a closed one")
        return
    owners: tuple[Identity, ...] = ()
    if update.owner:
        found = _owners(problem, update.owner, present, listed_only=False)
        if found is None:
            return
        owners = found
    life.history.append(Event(when, problem.path, problem.line, said_by, update.status,
                              update.note, update.due, owners))
    life.status = update.status or life.status
    life.due = update.due or life.due
    life.owners = owners or life.owners


def _did_you_mean(close: Sequence[str]) -> str:
    return "did you mean " + " or ".join(close) + "? " if close else ""
