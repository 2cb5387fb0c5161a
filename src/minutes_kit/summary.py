"""What a run keeps of one minutes file once its own checks have run: its problems, and
a summary of the meeting that holds only what the checks across meetings, the register
and the commands that start from it read.

The summary is the front matter as written with what only the meeting's page shows
left out (votes, declarations, the texts of decisions that raise nothing, the figures
of measures ...), validated again into a :class:`Meeting`: a tenth of the full model's
memory, and every later check reads it exactly as it reads the full one. It travels as
JSON through the cache (:mod:`minutes_kit.cache`); an entry read back is checked for
its shape before it is believed, and anything else is a miss.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Annotated, Any, NamedTuple, cast

from pydantic import AfterValidator, BaseModel, ConfigDict
from typing_extensions import TypeAliasType

from .models import Meeting
from .people import Listed
from .problems import CODES, Problem, problems_out
from .register import posts
from .yamlpos import Positions, Spot

# What the register, the checks across meetings, the exempt parts and `new` read.
_MEETING_KEYS = frozenset({
    "organisation", "committee", "date", "venue", "start", "jurisdiction", "attendees", "apologies",
    "in_attendance", "substitutes", "absent", "abbreviations", "matters_arising", "items",
})
_ITEM_KEYS = frozenset({
    "id", "code", "title", "reference", "exempt", "exempt_paragraph", "confidential", "actions",
    "further_review", "measures", "decisions",
})
_MEASURE_KEYS = ("code", "title", "period", "better")  # what names its page, and what it needs
_DECISION = "-"  # a decision that raises no action: kept as a place, so paths stay aligned


def summarise(data: dict[str, Any]) -> dict[str, Any]:
    """The front matter of a valid meeting with what no summary reader needs left out."""
    kept = {key: value for key, value in data.items() if key in _MEETING_KEYS}
    kept["items"] = [_item(item) for item in data["items"]]
    return kept


def _item(item: dict[str, Any]) -> dict[str, Any]:
    kept = {key: value for key, value in item.items() if key in _ITEM_KEYS}
    if "measures" in kept:
        kept["measures"] = [{key: measure[key] for key in _MEASURE_KEYS if key in measure}
                            for measure in kept["measures"]]
    if "decisions" in kept:
        kept["decisions"] = [_decision(decision) for decision in kept["decisions"]]
    return kept


def _decision(decision: Any) -> Any:
    parts = decision.get("parts") if isinstance(decision, dict) else None
    if isinstance(parts, list) and any(isinstance(part, dict) and part.get("action") for part in parts):
        return {key: value for key, value in decision.items() if key != "vote"}
    return _DECISION


def encode(problems: list[Problem], summary: dict[str, Any] | None, positions: Positions,
           meeting: Meeting | None) -> Encoded:
    """One file's entry, the digest of its facts (what the checks across meetings read of
    the file: its summary and where its actions were written), its problems alone and the
    outline of its ``meeting`` (the summary's). Its problems all name the file itself, so
    the path is left out."""
    spots = _json(_spot_out(positions.root) if positions.root is not None else None)
    own = problems_out(problems, with_path=False)
    text = _json(summary)
    entry = f'{{"problems":{own},"positions":{spots},"meeting":{text}}}'
    return Encoded(entry, hashlib.sha256(f"[{spots},{text}]".encode()).hexdigest(), own,
                   _outline_out(outline(meeting)) if meeting is not None else "null")


class Encoded(NamedTuple):
    entry: str
    facts: str
    problems: str
    outline: str


class Outline(NamedTuple):
    """What a run reads of each meeting before any meeting itself: its date, to put the
    minutes in order, and its people and the posts its owners name, which are learnt
    before the register is folded (:func:`minutes_kit.register.learn`)."""

    date: date
    people: tuple[Listed, ...]
    posts: tuple[str, ...]


def outline(meeting: Meeting) -> Outline:
    return Outline(meeting.date, tuple(Listed(p.initials, p.name, p.title) for p in meeting.people),
                   tuple(posts(meeting)))


def _outline_out(found: Outline) -> str:
    return _json([found.date.isoformat(), [list(person) for person in found.people], list(found.posts)])


def outline_in(text: str) -> Outline | None:
    """An outline as :func:`encode` writes it, or None for anything else. Checked by hand,
    as :func:`minutes_kit.problems.problems_in` is: it is read for every file of a run."""
    try:
        day, people, named = json.loads(text)
        when = date.fromisoformat(day)
    except (ValueError, TypeError):
        return None
    if not isinstance(people, list) or not all(
            isinstance(p, list) and len(p) == 3 and type(p[0]) is str and type(p[1]) is str
            and (p[2] is None or type(p[2]) is str) for p in people):
        return None
    if not isinstance(named, list) or not all(type(name) is str for name in named):
        return None
    return Outline(when, tuple(Listed(*p) for p in people), tuple(named))


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def decode(path: str, entry: str) -> tuple[list[Problem], Meeting | None, Positions] | None:
    """The problems, summary meeting and positions of an entry, or None for anything that
    is not an entry as :func:`encode` writes it (damaged, foreign, or not valid)."""
    try:
        read = _Entry.model_validate_json(entry)
    except ValueError:  # pydantic's ValidationError is one
        return None
    problems = [Problem(path, *problem) for problem in read.problems]
    positions = Positions(cast(Spot, read.positions)) if read.positions is not None else Positions()
    return problems, read.meeting, positions


def _known(code: str) -> str:
    if code not in CODES:
        raise ValueError(f"no problem code {code!r}")
    return code


# A spot as JSON: a mapping's entries by key (the format's keys, all text), a list's in
# order, a list pruned to some entries with null in the place of the others.
_JsonSpot = TypeAliasType(
    "_JsonSpot", "tuple[int, int, int, int, dict[str, _JsonSpot] | list[_JsonSpot | None] | None]")


class _Entry(BaseModel):
    """An entry as :func:`encode` writes it, parsed and checked in one pass by pydantic."""

    model_config = ConfigDict(strict=True, extra="forbid")

    problems: list[tuple[int, int, Annotated[str, AfterValidator(_known)], str, str]]
    positions: _JsonSpot | None
    meeting: Meeting | None


def _spot_out(spot: Spot) -> list[Any]:
    *where, entries = spot
    if isinstance(entries, dict) and entries and all(type(key) is int for key in entries):
        indexed = cast(dict[int, Spot], entries)
        return [*where, [_spot_out(indexed[i]) if i in indexed else None for i in range(max(indexed) + 1)]]
    if isinstance(entries, dict):
        return [*where, {str(key): _spot_out(entry) for key, entry in entries.items()}]
    if isinstance(entries, list):
        return [*where, [_spot_out(entry) for entry in entries]]
    return [*where, None]
