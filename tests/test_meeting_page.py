"""The meeting page is the minutes: each minute once, in order, with its own narrative and
its record as the meeting made it; matters arising, the close, a signature block for print
and the committee's meetings either side."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minutes_kit.body import parse, written_label
from minutes_kit.corpus import Document, Layout, load
from minutes_kit.escape import markdown_inline as text
from minutes_kit.models import Meeting
from minutes_kit.reader import read
from minutes_kit.sections import split
from minutes_kit.site import build_site

from .conftest import ROOT
from .test_site import EXEMPT_WORDS

CYP = "meetings/children-and-young-people-s-performance-surgery"
CPB = "meetings/corporate-parenting-board"
MEETINGS = [f"{CYP}/2012-02-24", f"{CYP}/2012-05-25", f"{CYP}/2012-09-14", f"{CPB}/2012-07-10",
            f"{CPB}/2012-10-09"]


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return build_site(load(with_body=True, layout=Layout(ROOT))).pages


def _paragraphs(source: Path) -> dict[str, list[str]]:
    """Each item's prose lines as the file writes them, cut at its heading by the test's
    own reading: the label a heading starts with."""
    doc = read(source)
    meeting = Meeting.model_validate(doc.data)
    labels = {f"## {written_label(item.id)}": item.id for item in meeting.items}
    found: dict[str, list[str]] = {"": []}
    current = ""
    for line in doc.body.split("\n"):
        label = next((key for key in labels if line.startswith(key + " ")), None)
        if label:
            current = labels[label]
            found[current] = []
        elif line.strip() and not line.startswith("#"):
            found[current].append(line.strip().removeprefix("- "))
    return found


@pytest.mark.parametrize("page", MEETINGS)
def test_each_minute_shows_its_own_narrative_once_under_its_heading(pages: dict[str, str], page: str) -> None:
    shown = pages[f"{page}.md"]
    assert "## Narrative" not in shown
    meeting = Meeting.model_validate(read(ROOT / "minutes" / _source(page)).data)
    starts = [shown.index(f"## {text(written_label(item.id))} ") for item in meeting.items]
    assert starts == sorted(starts)  # the minutes in order
    ends = [*starts[1:], len(shown)]
    bounds = dict(zip([item.id for item in meeting.items], zip(starts, ends, strict=True),
                      strict=True))
    for item_id, lines in _paragraphs(ROOT / "minutes" / _source(page)).items():
        for line in (line for line in lines if len(line) > 30):  # long enough to be said once
            assert shown.count(line) == 1, (item_id, line)
            at = shown.index(line)
            low, high = bounds[item_id] if item_id else (0, starts[0])
            assert low < at < high, (item_id, line)


def _source(page: str) -> str:
    committee, day = page.split("/")[1:]
    folder = "cyp-performance-surgery" if committee.startswith("children") else committee
    return f"{folder}/{day}.md"


def test_actions_show_what_the_meeting_agreed_and_the_register_beside(pages: dict[str, str]) -> None:
    page = pages[f"{CYP}/2012-02-24.md"]
    five = next(line for line in page.split("\n") if "`cyp-2012-02-24-5`" in line)
    assert "Owner: Mark Barratt; due July 2012." in five
    assert five.endswith("[now: open; owner Heather Greenan (register)]"
                         "(../../actions/people/heather-greenan.md#cyp-2012-02-24-5)</span>")
    four = next(line for line in page.split("\n") if "`cyp-2012-02-24-4`" in line)
    assert "Owner: Jacqui Jensen; due September 2012." in four
    assert "[now: in progress; due November 2012 (register)]" in four
    one = next(line for line in page.split("\n") if "`cyp-2012-02-24-1`" in line)
    assert "[now: done (register)]" in one  # nothing else changed: nothing else said


def test_matters_arising_list_each_update_as_minuted(pages: dict[str, str]) -> None:
    may = pages[f"{CYP}/2012-05-25.md"]
    arising = may[may.index("## Matters arising"):may.index("## a) ")]
    assert arising.count("- **Action** ") == 3
    assert ("[`cyp-2012-02-24-6`](../../actions/people/jacqui-jensen.md#cyp-2012-02-24-6): Put the Family "
            "Intervention Project in place") in arising
    assert ("*Update:* status: **in progress**; new due date: September 2012; Project staff "
            "recruited") in arising
    assert "passed to Heather Greenan; Passed to HG" in arising
    assert not re.search(r"\.\.(?!/)", arising)  # a note's own full stop ends the line
    september = pages[f"{CYP}/2012-09-14.md"]
    assert "## Matters arising" in september and "`cyp-2012-02-24-3`" in september
    assert "## Matters arising" not in pages[f"{CPB}/2012-07-10.md"]  # none minuted, no heading


def test_the_page_closes_with_the_time_a_signature_and_its_neighbours(pages: dict[str, str]) -> None:
    may = pages[f"{CYP}/2012-05-25.md"]
    tail = may[may.index("The meeting closed at 11:30."):]
    assert tail.index("Chair ....") < tail.index("Date ....") < tail.index(
        "[Previous meeting: 24 February 2012](2012-02-24.md) | "
        "[Next meeting: 14 September 2012](2012-09-14.md)")
    first = pages[f"{CYP}/2012-02-24.md"]
    assert "Previous meeting" not in first and "[Next meeting: 25 May 2012](2012-05-25.md)" in first
    board = pages[f"{CPB}/2012-10-09.md"]  # another committee's meetings are not its neighbours
    assert "[Previous meeting: 10 July 2012](2012-07-10.md)" in board and "[Next meeting:" not in board


def test_substitutes_are_named_for_whom(pages: dict[str, str]) -> None:
    board = pages[f"{CPB}/2012-07-10.md"]
    line = next(line for line in board.split("\n") if line.startswith("**Substitutes:**"))
    assert re.search(r" for Councillor \w+ \w+ \([A-Z]+\)", line), line


def test_exempt_notice_is_worded_as_before_and_nothing_exempt_shows(pages: dict[str, str]) -> None:
    board = pages[f"{CPB}/2012-07-10.md"]
    assert ("## 3\\) Review of an individual placement (minute 16/12)\n\n*This item was considered in "
            "private: the public were excluded under paragraph 1 of Part 1 of Schedule 12A to the Local "
            "Government Act 1972.*") in board
    everything = "\n".join(pages.values())
    for word in EXEMPT_WORDS:
        assert word not in everything, word


def test_an_internal_page_keeps_the_exempt_narrative_with_its_minute() -> None:
    pages = build_site(load(with_body=True, layout=Layout(ROOT), exempt=True), internal=True).pages
    board = pages[f"{CPB}/2012-07-10.md"]
    minute = board[board.index("## 3\\) "):]
    assert minute.index("EXEMPT: not for publication") < minute.index("Child K") < minute.index(
        "The placement plan was endorsed")


LABELS = st.lists(st.sampled_from(["a", "b", "c", "1", "2", "15/09", "16/09"]), min_size=1, max_size=4,
                  unique=True)
# A line of prose never ends in a space: the page trims it, and the test compares lines.
PROSE = st.lists(st.text(alphabet="abcdefgh ", min_size=1, max_size=20).map(lambda s: f"word {s}".strip()),
                 max_size=3)


@settings(max_examples=60, deadline=None)
@given(labels=LABELS, opening=PROSE, texts=st.lists(PROSE, min_size=4, max_size=4),
       extra=st.booleans())
def test_every_line_of_a_body_lands_in_one_section(labels: list[str], opening: list[str],
                                                  texts: list[list[str]], extra: bool) -> None:
    """Whatever the items and prose: the opening keeps what comes before the first item,
    each item keeps its own lines, a heading of no item and a fenced `#` stay in place."""
    parts = ["# Title", "", *opening, ""]
    for label, prose in zip(labels, texts, strict=False):
        parts += [f"## {written_label(label)} Item {label}", "", *prose, "", "### Detail", ""]
    if extra:
        parts += ["## Any other business", "", "```", "# not a heading", "```", ""]
    body = "\n".join(parts)
    meeting = Meeting.model_validate({
        "organisation": "O", "committee": "C", "date": "2024-01-01",
        "attendees": [{"initials": "AB", "name": "Ann Brown"}],
        "items": [{"id": label, "title": f"Item {label}"} for label in labels]})
    document = Document("m.md", meeting, None, [], body, 1, parse(body, 1).headings)  # type: ignore[arg-type]
    sections = split(document, meeting)
    assert "Title" not in sections.opening
    assert [line for line in sections.opening.split("\n") if line] == [line for line in opening if line]
    for label, prose in zip(labels, texts, strict=False):
        shown = sections.items[label]
        assert "Item " not in shown  # the page writes the heading
        assert all(line in shown for line in prose)
        assert "### Detail" in shown
    if extra:
        last = sections.items[labels[-1]]
        assert "## Any other business" in last and "\n# not a heading\n" in last


def test_a_strict_build_prints_as_the_record(built: Path) -> None:
    page = (built / f"{CYP}/2012-09-14/index.html").read_text()
    assert 'class="mk-draft-mark"' in page and 'class="mk-signature"' in page
    assert 'href="../2012-05-25/"' in page
    assert "The meeting closed at" in page
    css = (built / "stylesheets/minutes-kit.css").read_text()
    assert "@media print" in css and "counter(page)" in css and "overflow: visible" in css
    print_rules = css[css.index("@media print"):]
    assert ".mk-draft-mark { display: block; position: fixed" in print_rules
    approved = (built / f"{CYP}/2012-05-25/index.html").read_text()
    assert "mk-draft-mark" not in approved and 'class="mk-signature"' in approved


def test_measure_tables_keep_each_status_beside_its_figure() -> None:
    """Four columns, not nine: the status is in the figure's cell, so it is on screen
    wherever the figure is; period, unit and polarity go with the measure's name."""
    from minutes_kit.corpus import Layout, load
    from minutes_kit.site import build_site

    from .conftest import ROOT

    page = build_site(load(with_body=True, layout=Layout(ROOT))).pages[
        "meetings/children-and-young-people-s-performance-surgery/2012-02-24.md"]
    assert "| measure | actual | target | forecast |" in page
    row = next(line for line in page.splitlines() if line.startswith("| [EI&amp;ISS PM 04]"))
    assert "Q3 2011/12, per 10,000 population, lower is better" in row
    assert row.count("mk-status") == 2 and row.count("|") == 5
