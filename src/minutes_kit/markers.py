"""What an import could not find, written where the value belongs, and found again by ``check``.

The importer never invents a value: where the source does not say (a start time, someone's
initials, an owner, a measure's period), it writes a marker such as
``"[import] the start time (source.txt line 5)"``. ``check`` reports each marker as one
plain error at its line, before any complaint about the value's type, so a clerk sees what
to fill in and where the source has it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

PREFIX = "[import] "
_MARKER = re.compile(r"^\[import\] (?P<what>.+?)(?: \((?P<where>[^()]*)\))?$")
HINT = ("replace the whole value (marker included) with what the source says; "
        "the draft came from `minutes-kit import`")


def marker(what: str, where: str) -> str:
    """The marker for ``what`` the import could not find, seen at ``where`` in the source."""
    return f"{PREFIX}{what} ({where})"


def is_marker(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def may_hold(yaml_text: str) -> bool:
    """Whether YAML could hold a marker: only if it is written out, or escaped (which
    takes a backslash). Walking every value of every file costs a sixth of a check."""
    return PREFIX.strip() in yaml_text or "\\" in yaml_text


def found(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every marker in ``data`` with its path, in document order."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from found(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from found(value, (*path, index))
    elif is_marker(data):
        yield path, data


def message(text: str) -> str:
    """What ``check`` says about the marker ``text``."""
    match = _MARKER.match(text)
    if match is None:
        return f"the import could not find this value: fill it in ({text})"
    where = f" ({match['where']})" if match["where"] else ""
    return f"the import could not find {match['what']}: fill it in from the source{where}"
