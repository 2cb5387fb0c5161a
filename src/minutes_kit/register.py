"""The action register: every action's life, folded from all minutes in date order.

An action is raised by one meeting and updated by later ones (matters arising) or by
update files recorded between meetings, until it is done or dropped. Updates that name
no earlier action, or come after it closed, are problems at the update's line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from .consistency import named
from .models import OPEN_STATUSES, Meeting, RecordedUpdate, Update
from .people import Identity, People
from .problems import Problem
from .timeframes import Due
from .yamlpos import Positions


@dataclass(frozen=True)
class Event:
    """One thing a meeting or an update file said about an action."""

    date: date
    source: str
    line: int
    said_by: str
    status: str | None = None
    note: str | None = None
    due: Due | None = None
    owner: str | None = None


@dataclass
class Life:
    """An action and its history."""

    id: str
    text: str
    committee: str
    item: str
    item_title: str
    exempt: bool
    owner: Identity
    due: Due | None
    status: str
    history: list[Event] = field(default_factory=list)

    @property
    def raised(self) -> date:
        return self.history[0].date

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def closed(self) -> date | None:
        return None if self.is_open else self.history[-1].date

    def overdue(self, as_of: date) -> bool:
        return self.is_open and self.due is not None and self.due.end < as_of


@dataclass
class FollowUp:
    """A further review the meeting asked for: a dated follow-up of its item, held when a
    later meeting of the committee takes an item of the same code (or title)."""

    committee: str
    item: str
    item_title: str
    code: str | None
    raised: date
    due: Due
    note: str | None
    source: str
    exempt: bool
    held: date | None = None

    def held_by(self, meeting: Meeting) -> bool:
        return (meeting.committee == self.committee and meeting.date > self.raised
                and meeting.date >= self.due.start
                and any((item.code or item.title) == (self.code or self.item_title)
                        for item in meeting.items))


@dataclass
class Register:
    actions: dict[str, Life] = field(default_factory=dict)
    follow_ups: list[FollowUp] = field(default_factory=list)
    people: People = field(default_factory=People)
    problems: list[Problem] = field(default_factory=list)
    latest: date = date.min

    def select(self, *, owner: Identity | None = None, statuses: Iterable[str] | None = None,
               overdue_on: date | None = None, due_before: date | None = None,
               committee: str | None = None, include_exempt: bool = False) -> list[Life]:
        """Actions matching every filter given, soonest due first."""
        wanted = set(statuses) if statuses is not None else None
        chosen = [
            life for life in self.actions.values()
            if (owner is None or life.owner.id == owner.id)
            and (wanted is None or life.status in wanted)
            and (overdue_on is None or life.overdue(overdue_on))
            and (due_before is None or (life.due is not None and life.due.end < due_before))
            and (committee is None or committee.casefold() in life.committee.casefold())
            and (include_exempt or not life.exempt)
        ]
        return sorted(chosen, key=sort_key)


def sort_key(life: Life) -> tuple[date, str]:
    return (life.due.end if life.due else date.max, life.id)


class Minutes(Protocol):
    """What the fold needs of one minutes file (a corpus document)."""

    path: str
    meeting: Meeting | None
    positions: Positions
    exempt: bool


class UpdateFile(Protocol):
    """What the fold needs of one update file."""

    path: str
    update: RecordedUpdate | None
    positions: Positions
    exempt: bool


def build(minutes: Sequence[Minutes], updates: Sequence[UpdateFile], people: People,
          until: date | None = None) -> Register:
    """Fold meetings and update files in date order (a meeting before a file of its day),
    up to and including ``until``: the register as it stood that day."""
    register = Register(people=people)
    meetings = [(m.path, m.meeting, m.positions, m.exempt) for m in minutes if m.meeting is not None]
    present = {id(meeting): _identities(meeting, people) for _, meeting, _, _ in meetings}
    steps: list[tuple[date, int, str, Positions, Meeting | RecordedUpdate, bool]] = [
        (meeting.date, 0, path, positions, meeting, exempt) for path, meeting, positions, exempt in meetings
    ] + [(u.update.date, 1, u.path, u.positions, u.update, u.exempt) for u in updates if u.update]
    for when, _, path, positions, said, exempt in sorted(steps, key=lambda s: s[:3]):
        if until is not None and when > until:
            break
        register.latest = max(register.latest, when)
        if isinstance(said, Meeting):
            for follow_up in register.follow_ups:
                if follow_up.held is None and follow_up.held_by(said):
                    follow_up.held = said.date
            _fold_meeting(register, said, path, positions, present[id(said)], exempt)
        else:
            report = _Reporter(register, path, positions, (), exempt)
            _apply(register, said, when, report, "update file", {})
    return register


@dataclass(frozen=True)
class _Reporter:
    """Reports a problem at a field of the update at ``at`` in ``path``."""

    register: Register
    path: str
    positions: Positions
    at: tuple[object, ...]
    exempt: bool  # the update is in the confidential record

    def __call__(self, field_: str, code: str, message: str, hint: str) -> None:
        line, column = self.positions.of((*self.at, field_))
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
            if action.id in register.actions:
                continue  # reported as duplicate-action-id
            owner = present.get(action.owner.strip().casefold())
            if owner is None:
                continue  # reported as unknown-person by the meeting's own checks
            line = positions.of(("items", i, *at))[0]
            register.actions[action.id] = Life(
                action.id, action.text, meeting.committee, item.minute, item.title, item.exempt,
                owner, action.due, action.status,
                [Event(meeting.date, path, line, label, action.status, None,
                       action.due, owner.id)],
            )
        if item.further_review:
            register.follow_ups.append(FollowUp(
                meeting.committee, item.id, item.title, item.code, meeting.date, item.further_review.due,
                item.further_review.note, path, item.exempt,
            ))


def _identities(meeting: Meeting, people: People) -> dict[str, Identity]:
    """Who each of the meeting's initials and names (casefolded) is, as the meeting's own
    checks resolve them; every person of the meeting is learnt."""
    identities = {id(person): people.identify(person) for person in meeting.people}
    return {key: identities[id(person)] for key, person in named(meeting).items()}


def _apply(register: Register, update: Update, when: date, problem: _Reporter, said_by: str,
           present: dict[str, Identity]) -> None:
    life = register.actions.get(update.action)
    if life is None:
        close = difflib.get_close_matches(update.action, list(register.actions), n=3)
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
    owner = None
    if update.owner:
        owner = present.get(update.owner.strip().casefold())
        if owner is None:
            found = register.people.find(update.owner)
            if len(found) == 1:
                owner = found[0]
            elif found:
                problem("owner", "ambiguous-person", f"{update.owner!r} could mean "
                        + " or ".join(i.label for i in found), "write the full name instead")
                return
            else:
                problem("owner", "unknown-person", f"nobody in the minutes is {update.owner!r}",
                        _did_you_mean(register.people.suggestions(update.owner))
                        + "use initials or a name the minutes use, or add them to minutes/people.yml")
                return
    life.history.append(Event(when, problem.path, problem.line, said_by, update.status,
                              update.note, update.due, owner.id if owner else None))
    life.status = update.status or life.status
    life.due = update.due or life.due
    life.owner = owner or life.owner


def _did_you_mean(close: Sequence[str]) -> str:
    return "did you mean " + " or ".join(close) + "? " if close else ""
