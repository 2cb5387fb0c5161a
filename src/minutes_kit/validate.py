"""Validate front matter against the models and turn pydantic's errors into problems.

Each error is placed on the YAML line of the value (or, for an unknown key, of the key;
for a missing key, of the mapping that lacks it), and its hint comes from the model:
the close matches for a misspelt key, the field's description for a bad value.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .reader import Source

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
    return ("invalid-value", f"{where}: {detail['msg']}", description,
            source.positions.of(loc))


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
