"""Checks within one meeting: the front matter against itself and against the body.

Each check is a small function that reports through ``source.problem`` at the YAML
value or body line at fault. Checks across meetings live in :mod:`minutes_kit.corpus`.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from pathlib import Path

from . import exclusion
from .body import ITEM_LABEL, Body, Heading, written_label
from .minute_numbers import skips
from .models import RECORD_KEYS, Meeting, Person
from .narrative import sanitise
from .reader import Source
from .resolutions import shapes, votes

_CAPITALS = re.compile(r"[A-Z][A-Z]+")
_INITIALS = re.compile(r"[A-Z]{2,5}")
_NOT_CAPITAL = bytes(byte if 65 <= byte <= 90 else 32 for byte in range(256))
_ROMAN = re.compile(r"^[IVXLC]+$")
# Each pattern starts with a literal character, which the regex engine can skip to;
# ``^`` with MULTILINE would be tried at every position of the text.
_SPEAKERS = re.compile(
    r"\n[ \t]*(?P<marker>(?:[-*+]|\d{1,3}[.)])[ \t]+)?"
    r"(?P<who>[A-Z]{2,5}(?:[ \t]*(?:/|,|&|and)[ \t]*[A-Z]{2,5})*)[ \t]+[a-z]"
)
_NOISE = {"`": re.compile(r"`[^`]*`"), "<": re.compile(r"<[^>]*>"), "](": re.compile(r"\]\([^)]*\)"),
          "://": re.compile(r"https?://\S+")}
_DATE_IN_NAME = re.compile(r"\d{4}-\d{2}-\d{2}")
# The words minutes shout by convention, not abbreviations to expand (AOB excepted: every
# reader knows it).
CONVENTIONAL = frozenset({"RESOLVED", "RECOMMENDED", "AGREED", "NOTED", "ACTION", "ACTIONS", "AOB"})
_LOWER = re.compile(r"[a-z]")

Check = Callable[[Meeting, Source, Body], None]


def check_meeting(meeting: Meeting, source: Source, body: Body,
                  checks: Sequence[Check] | None = None) -> None:
    for check in CHECKS if checks is None else checks:
        check(meeting, source, body)


def _at(source: Source, *path: object) -> tuple[int, int]:
    return source.positions.of(tuple(path))


def named(meeting: Meeting) -> dict[str, Person]:
    """The meeting's people by their initials and by their names, casefolded; where two
    share one, the first listed."""
    people: dict[str, Person] = {}
    for person in meeting.people:
        people.setdefault(person.initials.casefold(), person)
        people.setdefault(person.name.casefold(), person)
    return people


def _unknown_person(meeting: Meeting, who: str) -> str:
    close = difflib.get_close_matches(
        who, [p.initials for p in meeting.people] + [p.name for p in meeting.people], n=3
    )
    hint = "did you mean " + " or ".join(close) + "? " if close else ""
    return hint + "add them to attendees, in_attendance, apologies or absent"


def file_name_date(meeting: Meeting, source: Source, body: Body) -> None:
    found = _DATE_IN_NAME.findall(Path(source.path).name)
    expected = meeting.date.isoformat()
    if expected not in found:
        said = f"carries {found[0]}" if found else "carries no date"
        source.problem("filename-date", *_at(source, "date"),
                       f"the file name {said} but the meeting is dated {expected}",
                       f"rename the file to end in -{expected}.md, or correct the date")


def times(meeting: Meeting, source: Source, body: Body) -> None:
    if meeting.start and meeting.end and meeting.end <= meeting.start:
        source.problem("end-before-start", *_at(source, "end"),
                       f"the meeting ends ({meeting.end:%H:%M}) before it starts "
                       f"({meeting.start:%H:%M})",
                       "a time without am or pm is 24-hour: write 14:00 or 2pm, not 2.00")


def approval(meeting: Meeting, source: Source, body: Body) -> None:
    if meeting.status == "approved" and meeting.approved is None:
        source.problem("approval", *_at(source, "status"), "approved minutes need an approval date",
                       "add `approved: YYYY-MM-DD`, the meeting that approved them")
    elif meeting.approved and meeting.approved < meeting.date:
        source.problem("approval", *_at(source, "approved"),
                       f"approved on {meeting.approved} before the meeting of {meeting.date}",
                       "minutes are approved at or after the meeting they record")


def people(meeting: Meeting, source: Source, body: Body) -> None:
    seen: dict[str, str] = {}
    groups = ("attendees", "in_attendance", "substitutes", "apologies", "absent")
    present = {p.initials for p in meeting.present}
    for group in groups:
        for i, person in enumerate(getattr(meeting, group)):
            if person.initials in seen and seen[person.initials] != person.name:
                source.problem("duplicate-initials", *_at(source, group, i, "initials"),
                               f"{person.initials} is both {seen[person.initials]} and {person.name}",
                               "give one of them distinct initials, e.g. JSm")
            seen.setdefault(person.initials, person.name)
            if group == "apologies" and person.initials in present:
                source.problem("present-and-apology", *_at(source, group, i, "initials"),
                               f"{person.initials} is listed as present and as an apology",
                               "keep them in one list only")
    for i, sub in enumerate(meeting.substitutes):
        if sub.substitute_for not in seen:
            source.problem("unknown-person", *_at(source, "substitutes", i, "for"),
                           f"{sub.substitute_for} is not a person of the meeting",
                           _unknown_person(meeting, sub.substitute_for))
    for i, declaration in enumerate(meeting.declarations):
        if declaration.member not in seen:
            source.problem("unknown-person", *_at(source, "declarations", i, "member"),
                           f"{declaration.member} is not a person of the meeting",
                           _unknown_person(meeting, declaration.member))


def items(meeting: Meeting, source: Source, body: Body) -> None:
    ids: set[str] = set()
    for i, item in enumerate(meeting.items):
        if item.id in ids:
            source.problem("duplicate-item", *_at(source, "items", i, "id"),
                           f"item {item.id!r} is declared twice", "give each item its own label")
        ids.add(item.id)
        _exemption(meeting, source, i)
    for i, declaration in enumerate(meeting.declarations):
        if declaration.item not in ids:
            source.problem("unknown-item", *_at(source, "declarations", i, "item"),
                           f"there is no item {declaration.item!r}",
                           "items: " + ", ".join(sorted(ids)))


def _exemption(meeting: Meeting, source: Source, i: int) -> None:
    """An exempt item cites grounds the law of its jurisdiction has; grounds are given
    only for an exempt item."""
    item, where = meeting.items[i], meeting.jurisdiction
    if not item.exempt:
        given = "exempt_paragraph" if item.exempt_paragraph else "confidential" if item.confidential else None
        if given:
            source.problem("exempt-paragraph", *_at(source, "items", i, given),
                           f"the item gives `{given}` but is not exempt",
                           f"add `exempt: true`, or remove `{given}`")
        return
    if not item.exempt_paragraph and not item.confidential:
        source.problem("exempt-paragraph", *_at(source, "items", i, "exempt"),
                       "an exempt item must cite the Schedule 12A paragraph it falls under "
                       f"({exclusion.SHOWN[where]}), or be confidential information",
                       "add `exempt_paragraph: N` (e.g. 3 for financial or business affairs), or "
                       "`confidential: true` for confidential information (section 100A(3))")
    for paragraph in exclusion.unknown(item.exempt_paragraph or (), where):
        other = exclusion.jurisdiction_of(paragraph)
        hint = (f"if the council is in {other.title()}, add `jurisdiction: {other}` to the meeting"
                if other else f"{exclusion.SHOWN['england']}; {exclusion.SHOWN['wales']}")
        source.problem("exempt-paragraph", *_at(source, "items", i, "exempt_paragraph"),
                       f"Schedule 12A has no paragraph {paragraph} in {where.title()} "
                       f"({exclusion.SHOWN[where]})", hint)


def presence(meeting: Meeting, source: Source, body: Body) -> None:
    """Who chaired and who declared an interest took part, so they were present; the next
    meeting comes after this one."""
    present = {p.initials for p in meeting.present}
    absent = {p.initials: group for group in ("apologies", "absent") for p in getattr(meeting, group)}
    if meeting.chair and meeting.chair not in present:
        if meeting.chair in absent:
            source.problem("not-present", *_at(source, "chair"),
                           f"{meeting.chair} chaired but is listed under {absent[meeting.chair]}",
                           "give the initials of who took the chair, or move them to attendees")
        else:
            source.problem("unknown-person", *_at(source, "chair"),
                           f"{meeting.chair} is not a person of the meeting",
                           _unknown_person(meeting, meeting.chair))
    for i, declaration in enumerate(meeting.declarations):
        if declaration.member in absent and declaration.member not in present:
            source.problem("not-present", *_at(source, "declarations", i, "member"),
                           f"{declaration.member} declared an interest but is listed under "
                           f"{absent[declaration.member]}",
                           "only members present declare: check the initials, or move them to attendees")
    if meeting.next_meeting and meeting.next_meeting.date <= meeting.date:
        source.problem("next-meeting", *_at(source, "next_meeting", "date"),
                       f"the next meeting ({meeting.next_meeting.date}) is not after this one "
                       f"({meeting.date})", "check the year")


def actions(meeting: Meeting, source: Source, body: Body) -> None:
    """Due dates. Owners are checked where the people directory is known, as the register
    is folded (:mod:`minutes_kit.owners`)."""
    for i, item in enumerate(meeting.items):
        for path, action in item.raised():
            if action.due and action.due.end < meeting.date:
                source.problem("due-before-meeting", *_at(source, "items", i, *path, "due"),
                               f"due {action.due.describe()}, before the meeting of {meeting.date}",
                               "check the year")


def _sections(meeting: Meeting, source: Source, body: Body, exempt_sections: bool) -> None:
    labelled = {label: h for h in body.headings if (label := h.item_label)}
    declared = {item.id for item in meeting.items}
    for i, item in enumerate(meeting.items):
        if item.id not in labelled and (exempt_sections or not item.exempt):
            source.problem("item-without-section", *_at(source, "items", i, "id"),
                           f"item {item.id!r} ({item.title}) has no section in the body",
                           f"add a heading such as `## {written_label(item.id)} {item.title}`")
    for label, heading in labelled.items():
        if label not in declared:
            source.problem("section-without-item", heading.line, 1,
                           f"the section {heading.text!r} is not an item of the front matter",
                           f"add an item with `id: {label}` under items, or reword the heading")


def sections(meeting: Meeting, source: Source, body: Body) -> None:
    """Every item has its section, except an exempt item's notice, which needs none."""
    _sections(meeting, source, body, exempt_sections=False)


def part_sections(meeting: Meeting, source: Source, body: Body) -> None:
    """In an exempt part every item has its section."""
    _sections(meeting, source, body, exempt_sections=True)


def exempt_notices(meeting: Meeting, source: Source, body: Body) -> None:
    """Minutes are published: an exempt item there is only a notice (id, minute number,
    a title in general terms, the paragraph), and nothing is written under its heading up
    to the next item's, since any of it would be published."""
    if not any(item.exempt for item in meeting.items):
        return
    for i, item in enumerate(meeting.items):
        if not item.exempt:
            continue
        recorded = [key for key in RECORD_KEYS if getattr(item, key)]
        if recorded:
            source.problem("exempt-in-public", *_at(source, "items", i, recorded[0]),
                           f"the exempt item {item.id!r} holds its {recorded[0].replace('_', ' ')} "
                           "in the minutes, which are published",
                           f"move its {', '.join(k.replace('_', ' ') for k in recorded)} to the exempt "
                           f"part, exempt/ followed by this file's path under minutes/")
    notices = {item.id for item in meeting.items if item.exempt}
    items = {item.id for item in meeting.items}
    headings = body.headings
    for n, heading in enumerate(headings):
        if heading.item_label not in notices:
            continue
        end = next((h.line for h in headings[n + 1:] if h.item_label in items), None)
        inside = [h.line for h in headings[n + 1:] if end is None or h.line < end]
        inside += [b.line for b in body.blocks if b.line > heading.line and (end is None or b.line < end)]
        if inside:
            source.problem("exempt-narrative-in-public", min(inside), 1,
                           f"text under the exempt item {heading.item_label!r}, up to the next item, "
                           "would be published with the minutes",
                           "move it to the exempt part (exempt/ followed by this file's path under "
                           "minutes/); the public page words the exclusion itself")


def vocabulary(meeting: Meeting, source: Source, body: Body) -> None:
    """Initials in speaker position must be people; other capitals must be declared.

    The headings and prose are joined into one text so each pattern runs once per file
    at C speed; a match's file line is worked out only when it is reported.
    """
    initials = {p.initials for p in meeting.people}
    known = initials | set(meeting.abbreviations) | CONVENTIONAL
    # An all-caps heading (12/09 APOLOGIES) is a style, not abbreviations: it is blanked.
    segments = [(h.line, " " * len(h.text) if _shouted(h) else h.text) for h in body.headings]
    segments += [(b.line, b.text) for b in body.blocks]
    offsets, at = [], 1
    for _, segment in segments:
        offsets.append(at)
        at += len(segment) + 1
    block_starts = set(offsets[len(body.headings):])
    text = "\n" + "\n".join(segment for _, segment in segments)
    for marker, noise in _NOISE.items():  # code, HTML, link targets and URLs are not prose
        if marker in text:
            text = noise.sub(lambda m: " " * len(m.group()), text)
    codes = {item.code for item in meeting.items if item.code}
    codes.update(measure.code for item in meeting.items for measure in item.measures if measure.code)
    for code in sorted(codes, key=len, reverse=True):
        text = text.replace(code, " " * len(code))

    def place(offset: int) -> tuple[int, int]:
        index = bisect_right(offsets, offset) - 1
        line_start = text.rfind("\n", offsets[index], offset) + 1 or offsets[index]
        return segments[index][0] + text.count("\n", offsets[index], offset), offset - line_start + 1

    reported: set[str] = set()
    speakers = " ".join(who for _, who in _SPEAKERS.findall(text))
    # Most speakers are known: each match is looked at only when some initials are not.
    for match in () if known.issuperset(_INITIALS.findall(speakers)) else _SPEAKERS.finditer(text):
        if match.start() + 1 not in block_starts and not match.group("marker"):
            continue
        if known.issuperset(_INITIALS.findall(match.group("who"))):
            continue
        for speaker in _INITIALS.finditer(match.group("who")):
            who = speaker.group()
            if who not in known and who not in reported:
                reported.add(who)
                source.problem("unknown-person", *place(match.start("who") + speaker.start()),
                               f"{who} is not a person of the meeting",
                               _unknown_person(meeting, who) + " (or, if it is an abbreviation, declare it)")
    # Most capitals are known: find the unknown words at C speed, then locate only those.
    unknown = {word for word in _capital_runs(text) - known - reported if not _ROMAN.match(word)}
    for match in _CAPITALS.finditer(text) if unknown else ():
        word = match.group()
        if word not in unknown or word in reported or not _standalone(text, *match.span()):
            continue
        reported.add(word)
        source.problem("undeclared-abbreviation", *place(match.start()),
                       f"{word} is not a declared abbreviation",
                       f"add `{word}: <what it stands for>` under abbreviations")


def _shouted(heading: Heading) -> bool:
    """A heading written all in capitals after its item label, e.g. '12/09 APOLOGIES'."""
    label = ITEM_LABEL.match(heading.text)
    return _LOWER.search(heading.text, label.end() if label else 0) is None


def _capital_runs(text: str) -> set[str]:
    """The words ``_CAPITALS`` finds, at C speed: every byte but A-Z becomes a space
    (in UTF-8 every byte of a non-ASCII character is outside A-Z)."""
    runs = text.encode("utf-8").translate(_NOT_CAPITAL).split()
    return {run.decode() for run in set(runs) if len(run) > 1}


def _standalone(text: str, start: int, end: int) -> bool:
    """A whole word, allowing a plural s: 'MATs' yes, 'EI&ISS' and 'ABCd' no."""
    if start and (text[start - 1].isalnum() or text[start - 1] in "&/-_"):
        return False
    if end < len(text) and text[end] == "s":
        end += 1
    return end == len(text) or not (text[end].isalnum() or text[end] in "&_")


def unsafe_html(meeting: Meeting, source: Source, body: Body) -> None:
    """What the site will leave out of the narrative, at its line: the clerk should know
    before the public does."""
    if "<" not in source.body and "[" not in source.body:
        return
    for dropped in sanitise(source.body)[1]:
        source.problem("unsafe-html", source.body_line + dropped.line, 1,
                       f"{dropped.what} will be left out of the published page: the site keeps "
                       "only the HTML minutes need, nothing that could run a script or load from "
                       "elsewhere",
                       "remove it; for a link, use an http, https or mailto address")


CHECKS: list[Check] = [file_name_date, times, approval, people, items, actions, sections, exempt_notices,
                       vocabulary, unsafe_html, presence]
_PEOPLE = frozenset({"attendees", "in_attendance", "substitutes", "apologies", "absent"})
# What each check reads, by topic (see :func:`_topic`): when the schema refused a value,
# the checks run on the rest of the meeting, except those that read what was left out and
# would report its consequence (an owner unknown because their entry was refused).
READS: dict[Check, frozenset[str]] = {
    approval: frozenset({"status", "approved"}),
    people: _PEOPLE | {"declarations"},
    items: frozenset({"items", "declarations"}),
    actions: _PEOPLE | {"items", "items.actions"},
    sections: frozenset({"items"}),
    exempt_notices: frozenset({"items"}),
    vocabulary: _PEOPLE | {"abbreviations", "items", "items.measures", "codes"},
    presence: _PEOPLE | {"declarations"},
}
_GROUNDS = frozenset({"exempt", "exempt_paragraph", "confidential", "jurisdiction"})


def _topic(path: tuple[object, ...]) -> str | None:
    """What leaving out ``path`` changes for the checks: a list that lost an entry (its
    positions shift too), the grounds of exempt items, the codes the vocabulary skips."""
    last = path[-1]
    if isinstance(last, int):
        return str(path[0]) if path[0] != "items" or len(path) == 2 else f"items.{path[2]}"
    if last in _GROUNDS:
        return "items"
    if last == "code":
        return "codes"
    return str(path[0]) if path[0] == "abbreviations" or len(path) == 1 else None


def checks_without(removed: Sequence[tuple[object, ...]]) -> list[Check]:
    """The checks that read nothing of what was left out of a meeting."""
    topics = {_topic(path) for path in removed}
    return [check for check in CHECKS if not READS.get(check, frozenset()) & topics]


# An exempt part is checked as the meeting it belongs to, with its own items and narrative.
PART_CHECKS: list[Check] = [file_name_date, actions, part_sections, vocabulary, unsafe_html]
# Minute numbers, resolutions and recorded votes.
CHECKS += [skips, shapes, votes]
PART_CHECKS += [shapes, votes]
