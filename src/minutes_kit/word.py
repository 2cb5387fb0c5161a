"""Sheets as Word documents, for circulating draft minutes to members (python-docx).

A Word document is laid out by Word, not by CSS, so it is built by walking the meeting
page's HTML (the same page the site and the PDF show: the same words, from the same
functions) and mapping its few shapes onto Word's: headings, paragraphs, lists, tables,
bold, italic and code. Text is decoded from HTML exactly once, by the parser, so escaped
markup in the minutes stays text.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, time
from html.parser import HTMLParser

from docx import Document
from docx.document import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from .escape import one_line
from .paper import INTERNAL_MARK, Sheet

# What paper leaves out: the draft mark (the header carries it), the register's current
# status (it changes after the meeting), permalinks; and anything that is not text.
_LEFT_OUT_CLASSES = frozenset({"mk-draft-mark", "mk-now", "headerlink"})
_LEFT_OUT_TAGS = frozenset({"script", "style", "svg", "template", "head", "title"})
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "col", "source"})
_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre",
                     "summary", "details", "dt", "dd"})


_PROPERTY = 255


@dataclass
class _Run:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    newline: bool = False


@dataclass
class _Table:
    rows: list[list[list[_Run]]] = field(default_factory=list)
    header_rows: int = 0


class _Walker(HTMLParser):
    """Fills a Word document from the meeting page's HTML, block by block."""

    def __init__(self, document: WordDocument) -> None:
        super().__init__(convert_charrefs=True)
        self.document = document
        self.runs: list[_Run] = []
        self.styles: list[str] = ["Normal"]
        self.lists: list[str] = []
        self.inline = {"bold": 0, "italic": 0, "code": 0}
        self.skipping = 0  # depth inside something left out
        self.table: _Table | None = None
        self.table_depth = 0
        self.cell: list[_Run] | None = None

    # Blocks: what is pending goes out as one paragraph in the style of where it stood.
    def _flush(self) -> None:
        if self.cell is not None:
            return
        if "".join(r.text for r in self.runs).strip():
            _write(self.document.add_paragraph(style=self.styles[-1]), self.runs)
        self.runs = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br" and not self.skipping:
                (self.cell if self.cell is not None else self.runs).append(_Run("", newline=True))
            return
        classes = set((dict(attrs).get("class") or "").split())
        if self.skipping or tag in _LEFT_OUT_TAGS or classes & _LEFT_OUT_CLASSES:
            self.skipping += 1
            return
        if tag == "table":
            self._start_table()
        elif self.table is not None and self.table_depth == 1 and tag in ("tr", "td", "th"):
            self._table_tag(tag)
        elif tag in ("ul", "ol"):
            self._flush()
            self.lists.append(tag)
        elif tag in _BLOCKS:
            self._open_block(tag)
        elif tag in ("strong", "b"):
            self.inline["bold"] += 1
        elif tag in ("em", "i"):
            self.inline["italic"] += 1
        elif tag in ("code", "kbd", "samp"):
            self.inline["code"] += 1

    def _open_block(self, tag: str) -> None:
        if self.cell is not None:  # a block inside a table cell: a new line in the cell
            if self.cell:
                self.cell.append(_Run("", newline=True))
            self.styles.append(self.styles[-1])
            return
        self._flush()
        if tag[0] == "h" and tag[1:].isdigit():
            style = f"Heading {int(tag[1:])}"
        elif tag == "li":
            kind = "List Number" if self.lists and self.lists[-1] == "ol" else "List Bullet"
            depth = min(len(self.lists), 3)
            style = kind if depth <= 1 else f"{kind} {depth}"
        elif tag in ("p", "div"):
            style = self.styles[-1]  # a paragraph in a list item keeps the item's style
        else:
            style = "Normal"
        self.styles.append(style)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self.skipping:
            self.skipping -= 1
            return
        if tag == "table":
            self._end_table()
        elif self.table is not None and self.table_depth == 1 and tag in ("tr", "td", "th"):
            if tag in ("td", "th") and self.cell is not None:
                self.table.rows[-1].append(self.cell)
                self.cell = None
                if tag == "th":
                    self.inline["bold"] -= 1
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
        elif tag in _BLOCKS:
            self._flush()
            if len(self.styles) > 1:
                self.styles.pop()
        elif tag in ("strong", "b"):
            self.inline["bold"] = max(0, self.inline["bold"] - 1)
        elif tag in ("em", "i"):
            self.inline["italic"] = max(0, self.inline["italic"] - 1)
        elif tag in ("code", "kbd", "samp"):
            self.inline["code"] = max(0, self.inline["code"] - 1)

    def handle_data(self, data: str) -> None:
        if self.skipping or not data:
            return
        if self.table is not None and self.cell is None:
            return  # whitespace between rows and cells
        data = one_line(data)  # Word's XML cannot hold control characters: they show as spaces
        text = " ".join(data.split()) if not data.isspace() else " "
        if data[:1].isspace() and not text.startswith(" ") and not data.isspace():
            text = " " + text
        if data[-1:].isspace() and not text.endswith(" ") and not data.isspace():
            text += " "
        run = _Run(text, self.inline["bold"] > 0, self.inline["italic"] > 0, self.inline["code"] > 0)
        (self.cell if self.cell is not None else self.runs).append(run)

    # Tables: gathered whole, then laid out, as Word needs the number of columns first.
    def _start_table(self) -> None:
        self.table_depth += 1
        if self.table_depth == 1:
            self._flush()
            self.table = _Table()

    def _table_tag(self, tag: str) -> None:
        assert self.table is not None
        if tag == "tr" or not self.table.rows:  # (a cell outside a row starts one)
            self.table.rows.append([])
        if tag == "tr":
            return
        self.cell = []
        if tag == "th":
            self.inline["bold"] += 1
            self.table.header_rows = len(self.table.rows)

    def _end_table(self) -> None:
        self.table_depth -= 1
        if self.table_depth or self.table is None:
            return
        table, self.table = self.table, None
        rows = [row for row in table.rows if row]
        if not rows:
            return
        columns = max(len(row) for row in rows)
        grid = self.document.add_table(rows=len(rows), cols=columns)
        grid.style = "Table Grid"
        for n, row in enumerate(rows):
            for m, runs in enumerate(row):
                _write(grid.cell(n, m).paragraphs[0], runs)
            if n < table.header_rows:
                _repeat_header(grid.rows[n]._tr)

    def close(self) -> None:
        super().close()
        self._flush()


def _write(paragraph: Paragraph, runs: list[_Run]) -> None:
    """Runs into a paragraph, without the spaces that would start or end it."""
    while runs and not runs[0].newline and not runs[0].text.strip():
        runs = runs[1:]
    for n, run in enumerate(runs):
        if run.newline:
            paragraph.add_run().add_break()
            continue
        text = run.text.lstrip() if n == 0 or runs[n - 1].newline else run.text
        if n == len(runs) - 1:
            text = text.rstrip()
        written = paragraph.add_run(text)
        written.bold = run.bold or None
        written.italic = run.italic or None
        if run.code:
            written.font.name = "Consolas"


def _repeat_header(row: object) -> None:
    """A table's heading row repeats on each page the table runs onto."""
    properties = row.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field such as the page number, which Word fills in as it lays out pages."""
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _marks(document: WordDocument, sheet: Sheet, internal: bool) -> None:
    """The header carries the draft mark and the internal mark on every page; the footer
    numbers the pages "Page 2 of 5"."""
    section = document.sections[0]
    marks = [mark for mark, on in (("DRAFT", sheet.draft), (INTERNAL_MARK, internal)) if on]
    if marks:
        run = section.header.paragraphs[0].add_run(" - ".join(marks))
        run.bold = True
        run.font.size = Pt(14)
    footer = section.footer.paragraphs[0]
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def docx(sheet: Sheet, internal: bool) -> bytes:
    """The sheet as a Word document (.docx), in British English, titled as the PDF is."""
    document = Document()
    properties = document.core_properties
    properties.title = _property(sheet.title)
    properties.author = _property(sheet.meeting.organisation)
    properties.language = "en-GB"
    # Fixed dates: the same minutes always give the same bytes.
    properties.created = properties.modified = properties.last_printed = datetime.combine(
        sheet.meeting.date, time())
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-GB")
    document.styles["Normal"].element.get_or_add_rPr().append(language)
    _marks(document, sheet, internal)
    walker = _Walker(document)
    walker.feed(sheet.body)
    walker.close()
    out = io.BytesIO()
    document.save(out)
    return _dated(out.getvalue(), sheet)


def _property(value: str) -> str:
    """A document property: one line, and at most the 255 characters Word keeps (the
    document itself has the text whole)."""
    value = one_line(value)
    return value if len(value) <= _PROPERTY else value[:_PROPERTY - 1] + "…"


def _dated(archive: bytes, sheet: Sheet) -> bytes:
    """The archive with every member dated the day of the meeting: python-docx dates them
    with the clock, and the same minutes should always give the same bytes."""
    day = sheet.meeting.date
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(zipfile.ZipInfo(member.filename, stamp), source.read(member),
                            zipfile.ZIP_DEFLATED)
    return out.getvalue()
