"""The action register end to end: actions, action update, register, new."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from minutes_kit import files as files_module
from minutes_kit.cli import main
from minutes_kit.corpus import Layout, load
from minutes_kit.register_files import render

from .conftest import ROOT


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example repository, as the current folder."""
    for name in ("minutes", "exempt", "actions"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def ids(output: str) -> list[str]:
    return [line.split()[0] for line in output.splitlines()[1:] if line and not line.startswith(" ")]


def test_open_actions_of_an_owner_by_initials_name_or_id(repo: Path) -> None:
    expected = ["cpb-2012-07-10-1", "cyp-2012-02-24-4"]
    for who in ("JJ", "jj", "Jacqui Jensen", "jacqui-jensen", "Jackie Jensen", "jacqui"):
        result = cli("actions", "--owner", who, "--as-of", "2012-10-01")
        assert result.exit_code == 0, result.output
        assert ids(result.output) == expected, who


def test_overdue_as_of_a_date(repo: Path) -> None:
    result = cli("actions", "--overdue", "--as-of", "2012-10-01")
    assert ids(result.output) == ["cyp-2012-02-24-5", "cpb-2012-07-10-1", "cyp-2012-02-24-7"]
    later = cli("actions", "--overdue", "--as-of", "2012-10-20")
    assert ids(later.output) == ["cyp-2012-02-24-5"]  # the others were updated in October


def test_window_due_dates_fall_due_after_their_last_day(repo: Path) -> None:
    on_last_day = cli("actions", "--overdue", "--as-of", "2012-09-30", "--owner", "MB")
    assert ids(on_last_day.output) == []
    day_after = cli("actions", "--overdue", "--as-of", "2012-10-01", "--owner", "MB")
    assert ids(day_after.output) == ["cyp-2012-02-24-7"]


def test_history_follows_reassignment_and_updates(repo: Path) -> None:
    register = load().register
    life = register.actions["cyp-2012-02-24-5"]
    assert [[o.id for o in e.owners] for e in life.history] == [["mark-barratt"], ["heather-greenan"]]
    assert [o.id for o in life.owners] == ["heather-greenan"] and life.status == "open"
    six = register.actions["cyp-2012-02-24-6"]
    assert [(e.date.isoformat(), e.status) for e in six.history] == [
        ("2012-02-24", "open"), ("2012-05-25", "in progress"), ("2012-09-14", "done")]
    assert six.closed == date(2012, 9, 14)


def test_further_reviews_are_dated_follow_ups(repo: Path) -> None:
    reviews = load().register.follow_ups
    assert [(f.item, str(f.due), f.held) for f in reviews] == [
        ("a", "2012-08/2012-09", date(2012, 9, 14)),
        ("b", "2012-08/2012-09", date(2012, 9, 14)),
        ("c", "2013-01", None),
    ]


def test_status_filters_and_committee(repo: Path) -> None:
    closed = cli("actions", "--status", "closed", "--committee", "corporate")
    assert ids(closed.output) == ["cpb-2012-07-10-1"]
    due = cli("actions", "--status", "all", "--due-before", "2012-05-01")
    assert ids(due.output) == ["CYP-11", "cyp-2012-02-24-2"]  # CYP-11 from actions/legacy.yml


def test_exempt_actions_only_on_request(repo: Path) -> None:
    assert "cpb-2012-07-10-2" not in cli("actions", "--status", "all").output
    assert "cpb-2012-07-10-2" in cli("actions", "--status", "all", "--include-exempt").output


def test_unknown_owner_lists_close_matches(repo: Path) -> None:
    result = cli("actions", "--owner", "JK")
    assert result.exit_code == 2
    assert "nobody in the minutes is 'JK'" in result.output
    assert "Jacqui Jensen" in result.output


def test_ambiguous_initials_are_refused(repo: Path) -> None:
    path = repo / "minutes" / "corporate-parenting-board" / "2012-07-10.md"
    path.write_text(path.read_text().replace("{initials: PK, name: Paul Kettle",
                                             "{initials: JJ, name: John James"))
    result = cli("actions", "--owner", "JJ")
    assert result.exit_code == 2
    assert "could mean" in result.output and "Jacqui Jensen" in result.output
    assert "John James" in result.output


def test_table_fits_80_columns(repo: Path) -> None:
    output = cli("actions", "--status", "all", "--as-of", "2012-10-01").output
    assert max(map(len, output.splitlines())) <= 80
    assert "Family Group" in output  # wrapped, not cut


def test_csv_json_markdown_ics(repo: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(cli("actions", "--format", "csv", "--status", "all").output)))
    assert len(rows) == 13 and rows[0]["id"] and rows[0]["owner_name"]
    data = json.loads(cli("actions", "--format", "json", "--owner", "HG").output)
    assert [a["id"] for a in data["actions"]] == ["cyp-2012-02-24-5"]
    assert data["actions"][0]["history"][1]["owner"] == "heather-greenan"
    table = cli("actions", "--format", "markdown", "--owner", "HG").output
    assert table.startswith("| id | action |") and "`cyp-2012-02-24-5`" in table
    ics = cli("actions", "--format", "ics", "--status", "all").stdout_bytes.decode()
    lines = ics.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert ics.count("BEGIN:VEVENT") == 13
    assert "DTSTART;VALUE=DATE:20120930" in ics
    assert all(len(line.encode()) <= 75 for line in lines)


def test_action_update_writes_a_new_validated_file(repo: Path) -> None:
    result = cli("action", "update", "cyp-2012-02-24-4", "--status", "done", "--note", "MST team live.",
                 "--date", "2012-11-20", "--by", "JJ")
    assert result.exit_code == 0, result.output
    written = repo / "actions" / "updates" / "2012-11-20-cyp-2012-02-24-4.yml"
    assert written.read_text() == ("action: cyp-2012-02-24-4\ndate: 2012-11-20\nby: JJ\n"
                                   "status: done\nnote: MST team live.\n")
    assert cli("check", "--strict").exit_code == 0
    again = cli("action", "update", "cyp-2012-02-24-4", "--note", "More.", "--date", "2012-11-21")
    assert again.exit_code == 1 and "was closed (done)" in again.output


def test_two_updates_on_one_day_both_kept(repo: Path) -> None:
    for note in ("First.", "Second."):
        result = cli("action", "update", "cyp-2012-09-14-1", "--note", note, "--date", "2012-12-01")
        assert result.exit_code == 0
    folder = repo / "actions" / "updates"
    assert (folder / "2012-12-01-cyp-2012-09-14-1.yml").read_text().endswith("note: First.\n")
    assert (folder / "2012-12-01-cyp-2012-09-14-1-2.yml").read_text().endswith("note: Second.\n")


@pytest.mark.parametrize(("args", "message"), [
    (["nope-1", "--note", "x"], "there is no action 'nope-1'"),
    (["cyp-2012-02-24-2", "--note", "x"], "was closed (done)"),
    (["cyp-2012-09-14-1"], "say what changed"),
    (["cyp-2012-09-14-1", "--due", "soonish"], "--due 'soonish'"),
    (["cyp-2012-09-14-1", "--owner", "ZZ"], "nobody in the minutes is 'ZZ'"),
    (["cyp-2012-09-14-1", "--note", "x", "--date", "2012-01-01"], "was raised on 2012-09-14"),
])
def test_action_update_refusals(repo: Path, args: list[str], message: str) -> None:
    before = sorted((repo / "actions" / "updates").iterdir())
    result = cli("action", "update", *args)
    assert result.exit_code == 1
    assert message in result.output
    assert sorted((repo / "actions" / "updates").iterdir()) == before


def test_update_files_are_checked_like_minutes(repo: Path) -> None:
    (repo / "actions" / "updates" / "2012-12-01-x.yml").write_text(
        "action: cyp-2012-09-14-1\ndate: 2012-12-01\nstatus: finished\n")
    result = cli("check")
    assert result.exit_code == 1
    assert "actions/updates/2012-12-01-x.yml:3:9: error invalid-value" in result.output


def test_register_is_deterministic(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    first = render(load().register)
    second = render(load().register)
    assert first == second
    assert cli("register").exit_code == 0
    snapshot = {p: p.read_bytes() for p in (repo / "actions").rglob("*") if p.is_file()}
    assert cli("register").output.startswith("wrote 0 of")
    assert {p: p.read_bytes() for p in (repo / "actions").rglob("*") if p.is_file()} == snapshot


def test_committed_register_is_current() -> None:
    committed = render(load(layout=Layout(ROOT)).register)
    for name, text in committed.items():
        assert (ROOT / "actions" / name).read_bytes() == text.encode(), f"actions/{name} is stale"


def test_register_check_on_a_stale_register(repo: Path) -> None:
    assert cli("register", "--check").exit_code == 0
    cli("action", "update", "cyp-2012-09-14-1", "--status", "done", "--date", "2012-12-01")
    stale = cli("register", "--check")
    assert stale.exit_code == 1
    assert "stale: actions/index.md" in stale.output
    assert cli("register").exit_code == 0
    assert cli("register", "--check").exit_code == 0


def test_register_removes_pages_no_longer_generated_and_keeps_others(repo: Path) -> None:
    orphan = repo / "actions" / "people" / "someone-gone.md"
    orphan.write_text((repo / "actions" / "people" / "mark-barratt.md").read_text())
    mine = repo / "actions" / "notes.md"
    mine.write_text("# Notes kept by the clerk\n")
    assert "stale: actions/people/someone-gone.md" in cli("register", "--check").output
    cli("register")
    assert not orphan.exists() and mine.read_text() == "# Notes kept by the clerk\n"


def test_register_never_overwrites_a_file_a_person_wrote(repo: Path) -> None:
    index = repo / "actions" / "overdue.md"
    index.write_text("# My own overdue list\n")
    result = cli("register")
    assert result.exit_code == 1 and "not generated by minutes-kit" in result.output
    assert index.read_text() == "# My own overdue list\n"


def test_register_refuses_invalid_minutes(repo: Path) -> None:
    path = repo / "minutes" / "cyp-performance-surgery" / "2012-05-25.md"
    path.write_text(path.read_text().replace("owner: HG", "owner: QQ"))
    result = cli("register")
    assert result.exit_code == 1 and "unknown-person" in result.output


def test_interrupted_write_leaves_the_previous_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = repo / "actions" / "index.md"
    before = target.read_bytes()

    def crash(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(files_module.os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        files_module.write_atomic(target, "half")
    assert target.read_bytes() == before
    assert [p.name for p in target.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_exclusive_write_never_replaces(tmp_path: Path) -> None:
    target = tmp_path / "a.yml"
    files_module.write_atomic(target, "first\n", exclusive=True)
    with pytest.raises(files_module.FileExists):
        files_module.write_atomic(target, "second\n", exclusive=True)
    assert target.read_text() == "first\n"
    assert os.listdir(tmp_path) == ["a.yml"]


def test_new_carries_open_actions_forward(repo: Path) -> None:
    result = cli("new", "cyp-performance-surgery", "--date", "2013-01-18")
    assert result.exit_code == 0, result.output
    written = repo / "minutes" / "cyp-performance-surgery" / "2013-01-18.md"
    text = written.read_text()
    for action in ("cyp-2012-02-24-4", "cyp-2012-02-24-5", "cyp-2012-02-24-7", "cyp-2012-09-14-1"):
        assert f"action: {action}" in text
    assert "cyp-2012-02-24-1" not in text  # done
    assert "{initials: MB, name: \"Mark Barratt\"}" in text  # apologised last time, still a member
    assert cli("check", "--strict").exit_code == 0


def test_new_refuses_to_overwrite(repo: Path) -> None:
    existing = repo / "minutes" / "cyp-performance-surgery" / "2012-09-14.md"
    before = existing.read_bytes()
    result = cli("new", "Children and Young People's Performance Surgery", "--date", "2012-09-14")
    assert result.exit_code == 1 and "exists already" in result.output
    assert existing.read_bytes() == before


def test_new_for_an_unknown_committee(repo: Path) -> None:
    result = cli("new", "Corporate Parenting", "--date", "2013-01-01")
    assert result.exit_code == 1 and "did you mean Corporate Parenting Board" in result.output


def test_people_directory_is_validated(repo: Path) -> None:
    (repo / "minutes" / "people.yml").write_text("people:\n  - id: Jacqui Jensen\n    name: JJ\n")
    result = cli("check")
    assert "minutes/people.yml:2:9: error invalid-value" in result.output
