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

import json
from typing import Any

from .models import Meeting
from .problems import CODES, Problem
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


def encode(problems: list[Problem], summary: dict[str, Any] | None, positions: Positions) -> str:
    """One file's entry: its problems (all of the file itself, so without its path) and
    positions on the first line, the summary on the second, which pydantic parses
    straight from JSON."""
    head = json.dumps({
        "problems": [[p.line, p.column, p.code, p.message, p.hint] for p in problems],
        "positions": _spot_out(positions.root) if positions.root is not None else None,
    }, ensure_ascii=False, separators=(",", ":"))
    return head + "\n" + json.dumps(summary, ensure_ascii=False, separators=(",", ":"))


def decode(path: str, entry: str) -> tuple[list[Problem], Meeting | None, Positions] | None:
    """The problems, summary meeting and positions of an entry, or None for anything that
    is not an entry as :func:`encode` writes it (damaged, foreign, or not valid)."""
    try:
        head, _, brief = entry.partition("\n")
        value = json.loads(head)
        if not isinstance(value, dict) or set(value) != {"problems", "positions"}:
            return None
        problems = [_problem(path, p) for p in value["problems"]]
        spot = value["positions"]
        positions = Positions(_spot_in(spot)) if spot is not None else Positions()
        meeting = None if brief == "null" else Meeting.model_validate_json(brief)
    except (ValueError, TypeError, RecursionError, _Foreign):  # ValidationError is a ValueError
        return None
    return problems, meeting, positions


class _Foreign(Exception):
    """A part of an entry that is not what :func:`encode` writes."""


def _problem(path: str, written: Any) -> Problem:
    if not (type(written) is list and len(written) == 5):
        raise _Foreign
    line, column, code, message, hint = written
    if not (type(line) is int and type(column) is int and code in CODES
            and type(message) is str and type(hint) is str):
        raise _Foreign
    return Problem(path, line, column, code, message, hint)


def _spot_out(spot: Spot) -> list[Any]:
    """A spot as JSON. The keys of a mapping are the format's, never digits, so a list
    pruned to some of its entries (a mapping by index) keeps its indices as digits."""
    *where, entries = spot
    if isinstance(entries, dict):
        return [*where, {str(key): _spot_out(entry) for key, entry in entries.items()}]
    if isinstance(entries, list):
        return [*where, [_spot_out(entry) for entry in entries]]
    return [*where, None]


def _spot_in(written: Any) -> Spot:
    if type(written) is not list or len(written) != 5:
        raise _Foreign
    key_line, key_column, line, column, entries = written
    if not (type(key_line) is int and type(key_column) is int and type(line) is int and type(column) is int):
        raise _Foreign
    if entries is None:
        return (key_line, key_column, line, column, None)
    if type(entries) is list:
        return (key_line, key_column, line, column, [_spot_in(entry) for entry in entries])
    if type(entries) is dict:
        return (key_line, key_column, line, column,
                {(int(key) if key.isdigit() else key): _spot_in(entry) for key, entry in entries.items()})
    raise _Foreign
