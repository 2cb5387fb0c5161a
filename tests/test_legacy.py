"""Actions raised before the archive starts, and action ids in any case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutes_kit.cli import main
from minutes_kit.corpus import load
from minutes_kit.register_files import render

from .test_owners import DIRECTORY, meeting

LEGACY = """\
source: Action log presented to the board on 11 March 2014
actions:
  - id: HWB-31
    text: Publish the joint strategic needs assessment.
    owner: the Head of Financial Services
    raised: 2013-11-05
    committee: Health and Wellbeing Board
    due: 2014-02
    status: in progress
    reference: minute 45/13
  - id: HWB-32
    text: Agree the pooled budget.
    owner: [Rita Patel, Sam Mills]
    raised: 2013-12-10
    committee: Health and Wellbeing Board
"""
MATTERS = "matters_arising:\n  - {action: hwb-31, status: complete, note: Published in March.}\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "minutes").mkdir()
    (tmp_path / "actions").mkdir()
    (tmp_path / "minutes" / "people.yml").write_text(DIRECTORY)
    (tmp_path / "actions" / "legacy.yml").write_text(LEGACY)
    (tmp_path / "minutes" / "2014-03-11.md").write_text(meeting("SM", extra=MATTERS))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_the_first_meeting_updates_a_legacy_action(repo: Path) -> None:
    result = cli("check", "--strict")
    assert result.exit_code == 0, result.output
    assert "checked 2 files" in result.output  # the minutes and legacy.yml
    life = load().register.find("HWB-31")
    assert life is not None and life.status == "done" and life.raised.isoformat() == "2013-11-05"
    assert [(e.said_by, e.status) for e in life.history] == [
        ("Action log presented to the board on 11 March 2014", "in progress"),
        ("Health and Wellbeing Board, 11 March 2014", "done")]
    assert life.history[0].source.endswith("actions/legacy.yml") and life.history[0].line == 3
    joint = load().register.find("hwb-32")
    assert joint is not None and [o.id for o in joint.owners] == ["rita-patel", "sam-mills"]


def test_legacy_actions_in_listings_and_the_register(repo: Path) -> None:
    listed = cli("actions", "--owner", "Rita Patel", "--format", "json", "--as-of", "2014-03-12")
    [action] = json.loads(listed.output)["actions"]
    assert action["id"] == "HWB-32" and action["item_title"].startswith("Action log presented")
    assert action["raised"] == "2013-12-10"
    before = cli("actions", "--status", "all", "--as-of", "2013-12-01", "--format", "csv").output
    assert "HWB-31" in before and "HWB-32" not in before
    page = render(load().register)["people/the-head-of-financial-services.md"]
    assert ("- 5 November 2013, Action log presented to the board on 11 March 2014: in progress; "
            "due February 2014") in page
    assert "- Health and Wellbeing Board, 11 March 2014: done; Published in March." in page


def test_the_next_meeting_carries_open_legacy_actions(repo: Path) -> None:
    result = cli("new", "health-and-wellbeing-board", "--date", "2014-04-08")
    assert result.exit_code == 0, result.output
    text = (repo / "minutes" / "2014-04-08.md").read_text()
    assert "  - action: HWB-32  # Agree the pooled budget. (Rita Patel, Sam Mills)" in text
    assert "HWB-31" not in text  # done


@pytest.mark.parametrize(("change", "line", "column", "code", "words"), [
    (("    status: in progress\n", "    status: closed\n"), 9, 13, "invalid-value", "done or dropped"),
    (("    raised: 2013-11-05\n", "    raised: November 2013\n"), 6, 13, "invalid-value", "YYYY-MM-DD"),
    (("    raised: 2013-11-05\n", ""), 3, 5, "missing-key", "raised"),
    (("owner: the Head of Financial Services", "owner: HFS"), 5, 12, "unknown-person", "'HFS'"),
    (("  - id: HWB-32", "  - id: hwb-31"), 11, 9, "duplicate-action-id", "as 'HWB-31'"),
    (("    reference: minute 45/13\n", "    minute: 45/13\n"), 10, 5, "unknown-key", "minute"),
    (("source: Action log presented to the board on 11 March 2014\n", ""), 1, 1, "missing-key", "source"),
])
def test_legacy_file_problems_are_located(repo: Path, change: tuple[str, str], line: int, column: int,
                                          code: str, words: str) -> None:
    legacy = repo / "actions" / "legacy.yml"
    assert change[0] in LEGACY
    legacy.write_text(LEGACY.replace(*change))
    result = cli("check", "--format", "json")
    assert result.exit_code == 1
    problems = [p for p in json.loads(result.output)["problems"] if p["file"].endswith("legacy.yml")]
    assert (problems[0]["line"], problems[0]["column"], problems[0]["code"]) == (line, column, code)
    assert words in problems[0]["message"] + problems[0]["hint"]


def test_an_id_in_the_minutes_may_not_repeat_a_legacy_id(repo: Path) -> None:
    (repo / "minutes" / "2014-03-11.md").write_text(meeting("SM", action_id="Hwb-32"))
    [problem] = load().problems
    assert problem.code == "duplicate-action-id" and problem.path.endswith("2014-03-11.md")
    assert "as 'HWB-32' (ids are the same in any case)" in problem.message


ID = "hwb-2014-03-11-1"


def later(repo: Path, extra: str) -> None:
    """A second meeting, with ``extra`` front matter."""
    (repo / "minutes" / "2014-04-08.md").write_text(
        meeting("SM", day="2014-04-08", action_id="hwb-2014-04-08-1", extra=extra))


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.booleans(), min_size=len(ID), max_size=len(ID)))
def test_updates_name_an_action_in_any_case(repo: Path, upper: list[bool]) -> None:
    spelt = "".join(c.upper() if up else c for c, up in zip(ID, upper, strict=True))
    later(repo, f"matters_arising:\n  - {{action: {spelt}, status: done}}\n")
    assert load().problems == []
    life = load().register.find(ID.upper())
    assert life is not None and life.id == ID and life.status == "done"


def test_unknown_ids_get_close_matches_in_any_case(repo: Path) -> None:
    later(repo, "matters_arising:\n  - {action: HWB-2014-03-11-7}\n")
    [problem] = load().problems
    assert problem.code == "unknown-action"
    assert problem.hint.startswith(f"did you mean {ID}?")
    result = cli("action", "update", "HWB-2014-03-11-9", "--note", "x", "--date", "2014-04-09")
    assert result.exit_code == 1 and f"did you mean {ID}" in result.output


def test_action_update_takes_an_id_in_any_case_and_writes_it_as_raised(repo: Path) -> None:
    result = cli("action", "update", "HWB-2014-03-11-1", "--status", "In-Progress", "--date", "2014-04-09")
    assert result.exit_code == 0, result.output
    written = repo / "actions" / "updates" / f"2014-04-09-{ID}.yml"
    assert written.read_text() == f"action: {ID}\ndate: 2014-04-09\nstatus: in progress\n"
    assert cli("check", "--strict").exit_code == 0


def test_ids_differing_only_in_case_are_duplicates(repo: Path) -> None:
    (repo / "minutes" / "2014-04-08.md").write_text(meeting("SM", day="2014-04-08", action_id=ID.upper()))
    result = cli("check")
    assert result.exit_code == 1
    assert (f"2014-04-08.md:12:13: error duplicate-action-id: action id {ID.upper()!r} "
            "is already used") in result.output
