"""The second lock on exempt information: a scan of every public output for its text.

Public builds never open the exempt parts (the first lock, by construction). This scan
reads them anyway, on its own, to collect the distinctive text of every exempt record:
each text value of four words or more, each sentence of the narrative of six words or
more, and the ids of exempt actions. Any of these found in a public output (a page,
Pagefind's or Material's search index, the sitemap, the register's files, an export)
refuses the build, naming the exempt file and line it came from and the output it reached.

Text is compared as words: markup, entities, punctuation and case are ignored, so a
sentence is found however the output renders it.
"""

from __future__ import annotations

import contextlib
import gzip
import html
import json
import os
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .reader import Source

MIN_VALUE_WORDS = 4
MIN_SENTENCE_WORDS = 6
_TAG = re.compile(r"<[^>]*>")
_NOT_WORD = re.compile(r"[\W_]+")
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+")
# What _reduced does to ASCII: letters and digits kept (in lower case), the rest a space.
_ASCII_WORDS = bytes(ord(chr(c).lower()) if chr(c).isascii() and chr(c).isalnum() else 32 for c in range(256))
# Abbreviations are words shared with the public minutes; ids of items and of the
# actions updated, owners, dates and statuses are not distinctive.
_PUBLIC_KEYS = frozenset({"abbreviations", "id", "action", "owner", "by", "status", "due", "date"})


@dataclass(frozen=True)
class Canary:
    """A distinctive piece of exempt text and where it was written."""

    words: str  # normalised: lower-case words separated by single spaces
    path: str
    line: int


@dataclass(frozen=True)
class Leak:
    canary: Canary
    output: str

    def __str__(self) -> str:
        shown = self.canary.words if len(self.canary.words) <= 60 else self.canary.words[:57] + "..."
        return (f"{self.output}: exempt text from {self.canary.path}:{self.canary.line} "
                f"appears in a public output: '{shown}'")


def words(text: str, cache: dict[str, str] | None = None) -> str:
    """Text as the scan compares it: tags dropped, entities decoded, then only words.
    With a ``cache``, each distinct line is reduced once: the pages of a site repeat the
    theme's lines (navigation, header, footer) thousands of times. ASCII text is reduced
    whole, byte by byte: a listing of 10,000 actions in a fifth of the time."""
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    if text.isascii():
        return b" ".join(text.encode("ascii").translate(_ASCII_WORDS).split()).decode("ascii")
    if cache is None:
        return _reduced(text)
    reduced = []
    for line in text.split("\n"):
        known = cache.get(line)
        if known is None:
            known = cache[line] = _reduced(line)
        if known:
            reduced.append(known)
    return " ".join(reduced)


def _reduced(text: str) -> str:
    return _NOT_WORD.sub(" ", text.casefold()).strip()


def collect(exempt: Path, minutes: Path) -> list[Canary]:
    """The canaries of every exempt part and exempt update file under ``exempt``, read
    whether valid or not. A record's title that is word for word its notice's title in
    the minutes (under ``minutes``) is public, and no canary; nor is wording found in
    two or more minutes files ("the report was noted"): it says nothing of the case."""
    return _rare(candidates(exempt, minutes), minutes)


def leaks(exempt: Path, minutes: Path, outputs: Mapping[str, str]) -> list[Leak]:
    """``scan(collect(exempt, minutes), outputs)``, reading the minutes only for the
    candidates found in ``outputs``: almost always none, and the minutes of a large
    council are thousands of files while its exempt parts are a few."""
    return among_rare(suspects(exempt, minutes, outputs), minutes)


def suspects(exempt: Path, minutes: Path, outputs: Mapping[str, str],
             found: list[Canary] | None = None) -> list[Leak]:
    """What :func:`leaks` would report before wording common to the minutes is set
    aside: none means no leak, whatever the minutes' narratives say. ``found`` is
    :func:`candidates` when already known."""
    return scan(candidates(exempt, minutes) if found is None else found, outputs)


def among_rare(found: list[Leak], minutes: Path) -> list[Leak]:
    """The ``found`` whose canary is not common wording of the minutes."""
    if not found:
        return []
    rare = set(_rare(list(dict.fromkeys(leak.canary for leak in found)), minutes))
    return [leak for leak in found if leak.canary in rare]


_BATCH = 500  # minutes files searched at once: few passes, and little held in memory


def _rare(candidates: list[Canary], minutes: Path) -> list[Canary]:
    """The candidates not found in two or more minutes files."""
    if not candidates:
        return []
    common: Counter[Canary] = Counter()
    pending = set(candidates)
    batch: dict[str, str] = {}
    for path in _minutes_files(minutes):
        with contextlib.suppress(OSError):
            batch[path] = Path(path).read_text(encoding="utf-8", errors="replace")
        if len(batch) >= _BATCH:
            _count(pending, batch, common)
            batch = {}
            if not pending:
                break
    _count(pending, batch, common)
    return [c for c in candidates if common[c] < 2]


def _count(pending: set[Canary], texts: dict[str, str], common: Counter[Canary]) -> None:
    """Count the minutes files each pending candidate is in; one found twice is settled."""
    common.update(leak.canary for leak in scan(pending, texts))
    pending.difference_update(c for c in list(pending) if common[c] >= 2)


def _minutes_files(minutes: Path) -> Iterator[str]:
    from .reader import MAX_BYTES

    for folder, folders, files in os.walk(minutes):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in files:
            path = os.path.join(folder, name)
            # Regular files of a readable size only: what check reads (a pipe would block).
            if name.endswith(".md") and os.path.isfile(path) and os.path.getsize(path) <= MAX_BYTES:
                yield path


def candidates(exempt: Path, minutes: Path) -> list[Canary]:
    """The distinctive text of every exempt file, but for the titles of its notices in
    the minutes, before wording common to the minutes is set aside. What it reads:
    every file under ``exempt`` and, for each exempt part, the minutes file it belongs
    to (:func:`notice_files`). The reader and the Markdown parser are loaded here, not
    with the module: a scan whose candidates are known (a warm query) needs neither."""
    from .reader import read, read_yaml

    if not exempt.is_dir():
        return []
    found: dict[str, Canary] = {}
    for folder, folders, files in os.walk(exempt):
        folders.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            if name.endswith(".md"):
                source = read(path)
                _from_body(source, found)
                _from_data(source, source.data, (), found)
                for title in _notice_titles(minutes / os.path.relpath(path, exempt)):  # see notice_files
                    if found.get(title, Canary("", "", 0)).path == path:
                        del found[title]
            elif name.endswith((".yml", ".yaml")):
                source = read_yaml(path)
                _from_data(source, source.data, (), found)
    return list(found.values())


def _notice_titles(minutes_file: Path) -> set[str]:
    from .reader import read

    if not minutes_file.is_file():
        return set()
    data = read(minutes_file).data
    items = data.get("items") if isinstance(data, dict) else None
    return {words(str(item["title"])) for item in items or []
            if isinstance(item, dict) and item.get("exempt") and item.get("title")}


def _add(found: dict[str, Canary], text: str, path: str, line: int, minimum: int) -> None:
    normalised = words(text)
    if normalised and normalised.count(" ") + 1 >= minimum and normalised not in found:
        found[normalised] = Canary(normalised, path, line)


def _from_data(source: Source, data: Any, at: tuple[Hashable, ...], found: dict[str, Canary]) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in _PUBLIC_KEYS or (key == "id" and len(at) > 1 and at[-2] == "actions"):
                _from_data(source, value, (*at, key), found)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            _from_data(source, value, (*at, i), found)
    elif isinstance(data, str):
        line = source.positions.of(at)[0]
        # an exempt action's id is distinctive as one word; other values from four words
        _add(found, data, source.path, line, 1 if at[-1] == "id" else MIN_VALUE_WORDS)


def _from_body(source: Source, found: dict[str, Canary]) -> None:
    from . import body as markdown

    body = markdown.parse(source.body, source.body_line)
    for block in body.blocks:
        for sentence in _SENTENCE.split(block.text):
            _add(found, sentence, source.path, block.line, MIN_SENTENCE_WORDS)
    for heading in body.headings:
        _add(found, heading.text, source.path, heading.line, MIN_VALUE_WORDS)


def scan(canaries: Iterable[Canary], outputs: Mapping[str, str]) -> list[Leak]:
    """The canaries found in ``outputs`` (name to text). All outputs are searched as one
    text, one pass per canary at C speed; only a hit is traced back to its output."""
    canaries = list(canaries)
    if not canaries or not outputs:
        return []
    names = list(outputs)
    cache: dict[str, str] = {}
    texts = [f" {words(outputs[name], cache)} " for name in names]
    whole = "\n".join(texts)
    present = _words_of(whole)
    starts, at = [], 0
    for text in texts:
        starts.append(at)
        at += len(text) + 1
    leaks = []
    for canary in canaries:
        if not present.issuperset(canary.words.split()):
            continue  # a word of it is nowhere: no need to look for the whole
        needle = f" {canary.words} "
        found = whole.find(needle)
        while found >= 0:
            index = _owner(starts, found)
            leaks.append(Leak(canary, names[index]))
            next_start = starts[index + 1] if index + 1 < len(starts) else len(whole)
            found = whole.find(needle, next_start)
    return leaks


def _words_of(text: str, size: int = 1 << 20) -> set[str]:
    """The distinct words of ``text`` (words joined by single spaces and newlines), split
    a megabyte at a time: the register's outputs at 10,000 meetings hold millions of
    words, whose list alone would take hundreds of megabytes."""
    present: set[str] = set()
    start = 0
    while start < len(text):
        end = text.find(" ", start + size)
        end = len(text) if end < 0 else end
        present.update(text[start:end].split())
        start = end
    return present


def _owner(starts: list[int], offset: int) -> int:
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low


# Pagefind's fragments (a page's indexed text, meta and filters) are gzip files of its
# signature and then JSON, and are read. Its other files are binary: the words of the
# fragments again, one by one, and compiled code; read as text their bytes would make
# up short words of their own (a false alarm on an action's id), and nothing in them is
# not in a fragment.
_PAGEFIND_SIGNATURE = b"pagefind_dcd"
_JSON = frozenset({".json", ".pf_fragment"})
_BINARY = frozenset({".pf_index", ".pf_filter", ".pf_meta", ".pagefind"})


def folder_texts(folder: Path) -> Iterator[tuple[str, str]]:
    """Every file of a built site as text: gzip files unpacked whatever their name (the
    sitemap, Pagefind's index), JSON reduced to its strings."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix not in _BINARY):
        yield str(path), text_of(path, path.read_bytes())


def text_of(path: Path, raw: bytes) -> str:
    """One file of a built site as the scan reads it (Pagefind's binary files as nothing)."""
    if path.suffix in _BINARY:
        return ""
    if raw.startswith(b"\x1f\x8b"):
        with contextlib.suppress(OSError, EOFError):
            raw = gzip.decompress(raw)
    text = raw.removeprefix(_PAGEFIND_SIGNATURE).decode("utf-8", errors="replace")
    if path.suffix in _JSON:
        with contextlib.suppress(ValueError):
            text = "\n".join(_strings(json.loads(text)))
    return text


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def notice_files(exempt: Path, minutes: Path, files: Iterable[str]) -> list[str]:
    """The minutes files whose notices :func:`candidates` reads for these exempt files."""
    return [str(minutes / os.path.relpath(path, exempt)) for path in files if path.endswith(".md")]


def canaries_out(found: list[Canary]) -> str:
    return json.dumps([[c.words, c.path, c.line] for c in found], ensure_ascii=False, separators=(",", ":"))


def canaries_in(text: str | None) -> list[Canary] | None:
    """Canaries as :func:`canaries_out` wrote them, or None for anything else."""
    try:
        rows = json.loads(text) if text is not None else None
    except ValueError:
        return None
    if not isinstance(rows, list) or not all(
            isinstance(row, list) and len(row) == 3 and type(row[0]) is str and type(row[1]) is str
            and type(row[2]) is int for row in rows):
        return None
    return [Canary(*row) for row in rows]
