"""Safe YAML with source positions: every value remembers where it was written.

PyYAML's loaders forget positions, keep the last of two duplicate keys and expand
aliases without limit. Here libyaml (when present) only composes the node graph; the
small constructor below turns it into plain data, recording the line and column of each
key and value, refusing unknown tags, reporting duplicate keys and stopping alias bombs.

Scalars follow YAML 1.2's core schema, not PyYAML's 1.1: ``no`` and ``NO`` (initials!)
stay text, and ``10:00`` is a time of day, not the sexagesimal integer 600.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
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

Path = tuple[Hashable, ...]

_T = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, SEQ, MAP = (
    _T + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)


class _CoreResolver(BaseResolver):
    """YAML 1.2 core schema, plus dates (the timestamp type) because minutes are full of them."""


for _tag, _pattern, _first in [
    (BOOL, r"true|True|TRUE|false|False|FALSE", "tTfF"),
    (INT, r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
    (FLOAT, r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)", "-+0123456789."),
    (NULL, r"~|null|Null|NULL|", ["~", "n", "N", ""]),
    (TIMESTAMP, r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
     r"(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
     r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?", "0123456789"),
]:
    _CoreResolver.add_implicit_resolver(_tag, re.compile(f"^(?:{_pattern})$"), list(_first))


_PLAIN = {first: [(tag, regex) for tag, regex in resolvers]
          for first, resolvers in _CoreResolver.yaml_implicit_resolvers.items()}


@lru_cache(maxsize=4096)
def _resolve(kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
    """The tag of a node without one: plain scalars go straight to the patterns for
    their first character. Keys and many values repeat from file to file, so most
    calls are answered by the cache, without entering Python at all."""
    if kind is ScalarNode:
        if implicit[0]:
            for tag, regex in _PLAIN.get(value[:1], ()):
                if regex.match(value):
                    return str(tag)
        return STR
    return SEQ if kind is SequenceNode else MAP


class _Composer(_Parser, _CoreResolver):
    """libyaml composes, calling back into Python three times for each node: these
    callbacks are the hot path of reading minutes, so each is C code. PyYAML's path
    resolvers are unused here, and builtins that return at once stand in for them."""

    def __init__(self, text: str) -> None:
        _Parser.__init__(self, text)
        _CoreResolver.__init__(self)

    descend_resolver = staticmethod(slice)  # type: ignore[assignment]  # (parent, index) -> ignored
    ascend_resolver = staticmethod(tuple)  # type: ignore[assignment]  # () -> ignored
    resolve = staticmethod(_resolve)


_timestamps = SafeConstructor()


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


@dataclass
class Positions:
    """Where each value and key was written: (line, column) in the file, 1-based, by path.

    Positions are found in the composed node tree when asked for, not recorded for
    every value as it is read: a file is read in full but only a few positions are ever
    asked for (those of its problems, and those :meth:`kept` for later checks).
    """

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    root: Node | None = field(default=None, repr=False, compare=False)
    first_line: int = 1

    def exact(self, path: Path, *, key: bool = False) -> tuple[int, int] | None:
        """The position of exactly ``path`` (of its key with ``key``), if it was written."""
        table = self.keys if key else self.values
        if path in table or self.root is None:
            return table.get(path)
        node, key_node = self._find(path)
        found = key_node if key else node
        if found is None:
            return None
        table[path] = here = self._at(found)
        return here

    def of(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The position of ``path``, or of its nearest written ancestor."""
        while path:
            found = self.exact(path, key=key)
            if found is not None:
                return found
            path, key = path[:-1], False
        return self.exact(()) or (1, 1)

    def kept(self, paths: Iterable[Path]) -> Positions:
        """Only the positions of ``paths`` and their fields, without the node tree: what
        a document keeps once read."""
        kept = Positions(first_line=self.first_line)
        found: dict[Path, tuple[Node | None, Node | None]] = {}
        for path in paths:
            node, key_node = self._find(path, found)
            if node is None:
                continue
            kept.values[path] = self._at(node)
            if key_node is not None:
                kept.keys[path] = self._at(key_node)
            if isinstance(node, MappingNode):
                for key_node, value_node in node.value:
                    if isinstance(key_node, ScalarNode):
                        where = (*path, key_node.value if key_node.tag == STR else _key(key_node))
                        kept.keys.setdefault(where, self._at(key_node))
                        kept.values.setdefault(where, self._at(value_node))
        return kept

    def _find(self, path: Path, found: dict[Path, tuple[Node | None, Node | None]] | None = None
              ) -> tuple[Node | None, Node | None]:
        """The node at ``path`` and the key node it is written under; ``found`` caches
        the nodes of parent paths across calls (siblings share all but the last step)."""
        if not path:
            return self.root, None
        if found is not None and path in found:
            return found[path]
        parent, _ = self._find(path[:-1], found)
        result = _child(parent, path[-1]) if parent is not None else (None, None)
        if found is not None:
            found[path] = result
        return result

    def _at(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + self.first_line, node.start_mark.column + 1


def _key(node: ScalarNode) -> Any:
    return node.value if node.tag == STR else _Builder(1).scalar(node)


def _child(node: Node | None, step: Hashable) -> tuple[Node | None, Node | None]:
    """The value node under ``step`` of a mapping or sequence node, and its key node;
    the first of duplicate keys, as the data keeps it."""
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if key_node.tag == STR:  # the usual key: text, compared without converting
                if key_node.value == step:
                    return value_node, key_node
            elif isinstance(key_node, ScalarNode) and _key(key_node) == step:
                return value_node, key_node
    elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return node.value[step], None
    return None, None


def load(text: str, first_line: int = 1) -> tuple[Any, Positions, list[Issue]]:
    """Parse one YAML document, written from file line ``first_line``, into plain data,
    its positions and the issues found."""
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
    builder = _Builder(first_line)
    data = builder.build(root, 0) if root is not None else None
    return data, Positions(root=root, first_line=first_line), builder.issues


class _Builder:
    """Composed nodes to plain data: refusing tags, reporting duplicate keys, and
    counting values so that aliases cannot multiply without bound."""

    def __init__(self, first_line: int) -> None:
        self.offset = first_line
        self.issues: list[Issue] = []
        self.count = 0

    def at(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + self.offset, node.start_mark.column + 1

    def build(self, node: Node, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            raise YamlError(Issue(
                "yaml-too-large",
                f"front matter expands past {MAX_NODES:,} values or {MAX_DEPTH} levels",
                *self.at(node),
                "aliases (*name) that repeat large anchors (&name) multiply; write values out",
            ))
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag != SEQ:
                return self.refuse(node)
            return [self.build(child, depth + 1) for child in node.value]
        if isinstance(node, MappingNode):
            if node.tag != MAP:
                return self.refuse(node)
            return self.mapping(node, depth)
        return self.refuse(node)  # pragma: no cover - libyaml composes only the three kinds

    def mapping(self, node: MappingNode, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.issues.append(Issue("invalid-value", "a key must be plain text, not a list or mapping",
                                         *self.at(key_node)))
                continue
            key = key_node.value if key_node.tag == STR else self.scalar(key_node)
            if key in result:
                first = next(k for k, _ in node.value if isinstance(k, ScalarNode) and _key(k) == key)
                self.issues.append(Issue(
                    "yaml-duplicate-key", f"duplicate key {key!r}", *self.at(key_node),
                    f"first written at line {self.at(first)[0]}; keep one of the two",
                ))
                continue
            if value_node.tag == STR and self.count < MAX_NODES:  # the common case, inline
                self.count += 1
                result[key] = value_node.value
            else:
                result[key] = self.build(value_node, depth + 1)
        return result

    def scalar(self, node: ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag == STR:
            return value
        if tag == INT:
            return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
        if tag == FLOAT:
            lowered = value.lower()
            if lowered.endswith((".inf", ".nan")):
                return float(lowered.replace(".", ""))
            return float(value)
        if tag == BOOL:
            return value.lower() == "true"
        if tag == NULL:
            return None
        if tag == TIMESTAMP:
            try:
                return _timestamps.construct_yaml_timestamp(node)
            except ValueError as error:
                self.issues.append(
                    Issue("invalid-value", f"{value!r} is not a real date: {error}", *self.at(node))
                )
                return value
        return self.refuse(node)

    def refuse(self, node: Node) -> None:
        self.issues.append(Issue(
            "yaml-tag", f"YAML tag {node.tag!r} is not allowed in minutes", *self.at(node),
            "remove the tag; minutes hold only text, numbers, dates, lists and mappings",
        ))
        return None
