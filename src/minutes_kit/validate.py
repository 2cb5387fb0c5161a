"""Validate front matter against the models and turn pydantic's errors into problems.

Each error is placed on the YAML line of the value (or, for an unknown key, of the key;
for a missing key, of the mapping that lacks it), and its hint comes from the model:
the close matches for a misspelt key, the field's description for a bad value.
"""

from __future__ import annotations

import copy
import difflib
import re
import types
import typing
from typing import Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .reader import Source
from .values import FORMS

_KEY = re.compile(r"[a-z_]+")  # how every key of the format is spelt

M = TypeVar("M", bound=BaseModel)


def validate(source: Source, model: type[M]) -> M | None:
    """The model for ``source.data``, or None with the problems recorded on ``source``."""
    try:
        return model.model_validate(source.data)
    except ValidationError as error:
        seen = {(p.line, p.column) for p in source.problems}
        for detail in error.errors(include_url=False):
            loc = tuple(detail["loc"])
            code, message, hint, (line, column) = _describe(model, loc, detail, source)
            if (line, column) not in seen:  # the YAML layer already said what is wrong here
                source.problem(code, line, column, message, hint)
        return None


def _describe(model: type[BaseModel], loc: tuple[Any, ...], detail: Any,
              source: Source) -> tuple[str, str, str, tuple[int, int]]:
    kind = detail["type"]
    owner, field = field_at(model, loc[:-1]), loc[-1] if loc else None
    where = ".".join(str(part) for part in loc) or "front matter"
    if kind == "extra_forbidden":
        known = _keys(owner) if owner else []
        hint = _unknown_key_hint(str(field), known, owner)
        return ("unknown-key", f"unknown key {field!r} in {_name(loc[:-1])}", hint,
                source.positions.of(loc, key=True))
    if kind == "missing":
        description = _description(owner, field)
        hint = f"add `{field}:` ({description})" if description else f"add `{field}:`"
        return ("missing-key", f"missing key {field!r} in {_name(loc[:-1])}", hint,
                source.positions.of(loc[:-1]))
    description = _description(owner, field)
    message = detail["msg"]
    if kind == "string_pattern_mismatch":  # the words for the pattern, never the pattern
        wanted = FORMS.get(detail.get("ctx", {}).get("pattern", ""), "written as this key expects")
        message = f"{detail['input']!r} is not {wanted}"
    return ("invalid-value", f"{where}: {message}", description, source.positions.of(loc))


def _name(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc) if loc else "the front matter"


def _keys(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _unknown_key_hint(key: str, known: list[str], owner: type[BaseModel] | None) -> str:
    if owner is not None and key in owner.model_computed_fields:
        return f"{key!r} is computed from the other values; remove it"
    close = difflib.get_close_matches(key.lower(), known, n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(repr(c) for c in close) + "?"
    if not _KEY.fullmatch(key):  # text a comma or colon split off a value, as in {name: A, B}
        return ('this looks like text, not a key: put text with a comma or colon in quotes: '
                'name: "Health and Housing, Cllr"; known keys here: ' + ", ".join(known))
    return "known keys here: " + ", ".join(known)


def _description(model: type[BaseModel] | None, field: Any) -> str:
    if model is None or not isinstance(field, str):
        return ""
    for name, info in model.model_fields.items():
        if field in (name, info.alias):
            return info.description or ""
    return ""


def field_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that holds the value at ``loc``, walking field annotations."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            current = _element(current)
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = next((i for n, i in current.model_fields.items() if part in (n, i.alias)), None)
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """Strip Optional and Annotated: ``list[Action] | None`` is a ``list[Action]``."""
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        options = [a for a in get_args(annotation) if a is not type(None)]
        return _unwrap(options[0]) if len(options) == 1 else annotation
    return annotation


def _element(annotation: Any) -> Any:
    args = get_args(annotation)
    return _unwrap(args[-1]) if args else None


Path = tuple[Any, ...]
_GONE = object()  # marks a list entry left out, until the list is compacted


def salvage(data: Any, model: type[M], rounds: int = 8) -> tuple[M, list[Path]] | None:
    """What :func:`validate` refused, read again without the refused values (and the
    entries that cannot stand without them), so that the checks within the file can run
    in the same pass: the model and the paths left out, or None when what is left is not
    a ``model`` (a required key of the front matter itself was refused). ``data`` is not
    changed."""
    data = copy.deepcopy(data)
    removed: list[Path] = []
    for _ in range(rounds):
        try:
            return model.model_validate(data), removed
        except ValidationError as error:
            paths = {_refused(data, tuple(d["loc"]), d["type"]) for d in error.errors(include_url=False)}
            if () in paths:
                return None
            lists: list[list[Any]] = []
            for path in paths:
                _leave_out(data, path, lists)
            for entries in lists:
                entries[:] = [entry for entry in entries if entry is not _GONE]
            removed += paths
    return None


def _refused(data: Any, loc: Path, kind: str) -> Path:
    """The path of what to leave out for one error: the value refused, as far as it is in
    the data (a location may end in a union's or a key's tag), or the mapping a required
    key is missing from."""
    if kind == "missing":
        loc = loc[:-1]
    path: Path = ()
    for step in loc:
        if (isinstance(data, dict) and step in data) or (
                isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data)):
            data, path = data[step], (*path, step)
        else:
            break
    return path


def _leave_out(data: Any, path: Path, lists: list[list[Any]]) -> None:
    for step in path[:-1]:
        data = data[step]
        if data is _GONE:  # already left out with its container
            return
    if isinstance(data, dict):
        data.pop(path[-1], None)
    else:
        data[path[-1]] = _GONE
        lists.append(data)
