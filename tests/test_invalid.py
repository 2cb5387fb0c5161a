"""Every problem code has a bad example in tests/invalid, reported at the expected place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from minutes_kit.cli import main
from minutes_kit.corpus import Layout, load
from minutes_kit.problems import CODES, Problem

from .conftest import INVALID


def _expected() -> list[tuple[str, int, int, str]]:
    rows = []
    for line in (INVALID / "expected.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, position, code = line.split()
            row, column = map(int, position.split(":"))
            rows.append((name, row, column, code))
    return rows


EXPECTED = _expected()


def test_every_code_has_an_example() -> None:
    assert {code for *_, code in EXPECTED} == set(CODES)


def test_every_example_is_listed() -> None:
    listed = {name.split("/")[0] for name, *_ in EXPECTED}
    assert {p.name for p in INVALID.iterdir() if p.name != "expected.txt"} == listed


def _load(name: str) -> list[Problem]:
    """A file alone, or the whole repository layout when the example is a folder."""
    folder = INVALID / name.split("/")[0]
    if folder.is_dir():
        return load(layout=Layout(folder), exempt=True).problems
    return load([INVALID / name], layout=Layout(INVALID / "no-such-repository")).problems


@pytest.mark.parametrize(("name", "line", "column", "code"), EXPECTED, ids=[r[0] for r in EXPECTED])
def test_example_reports_its_code_where_expected(name: str, line: int, column: int, code: str) -> None:
    problems = _load(name)
    assert {Path(p.path) for p in problems} == {INVALID / name}
    assert [(p.line, p.column, p.code) for p in problems if p.code == code][:1] == [(line, column, code)]
    assert {p.code for p in problems} == {code}


SINGLE = [row for row in EXPECTED if "/" not in row[0]]


@pytest.mark.parametrize(("name", "line", "column", "code"), SINGLE, ids=[r[0] for r in SINGLE])
def test_example_through_the_cli(name: str, line: int, column: int, code: str) -> None:
    result = CliRunner().invoke(main, ["check", "--format", "json", str(INVALID / name)])
    assert result.exit_code == (2 if code == "read-error" else 1 if CODES[code].severity == "error" else 0)
    report = json.loads(result.output)
    first = report["problems"][0]
    assert (first["line"], first["column"], first["code"]) == (line, column, code)
    assert first["file"].endswith(name)
    assert set(first) >= {"file", "line", "column", "code", "severity", "message", "hint"}
