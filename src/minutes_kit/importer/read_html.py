"""Read an HTML page of minutes, including the modern.gov layout, into blocks.

Most UK councils publish minutes with modern.gov, whose pages put each minute in a row of
a layout table (`mgItemTable`): the number in its own cell (`mgItemNumberCell`), the title
in `mgAiTitleTxt`, the text under a "Minutes:" label (`mgSubItemTitleTxt`) in Word-made
paragraphs (`mgWordPara`). This reader turns that into what a text copy shows: a heading
"25. Title" followed by paragraphs, items and tables. Any other page is read by its
headings, paragraphs, lists and tables. The page is parsed (lxml's HTML parser), never
matched with patterns; site chrome (scripts, navigation, headers, footers) is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from .blocks import Block, Kind, Unreadable
from .limits import read_bytes
from .read_text import blocks_of as blocks_of_text
from .shapes import MINUTE_LABEL, as_typed, has_label, label, looks_like_heading, tidy

MAX_HTML_BYTES = 5 << 20  # a saved minutes page is tens of KiB; 5 MiB is plenty
MAX_DEPTH = 200  # minutes pages nest a few dozen deep; deeper is a broken or hostile page
MAX_ELEMENTS = 50_000  # a long minutes page has a few thousand

_CHROME = {"script", "style", "nav", "header", "footer", "noscript", "template", "head",
           "form", "button", "iframe", "svg", "select", "aside", "object", "canvas"}
# modern.gov's own chrome: links to the decision, documents, breadcrumbs, help.
_MG_CHROME = {"mgActionList", "mgLinks", "mgBreadCrumb", "mgHelpLine", "mgDocuments"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCK = _HEADINGS | {"address", "article", "blockquote", "body", "caption", "center", "dd",
                      "div", "dl", "dt", "fieldset", "figcaption", "figure", "hr", "html",
                      "li", "main", "ol", "p", "pre", "section", "table", "tbody", "td",
                      "tfoot", "th", "thead", "tr", "ul"}
_EMPHASIS = {"b", "strong"}
_FILE_SIZE = re.compile(r"\s*(?:PDF|DOC|DOCX)\s*[\d.]+\s*[KM]B$")
_BODY_AND_DAY = re.compile(r"^(?P<body>[^\n]+?)\s*(?:,|\s[-\u2013]\s)\s*"
                           r"(?P<day>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b[^\n]*)$")
_LABEL_ONLY = re.compile(r"^[A-Za-z][A-Za-z ]{2,30}:$")
# Labels of a list of people, which a text copy writes on one line after the label.
_ROLLS = {"present", "councillors present", "members present", "in attendance", "also present",
          "officers", "officers present", "officers in attendance", "apologies",
          "apologies for absence", "substitutes", "substitute members", "absent"}


@dataclass(eq=False)
class _Node:
    tag: str
    line: int
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_Node | _Text] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


@dataclass
class _Text:
    text: str
    line: int


def read(path: Path) -> list[Block]:
    """The blocks of an HTML page, each with its source line."""
    return blocks_of(_decode(read_bytes(path, MAX_HTML_BYTES)))


def blocks_of(text: str) -> list[Block]:
    """The blocks of HTML source text (for a page already in memory)."""
    out: list[Block] = []
    _Walker(out).walk(_tree(text))
    if not out:
        raise Unreadable("the page holds no text (is it only a frame, an image or a script?)")
    return out


def _decode(raw: bytes) -> str:
    """The page as text: UTF-8, or the character set its `<meta>` declares (Word's
    "Save as Web Page" writes windows-1252)."""
    if b"\x00" in raw[:8192]:
        raise Unreadable("the file holds binary data, not an HTML page; is it the right file?")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _charset(raw[:4096].decode("latin-1"))
    if declared:
        try:
            return raw.decode(declared)
        except (LookupError, UnicodeDecodeError):
            raise Unreadable(f"the page says it is in '{declared}', but its bytes are not; "
                             "save it again as UTF-8") from None
    raise Unreadable("the page is not UTF-8 and does not say which character set it uses; "
                     "save it again as UTF-8")


def _charset(head: str) -> str:
    """The character set of `<meta charset>` or `<meta http-equiv content="...; charset=...">`."""
    root = _parse(head)
    for meta in root.iter("meta") if root is not None else ():
        content = (meta.get("content") or "").lower()
        if meta.get("charset"):
            return str(meta.get("charset")).strip()
        if "charset=" in content:
            return content.split("charset=", 1)[1].split(";")[0].strip()
    return ""


def _parse(text: str) -> Any:
    """The page as libxml2's forgiving HTML parser reads it, as a browser would (unclosed
    `<p>`, `<li>`, `<td>` closed for it). The standard library's parser takes time growing
    with the square of the page on some broken markup; this one does not."""
    parser = etree.HTMLParser(recover=True, remove_comments=True, remove_pis=True, no_network=True)
    try:
        return etree.fromstring(text, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise Unreadable(f"the page could not be read as HTML ({error})") from None


@dataclass
class _Tail:
    """The text after an element, waiting its turn in `_tree`'s walk."""

    text: str
    line: int


def _tree(text: str) -> _Node:
    """The parsed page as `_Node`s, refusing a page nested or sized beyond any minutes."""
    root = _parse(text)
    if root is None:
        raise Unreadable("the page holds no text (is it only a frame, an image or a script?)")
    count = 0
    top = _Node("#root", 1)
    stack: list[tuple[Any, _Node, int]] = [(root, top, 1)]
    while stack:
        element, parent, depth = stack.pop()
        if isinstance(element, _Tail):
            if element.text:
                parent.children.append(_Text(element.text, element.line))
            continue
        if not isinstance(element.tag, str):
            continue  # an entity or other node that is no element
        count += 1
        if count > MAX_ELEMENTS:
            raise Unreadable(f"the page has more than {MAX_ELEMENTS} elements; is it one meeting's minutes?")
        if depth > MAX_DEPTH:
            raise Unreadable(f"the page nests elements more than {MAX_DEPTH} deep; "
                             "it is broken or not a minutes page")
        line = element.sourceline or parent.line
        node = _Node(element.tag.lower(), line, {str(k): str(v) for k, v in element.attrib.items()})
        parent.children.append(node)
        if element.text:
            node.children.append(_Text(element.text, line))
        # Pushed in reverse so they are taken in document order, each child's tail (the text
        # after it) right after the child.
        for child in reversed(element):
            stack.append((_Tail(child.tail or "", child.sourceline or line), node, depth))
            stack.append((child, node, depth + 1))
    return top


class _Walker:
    """Turns the element tree into blocks, in document order."""

    def __init__(self, out: list[Block]) -> None:
        self.out = out
        self.skip: set[int] = set()  # ids of nodes already read (a minute's title)

    def emit(self, kind: Kind, text: str, line: int, level: int = 0) -> None:
        text = tidy(text)
        if text:
            self.out.append(Block(kind, text, line, level))

    def walk(self, node: _Node) -> None:
        if _dropped(node) or id(node) in self.skip:
            return
        if "mgSubTitleTxt" in node.classes:
            self.subtitle(node)
        elif node.tag in _HEADINGS:
            self.emit("heading", _inline(node), node.line, int(node.tag[1]))
        elif node.tag == "table":
            self.table(node)
        elif node.tag in ("ul", "ol"):
            self.list(node)
        elif node.tag == "li":
            self.emit("item", _inline(node), node.line)
        elif node.tag == "pre":
            self.typed_text(_raw(node), node.line)
        elif "mgAiTitleTxt" in node.classes:
            self.emit("heading", _FILE_SIZE.sub("", _inline(node)), node.line, 2)
        elif "mgSubItemTitleTxt" in node.classes and _inline(node).strip() == "Minutes:":
            return  # modern.gov's label above each minute's text; a text copy has none
        elif _holds_blocks(node):
            self.mixed(node)
        else:
            self.leaf(node)

    def subtitle(self, node: _Node) -> None:
        """modern.gov's "Licensing Committee, Thursday 9 September 2021 7.00 pm": the body's
        name as a heading of its own, as a typed title page sets it, then the day."""
        text = tidy(_inline(node))
        parts = _BODY_AND_DAY.match(text)
        if parts is None:
            self.emit("heading" if node.tag in _HEADINGS else "paragraph", text, node.line, 1)
            return
        self.emit("heading", parts["body"], node.line, 1)
        self.emit("paragraph", parts["day"], node.line)

    def leaf(self, node: _Node) -> None:
        text = tidy(_inline(node))
        if text and _emphasised(node) and looks_like_heading(text):
            self.emit("heading", text, node.line, 2)
        else:
            self.typed(text, node.line)

    def typed_text(self, text: str, line: int) -> None:
        """Preformatted text (minutes published as a text file in `<pre>`), read by the
        text reader's rules, line by line."""
        lines = text.split("\n")
        if lines and not lines[0].strip():  # the line break after `<pre>` is not shown
            lines, line = lines[1:], line + 1
        self.out.extend(Block(block.kind, block.text, line + block.line - 1, block.level, block.rows)
                        for block in blocks_of_text("\n".join(lines)))

    def typed(self, text: str, line: int) -> None:
        """A paragraph, split where a text copy of it would be (a lettered part, a lead)."""
        self.out.extend(as_typed(text, line))

    def mixed(self, node: _Node) -> None:
        """A block holding both loose text and blocks: each run of loose text is a paragraph.
        A label alone ("Present:") takes in the list or paragraph after it, as one line of
        a text copy would hold both."""
        run: list[_Node | _Text] = []
        children = [child for child in node.children
                    if not (isinstance(child, _Node) and _dropped(child))]
        pending: tuple[str, int] | None = None
        for child in [*children, None]:
            if child is None or (isinstance(child, _Node) and _is_block(child)):
                self.typed(tidy("".join(_inline(part) for part in run)), _first_line(run))
                run = []
                if child is None:
                    break
                if pending and ((child.tag in ("ul", "ol") and _is_roll(pending[0]))
                                or (child.tag in ("p", "div", "dd") and not _holds_blocks(child))):
                    own = tidy(_inline(child))
                    joined = ", ".join(own.split("\n")) if child.tag in ("ul", "ol") else own
                    self.emit("paragraph", f"{pending[0]} {joined}".strip(), pending[1])
                    pending = None
                    continue
                if pending:
                    self.emit("paragraph", pending[0], pending[1])
                    pending = None
                if (child.tag in ("p", "div", "dt", "h3", "h4") and not _holds_blocks(child)
                        and "mgSubItemTitleTxt" not in child.classes):
                    own = tidy(_inline(child))
                    if _LABEL_ONLY.match(own):
                        pending = (own, child.line)
                        continue
                self.walk(child)
            else:
                run.append(child)
        if pending:
            self.emit("paragraph", pending[0], pending[1])

    def list(self, node: _Node) -> None:
        style = node.attrs.get("type", "1") if node.tag == "ol" else ""
        number = _start(node)
        for child in node.children:
            if not isinstance(child, _Node) or _dropped(child):
                continue
            if child.tag != "li":
                self.walk(child)
                continue
            nested = [part for part in child.children
                      if isinstance(part, _Node) and part.tag in ("ul", "ol", "table")]
            own = _Node("li", child.line, child.attrs,
                        [part for part in child.children if all(part is not n for n in nested)])
            text = tidy(_inline(own))
            if style and text and not has_label(text):
                # As Word and Markdown number them: "1." for numbers, "(a)" for letters.
                mark = label(number, style)
                text = f"{mark}. {text}" if style == "1" else f"({mark}) {text}"
            self.emit("item", text, child.line)
            number += 1
            for part in nested:
                self.walk(part)

    def table(self, node: _Node) -> None:
        rows = _rows(node)
        columns = max((len(_cells(row)) for row in rows), default=0)
        layout = (any(_is_item_row(row) for row in rows)
                  or any(_is_layout(cell, columns) for row in rows for cell in _cells(row))
                  or (columns <= 2 and any(_numbered(row) for row in rows)))
        if layout:
            for row in rows:
                self.item_row(row)
        else:
            grid = tuple(_grid(row) for row in rows)
            grid = tuple(row for row in grid if any(row))
            if grid:
                self.out.append(Block("table", "", node.line, rows=grid))

    def item_row(self, row: _Node) -> None:
        """One minute laid out in a row: "25." in its cell (modern.gov's `mgItemNumberCell`,
        or the first of two), the title and text in the next."""
        cells = _cells(row)
        numbers = [cell for cell in cells if "mgItemNumberCell" in cell.classes]
        if not numbers and len(cells) == 2 and MINUTE_LABEL.match(tidy(_inline(cells[0]))):
            numbers = cells[:1]
        if not numbers:
            for cell in cells:
                self.walk(_Node("div", cell.line, {}, cell.children))
            return
        number = tidy(_inline(numbers[0]))
        rest = [cell for cell in cells if cell is not numbers[0]]
        body = [child for cell in rest for child in cell.children]
        title = next((child for child in _near(body)
                      if child.tag in _HEADINGS or "mgAiTitleTxt" in child.classes), None)
        if title is None:  # else the first paragraph, as a typed minute starts with its title
            title = next((child for child in body if isinstance(child, _Node) and child.tag in ("p", "div")
                          and not _holds_blocks(child)), None)
        heading = tidy(_FILE_SIZE.sub("", _inline(title))) if title else ""
        self.emit("heading", f"{number} {heading}".strip(), numbers[0].line, 2)
        if title is not None:
            self.skip.add(id(title))
        self.walk(_Node("div", row.line, {}, body))


def _dropped(node: _Node) -> bool:
    """Chrome, and what the page hides from its readers."""
    style = node.attrs.get("style", "").replace(" ", "").lower()
    return (node.tag in _CHROME or bool(node.classes & _MG_CHROME) or "hidden" in node.attrs
            or node.attrs.get("aria-hidden") == "true" or "display:none" in style)


def _is_roll(label: str) -> bool:
    return label.rstrip(":").strip().lower() in _ROLLS


def _holds_blocks(node: _Node) -> bool:
    return any(isinstance(child, _Node) and _is_block(child) for child in node.children)


def _is_block(node: _Node) -> bool:
    return node.tag in _BLOCK or bool(node.classes & {"mgAiTitleTxt", "mgSubItemTitleTxt"})


def _inline(node: _Node | _Text) -> str:
    """The text of a node as a reader sees it: `<br>` and inner blocks break the line."""
    if isinstance(node, _Text):
        return " ".join(node.text.split("\n"))
    if _dropped(node):
        return ""
    if node.tag == "br":
        return "\n"
    inner = "".join(_inline(child) for child in node.children)
    return f"\n{inner}\n" if node.tag in _BLOCK else inner


def _raw(node: _Node | _Text) -> str:
    """Text with its line breaks, as `<pre>` shows it."""
    if isinstance(node, _Text):
        return node.text
    if _dropped(node):
        return ""
    return "\n" if node.tag == "br" else "".join(_raw(child) for child in node.children)


def _emphasised(node: _Node) -> bool:
    """Whether all of a block's text is bold."""
    def plain_text(part: _Node | _Text) -> bool:
        if isinstance(part, _Text):
            return bool(part.text.strip())
        if part.tag in _EMPHASIS or _dropped(part):
            return False
        return any(plain_text(child) for child in part.children)
    return node.tag in _EMPHASIS or not any(plain_text(child) for child in node.children)


def _first_line(run: list[_Node | _Text]) -> int:
    return next((part.line for part in run if not isinstance(part, _Text) or part.text.strip()),
                run[0].line if run else 1)


def _start(node: _Node) -> int:
    try:
        return max(1, int(node.attrs.get("start", "1")))
    except ValueError:
        return 1


def _near(children: list[_Node | _Text], depth: int = 3) -> list[_Node]:
    """The elements within ``depth`` levels, in document order: where a cell's title or
    its paragraphs sit, without walking all of a deeply nested page again."""
    found: list[_Node] = []
    for child in children:
        if isinstance(child, _Node) and not _dropped(child):
            found.append(child)
            if depth > 1:
                found.extend(_near(child.children, depth - 1))
    return found


def _rows(table: _Node) -> list[_Node]:
    """The table's own rows (not those of tables nested in its cells)."""
    rows: list[_Node] = []
    for child in table.children:
        if isinstance(child, _Node) and child.tag == "tr":
            rows.append(child)
        elif isinstance(child, _Node) and child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(_rows(child))
    return rows


def _cells(row: _Node) -> list[_Node]:
    return [child for child in row.children if isinstance(child, _Node) and child.tag in ("td", "th")]


def _is_item_row(row: _Node) -> bool:
    return any("mgItemNumberCell" in cell.classes for cell in _cells(row))


def _is_layout(cell: _Node, columns: int) -> bool:
    """A cell holding headings, tables or modern.gov's text lays out a page; so does one
    of several paragraphs in a table of at most two columns (a Word layout saved as a
    page). A table of figures has more columns, or one short entry a cell."""
    inner = _near(cell.children)
    if any(node.tag in _HEADINGS or node.tag == "table" or "mgWordPara" in node.classes for node in inner):
        return True
    return columns <= 2 and sum(1 for node in inner if node.tag == "p") > 1


def _numbered(row: _Node) -> bool:
    """A row of a minute's number and the minute: its title and at least one paragraph
    more (a row of figures has one entry a cell, even when the first is a number)."""
    cells = _cells(row)
    return (len(cells) == 2 and bool(MINUTE_LABEL.match(tidy(_inline(cells[0]))))
            and sum(1 for node in _near(cells[1].children) if _is_block(node)) > 1)


def _grid(row: _Node) -> tuple[str, ...]:
    """A row's cells; a cell spanning columns fills the first, the rest stay empty, so the
    columns stay in line and no figure is counted twice."""
    cells: list[str] = []
    for cell in _cells(row):
        cells.append(tidy(_inline(cell)).replace("\n", " "))
        try:
            span = min(max(1, int(cell.attrs.get("colspan", "1"))), 1000)
        except ValueError:
            span = 1
        cells.extend([""] * (span - 1))
    return tuple(cells)
