"""A draft as files: the minutes (front matter and narrative, in the shape of the examples
in ``minutes/``) and, for items after the exclusion of the public, the exempt part under
``exempt/`` at the same path. Every value is written quoted, as text: the format reads
each typed value from its text, so nothing is retyped on the way."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..files import FileExists, write_atomic
from .draft import Draft


def yaml_lines(data: dict[str, Any], indent: int = 0) -> list[str]:
    """``data`` as block YAML; empty lists and mappings are left out."""
    pad = " " * indent
    lines: list[str] = []
    for key, value in data.items():
        if value in ([], {}, None, ""):
            continue
        if isinstance(value, dict):
            lines += [f"{pad}{key}:", *yaml_lines(value, indent + 2)]
        elif isinstance(value, list):
            lines.append(f"{pad}{key}:")
            for entry in value:
                if isinstance(entry, dict):
                    inner = yaml_lines(entry, indent + 4)
                    lines += [f"{pad}  - {inner[0].lstrip()}", *inner[1:]]
                else:
                    lines.append(f"{pad}  - {_scalar(entry)}")
        else:
            lines.append(f"{pad}{key}: {_scalar(value)}")
    return lines


def _scalar(value: object) -> str:
    return json.dumps(str(value), ensure_ascii=False)


def minutes_text(draft: Draft) -> str:
    heading = (
        f"# {draft.front.get('committee')}, {draft.day:%d %B %Y}".replace(" 0", " ")
        if draft.day
        else f"# {draft.front.get('committee')}"
    )
    note = f"# Imported from {draft.source}: a draft for the clerk to check against the source."
    return (
        "\n".join(["---", note, *yaml_lines(draft.front), "---", "", heading, "", *draft.body]).rstrip()
        + "\n"
    )


def exempt_text(draft: Draft, minutes_path: str) -> str:
    return (
        "\n".join(
            [
                "---",
                f"# The exempt (Part II) part of {minutes_path}. Confidential: never publish this file.",
                *yaml_lines({"items": draft.exempt_items}),
                "---",
                "",
                *draft.exempt_body,
            ]
        ).rstrip()
        + "\n"
    )


def legacy_text(entries: list[dict[str, Any]]) -> str:
    return (
        "\n".join(['source: "the action logs of the imported minutes"', *yaml_lines({"actions": entries})])
        + "\n"
    )


def write_new(path: Path, text: str) -> bool:
    """Write ``path`` unless it exists: True when written, False when left as it was."""
    try:
        write_atomic(path, text, exclusive=True)
    except FileExists:
        return False
    return True
