"""An action's status, read the same way wherever it is written.

Clerks write "in progress", "in-progress" or "Complete"; a command line takes
"in-progress" more easily than "in progress". Every spelling below is accepted, in any
case, in the front matter, update files, ``action update --status`` and ``actions
--status``, and is stored and shown as its canonical word. "closed" is refused as a
status: it could mean done or dropped.
"""

from __future__ import annotations

STATUSES = ("open", "in progress", "done", "dropped")
OPEN_STATUSES: frozenset[str] = frozenset({"open", "in progress"})  # still to do
SPELLINGS: dict[str, str] = {
    "open": "open",
    "in progress": "in progress", "in-progress": "in progress", "in_progress": "in progress",
    "done": "done", "complete": "done", "completed": "done",
    "dropped": "dropped", "withdrawn": "dropped",
}
HELP = ("open; in progress (or in-progress, in_progress); done (or complete, completed); "
        "dropped (or withdrawn); in any case")
# For the JSON Schema: every spelling, any case, as an ECMA pattern without flags.
PATTERN = "^(" + "|".join(
    "".join(f"[{c.upper()}{c}]" if c.isalpha() else c for c in spelling)  # else: space, - or _
    for spelling in SPELLINGS) + ")$"


def parse(text: object) -> str:
    """The canonical status for ``text``, or a ValueError saying what to write."""
    if not isinstance(text, str):
        raise ValueError(f"write one of: {HELP}")
    status = SPELLINGS.get(text.lower()) if text.isascii() else None
    if status is not None:
        return status
    if text.strip().casefold() == "closed":
        raise ValueError("'closed' could mean done or dropped: write done or dropped")
    raise ValueError(f"{text!r} is not a status: write one of: {HELP}")
