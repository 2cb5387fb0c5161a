"""Safe YAML with source positions: every value remembers where it was written.

PyYAML's loaders forget positions, keep the last of two duplicate keys and expand
aliases without limit. Here libyaml (when present) only composes the node graph; the
small constructor below turns it into plain data, recording the line and column of each
key and value, refusing unknown tags, reporting duplicate keys and stopping alias bombs.

Minutes are written in a small part of YAML (block mappings and lists, one-line flow
mappings, plain and simply quoted text), and :class:`_Plain` reads that part line by
line in about half the time libyaml takes; it gives up on anything else, and libyaml
reads what it gives up on. A property test holds the two to the same data and positions.

Scalars are text exactly as written: the format, not YAML, decides what a value means,
so ``NO`` (initials), ``0x1F`` (a code), ``1.10`` (a title) and ``14.00`` (a time) reach
the models as the clerk typed them. Only null (``~``, ``null``, nothing) is not text.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, cast

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

try:
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - libyaml missing: same behaviour, slower
    from yaml.composer import Composer
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _PyParser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _PyParser.__init__(self)
            Composer.__init__(self)


MAX_NODES = 20_000
MAX_DEPTH = 48
# Characters of text, keys included, once aliases are expanded: as much as the largest
# file read (1 MiB) can hold without aliases, so only aliases can pass it. Without it a
# 100 KB file of aliases to one long text expands to hundreds of megabytes.
MAX_CHARS = 1 << 20

Path = tuple[Hashable, ...]

_T = "tag:yaml.org,2002:"
STR, NULL, SEQ, MAP = (_T + t for t in ("str", "null", "seq", "map"))
# The plain scalars that are null; every other plain scalar is text.
_NULLS = frozenset({"~", "null", "Null", "NULL", ""})


@lru_cache(maxsize=4096)
def _resolve(kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
    """The tag of a node without one. Keys and many values repeat from file to file, so
    most calls are answered by the cache, without entering Python at all."""
    if kind is ScalarNode:
        return NULL if implicit[0] and value in _NULLS else STR
    return SEQ if kind is SequenceNode else MAP


class _Composer(_Parser, BaseResolver):
    """libyaml composes, calling back into Python three times for each node: these
    callbacks are the hot path of reading minutes, so each is C code. PyYAML's path
    resolvers are unused here, and builtins that return at once stand in for them."""

    def __init__(self, text: str) -> None:
        _Parser.__init__(self, text)
        BaseResolver.__init__(self)

    descend_resolver = staticmethod(slice)  # type: ignore[assignment]  # (parent, index) -> ignored
    ascend_resolver = staticmethod(tuple)  # type: ignore[assignment]  # () -> ignored
    resolve = staticmethod(_resolve)


@dataclass
class Issue:
    """A problem found in the YAML, at a file position."""

    code: str
    message: str
    line: int
    column: int
    hint: str = ""


class YamlError(Exception):
    """The front matter cannot be read at all."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue


# Where a value was written: its key's line and column (0, 0 for a sequence entry or the
# root), its own line and column, and the spots of its entries when it is a mapping (by
# key) or a sequence (by index). Lines and columns are the file's, 1-based.
Spot = tuple[int, int, int, int, "dict[Hashable, Spot] | list[Spot] | None"]


@dataclass
class Positions:
    """Where each value and key was written: (line, column) in the file, 1-based, by path.

    A read document holds the spots of all its values; :meth:`kept` prunes them to the
    few that later checks point at, so that a corpus does not hold every document's.
    """

    root: Spot | None = field(default=None, repr=False)

    def exact(self, path: Path, *, key: bool = False) -> tuple[int, int] | None:
        """The position of exactly ``path`` (of its key with ``key``), if it was written."""
        spot = self.root
        for step in path:  # _entry, inline: the register asks this ~10 times a meeting
            if spot is None:
                return None
            entries = spot[4]
            if isinstance(entries, dict):
                spot = entries.get(step)
            elif isinstance(entries, list) and type(step) is int and 0 <= step < len(entries):
                spot = entries[step]
            else:
                return None
        if spot is None or (key and not spot[0]):
            return None
        return (spot[0], spot[1]) if key else (spot[2], spot[3])

    def of(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The position of ``path``, or of its nearest written ancestor."""
        while path:
            found = self.exact(path, key=key)
            if found is not None:
                return found
            path, key = path[:-1], False
        return self.exact(()) or (1, 1)

    def kept(self, paths: Iterable[Path]) -> Positions:
        """Only the spots of ``paths`` (with all they hold) and of the way to them: what a
        document keeps once read. The spots are shared, not copied."""
        if self.root is None:
            return Positions()
        top: dict[Hashable, Spot] = {}
        for path in paths:
            spot, entries = self.root, top
            for depth, step in enumerate(path):
                found = _entry(spot, step)
                if found is None:
                    break
                spot = found
                if depth == len(path) - 1:
                    entries[step] = spot
                else:  # the way: the spot's place, with only the entries on kept paths
                    way = entries.setdefault(step, (*spot[:4], {}))
                    entries = cast(dict[Hashable, Spot], way[4])
        return Positions((*self.root[:4], top))


def _entry(spot: Spot, step: Hashable) -> Spot | None:
    """The spot under ``step`` of a mapping's or sequence's spot (pruned sequences are
    dicts by index)."""
    entries = spot[4]
    if isinstance(entries, dict):
        return entries.get(step)
    if isinstance(entries, list) and type(step) is int and 0 <= step < len(entries):
        return entries[step]
    return None


def load(text: str, first_line: int = 1) -> tuple[Any, Positions, list[Issue]]:
    """Parse one YAML document, written from file line ``first_line``, into plain data,
    its positions and the issues found."""
    quick = _Plain(text, first_line).read()
    if quick is not None:
        return quick[0], Positions(root=quick[1]), []
    return _load_nodes(text, first_line)


def _load_nodes(text: str, first_line: int) -> tuple[Any, Positions, list[Issue]]:
    """Any YAML: libyaml composes the nodes, :class:`_Builder` makes them data."""
    try:
        composer = _Composer(text)
        try:
            root = composer.get_single_node()
        finally:
            composer.dispose()
    except yaml.MarkedYAMLError as error:
        mark, opened = error.problem_mark or error.context_mark, error.context_mark
        line, column = (mark.line + first_line, mark.column + 1) if mark else (first_line, 1)
        hint = ""
        if opened is not None and error.context and opened.line + first_line != line:
            hint = f"{error.context.removeprefix('while ')} began at line {opened.line + first_line}"
            hint += "; is a bracket, brace or quote left open?"
        raise YamlError(Issue("yaml-syntax", error.problem or str(error), line, column, hint)) from None
    except yaml.YAMLError as error:
        raise YamlError(Issue("yaml-syntax", str(error), first_line, 1)) from None
    if root is None:
        return None, Positions(), []
    builder = _Builder(first_line)
    data, entries = builder.build(root, 0)
    return data, Positions(root=(0, 0, *builder.at(root), entries)), builder.issues


Built = tuple[Any, "dict[Hashable, Spot] | list[Spot] | None"]


class _Builder:
    """Composed nodes to plain data and their spots: refusing tags, reporting duplicate
    keys, and counting values and their characters so that aliases cannot multiply
    without bound."""

    def __init__(self, first_line: int) -> None:
        self.offset = first_line
        self.issues: list[Issue] = []
        self.count = 0
        self.chars = 0

    def at(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + self.offset, node.start_mark.column + 1

    def build(self, node: Node, depth: int) -> Built:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            raise YamlError(Issue(
                "yaml-too-large",
                f"front matter expands past {MAX_NODES:,} values or {MAX_DEPTH} levels",
                *self.at(node),
                "aliases (*name) that repeat large anchors (&name) multiply; write values out",
            ))
        if isinstance(node, ScalarNode):
            self.measure(node)
            return self.scalar(node), None
        if isinstance(node, SequenceNode):
            if node.tag != SEQ:
                return self.refuse(node), None
            items, spots = [], []
            for child in node.value:
                value, entries = self.build(child, depth + 1)
                items.append(value)
                spots.append((0, 0, *self.at(child), entries))
            return items, spots
        if isinstance(node, MappingNode):
            if node.tag != MAP:
                return self.refuse(node), None
            return self.mapping(node, depth)
        return self.refuse(node), None  # pragma: no cover - libyaml composes only the three kinds

    def mapping(self, node: MappingNode, depth: int) -> Built:
        result: dict[Any, Any] = {}
        spots: dict[Hashable, Spot] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.issues.append(Issue("invalid-value", "a key must be plain text, not a list or mapping",
                                         *self.at(key_node)))
                continue
            self.measure(key_node)
            key = key_node.value if key_node.tag in (STR, NULL) else self.refuse(key_node)
            if key in result:
                self.issues.append(Issue(
                    "yaml-duplicate-key", f"duplicate key {key!r}", *self.at(key_node),
                    f"first written at line {spots[key][0]}; keep one of the two",
                ))
                continue
            result[key], entries = self.build(value_node, depth + 1)
            spots[key] = (*self.at(key_node), *self.at(value_node), entries)
        return result, spots

    def measure(self, node: ScalarNode) -> None:
        self.chars += len(node.value)
        if self.chars > MAX_CHARS:
            raise YamlError(Issue(
                "yaml-too-large", f"front matter expands past {MAX_CHARS:,} characters of text",
                *self.at(node),
                "aliases (*name) repeat the text of their anchor (&name) each time; write values out",
            ))

    def scalar(self, node: ScalarNode) -> Any:
        if node.tag == STR:
            return node.value
        if node.tag == NULL and node.value in _NULLS:  # (``!!null text`` would lose the text)
            return None
        return self.refuse(node)

    def refuse(self, node: Node) -> Any:
        """Report a tag that is not allowed; its value is read as null."""
        self.issues.append(Issue(
            "yaml-tag", f"YAML tag {node.tag!r} is not allowed in minutes", *self.at(node),
            "remove the tag; minutes hold only text, lists and mappings, and the format "
            "decides what each text means",
        ))
        return None


class _NotPlain(Exception):
    """The text leaves the plain subset: libyaml reads it instead."""


# Characters libyaml reads as they are, less the line breaks it counts that split("\n")
# does not (NEL, LS, PS), tabs, and the BOM: anything else goes to libyaml.
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
# A line: its indent, a `- ` that opens a sequence entry, a `key` and its `: `, the rest.
# Anchored at each line's start, it matches once on every line, blank ones too.
_LINE = re.compile(r"^( *)(-(?: +|$))?(?:([A-Za-z_][A-Za-z0-9_-]*)(: +|:$))?(.*)", re.MULTILINE)
# One `key: value` of a flow mapping, up to its comma; a value without flow indicators.
_FLOW_VALUE = r"([^-?:,\[\]{}#&*!|>'\"%@` ][^:,\[\]{}#]*?) *(?:,|$)"
_FLOW_ENTRY = re.compile(r" *([A-Za-z_][A-Za-z0-9_-]*): +" + _FLOW_VALUE)
_FLOW_ITEM = re.compile(r" *" + _FLOW_VALUE)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'")
_SEQUENCE = "-"  # the key of the entry a `- ` opens; no key of the subset is spelt so

Entry = tuple[int, int, str | None, str, int]  # file line, column, key, rest, column of rest


class _Plain:
    """The YAML that minutes are written in, read line by line: block mappings and
    sequences, one-line flow mappings and sequences, plain and simply quoted scalars.

    It gives libyaml's data and spots for that subset (a property test holds it to them)
    and gives up (None) on anything else: multi-line scalars, block scalars, anchors,
    tags, escapes, comments after values, empty values, duplicate keys.
    libyaml then reads the text and reports what is wrong with it.
    """

    def __init__(self, text: str, first_line: int) -> None:
        self.text = text
        self.offset = first_line
        self.lines: list[Entry] = []

    def read(self) -> tuple[Any, Spot] | None:
        if len(self.text) > MAX_NODES or _UNUSUAL.search(self.text):  # a value at least a character
            return None
        try:
            self._split()
            if not self.lines or self.lines[0][2] in (None, _SEQUENCE):
                return None
            data, spot, end = self.mapping(0, self.lines[0][1], 0)
            # Each mapping and sequence stops at the first line it cannot take (a line
            # that continues a scalar, or an error): unless that is the end, libyaml reads.
            return (data, spot) if end == len(self.lines) else None
        except _NotPlain:
            return None

    def _split(self) -> None:
        """An entry per content line, and one more before it for a `- ` that opens it."""
        append = self.lines.append
        for number, (indent, dash, key, colon, rest) in enumerate(_LINE.findall(self.text), self.offset):
            column = len(indent) + 1
            if rest[-1:] == " ":
                rest = rest.rstrip(" ")
            if dash:
                append((number, column, _SEQUENCE, "", 0))
                column += len(dash)
            elif not key and (not rest or rest[0] == "#"):
                continue  # blank, or a comment
            if key:
                append((number, column, key, rest, column + len(key) + len(colon)))
            elif rest:
                append((number, column, None, rest, column))

    def node(self, at: int, depth: int) -> tuple[Any, Spot, int]:
        """The value whose first line is ``at``: its data, spot and the next line."""
        if depth > MAX_DEPTH:
            raise _NotPlain
        number, column, key, rest, _ = self.lines[at]
        if key == _SEQUENCE:
            return self.sequence(at, column, depth)
        if key is not None:
            return self.mapping(at, column, depth)
        value, entries = self.scalar(rest, number, column)
        return value, (0, 0, number, column, entries), at + 1

    def mapping(self, at: int, indent: int, depth: int) -> tuple[Any, Spot, int]:
        lines, end = self.lines, len(self.lines)
        result: dict[str, Any] = {}
        spots: dict[Hashable, Spot] = {}
        start = lines[at]
        while at < end and lines[at][1] == indent:  # a line indented otherwise ends it
            number, column, key, rest, rest_column = lines[at]
            if key is None or key == _SEQUENCE or key in result:
                raise _NotPlain
            at += 1
            if rest:
                value, entries = self.scalar(rest, number, rest_column)
                spots[key] = (number, column, number, rest_column, entries)
            elif at < end and (lines[at][1] > indent or lines[at][1:3] == (indent, _SEQUENCE)):
                value, inner, at = self.node(at, depth + 1)  # a block, or a sequence at the key's indent
                spots[key] = (number, column, inner[2], inner[3], inner[4])
            else:
                raise _NotPlain  # an empty value: null, at a position only libyaml knows
            result[key] = value
        return result, (0, 0, start[0], start[1], spots), at

    def sequence(self, at: int, indent: int, depth: int) -> tuple[Any, Spot, int]:
        lines, end = self.lines, len(self.lines)
        items: list[Any] = []
        spots: list[Spot] = []
        start = lines[at]
        while at < end and lines[at][1] == indent and lines[at][2] == _SEQUENCE:
            at += 1
            if at == end or lines[at][1] <= indent:
                raise _NotPlain  # an empty entry
            value, spot, at = self.node(at, depth + 1)
            items.append(value)
            spots.append(spot)
        return items, (0, 0, start[0], start[1], spots), at

    def scalar(self, text: str, line: int, column: int) -> Built:
        first = text[0]
        if first == "{":
            return self.flow_mapping(text, line, column)
        if first == "[":
            return self.flow_sequence(text, line, column)
        if first == '"':
            if len(text) < 2 or text[-1] != '"' or '"' in text[1:-1] or "\\" in text:
                raise _NotPlain
            return text[1:-1], None
        if first == "'":
            quoted = _SINGLE_QUOTED.fullmatch(text)
            if quoted is None:
                raise _NotPlain
            return quoted.group(1).replace("''", "'"), None
        if first in _INDICATORS or ": " in text or " #" in text or text[-1] == ":":
            raise _NotPlain
        return _plain(text), None

    def flow_mapping(self, text: str, line: int, column: int) -> Built:
        """A one-line `{key: value, ...}` of plain values."""
        mapping: dict[str, Any] = {}
        spots: dict[Hashable, Spot] = {}
        if text[-1] != "}":
            raise _NotPlain
        at, end = 1, len(text) - 1
        if text[1:-1].strip(" "):
            for entry in _FLOW_ENTRY.finditer(text, 1, end):
                if entry.start() != at:
                    raise _NotPlain
                key, value = entry.group(1, 2)
                if key in mapping or " #" in value:
                    raise _NotPlain
                mapping[key] = _plain(value)
                spots[key] = (line, column + entry.start(1), line, column + entry.start(2), None)
                at = entry.end()
            if at != end:  # (a comma may end the last entry, as in YAML)
                raise _NotPlain
        return mapping, spots

    def flow_sequence(self, text: str, line: int, column: int) -> Built:
        """A one-line `[value, ...]` of plain values."""
        items: list[Any] = []
        spots: list[Spot] = []
        if text[-1] != "]":
            raise _NotPlain
        at, end = 1, len(text) - 1
        if text[1:-1].strip(" "):
            for item in _FLOW_ITEM.finditer(text, 1, end):
                if item.start() != at or " #" in item.group(1):
                    raise _NotPlain
                items.append(_plain(item.group(1)))
                spots.append((0, 0, line, column + item.start(1), None))
                at = item.end()
            if at != end:  # (a comma may end the last entry, as in YAML)
                raise _NotPlain
        return items, spots


def _plain(text: str) -> str | None:
    """A plain scalar as data: text as written, or None for a null."""
    return None if text in _NULLS else text
