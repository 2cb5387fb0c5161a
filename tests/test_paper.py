"""Paper: `minutes-kit pdf` and `minutes-kit docx` print the meeting page of the site.

Each example meeting is written through the real commands, then read back (pypdf,
python-docx): every minute number, every resolution and its parts, the signature block,
the draft mark on every page of a draft, page numbers, tags, and never a word of an
exempt record in a public copy; an internal copy has them, marked. Hostile text in the
minutes comes out as text; a missing WeasyPrint is one plain sentence.
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from minutes_kit import canary, paper
from minutes_kit.cli import main
from minutes_kit.corpus import Layout, load
from minutes_kit.escape import markdown_inline, one_line
from minutes_kit.models import Meeting, Resolution
from minutes_kit.paper import _paper
from minutes_kit.render import render
from minutes_kit.word import _Walker

from .conftest import ROOT, copy_repo
from .test_xss import MARK, PAYLOADS, minutes

pytest.importorskip("weasyprint")

NAMES = {  # each example's minutes, and the name of its paper copies
    "cyp-performance-surgery/2012-02-24.md": "children-and-young-people-s-performance-surgery-2012-02-24",
    "cyp-performance-surgery/2012-05-25.md": "children-and-young-people-s-performance-surgery-2012-05-25",
    "cyp-performance-surgery/2012-09-14.md": "children-and-young-people-s-performance-surgery-2012-09-14",
    "corporate-parenting-board/2012-07-10.md": "corporate-parenting-board-2012-07-10",
    "corporate-parenting-board/2012-10-09.md": "corporate-parenting-board-2012-10-09",
}


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the examples with every meeting printed, public and internal."""
    repo = copy_repo(tmp_path_factory.mktemp("paper"))
    before = os.getcwd()
    os.chdir(repo)
    try:
        for command in (["pdf", "--all"], ["docx", "--all"], ["pdf", "--all", "--internal"],
                        ["docx", "--all", "--internal"]):
            done = cli(*command)
            assert done.exit_code == 0, done.output
        yield repo
    finally:
        os.chdir(before)


@pytest.fixture(scope="module")
def meetings() -> dict[str, Meeting]:
    corpus = load(layout=Layout(ROOT))
    return {Path(d.path).relative_to(ROOT / "minutes").as_posix(): d.meeting
            for d in corpus.documents if d.meeting is not None}


@pytest.fixture(scope="module")
def exempt_canaries() -> list[canary.Canary]:
    found = canary.collect(ROOT / "exempt", ROOT / "minutes")
    assert len(found) > 10  # sentences, values and action ids of both exempt parts
    return found


def squeezed(text: str) -> str:
    """Text without whitespace: PDF text breaks lines where the page did."""
    return re.sub(r"\s+", "", text)


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def structure(node: Any) -> set[str]:
    """The roles in a PDF's structure tree: what a screen reader is told each part is."""
    node = node.get_object()
    if isinstance(node, list):
        return {role for child in node for role in structure(child)}
    if not isinstance(node, dict):
        return set()
    roles = {str(node["/S"])} if "/S" in node else set()
    return roles | (structure(node["/K"]) if "/K" in node else set())


def docx_text(path: Path) -> str:
    return docx_text_of(docx.Document(str(path)))


def resolutions(meeting: Meeting) -> list[str]:
    """Every resolution's words and every part's, as the minutes hold them."""
    said = []
    for item in meeting.items:
        for decision in item.decisions:
            if isinstance(decision, Resolution):
                said += [decision.text or "", *(part.text for part in decision.parts)]
            else:
                said.append(decision)
    return [s for s in said if s]


def test_every_meeting_is_written_once_as_pdf_and_docx(repo: Path) -> None:
    written = sorted(p.name for p in (repo / "print").iterdir())
    expected = sorted(f"{name}{internal}.{kind}" for name in NAMES.values()
                      for internal in ("", "-internal") for kind in ("pdf", "docx"))
    assert written == expected
    debris = [p for p in repo.rglob("*") if p.name.startswith(".") and ".minutes-kit-cache" not in p.parts]
    assert debris == []  # no temporary files left behind (the cache is no debris)


@pytest.mark.parametrize("source", sorted(NAMES))
def test_the_pdf_is_tagged_titled_and_in_british_english(repo: Path, meetings: dict[str, Meeting],
                                                          source: str) -> None:
    reader = PdfReader(repo / "print" / f"{NAMES[source]}.pdf")
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "en-GB"
    roles = structure(catalog["/StructTreeRoot"])
    assert {"/H1", "/H2", "/P", "/L", "/LI"} <= roles
    if meetings[source].items[0].measures:
        assert {"/Table", "/TH", "/TD"} <= roles
    # Links to the site's pages lead nowhere on paper: they are text there.
    targets = [a.get_object()["/A"].get("/URI", "") for page in reader.pages
               for a in page.get("/Annots") or []]
    assert all(re.match(r"[a-z]+:", target) for target in targets), targets
    meeting = meetings[source]
    day = f"{meeting.date.day} {meeting.date:%B %Y}"
    assert reader.metadata is not None
    draft = " (draft)" if meeting.status == "draft" else ""
    assert reader.metadata.title == f"{meeting.heading}: {day}{draft}"


@pytest.mark.parametrize("source", sorted(NAMES))
def test_the_pdf_holds_every_minute_and_resolution_and_the_signature(
        repo: Path, meetings: dict[str, Meeting], source: str) -> None:
    pages = pdf_pages(repo / "print" / f"{NAMES[source]}.pdf")
    whole = squeezed("\n".join(pages))
    meeting = meetings[source]
    for item in meeting.items:
        assert squeezed(item.minute) in whole, item.minute
        assert squeezed(item.title) in whole, item.title
    for words in resolutions(meeting):
        assert squeezed(words) in whole, words
    assert "Chair....." in whole and "Date....." in whole
    for n, page in enumerate(pages, 1):
        assert f"Page {n} of {len(pages)}" in page
    drafts = sum("DRAFT" in page for page in pages)
    assert drafts == (len(pages) if meeting.status == "draft" else 0)
    assert "NOT FOR PUBLICATION" not in whole
    assert "now:" not in whole  # the record as agreed, not the register of the day it was printed


@pytest.mark.parametrize("source", sorted(NAMES))
def test_the_docx_holds_every_minute_and_resolution_and_the_signature(
        repo: Path, meetings: dict[str, Meeting], source: str) -> None:
    path = repo / "print" / f"{NAMES[source]}.docx"
    document = docx.Document(str(path))
    text = docx_text(path)
    meeting = meetings[source]
    headings = [p.text for p in document.paragraphs if p.style is not None and
                p.style.name.startswith("Heading")]
    for item in meeting.items:
        assert any(item.minute in h and item.title in h for h in headings), item.minute
    for words in resolutions(meeting):
        assert squeezed(words) in squeezed(text), words
    assert "Chair ....." in text and "Date ....." in text
    assert document.sections[0].header.paragraphs[0].text == ("DRAFT" if meeting.status == "draft" else "")
    assert document.core_properties.title.startswith(meeting.heading)
    assert document.core_properties.language == "en-GB"
    assert "now:" not in text


def test_the_docx_sets_out_attendance_declarations_votes_and_the_exclusion(repo: Path) -> None:
    text = docx_text(repo / "print" / "corporate-parenting-board-2012-10-09.docx")
    assert "Present: Councillor Evonne Williams (EW), chair" in text
    assert "Declarations of interest: Councillor Ruth Turner (RT), item 21/12" in text
    assert "RESOLVED (carried: For 3, Against 0, Abstentions 1)" in text
    assert "Recorded vote: Abstained: GS." in text
    assert "the public were excluded under paragraph 1 of Part 1 of Schedule 12A" in text
    assert "Owner: the Head of Fostering; due January 2013." in text
    assert "The meeting closed at 19:35." in text


def test_the_docx_keeps_tables_as_tables(repo: Path) -> None:
    name = NAMES["cyp-performance-surgery/2012-02-24.md"]
    document = docx.Document(str(repo / "print" / f"{name}.docx"))
    assert len(document.tables) == 2
    header = [cell.text for cell in document.tables[0].rows[0].cells]
    assert header == ["measure", "actual", "target", "forecast"]
    assert "56.2\n✗ adrift" in document.tables[0].rows[1].cells[1].text


def test_public_copies_hold_no_exempt_text(repo: Path, exempt_canaries: list[canary.Canary]) -> None:
    outputs = {}
    for name in NAMES.values():
        outputs[f"{name}.pdf"] = "\n".join(pdf_pages(repo / "print" / f"{name}.pdf"))
        outputs[f"{name}.docx"] = docx_text(repo / "print" / f"{name}.docx")
    assert canary.scan(exempt_canaries, outputs) == []


def test_internal_copies_hold_the_exempt_records_marked(repo: Path,
                                                        exempt_canaries: list[canary.Canary]) -> None:
    for name in ("corporate-parenting-board-2012-07-10", "corporate-parenting-board-2012-10-09"):
        pages = pdf_pages(repo / "print" / f"{name}-internal.pdf")
        assert all("NOT FOR PUBLICATION" in page for page in pages)
        text = docx_text(repo / "print" / f"{name}-internal.docx")
        outputs = {"pdf": "\n".join(pages), "docx": text}
        leaks = canary.scan(exempt_canaries, outputs)
        assert {leak.output for leak in leaks} == {"pdf", "docx"}
        assert "EXEMPT: not for publication" in text
        header = docx.Document(str(repo / "print" / f"{name}-internal.docx")).sections[0].header
        assert "NOT FOR PUBLICATION" in header.paragraphs[0].text
    reader = PdfReader(repo / "print" / "corporate-parenting-board-2012-07-10-internal.pdf")
    assert reader.metadata is not None and reader.metadata.title is not None
    assert reader.metadata.title.endswith("(NOT FOR PUBLICATION)")


def test_a_committee_is_also_bound_in_one_pdf(tmp_path: Path) -> None:
    copy_repo(tmp_path)
    os.chdir(tmp_path)
    try:
        done = cli("pdf", "--committee", "Corporate Parenting Board", "--out", "bound")
    finally:
        os.chdir(ROOT)
    assert done.exit_code == 0, done.output
    names = sorted(p.name for p in (tmp_path / "bound").iterdir())
    assert names == ["corporate-parenting-board-2012-07-10-to-2012-10-09.pdf",
                     "corporate-parenting-board-2012-07-10.pdf", "corporate-parenting-board-2012-10-09.pdf"]
    single = [len(PdfReader(tmp_path / "bound" / n).pages) for n in names[1:]]
    reader = PdfReader(tmp_path / "bound" / names[0])
    assert len(reader.pages) == sum(single)
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.metadata is not None
    assert reader.metadata.title == "Minutes of Corporate Parenting Board: 10 July 2012 to 9 October 2012"
    assert "wrote bound/corporate-parenting-board-2012-07-10-to-2012-10-09.pdf (2 meetings)" in done.output


@pytest.mark.parametrize("command", ["pdf", "docx"])
def test_exempt_text_copied_into_public_minutes_is_refused_before_writing(tmp_path: Path,
                                                                          command: str) -> None:
    copy_repo(tmp_path)
    sentence = ("LD, the child's IRO, presented the placement plan for Child K, including the change "
                "of school and the transport needed to get there")  # from the exempt part
    minutes_file = tmp_path / "minutes/corporate-parenting-board/2012-07-10.md"
    text = minutes_file.read_text(encoding="utf-8")
    minutes_file.write_text(text.replace("Members asked", f"Members heard that {sentence}. Members asked"),
                            encoding="utf-8")
    os.chdir(tmp_path)
    try:
        done = cli(command, "--all")
    finally:
        os.chdir(ROOT)
    assert done.exit_code == 1
    assert "exempt text would be made public; nothing was written" in done.output
    assert f"corporate-parenting-board-2012-07-10.{command}: exempt text from " in done.output
    assert not (tmp_path / "print").exists()


def test_without_weasyprint_pdf_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # the import fails as when not installed
    monkeypatch.chdir(tmp_path)
    done = cli("pdf", "--all")
    assert done.exit_code == 1
    assert "pip install 'minutes-kit[pdf]'" in done.output
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in done.output
    assert "Traceback" not in done.output and isinstance(done.exception, SystemExit)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args, said", [
    ([], "say which minutes"),
    (["--all", "--out", "minutes/paper"], "minutes/paper is inside minutes"),
    (["--all", "--out", "exempt"], "exempt is inside exempt"),
    (["exempt/corporate-parenting-board/2012-07-10.md"], "is not among the minutes"),
    (["--committee", "Corporate Parenting"], "no minutes of a committee 'Corporate Parenting'"),
])
@pytest.mark.parametrize("command", ["pdf", "docx"])
def test_refusals_are_plain_and_write_nothing(tmp_path: Path, command: str, args: list[str],
                                              said: str) -> None:
    copy_repo(tmp_path)
    os.chdir(tmp_path)
    try:
        done = cli(command, *args)
    finally:
        os.chdir(ROOT)
    assert done.exit_code in (1, 2) and said in done.output, done.output
    assert isinstance(done.exception, SystemExit)  # a refusal, not a crash
    assert not (tmp_path / "print").exists() and not (tmp_path / "minutes/paper").exists()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The payloads of the site's injection tests in every field and the narrative."""
    repo = copy_repo(tmp_path_factory.mktemp("hostile"))
    (repo / "minutes/xss").mkdir()
    (repo / "minutes/xss/2012-10-01.md").write_text(minutes(" ".join(PAYLOADS)), encoding="utf-8")
    os.chdir(repo)
    try:
        for command in ("pdf", "docx"):
            done = cli(command, "minutes/xss/2012-10-01.md")
            assert done.exit_code == 0, done.output
    finally:
        os.chdir(ROOT)
    return repo / "print"


def test_hostile_text_is_text_in_both_documents(hostile: Path) -> None:
    (pdf,) = hostile.glob("*.pdf")
    (word,) = hostile.glob("*.docx")
    pdf_text = squeezed("\n".join(pdf_pages(pdf)))
    word_text = docx_text(word)
    for payload in (f"<script>{MARK}</script>", f'<img src=x onerror="{MARK}">',
                    f"</title><script>{MARK}</script>", f"[link](javascript:{MARK})"):
        assert squeezed(payload) in pdf_text, payload
        assert payload in word_text, payload
    document = docx.Document(str(word))
    # A line break in a value never starts a heading or paragraph of its own.
    assert not any(p.text.lstrip("# ").startswith(("Injected heading", "b ")) for p in document.paragraphs)
    assert sum("Injected heading" in p.text for p in document.paragraphs) >= 5
    title = PdfReader(pdf).metadata
    assert title is not None and f"<script>{MARK}</script>" in str(title.title)


def test_paper_is_the_same_bytes_each_time(repo: Path) -> None:
    os.chdir(repo)
    try:
        before = {p.name: p.read_bytes() for p in (repo / "print").glob("corporate-*-07-10.*")}
        done = cli("pdf", "minutes/corporate-parenting-board/2012-07-10.md")
        assert done.exit_code == 0, done.output
        done = cli("docx", "minutes/corporate-parenting-board/2012-07-10.md")
        assert done.exit_code == 0, done.output
    finally:
        os.chdir(ROOT)
    after = {p.name: p.read_bytes() for p in (repo / "print").glob("corporate-*-07-10.*")}
    assert len(before) == 2 and before == after


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60))
def test_any_text_of_the_minutes_comes_out_of_the_walker_as_written(value: str) -> None:
    expected = " ".join(one_line(value).split())
    if not expected:
        return
    document = docx.Document()
    walker = _Walker(document)
    walker.feed(render(f"# Title\n\nSaid: {markdown_inline(value)}\n\n- **Item:** "
                       f"{markdown_inline(value)}\n").html)
    walker.close()
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "Title"
    assert " ".join(paragraphs[1].split()) == " ".join(f"Said: {expected}".split())
    assert " ".join(paragraphs[2].split()) == " ".join(f"Item: {expected}".split())
    assert len(paragraphs) == 3


@pytest.mark.parametrize("markdown, html", [
    ("## 2) Title", '<h2 id="2-title">2) Title</h2>'),  # no permalink
    ("See [the measure](../../measures/pm-1.md) and [`x`](page.md#a).",
     "<p>See the measure and <code>x</code>.</p>"),
    ("Read [the Act](https://www.legislation.gov.uk/) or [mail](mailto:clerk@example.org).",
     '<p>Read <a href="https://www.legislation.gov.uk/">the Act</a> or '
     '<a href="mailto:clerk@example.org">mail</a>.</p>'),
    ('A chart: ![Chart of <b>"PM 1"</b>](https://evil.example/x.png).',
     "<p>A chart: Chart of &lt;b&gt;&quot;PM 1&quot;&lt;/b&gt;.</p>"),
])
def test_paper_html_links_only_outward_and_fetches_nothing(markdown: str, html: str) -> None:
    assert _paper(render(markdown).html).strip() == html


def test_only_one_committee_s_meetings_are_bound() -> None:
    corpus = load(layout=Layout(ROOT), with_body=True)
    every = paper.sheets(paper.chosen(corpus, [], None, True, False), corpus.register, False)
    board = [s for s in every if s.meeting.committee == "Corporate Parenting Board"]
    assert paper.binding(every, False) is None  # two committees: no one volume
    assert paper.binding(board[:1], False) is None  # one meeting is its own PDF
    assert paper.binding(board, True) == (
        "corporate-parenting-board-2012-07-10-to-2012-10-09-internal",
        "Minutes of Corporate Parenting Board: 10 July 2012 to 9 October 2012 (NOT FOR PUBLICATION)")


_PIECES = st.sampled_from(["<p>", "</p>", "<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>", "<table>",
                           "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", "</th>", "<strong>",
                           "</strong>", "<em>", "</em>", "<code>", "</code>", "<br>", "<h2>", "</h2>",
                           '<div class="mk-now">', "</div>", "<script>", "</script>", "text", " ",
                           "&lt;b&gt;", "\x0b"])


@settings(max_examples=80, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_the_walker_takes_any_arrangement_of_the_page_s_tags(pieces: list[str]) -> None:
    """Narrative HTML is the clerk's: whatever its shape, Word gets a document, never a crash."""
    document = docx.Document()
    walker = _Walker(document)
    walker.feed("".join(pieces))
    walker.close()
    text = docx_text_of(document)
    assert "<b>" not in text or "&lt;b&gt;" in "".join(pieces)
    document.save(io.BytesIO())


def docx_text_of(document: Any) -> str:
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)
