"""A draft meeting as the import builds it: the front matter as plain data, the narrative,
the exempt part, and what the clerk must fill in (each marker with its source line)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..markers import marker


@dataclass(frozen=True)
class Need:
    """A value the import could not find: the draft field and the source line to look at."""

    field: str
    what: str
    line: int


@dataclass(frozen=True)
class Earlier:
    """An action raised by an earlier meeting, which later matters arising may update."""

    id: str
    committee: str
    minute: str
    part: str | None
    text: str


@dataclass
class Draft:
    """One meeting read from one source."""

    source: str
    front: dict[str, Any] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)
    exempt_items: list[dict[str, Any]] = field(default_factory=list)
    exempt_body: list[str] = field(default_factory=list)
    legacy: list[dict[str, Any]] = field(default_factory=list)
    needs: list[Need] = field(default_factory=list)
    day: date | None = None

    def mark(self, path: str, what: str, line: int) -> str:
        """The marker for ``what`` at ``path`` of the draft, recorded for the summary."""
        self.needs.append(Need(path, what, line))
        return marker(what, f"{self.source} line {line}")

    @property
    def committee(self) -> str:
        return str(self.front.get("committee", ""))

    def raised(self) -> list[Earlier]:
        """The actions this meeting raises, public and exempt, for later meetings to update."""
        found = []
        for item in [*self.front.get("items", []), *self.exempt_items]:
            for action in item.get("actions", []):
                found.append(Earlier(action["id"], self.committee, item["id"], None, action["text"]))
            for decision in item.get("decisions", []):
                for part in decision.get("parts", []):
                    if "action" in part:
                        found.append(
                            Earlier(
                                part["action"]["id"],
                                self.committee,
                                item["id"],
                                part["label"],
                                part["text"],
                            )
                        )
        return found
