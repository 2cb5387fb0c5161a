"""Who an action's owner field names: people, posts, or several of them jointly.

One written owner is, in this order: a person of the meeting (initials or name); a
post or a person of the people directory; several owners joined by "and", "&" or a
comma, when every part is one of these ("SM and CR"); a post written with "the" ("the
Head of Financial Services"). A list names joint owners, one each. Anything else is a
refusal that says how to write a post, never a guess.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .people import Identity, People, post_name

_JOINED = re.compile(r"\s*(?:,|&|\band\b)\s*", re.IGNORECASE)
HOW = ("add them to attendees, in_attendance, apologies or absent, or to minutes/people.yml; "
       "write a post with 'the' (the Benefits Manager), and joint owners as a list or 'SM and CR'")


@dataclass(frozen=True)
class Refusal:
    """Why an owner cannot be read, and at which entry of a list (None: the whole field)."""

    code: str
    message: str
    hint: str
    index: int | None = None


def resolve(written: str | list[str], people: People, present: Mapping[str, Identity],
            listed_only: bool) -> tuple[Identity, ...] | Refusal:
    """The owners ``written`` names. ``present`` holds the meeting's people by casefolded
    initials and names; other people are looked for in the directory (``listed_only``)
    or among everyone the minutes name."""
    entries = written if isinstance(written, list) else [written]
    found: list[Identity] = []
    for index, entry in enumerate(entries):
        owners = _one(entry, people, present, listed_only)
        if isinstance(owners, Refusal):
            return Refusal(owners.code, owners.message, owners.hint,
                           index if isinstance(written, list) else None)
        found += owners
    return tuple(dict.fromkeys(found))


def _one(text: str, people: People, present: Mapping[str, Identity],
         listed_only: bool) -> list[Identity] | Refusal:
    single = _single(text, people, present, listed_only)
    if single is not None:
        return single
    parts = [part for part in _JOINED.split(text.strip()) if part]
    if len(parts) > 1:
        joint = [_single(part, people, present, listed_only) or _the(part, people) for part in parts]
        if all(isinstance(owners, list) for owners in joint):
            return [o for owners in joint if isinstance(owners, list) for o in owners]
    post = _the(text, people)
    if post is not None:
        return post
    close = difflib.get_close_matches(text.strip(), _names(people, present, listed_only), n=3, cutoff=0.6)
    hint = ("did you mean " + " or ".join(close) + "? " if close else "") + HOW
    return Refusal("unknown-person", f"owner {text!r} is not a person of the meeting, a person of "
                   "the people directory or a post", hint)


def _single(text: str, people: People, present: Mapping[str, Identity],
            listed_only: bool) -> list[Identity] | Refusal | None:
    """One person or directory post, an ambiguity, or None when ``text`` names neither."""
    person = present.get(text.strip().casefold())
    if person is not None:
        return [person]
    post = people.listed_post(text)
    if post is not None:
        return [post]
    found = people.exact(text, listed_only)
    if len(found) > 1:
        return Refusal("ambiguous-person", f"{text!r} could mean " + " or ".join(i.label for i in found),
                       "write the full name instead")
    return found or None


def _the(text: str, people: People) -> list[Identity] | None:
    name = post_name(text)
    return [people.post(name)] if name else None


def _names(people: People, present: Mapping[str, Identity], listed_only: bool) -> list[str]:
    names = [name for identity in present.values() for name in (*identity.initials, identity.name)]
    for identity in people.by_id.values():
        if identity.post or identity.listed or not listed_only:
            names += [identity.written, *identity.initials, *identity.names]
    return list(dict.fromkeys(names))


def posts_named(written: str | list[str] | None) -> list[str]:
    """Every post an owner field could name: each entry and, where it joins several, each
    part, that is written with "the". A superset of the posts :func:`resolve` meets, learnt
    before any owner is resolved, so that what a refusal suggests is the same whichever
    meetings are folded."""
    names = []
    for entry in (written if isinstance(written, list) else [written] if written else []):
        parts = [part for part in _JOINED.split(entry.strip()) if part]
        for text in [entry, *parts] if len(parts) > 1 else [entry]:
            if name := post_name(text):
                names.append(name)
    return names


def owns(owners: tuple[Identity, ...], who: Identity) -> bool:
    """Whether ``who`` is among ``owners``, or holds a post among them."""
    return any(owner.id == who.id or (owner.post and owner.holder == who.id) for owner in owners)
