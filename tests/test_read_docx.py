"""The Word reader: styles, numbering, headers, tracked changes, merged cells, and files
it must refuse."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from hypothesis import given, settings
from hypothesis import strategies as st

from minutes_kit.importer import read_docx
from minutes_kit.importer.blocks import Block, Unreadable


def shapes(blocks: list[Block]) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in blocks]


def save(document: Document, tmp_path: Path, name: str = "minutes.docx") -> Path:
    path = tmp_path / name
    document.save(str(path))
    return path


def raw_paragraph(document: Document, inner: str) -> None:
    """Append a paragraph written as WordprocessingML, for what python-docx cannot make."""
    document.element.body.insert(len(document.element.body) - 1,
                                 parse_xml(f"<w:p {nsdecls('w')}>{inner}</w:p>"))


def lettered_list(document: Document) -> str:
    """Add a "(a)", "(b)" numbering definition, as a clerk's resolution list has; its numId."""
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%1)"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/>'
        '<w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def numbered(document: Document, text: str, num_id: str, level: int = 0) -> None:
    raw_paragraph(document, f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/>'
                            f'</w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r>')


def test_styles_bold_capitals_lists_and_tables(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "MARSHFORD DISTRICT COUNCIL"
    document.add_heading("Performance Management Board", 1)
    document.add_paragraph().add_run("12/09 APOLOGIES FOR ABSENCE").bold = True
    document.add_paragraph("An apology for absence was received from Councillor M. Ridley.")
    document.add_paragraph().add_run("Not a heading, only bold").bold = True
    document.add_paragraph("")
    document.add_paragraph("RESOLVED:")
    num_id = lettered_list(document)
    numbered(document, "that the report be noted;", num_id)
    numbered(document, "that the plan be made;", num_id)
    numbered(document, "by July;", num_id, level=1)
    numbered(document, "(c) already lettered", num_id)
    document.add_paragraph("Chair to sign", style="List Bullet")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Measure", "Actual", "Target"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["Days to process claims", "31.4", "28"], strict=True):
        cell.text = text
    blocks = read_docx.read(save(document, tmp_path))
    assert shapes(blocks) == [
        ("paragraph", "MARSHFORD DISTRICT COUNCIL"),
        ("heading", "Performance Management Board"),
        ("heading", "12/09 APOLOGIES FOR ABSENCE"),
        ("paragraph", "An apology for absence was received from Councillor M. Ridley."),
        ("paragraph", "Not a heading, only bold"),
        ("paragraph", "RESOLVED:"),
        ("item", "(a) that the report be noted;"),
        ("item", "(b) that the plan be made;"),
        ("item", "(i) by July;"),
        ("item", "(c) already lettered"),
        ("item", "Chair to sign"),
        ("table", ""),
    ]
    assert [block.line for block in blocks] == list(range(1, len(blocks) + 1))
    assert blocks[-1].rows == (("Measure", "Actual", "Target"), ("Days to process claims", "31.4", "28"))


def test_tracked_changes_are_accepted_and_deletions_said(tmp_path: Path) -> None:
    document = docx.Document()
    raw_paragraph(document, '<w:r><w:t xml:space="preserve">The Board noted the </w:t></w:r>'
                            '<w:del w:id="1" w:author="A"><w:r><w:delText>draft interim</w:delText></w:r>'
                            '</w:del>'
                            '<w:ins w:id="2" w:author="A"><w:r><w:t>final</w:t></w:r></w:ins>'
                            '<w:r><w:t xml:space="preserve"> report.</w:t></w:r>')
    assert shapes(read_docx.read(save(document, tmp_path))) == [
        ("paragraph", "The Board noted the final report."),
        ("paragraph", "[Tracked changes: the paragraph above had 2 deleted words, left out here; "
                      "accept or reject the changes in Word to be sure.]"),
    ]


def test_hidden_text_is_not_read(tmp_path: Path) -> None:
    document = docx.Document()
    raw_paragraph(document, '<w:r><w:t xml:space="preserve">Shown </w:t></w:r>'
                            '<w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden note</w:t></w:r>'
                            '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>also shown</w:t></w:r>')
    assert shapes(read_docx.read(save(document, tmp_path))) == [("paragraph", "Shown also shown")]


def test_fields_give_their_result_not_their_code(tmp_path: Path) -> None:
    document = docx.Document()
    raw_paragraph(document, '<w:r><w:t xml:space="preserve">Minutes of </w:t></w:r>'
                            '<w:fldSimple w:instr="DOCPROPERTY Committee"><w:r><w:t>Cabinet</w:t></w:r>'
                            '</w:fldSimple>'
                            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                            '<w:r><w:instrText> DATE \\@ "d MMMM yyyy" </w:instrText></w:r>'
                            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                            '<w:r><w:t xml:space="preserve"> on 3 May 2016</w:t></w:r>'
                            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    assert shapes(read_docx.read(save(document, tmp_path))) == [
        ("paragraph", "Minutes of Cabinet on 3 May 2016")]


def test_merged_cells_keep_columns_in_line(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Measure"
    table.cell(0, 2).text = "Target"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "Housing"
    table.cell(1, 1).text = "a"
    table.cell(1, 2).text = "1"
    table.cell(2, 1).text = "b"
    table.cell(2, 2).text = "2"
    blocks = read_docx.read(save(document, tmp_path))
    assert blocks[0].rows == (("Measure", "", "Target"), ("Housing", "a", "1"), ("", "b", "2"))


def test_content_controls_and_first_page_header(tmp_path: Path) -> None:
    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Eastwick Borough Council"
    section.header.paragraphs[0].text = "Cabinet - 3 May 2016"
    section.footer.paragraphs[0].text = "Page 1 of 3"
    document.element.body.insert(0, parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>Inside a control</w:t></w:r></w:p>'
        '</w:sdtContent></w:sdt>'))
    assert shapes(read_docx.read(save(document, tmp_path))) == [
        ("paragraph", "Eastwick Borough Council"), ("paragraph", "Cabinet - 3 May 2016"),
        ("paragraph", "Inside a control")]


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return buffer.getvalue()


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("text")
    document.save(buffer)
    return buffer.getvalue()


def _with_document_xml(xml: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(_docx_bytes())) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts["word/document.xml"] = xml
    return _zip(parts)


_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
           + b"".join(b'<!ENTITY %c "&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;">' % ((c,) + (c - 1,) * 10)
                      for c in range(ord("b"), ord("k")))
           + b']><w:document ' + _W + b'><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>')


@pytest.mark.parametrize(("content", "said"), [
    (b"This is a text file renamed to .docx", "not a Word"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, r"old Word \(.doc\)"),
    (b"   ", "empty"),
    (_docx_bytes()[:2000], "damaged"),
    (_zip({"hello.txt": b"hi"}), "no word/document.xml"),
    (_zip({f"part{n}.xml": b"" for n in range(read_docx.MAX_PARTS + 1)}), "unpack"),
    (_with_document_xml(b"<w:document " + _W + b"><w:body><w:p>"), "damaged"),
    (_with_document_xml(b"<w:document " + _W + b"><w:body>" + b"<w:p>" * 5000 + b"</w:p>" * 5000
                        + b"</w:body></w:document>"), "damaged"),
    (_with_document_xml(b"<w:document " + _W + b"><w:body></w:body></w:document>"), "no text"),
])
def test_files_it_cannot_read_say_why(tmp_path: Path, content: bytes, said: str) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    with pytest.raises(Unreadable, match=said):
        read_docx.read(path)


def test_entity_expansion_is_never_done(tmp_path: Path) -> None:
    """A "billion laughs" document: the entities are not expanded, so it is either read
    without them or refused, and never takes the machine's memory."""
    path = tmp_path / "laughs.docx"
    path.write_bytes(_with_document_xml(_LAUGHS))
    try:
        blocks = read_docx.read(path)
    except Unreadable:
        return
    assert all("a" * 1000 not in block.text for block in blocks)


def test_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"<w:document/>")
        with package.open("word/media/image1.png", "w", force_zip64=True) as member:
            chunk = b"\x00" * (1 << 20)
            for _ in range((read_docx.MAX_UNPACKED >> 20) + 1):
                member.write(chunk)
    path = tmp_path / "bomb.docx"
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size < 1 << 20
    with pytest.raises(Unreadable, match="unpack to more than"):
        read_docx.read(path)


_WORDS = st.text(alphabet="abcdefghij ABC<>&\"'0123456789.,;:()\u00a3\u2019\t", min_size=1, max_size=30)
_PARTS = st.lists(st.one_of(
    st.tuples(st.just("heading"), st.integers(1, 3), _WORDS),
    st.tuples(st.just("paragraph"), st.just(0), _WORDS),
    st.tuples(st.just("item"), st.just(0), _WORDS),
    st.tuples(st.just("table"), st.integers(1, 3),
              st.lists(st.lists(_WORDS, min_size=3, max_size=3), min_size=1, max_size=3)),
), min_size=1, max_size=8)


@settings(max_examples=40, deadline=None)
@given(parts=_PARTS)
def test_any_simple_document_round_trips(parts: list[tuple[str, int, object]]) -> None:
    """Whatever mix of headings, paragraphs, bullets and tables python-docx writes, each
    comes back once, in order, with its text as written."""
    document = docx.Document()
    expected: list[tuple[str, object]] = []
    for kind, number, value in parts:
        if kind == "table":
            assert isinstance(value, list)
            table = document.add_table(rows=len(value), cols=number)
            for row, cells in zip(table.rows, value, strict=True):
                for cell, text in zip(row.cells, cells, strict=False):
                    cell.text = text
            rows = tuple(tuple(" ".join(text.split()) for text in cells[:number]) for cells in value)
            rows = tuple(row for row in rows if any(row))
            if rows:
                expected.append(("table", rows))
            continue
        assert isinstance(value, str)
        if kind == "heading":
            document.add_heading(value, number)
        else:
            # A paragraph reads as typed text would, where "(a) ..." is an item: start with a word.
            value = value if kind == "item" else f"Note {value}"
            document.add_paragraph(value, style="List Bullet" if kind == "item" else None)
        if value.split():
            expected.append((kind, " ".join(value.split())))
    with tempfile.TemporaryDirectory() as folder:
        path = save(document, Path(folder))
        if not expected:
            with pytest.raises(Unreadable):
                read_docx.read(path)
            return
        blocks = read_docx.read(path)
    assert [(block.kind, block.rows if block.kind == "table" else block.text) for block in blocks] == expected


def test_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.docx"
    with path.open("wb") as file:
        file.write(b"PK\x03\x04")
        file.truncate(read_docx.MAX_SOURCE_BYTES + 1)
    with pytest.raises(Unreadable, match="larger than 20 MiB"):
        read_docx.read(path)


@settings(max_examples=30, deadline=None)
@given(data=st.data(), rows=st.integers(1, 4), columns=st.integers(3, 5))
def test_merged_cells_never_shift_or_repeat_a_value(data: st.DataObject, rows: int, columns: int) -> None:
    """However cells are merged across a row, every value stays in the column it starts
    in and appears once."""
    document = docx.Document()
    table = document.add_table(rows=rows, cols=columns)
    expected: list[tuple[str, ...]] = []
    for r in range(rows):
        start = data.draw(st.integers(0, columns - 1))
        span = data.draw(st.integers(1, columns - start))
        if span > 1:
            table.cell(r, start).merge(table.cell(r, start + span - 1))
        row: list[str] = []
        c = 0
        while c < columns:
            text = f"r{r}c{c}"
            table.cell(r, c).text = text
            width = span if c == start else 1
            row += [text] + [""] * (width - 1)
            c += width
        expected.append(tuple(row))
    with tempfile.TemporaryDirectory() as folder:
        blocks = read_docx.read(save(document, Path(folder)))
    assert [(block.kind, block.rows) for block in blocks] == [("table", tuple(expected))]
