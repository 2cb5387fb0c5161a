"""Resolutions and recorded votes: ``RESOLVED: (a) that ...; (b) that ...``, ``RECOMMENDED
to Cabinet that ...``, and the counts or names of a vote (``For: 3, Against: 1,
Abstentions: 0``; ``carried by 4 votes to 1``; ``For: Councillors Nandra and Shah``)."""

from __future__ import annotations

import re
from typing import Any

from .find_people import Register, people_in
from .text import flat

_KIND = re.compile(
    r"^(?P<kind>RESOLVED|Resolved|RECOMMENDED|Recommended|AGREED|Agreed|DEFERRED|Deferred)\b"
    r"(?:\s+to\s+(?P<to>(?:the\s+)?[A-Z][\w&' ]*?)(?=\s*[:\-\u2013]|\s+that\b|\s*$))?"
    r"\s*(?:[:\-\u2013]\s*)?(?P<text>.*)$",
    re.DOTALL,
)
_PART = re.compile(
    r"^\(?(?P<label>[a-z]|[ivx]{1,5}|\d{1,3})[.)]\s+(?P<text>.+)$", re.DOTALL | re.IGNORECASE
)
_WORDS = {
    "no": 0,
    "none": 0,
    "nil": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_N = r"(\d{1,3}|" + "|".join(_WORDS) + r")"
_COUNTS = [
    re.compile(
        rf"\b(?:For|In favour)\s*[:\-]?\s*(?P<for>{_N})\s*[,;]?\s*Against\s*[:\-]?\s*(?P<against>{_N})"
        rf"(?:\s*[,;]?\s*(?:and\s+)?(?:Abstentions?|Abstained|Abstain)\s*[:\-]?\s*(?P<abstain>{_N}))?",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?P<for>{_N})\s+(?:votes?\s+)?(?:for|in favour)\b[,;]?\s*(?:and\s+|with\s+)?(?P<against>{_N})\s+"
        rf"(?:votes?\s+)?against(?:\s*[,;]?\s*(?:and\s+|with\s+)?(?P<abstain>{_N})\s+abstentions?)?",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\bby\s+(?P<for>{_N})\s+votes?\s+to\s+(?P<against>{_N})"
        rf"(?:\s*(?:,|with|and)\s*(?P<abstain>{_N})\s+abstentions?)?",
        re.IGNORECASE,
    ),
]
_NAMED = re.compile(
    r"\b(?P<option>For|In favour(?: of the (?:motion|recommendation))?|Against|"
    r"Abstentions?|Abstained|Abstain)"
    r"\s*(?:\((?P<count>\d+)\))?\s*:\s*(?P<names>(?:Councillors?|Cllrs?)[^;:]*?)"
    r"(?:\s*\((?P<after>\d+)\))?\s*(?=[;.]|\s+(?:For|Against|Abstentions?|Abstained)\b|$)",
    re.IGNORECASE,
)
_OUTCOME = re.compile(r"\b(?P<word>carried|not carried|lost|defeated|fell)\b", re.IGNORECASE)


def decision_start(text: str) -> dict[str, Any] | None:
    """The resolution a paragraph starts, without its parts; None for other paragraphs."""
    match = _KIND.match(flat(text))
    if match is None:
        return None
    decision: dict[str, Any] = {"kind": match["kind"].lower()}
    if match["to"]:
        decision["to"] = match["to"]
    said = match["text"].strip()
    inline = inline_parts(said)
    if inline is not None:
        said, decision["parts"] = inline
    if said:
        decision["text"] = said
    return decision


_INLINE = re.compile(r"(?<![^\s(])\((?P<label>\d{1,2}|[a-z]|[ivx]{1,5})\)\s+", re.IGNORECASE)
_SEQUENCES = (
    [str(n) for n in range(1, 100)],
    list("abcdefghijklmnopqrstuvwxyz"),
    ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"],
)


def inline_parts(said: str) -> tuple[str, list[dict[str, str]]] | None:
    """The parts of a resolution written in one paragraph (``That (1) ... and (2) ...``):
    labels (1)(2), (a)(b) or (i)(ii) in order from the first, at least two; the words
    before the first label stay as the resolution's text unless they are only ``That``."""
    labels = list(_INLINE.finditer(said))
    for sequence in _SEQUENCES:
        chosen: list[re.Match[str]] = []
        for label in labels:
            if len(chosen) < len(sequence) and label["label"].lower() == sequence[len(chosen)]:
                chosen.append(label)
        if len(chosen) >= 2:
            break
    else:
        return None
    parts: list[dict[str, str]] = []
    for label, following in zip(chosen, [*chosen[1:], None], strict=True):
        body = said[label.end() : following.start() if following else len(said)]
        part = part_of(f"({label['label']}) {body}", len(parts) + 1)
        if part is None:
            return None
        parts.append(part)
    lead = said[: chosen[0].start()].strip(" ,:")
    return ("" if lead.lower() in ("", "that") else lead), parts


def part_of(text: str, number: int) -> dict[str, str] | None:
    """A resolution's part from a list item: its label as written (lower case), or its
    place in the list when the source gives none."""
    said = flat(text)
    match = _PART.match(said)
    label, body = (
        (match["label"].lower(), match["text"]) if match else (str(number), said.lstrip("-*\u2022 "))
    )
    body = re.sub(r"(?:\s*[;,]\s*(?:and|or)?|\s+and|\.)\s*$", "", body).strip()
    return {"label": label, "text": body} if body else None


def vote_in(text: str, people: Register) -> dict[str, Any] | None:
    """A recorded vote in ``text``: its counts, the members named for each option, its outcome."""
    said = flat(text)
    vote: dict[str, Any] = {}
    for pattern in _COUNTS:
        match = pattern.search(said)
        if match:
            for option in ("for", "against", "abstain"):
                if match[option] is not None:
                    vote[option] = str(_count(match[option]))
            break
    named: dict[str, list[str]] = {}
    for match in _NAMED.finditer(said):
        option = {"f": "for", "i": "for", "a": "against"}[match["option"][0].lower()]
        if match["option"].lower().startswith("abst"):
            option = "abstain"
        members = [people.find(p.name) for p in people_in(match["names"], "attendees", 0)]
        if members and all(m is not None and m.initials for m in members):
            named[option] = [m.initials for m in members if m is not None and m.initials]
        count = match["count"] or match["after"]
        if count and option not in vote:
            vote[option] = count
    if named:
        vote["named"] = named
    outcome = _OUTCOME.search(said)
    if outcome and vote:
        vote["outcome"] = "carried" if outcome["word"].lower() == "carried" else "lost"
    return vote or None


def _count(said: str) -> int:
    return int(said) if said.isdigit() else _WORDS[said.lower()]
