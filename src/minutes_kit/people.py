"""People across meetings: "JJ" in one meeting and "Jacqui Jensen" in another are one owner.

Within a meeting, initials are settled by the meeting's own lists. Across meetings a
person is known by name: the same name is the same person, and the optional directory
(``minutes/people.yml``) joins other spellings and settles who is who. Initials alone,
outside a meeting, may mean two people; then the answer is an error listing both, never
a guess.

A post ("the Benefits Manager") is an owner too, kept as the post: it is written with
"the", or listed under a person's ``posts`` in the directory, which names its holder.

Free of the models (the directory's format is :mod:`minutes_kit.directory`): a query
answered from the kept register finds its owner here without loading them.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple, Protocol

from .problems import Refused

if TYPE_CHECKING:
    from .directory import Directory

MAX_SLUG = 69  # 60 characters, a hyphen and 8 of a digest: a file name on any file system


def slug(text: str) -> str:
    """The name of the page or file for ``text``: lower case ASCII words joined by
    hyphens. A long one keeps its first 60 characters and a digest of the whole, so that
    file names stay well within the 255 bytes file systems allow, and names alike for
    60 characters still get pages of their own; the same text always gives the same slug."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    full = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "unnamed"
    if len(full) <= MAX_SLUG:
        return full
    return full[:60].rstrip("-") + "-" + hashlib.sha256(full.encode()).hexdigest()[:8]


class Named(Protocol):
    """Someone a meeting lists, as people are learnt from them (a :class:`Person`)."""

    @property
    def initials(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def title(self) -> str | None: ...


class Listed(NamedTuple):
    """A :class:`Named` held without its model: a meeting's people kept while the
    meeting itself is not."""

    initials: str
    name: str
    title: str | None


@dataclass(eq=False)  # one object per person or post: compared and hashed as itself
class Identity:
    id: str
    name: str
    title: str | None = None
    initials: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    post: bool = False  # a post such as Benefits Manager, not a person
    holder: str | None = None  # a post's holder, by id, as the directory says
    listed: bool = False  # in the people directory

    @property
    def label(self) -> str:
        if self.post:
            return f"the {self.name} (a post)"
        shown = "/".join(sorted(self.initials))
        return f"{self.name} ({shown})" if shown else self.name

    @property
    def written(self) -> str:
        """How an owner field names them so that it reads back as them."""
        return f"the {self.name}" if self.post else self.name

    @property
    def short(self) -> str:
        """Their initials where they have some, else their name."""
        return "/".join(sorted(self.initials)) or self.written


_THE = re.compile(r"(?i)the\s+(?=\S)")


def post_name(text: str) -> str | None:
    """The post that ``text`` writes with "the" ("the Benefits Manager"), or None."""
    match = _THE.match(text.strip())
    return " ".join(text.strip()[match.end():].split()) if match else None


class People:
    """Every identity met in the minutes and the directory."""

    def __init__(self, directory: Directory | None = None) -> None:
        self.by_id: dict[str, Identity] = {}
        self._by_name: dict[str, str] = {}
        self._posts: dict[str, str] = {}
        self.learnt = 0  # how many times something new was learnt (see minutes_kit.register.learn)
        for entry in (directory.people if directory else []):
            identity = Identity(entry.id, entry.name, entry.title, set(entry.initials), listed=True)
            self.by_id[entry.id] = identity
            for name in (entry.name, *entry.aliases):
                identity.names.add(name)
                self._by_name[name.casefold()] = entry.id
        for entry in (directory.people if directory else []):
            for post in entry.posts:
                self.post(post_name(post) or post).holder = entry.id

    @classmethod
    def restored(cls, by_id: dict[str, Identity], by_name: dict[str, str], posts: dict[str, str]) -> People:
        """People as :meth:`lookups` and ``by_id`` gave them (see minutes_kit.register_store)."""
        people = cls()
        people.by_id, people._by_name, people._posts = by_id, by_name, posts
        return people

    def lookups(self) -> tuple[dict[str, str], dict[str, str]]:
        """Each name's id and each post's id, by their folded spelling."""
        return self._by_name, self._posts

    def post(self, name: str) -> Identity:
        """The post of that name (any case and spacing), learnt if new."""
        key = " ".join(name.split()).casefold()
        if key not in self._posts:
            wanted = base = slug(f"the {name}")
            n = 1
            while wanted in self.by_id:
                n += 1
                wanted = f"{base}-{n}"
            self.by_id[wanted] = Identity(wanted, " ".join(name.split()), post=True, names={name})
            self._posts[key] = wanted
            self.learnt += 1
        return self.by_id[self._posts[key]]

    def listed_post(self, text: str) -> Identity | None:
        """The directory's post that ``text`` names, with or without "the"."""
        key = " ".join((post_name(text) or text).split()).casefold()
        found = self._posts.get(key)
        return self.by_id[found] if found and self.by_id[found].holder else None

    def exact(self, query: str, listed_only: bool) -> list[Identity]:
        """The people ``query`` names exactly (an id, a name, initials), among those of the
        directory or, unless ``listed_only``, everyone the minutes name."""
        folded = query.strip().casefold()
        pool = [i for i in self.by_id.values() if not i.post and (i.listed or not listed_only)]
        for identity in pool:
            if folded == identity.id or folded in {n.casefold() for n in identity.names}:
                return [identity]
        return sorted((i for i in pool if folded in {x.casefold() for x in i.initials}), key=lambda i: i.id)

    def identify(self, person: Named) -> Identity:
        """The identity of a person listed in a meeting, learning their initials."""
        key = self._by_name.get(person.name.casefold())
        if key is None:
            key = slug(person.name)
            while key in self.by_id and person.name.casefold() not in {
                n.casefold() for n in self.by_id[key].names
            }:
                key += "-2"
            self._by_name[person.name.casefold()] = key
            self.learnt += 1
        identity = self.by_id.get(key)
        if identity is None:
            identity = self.by_id[key] = Identity(key, person.name, person.title)
            self.learnt += 1
        if (person.initials not in identity.initials or person.name not in identity.names
                or (identity.title is None and person.title is not None)):
            identity.initials.add(person.initials)
            identity.names.add(person.name)
            identity.title = identity.title or person.title
            self.learnt += 1
        return identity

    def find(self, query: str) -> list[Identity]:
        """Identities that ``query`` names: an id, a name, initials, or the start of a
        first or last name; more than one means the query is ambiguous."""
        folded = query.strip().casefold()
        if folded in self.by_id:
            return [self.by_id[folded]]
        if folded in self._by_name:
            return [self.by_id[self._by_name[folded]]]
        post = self._posts.get(" ".join((post_name(query) or query).split()).casefold())
        if post:
            return [self.by_id[post]]
        by_initials = [i for i in self.by_id.values() if folded in {x.casefold() for x in i.initials}]
        if by_initials:
            return sorted(by_initials, key=lambda i: i.id)
        return sorted((i for i in self.by_id.values()
                       if any(word.startswith(folded) for n in i.names for word in n.casefold().split())),
                      key=lambda i: i.id)

    def suggestions(self, query: str) -> list[str]:
        labels = {}
        for identity in self.by_id.values():
            for word in (identity.id, identity.name, *identity.initials, *identity.names):
                labels[word.casefold()] = identity.label
        close = difflib.get_close_matches(query.casefold(), list(labels), n=5, cutoff=0.5)
        return list(dict.fromkeys(labels[c] for c in close))


def find_owner(people: People, query: str) -> Identity:
    """Exactly one person, or a refusal that lists who it could be."""
    found = people.find(query)
    if len(found) == 1:
        return found[0]
    if found:
        raise Refused(f"{query!r} could mean " + " or ".join(i.label for i in found)
                      + "; use the full name")
    close = people.suggestions(query)
    raise Refused(f"nobody in the minutes is {query!r}"
                  + (f"; did you mean {' or '.join(close)}?" if close else ""))
