"""The register's values: each action's life, the follow-ups asked for, and the people
who own them, as the fold (:mod:`minutes_kit.register`) leaves them.

Kept apart from the fold, and free of the models it reads: a query answered from the
kept register (:mod:`minutes_kit.register_store`) needs these values, not the format.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from .owners import owns
from .people import Identity, People
from .problems import Problem
from .statuses import OPEN_STATUSES
from .timeframes import Due

if TYPE_CHECKING:
    from .models import Meeting


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
    owners: tuple[Identity, ...] = ()


@dataclass
class Life:
    """An action and its history."""

    id: str
    text: str
    committee: str
    item: str
    item_title: str
    exempt: bool
    owners: tuple[Identity, ...]
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
    causes: list[str] = field(default_factory=list)  # of each problem (see minutes_kit.register.cause)

    def find(self, action: str) -> Life | None:
        """The action of that id, in any case."""
        return self.actions.get(action.casefold())

    def suggest(self, action: str) -> list[str]:
        """Ids close to ``action``, compared in any case."""
        close = difflib.get_close_matches(action.casefold(), list(self.actions), n=3)
        return [self.actions[key].id for key in close]

    def select(self, *, owner: Identity | None = None, statuses: Iterable[str] | None = None,
               overdue_on: date | None = None, due_before: date | None = None,
               committee: str | None = None, include_exempt: bool = False) -> list[Life]:
        """Actions matching every filter given, soonest due first."""
        wanted = set(statuses) if statuses is not None else None
        chosen = [
            life for life in self.actions.values()
            if (owner is None or owns(life.owners, owner))
            and (wanted is None or life.status in wanted)
            and (overdue_on is None or life.overdue(overdue_on))
            and (due_before is None or (life.due is not None and life.due.end < due_before))
            and (committee is None or committee.casefold() in life.committee.casefold())
            and (include_exempt or not life.exempt)
        ]
        return sorted(chosen, key=sort_key)


def sort_key(life: Life) -> tuple[date, str]:
    return (life.due.end if life.due else date.max, life.id)
