"""Blocks to a draft meeting: the preamble, then one agenda item per minute heading, each
read by the finders (people, resolutions and votes, actions, measures, declarations,
exclusion of the public). Whatever the source does not say becomes a marker."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..models import MINUTE_NUMBER
from .blocks import Block
from .draft import Draft, Earlier
from .find_actions import action_line, action_table, part_action, update_of
from .find_decisions import decision_start, inline_parts, part_of, vote_in
from .find_measures import measure_table, measures_in
from .find_meeting import read_preamble
from .find_people import GROUPS, Person, Register, people_in, substitutes_said
from .text import first_time, flat, time_text

_HEADING = re.compile(
    r"^(?:(?:Minute|Item)\s+)?(?P<label>\d{1,4}/\d{2}|\d{1,3}[a-z]?|\(?[a-z]\))[.):]?\s+(?P<title>\S.*)$"
)
_EXCLUSION = re.compile(
    r"(?i)exclusion of (?:the )?(?:press and )?public|public (?:\w+ )?be excluded|"
    r"exclude the (?:press and )?public"
)
_READMITTED = re.compile(r"(?i)re-?admitted|re-?admission")
_PARAGRAPHS = re.compile(r"(?i)\bparagraphs?\s+(?P<list>\d{1,2}[A-C]?(?:\s*(?:,|and|&)\s*\d{1,2}[A-C]?)*)")
_EXEMPT_TITLE = re.compile(r"(?i)\((?:exempt|confidential|part (?:ii|2))\)|\bpart (?:ii|2)\b")
_END = re.compile(
    r"(?i)\b(?:meeting|it)\s+(?:closed|ended|finished|concluded|terminated|rose)\s+at\s+|"
    r"\bmeeting\s+(?:closed|ended)\s*:\s*"
)
_APOLOGY = re.compile(
    r"(?i)\bapolog(?:y|ies)\b(?:\s+for\s+absence)?[^.]*?\b(?:received\s+)?from\s+"
    r"(?P<who>.+?)(?:(?<!\b[A-Z])\.(?=\s|$)|$)"
)
_DECLARED = re.compile(
    r"(?P<who>(?:[A-Z][\w.'\u2019-]*\s+){0,3}[A-Z][\w'\u2019-]*)\s+declared\s+(?:an?\s+)?(?P<rest>.+)"
)
_INTERESTS = [
    "disclosable pecuniary",
    "other registrable",
    "other registerable",
    "non-registrable",
    "non-registerable",
    "personal and prejudicial",
    "prejudicial",
    "personal",
    "pecuniary",
]
_ITEM_REF = re.compile(
    r"(?i)\b(?:minute|item|agenda item)\s*(?:no\.?\s*)?(?P<id>\d{1,4}/\d{2}|\d{1,3}[a-z]?)\b"
)
_UPDATES_TITLE = re.compile(
    r"(?i)matters arising|action (?:log|list|tracker|sheet)|actions? from|progress on actions"
)


@dataclass
class Minute:
    label: str
    title: str
    line: int
    blocks: list[Block]


def parse(
    blocks: Sequence[Block],
    source: str,
    earlier: Sequence[Earlier] = (),
    *,
    committee: str | None = None,
    organisation: str | None = None,
    initials: bool = True,
) -> Draft:
    """The draft meeting of one source's ``blocks``; ``earlier`` are the actions raised by
    earlier meetings, which this one's matters arising may update."""
    draft = Draft(source)
    preamble_blocks, minutes = _minutes(list(blocks))
    pre = read_preamble(preamble_blocks)
    people = Register()
    for person in pre.people:
        people.add(person)
    for minute in minutes[:3]:
        if re.search(r"(?i)apolog", minute.title):
            for block in minute.blocks:
                for match in _APOLOGY.finditer(flat(block.text)):
                    for person in people_in(match["who"], "apologies", block.line):
                        people.add(person)
                pre.substitutions += [(s, r, block.line) for s, r in substitutes_said(block.text)]
    for sub, replaced, line in pre.substitutions:
        known = people.find(sub)
        person = known or people.add(Person(sub, "substitutes", line))
        person.group, person.replaces = "substitutes", replaced
    people.assign_initials(initials)
    front = draft.front
    first = pre.first_line
    front["organisation"] = organisation or (
        pre.organisation[0] if pre.organisation else draft.mark("organisation", "the organisation", first)
    )
    front["committee"] = committee or (
        pre.committee[0] if pre.committee else draft.mark("committee", "the committee", first)
    )
    if pre.date:
        draft.day = pre.date[0].value  # type: ignore[assignment]
        front["date"] = draft.day.isoformat() if draft.day else ""
    else:
        front["date"] = draft.mark("date", "the date of the meeting", first)
    if pre.venue:
        front["venue"] = pre.venue[0]
    front["start"] = time_text(pre.start[0]) if pre.start else draft.mark("start", "the start time", first)
    end = _end(blocks)
    front["end"] = end or draft.mark("end", "the end time", blocks[-1].line if blocks else 1)
    front["status"] = "draft"
    _people(draft, people, first)
    _items(draft, minutes, people, earlier)
    if not minutes:
        front["items"] = [{"id": "1", "title": draft.mark("items.0.title", "any minute headings", first)}]
    return draft


def _minutes(blocks: list[Block]) -> tuple[list[Block], list[Minute]]:
    preamble: list[Block] = []
    minutes: list[Minute] = []
    for block in blocks:
        match = _HEADING.match(flat(block.text)) if block.kind == "heading" else None
        if match:
            label = match["label"].strip("()").lower()
            minutes.append(Minute(label, match["title"].strip(), block.line, []))
        elif minutes:
            minutes[-1].blocks.append(block)
        else:
            preamble.append(block)
    return preamble, minutes


def _end(blocks: Sequence[Block]) -> str | None:
    for block in reversed(blocks):
        said = flat(block.text)
        match = _END.search(said)
        if match:
            time = first_time(said[match.end() :])
            if time is not None:
                return time_text(time)
    return None


def _people(draft: Draft, people: Register, first: int) -> None:
    for group in GROUPS:
        entries = []
        for i, person in enumerate(p for p in people.people if p.group == group):
            entry: dict[str, Any] = {
                "initials": person.initials
                or draft.mark(f"{group}.{i}.initials", f"the initials of {person.name}", person.line),
                "name": person.name,
            }
            if person.title:
                entry["title"] = person.title
            if person.role:
                entry["role"] = person.role
            if group == "substitutes":
                replaced = people.find(person.replaces or "")
                entry["for"] = (
                    replaced.initials
                    if replaced and replaced.initials
                    else draft.mark(
                        f"substitutes.{i}.for", f"the initials of {person.replaces}", person.line
                    )
                )
            entries.append(entry)
        if entries or group == "attendees":
            draft.front[group] = entries or [
                {
                    "initials": draft.mark("attendees.0.initials", "who was present", first),
                    "name": draft.mark("attendees.0.name", "who was present", first),
                }
            ]


def _items(draft: Draft, minutes: list[Minute], people: Register, earlier: Sequence[Earlier]) -> None:
    items: list[dict[str, Any]] = []
    declarations: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    private, paragraphs = False, None
    ids = {m.label for m in minutes}
    for minute in minutes:
        text = " ".join(flat(b.text) for b in minute.blocks)
        if private and _READMITTED.search(minute.title + " " + text):
            private = False
        own = _PARAGRAPHS.search(minute.title)
        exempt = private or bool(_EXEMPT_TITLE.search(minute.title))
        record, narrative = _record(draft, minute, people, earlier, updates, declarations, ids)
        heading = (
            f"## {minute.label if MINUTE_NUMBER.match(minute.label) else _shown(minute)} {minute.title}"
        )
        if exempt:
            cited = own or paragraphs
            notice = {
                "id": minute.label,
                "title": minute.title,
                "exempt": "true",
                "exempt_paragraph": _cited(cited)
                if cited
                else draft.mark(
                    f"items.{len(items)}.exempt_paragraph", "the Schedule 12A paragraph", minute.line
                ),
            }
            items.append(notice)
            draft.exempt_items.append(record)
            draft.exempt_body += [heading, "", *narrative]
        else:
            items.append(record)
            draft.body += [heading, "", *narrative]
        if _EXCLUSION.search(minute.title + " " + text) and not exempt:
            private, paragraphs = True, _PARAGRAPHS.search(text)
    draft.front["declarations"] = declarations
    draft.front["matters_arising"] = updates
    draft.front["items"] = items


def _shown(minute: Minute) -> str:
    return f"{minute.label}." if minute.label[:1].isdigit() else f"{minute.label})"


def _cited(match: re.Match[str]) -> str:
    return " and ".join(re.split(r"\s*(?:,|and|&)\s*", match["list"]))


def _record(
    draft: Draft,
    minute: Minute,
    people: Register,
    earlier: Sequence[Earlier],
    updates: list[dict[str, Any]],
    declarations: list[dict[str, Any]],
    ids: set[str],
) -> tuple[dict[str, Any], list[str]]:
    """One minute's record (decisions, actions, measures) and its narrative."""
    record: dict[str, Any] = {"id": minute.label, "title": minute.title}
    decisions: list[dict[str, Any]] = []
    actions: list[dict[str, Any]] = []
    measures: list[dict[str, Any]] = []
    narrative: list[str] = []
    at = minute.line

    def mark(path: str, what: str) -> str:
        return draft.mark(f"items.{minute.label}.{path}", what, at)

    open_decision: dict[str, Any] | None = None
    pending: dict[str, Any] | None = None
    for block in minute.blocks:
        at = block.line
        said = flat(block.text)
        if block.kind == "item" and open_decision is not None:
            inline = inline_parts(said)  # "(a) ...; and (b) ..." on one line
            parts = open_decision.setdefault("parts", [])
            these: list[dict[str, Any] | None] = (
                [*inline[1]] if inline and not inline[0] else [part_of(block.text, len(parts) + 1)]
            )
            for part in these:
                if part:
                    task = part_action(part, people, mark)
                    if task:
                        part["action"] = task
                    parts.append(part)
            continue
        open_decision = None
        if block.kind == "table":
            found = action_table(block.rows, people, mark)
            if found:
                actions += found[0]
                for row in found[1]:
                    updates.append(_update(draft, row, earlier, block.line))
                continue
            table = measure_table(block.rows, minute.title, mark)
            if table:
                measures += table
                continue
            narrative += [_table(block.rows), ""]
            continue
        decision = decision_start(block.text) if block.kind == "paragraph" else None
        if decision is not None:
            for part in decision.get("parts", []):
                task = part_action(part, people, mark)
                if task:
                    part["action"] = task
            if pending is not None:
                decision["vote"], pending = pending, None
            decisions.append(decision)
            open_decision = decision
            continue
        action = action_line(block.text, people, mark)
        if action is not None:
            actions.append(action)
            continue
        vote = vote_in(block.text, people)
        if vote and decisions and "vote" not in decisions[-1]:
            decisions[-1]["vote"] = vote
        elif vote:
            pending = vote  # a vote told before its resolution
        declared = _declaration(said, people, ids, mark)
        if declared:
            declarations.append(declared)
        measures += measures_in(block.text, minute.title, mark)
        if _UPDATES_TITLE.search(minute.title):
            updates += _said_updates(said, earlier, draft.committee)
        if _END.search(said) and len(said) < 60:
            continue
        narrative += [("- " if block.kind == "item" else "") + said, ""]
    for decision in decisions:
        if not decision.get("parts"):
            decision.pop("parts", None)
        if "text" not in decision and "parts" not in decision:
            decision["text"] = mark("decisions", "the words of the resolution")
    if measures:
        record["measures"] = measures
    if decisions:
        record["decisions"] = decisions
    if actions:
        record["actions"] = actions
    return record, narrative


def _table(rows: tuple[tuple[str, ...], ...]) -> str:
    def line(row: tuple[str, ...]) -> str:
        return "| " + " | ".join(flat(c).replace("|", "\\|") for c in row) + " |"

    return "\n".join(
        [line(rows[0]), "| " + " | ".join("---" for _ in rows[0]) + " |", *map(line, rows[1:])]
    )


def _declaration(said: str, people: Register, ids: set[str], mark: Any) -> dict[str, Any] | None:
    match = _DECLARED.search(said)
    if match is None or "interest" not in match["rest"].lower():
        return None
    person = people.find(match["who"])
    rest = match["rest"]
    kind = next((k for k in _INTERESTS if re.search(rf"(?i)\b{k}\b", rest)), "other")
    found: dict[str, Any] = {
        "member": person.initials
        if person and person.initials
        else mark("declarations", f"the initials of {match['who']}")
    }
    item = _ITEM_REF.search(rest)
    found["item"] = (
        item["id"] if item and item["id"] in ids else mark("declarations", "the item of the declaration")
    )
    found["interest"] = kind
    detail = re.search(
        r"\bas\s+(?P<what>(?:a|an|the)\s+[^;.]+?)(?:\s+and\s+(?:left|remained|withdrew|took)|[;.]|$)", rest
    )
    if detail:
        found["detail"] = detail["what"][:1].upper() + detail["what"][1:] + "."
    withdrew = _withdrew(rest)
    if withdrew is not None:
        found["withdrew"] = withdrew
    if re.search(r"(?i)\bdispensation\b", rest):
        found["dispensation"] = "true"
    return found


_LEFT = re.compile(
    r"(?i)\b(?:left|withdrew from|went out of) the (?:room|meeting|chamber)|\bwithdrew\b|"
    r"\b(?:did not|didn't|took no|played no) (?:take )?part\b"
)
_STAYED = re.compile(
    r"(?i)\bremained\b|\bstayed\b|\b(?:took|taking) part\b|\bvoted\b"
)


def _withdrew(said: str) -> str | None:
    """Whether the member withdrew, only when the minutes say so: leaving the room or
    taking no part is withdrawing; staying, taking part in the debate or voting is not."""
    if _LEFT.search(said):
        return "true"
    if _STAYED.search(said):
        return "false"
    return None


def _update(draft: Draft, row: dict[str, Any], earlier: Sequence[Earlier], line: int) -> dict[str, Any]:
    """An action-log row's progress; an action no earlier meeting raised goes to the
    legacy log, as raised before the archive starts."""
    ident = row.get("id") or draft.mark("matters_arising", f"the id of the action {row['text']!r}", line)
    if not any(e.id.casefold() == str(ident).casefold() for e in earlier) and "id" in row:
        legacy: dict[str, Any] = {k: row[k] for k in ("id", "text", "owner", "due") if k in row}
        legacy["raised"] = draft.mark("raised", f"when {row['id']} was raised (the old log's date)", line)
        legacy["committee"] = draft.committee
        draft.legacy.append(legacy)
    return {"action": ident, **update_of(row["update"])}


def _said_updates(said: str, earlier: Sequence[Earlier], committee: str) -> list[dict[str, Any]]:
    """Updates in matters arising that name an earlier action by its id or by its minute
    and part (``15/09(b)``)."""
    found = []
    for sentence in re.split(r"(?<=[.;])\s+(?=[A-Z(])", said):
        for action in earlier:
            if action.committee != committee:
                continue
            by_id = re.search(rf"(?i)\b{re.escape(action.id)}\b", sentence)
            minute = rf"\b{re.escape(action.minute)}"
            if action.part:
                by_minute = re.search(rf"{minute}\s*\(\s*{re.escape(action.part)}\s*\)", sentence)
            else:  # an action line of the minute: named by the minute when it raised only one
                alone = sum(1 for a in earlier if a.minute == action.minute and not a.part) == 1
                by_minute = re.search(rf"{minute}(?!\s*\()", sentence) if alone else None
            if by_id or by_minute:
                found.append({"action": action.id, **update_of(sentence)})
    return found
