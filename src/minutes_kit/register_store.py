"""The folded register as plain JSON: kept by the cache for one state of the repository
(:mod:`minutes_kit.answers`), so that a query such as ``actions --owner JJ`` reads the
register instead of folding 10,000 meetings again.

Everything a query reads is kept: each action's life and history, the follow-ups, and
the people with every name, initial and post they are known by, each person once (an
owner is the same object as the person the directory or the minutes name). Not the
register's problems: `check` reports them. Each action is a row of its own, found by
the people who own it, so a query for one person reads only theirs. Read back, every
part is checked for its shape, as :func:`dump` wrote it; anything else is no register.
The checks are written out rather than left to pydantic: a query answered from the kept
register then loads neither pydantic nor the models, a third of its time at 10,000
meetings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from .lives import Event, FollowUp, Life, Register
from .people import Identity, People
from .timeframes import Due

# What dump writes, read back by read_head and load (a due date is its end and start):
#   head:      [[person], {id: person}, {name: id}, {post: id}, [follow-up], latest, {id: count}, total]
#   person:    [id, name, title | null, [initials], [names], post, holder | null, listed]
#   follow-up: [committee, item, title, code | null, raised, [end, start], note | null, source,
#               exempt, held | null]
#   row:       [id, text, committee, item, title, exempt, [person], [end, start] | null, status, [event]]
#   event:     [date, source, line, said by, status | null, note | null, [end, start] | null, [person]]
# A person is a number: their place in the head's list.

T = TypeVar("T")


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
    rows = [_person_out(i) for i in persons]
    head = _json([rows, by_id, *people.lookups(), follow_ups, register.latest, counts, len(lives)])
    return Kept(head, lives)


def _person_out(i: Identity) -> list[Any]:
    return [i.id, i.name, i.title, sorted(i.initials), sorted(i.names), i.post, i.holder, i.listed]


def people_out(people: People) -> list[Any]:
    """The people alone, as a head holds them: ``[[person], {id: person}, {name: id},
    {post: id}]``, each person once."""
    persons = list({id(i): i for i in people.by_id.values()}.values())
    place = {id(i): n for n, i in enumerate(persons)}
    return [[_person_out(i) for i in persons], {key: place[id(i)] for key, i in people.by_id.items()},
            *people.lookups()]


def people_in(value: object) -> People:
    """The people :func:`people_out` wrote; ValueError or TypeError for anything else."""
    rows, by_id, by_name, posts = _items(value, 4)
    return _people([_person(row) for row in _list(rows)], by_id, by_name, posts)


def _people(persons: list[Identity], by_id: object, by_name: object, posts: object) -> People:
    known = {key: _at(persons, n) for key, n in _mapping(by_id, int).items()}
    names, held = _mapping(by_name, str), _mapping(posts, str)
    if not known.keys() >= {*names.values(), *held.values()}:
        raise ValueError("a name of nobody")
    return People.restored(known, names, held)


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
        rows, by_id, by_name, posts, follow_ups, latest, counts, total = _items(json.loads(text), 8)
        persons = [_person(row) for row in _list(rows)]
        people = _people(persons, by_id, by_name, posts)
        days = _Days()
        ups = [_follow_up(row, days) for row in _list(follow_ups)]
        return Head(persons, people, ups, days(latest), _mapping(counts, int), _typed(total, int))
    except (ValueError, TypeError):
        return None


def load(head: Head, rows: Iterable[tuple[str, str]]) -> Register | None:
    """The register of ``head`` with the actions of ``rows`` (key, row) only, or None if
    a row is not one :func:`dump` wrote."""
    persons = head.persons
    days = _Days()
    # Most actions share their owners and due dates: each is checked and made once, as
    # the fold makes them once.
    owners_of: dict[tuple[int, ...], tuple[Identity, ...]] = {}
    dues: dict[tuple[str, str], Due] = {}

    def owners(numbers: list[int]) -> tuple[Identity, ...]:
        key = tuple(_list(numbers))
        for number in key:  # before the lookup: False == 0 and 1.0 == 1
            if type(number) is not int:
                raise ValueError("not a person")
        found = owners_of.get(key)
        if found is None:
            found = owners_of[key] = tuple(_at(persons, n) for n in key)
        return found

    def due(written: list[str]) -> Due:
        end, start = _items(written, 2)
        found = dues.get((end, start))
        if found is None:
            found = dues[(end, start)] = Due(days(end), days(start))
        return found

    # Written out, not through helpers: 10,000 rows and twice as many events are
    # checked at a time. A day read before is found by its text (only text equals text).
    read = days.read
    actions: dict[str, Life] = {}
    try:
        for key, row in rows:
            value = _value(row)
            if type(value) is not list or len(value) != 10:
                raise ValueError("not an action")
            life_id, text, committee, item, item_title, exempt, who, when, status, history = value
            if not (type(life_id) is str and type(text) is str and type(committee) is str
                    and type(item) is str and type(item_title) is str and type(exempt) is bool
                    and type(status) is str and type(history) is list):
                raise ValueError("not an action")
            events = []
            for event in history:
                if type(event) is not list or len(event) != 8:
                    raise ValueError("not an event")
                day, source, line, said_by, said, note, then, by = event
                if not (type(source) is str and type(line) is int and type(said_by) is str
                        and (said is None or type(said) is str) and (note is None or type(note) is str)):
                    raise ValueError("not an event")
                events.append(Event(read.get(day) or days(day), source, line, said_by, said, note,
                                    None if then is None else due(then), owners(by)))
            actions[key] = Life(life_id, text, committee, item, item_title, exempt, owners(who),
                                None if when is None else due(when), status, events)
    except (ValueError, TypeError):
        return None
    return Register(actions, list(head.follow_ups), head.people, [], head.latest)


_DECODE = json.JSONDecoder().raw_decode


def _value(text: str) -> Any:
    """``json.loads`` of a row as :func:`dump` wrote it (nothing around the value),
    without its checks for surrounding space: 10,000 rows are read at a time."""
    value, end = _DECODE(text)
    if end != len(text):
        raise ValueError("more than one value")
    return value


class _Days:
    """Days as :func:`dump` writes them (2012-02-24, no other form of ISO 8601), each
    read once: thousands of actions share a few hundred days."""

    def __init__(self) -> None:
        self.read: dict[str, date] = {}

    def __call__(self, text: object) -> date:
        found = self.read.get(text) if type(text) is str else None
        if found is None:
            found = date.fromisoformat(_typed(text, str))
            if found.isoformat() != text:
                raise ValueError("not a day as written")
            self.read[text] = found
        return found


def _person(row: object) -> Identity:
    key, name, title, initials, names, post, holder, listed = _items(row, 8)
    return Identity(_typed(key, str), _typed(name, str), _optional(title), set(_texts(initials)),
                    set(_texts(names)), _typed(post, bool), _optional(holder), _typed(listed, bool))


def _follow_up(row: object, days: _Days) -> FollowUp:
    committee, item, title, code, raised, window, note, source, exempt, held = _items(row, 10)
    end, start = _items(window, 2)
    return FollowUp(_typed(committee, str), _typed(item, str), _typed(title, str), _optional(code),
                    days(raised), Due(days(end), days(start)), _optional(note), _typed(source, str),
                    _typed(exempt, bool), None if held is None else days(held))


def _typed(value: object, kind: type[T]) -> T:
    """``value`` if it is exactly of ``kind`` (True is no number), else no register."""
    if type(value) is not kind:
        raise ValueError(f"not {kind.__name__}")
    return value


def _optional(value: object) -> str | None:
    return None if value is None else _typed(value, str)


def _list(value: object) -> list[Any]:
    return _typed(value, list)


def _items(value: object, count: int) -> list[Any]:
    """A list of exactly ``count`` values, to unpack."""
    if type(value) is not list or len(value) != count:
        raise ValueError(f"not {count} values")
    return value


def _texts(value: object) -> list[str]:
    return [_typed(text, str) for text in _list(value)]


def _mapping(value: object, kind: type[T]) -> dict[str, T]:
    """A JSON object whose values are all of ``kind`` (its keys are text)."""
    found: dict[str, Any] = _typed(value, dict)
    for item in found.values():
        _typed(item, kind)
    return found


def _at(persons: list[Identity], number: object) -> Identity:
    """The person at ``number`` in the head's list: a place in it, never counted from its end."""
    if type(number) is not int or not 0 <= number < len(persons):
        raise ValueError("no such person")
    return persons[number]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_day)


def _due(due: Due | None) -> list[date] | None:
    return [due.end, due.start] if due is not None else None


def _day(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON: {value!r}")
