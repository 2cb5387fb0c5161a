"""Read a Word (.docx) document of minutes into blocks, in document order.

Word keeps what a reader sees in styles and numbering rather than in the text: a heading is
a "Heading 2" paragraph or a bold line in capitals, a resolution's "(a)" lives in the list
numbering, and the organisation's name often sits in the page header. This reader puts all
of that back into the text so the blocks match a plain text copy of the same minutes.

Tracked changes are read as accepted (insertions kept, deletions left out); a paragraph
that had deletions is followed by a paragraph saying so, so nothing is dropped silently.
Footers (page numbers, "Chairman's initials") are not read. `line` is the block's number.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .blocks import Block, Kind, Unreadable
from .limits import MAX_SOURCE_BYTES, read_bytes
from .shapes import MINUTE_LABEL, as_typed, has_label, label, looks_like_heading, tidy

MAX_PARTS = 2000  # a minutes document has a few dozen parts
MAX_UNPACKED = 100 << 20  # what its parts may add up to, unpacked: 100 MiB

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Never text a reader sees: deleted or moved-away text, field codes, the copy of a drawing
# kept for old versions of Word. Runs formatted as hidden text are left out too.
_HIDDEN = {_W + "del", _W + "moveFrom", _W + "instrText", _W + "delInstrText", _MC_FALLBACK,
           _W + "pPr", _W + "rPr"}
_FORMATS = {"decimal": "1", "lowerLetter": "a", "upperLetter": "A", "lowerRoman": "i",
            "upperRoman": "I", "decimalZero": "1"}


def read(path: Path) -> list[Block]:
    """The blocks of a Word document: header text first, then the body."""
    raw = read_bytes(path, MAX_SOURCE_BYTES)
    _check_package(raw)
    try:
        import docx  # python-docx: imported here so text imports do not pay for it

        document = docx.Document(io.BytesIO(raw))
        return _Reader(document).blocks()
    except Unreadable:
        raise
    except Exception as error:  # a damaged package can fail anywhere in a third-party parser
        raise Unreadable(f"the Word document is damaged and could not be read ({type(error).__name__}); "
                         "open it in Word and save it again as .docx") from None


def _check_package(raw: bytes) -> None:
    """Refuse what is no .docx, and a zip that would unpack to far more than a document
    (a "zip bomb"), before python-docx unpacks any of it. zipfile stops each part at the
    size it declares, so the declared sizes bound what is unpacked."""
    if raw[:4] != b"PK\x03\x04":
        kind = "an old Word (.doc) file" if raw[:4] == b"\xd0\xcf\x11\xe0" else "not a Word (.docx) file"
        raise Unreadable(f"it is {kind}; open it in Word and save it as .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise Unreadable("it is not a Word document (its zip container is damaged); "
                         "open it in Word and save it again as .docx") from None
    if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > MAX_UNPACKED:
        raise Unreadable(f"it would unpack to more than {MAX_UNPACKED >> 20} MiB, far more than "
                         "a document of minutes; is it the right file?")
    if "word/document.xml" not in {part.filename for part in parts}:
        raise Unreadable("it is a zip file but not a Word document (it has no word/document.xml)")


@dataclass
class _Numbering:
    """Word's list numbering, so a list paragraph gets the "(a)" or "2." it shows."""

    levels: dict[tuple[str, int], tuple[str, str, int]] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document: Any) -> _Numbering:
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return numbering
        abstract = {node.get(_W + "abstractNumId"): node for node in root.iter(_W + "abstractNum")}
        for num in root.iter(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            definition = abstract.get(ref.get(_W + "val") if ref is not None else None)
            for lvl in definition.iter(_W + "lvl") if definition is not None else ():
                level = _int(lvl.get(_W + "ilvl"), 0)
                fmt, text, start = (_val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "",
                                    _int(_val(lvl, "start"), 1))
                numbering.levels[(num.get(_W + "numId") or "", level)] = (fmt, text, start)
        return numbering

    def label(self, num_id: str, level: int) -> str | None:
        """The label of the next paragraph of list ``num_id`` at ``level``; None for a
        bullet or a list Word does not define."""
        if (num_id, level) not in self.levels:
            return None
        counts = self.counters.setdefault(num_id, [0] * 9)
        level = min(level, 8)
        counts[level] += 1
        counts[level + 1 :] = [0] * (8 - level)
        fmt, text, _ = self.levels[(num_id, level)]
        if fmt not in _FORMATS or not text:
            return None
        for depth in range(level, -1, -1):
            start = self.levels.get((num_id, depth), ("", "", 1))[2]
            style = _FORMATS.get(self.levels.get((num_id, depth), ("decimal",))[0], "1")
            text = text.replace(f"%{depth + 1}", label(max(counts[depth], 1) + start - 1, style))
        return text


class _Reader:
    def __init__(self, document: Any) -> None:
        self.document = document
        self.numbering = _Numbering.of(document)
        from docx.enum.style import WD_STYLE_TYPE

        self.styles = {style.style_id: style for style in document.styles
                       if style.type == WD_STYLE_TYPE.PARAGRAPH}
        self.default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self.out: list[Block] = []

    def emit(self, kind: Kind, text: str, level: int = 0,
             rows: tuple[tuple[str, ...], ...] = ()) -> None:
        text = tidy(text)
        if text or rows:
            self.out.append(Block(kind, text, len(self.out) + 1, level, rows))

    def blocks(self) -> list[Block]:
        for text in self.header_lines():
            self.emit("paragraph", text)
        self.body(self.document.element.body)
        if not self.out:
            raise Unreadable("the Word document holds no text")
        return self.out

    def body(self, container: Any) -> None:
        for element in _body(container):
            if element.tag == _W + "p":
                self.paragraph(element)
            elif _is_layout(element):
                self.layout(element)
            else:
                rows = tuple(row for row in _rows(element) if any(row))
                if rows:
                    self.emit("table", "", rows=rows)

    def layout(self, table: Any) -> None:
        """A table that lays minutes out rather than holding figures: a row with a minute's
        number in the first column and the minute beside it is a heading "12/09 TITLE" and
        the minute's paragraphs; any other row is read cell by cell."""
        for row in table.iterchildren(_W + "tr"):
            cells = list(row.iterchildren(_W + "tc"))
            number = _cell_text(cells[0]) if cells else ""
            parts = list(_body(cells[1])) if len(cells) == 2 else []
            if MINUTE_LABEL.match(number) and parts and parts[0].tag == _W + "p":
                self.emit("heading", f"{number} {tidy(_text(parts[0])[0])}".strip(), 2)
                self.body(_Holder(parts[1:]))
                continue
            for cell in cells:
                self.body(cell)

    def header_lines(self) -> list[str]:
        """The text of the page headers (the organisation, the committee), each line once."""
        lines: list[str] = []
        for section in self.document.sections:
            headers = [section.header]
            if section.different_first_page_header_footer:
                headers.insert(0, section.first_page_header)
            for header in headers:
                if header.is_linked_to_previous:
                    continue
                for paragraph in header._element.iter(_W + "p"):
                    text = tidy(_text(paragraph)[0])
                    if text and text not in lines:
                        lines.append(text)
        return lines

    def paragraph(self, element: Any) -> None:
        text, deleted = _text(element)
        text = tidy(text)
        style = self.style(element)
        names = [name.lower() for name in _style_chain(style)]
        heading = _heading_level(names, element, style)
        numbered = _num_pr(element, style)
        if text and heading:
            self.emit("heading", text, heading)
        elif text and numbered is not None:
            mark = self.numbering.label(*numbered)
            self.emit("item", f"{mark} {text}" if mark and not has_label(text) else text)
        elif text and any(name.startswith("list") for name in names):
            self.emit("item", text)
        elif text and _bold(element, style) and looks_like_heading(text):
            self.emit("heading", text, 2)
        else:
            for block in as_typed(text, 1):
                self.emit(block.kind, block.text, block.level)
        if deleted:
            words = "1 deleted word" if deleted == 1 else f"{deleted} deleted words"
            self.emit("paragraph", f"[Tracked changes: the paragraph above had {words}, left out "
                                   "here; accept or reject the changes in Word to be sure.]")

    def style(self, element: Any) -> Any:
        """The paragraph's style, or the document's default paragraph style."""
        ref = element.find(f"{_W}pPr/{_W}pStyle")
        wanted = ref.get(_W + "val") if ref is not None else None
        return self.styles.get(wanted, self.default) if wanted else self.default


def _body(container: Any) -> Iterator[Any]:
    """Paragraphs and tables in order, looking inside content controls and custom XML."""
    for child in container.iterchildren():
        if child.tag in (_W + "p", _W + "tbl"):
            yield child
        elif child.tag in (_W + "sdt", _W + "customXml", _W + "sdtContent"):
            yield from _body(child)


def _text(element: Any) -> tuple[str, int]:
    """A paragraph's text as Word shows it with changes accepted, and how many words were
    deleted in tracked changes."""
    parts: list[str] = []
    deleted = 0

    def visit(node: Any) -> None:
        nonlocal deleted
        tag = node.tag
        if tag in (_W + "del", _W + "moveFrom"):
            deleted += len(" ".join(t.text or "" for t in node.iter(_W + "delText", _W + "t")).split())
            return
        if tag in _HIDDEN or (tag == _W + "r" and _on(node.find(f"{_W}rPr/{_W}vanish"))):
            return
        if tag == _W + "t" and node.text:
            parts.append(node.text)
        elif tag in (_W + "tab", _W + "ptab"):
            parts.append(" ")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        for child in node.iterchildren():
            visit(child)

    visit(element)
    return "".join(parts), deleted


def _rows(table: Any) -> list[tuple[str, ...]]:
    """A table's rows as text. A merged cell's text is in its first grid cell; the cells it
    covers stay empty, so columns stay in line and no figure is counted twice."""
    rows: list[tuple[str, ...]] = []
    for row in table.iterchildren(_W + "tr"):
        cells: list[str] = [""] * _int(_val(row.find(_W + "trPr"), "gridBefore"), 0)
        for cell in row.iterchildren(_W + "tc"):
            props = cell.find(_W + "tcPr")
            merge = props.find(_W + "vMerge") if props is not None else None
            continued = merge is not None and merge.get(_W + "val") in (None, "continue")
            cells.append("" if continued else _cell_text(cell))
            cells.extend([""] * (min(_int(_val(props, "gridSpan"), 1), 64) - 1))
        rows.append(tuple(cells))
    return rows


class _Holder(list[Any]):
    """Elements to read as if they were a container's children."""

    def iterchildren(self) -> Any:
        return iter(self)


def _is_layout(table: Any) -> bool:
    """Whether a table lays out minutes: at most two columns, and a cell of several
    paragraphs or a table of its own. A table of figures has more columns, or one short
    entry a cell even when the first is a number."""
    rows = [list(row.iterchildren(_W + "tc")) for row in table.iterchildren(_W + "tr")]
    if not rows or max(len(cells) for cells in rows) > 2:
        return False
    for cells in rows:
        for cell in cells:
            inner = list(_body(cell))
            if any(part.tag == _W + "tbl" for part in inner) or sum(
                    1 for part in inner if tidy(_text(part)[0])) > 1:
                return True
    return False


def _cell_text(cell: Any) -> str:
    lines: list[str] = []
    for element in _body(cell):
        if element.tag == _W + "p":
            lines.append(tidy(_text(element)[0]))
        else:
            lines.extend(" ".join(filter(None, row)) for row in _rows(element))
    return " ".join(line for line in lines if line)


def _style_chain(style: Any) -> Iterator[str]:
    """A paragraph style's name and the names it is based on."""
    seen = 0
    while style is not None and seen < 20:
        yield style.name or ""
        style = style.base_style
        seen += 1


def _heading_level(names: list[str], element: Any, style: Any) -> int:
    for name in names:
        if name == "title":
            return 1
        if name.startswith("heading ") and name[8:].isdigit():
            return int(name[8:])
    for holder in (element, style.element if style is not None else None):
        level = _val(holder.find(_W + "pPr") if holder is not None else None, "outlineLvl")
        if level is not None and level.isdigit() and int(level) < 9:
            return int(level) + 1
    return 0


def _num_pr(element: Any, style: Any) -> tuple[str, int] | None:
    """The list (numId, level) a paragraph belongs to, directly or through its style."""
    for holder in (element, style.element if style is not None else None):
        props = holder.find(f"{_W}pPr/{_W}numPr") if holder is not None else None
        if props is not None:
            num_id = _val(props, "numId")
            if num_id and num_id != "0":
                return num_id, _int(_val(props, "ilvl"), 0)
            return None
    return None


def _bold(element: Any, style: Any) -> bool:
    """Whether every run with text is bold, by its own format or the paragraph's style."""
    style_bold = bool(style is not None and style.font is not None and style.font.bold)
    runs = [run for run in element.iter(_W + "r")
            if any((t.text or "").strip() for t in run.iterchildren(_W + "t"))]
    if not runs:
        return False
    for run in runs:
        flag = run.find(f"{_W}rPr/{_W}b")
        bold = style_bold if flag is None else _on(flag)
        if not bold:
            return False
    return True


def _on(flag: Any) -> bool:
    """Whether a Word on/off property (`<w:b/>`, `<w:vanish w:val="0"/>`) is present and on."""
    return flag is not None and flag.get(_W + "val") not in ("0", "false", "off")


def _val(node: Any, name: str) -> str | None:
    child = node.find(_W + name) if node is not None else None
    return child.get(_W + "val") if child is not None else None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
