"""The pages minutes-kit generates, rendered to HTML with markdown-it.

MkDocs renders Markdown with Python-Markdown at about 20 ms a page, and Material then
re-parses the HTML for its search index; with thousands of meetings those two are most
of a build. The MkDocs adapter hands the generated pages to this renderer instead: the
same markdown-it that ``check`` parses the narrative with (so the site shows the
structure ``check`` validated), about a tenth of the time. Pages people write keep
MkDocs' own renderer.

It renders what :mod:`minutes_kit.site` emits: CommonMark with tables and raw HTML,
heading ids and permalinks made the way Python-Markdown's ``toc`` makes them (links into
pages keep working), and abbreviation definitions (``*[KEY]: expansion``) shown as
``<abbr>``. It returns what MkDocs would otherwise gather from its own render: the
table of contents, the anchors, and the search sections.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from .escape import html_attribute, html_text

_md = MarkdownIt("commonmark", {"html": True}).enable("table")
_html = RendererHTML()
_ABBREVIATION = re.compile(r"^\*\[([^\]\n]+)\]:[ \t]*(.*)\n?", re.MULTILINE)
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_TAG = re.compile(r"<[^>]*>")
# A pipe table as site.py writes them: blank line before, a pipe at both ends of each row.
_TABLE = re.compile(r"(?:\A|(?<=\n\n))(\|.*\|)\n(\|(?: *:?-+:? *\|)+)\n((?:\|.*\|(?:\n|\Z))*)")
_CELL = re.compile(r"(?<!\\)\|")
_MARKUP = re.compile(r"[\[\]`*_<>&\\!~]")
_ALIGN = {(False, False): "", (True, False): ' style="text-align:left"',
          (False, True): ' style="text-align:right"', (True, True): ' style="text-align:center"'}


@dataclass
class TocEntry:
    level: int
    id: str
    name: str
    children: list[TocEntry] = field(default_factory=list)


@dataclass(frozen=True)
class Section:
    """One search entry: the text under a heading (``anchor`` None for the page top)."""

    anchor: str | None
    title: str
    text: str


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: list[TocEntry]
    anchors: frozenset[str]
    sections: list[Section]


def slugify(text: str) -> str:
    """Python-Markdown's default ``toc`` slug, so anchors match either renderer."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", ascii_text).strip().lower())


def _unique(anchor: str, taken: set[str]) -> str:
    candidate, n = anchor, 0
    while candidate in taken or not candidate:
        n += 1
        candidate = f"{anchor}_{n}"
    taken.add(candidate)
    return candidate


def _plain(children: list[Token] | None) -> str:
    return "".join(t.content if t.type in ("text", "code_inline") else " " if t.type == "softbreak" else ""
                   for t in children or [])


def _indexed(children: list[Token] | None) -> str:
    """Inline text for the search index: escaped, code kept as ``<code>`` as Material does."""
    parts = []
    for t in children or []:
        if t.type == "text":
            parts.append(html_text(t.content))
        elif t.type == "code_inline":
            parts.append(f"<code>{html_text(t.content)}</code>")
        elif t.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif t.type == "html_inline":
            parts.append(_TAG.sub("", t.content))
    return "".join(parts)


def _abbreviate(children: list[Token], pattern: re.Pattern[str], titles: dict[str, str]) -> list[Token]:
    out: list[Token] = []
    for token in children:
        if token.type != "text" or not pattern.search(token.content):
            out.append(token)
            continue
        last = 0
        for match in pattern.finditer(token.content):
            if match.start() > last:
                out.append(Token("text", "", 0, content=token.content[last:match.start()]))
            key = match.group(0)
            out.append(Token("html_inline", "", 0,
                             content=f'<abbr title="{titles[key]}">{html_text(key)}</abbr>'))
            last = match.end()
        if last < len(token.content):
            out.append(Token("text", "", 0, content=token.content[last:]))
    return out


def _cells(row: str) -> list[str]:
    return [cell.strip().replace("\\|", "|") for cell in _CELL.split(row.strip()[1:-1])]


def _prepared(children: list[Token], link: Callable[[str], str], pattern: re.Pattern[str] | None,
              titles: dict[str, str]) -> list[Token]:
    """Inline tokens with abbreviations marked and links mapped to their published URLs."""
    if pattern is not None:
        children = _abbreviate(children, pattern, titles)
    for child in children:
        if child.type == "link_open":
            child.attrSet("href", link(str(child.attrGet("href") or "")))
    return children


def _inline(source: str, link: Callable[[str], str], pattern: re.Pattern[str] | None,
            titles: dict[str, str]) -> str:
    if not _MARKUP.search(source) and (pattern is None or not pattern.search(source)):
        return html_text(source)
    children = _prepared(_md.parseInline(source)[0].children or [], link, pattern, titles)
    return _html.renderInline(children, _md.options, {})


def _tables(markdown: str, link: Callable[[str], str], pattern: re.Pattern[str] | None,
            titles: dict[str, str]) -> str:
    """Pipe tables turned into HTML blocks, as markdown-it's table rule would render
    them: that rule costs more than the rest of a page, as it tries every line."""
    def table(match: re.Match[str]) -> str:
        head = _cells(match.group(1))
        aligns = [_ALIGN[d.startswith(":"), d.endswith(":")] for d in _cells(match.group(2))]
        if len(head) != len(aligns):
            return match.group(0)
        header = "".join(f"<th{a}>{_inline(c, link, pattern, titles)}</th>"
                         for c, a in zip(head, aligns, strict=True))
        rows = ["<table>", "<thead>", f"<tr>{header}</tr>", "</thead>"]
        body = [_cells(line) for line in match.group(3).split("\n") if line]
        if body:
            rows.append("<tbody>")
            for cells in body:
                cells = (cells + [""] * len(aligns))[:len(aligns)]
                rows.append("<tr>" + "".join(f"<td{a}>{_inline(c, link, pattern, titles)}</td>"
                                             for c, a in zip(cells, aligns, strict=True)) + "</tr>")
            rows.append("</tbody>")
        rows.append("</table>")
        return "\n".join(rows) + "\n"
    return _TABLE.sub(table, markdown)


_OPEN_TAGS = {"paragraph_open": "<p>", "paragraph_close": "</p>", "bullet_list_open": "<ul>",
              "bullet_list_close": "</ul>", "ordered_list_open": "<ol>", "ordered_list_close": "</ol>",
              "list_item_open": "<li>", "list_item_close": "</li>"}


def render(markdown: str, link: Callable[[str], str] = lambda href: href) -> Rendered:
    """HTML and what a generator needs besides; ``link`` maps each link target (a
    relative ``.md`` path in the source) to the URL to publish."""
    titles: dict[str, str] = {}
    for key, value in _ABBREVIATION.findall(markdown):
        titles[html.unescape(_UNESCAPE.sub(r"\1", key))] = html_attribute(html.unescape(value.strip()))
    if titles:
        markdown = _ABBREVIATION.sub("", markdown)
    pattern = (re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(titles, key=len, reverse=True))) + r")\b")
               if titles else None)
    if "|" in markdown:
        markdown = _tables(markdown, link, pattern, titles)
    tokens = _md.parse(markdown)
    taken: set[str] = set()
    toc: list[TocEntry] = []
    stack: list[TocEntry] = []
    sections: list[Section] = []
    anchor_now: str | None = None
    title_now = ""
    text: list[str] = []
    for n, token in enumerate(tokens):
        if token.type == "inline":
            token.children = _prepared(token.children or [], link, pattern, titles)
            if tokens[n - 1].type != "heading_open":
                text.append(_indexed(token.children))
        elif token.type == "heading_open":
            inline = tokens[n + 1]
            name = _plain(inline.children).strip()
            anchor = _unique(slugify(name), taken)
            token.attrSet("id", anchor)
            assert inline.children is not None
            inline.children.append(Token("html_inline", "", 0, content=(
                f'<a class="headerlink" href="#{anchor}" title="Permanent link" tabindex="-1">&para;</a>')))
            level = int(token.tag[1])
            entry = TocEntry(level, anchor, html_text(name))
            while stack and stack[-1].level >= level:
                stack.pop()
            (stack[-1].children if stack else toc).append(entry)
            stack.append(entry)
            said = " ".join(text)
            top = not sections and not title_now and not said  # a leading h1 is the page itself
            if title_now or said:
                sections.append(Section(anchor_now, title_now, said))
            anchor_now = None if top and level == 1 else anchor
            title_now, text = entry.name, []
        elif token.type in _OPEN_TAGS and not token.hidden:
            text.append(_OPEN_TAGS[token.type])
        elif token.type in ("fence", "code_block"):
            text.append(f"<pre><code>{html_text(token.content)}</code></pre>")
        elif token.type == "html_block" and "data-search-exclude" not in token.content:
            text.append(" ".join(_TAG.sub(" ", token.content).split()))
    said = " ".join(text)
    if title_now or said:
        sections.append(Section(anchor_now, title_now, said))
    body = _html.render(tokens, _md.options, {})
    return Rendered(body, toc, frozenset(taken), sections)
