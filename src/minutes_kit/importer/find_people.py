"""Who was there: members present (and who chaired), officers in attendance, apologies,
substitutes and for whom, read from lists such as ``PRESENT: Councillor K. Adeyemi
(Chairman), Councillors P. Lowther and R. Okafor.``; and their initials.

Initials are taken from the source when it gives them (``Sunita Mehta (SM)``), otherwise
made by the documented rule: the first letter of the first name and of the surname
(K. Adeyemi is KA); when two people would share them, the surname's first two letters
(KAd), then a digit. With ``derive=False`` they are left as markers for the clerk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import flat

TITLES = (
    r"(?:County\s+|Borough\s+|Town\s+|Parish\s+)?(?:Councillors?|Cllrs?\.?)|Mrs\.?|Mr\.?|Ms\.?|Miss|"
    r"Dr\.?|Prof(?:essor)?\.?|Rev(?:erend)?\.?|Alderman|Sir|Dame"
)
_TITLE = re.compile(rf"^(?P<title>{TITLES})\s+(?P<rest>.+)$")
_NAME = re.compile(
    r"^(?:[A-Z][A-Za-z'\u2019-]*\.?|[A-Z]\.)(?:\s+(?:[A-Z][A-Za-z'\u2019-]*\.?|[A-Z]\.|de|van|von|le|la)){0,4}$"
)
_GIVEN = re.compile(r"^[A-Z][A-Za-z]{0,4}[0-9]?$")
_CHAIR = re.compile(r"^(?:chair(?:man|woman|person)?|in the chair|presiding)$", re.IGNORECASE)
_VICE = re.compile(r"^vice[- ]chair(?:man|woman|person)?(?: in the chair)?$", re.IGNORECASE)
_SUBSTITUTE = re.compile(
    rf"^(?:as\s+)?(?:a\s+|the\s+)?substitut(?:e|ing)\s+for\s+(?:{TITLES}\s+)?(?P<for>.+)$"
    r"|^for\s+(?P<for2>.+)$",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:,|;|\s&\s|\band\b)\s*")
_SENTENCE_SUB = re.compile(
    rf"(?:(?:{TITLES})\s+)?(?P<sub>[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){{0,3}})\s+(?:attended\s+|was\s+present\s+)?"
    rf"(?:as\s+(?:a\s+|the\s+)?substitute|substituted|substituting)\s+for\s+(?:(?:{TITLES})\s+)?"
    r"(?P<for>[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3})"
)
GROUPS = ("attendees", "in_attendance", "substitutes", "apologies", "absent")


@dataclass
class Person:
    """Someone the minutes name, with where the source names them."""

    name: str
    group: str
    line: int
    title: str | None = None
    role: str | None = None
    initials: str | None = None
    replaces: str | None = None  # the name of the member a substitute stands in for

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


def people_in(text: str, group: str, line: int) -> list[Person]:
    """The people of a list as minutes write it, in order; what is not a name is left out."""
    found: list[Person] = []
    carried: str | None = None
    for chunk in _chunks(flat(text).rstrip(".")):
        match = _TITLE.match(chunk)
        title = None
        if match:
            title, chunk = match["title"], match["rest"]
            plural = re.match(r"^(.*Councillor|Cllr)s\b", title)
            carried = plural.group(1) if plural else None
            title = plural.group(1) if plural else title
        elif carried:
            title = carried
        person = _person(chunk, title, group, line)
        if person is not None:
            found.append(person)
    return found


def _chunks(text: str) -> list[str]:
    """Split a list at commas, semicolons and "and", but never inside brackets."""
    chunks, depth, start = [], 0, 0
    for match in re.finditer(r"[()]|" + _SPLIT.pattern, text):
        if match.group(0) == "(":
            depth += 1
        elif match.group(0) == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            chunks.append(text[start : match.start()])
            start = match.end()
    chunks.append(text[start:])
    return [c.strip() for c in chunks if c.strip()]


def _person(chunk: str, title: str | None, group: str, line: int) -> Person | None:
    notes = re.findall(r"\(([^()]*)\)", chunk)
    name = re.sub(r"\s*\([^()]*\)", "", chunk).strip()
    if not _NAME.match(name):
        return None
    person = Person(name, group, line, title)
    for note in (n.strip() for n in notes):
        substitute = _SUBSTITUTE.match(note)
        roles = re.split(r"\s*(?:[,;/]|\band\b)\s*", note)  # "Leader of the Council, Chair"
        if _GIVEN.match(note) and note.isupper() and len(note) > 1:
            person.initials = note
        elif any(_CHAIR.match(role) for role in roles):
            person.role = "chair"
        elif any(_VICE.match(role) for role in roles):
            person.role = "vice-chair"
        elif substitute:
            person.group, person.replaces = "substitutes", (substitute["for"] or substitute["for2"]).strip()
        elif note:
            person.role = note
    return person


def substitutes_said(text: str) -> list[tuple[str, str]]:
    """(substitute, member replaced) for each sentence such as "Councillor Dana Whitlow
    attended as a substitute for Councillor Leo Grant"."""
    return [(m["sub"].rstrip("."), m["for"].rstrip(".")) for m in _SENTENCE_SUB.finditer(flat(text))]


class Register:
    """The people of one meeting, found by what the narrative calls them."""

    def __init__(self) -> None:
        self.people: list[Person] = []

    def add(self, person: Person) -> Person:
        known = self.find(person.name)
        if known is not None and (known.name == person.name or len(person.name) <= len(known.name)):
            return known
        self.people.append(person)
        return person

    def find(self, said: str) -> Person | None:
        """The one person ``said`` (initials, a name, a surname, with or without a title)
        names; None when it names nobody or could name several."""
        said = re.sub(rf"^(?:{TITLES})\s+", "", flat(said)).strip(" .,;")
        if not said:
            return None
        for test in (
            lambda p: p.initials == said,
            lambda p: p.name.casefold() == said.casefold(),
            lambda p: p.surname.casefold() == said.split()[-1].casefold() and _first_agrees(p.name, said),
        ):
            matches = [p for p in self.people if test(p)]
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                return None
        return None

    def assign_initials(self, derive: bool) -> None:
        """Initials for everyone without given ones, by the rule, unique in the meeting."""
        taken = {p.initials for p in self.people if p.initials}
        for person in self.people:
            if person.initials or not derive:
                continue
            words = [w.strip(".") for w in person.name.split() if w[:1].isupper()]
            first, last = (words[0], words[-1]) if len(words) > 1 else ("", words[0])
            candidates = [f"{first[:1]}{last[:1]}".upper(), f"{first[:1].upper()}{last[:2].capitalize()}"]
            candidates += [f"{candidates[0]}{n}" for n in range(2, 10)]
            person.initials = next(c for c in candidates if c not in taken and _GIVEN.match(c))
            taken.add(person.initials)


def _first_agrees(name: str, said: str) -> bool:
    """ "P. Lowther" names Peter Lowther, not Ann Lowther; "Lowther" alone names either."""
    words = said.split()
    if len(words) == 1:
        return True
    return name.split()[0][:1].casefold() == words[0][:1].casefold()
