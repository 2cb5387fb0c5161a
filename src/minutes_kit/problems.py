"""Problems are values: every check returns them, nothing raises them at the user.

Each problem names a code from :data:`CODES`, the one list of everything ``check`` can
report; the format reference, the invalid-example tests and the exit status all read it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Code:
    name: str
    severity: Severity
    summary: str


_CODES = [
    # reading the file
    Code("read-error", "error", "The file could not be read (missing, a folder, no permission)."),
    Code("not-a-file", "error", "A named pipe, device or socket where a file should be: never read."),
    Code("file-too-large", "error", "Larger than files are read (1 MiB; update files 64 KiB)."),
    Code("binary-file", "error", "The file holds binary data, not text."),
    Code("encoding", "error", "The file is not valid UTF-8."),
    Code("empty-file", "error", "The file is empty."),
    Code("no-front-matter", "error", "The file does not start with a `---` front matter block."),
    Code("unterminated-front-matter", "error", "The front matter has no closing `---` line."),
    Code("empty-front-matter", "error", "The front matter block holds nothing."),
    # YAML
    Code("yaml-syntax", "error", "The front matter is not valid YAML."),
    Code("yaml-duplicate-key", "error", "A key appears twice in one mapping."),
    Code("yaml-tag", "error", "A YAML tag (`!!python/...`, `!custom`) that minutes never need."),
    Code("yaml-too-large", "error", "Aliases expand past the size limit, or nesting is too deep."),
    Code("not-a-mapping", "error", "The front matter is not a mapping of keys to values."),
    Code("import-marker", "error",
         "A value `minutes-kit import` could not find in the source: the clerk fills it in."),
    # the schema
    Code("unknown-key", "error", "A key the format does not define (often a typo)."),
    Code("missing-key", "error", "A required key is absent."),
    Code("invalid-value", "error", "A value of the wrong type or shape."),
    # one meeting
    Code("filename-date", "error", "The file name does not carry the meeting's date."),
    Code("end-before-start", "error", "The meeting ends before it starts."),
    Code("approval", "error", "Approved minutes without an approval date, or one before the meeting."),
    Code("duplicate-initials", "error", "Two people of one meeting share initials."),
    Code("present-and-apology", "error", "Someone is both present and sent apologies."),
    Code("unknown-person", "error", "Initials or a name that is not a person of the meeting."),
    Code("unknown-item", "error", "A reference to an agenda item the meeting does not have."),
    Code("duplicate-item", "error", "Two agenda items share an id."),
    Code("exempt-paragraph", "error",
         "An exempt item without grounds, or citing a Schedule 12A paragraph its jurisdiction lacks."),
    Code("exempt-in-public", "error",
         "An exempt item in the minutes holds more than its notice: its record belongs in the exempt part."),
    Code("exempt-narrative-in-public", "error",
         "Text under an exempt item's heading in the minutes, which are published."),
    Code("not-present", "error", "Who chaired, or a member declaring an interest, is listed as absent."),
    Code("next-meeting", "error", "The next meeting is dated on or before this one."),
    Code("due-before-meeting", "error", "An action falls due before the meeting that raised it."),
    Code("item-without-section", "error", "An agenda item has no section in the body."),
    Code("section-without-item", "error", "A body section is labelled like an item not declared."),
    Code("undeclared-abbreviation", "warning", "An all-caps abbreviation not declared."),
    Code("minute-number-skipped", "warning",
         "A minute number N/YY that does not follow the one before it in the meeting."),
    Code("vote-count", "error",
         "A recorded vote counting more than were present, more names than its count, or nothing."),
    Code("vote-voter", "error", "A named vote or casting vote of someone not present, or named twice."),
    Code("vote-outcome", "error",
         "A vote's outcome that its counts contradict, or a casting vote without a tie."),
    Code("unsafe-html", "warning", "Narrative HTML or a link the site leaves out (scripts, event handlers, "
         "`javascript:` links)."),
    # across meetings
    Code("duplicate-action-id", "error", "Two actions share an id."),
    Code("minute-number-repeated", "warning",
         "A minute number N/YY that an earlier meeting of the committee already used."),
    Code("unknown-action", "error", "An update names an action no earlier meeting raised."),
    Code("update-after-close", "error", "An update to an action already done or dropped."),
    Code("exempt-update-in-public", "error",
         "Minutes or an update file that may be published report progress on an exempt action."),
    Code("exempt-without-minutes", "error",
         "An exempt part with no minutes at the same path under minutes/."),
    Code("exempt-without-notice", "error", "An exempt part's item with no exempt notice in the minutes."),
    Code("exempt-part-missing", "warning", "An exempt notice whose record is not in the exempt part."),
    Code("ambiguous-person", "error", "Initials that could mean more than one person."),
    Code("slug-collision", "error",
         "Two committee names or measure codes that differ but would share one page."),
]

CODES: dict[str, Code] = {code.name: code for code in _CODES}


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, located at ``path:line:column`` (1-based; 0 when it concerns the file)."""

    path: str
    line: int
    column: int
    code: str
    message: str
    hint: str = ""

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity

    def as_dict(self) -> dict[str, str | int]:
        return {
            "file": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        }


def problems_out(problems: Sequence[Problem], with_path: bool = True) -> str:
    """Problems as JSON: each a list of its fields, the path left out where all are one file's."""
    return json.dumps([[p.path, p.line, p.column, p.code, p.message, p.hint][0 if with_path else 1:]
                       for p in problems], ensure_ascii=False, separators=(",", ":"))


def problems_in(text: str | None, path: str | None = None) -> list[Problem] | None:
    """Problems as :func:`problems_out` wrote them (``path`` is theirs when it left it
    out), or None for anything else. Checked by hand: with pydantic, reading 10,000
    files' empty lists would cost more than the rest of an answered run."""
    if text is None:
        return None
    if text == "[]":
        return []
    try:
        rows = json.loads(text)
    except ValueError:
        return None
    if not isinstance(rows, list) or not all(_problem(row, path is None) for row in rows):
        return None
    return [Problem(*row) if path is None else Problem(path, *row) for row in rows]


def _problem(row: Any, with_path: bool) -> bool:
    kinds = (str, int, int, str, str, str)[0 if with_path else 1:]
    return (isinstance(row, list) and len(row) == len(kinds)
            and all(type(value) is kind for value, kind in zip(row, kinds, strict=True))
            and row[-3] in CODES)


class Refused(Exception):
    """The request cannot be carried out; the message says why and what to do."""
