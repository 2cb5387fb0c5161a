"""Exactly what the clerk wrote, or a located error: values through `minutes-kit check`."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutes_kit.cli import main
from minutes_kit.corpus import load_document, load_update
from minutes_kit.models import Meeting

from .conftest import VALID


def meeting(path: Path) -> Meeting:
    document = load_document(path)
    assert document.problems == [], document.problems
    assert document.meeting is not None
    return document.meeting


def refused(path: Path) -> list[tuple[int, int, str, str, str]]:
    """What `minutes-kit check --format json` reports: line, column, code, message, hint."""
    result = CliRunner().invoke(main, ["check", "--format", "json", str(path)])
    assert result.exit_code == 1, result.output
    return [(p["line"], p["column"], p["code"], p["message"], p["hint"])
            for p in json.loads(result.output)["problems"]]


def with_line(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new)


# --- times ---------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "kept"), [
    ("14:00", "14:00"), ("14.00", "14:00"), ("9:30", "09:30"), ("09.30", "09:30"), ("2pm", "14:00"),
    ("2 PM", "14:00"), ("2.00pm", "14:00"), ("2:30 p.m.", "14:30"), ("10.00 am", "10:00"),
    ("10am", "10:00"), ("12pm", "12:00"), ("12am", "00:00"), ("12.30 a.m.", "00:30"),
    ("12 noon", "12:00"), ("noon", "12:00"), ("Noon", "12:00"), ("14:00:00", "14:00"),
    ("00:00", "00:00"), ("23:59", "23:59"), ('"14.00"', "14:00"), ("'2pm'", "14:00"),
])
def test_times_clerks_write_are_read(write, written: str, kept: str) -> None:
    text = with_line('start: "18:00"\nend: "19:00"', f"start: {written}")
    read = meeting(write(text))
    assert read.start is not None and read.start.strftime("%H:%M") == kept
    assert json.loads(read.model_dump_json())["start"] == kept  # serialized HH:MM


@pytest.mark.parametrize(("written", "said"), [
    ("25:00", "is not a time of day"), ("14.75", "is not a time of day"), ("14", "is not a time"),
    ("2.00xm", "is not a time of day"), ("13pm", "is not a time of day"), ("0am", "not a time"),
    ("14:00 pm", "is not a time of day"), ("14:00:30", "is not a time of day"), ("14h00", "not a time"),
    ("1400", "is not a time of day"), ("2", "is not a time of day"), ("true", "is not a time"),
    ("midnight", "could be the start or the end of a day"), ("12 midnight", "start or the end"),
    ("[14:00]", "expected a time, not a list"), ('"14:00 "', "is not a time of day"),
])
def test_times_refused_at_their_place(write, written: str, said: str) -> None:
    problems = refused(write(with_line('start: "18:00"', f"start: {written}")))
    assert len(problems) == 1
    line, column, code, message, hint = problems[0]
    assert (line, column, code) == (5, 8, "invalid-value")
    assert message.startswith("start: ") and said in message
    assert "14:00" in message + hint and "2pm" in hint


def test_a_time_that_used_to_crash_check_is_a_located_error(write) -> None:
    """`end: 16.05` beside a quoted start compared a float with a time: a traceback."""
    read = meeting(write(with_line('end: "19:00"', "end: 19.05")))
    assert read.end == dt.time(19, 5)
    problems = refused(write(with_line('start: "18:00"\nend: "19:00"', 'start: "18:00"\nend: 16.05')))
    assert [(line, column, code) for line, column, code, *_ in problems] == [(6, 6, "end-before-start")]


# --- text ------------------------------------------------------------------------------

TEXTS = ["0x1F", "1.10", "010", "2012-01-01", "true", "no", "NO", "1e3", ".nan", "-.inf", "10:00",
         "0o17", "+5", "False", "yes", "2012-02-30", "1_000", "Null x"]


@pytest.mark.parametrize("written", TEXTS)
def test_text_fields_keep_the_characters_written(write, written: str) -> None:
    text = (with_line("    title: Planning applications",
                      f"    title: {written}\n    code: {written}\n    reference: {written}\n"
                      f"    decisions:\n      - {written}")
            .replace("committee: Planning Committee", f"committee: Planning Committee\nvenue: {written}")
            .replace("text: Write to the applicant.", f"text: {written}"))
    read = meeting(write(text))
    item = read.items[0]
    assert (read.venue, item.title, item.code, item.reference, item.decisions, item.actions[0].text) == (
        written, written, written, written, [written], written)


def test_initials_and_abbreviations_stay_text(write) -> None:
    text = (with_line("  - {initials: CD, name: Carl Dean}", "  - {initials: NO, name: '1.10'}")
            .replace("owner: CD", "owner: NO").replace("AB opened", "NO and AB opened")
            .replace("items:", "abbreviations:\n  ON: 010\n  YES: 'true'\nitems:"))
    read = meeting(write(text))
    assert (read.attendees[1].initials, read.attendees[1].name) == ("NO", "1.10")
    assert read.abbreviations == {"ON": "010", "YES": "true"}


def _plain(text: str) -> bool:
    """Whether YAML writes ``text`` as a plain scalar (PyYAML's emitter decides), and
    it is not one of the few plain words that mean null."""
    analysis = yaml.emitter.Emitter(io.StringIO()).analyze_scalar(text)
    return analysis.allow_block_plain and not analysis.multiline and text not in ("~", "null", "Null", "NULL")


_WORDS = st.text(alphabet=st.sampled_from(list("aZnN09.-+_:/ eExX,%&()'\"!?*#@`|>~{}[]\u00e9\u2013")),
                 min_size=1, max_size=14)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_WORDS.filter(_plain))
def test_any_plain_text_in_a_text_field_comes_back_identical(write, written: str) -> None:
    text = VALID.replace("committee: Planning Committee", f"committee: Planning Committee\nvenue: {written}")
    document = load_document(write(text))
    assert document.problems == [] and document.meeting is not None, written
    assert document.meeting.venue == written


# --- numbers ---------------------------------------------------------------------------

MEASURE = """    measures:
      - code: PL 01
        period: Q3 2023/24
        better: higher
        actual: {actual}
        target: 80
        comparators:
          - {{name: national average, value: {value}}}
"""


def with_measure(actual: str, value: str = "79.5") -> str:
    return with_line("    title: Planning applications\n",
                     "    title: Planning applications\n" + MEASURE.format(actual=actual, value=value))


@pytest.mark.parametrize(("written", "kept"), [
    ("56.2", 56.2), ("51.00", 51.0), ("-3", -3.0), ("0", 0.0), (".5", 0.5), ("1e3", 1000.0), ('"7.5"', 7.5),
    ("1,312", 1312.0), ("1,312.5", 1312.5), ("-12,000,000", -12e6), ("91%", 91.0), ("91.5%", 91.5),
    ("7 %", 7.0), ("1,312%", 1312.0), ('"0.5%"', 0.5),
])
def test_numbers_are_read(write, written: str, kept: float) -> None:
    read = meeting(write(with_measure(written)))
    assert read.items[0].measures[0].actual == kept


@pytest.mark.parametrize(("written", "said"), [
    ("true", "'true' is not a number"), ("True", "'True' is not a number"),
    (".nan", "'.nan' is not a number"), (".inf", "not a number"), ("-.inf", "not a number"),
    ("1e400", "'1e400' is too large"), ("-1e999", "too large"), ("1,31", "commas go between groups of three"),
    ("1,3124", "'1,3124' is not a number"), ("1.312,5", "commas go between"), ("12,00,000", "not a number"),
    ("91%%", "'91%%' is not a number"), ('"%91"', "not a number"), ("1e3%", "not a number"),
    ("0x1F", "not a number"), ("n/a", "not a number"), ("9 1", "not a number"),
    ("91 percent", "not a number"),
    ("[1]", "expected a number such as 56.2, not a list"),
])
def test_numbers_refused_at_their_place(write, written: str, said: str) -> None:
    places = [(with_measure(written), 17, 17)]
    if not set(written) & set(",[]"):  # (in the flow mapping these are its own punctuation)
        places.append((with_measure("5", written), 20, 45))
    for text, line, column in places:
        problems = refused(write(text))
        assert len(problems) == 1, problems
        assert problems[0][:3] == (line, column, "invalid-value")
        assert said in problems[0][3]


# --- true / false and paragraphs ---------------------------------------------------

@pytest.mark.parametrize(("written", "kept"), [("true", True), ("TRUE", True), ("True", True),
                                               ("false", False), ("FALSE", False), ("'false'", False)])
def test_true_and_false_in_any_case(write, written: str, kept: bool) -> None:
    paragraph = "    exempt_paragraph: 3\n" if kept else ""
    notice = f"  - id: b\n    title: A staffing matter\n    exempt: {written}\n{paragraph}"
    read = meeting(write(with_line("        due: 2024-04\n---\n", f"        due: 2024-04\n{notice}---\n")
                         + "\n## b) A staffing matter\n" * (not kept)))
    assert (read.items[1].exempt, read.items[1].exempt_paragraph) == (kept, ("3",) if kept else None)


@pytest.mark.parametrize(("key", "written", "said"), [
    ("exempt", "1", "expected true or false, not '1'"), ("exempt", "maybe", "not 'maybe'"),
    ("exempt", "yes", "not 'yes'"), ("exempt", "on", "not 'on'"),
    ("exempt_paragraph", "true", "'true' is not a paragraph; write a paragraph such as 3 or 7A"),
    ("exempt_paragraph", "3.0", "'3.0' is not a paragraph"), ("exempt_paragraph", "three", "not a paragraph"),
    ("exempt_paragraph", "3 or 5", "'3 or 5' is not a paragraph"), ("exempt_paragraph", "3 and 3", "twice"),
    ("exempt_paragraph", "7AB", "not a paragraph"), ("exempt_paragraph", "[]", "at least one paragraph"),
])
def test_true_false_and_whole_numbers_refused(write, key: str, written: str, said: str) -> None:
    other = "exempt_paragraph: 3" if key == "exempt" else "exempt: false"
    problems = refused(write(with_line("    title: Planning applications\n",
                                       f"    title: Planning applications\n    {key}: {written}\n"
                                       f"    {other}\n")))
    assert problems[0][:3] == (13, 7 + len(key), "invalid-value") and said in problems[0][3]


# --- dates and years ---------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "position", "said"), [
    ("date: 2024-03-05", "date: 2024-02-30", (4, 7), "2024-02-30 is not a real date"),
    ("date: 2024-03-05", "date: 9999-12-31", (4, 7), "the year 9999 is outside 1800-2199"),
    ("date: 2024-03-05", "date: 1799-12-31", (4, 7), "the year 1799 is outside"),
    ("date: 2024-03-05", "date: 5 March 2024", (4, 7), "write the date as YYYY-MM-DD"),
    ("date: 2024-03-05", "date: 2024-3-5", (4, 7), "'2024-3-5' is not a date"),
    ("date: 2024-03-05", "date: 20240305", (4, 7), "is not a date"),
    ("date: 2024-03-05", "date: ~", (4, 7), "expected a date, not an empty value"),
    ('end: "19:00"', 'end: "19:00"\nstatus: approved\napproved: 2300-01-01', (8, 11), "the year 2300"),
    ("due: 2024-04", "due: 9999-12-31", (17, 14), "the year 9999 is outside"),
    ("due: 2024-04", "due: December 2200", (17, 14), "the year 2200 is outside"),
    ("due: 2024-04", "due: 2024-02-30", (17, 14), "day is out of range for month"),
])
def test_dates_refused_with_the_date_named(write, old: str, new: str, position: tuple[int, int],
                                           said: str) -> None:
    problems = refused(write(with_line(old, new)))
    assert problems[0][:3] == (*position, "invalid-value") and said in problems[0][3], problems


def test_years_at_the_edges_are_kept(write) -> None:
    read = meeting(write(with_line("due: 2024-04", "due: 2199-12-31")))
    due = read.items[0].actions[0].due
    assert due is not None and due.end == dt.date(2199, 12, 31)
    problems = refused(write(with_measure("5").replace("Q3 2023/24", "Q3 9999/00")))
    assert problems[0][:3] == (15, 17, "invalid-value") and "the year 9999" in problems[0][3]


def test_update_files_read_values_the_same_way(tmp_path: Path) -> None:
    path = tmp_path / "2012-10-15-x.yml"
    path.write_text("action: x\ndate: 2012-10-15\nby: NO\nstatus: in progress\ndue: 2012-12\nnote: 1.10\n")
    document = load_update(path)
    assert document.problems == [] and document.update is not None
    assert (document.update.date, document.update.by, document.update.note) == (
        dt.date(2012, 10, 15), "NO", "1.10")
    path.write_text("action: x\ndate: 9999-10-15\n")
    problems = load_update(path).problems
    assert [(p.line, p.column, p.code) for p in problems] == [(2, 7, "invalid-value")]
    assert "the year 9999" in problems[0].message
