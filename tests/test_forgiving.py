"""Real minutes as clerks write them: every form accepted is kept and shown, every form
still refused is named at its line with what to write, all in one pass."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutes_kit.cli import main
from minutes_kit.corpus import Layout, load, load_document
from minutes_kit.models import Meeting
from minutes_kit.register import Register
from minutes_kit.site import Record, build_site, measure_pages, meeting_page

from .conftest import VALID

Found = tuple[int, int, str, str, str]
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def check(path: Path, *options: str) -> tuple[int, list[Found]]:
    result = CliRunner().invoke(main, ["check", "--format", "json", *options, str(path)])
    problems = json.loads(result.output)["problems"]
    return result.exit_code, [(p["line"], p["column"], p["code"], p["message"], p["hint"]) for p in problems]


def clean(path: Path) -> Meeting:
    code, problems = check(path, "--strict")
    assert (code, problems) == (0, []), problems
    document = load_document(path)
    assert document.meeting is not None
    return document.meeting


def page(meeting: Meeting) -> str:
    return meeting_page(Record(meeting), Register())


def with_line(old: str, new: str, text: str = VALID) -> str:
    assert old in text
    return text.replace(old, new, 1)


ITEM_TITLE = "    title: Planning applications\n"


def with_declaration(declaration: str) -> str:
    return with_line("items:\n", f"declarations:\n  - {declaration}\nitems:\n")


# --- interests -------------------------------------------------------------------------

@pytest.mark.parametrize("kind", [
    "disclosable pecuniary", "other registrable", "other registerable", "non-registrable",
    "non-registerable", "personal", "prejudicial", "personal and prejudicial", "pecuniary", "other",
])
def test_every_kind_of_interest_is_kept_and_shown_by_name(write, kind: str) -> None:
    meeting = clean(write(with_declaration(f"{{member: CD, item: a, interest: {kind}, detail: a governor}}")))
    assert meeting.declarations[0].interest == kind
    assert f"Carl Dean (CD), item a: {kind} interest: a governor" in page(meeting)


@pytest.mark.parametrize(("extra", "kept", "shown"), [
    ("withdrew: true", (True, None), "left the room for the item"),
    ("withdrew: FALSE", (False, None), "remained in the room"),
    ("dispensation: true", (None, True), "had a dispensation"),
    ('dispensation: "Standards Committee, 4 March 2024"', (None, "Standards Committee, 4 March 2024"),
     "dispensation: Standards Committee, 4 March 2024"),
    ("withdrew: false, dispensation: granted by the monitoring officer",
     (False, "granted by the monitoring officer"), "remained in the room, dispensation: granted"),
])
def test_withdrawal_and_dispensation(write, extra: str, kept: tuple[object, object], shown: str) -> None:
    meeting = clean(write(with_declaration(f"{{member: CD, item: a, interest: personal, {extra}}}")))
    declaration = meeting.declarations[0]
    assert (declaration.withdrew, declaration.dispensation) == kept
    assert shown in page(meeting)


@pytest.mark.parametrize(("declaration", "column", "code", "said"), [
    ("{member: CD, item: a, interest: prejudical}", 37, "invalid-value", "'personal and prejudicial'"),
    ("{member: CD, item: a, interest: Personal}", 37, "invalid-value", "interest"),
    ("{member: CD, item: a, interest: other, withdrew: left}", 54, "invalid-value",
     "expected true or false, not 'left'"),
    ("{member: CD, item: a, interest: other, dispensation: ''}", 58, "invalid-value", "some text"),
    ("{member: CD, item: a, interest: other, dispensation: Standards, 2009}", 69, "unknown-key",
     "unknown key '2009'"),
])
def test_interests_refused_at_their_place(write, declaration: str, column: int, code: str, said: str) -> None:
    status, problems = check(write(with_declaration(declaration)))
    assert status == 1 and problems[0][:3] == (11, column, code) and said in problems[0][3], problems


def test_a_declaring_member_must_be_present(write) -> None:
    status, problems = check(write(with_declaration("{member: EF, item: a, interest: other}").replace(
        "declarations:\n", "apologies:\n  - {initials: EF, name: Eve Fox}\ndeclarations:\n", 1)))
    assert status == 1 and [p[2:4] for p in problems] == [
        ("not-present", "EF declared an interest but is listed under apologies")]


# --- exclusion of the public -------------------------------------------------------------

def exempt_item(grounds: str, jurisdiction: str = "") -> str:
    notice = f"  - id: b\n    title: A staffing matter\n    exempt: true\n{grounds}"
    text = with_line("        due: 2024-04\n---\n", f"        due: 2024-04\n{notice}---\n")
    return with_line("date: 2024-03-05\n", f"date: 2024-03-05\n{jurisdiction}", text)


@pytest.mark.parametrize(("grounds", "jurisdiction", "kept", "worded"), [
    ("    exempt_paragraph: 3\n", "", ("3",), "under paragraph 3 of Part 1 of Schedule 12A to the Local "
     "Government Act 1972."),
    ("    exempt_paragraph: [3, 5]\n", "", ("3", "5"), "under paragraphs 3 and 5 of Part 1 of Schedule 12A"),
    ("    exempt_paragraph: 3 and 5\n", "", ("3", "5"), "paragraphs 3 and 5 of Part 1"),
    ("    exempt_paragraph: 1, 3 & 7\n", "", ("1", "3", "7"), "paragraphs 1, 3 and 7 of Part 1"),
    ("    exempt_paragraph: paragraphs 1 and 2\n", "", ("1", "2"), "paragraphs 1 and 2 of Part 1"),
    ("    exempt_paragraph: 7a\n", "", ("7A",), "paragraph 7A of Part 1"),
    ("    exempt_paragraph:\n      - 7B\n      - 7C\n", "", ("7B", "7C"), "paragraphs 7B and 7C"),
    ("    exempt_paragraph: 14\n", "jurisdiction: wales\n", ("14",),
     "under paragraph 14 of Part 4 of Schedule 12A to the Local Government Act 1972."),
    ("    exempt_paragraph: 12 and 18C\n", "jurisdiction: wales\n", ("12", "18C"), "12 and 18C of Part 4"),
    ("    exempt_paragraph: 3\n", "jurisdiction: england\n", ("3",), "paragraph 3 of Part 1"),
    ("    confidential: true\n", "", None, "excluded as it involved confidential information as defined in "
     "section 100A(3) of the Local Government Act 1972."),
    ("    confidential: true\n    exempt_paragraph: 1\n", "", ("1",), "confidential information as defined "
     "in section 100A(3) of the Local Government Act 1972, and under paragraph 1 of Part 1"),
])
def test_grounds_accepted_and_worded_as_councils_do(write, grounds: str, jurisdiction: str,
                                                    kept: tuple[str, ...] | None, worded: str) -> None:
    meeting = clean(write(exempt_item(grounds, jurisdiction)))
    assert meeting.items[1].exempt_paragraph == kept
    assert f"This item was considered in private: the public were excluded {worded}" in page(meeting) or (
        worded in page(meeting))


@pytest.mark.parametrize(("grounds", "jurisdiction", "position", "said", "hint"), [
    ("    exempt_paragraph: 14\n", "", (21, 23), "Schedule 12A has no paragraph 14 in England",
     "add `jurisdiction: wales`"),
    ("    exempt_paragraph: 3\n", "jurisdiction: wales\n", (22, 23), "no paragraph 3 in Wales (Wales: 12-18",
     "if the council is in England, add `jurisdiction: england`"),
    ("    exempt_paragraph: 3 and 8\n", "", (21, 23), "no paragraph 8 in England",
     "Wales: 12-18 and 18A-18C"),
    ("    exempt_paragraph: 7D\n", "", (21, 23), "no paragraph 7D", "England: 1-7 and 7A-7C"),
    ("", "", (20, 13), "must cite the Schedule 12A paragraph", "`confidential: true`"),
    ("    confidential: false\n", "", (20, 13), "must cite", "section 100A(3)"),
])
def test_grounds_refused_with_the_law_named(write, grounds: str, jurisdiction: str, position: tuple[int, int],
                                            said: str, hint: str) -> None:
    status, problems = check(write(exempt_item(grounds, jurisdiction)))
    assert status == 1 and len(problems) == 1, problems
    assert problems[0][:3] == (*position, "exempt-paragraph")
    assert said in problems[0][3] and hint in problems[0][4]


@pytest.mark.parametrize(("key", "said"), [("confidential: true", "gives `confidential`"),
                                           ("exempt_paragraph: 3", "gives `exempt_paragraph`")])
def test_grounds_only_for_exempt_items(write, key: str, said: str) -> None:
    status, problems = check(write(with_line(ITEM_TITLE, f"{ITEM_TITLE}    {key}\n")))
    column = 5 + len(key.split(":")[0]) + 2
    assert status == 1 and [p[:3] for p in problems] == [(13, column, "exempt-paragraph")]
    assert said in problems[0][3]


def test_jurisdiction_is_england_or_wales(write) -> None:
    text = with_line("date: 2024-03-05\n", "date: 2024-03-05\njurisdiction: scotland\n")
    status, problems = check(write(text))
    assert status == 1 and problems[0][:3] == (5, 15, "invalid-value")
    assert "'england' or 'wales'" in problems[0][3]


# --- who chaired, the next meeting, the close ------------------------------------------

def test_chair_next_meeting_and_close_shown(write) -> None:
    text = with_line('end: "19:00"\n', 'end: 7.40 p.m.\nchair: CD\nnext_meeting:\n  date: 2024-04-02\n'
                     "  start: 6pm\n  venue: Council House, Room 2\n")
    meeting = clean(write(text))
    shown = page(meeting)
    assert "- **In the chair:** Carl Dean (CD)" in shown
    assert "- **Next meeting:** 2 April 2024 at 18:00, Council House, Room 2" in shown
    assert "- **Time:** 18:00 to 19:40" in shown


@pytest.mark.parametrize(("lines", "position", "code", "said"), [
    ("chair: EF\napologies:\n  - {initials: EF, name: Eve Fox}\n", (7, 8), "not-present",
     "EF chaired but is listed under apologies"),
    ("chair: EF\nabsent:\n  - {initials: EF, name: Eve Fox}\n", (7, 8), "not-present", "listed under absent"),
    ("chair: CB\n", (7, 8), "unknown-person", "CB is not a person of the meeting"),
    ("chair: Carl Dean\n", (7, 8), "invalid-value", "'Carl Dean' is not initials"),
    ("next_meeting: {date: 2024-03-05}\n", (7, 22), "next-meeting", "is not after this one"),
    ("next_meeting: {date: 5 April 2024}\n", (7, 22), "invalid-value", "write the date as YYYY-MM-DD"),
    ("next_meeting: 2024-04-02\n", (7, 15), "invalid-value", "valid dictionary"),
])
def test_meeting_details_refused(write, lines: str, position: tuple[int, int], code: str, said: str) -> None:
    status, problems = check(write(with_line('end: "19:00"\n', f'end: "19:00"\n{lines}')))
    assert status == 1 and problems[0][:3] == (*position, code) and said in problems[0][3], problems


# --- measures without a code -------------------------------------------------------------

def measures(*entries: str) -> str:
    block = "    measures:\n" + "".join(
        f"      - {{{entry}period: Q1 2009/10, better: higher, actual: '91%', target: '1,312'}}\n"
        for entry in entries)
    return with_line(ITEM_TITLE, ITEM_TITLE + block)


def test_measures_without_a_code_go_by_their_title_or_the_item(write) -> None:
    meeting = clean(write(measures("title: Invoices paid on time, ", "")))
    first, second = meeting.items[0].measures
    assert (first.code, first.actual, first.target, second.title) == (None, 91.0, 1312.0, None)
    pages = measure_pages([meeting])
    assert set(pages) == {"measures/index.md", "measures/invoices-paid-on-time.md",
                          "measures/planning-applications.md"}
    assert pages["measures/invoices-paid-on-time.md"].startswith("# Invoices paid on time\n")
    assert "[Planning applications](../../measures/planning-applications.md)" in page(meeting)


def test_coded_and_uncoded_measures_side_by_side(write) -> None:
    meeting = clean(write(measures("code: PL 01, ", "")))
    assert set(measure_pages([meeting])) == {"measures/index.md", "measures/pl-01.md",
                                             "measures/planning-applications.md"}


def test_two_measures_with_no_name_are_refused_at_their_item(write) -> None:
    status, problems = check(write(measures("", "")))
    assert status == 1 and problems[0][:3] == (11, 5, "invalid-value")
    assert "neither a code nor a title" in problems[0][3]


def test_a_title_that_shares_a_page_with_a_code_is_a_collision(write, tmp_path: Path) -> None:
    write(measures("code: PL 01, "), "a/planning-2024-03-05.md")
    write(measures("title: PL-01, ").replace("2024-03-05", "2024-04-05").replace("pc-2024-04-05", "x"),
          "a/planning-2024-04-05.md")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "a")])
    assert result.exit_code == 1 and "slug-collision" in result.output and "'PL-01'" in result.output


# --- due dates ---------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "day"), [
    ("31st July 2024", dt.date(2024, 7, 31)), ("31 July 2024", dt.date(2024, 7, 31)),
    ("4 April 2024", dt.date(2024, 4, 4)), ("July 31, 2024", dt.date(2024, 7, 31)),
    ("July 31 2024", dt.date(2024, 7, 31)), ("Wednesday 31st July 2024", dt.date(2024, 7, 31)),
    ("Wed, 31 Jul 2024", dt.date(2024, 7, 31)), ("1st of August 2024", dt.date(2024, 8, 1)),
    ("2nd Sept 2024", dt.date(2024, 9, 2)), ("23RD MAY 2024", dt.date(2024, 5, 23)),
])
def test_due_days_in_words(write, written: str, day: dt.date) -> None:
    meeting = clean(write(with_line("due: 2024-04", f"due: {written}")))
    due = meeting.items[0].actions[0].due
    assert due is not None and (due.start, due.end) == (day, day)


@pytest.mark.parametrize(("written", "said"), [
    ("end of July 2024",
     "'end of July 2024' names no one day; write the month (July 2024: due by its last day)"),
    ("early July 2024", "names no one day"), ("by the end of July 2024", "names no one day"),
    ("31/07/2024", "could be read day-first or month-first"), ("04.05.2024", "day-first or month-first"),
    ("Monday 31 July 2024", "31 July 2024 was a Wednesday, not a Monday; check the date"),
    ("31 June 2024", "day is out of range"), ("31 Jly 2024", "'Jly' is not a month name"),
    ("Funday 1 July 2024", "'Funday' is not a day of the week"), ("31st 2024", "is not a day (2012-05-31"),
])
def test_due_forms_with_no_one_meaning_refused(write, written: str, said: str) -> None:
    status, problems = check(write(with_line("due: 2024-04", f"due: {written}")))
    assert status == 1 and problems[0][:3] == (17, 14, "invalid-value") and said in problems[0][3], problems


@SLOW
@given(st.dates(dt.date(2024, 3, 5), dt.date(2199, 12, 31)), st.sampled_from(["", "st", "th"]),
       st.booleans(), st.booleans())
def test_any_day_in_words_reads_back(write, day: dt.date, suffix: str, weekday: bool,
                                     month_first: bool) -> None:
    ordinals = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}
    suffix = ordinals.get(day.day, "th") if suffix else ""
    said = f"{day:%B} {day.day}{suffix}, {day.year}" if month_first else f"{day.day}{suffix} {day:%B %Y}"
    written = f"{day:%A} {said}" if weekday else said
    due = clean(write(with_line("due: 2024-04", f"due: {written}"))).items[0].actions[0].due
    assert due is not None and due.end == day == due.start


@SLOW
@given(st.integers(-10**12, 10**12), st.booleans())
def test_any_grouped_number_reads_back(write, value: int, percent: bool) -> None:
    written = f"{value:,}" + ("%" if percent else "")
    measure = clean(write(measures("code: PL 01, ").replace("'91%'", f"'{written}'"))).items[0].measures[0]
    assert measure.actual == value


# --- the conventional capitals -------------------------------------------------------------

def test_conventional_words_and_shouted_headings_need_no_declaring(write) -> None:
    body = ("\n## 12/09 APOLOGIES FOR ABSENCE\n\nNone.\n\n## DECLARATIONS OF INTEREST (DOI)\n\nNone.\n\n"
            "## a) Planning applications\n\nAB opened the item.\n\nRESOLVED that the report be NOTED.\n\n"
            "AGREED: to write. RECOMMENDED to Cabinet. ACTION: CD. ACTIONS below. AOB: none.\n\n"
            "NOTED that things happen.\n")
    apologies = "items:\n  - id: 12/09\n    title: Apologies for absence\n"
    head = VALID.split("\n## a)")[0].replace("items:\n", apologies)
    clean(write(head + body))


@pytest.mark.parametrize(("body", "word"), [
    ("We saw XYZ.", "XYZ"), ("RESOLVEDX that", "RESOLVEDX"), ("the AOBS", "AOBS"),
])
def test_other_capitals_still_need_declaring(write, body: str, word: str) -> None:
    _, problems = check(write(VALID + f"\n{body}\n"))
    said = f"{word} is not a declared abbreviation"
    assert [(p[2], p[3]) for p in problems] == [("undeclared-abbreviation", said)]


def test_an_abbreviation_in_a_mixed_heading_still_needs_declaring(write) -> None:
    _, problems = check(write(VALID + "\n### Notes on CAMHS\n"))
    assert [p[2:4] for p in problems] == [("undeclared-abbreviation", "CAMHS is not a declared abbreviation")]


# --- messages --------------------------------------------------------------------------

def test_schema_errors_and_checks_in_one_pass(write) -> None:
    text = with_line("        due: 2024-04", "        due: soon").replace("owner: CD", "owner: ZZ")
    text = with_line("end: \"19:00\"\n", "end: \"19:00\"\nchair: EF\n", text) + "\nWe saw XYZ.\n"
    _, problems = check(write(text))
    assert [(p[0], p[2]) for p in problems] == [
        (7, "unknown-person"), (17, "unknown-person"), (18, "invalid-value"), (25, "undeclared-abbreviation")]


def test_no_consequence_of_a_refused_value_is_reported(write) -> None:
    # CD's entry is refused; its action owner CD and the speaker CD are then not reported.
    text = with_line("  - {initials: CD, name: Carl Dean}", "  - {initials: C.D., name: Carl Dean}")
    _, problems = check(write(text + "\nCD spoke.\n"))
    assert [(p[0], p[2]) for p in problems] == [(9, "invalid-value")]
    assert "'C.D.' is not initials: a capital and up to four more letters" in problems[0][3]
    # A refused item: its section is not reported as lacking an item.
    _, problems = check(write(with_line("  - id: a\n", "  - id: A)\n")))
    assert [(p[0], p[2]) for p in problems] == [(11, "invalid-value")]
    # A refused abbreviation: the word is not reported as undeclared.
    _, problems = check(write(with_line("items:\n", "abbreviations:\n  XYZ: ''\nitems:\n") + "\nXYZ.\n"))
    assert [p[2] for p in problems] == ["invalid-value"]
    # Refused grounds: the exempt item is not reported as lacking them.
    _, problems = check(write(exempt_item("    exempt_paragraph: three\n")))
    assert [p[2] for p in problems] == ["invalid-value"]


@pytest.mark.parametrize(("old", "new", "said"), [
    ("  - {initials: CD, name: Carl Dean}", "  - {initials: cd, name: Carl Dean}", "'cd' is not initials"),
    ("  - id: a\n", "  - id: a)\n",
     "'a)' is not an item label as its heading starts, without the bracket or stop"),
    ("      - id: pc-2024-03-05-1", "      - id: pc 2024 03 05", "'pc 2024 03 05' is not an action id"),
])
def test_patterns_explained_in_words(write, old: str, new: str, said: str) -> None:
    _, problems = check(write(with_line(old, new)))
    assert said in problems[0][3] and "^" not in problems[0][3] and "[" not in problems[0][3]


@pytest.mark.parametrize("entry", ["{initials: HH, name: Health and Housing, Cllr}",
                                   "{initials: HH, Health and Housing, name: Cllr}"])
def test_text_split_by_a_comma_gets_the_quoting_hint(write, entry: str) -> None:
    _, problems = check(write(with_line("  - {initials: CD, name: Carl Dean}", f"  - {entry}")))
    assert problems[0][2] == "unknown-key"
    assert 'put text with a comma or colon in quotes: name: "Health and Housing, Cllr"' in problems[0][4]


def test_a_misspelt_key_still_gets_the_close_match(write) -> None:
    _, problems = check(write(with_line(ITEM_TITLE, ITEM_TITLE.replace("title", "titel"))))
    hints = [p[4] for p in problems if p[2] == "unknown-key"]
    assert len(hints) == 1 and "did you mean 'title'?" in hints[0] and "quotes" not in hints[0]


def test_a_declaration_by_name_with_the_chair(write) -> None:
    text = with_declaration("{member: CD, item: a, interest: disclosable pecuniary, withdrew: true}")
    meeting = clean(write(with_line('end: "19:00"\n', 'end: "19:00"\nchair: CD\n', text)))
    shown = page(meeting)
    assert "Carl Dean (CD), item a: disclosable pecuniary interest, left the room for the item" in shown


def test_the_built_site_words_a_welsh_exclusion_and_names_the_declaring_member(tmp_path: Path) -> None:
    minutes = tmp_path / "minutes" / "planning"
    minutes.mkdir(parents=True)
    text = exempt_item("    exempt_paragraph: 14 and 18A\n", "jurisdiction: wales\n")
    text = with_line("items:\n", "declarations:\n  - {member: CD, item: a, interest: other registrable, "
                     "withdrew: true}\nitems:\n", text)
    (minutes / "2024-03-05.md").write_text(text, encoding="utf-8")
    corpus = load(layout=Layout(tmp_path), with_body=True)
    assert corpus.problems == []
    shown = build_site(corpus).pages["meetings/planning-committee/2024-03-05.md"]
    assert ("the public were excluded under paragraphs 14 and 18A of Part 4 of Schedule 12A to the Local "
            "Government Act 1972.") in shown
    assert "Carl Dean (CD), item a: other registrable interest, left the room for the item" in shown
