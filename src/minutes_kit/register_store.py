"""The folded register as plain JSON: kept by the cache for one state of the repository
(:mod:`minutes_kit.answers`), so that a query such as ``actions --owner JJ`` reads the
register instead of folding 10,000 meetings again.

Everything a query reads is kept: each action's life and history, the follow-ups, and
the people with every name, initial and post they are known by, each person once (an
owner is the same object as the person the directory or the minutes name). Not the
register's problems: `check` reports them. Read back, the text is checked for its shape
by pydantic in one pass; anything else is no register.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from pydantic import TypeAdapter

from .people import Identity, People
from .register import Event, FollowUp, Life, Register
from .timeframes import Due

_Day = tuple[date, date] | None  # a due date: its end and start
_Person = tuple[str, str, str | None, list[str], list[str], bool, str | None, bool]
_Event = tuple[date, str, int, str, str | None, str | None, _Day, list[int]]
_Life = tuple[str, str, str, str, str, bool, list[int], _Day, str, list[_Event]]
_FollowUp = tuple[str, str, str, str | None, date, tuple[date, date], str | None, str, bool, date | None]
_Shape = TypeAdapter(tuple[list[_Person], dict[str, int], dict[str, str], dict[str, str],
                           list[tuple[str, _Life]], list[_FollowUp], date])


def dump(register: Register) -> str:
    people = register.people
    known: dict[int, int] = {}
    persons: list[Identity] = []

    def person(identity: Identity) -> int:
        if id(identity) not in known:
            known[id(identity)] = len(persons)
            persons.append(identity)
        return known[id(identity)]

    by_id = {key: person(identity) for key, identity in people.by_id.items()}
    lives = [(key, [life.id, life.text, life.committee, life.item, life.item_title, life.exempt,
                    [person(o) for o in life.owners], _due(life.due), life.status,
                    [[e.date, e.source, e.line, e.said_by, e.status, e.note, _due(e.due),
                      [person(o) for o in e.owners]] for e in life.history]])
             for key, life in register.actions.items()]
    follow_ups = [[f.committee, f.item, f.item_title, f.code, f.raised, _due(f.due), f.note, f.source,
                   f.exempt, f.held] for f in register.follow_ups]
    rows = [[i.id, i.name, i.title, sorted(i.initials), sorted(i.names), i.post, i.holder, i.listed]
            for i in persons]
    return json.dumps([rows, by_id, *people.lookups(), lives, follow_ups, register.latest],
                      ensure_ascii=False, separators=(",", ":"), default=_day)


def load(text: str) -> Register | None:
    """The register :func:`dump` wrote, or None for anything else."""
    try:
        rows, by_id, by_name, posts, lives, follow_ups, latest = _Shape.validate_json(text)
        persons = [Identity(i, name, title, set(initials), set(names), post, holder, listed)
                   for i, name, title, initials, names, post, holder, listed in rows]
        people = People.restored({key: persons[n] for key, n in by_id.items()}, by_name, posts)
        # Most actions share their owners and due dates: each is made once, as the fold does.
        owners_of: dict[tuple[int, ...], tuple[Identity, ...]] = {}
        dues: dict[tuple[date, date], Due] = {}

        def owners(numbers: list[int]) -> tuple[Identity, ...]:
            key = tuple(numbers)
            if key not in owners_of:
                owners_of[key] = tuple(persons[n] for n in key)
            return owners_of[key]

        def due(days: tuple[date, date] | None) -> Due | None:
            if days is None:
                return None
            if days not in dues:
                dues[days] = Due(*days)
            return dues[days]

        def events(rows: list[_Event]) -> list[Event]:
            return [Event(day, source, line, said_by, status, note, due(when), owners(who))
                    for day, source, line, said_by, status, note, when, who in rows]

        actions = {key: Life(life_id, text_, committee, item, item_title, exempt, owners(who), due(when),
                             status, events(history))
                   for key, (life_id, text_, committee, item, item_title, exempt, who, when, status,
                             history) in lives}
        ups = [FollowUp(committee, item, title, code, raised, Due(*days), note, source, exempt, held)
               for committee, item, title, code, raised, days, note, source, exempt, held in follow_ups]
    except (ValueError, IndexError):
        return None
    return Register(actions, ups, people, [], latest)


def _due(due: Due | None) -> list[date] | None:
    return [due.end, due.start] if due is not None else None


def _day(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON: {value!r}")
