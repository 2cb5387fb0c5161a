"""The action register: every action's life, folded from all minutes in date order.

An action is raised by one meeting and updated by later ones (matters arising) or by
update files recorded between meetings, until it is done or dropped. Updates that name
no earlier action, or come after it closed, are problems at the update's line. Actions
raised before the first minutes come from the legacy file (``actions/legacy.yml``) on the
day they were raised. Ids are matched in any case: ``HWB-31`` and ``hwb-31`` are one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from .lives import Event, FollowUp, Life, Register
from .models import LegacyAction, LegacyLog, Meeting, Owners, RecordedUpdate, Update
from .owners import Refusal, resolve
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
    present = {id(m): _identities(m.meeting.people, people) for m in meetings if m.meeting is not None}
    fold = Fold(people, updates, until, legacy)
    for m in sorted(meetings, key=lambda m: (m.meeting.date if m.meeting else date.min, m.path)):
        assert m.meeting is not None
        fold.meeting(m.path, m.meeting, m.positions, m.exempt, present[id(m)])
    return fold.finish()


def learn(people: People, persons: Iterable[Named]) -> None:
    """Learn everyone one meeting names (see :meth:`People.identify`): the fold resolves
    owners against everyone the minutes name, so each meeting is learnt before any is folded."""
    for person in persons:
        people.identify(person)


_Step = tuple[date, int, str, Positions, RecordedUpdate | LegacyAction, bool]


class Fold:
    """The register folded one meeting at a time, in date order: the legacy actions and
    update files dated before each meeting are applied first. A caller that holds one
    meeting at a time (``check`` of a large repository) folds without holding them all."""

    def __init__(self, people: People, updates: Sequence[UpdateFile], until: date | None = None,
                 legacy: LegacyFile | None = None) -> None:
        self.register = Register(people=people)
        self._until = until
        self._legacy = legacy
        steps: list[_Step] = [(u.update.date, 1, u.path, u.positions, u.update, u.exempt)
                              for u in updates if u.update]
        self._place: dict[int, int] = {}  # where each legacy action is in its file
        if legacy is not None and legacy.log is not None:
            for index, action in enumerate(legacy.log.actions):
                self._place[id(action)] = index
                steps.append((action.raised, -1, legacy.path, legacy.positions, action, False))
        self._steps = sorted(steps, key=lambda s: s[:3])
        self._next = 0

    def meeting(self, path: str, meeting: Meeting, positions: Positions, exempt: bool,
                present: dict[str, Identity]) -> None:
        """Fold one meeting; meetings come in (date, path) order."""
        self._steps_before((meeting.date, 0, path))
        if self._until is not None and meeting.date > self._until:
            return
        register = self.register
        register.latest = max(register.latest, meeting.date)
        for follow_up in register.follow_ups:
            if follow_up.held is None and follow_up.held_by(meeting):
                follow_up.held = meeting.date
        _fold_meeting(register, meeting, path, positions, present, exempt)

    def finish(self) -> Register:
        """The register, once the steps after the last meeting are applied."""
        self._steps_before(None)
        return self.register

    def _steps_before(self, turn: tuple[date, int, str] | None) -> None:
        register, legacy = self.register, self._legacy
        while self._next < len(self._steps) and (turn is None or self._steps[self._next][:3] < turn):
            when, _, path, positions, said, exempt = self._steps[self._next]
            self._next += 1
            if self._until is not None and when > self._until:
                continue
            register.latest = max(register.latest, when)
            if isinstance(said, LegacyAction):
                assert legacy is not None and legacy.log is not None
                _raise_legacy(register, said, legacy.log.source, _Reporter(
                    register, path, positions, ("actions", self._place[id(said)]), False))
            else:
                report = _Reporter(register, path, positions, (), exempt)
                _apply(register, said, when, report, "update file", {})


@dataclass(frozen=True)
class _Reporter:
    """Reports a problem at a field of the update at ``at`` in ``path``."""

    register: Register
    path: str
    positions: Positions
    at: tuple[object, ...]
    exempt: bool  # the update is in the confidential record

    def __call__(self, field_: str | tuple[object, ...], code: str, message: str, hint: str) -> None:
        line, column = self.positions.of((*self.at, *(field_ if isinstance(field_, tuple) else (field_,))))
        self.register.problems.append(Problem(self.path, line, column, code, message, hint))

    @property
    def line(self) -> int:
        return self.positions.of(self.at)[0]


def _label(meeting: Meeting) -> str:
    return f"{meeting.committee}, {meeting.date:%d %B %Y}".replace(" 0", " ")


def _fold_meeting(register: Register, meeting: Meeting, path: str, positions: Positions,
                  present: dict[str, Identity], exempt: bool) -> None:
    label = _label(meeting)
    for i, update in enumerate(meeting.matters_arising):
        report = _Reporter(register, path, positions, ("matters_arising", i), exempt)
        _apply(register, update, meeting.date, report, label, present)
    for i, item in enumerate(meeting.items):
        for at, action in item.raised():
            if action.id.casefold() in register.actions:
                continue  # reported as duplicate-action-id
            report = _Reporter(register, path, positions, ("items", i, *at), exempt)
            owners = _owners(report, action.owner, present, listed_only=True)
            if owners is None:
                continue
            register.actions[action.id.casefold()] = Life(
                action.id, action.text, meeting.committee, item.minute, item.title, item.exempt,
                owners, action.due, action.status,
                [Event(meeting.date, path, report.line, label, action.status, None,
                       action.due, owners)],
            )
        if item.further_review:
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
                                   document.exempt)
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
           present: dict[str, Identity]) -> None:
    life = register.find(update.action)
    if life is None:
        close = register.suggest(update.action)
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
