from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "minutes"
INVALID = Path(__file__).resolve().parent / "invalid"

VALID = """---
organisation: Example Council
committee: Planning Committee
date: 2024-03-05
start: "18:00"
end: "19:00"
attendees:
  - {initials: AB, name: Ann Brown, role: chair}
  - {initials: CD, name: Carl Dean}
items:
  - id: a
    title: Planning applications
    actions:
      - id: pc-2024-03-05-1
        text: Write to the applicant.
        owner: CD
        due: 2024-04
---

## a) Planning applications

AB opened the item.
"""


@pytest.fixture
def write(tmp_path: Path):
    """Write a minutes file into a temporary folder and return its path."""

    def _write(text: str | bytes, name: str = "planning-2024-03-05.md") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return _write
