"""The HTML reader: generic pages, the modern.gov layout, and pages it must refuse."""

from __future__ import annotations

import html
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minutes_kit.importer import read_html
from minutes_kit.importer.blocks import Block, Unreadable

LEGACY = Path(__file__).parent / "legacy" / "moderngov-2021" / "source.html"


def shapes(blocks: list[Block]) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in blocks]


def page(tmp_path: Path, body: str, name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_text(f"<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>",
                    encoding="utf-8")
    return path


def test_generic_page_gives_headings_paragraphs_items_and_tables(tmp_path: Path) -> None:
    path = page(tmp_path, """
<header><p>Site menu</p></header><nav><a href="/">Home</a></nav>
<h1>Marshford District Council</h1>
<h2>12/09 Apologies for absence</h2>
<p>An apology was received from
   Councillor Ridley.</p>
<p>RESOLVED:</p>
<ol type="a"><li>that the report be noted;<li>that the Head of Finance report back.</ol>
<ul><li>(c) already lettered</li></ul>
<table><tr><th>Measure<th>Actual<th>Target
<tr><td>Days to process claims<td>31.4<td>28</table>
<script>alert("x")</script><style>p {}</style>
<footer>Copyright</footer>""")
    blocks = read_html.read(path)
    assert shapes(blocks) == [
        ("heading", "Marshford District Council"),
        ("heading", "12/09 Apologies for absence"),
        ("paragraph", "An apology was received from Councillor Ridley."),
        ("paragraph", "RESOLVED:"),
        ("item", "(a) that the report be noted;"),
        ("item", "(b) that the Head of Finance report back."),
        ("item", "(c) already lettered"),
        ("table", ""),
    ]
    assert blocks[-1].rows == (("Measure", "Actual", "Target"), ("Days to process claims", "31.4", "28"))
    assert [block.level for block in blocks[:2]] == [1, 2]


def test_lines_are_the_source_lines(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_text("<html>\n<body>\n<h2>Title</h2>\n\n<p>First\nparagraph</p>\n<ul>\n<li>one</li>\n</ul>\n")
    assert [(block.text, block.line) for block in read_html.read(path)] == [
        ("Title", 3), ("First paragraph", 5), ("one", 8)]


def test_hidden_parts_are_not_read(tmp_path: Path) -> None:
    path = page(tmp_path, '<p>Shown</p><p style="display: none">Hidden</p><p hidden>Also hidden</p>'
                          '<div aria-hidden="true">Icon text</div>')
    assert shapes(read_html.read(path)) == [("paragraph", "Shown")]


def test_entities_are_decoded_and_br_breaks_the_line(tmp_path: Path) -> None:
    path = page(tmp_path, "<p>Smith &amp; Jones&nbsp;Ltd &pound;48,250<br>second line</p>")
    assert shapes(read_html.read(path)) == [("paragraph", "Smith & Jones Ltd £48,250\nsecond line")]


def test_bold_minute_line_is_a_heading_as_in_a_word_made_page(tmp_path: Path) -> None:
    path = page(tmp_path, "<p><b>12/09&nbsp;APOLOGIES FOR ABSENCE</b></p><p><b>Note</b> this is text</p>"
                          "<p><strong>15. Budget monitoring</strong></p>")
    assert shapes(read_html.read(path)) == [("heading", "12/09 APOLOGIES FOR ABSENCE"),
                                           ("paragraph", "Note this is text"),
                                           ("heading", "15. Budget monitoring")]


def test_windows_1252_page_that_says_so_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "word.htm"
    path.write_bytes('<html><head><meta http-equiv="Content-Type" content="text/html; '
                     'charset=windows-1252"></head><body><p>Council\u2019s budget: \u00a3250</p>'
                     '</body></html>'.encode("cp1252"))
    assert shapes(read_html.read(path)) == [("paragraph", "Council\u2019s budget: £250")]


def test_moderngov_item_table_gives_numbered_headings() -> None:
    blocks = read_html.read(LEGACY)
    headings = [block.text for block in blocks if block.kind == "heading"]
    assert headings[-3:] == ["23. Declarations of interest", "24. Minutes of the previous meeting",
                             "25. Review of the Statement of Licensing Policy"]
    assert any(block.text.startswith("Present: Councillor Priya Nandra (Chair)") for block in blocks)


def test_moderngov_layout_as_published(tmp_path: Path) -> None:
    """The shape modern.gov gives a minutes page: number and title in `mgAiTitleTxt`, the
    text under a "Minutes:" label, links to decisions and file sizes as chrome."""
    path = page(tmp_path, """
<div id="modgov"><div class="mgBreadCrumb"><a href="x">Committees</a></div>
<h2 class="mgSectionTitle">Attendance details</h2>
<p class="mgLineTitleTxt">Present:</p>
<ul class="mgBulletList"><li>Councillor A. Brook (Chair)</li><li>Councillor C. Dunn</li></ul>
<table class="mgItemTable">
<tr><td class="mgItemNumberCell"><p class="mgAiTitleTxt">4.</p></td>
<td><p class="mgAiTitleTxt"><a class="mgAiTitleLnk" href="r.pdf">Budget monitoring PDF 500 KB</a></p>
<ul class="mgActionList"><li><a href="d">View the decision for item 4.</a></li></ul>
<p class="mgSubItemTitleTxt">Minutes:</p>
<div class="mgWordPara"><p>The report was presented.</p>
<p>RESOLVED:</p><ol><li>that the report be noted.</li></ol></div></td></tr>
</table></div>""")
    assert shapes(read_html.read(path)) == [
        ("heading", "Attendance details"),
        ("paragraph", "Present: Councillor A. Brook (Chair), Councillor C. Dunn"),
        ("heading", "4. Budget monitoring"),
        ("paragraph", "The report was presented."),
        ("paragraph", "RESOLVED:"),
        ("item", "1. that the report be noted."),
    ]


def test_merged_cells_keep_columns_in_line(tmp_path: Path) -> None:
    path = page(tmp_path, "<table><tr><th colspan=2>Measure</th><th>Target</th></tr>"
                          "<tr><td>a</td><td>b</td><td>c</td></tr></table>")
    assert read_html.read(path)[0].rows == (("Measure", "", "Target"), ("a", "b", "c"))


def test_layout_table_is_read_as_its_content(tmp_path: Path) -> None:
    path = page(tmp_path, "<table><tr><td><h2>12. Title</h2><p>One.</p><p>Two.</p></td></tr></table>")
    assert shapes(read_html.read(path)) == [("heading", "12. Title"), ("paragraph", "One."),
                                           ("paragraph", "Two.")]


@pytest.mark.parametrize(("content", "said"), [
    (b"\x00\x01\x02binary" * 100, "binary"),
    ("<p>caf\u00e9</p>".encode("latin-1"), "UTF-8"),
    (b"<html><body><script>only()</script></body></html>", "no text"),
    (b"   \n\n", "empty"),
    (b"<div>" * 5000 + b"deep" + b"</div>" * 5000, "nests"),
    (b"<a " * 100_000, "no text"),
    (b"<!--" * 100_000, "no text"),
    (b'<meta charset="no-such-set"><p>\xff</p>', "no-such-set"),
])
def test_pages_it_cannot_read_say_why(tmp_path: Path, content: bytes, said: str) -> None:
    path = tmp_path / "bad.html"
    path.write_bytes(content)
    with pytest.raises(Unreadable, match=said):
        read_html.read(path)


def test_page_of_too_many_elements_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_html, "MAX_ELEMENTS", 1000)
    path = tmp_path / "many.html"
    path.write_text("<p>x</p>" * 1001)
    with pytest.raises(Unreadable, match="more than 1000 elements"):
        read_html.read(path)


def test_huge_page_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as file:
        file.truncate(read_html.MAX_HTML_BYTES + 1)
    with pytest.raises(Unreadable, match="larger than"):
        read_html.read(path)


def test_folder_and_pipe_are_refused(tmp_path: Path) -> None:
    with pytest.raises(Unreadable, match="not an ordinary file"):
        read_html.read(tmp_path)
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    with pytest.raises(Unreadable, match="not an ordinary file"):
        read_html.read(fifo)


_WORDS = st.text(alphabet="abcdefghij ABC<>&\"'0123456789.,;:()\u00a3\u2019", min_size=1, max_size=30)
_PARTS = st.lists(st.one_of(
    st.tuples(st.just("heading"), _WORDS),
    st.tuples(st.just("paragraph"), _WORDS),
    st.tuples(st.just("item"), _WORDS),
    st.tuples(st.just("table"), st.lists(st.lists(_WORDS, min_size=1, max_size=3), min_size=1, max_size=3)),
), min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(parts=_PARTS)
def test_any_simple_page_round_trips(parts: list[tuple[str, object]]) -> None:
    """Whatever mix of headings, paragraphs, bullets and tables, with any text (markup
    characters included), each comes back once, in order, as written."""
    markup: list[str] = []
    expected: list[tuple[str, object]] = []
    for kind, value in parts:
        if kind == "table":
            assert isinstance(value, list)
            rows = tuple(tuple(" ".join(cell.split()) for cell in row) for row in value)
            body = "".join("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
                           for row in value)
            markup.append(f"<table>{body}</table>")
            rows = tuple(row for row in rows if any(row))
            if rows:
                expected.append(("table", rows))
            continue
        assert isinstance(value, str)
        tag = {"heading": "h3", "paragraph": "p", "item": "li"}[kind]
        # A paragraph reads as typed text would, where "(a) ..." is an item: start with a word.
        value = f"Note {value}" if kind == "paragraph" else value
        element = f"<{tag}>{html.escape(value)}</{tag}>"
        markup.append(f"<ul>{element}</ul>" if kind == "item" else element)
        text = " ".join(value.split())
        if text:
            expected.append((kind, text))
    blocks = read_html.blocks_of("<html><body>" + "\n".join(markup) + "</body></html>") if expected else []
    assert [(block.kind, block.rows if block.kind == "table" else block.text) for block in blocks] == expected


def test_minutes_published_as_preformatted_text_read_as_text(tmp_path: Path) -> None:
    path = page(tmp_path, "<pre>\nMARSHFORD DISTRICT COUNCIL\n\n12/09 APOLOGIES FOR ABSENCE\n\n"
                          "RESOLVED: (a) that the report be noted;\n"
                          "          (b) that it be &lt;published&gt;.\n</pre>")
    blocks = read_html.read(path)
    assert shapes(blocks) == [("heading", "MARSHFORD DISTRICT COUNCIL"),
                              ("heading", "12/09 APOLOGIES FOR ABSENCE"),
                              ("paragraph", "RESOLVED:"),
                              ("item", "(a) that the report be noted;"),
                              ("item", "(b) that it be <published>.")]
    assert [block.line for block in blocks] == [2, 4, 6, 6, 7]


def test_label_in_a_definition_list_takes_its_names(tmp_path: Path) -> None:
    path = page(tmp_path, "<dl><dt>Present:</dt><dd>Councillor A. Brook (Chair), Councillor C. Dunn</dd>"
                          "<dt>Apologies:</dt><dd>Councillor E. Fry</dd></dl>")
    assert shapes(read_html.read(path)) == [
        ("paragraph", "Present: Councillor A. Brook (Chair), Councillor C. Dunn"),
        ("paragraph", "Apologies: Councillor E. Fry")]
