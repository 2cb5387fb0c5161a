"""The folded register as plain JSON: kept by the cache for one state of the repository
(:mod:`minutes_kit.answers`), so that a query such as ``actions --owner JJ`` reads the
register instead of folding 10,000 meetings again.

Everything a query reads is kept: each action's life and history, the follow-ups, and
the people with every name, initial and post they are known by, each person once (an
owner is the same object as the person the directory or the minutes name). Not the
register's problems: `check` reports them. Each action is a row of its own, found by
the people who own it, so a query for one person reads only theirs. Read back, every
part is checked for its shape by pydantic; anything else is no register.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
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
_Head = TypeAdapter(tuple[list[_Person], dict[str, int], dict[str, str], dict[str, str],
                          list[_FollowUp], date, dict[str, int], int])
_LifeRow = TypeAdapter(_Life)


@dataclass
class Kept:
    """A register as kept: its ``head`` (the people, follow-ups, latest record and how
    many actions each person owns) and one row per action, with the ids of the people
    who own it (:func:`minutes_kit.owners.owns`: the owners, and the holders of posts
    among them), by which a query for one person finds its rows."""

    head: str
    lives: list[tuple[str, list[str], str]]  # (key, owned by, row)


def dump(register: Register) -> Kept:
    people = register.people
    known: dict[int, int] = {}
    persons: list[Identity] = []

    def person(identity: Identity) -> int:
        if id(identity) not in known:
            known[id(identity)] = len(persons)
            persons.append(identity)
        return known[id(identity)]

    by_id = {key: person(identity) for key, identity in people.by_id.items()}
    lives = []
    for key, life in register.actions.items():
        row = [life.id, life.text, life.committee, life.item, life.item_title, life.exempt,
               [person(o) for o in life.owners], _due(life.due), life.status,
               [[e.date, e.source, e.line, e.said_by, e.status, e.note, _due(e.due),
                 [person(o) for o in e.owners]] for e in life.history]]
        lives.append((key, owned_by(life.owners), _json(row)))
    counts: dict[str, int] = {}
    for _, owners, _ in lives:
        for who in owners:
            counts[who] = counts.get(who, 0) + 1
    follow_ups = [[f.committee, f.item, f.item_title, f.code, f.raised, _due(f.due), f.note, f.source,
                   f.exempt, f.held] for f in register.follow_ups]
    rows = [[i.id, i.name, i.title, sorted(i.initials), sorted(i.names), i.post, i.holder, i.listed]
            for i in persons]
    head = _json([rows, by_id, *people.lookups(), follow_ups, register.latest, counts, len(lives)])
    return Kept(head, lives)


def owned_by(owners: tuple[Identity, ...]) -> list[str]:
    """The ids of everyone :func:`minutes_kit.owners.owns` counts as owning an action."""
    holders = {owner.holder for owner in owners if owner.post and owner.holder}
    return sorted({owner.id for owner in owners} | holders)


@dataclass
class Head:
    """A kept register's head, read: the people, and what its rows are checked against."""

    persons: list[Identity]
    people: People
    follow_ups: list[FollowUp]
    latest: date
    counts: dict[str, int]  # how many actions each person owns
    total: int


def read_head(text: str) -> Head | None:
    """The head :func:`dump` wrote, or None for anything else."""
    try:
        rows, by_id, by_name, posts, follow_ups, latest, counts, total = _Head.validate_json(text)
        persons = [Identity(i, name, title, set(initials), set(names), post, holder, listed)
                   for i, name, title, initials, names, post, holder, listed in rows]
        people = People.restored({key: persons[n] for key, n in by_id.items()}, by_name, posts)
        ups = [FollowUp(committee, item, title, code, raised, Due(*days), note, source, exempt, held)
               for committee, item, title, code, raised, days, note, source, exempt, held in follow_ups]
    except (ValueError, IndexError):
        return None
    return Head(persons, people, ups, latest, counts, total)


def load(head: Head, rows: Iterable[tuple[str, str]]) -> Register | None:
    """The register of ``head`` with the actions of ``rows`` (key, row) only, or None if
    a row is not one :func:`dump` wrote."""
    persons = head.persons
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

    actions: dict[str, Life] = {}
    try:
        for key, row in rows:
            life_id, text, committee, item, item_title, exempt, who, when, status, history = (
                _LifeRow.validate_json(row))
            events = [Event(day, source, line, said_by, said, note, due(then), owners(by))
                      for day, source, line, said_by, said, note, then, by in history]
            actions[key] = Life(life_id, text, committee, item, item_title, exempt, owners(who), due(when),
                                status, events)
    except (ValueError, IndexError):
        return None
    return Register(actions, list(head.follow_ups), head.people, [], head.latest)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_day)


def _due(due: Due | None) -> list[date] | None:
    return [due.end, due.start] if due is not None else None


def _day(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON: {value!r}")
