"""What an import tells the clerk for each source: what it found (counts and the key
values), what needs the clerk (each marker, with its draft field and source line), and
which files it wrote or left alone."""

from __future__ import annotations

from typing import Any

from ..markers import is_marker
from .batch import Outcome


def summary(outcome: Outcome) -> list[str]:
    if outcome.error is not None:
        return [f"{outcome.source}: not imported: {outcome.error}"]
    draft = outcome.draft
    assert draft is not None
    front = draft.front
    lines = [f"{outcome.source}: {_value(front.get('committee'))}, {_value(front.get('date'))}"]
    when = f"{_value(front.get('start'))} to {_value(front.get('end'))}"
    lines.append(f"  found: {when}" + (f", {front['venue']}" if front.get("venue") else ""))
    groups = [
        (key, len(front.get(key, []))) for key in ("attendees", "in_attendance", "substitutes", "apologies")
    ]
    lines.append("  people: " + ", ".join(f"{n} {key.replace('_', ' ')}" for key, n in groups if n))
    items: list[dict[str, Any]] = front.get("items", [])
    exempt = [i["id"] for i in items if i.get("exempt")]
    records = [i for i in items if not i.get("exempt")] + draft.exempt_items
    decisions = [d for i in records for d in i.get("decisions", [])]
    counts = {
        "minutes": len(items),
        "resolutions": len(decisions),
        "votes": sum(1 for d in decisions if "vote" in d),
        "actions": sum(
            len(i.get("actions", []))
            + sum(1 for d in i.get("decisions", []) for p in d.get("parts", []) if "action" in p)
            for i in records
        ),
        "updates": len(front.get("matters_arising", [])),
        "measures": sum(len(i.get("measures", [])) for i in records),
        "declarations": len(front.get("declarations", [])),
    }
    lines.append(
        "  "
        + ", ".join(f"{n} {what}" for what, n in counts.items())
        + (f" ({', '.join(exempt)} exempt)" if exempt else "")
    )
    lines.append(f"  action ids: {outcome.scheme}")
    if draft.needs:
        lines.append(f"  needs the clerk ({len(draft.needs)}):")
        lines += [f"    {need.field}: {need.what} (line {need.line})" for need in draft.needs]
    else:
        lines.append("  needs the clerk: nothing")
    lines += [f"  wrote {path}" for path in outcome.written]
    lines += [
        f"  skipped {path}: it exists already (imported before?); it was left as it was"
        for path in outcome.skipped
    ]
    return lines


def _value(value: object) -> str:
    return "?" if value is None or is_marker(value) else str(value)
