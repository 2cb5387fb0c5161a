"""Read one minutes file: bytes to text, text to front matter and body.

The split is done here rather than by python-frontmatter because every later message
needs the exact file line where the YAML and the body begin.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import markers, yamlpos
from .problems import Problem

# The closing fence with the newline before it: a literal first character lets the regex
# engine skip ahead, where ``^`` with MULTILINE is tried at every position of the YAML.
_FENCE = re.compile(r"\n(?:---|\.\.\.)[ \t]*(?=\n|$)")
_SNIFF = 8192


@dataclass
class Source:
    """One file as read: its front matter data with positions, and its body text."""

    path: str
    data: Any = None
    positions: yamlpos.Positions = field(default_factory=yamlpos.Positions)
    body: str = ""
    body_line: int = 1
    problems: list[Problem] = field(default_factory=list)

    def problem(self, code: str, line: int, column: int, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.path, line, column, code, message, hint))


MAX_BYTES = 1 << 20  # a minutes file, or the people directory: 1 MiB
MAX_UPDATE_BYTES = 64 << 10  # an update file holds a few lines: 64 KiB


def read(path: Path | str, raw: bytes | None = None) -> Source:
    """Read and split a minutes file; problems are recorded on the result, never raised.
    ``raw`` is its bytes when already read (see :func:`regular_bytes`)."""
    source = Source(str(path))
    text = _text(path, source, MAX_BYTES) if raw is None else _decode(raw, source)
    if text is not None:
        _split(text, source)
    return source


def read_yaml(path: Path | str, limit: int = MAX_BYTES) -> Source:
    """Read a file that is all YAML (an action update, the people directory)."""
    source = Source(str(path))
    raw = _bytes(path, source, limit)
    return parse_yaml(raw, source.path, source) if raw is not None else source


def parse_yaml(raw: bytes, path: str, source: Source | None = None) -> Source:
    """YAML bytes as :func:`read_yaml` reads them from ``path``: what is about to be
    written can be judged exactly as ``check`` will judge it."""
    source = source or Source(path)
    text = _decode(raw, source)
    if text is not None:
        _load_yaml(text, 1, source)
    return source


def _text(path: Path | str, source: Source, limit: int) -> str | None:
    raw = _bytes(path, source, limit)
    return _decode(raw, source) if raw is not None else None


def _bytes(path: Path | str, source: Source, limit: int) -> bytes | None:
    """The file's bytes, if it is a regular file of at most ``limit`` bytes. A FIFO or a
    device would block the read or never end, so it is refused before it is opened, and
    opened without blocking in case it was swapped in meanwhile; no more than one byte
    past the limit is ever read."""
    try:
        if _regular(path, source) is None:
            return None
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        with open(handle, "rb") as file:
            size = _regular(file.fileno(), source)
            if size is None:
                return None
            # As much as the file says it holds, and one byte more to see it grew.
            raw = file.read(min(size, limit) + 1)
    except OSError as error:
        source.problem("read-error", 0, 0, error.strerror or str(error),
                       "check the path and that you may read it")
        return None
    if len(raw) > limit:
        most = f"{limit >> 20} MiB" if limit % (1 << 20) == 0 else f"{limit >> 10} KiB"
        source.problem("file-too-large", 0, 0, f"the file is larger than {most}, the most that is read",
                       "is this the right file? keep long appendices in documents the minutes link to")
        return None
    return raw


def regular_bytes(path: Path | str) -> bytes | None:
    """The bytes of a minutes file that :func:`read` would read, or None when it would
    report a problem before decoding: what a cache entry is keyed by."""
    return _bytes(path, Source(str(path)), MAX_BYTES)


def _regular(path: Path | str | int, source: Source) -> int | None:
    """The size of a regular file; None, with the problem recorded, for anything else."""
    status = os.stat(path)
    mode = status.st_mode
    if stat.S_ISDIR(mode):
        source.problem("read-error", 0, 0, "it is a folder, not a file",
                       "name a file, or a folder to search for minutes")
        return None
    if not stat.S_ISREG(mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
                else "a device")
        source.problem("not-a-file", 0, 0, f"it is {kind}, not a regular file, so it was not read",
                       "minutes and update files are ordinary text files; remove it or "
                       "replace it with the file it stands for")
        return None
    return status.st_size


def _decode(raw: bytes, source: Source) -> str | None:
    if not raw.strip():
        source.problem("empty-file", 1, 1, "the file is empty",
                       "start from a copy of another meeting's minutes or `minutes-kit new`")
        return None
    if b"\x00" in raw[:_SNIFF]:
        source.problem("binary-file", 1, 1, "the file holds binary data, not text",
                       "minutes are Markdown text files; is this the right file?")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        source.problem("encoding", line, column,
                       f"byte 0x{raw[error.start]:02x} is not valid UTF-8",
                       "save the file as UTF-8 (most editors offer it under 'Save with encoding')")
        return None
    return text.replace("\r\n", "\n") if "\r" in text else text


def _split(text: str, source: Source) -> None:
    first_end = text.find("\n")
    first_line = text if first_end < 0 else text[:first_end]
    if first_line.rstrip() != "---":
        source.problem("no-front-matter", 1, 1, "the file does not start with front matter",
                       "the first line must be `---`, followed by the meeting's YAML and another `---`")
        return
    closing = _FENCE.search(text, first_end) if first_end >= 0 else None
    if closing is None:
        source.problem("unterminated-front-matter", 1, 1, "the front matter is never closed",
                       "add a line `---` after the last YAML line, before the narrative")
        return
    front = text[first_end + 1 : closing.start() + 1]
    source.body = text[closing.end() + 1 :]
    source.body_line = text.count("\n", 0, closing.end()) + 2
    if not front.strip():
        source.problem("empty-front-matter", 1, 1, "the front matter is empty",
                       "fill in the meeting: organisation, committee, date, attendees, items")
        return
    _load_yaml(front, 2, source)


def _load_yaml(text: str, first_line: int, source: Source) -> None:
    try:
        data, source.positions, issues = yamlpos.load(text, first_line)
    except yamlpos.YamlError as error:
        data, issues = None, [error.issue]
    for issue in issues:
        source.problem(issue.code, issue.line, issue.column, issue.message, issue.hint)
    if data is None and issues:
        return
    if not isinstance(data, dict):
        line, column = source.positions.of(())
        source.problem("not-a-mapping", line, column,
                       f"the YAML is a {type(data).__name__}, not a mapping",
                       "write `key: value` lines, e.g. `committee: Planning`")
        return
    source.data = data
    if not markers.may_hold(text):
        return
    for path, found in markers.found(data):  # before validation: one message, not a type error
        source.problem("import-marker", *source.positions.of(path), markers.message(found), markers.HINT)
