"""Print problems in a named format: ``text`` for people, ``json`` for tools, ``github``
for annotations on a pull request."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence

from .escape import terminal
from .problems import Problem

Formatter = Callable[[Sequence[Problem], int], str]


def summary(problems: Sequence[Problem], files: int) -> str:
    counts = Counter(p.severity for p in problems)
    noun = "file" if files == 1 else "files"
    errors, warnings = counts["error"], counts["warning"]
    return (f"checked {files} {noun}: {errors} error{'s' * (errors != 1)}, "
            f"{warnings} warning{'s' * (warnings != 1)}")


def text(problems: Sequence[Problem], files: int) -> str:
    lines = []
    for p in problems:
        lines.append(terminal(f"{p.path}:{p.line}:{p.column}: {p.severity} {p.code}: {p.message}"))
        if p.hint:
            lines.append(f"    hint: {terminal(p.hint)}")
    lines.append(summary(problems, files))
    return "\n".join(lines)


def as_json(problems: Sequence[Problem], files: int) -> str:
    counts = Counter(p.severity for p in problems)
    return json.dumps({
        "files": files,
        "errors": counts["error"],
        "warnings": counts["warning"],
        "problems": [p.as_dict() for p in problems],
    }, indent=2, ensure_ascii=False)


def _escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def github(problems: Sequence[Problem], files: int) -> str:
    """Workflow commands that GitHub Actions shows as annotations on the changed lines."""
    lines = []
    for p in problems:
        message = f"{p.message} (hint: {p.hint})" if p.hint else p.message
        lines.append(
            f"::{p.severity} file={_escape(p.path, prop=True)},line={max(p.line, 1)},"
            f"col={max(p.column, 1)},title={_escape(p.code, prop=True)}::{_escape(message)}"
        )
    lines.append(summary(problems, files))
    return "\n".join(lines)


FORMATS: dict[str, Formatter] = {"text": text, "json": as_json, "github": github}
