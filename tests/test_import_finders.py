"""The importer's finders and its command, each with variations of the wording they read."""

from __future__ import annotations

from contextlib import chdir
from datetime import date, time
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from minutes_kit import corpus as corpus_
from minutes_kit.cli import main
from minutes_kit.corpus import Layout
from minutes_kit.importer import text
from minutes_kit.importer.find_decisions import vote_in
from minutes_kit.importer.find_people import Register, people_in
from minutes_kit.importer.parse import parse
from minutes_kit.importer.read_text import blocks_of

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
SOURCE = """MARSHFORD DISTRICT COUNCIL

PLANNING COMMITTEE

MINUTES of a meeting held on {day} in the Council Chamber, commencing at 6.00 p.m.

PRESENT:  Councillor K. Adeyemi (Chairman), Councillors P. Lowther and R. Okafor.

{number} MINUTES

RESOLVED that the minutes be approved.

ACTION: Planning Manager to publish the decision notice by 30th September 2030.

The meeting closed at 7.40 p.m.
"""


FORMS = ["{d} {m} {y}", "{d}th {m} {y}", "{m} {d}, {y}", "{d} of {m} {y}"]


@settings(deadline=None)
@given(st.dates(date(1990, 1, 1), date(2099, 12, 31)), st.sampled_from(FORMS))
def test_dates_as_written(day: date, form: str) -> None:
    said = form.format(d=day.day, m=MONTHS[day.month - 1], y=day.year)
    found = text.first_date(f"held on Tuesday {said} at the Town Hall")
    assert found is not None and found.value == day and found.said == said


@settings(deadline=None)
@given(st.integers(1, 12), st.sampled_from(["00", "15", "30", "45"]),
       st.sampled_from(["{h}.{m} p.m.", "{h}.{m}pm", "{h}:{m} pm", "{h}.{m} a.m."]))
def test_times_as_written(hour: int, minute: str, form: str) -> None:
    said = form.format(h=hour, m=minute)
    found = text.first_time(f"commencing at {said} in the Chamber")
    afternoon = "p" in form
    assert found is not None and found.value == time(hour % 12 + 12 * afternoon, int(minute))


@settings(deadline=None)
@given(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30), st.sampled_from([
    "For: {f}, Against: {a}, Abstentions: {b}.", "{f} votes for, {a} against and {b} abstentions",
    "carried by {f} votes to {a} with {b} abstentions"]))
def test_vote_wording(votes_for: int, against: int, abstain: int, form: str) -> None:
    vote = vote_in(form.format(f=votes_for, a=against, b=abstain), Register())
    assert vote is not None
    assert (vote["for"], vote["against"], vote["abstain"]) == (str(votes_for), str(against), str(abstain))


@settings(deadline=None)
@given(st.integers(1, 999), st.integers(0, 99))
def test_minute_numbers_become_items(number: int, year: int) -> None:
    label = f"{number}/{year:02d}"
    draft = parse(blocks_of(SOURCE.format(day="16th June 2009", number=label)), "source.txt")
    assert [item["id"] for item in draft.front["items"]] == [label]


def test_people_lists() -> None:
    people = people_in("Councillor K. Adeyemi (Chairman), Councillors P. Lowther, R. Okafor and "
                       "Cllr D. Quayle (substitute for Councillor M. Ridley).", "attendees", 3)
    assert [(p.name, p.title, p.role, p.group) for p in people] == [
        ("K. Adeyemi", "Councillor", "chair", "attendees"), ("P. Lowther", "Councillor", None, "attendees"),
        ("R. Okafor", "Councillor", None, "attendees"), ("D. Quayle", "Cllr", None, "substitutes")]
    assert people[-1].replaces == "M. Ridley"


def test_initials_by_rule_made_unique_or_left_to_the_clerk() -> None:
    for derive, expected in ((True, ["JS", "JSm", "AB"]), (False, [None, None, "AB"])):
        register = Register()
        for person in people_in("Jane Smith, John Smart and Anne Bell (AB)", "attendees", 1):
            register.add(person)
        register.assign_initials(derive)
        assert [p.initials for p in register.people] == expected


def _write(folder: Path, name: str, day: str, number: str = "1/30") -> Path:
    path = folder / name
    path.write_text(SOURCE.format(day=day, number=number))
    return path


def test_cli_writes_then_skips_and_never_overwrites(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    _write(archive, "a.txt", "2nd May 2030")
    runner = CliRunner()
    with chdir(tmp_path):
        first = runner.invoke(main, ["import", str(archive)])
        assert first.exit_code == 0, first.output
        written = Path("minutes/planning-committee/2030-05-02.md")
        assert f"wrote {written}" in first.output and "needs the clerk: nothing" in first.output
        written.write_text(written.read_text() + "\nThe clerk's own words.\n")
        again = runner.invoke(main, ["import", str(archive)])
        assert f"skipped {written}" in again.output
        assert written.read_text().endswith("The clerk's own words.\n")
        problems = corpus_.load(layout=Layout(Path("."))).problems
        assert [p for p in problems if p.severity == "error"] == []


def test_cli_dry_run_writes_nothing(tmp_path: Path) -> None:
    source = _write(tmp_path, "a.txt", "2nd May 2030")
    runner = CliRunner()
    with chdir(tmp_path):
        result = runner.invoke(main, ["import", "--dry-run", str(source)])
        assert result.exit_code == 0 and "Planning Committee, 2030-05-02" in result.output
        assert not Path("minutes").exists()


def test_batch_imports_in_date_order(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    _write(archive, "a-later.txt", "3rd June 2030", "2/30")
    _write(archive, "b-earlier.txt", "2nd May 2030", "1/30")
    result = CliRunner().invoke(main, ["import", "--dry-run", str(archive)])
    assert result.output.index("b-earlier.txt") < result.output.index("a-later.txt")


def test_unreadable_sources_get_a_plain_message(tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    named = [str(tmp_path / "scan.pdf"), str(tmp_path / "binary.txt")]
    result = CliRunner().invoke(main, ["import", "--dry-run", *named])
    assert result.exit_code == 1
    assert "scan.pdf: not imported: scan.pdf: there is no reader for .pdf" in result.output
    assert "binary.txt: not imported: it holds binary data" in result.output
    assert "Traceback" not in result.output


def test_a_missing_value_is_a_marker_check_reports(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    said = SOURCE.format(day="2nd May 2030", number="1/30")
    source.write_text(said.replace(", commencing at 6.00 p.m.", ""))
    runner = CliRunner()
    with chdir(tmp_path):
        result = runner.invoke(main, ["import", "--no-initials", str(source)])
        assert "start: the start time (line 1)" in result.output
        assert "attendees.0.initials: the initials of K. Adeyemi (line 7)" in result.output
        checked = runner.invoke(main, ["check"])
        lines = [line for line in checked.output.splitlines() if ": error " in line]
        assert all("import-marker" in line for line in lines), checked.output
        assert any(":7:8: error import-marker: the import could not find the start time: fill it in from the "
                   "source (a.txt line 1)" in line for line in lines), checked.output
        assert "invalid-value" not in checked.output
