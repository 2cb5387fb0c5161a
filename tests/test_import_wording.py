"""Wordings the importer reads, each as a class with variations: a figure before its
subject, resolution parts inside one paragraph, whether a declaring member withdrew, the
chair among several roles, a meeting of the council itself, polarity cells."""

from __future__ import annotations

from contextlib import chdir
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from minutes_kit import corpus as corpus_
from minutes_kit.cli import main
from minutes_kit.corpus import Layout
from minutes_kit.importer.find_measures import measure_table, measures_in
from minutes_kit.importer.find_meeting import read_preamble
from minutes_kit.importer.find_people import people_in
from minutes_kit.importer.parse import parse
from minutes_kit.importer.read_text import blocks_of


def _mark(key: str, what: str) -> str:
    return f"[import] {what}"


HEAD = """MARSHFORD DISTRICT COUNCIL

PLANNING COMMITTEE

MINUTES of a meeting held on 16th June 2009 in the Council Chamber, commencing at 6.00 p.m.

PRESENT:  Councillor K. Adeyemi (Chairman), Councillors P. Lowther and R. Okafor.

12/09 {title}

{body}

The meeting closed at 7.40 p.m.
"""


def _item(body: str, title: str = "REPORTS") -> dict[str, Any]:
    draft = parse(blocks_of(HEAD.format(title=title, body=body)), "source.txt")
    item: dict[str, Any] = draft.front["items"][0]
    return {**item, "declarations": draft.front.get("declarations", [])}


figures = st.builds(lambda whole, tenth: f"{whole}.{tenth}" if tenth else str(whole),
                    st.integers(1, 99), st.sampled_from([None, 1, 5, 9]))


@settings(deadline=None)
@given(figures, figures, st.integers(2, 52), st.sampled_from([
    "{a}% of major applications were decided within {n} weeks",
    "{a}% of children in Year {n} were obese",
    "{a}% of the {n} households surveyed were satisfied",
    "the share of calls answered within {n} seconds was {a}%",
    "in ward {n}, {a}% of bins were collected on time",
]))
def test_a_figure_before_or_after_its_subject(actual: str, target: str, other: int, form: str) -> None:
    """The figure set against a target is the one in the target's unit, wherever the
    subject and its own numbers stand."""
    said = "The Head of Planning reported that " + form.format(a=actual, n=other)
    found = measures_in(f"{said} against a target of {target}%.", "Planning", _mark)
    assert [(m["actual"], m["target"], m["unit"]) for m in found] == [(f"{actual}%", f"{target}%", "%")]
    assert str(other) in found[0]["title"] or "ward" in said


@settings(deadline=None)
@given(figures, figures, st.integers(2, 9), st.sampled_from(["days", "weeks"]))
def test_a_figure_in_a_unit_word_after_other_numbers(actual: str, target: str, kinds: int, unit: str) -> None:
    said = f"Processing of {kinds} claim types took {actual} {unit} against a target of {target} {unit}."
    found = measures_in(said, "Benefits", _mark)
    assert [(m["actual"], m["target"], m.get("unit")) for m in found] == [(actual, target, unit)]


LABELS = {"number": list("12345"), "letter": list("abcde"), "roman": ["i", "ii", "iii", "iv", "v"]}
PARTS = [
    "the report be noted",
    "the draft policy be recommended to Council for adoption",
    "the consultation responses be published",
    "the item be deferred to the next meeting",
]


@settings(deadline=None)
@given(
    st.sampled_from(sorted(LABELS)),
    st.lists(st.sampled_from(PARTS), min_size=1, max_size=4),
    st.sampled_from(["; and ", "; ", ", ", " and "]),
    st.sampled_from(["Licensing Manager", "Head of Planning", "Clerk", "Director of Place"]),
    st.sampled_from(["That ", "that ", ""]),
)
def test_parts_numbered_inside_one_paragraph(
    style: str, texts: list[str], joint: str, post: str, lead: str
) -> None:
    """Each inline part is a part with its label; the one that gives a post a task with a
    date is that post's action."""
    task = f"the {post} publish the summary by 31 October 2021"
    said = [*texts, task]
    labels = LABELS[style][: len(said)]
    body = "RESOLVED: " + lead + joint.join(f"({lb}) {text}" for lb, text in zip(labels, said, strict=True))
    decision = _item(body + ".")["decisions"][0]
    assert [(p["label"], p["text"]) for p in decision["parts"]] == list(zip(labels, said, strict=True))
    assert decision["parts"][-1]["action"] == {"owner": f"the {post}", "due": "31 October 2021"}
    assert all("action" not in p for p in decision["parts"][:-1])
    assert "text" not in decision


@pytest.mark.parametrize("said", [
    "RESOLVED: That the minutes be approved (see (2) below).",
    "RESOLVED: That (2) the report be noted.",
    "RESOLVED: That the report (a) be noted.",
])
def test_a_lone_or_unordered_label_is_not_parts(said: str) -> None:
    decision = _item(said)["decisions"][0]
    assert "parts" not in decision and decision["text"] == said.removeprefix("RESOLVED: ")


@pytest.mark.parametrize(("said", "withdrew"), [
    ("she took part in the debate", "false"),
    ("she took part in the debate and voted", "false"),
    ("he remained in the room", "false"),
    ("and voted on the item", "false"),
    ("he left the room during the item", "true"),
    ("she withdrew from the meeting", "true"),
    ("and did not take part in the debate or vote", "true"),
    ("she took no part in the discussion", "true"),
    ("he left the chamber", "true"),
    ("as a member of the Residents' Association", None),
    ("and did not vote", None),
])
def test_whether_a_declaring_member_withdrew(said: str, withdrew: str | None) -> None:
    """Only what the minutes say: leaving or taking no part is withdrawing, staying or
    taking part is not, and anything else is left for the clerk."""
    body = f"Councillor Lowther declared a personal interest in minute 12/09; {said}."
    declaration = _item(body, "DECLARATIONS OF INTEREST")["declarations"][0]
    assert declaration["member"] == "PL"
    assert declaration.get("withdrew") == withdrew


OTHER_ROLES = ["Leader of the Council", "Portfolio Holder for Housing", "Ward Member", "Mayor"]


@settings(deadline=None)
@given(
    st.sampled_from(["Chair", "Chairman", "Chairwoman", "Vice-Chair", "Vice Chairman"]),
    st.lists(st.sampled_from(OTHER_ROLES), min_size=1, max_size=3),
    st.integers(0, 3),
    st.sampled_from([", ", "; ", " and "]),
)
def test_the_chair_among_several_roles(chair: str, others: list[str], at: int, joint: str) -> None:
    roles = [*others]
    roles.insert(min(at, len(roles)), chair)
    people = people_in(f"Councillor Joanna Tierney ({joint.join(roles)}), Councillor Femi Adebayo",
                       "attendees", 1)
    expected = "vice-chair" if chair.startswith("Vice") else "chair"
    assert [(p.name, p.role) for p in people] == [("Joanna Tierney", expected), ("Femi Adebayo", None)]


@pytest.mark.parametrize("role", ["Chair of Scrutiny", "Chairman of the Trust", "Leader of the Council"])
def test_a_role_that_only_names_a_chair_is_kept(role: str) -> None:
    assert people_in(f"Councillor Joanna Tierney ({role})", "attendees", 1)[0].role == role


@pytest.mark.parametrize(("said", "committee"), [
    ("Minutes of a meeting of the Parish Council held on 3 March 2020", "Parish Council"),
    ("Minutes of a meeting of Ellerby Parish Council held on 3 March 2020", "Ellerby Parish Council"),
    ("MINUTES of a meeting of the Council held in the Chamber on 3 March 2020", "Council"),
    ("Minutes of a meeting of the Town Council on 3 March 2020", "Town Council"),
    ("Minutes of a meeting of the Planning Committee of Ellerby Parish Council", "Planning Committee"),
    ("Minutes of a meeting of the Council Tax Support Panel", "Council Tax Support Panel"),
])
def test_a_meeting_of_the_council_itself(said: str, committee: str) -> None:
    found = read_preamble(blocks_of(said))
    assert found.committee is not None and found.committee[0] == committee


def test_a_parish_council_meeting_imports_and_checks(tmp_path: Path) -> None:
    source = tmp_path / "parish.txt"
    source.write_text(
        "ELLERBY PARISH COUNCIL\n\nMinutes of a meeting of the Parish Council held on 3 March 2020"
        " in the Village Hall, commencing at 7.30 p.m.\n\nPresent: Councillor A. Oakes (Vice-Chairman,"
        " in the chair), Councillors B. Hebden and C. Lal.\n\n1. APOLOGIES\n\nThere were none.\n\n"
        "The meeting closed at 8.40 p.m.\n"
    )
    with chdir(tmp_path):
        result = CliRunner().invoke(main, ["import", str(source)])
        assert result.exit_code == 0, result.output
        written = Path("minutes/parish-council/2020-03-03.md")
        assert written.is_file() and 'committee: "Parish Council"' in written.read_text()
        problems = corpus_.load(layout=Layout(Path("."))).problems
        assert [p for p in problems if p.severity == "error"] == []


@pytest.mark.parametrize(("cell", "better"), [
    ("Low", "lower"), ("High", "higher"), ("low", "lower"), ("HIGH", "higher"),
    ("Lower is better", "lower"), ("Higher is better", "higher"), ("Smaller is better", "lower"),
    ("Bigger is better", "higher"), ("Larger is better.", "higher"),
])
@pytest.mark.parametrize("header", ["Polarity", "Good is", "Better", "Direction"])
def test_polarity_cells(cell: str, better: str, header: str) -> None:
    rows = (("Indicator", "Actual", "Target", header), ("Days to process a claim", "31.4", "28", cell))
    found = measure_table(rows, "Benefits", _mark)
    assert found is not None and found[0]["better"] == better


@pytest.mark.parametrize("cell", ["", "n/a", "Target", "Low risk"])
def test_a_polarity_cell_that_says_nothing_is_left_for_the_clerk(cell: str) -> None:
    rows = (("Indicator", "Actual", "Target", "Polarity"), ("Days to process a claim", "31", "28", cell))
    found = measure_table(rows, "Benefits", _mark)
    assert found is not None and found[0]["better"].startswith("[import]")
