"""One set of minutes typed as text, Markdown, Word and HTML, in the ways clerks type
each, gives the same blocks: the parser never needs to know the format."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from minutes_kit.importer.blocks import Block
from minutes_kit.importer.readers import read_source

EXPECTED = [
    ("heading", "12/09 APOLOGIES FOR ABSENCE", 2),
    ("paragraph", "An apology for absence was received from Councillor M. Ridley.", 0),
    ("heading", "13/09 BUDGET MONITORING", 2),
    ("paragraph", "The Head of Finance presented the report.", 0),
    ("paragraph", "RESOLVED:", 0),
    ("item", "(a) that the report be noted;", 0),
    ("item", "(b) that the Head of Finance report back by 30th September 2009.", 0),
    ("paragraph", "The meeting closed at 7.40 p.m.", 0),
]
ROWS = (("Measure", "Actual", "Target"), ("Days to process new claims", "31.4", "28"))

TEXT = """\
12/09 APOLOGIES FOR ABSENCE

An apology for absence was received from Councillor M. Ridley.

13/09 BUDGET MONITORING

The Head of Finance presented the report.

RESOLVED: (a) that the report be noted;
          (b) that the Head of Finance report back by 30th September 2009.

The meeting closed at 7.40 p.m.
"""
MARKDOWN = """\
## 12/09 APOLOGIES FOR ABSENCE

An apology for absence was received from Councillor M. Ridley.

## 13/09 BUDGET MONITORING

The Head of Finance presented the report.

RESOLVED:

- (a) that the report be noted;
- (b) that the Head of Finance report back by 30th September 2009.

The meeting closed at 7.40 p.m.
"""
HTML_STYLED = """\
<html><body>
<h2>12/09 APOLOGIES FOR ABSENCE</h2>
<p>An apology for absence was received from Councillor M. Ridley.</p>
<h2>13/09 BUDGET MONITORING</h2>
<p>The Head of Finance presented the report.</p>
<p>RESOLVED:</p>
<ol type="a"><li>that the report be noted;</li>
<li>that the Head of Finance report back by 30th September 2009.</li></ol>
<p>The meeting closed at 7.40 p.m.</p>
</body></html>
"""
HTML_TYPED = """\
<html><body>
<p class="MsoNormal"><b>12/09&nbsp;&nbsp;APOLOGIES FOR ABSENCE</b></p>
<p class="MsoNormal">An apology for absence was received from Councillor M.&nbsp;Ridley.</p>
<p class="MsoNormal"><b>13/09&nbsp;&nbsp;BUDGET MONITORING</b></p>
<p class="MsoNormal">The Head of Finance presented the report.</p>
<p class="MsoNormal">RESOLVED: (a) that the report be noted;<br>
(b) that the Head of Finance report back by 30th September 2009.</p>
<p class="MsoNormal">The meeting closed at 7.40 p.m.</p>
</body></html>
"""


def _lettered(document: Document) -> None:
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%1)"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))


def _word_styled(path: Path) -> None:
    """Heading styles and Word's own list numbering."""
    document = docx.Document()
    _lettered(document)
    document.add_heading("12/09 APOLOGIES FOR ABSENCE", 2)
    document.add_paragraph("An apology for absence was received from Councillor M. Ridley.")
    document.add_heading("13/09 BUDGET MONITORING", 2)
    document.add_paragraph("The Head of Finance presented the report.")
    document.add_paragraph("RESOLVED:")
    for text in ("that the report be noted;", "that the Head of Finance report back by 30th September 2009."):
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
    document.add_paragraph("The meeting closed at 7.40 p.m.")
    document.save(str(path))


def _word_typed(path: Path) -> None:
    """Bold lines for headings, letters and tabs typed by hand, a line break in a paragraph."""
    document = docx.Document()
    document.add_paragraph().add_run("12/09\tAPOLOGIES FOR ABSENCE").bold = True
    document.add_paragraph("An apology for absence was received from Councillor M. Ridley.")
    document.add_paragraph().add_run("13/09\tBUDGET MONITORING").bold = True
    document.add_paragraph("The Head of Finance presented the report.")
    resolved = document.add_paragraph("RESOLVED:\t(a) that the report be noted;")
    resolved.add_run().add_break()
    resolved.add_run("\t(b) that the Head of Finance report back by 30th September 2009.")
    document.add_paragraph("")
    document.add_paragraph("The meeting closed at 7.40 p.m.")
    document.save(str(path))


def _shapes(blocks: list[Block]) -> list[tuple[str, str, int]]:
    return [(block.kind, block.text, block.level) for block in blocks]


@pytest.mark.parametrize("form", ["txt", "md", "html-styled", "html-typed", "docx-styled", "docx-typed"])
def test_same_minutes_same_blocks_in_every_format(tmp_path: Path, form: str) -> None:
    suffix = form.split("-")[0]
    path = tmp_path / f"minutes.{suffix}"
    if form == "docx-styled":
        _word_styled(path)
    elif form == "docx-typed":
        _word_typed(path)
    else:
        forms = {"txt": TEXT, "md": MARKDOWN, "html-styled": HTML_STYLED, "html-typed": HTML_TYPED}
        path.write_text(forms[form])
    assert _shapes(read_source(path)) == EXPECTED


@pytest.mark.parametrize("suffix", ["md", "html", "docx"])
def test_same_table_in_every_format_that_has_tables(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"figures.{suffix}"
    if suffix == "md":
        path.write_text("| Measure | Actual | Target |\n| --- | --- | --- |\n"
                        "| Days to process new claims | 31.4 | 28 |\n")
    elif suffix == "html":
        path.write_text("<table><thead><tr><th>Measure</th><th>Actual</th><th>Target</th></tr></thead>"
                        "<tbody><tr><td>Days to process new claims</td><td>31.4</td><td>28</td></tr>"
                        "</tbody></table>")
    else:
        document = docx.Document()
        table = document.add_table(rows=2, cols=3)
        for row, cells in zip(table.rows, ROWS, strict=True):
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
        document.save(str(path))
    blocks = read_source(path)
    assert [(block.kind, block.rows) for block in blocks] == [("table", ROWS)]


def _word_layout(path: Path) -> None:
    """The minutes laid out in a two-column table: numbers left, the minute right."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "12/09"
    table.cell(0, 1).text = "APOLOGIES FOR ABSENCE"
    table.cell(0, 1).add_paragraph("An apology for absence was received from Councillor M. Ridley.")
    table.cell(1, 0).text = "13/09"
    cell = table.cell(1, 1)
    cell.text = "BUDGET MONITORING"
    for text in ("The Head of Finance presented the report.", "RESOLVED: (a) that the report be noted;",
                 "(b) that the Head of Finance report back by 30th September 2009."):
        cell.add_paragraph(text)
    document.add_paragraph("The meeting closed at 7.40 p.m.")
    document.save(str(path))


HTML_LAYOUT = """\
<html><body><table>
<tr><td>12/09</td><td><p><b>APOLOGIES FOR ABSENCE</b></p>
<p>An apology for absence was received from Councillor M. Ridley.</p></td></tr>
<tr><td>13/09</td><td><p><b>BUDGET MONITORING</b></p><p>The Head of Finance presented the report.</p>
<p>RESOLVED:</p><ol type="a"><li>that the report be noted;</li>
<li>that the Head of Finance report back by 30th September 2009.</li></ol></td></tr>
</table><p>The meeting closed at 7.40 p.m.</p></body></html>
"""


@pytest.mark.parametrize("suffix", ["docx", "html"])
def test_minutes_laid_out_in_a_table_read_as_minutes(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"layout.{suffix}"
    if suffix == "docx":
        _word_layout(path)
    else:
        path.write_text(HTML_LAYOUT)
    assert _shapes(read_source(path)) == EXPECTED


@pytest.mark.parametrize("suffix", ["docx", "html"])
def test_two_columns_of_figures_stay_a_table(tmp_path: Path, suffix: str) -> None:
    """A number in the first column makes no layout of minutes when each cell holds one entry."""
    rows = (("2018/19", "91%"), ("2019/20", "88%"))
    path = tmp_path / f"figures.{suffix}"
    if suffix == "html":
        path.write_text("<table>" + "".join(f"<tr><td>{a}</td><td><p>{b}</p></td></tr>" for a, b in rows)
                        + "</table>")
    else:
        document = docx.Document()
        table = document.add_table(rows=2, cols=2)
        for row, cells in zip(table.rows, rows, strict=True):
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
        document.save(str(path))
    assert [(block.kind, block.rows) for block in read_source(path)] == [("table", rows)]


@pytest.mark.parametrize("suffix", ["md", "html", "docx"])
def test_numbered_list_numbers_alike(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"list.{suffix}"
    if suffix == "md":
        path.write_text("RESOLVED:\n\n1. that the report be noted;\n2. that it be published.\n")
    elif suffix == "html":
        path.write_text("<p>RESOLVED:</p><ol><li>that the report be noted;</li>"
                        "<li>that it be published.</li></ol>")
    else:
        document = docx.Document()
        document.add_paragraph("RESOLVED:")
        document.add_paragraph("that the report be noted;", style="List Number")
        document.add_paragraph("that it be published.", style="List Number")
        document.save(str(path))
    assert _shapes(read_source(path)) == [("paragraph", "RESOLVED:", 0),
                                          ("item", "1. that the report be noted;", 0),
                                          ("item", "2. that it be published.", 0)]


@pytest.mark.parametrize("suffix", ["html", "docx"])
def test_bold_lead_words_head_no_minute(tmp_path: Path, suffix: str) -> None:
    """Clerks embolden "RESOLVED:" and "PRESENT:"; only a numbered or capital title is a heading."""
    lines = ["PRESENT:", "RESOLVED", "RESOLVED:", "ACTION:"]
    path = tmp_path / f"bold.{suffix}"
    if suffix == "html":
        path.write_text("".join(f"<p><b>{line}</b></p>" for line in lines))
    else:
        document = docx.Document()
        for line in lines:
            document.add_paragraph().add_run(line).bold = True
        document.save(str(path))
    blocks = read_source(path)
    assert {block.kind for block in blocks} == {"paragraph"}
    assert " ".join(block.text for block in blocks) == " ".join(lines)
