"""Minute numbers, resolutions with parts and recorded votes: through `check`, the
register and the site, as clerks write them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from minutes_kit.body import Heading
from minutes_kit.cli import main
from minutes_kit.corpus import Layout, load
from minutes_kit.models import Resolution
from minutes_kit.site import build_site

from .test_schema import failing
from .test_values import meeting, refused

HEAD = """---
organisation: Example Council
committee: Planning Committee
date: 2024-03-05
attendees:
  - {initials: AB, name: Ann Brown, role: chair}
  - {initials: CD, name: Carl Dean}
  - {initials: EF, name: Eve Fox}
apologies:
  - {initials: GH, name: Gus Hill}
"""


def minutes(items: str, body: str = "## a) Planning applications\n\nAB opened the item.\n",
            head: str = HEAD) -> str:
    return f"{head}items:\n{items}---\n\n{body}"


def item(decisions: str, id_: str = "a") -> str:
    return f"  - id: {id_}\n    title: Planning applications\n    decisions:\n{decisions}"


def check(path: Path, *args: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(main, ["check", "--format", "json", *args, str(path)])
    assert result.exit_code in (0, 1), result.output
    return list(json.loads(result.output)["problems"])


# --- labels ----------------------------------------------------------------------------

@pytest.mark.parametrize(("heading", "label"), [
    ("15/09 Integrated finance and performance report", "15/09"),
    ("15/09 INTEGRATED FINANCE AND PERFORMANCE REPORT", "15/09"),
    ("15/09. Integrated finance", "15/09"), ("15/09: Integrated finance", "15/09"),
    ("1234/99 A long year", "1234/99"), ("15/09", "15/09"),
    ("23. Apologies", "23"), ("23) Apologies", "23"), ("(23) Apologies", "23"),
    ("a) Title", "a"), ("(a) Title", "a"), ("3a) Title", "3a"), ("3a. Title", "3a"),
    ("**a) Title**", "a"),
])
def test_headings_clerks_write_are_labels(heading: str, label: str) -> None:
    assert Heading(1, 2, heading).item_label == label


@pytest.mark.parametrize("heading", [
    "2012 review", "2012. review", "23 Apologies", "a. Title", "A) Title", "(A) Title", "15/2009 Title",
    "12345/09 Title", "15/9 Title", "(ab) Title", "Apologies", "15/09x Title", "a)Title",
])
def test_other_headings_are_not_labels(heading: str) -> None:
    assert Heading(1, 2, heading).item_label is None


@given(st.integers(1, 9999), st.integers(0, 99), st.sampled_from(["", ".", ":", ")"]),
       st.text("abcdefXYZ ", min_size=1).map(str.strip).filter(bool))
def test_any_minute_number_is_a_label(number: int, year: int, after: str, title: str) -> None:
    assert Heading(1, 2, f"{number}/{year:02d}{after} {title}").item_label == f"{number}/{year:02d}"


@given(st.integers(1000, 9999), st.text("abcdef", min_size=1))
def test_a_year_opening_a_heading_is_not_a_label(year: int, title: str) -> None:
    assert Heading(1, 2, f"{year} {title}").item_label is None
    assert Heading(1, 2, f"{year}. {title}").item_label is None


@pytest.mark.parametrize(("id_", "heading"), [
    ("15/09", "## 15/09 Planning applications"), ("15/09", "## 15/09 PLANNING APPLICATIONS"),
    ('"23"', "## 23. Planning applications"), ("23", "## 23) Planning applications"),
    ("a", "## (a) Planning applications"), ("3a", "## 3a) Planning applications"),
])
def test_items_labelled_as_the_minutes_label_them_check_clean(write, id_: str, heading: str) -> None:
    text = minutes(f"  - id: {id_}\n    title: Planning applications\n",
                   f"{heading}\n\nAB opened the item.\n")
    problems = check(write(text))
    assert [p for p in problems if p["code"] != "undeclared-abbreviation"] == []


@pytest.mark.parametrize("id_", ["15/9", "2012", "A", "15/2009", "(a)", "a)", "1/09/10"])
def test_ids_that_are_no_label_are_refused_at_their_line(write, id_: str) -> None:
    problems = check(write(minutes(f"  - id: {id_}\n    title: Planning applications\n")))
    assert ("invalid-value", 12, 9) in {(p["code"], p["line"], p["column"]) for p in problems}


def test_a_missing_section_hints_the_heading_as_written(write) -> None:
    problems = check(write(minutes("  - id: 15/09\n    title: Planning applications\n")))
    hints = {p["code"]: p["hint"] for p in problems}
    assert hints["item-without-section"] == "add a heading such as `## 15/09 Planning applications`"
    assert "section-without-item" in hints


# --- minute numbers -----------------------------------------------------------------------

RUN_ON = "numbers run on through the year"


def numbered(*numbers: str, committee: str = "Planning Committee") -> str:
    items = "".join(f"  - id: {chr(97 + n)}\n    reference: {number}\n    title: Item {n}\n"
                    for n, number in enumerate(numbers))
    body = "".join(f"## {chr(97 + n)}) Item {n}\n\nAB spoke.\n\n" for n in range(len(numbers)))
    return minutes(items, body, HEAD.replace("Planning Committee", committee))


@pytest.mark.parametrize(("numbers", "warned"), [
    (["12/23", "13/23", "14/23"], []),
    (["12/23", "14/23"], [(16, 16, "minute 14/23 jumps from 12/23: 13/23 is missing")]),
    (["12/23", "13/23", "12/23"], [(19, 16, f"minute 12/23 comes after 13/23: {RUN_ON}")]),
    (["12/23", "12/23"], [(16, 16, f"minute 12/23 comes after 12/23: {RUN_ON}")]),
    (["99/22", "1/23"], []),  # the annual meeting starts a new year
    (["12/23", "Q1", "13/23"], []),  # other references are not minute numbers
])
def test_numbers_run_on_within_a_meeting(write, numbers: list[str],
                                         warned: list[tuple[int, int, str]]) -> None:
    problems = check(write(numbered(*numbers)))
    assert [(p["line"], p["column"], p["message"]) for p in problems
            if p["code"] == "minute-number-skipped"] == warned
    assert all(p["severity"] == "warning" for p in problems)


def test_a_number_used_again_by_a_later_meeting_of_the_committee(tmp_path: Path) -> None:
    folder = tmp_path / "minutes"
    folder.mkdir()
    earlier = numbered("5/23", "6/23").replace("2024-03-05", "2024-02-06")
    (folder / "planning-2024-02-06.md").write_text(earlier)
    (folder / "planning-2024-03-05.md").write_text(numbered("6/23", "7/23"))
    (folder / "other-2024-03-05.md").write_text(numbered("6/23", committee="Licensing Committee"))
    (folder / "planning-2024-04-09.md").write_text(numbered("6/24").replace("2024-03-05", "2024-04-09"))
    problems = [p for p in load(layout=Layout(tmp_path)).problems if p.code == "minute-number-repeated"]
    assert [(Path(p.path).name, p.line, p.column) for p in problems] == [("planning-2024-03-05.md", 13, 16)]
    assert "planning-2024-02-06.md:16" in problems[0].message


# --- resolutions ------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "kind", "to", "said"), [
    ("      - Resolved: the Board noted the report.\n", "resolved", None, "the Board noted the report."),
    ("      - RESOLVED: that the report be noted\n", "resolved", None, "that the report be noted"),
    ("      - resolved: that it be noted\n", "resolved", None, "that it be noted"),
    ("      - ReSoLvEd: that it be noted\n", "resolved", None, "that it be noted"),
    ("      - Noted: the update\n", "noted", None, "the update"),
    ("      - AGREED: the timetable\n", "agreed", None, "the timetable"),
    ("      - Deferred: to the next meeting\n", "deferred", None, "to the next meeting"),
    ("      - RECOMMENDED to Cabinet: that the policy be adopted\n", "recommended", "Cabinet",
     "that the policy be adopted"),
    ("      - Recommended TO Full Council: that X\n", "recommended", "Full Council", "that X"),
    ("      - Recommended: that X\n", "recommended", None, "that X"),
    ("      - {kind: recommended, to: Cabinet, text: that X}\n", "recommended", "Cabinet", "that X"),
])
def test_a_resolution_of_one_key_in_any_case(write, written: str, kind: str, to: str | None,
                                             said: str) -> None:
    (decision,) = meeting(write(minutes(item(written)))).items[0].decisions
    assert isinstance(decision, Resolution)
    assert (decision.kind, decision.to, decision.text, decision.parts) == (kind, to, said, [])


def test_plain_text_decisions_stay_text(write) -> None:
    read = meeting(write(minutes(item("      - To refuse the application.\n      - 'Resolved: quoted'\n"))))
    assert read.items[0].decisions == ["To refuse the application.", "Resolved: quoted"]


PARTS = """      - kind: resolved
        text: that
        parts:
          - {label: a, text: the report be noted}
          - label: b
            text: the Head of Planning review the fees and report back in September
            action: {id: pc-2024-03-05-7, owner: CD, due: 2024-09}
          - label: c
            text: the clerk write to the applicant
            action:
              id: pc-2024-03-05-8
              text: Write to the applicant with the decision.
              owner: Ann Brown
"""


def test_parts_and_their_actions(write) -> None:
    read = meeting(write(minutes(item(PARTS))))
    (resolution,) = read.items[0].decisions
    assert isinstance(resolution, Resolution)
    assert [p.label for p in resolution.parts] == ["a", "b", "c"]
    raised = list(read.items[0].raised())
    assert [(path, a.id, a.text, a.owner) for path, a in raised] == [
        (("decisions", 0, "parts", 1, "action"), "pc-2024-03-05-7",
         "the Head of Planning review the fees and report back in September", "CD"),
        (("decisions", 0, "parts", 2, "action"), "pc-2024-03-05-8",
         "Write to the applicant with the decision.", "Ann Brown"),
    ]


@pytest.mark.parametrize(("decisions", "line", "column", "code", "said"), [
    ("      - Resolvd: that X\n", 15, 9, "invalid-value", "'Resolvd' is not a kind of decision"),
    ("      - Minded to refuse: that X\n", 15, 9, "invalid-value", "is not a kind of decision"),
    ("      - Resolved:\n          text: that X\n", 15, 9, "invalid-value", "write `kind: resolved`"),
    ("      - {text: that X}\n", 15, 9, "missing-key", "missing key 'kind'"),
    ("      - {kind: Resolved, text: that X}\n", 15, 16, "invalid-value", "kind"),
    ("      - {kind: resolved}\n", 15, 9, "invalid-value", "neither text nor parts"),
    ("      - Resolved:\n", 15, 9, "invalid-value", "neither text nor parts"),
    ("      - {kind: noted, to: Cabinet, text: X}\n", 15, 27, "invalid-value", "goes to no other body"),
    ("      - {kind: resolved, parts: [{label: a, text: X}, {label: a, text: Y}]}\n", 15, 63,
     "invalid-value", "part (a) appears twice"),
    ("      - {kind: resolved, parts: [{label: (a), text: X}]}\n", 15, 42, "invalid-value", "label"),
    ("      - {kind: resolved, parts: [{label: a}]}\n", 15, 34, "missing-key", "missing key 'text'"),
    ("      - {kind: resolved, text: X, votes: {for: 1}}\n", 15, 35, "unknown-key", "'votes'"),
    ("      - [a, b]\n", 15, 9, "invalid-value", "a decision is text, or a resolution"),
])
def test_resolutions_that_say_too_little_or_too_much(write, decisions: str, line: int, column: int,
                                                     code: str, said: str) -> None:
    problems = refused(write(minutes(item(decisions))))
    assert (line, column, code) in {(p[0], p[1], p[2]) for p in problems}, problems
    assert any(said in p[3] for p in problems if p[2] == code), problems


@pytest.mark.parametrize(("change", "bad", "line", "at", "code"), [
    ("owner: CD, due: 2024-09", "owner: XY, due: 2024-09", 21, "XY", "unknown-person"),
    ("due: 2024-09", "due: 2023-09", 21, "2023-09", "due-before-meeting"),
    ("id: pc-2024-03-05-7", "id: pc-2024-03-05-8", 25, "pc-2024-03-05-8", "duplicate-action-id"),
])
def test_part_actions_are_checked_like_any_action(write, change: str, bad: str, line: int, at: str,
                                                  code: str) -> None:
    path = write(minutes(item(PARTS.replace(change, bad))))
    problems = [p for p in refused(path) if p[2] == code]
    assert [p[0] for p in problems] == [line], problems
    assert path.read_text().splitlines()[line - 1][problems[0][1] - 1:].startswith(at)


# --- votes ------------------------------------------------------------------------------------

def voted(vote: str) -> str:
    return minutes(item(f"      - kind: resolved\n        text: that the application be refused\n"
                        f"        vote: {vote}\n"))


@pytest.mark.parametrize("vote", [
    "{for: 2, against: 1, abstain: 0, outcome: carried}",
    "{for: 1, against: 2, outcome: lost}",
    "{for: 1, against: 1, abstain: 1, outcome: carried, casting_vote: AB}",
    "{for: 1, against: 1, outcome: lost, casting_vote: AB}",
    "{for: 1, against: 1}",
    "{for: 1, against: 1, outcome: lost}",
    "{named: {for: [AB, CD], against: [EF]}, outcome: carried}",
    "{for: 2, against: 1, named: {for: [AB]}}",  # one member asked for their vote to be recorded
    "{for: 2, against: 1, abstain: 0, named: {for: [AB, CD], against: [EF], abstain: []}}",
    "{outcome: carried}",
    "{for: '3', against: '0'}",
])
def test_votes_that_agree_check_clean(write, vote: str) -> None:
    assert check(write(voted(vote))) == []


@pytest.mark.parametrize(("vote", "at", "code", "said"), [
    ("{}", "{}", "vote-count", "records no counts, names or outcome"),
    ("{for: 3, against: 1}", "{for: 3", "vote-count", "counts 4 but 3 people were present"),
    ("{for: 1, named: {for: [AB, CD]}}", "[AB, CD]", "vote-count", "2 named as voting for, but the count"),
    ("{against: 0, named: {against: [EF]}}", "[EF]", "vote-count", "1 named as voting against"),
    ("{named: {for: [AB, XY]}}", "XY", "vote-voter", "XY is named as voting for but is not a person"),
    ("{named: {abstain: [GH]}}", "GH", "vote-voter", "GH is named as voting abstaining but was not present"),
    ("{named: {for: [AB], against: [AB]}}", "AB]}", "vote-voter", "AB is named twice"),
    ("{named: {for: [CD, CD]}}", "CD]", "vote-voter", "CD is named twice"),
    ("{for: 2, against: 1, outcome: lost}", "lost", "vote-outcome", "the outcome is lost but 2 voted for"),
    ("{for: 0, against: 2, outcome: carried}", "carried", "vote-outcome", "the outcome is carried but 0"),
    ("{named: {for: [AB], against: [CD, EF]}, outcome: carried}", "carried", "vote-outcome", "is carried"),
    ("{for: 1, against: 1, outcome: carried}", "carried", "vote-outcome", "tied (1 to 1) yet carried"),
    ("{for: 2, against: 1, outcome: carried, casting_vote: AB}", "AB}", "vote-outcome", "was not tied"),
    ("{for: 1, against: 1, casting_vote: AB}", "AB}", "vote-outcome", "without the outcome"),
    ("{for: 1, against: 1, outcome: lost, casting_vote: GH}", "GH}", "vote-voter", "GH, who was not present"),
    ("{for: -1}", "-1", "invalid-value", "cannot be negative"),
    ("{for: 1.5}", "1.5", "invalid-value", "whole number"),
    ("{for: 1, outcome: won}", "won", "invalid-value", "carried"),
    ("{for: 1, abstentions: 0}", "abstentions", "unknown-key", "abstentions"),
])
def test_each_vote_rule_refuses_at_its_place(write, vote: str, at: str, code: str, said: str) -> None:
    """Each problem points at the value at fault: ``at`` is the text found there."""
    path = write(voted(vote))
    problems = [p for p in check(path) if p["code"] == code]
    assert problems and problems[0]["line"] == 17, problems
    line = path.read_text().splitlines()[16]
    assert line[int(str(problems[0]["column"])) - 1:].startswith(at), (line, problems)
    assert any(said in str(p["message"]) for p in problems), problems


# --- the register and the site ----------------------------------------------------------------------

LATER = """---
organisation: Example Council
committee: Planning Committee
date: 2024-04-09
attendees:
  - {initials: AB, name: Ann Brown, role: chair}
  - {initials: CD, name: Carl Dean}
matters_arising:
  - action: pc-2024-03-05-7
    status: done
    note: Fees reviewed.
items:
  - id: 16/24
    title: Fees
---

## 16/24 Fees

AB reported.
"""


def repository(tmp_path: Path) -> Path:
    folder = tmp_path / "minutes" / "planning"
    folder.mkdir(parents=True)
    first = item(PARTS + "      - RECOMMENDED to Cabinet: that the fees rise\n"
                 "      - kind: resolved\n        text: that the application be refused\n"
                 "        vote:\n          for: 2\n          against: 1\n          abstain: 0\n"
                 "          outcome: carried\n          named: {for: [AB, CD], against: [EF]}\n",
                 "15/23")
    (folder / "2024-03-05.md").write_text(minutes(first, "## 15/23 Planning applications\n\nAB opened.\n"))
    (folder / "2024-04-09.md").write_text(LATER)
    return tmp_path


def test_part_actions_are_folded_and_updated_by_a_later_meeting(tmp_path: Path) -> None:
    corpus = load(layout=Layout(repository(tmp_path)))
    assert corpus.problems == []
    life = corpus.register.actions["pc-2024-03-05-7"]
    assert (life.status, life.item, [o.name for o in life.owners]) == ("done", "15/23", ["Carl Dean"])
    assert str(life.due) == "2024-09"
    assert [e.note for e in life.history] == [None, "Fees reviewed."]
    assert corpus.register.actions["pc-2024-03-05-8"].text == "Write to the applicant with the decision."
    assert corpus.register.actions["pc-2024-03-05-8"].is_open


def test_the_register_item_column_shows_the_minute_number(tmp_path: Path, monkeypatch) -> None:
    repo = repository(tmp_path)
    text = (repo / "minutes/planning/2024-03-05.md").read_text()
    (repo / "minutes/planning/2024-03-05.md").write_text(
        text.replace("  - id: 15/23\n", "  - id: a\n    reference: 15/23\n").replace("## 15/23", "## a)"))
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(main, ["actions", "--format", "json", "--status", "done"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)["actions"]
    assert [(a["id"], a["item"]) for a in listed] == [("pc-2024-03-05-7", "15/23")]


def test_the_meeting_page_words_resolutions_votes_and_part_actions(tmp_path: Path) -> None:
    site = build_site(load(with_body=True, layout=Layout(repository(tmp_path))))
    page = site.pages["meetings/planning-committee/2024-03-05.md"]
    assert "## 15/23 Planning applications\n" in page
    assert ("- **RESOLVED**: that (a) the report be noted; (b) the Head of Planning review the fees and "
            "report back in September; (c) the clerk write to the applicant") in page
    assert "- **RECOMMENDED to Cabinet**: that the fees rise" in page
    assert ("- **RESOLVED** (carried: For 2, Against 1, Abstentions 0): that the application be refused "
            "*Recorded vote:* For: AB, CD; Against: EF.") in page
    assert "- **Action** `pc-2024-03-05-7` (part b): the Head of Planning review" in page
    assert "[now: done (register)](../../actions/people/" in page
    later = site.pages["meetings/planning-committee/2024-04-09.md"]
    assert "## 16/24 Fees\n" in later


def test_a_letter_item_shows_its_minute_number_and_a_casting_vote(tmp_path: Path) -> None:
    folder = tmp_path / "minutes"
    folder.mkdir()
    text = voted("{for: 1, against: 1, abstain: 1, outcome: carried, casting_vote: AB}").replace(
        "  - id: a\n", "  - id: a\n    reference: 15/23\n")
    (folder / "planning-2024-03-05.md").write_text(text)
    page = build_site(load(with_body=True, layout=Layout(tmp_path))).pages[
        "meetings/planning-committee/2024-03-05.md"]
    assert "## a) Planning applications (minute 15/23)\n" in page
    assert ("- **RESOLVED** (carried on the casting vote of AB: For 1, Against 1, Abstentions 1): "
            "that the application be refused\n") in page


def test_the_schema_takes_the_decisions_check_takes(tmp_path: Path) -> None:
    taken = ["the report be noted", {"Resolved": "that X"}, {"RECOMMENDED to Cabinet": "that X"},
             {"kind": "resolved", "parts": [{"label": "iv", "text": "X",
                                              "action": {"id": "x-1", "owner": "AB"}}],
              "vote": {"for": 2, "against": 1, "named": {"for": ["AB"]}, "outcome": "carried"}}]
    refused_too = [{"Resolvd": "that X"}, {"kind": "Resolved", "text": "X"},
                   {"kind": "resolved", "parts": [{"label": "(a)", "text": "X"}]},
                   {"kind": "resolved", "vote": {"for": -1}}, {"Resolved": "X", "text": "Y"}]
    files = {}
    for n, decision in enumerate(taken + refused_too):
        data = {"organisation": "E", "committee": "P", "date": "2024-03-05",
                "attendees": [{"initials": "AB", "name": "Ann Brown"}],
                "items": [{"id": "15/09", "title": "T", "decisions": [decision]}]}
        files[n] = tmp_path / f"{n}.yaml"
        files[n].write_text(json.dumps(data))
    assert failing(tmp_path, list(files.values())) == {f"{n}.yaml" for n in range(len(taken), len(files))}
