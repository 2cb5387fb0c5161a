"""The narrative's raw HTML and links passed through an allow-list, as Markdown.

The narrative is the clerk's own Markdown and may hold HTML; the site shows it to every
visitor, so anything that could run (scripts, event handlers, ``javascript:`` links,
forms, frames) is dropped before the page is written. It is the Markdown that is
cleaned, not the HTML a renderer makes of it: the pages go both to MkDocs (rendered
with markdown-it) and, with ``--pages-only``, to other generators that render raw HTML
and every link as written, so the page must be safe whatever renders it.

markdown-it finds what CommonMark calls HTML and links, with their places: an HTML
block is cleaned whole by ``nh3``; an inline tag is rebuilt with its allowed attributes
or dropped; a link or image to a ``javascript:``, ``vbscript:`` or ``data:`` URL loses
its brackets and shows as text. Python-Markdown reads a few more strings as tags or
links than CommonMark does, so those are looked for too, and the text is scanned again
until nothing is left to drop. ``check`` reports each drop at its line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block import reference as _reference
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline import html_inline as _html_inline
from markdown_it.rules_inline import image as _image
from markdown_it.rules_inline import link as _link

from .escape import html_attribute, html_text

TAGS = frozenset({
    "p", "div", "span", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "abbr", "strong", "em", "b",
    "i", "u", "s", "del", "ins", "sub", "sup", "mark", "small", "kbd", "code", "pre", "blockquote",
    "br", "hr", "details", "summary", "a"})
ATTRIBUTES = {"a": frozenset({"href", "title"}), "abbr": frozenset({"title"}),
              "th": frozenset({"align", "style"}), "td": frozenset({"align", "style"})}
SCHEMES = frozenset({"http", "https", "mailto"})
_ALIGN = re.compile(r"\s*text-align\s*:\s*(?:left|right|center)\s*;?\s*", re.IGNORECASE)
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")  # browsers ignore these inside a URL's scheme
# What a tag looks like to CommonMark (quoted values may hold ">") and, looser, to
# Python-Markdown; and any "<" that a browser might start a tag with.
_TAG = re.compile(r"""<(/?)([A-Za-z][A-Za-z0-9-]*)"""
                  r"""((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*)\s*/?>""")
_LOOSE_TAG = re.compile(r"<[A-Za-z/!?][^<>]*>")
_TAG_START = re.compile(r"<[A-Za-z/!?]")
# A link or reference definition to a dangerous URL, as Python-Markdown would see it.
_RISKY = r"(?:j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t|v\s*b\s*s\s*c\s*r\s*i\s*p\s*t|d\s*a\s*t\s*a)\s*(?::|&)"
_LOOSE_LINK = re.compile(r"\]\s*(\()\s*<?\s*" + _RISKY, re.IGNORECASE)
_LOOSE_DEFINITION = re.compile(r"^[ \t>]*(\[)[^\]\n]*\]:\s*<?\s*" + _RISKY, re.IGNORECASE | re.MULTILINE)
_PASSES = 8


@dataclass(frozen=True)
class Dropped:
    """Something taken out of the narrative: ``line`` counts from 0 in the text given."""

    line: int
    what: str


@dataclass(frozen=True)
class _Fix:
    start: int
    end: int
    replacement: str
    line: int
    what: str | None  # None: part of a drop already told (a closing tag)


def unsafe_scheme(url: str) -> str | None:
    """The scheme of a URL that is neither http(s), mailto nor relative, as a browser
    reads it (entities decoded, spaces and control characters ignored)."""
    plain = _INVISIBLE.sub("", html.unescape(url)).lower()
    scheme = _SCHEME.match(plain)
    return scheme.group(1) if scheme and scheme.group(1) not in SCHEMES else None


class _Tag(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.name, self.closing = "", False
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.name, self.attrs = tag, attrs

    def handle_endtag(self, tag: str) -> None:
        self.name, self.closing = tag, True


def clean_tag(source: str) -> tuple[str, list[str]]:
    """One tag as allowed (unchanged, rebuilt without what is not allowed, or dropped)
    and what was dropped, in words."""
    if source.startswith(("<!", "<?")):
        return source, []
    parser = _Tag()
    parser.feed(source)
    parser.close()
    name = parser.name
    if not name:
        return html_text(source), ["an unreadable tag"]
    if name not in TAGS:
        return "", [] if parser.closing else [f"the <{name}> element"]
    if parser.closing:
        return source, []
    kept, dropped = [], []
    for attr, value in parser.attrs:
        if attr not in ATTRIBUTES.get(name, ()):
            dropped.append(f"the {attr} attribute of <{name}>")
        elif attr == "href" and (scheme := unsafe_scheme(value or "")):
            dropped.append(f"a {scheme}: link")
        elif attr == "style" and not _ALIGN.fullmatch(value or ""):
            dropped.append(f"the style of <{name}> (only text-align is kept)")
        else:
            kept.append(f' {attr}="{html_attribute(value or "")}"')
    if not dropped:
        return source, []
    return f"<{name}{''.join(kept)}>", dropped


def _clean_block(block: str) -> str:
    return nh3.clean(block, tags=set(TAGS), clean_content_tags={"script", "style"},
                     attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
                     url_schemes=set(SCHEMES), link_rel=None, filter_style_properties={"text-align"})


def _recording(rule: Callable[[StateInline, bool], bool], kind: str) -> Callable[[StateInline, bool], bool]:
    """An inline rule that also notes where in its text each match is (and a link's target)."""
    def record(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        found = rule(state, silent)
        spans = state.env.get("spans")
        if found and not silent and spans is not None and state.src is state.env["source"]:
            token = next((t for t in state.tokens[count:] if t.type in ("link_open", "image")), None)
            target = str(token.attrGet("src" if kind == "image" else "href") or "") if token else ""
            spans.append((kind, start, state.pos, target))
        return found
    return record


def _definitions(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """The reference rule, noting each definition's line and target."""
    references = state.env.setdefault("references", {})
    before = set(references)
    found = _reference(state, start, end, silent)
    if found and not silent:
        for label in set(references) - before:
            state.env.setdefault("definitions", []).append((start, references[label]["href"]))
    return found


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # judged here, not by markdown-it
    md.block.ruler.at("reference", _definitions, {"alt": ["paragraph"]})
    for name, rule in (("html_inline", _html_inline), ("link", _link), ("image", _image)):
        md.inline.ruler.at(name, _recording(rule, name))
    return md


_md = _parser()


class _Text:
    """The text being cleaned, with the offset of each line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line) + 1)

    def line_of(self, offset: int) -> int:
        low, high = 0, len(self.lines) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return low

    def locate(self, content: str, first: int) -> list[int] | None:
        """Where each line of an inline token's ``content`` starts in the text, or None
        when it cannot be told (then the caller is cautious)."""
        places = []
        for n, part in enumerate(content.split("\n")):
            if first + n >= len(self.lines):
                return None
            line = self.lines[first + n]
            at = line.rfind(part) if line.endswith(part) else line.rstrip().rfind(part)
            if at < 0 or (part and line.count(part) > 1 and not line.endswith(part)):
                return None
            places.append(self.starts[first + n] + at)
        return places


def _scan(text: _Text) -> list[_Fix]:
    env: dict[str, Any] = {}
    fixes: list[_Fix] = []
    tokens = _md.parse(text.text, env)
    for line, target in env.get("definitions", ()):
        if scheme := unsafe_scheme(target):
            at = text.starts[line] + text.lines[line].index("[")
            fixes.append(_Fix(at, at, "\\", line, f"a {scheme}: link"))
    for token in tokens:
        if token.map is None:
            continue
        first, last = token.map
        if token.type == "html_block":
            fixes += _block(text, first, last)
        elif token.type == "code_block":
            # Python-Markdown may read an indented line as the paragraph before it goes on
            # (after an HTML comment with text behind it, say): its HTML is HTML there.
            fixes += _block(text, first, last)
        elif token.type == "fence":
            # A renderer without fenced code (Python-Markdown's default) reads a fence's
            # HTML as HTML, its opening line's too (```<script> is a code span left open).
            closed = _closed(text.lines[last - 1], token.markup, last - first)
            fixes += _block(text, first, last - closed)
        elif token.type == "inline":
            fixes += _inline(text, token.content, first, last, env.get("references", {}))
    return fixes


def _closed(line: str, marker: str, size: int) -> bool:
    return size > 1 and line.strip().startswith(marker) and not line.strip().strip(marker[0])


def _block(text: _Text, first: int, last: int) -> list[_Fix]:
    block = "\n".join(text.lines[first:last])
    dropped = [what for tag in _tags(block) for what in clean_tag(tag)[1]]
    if not dropped and len(_TAG_START.findall(block)) == len(_tags(block)):
        return []
    start, end = text.starts[first], text.starts[first] + len(block)
    return [_Fix(start, end, _clean_block(block), first, what) for what in dropped or ["broken markup"]]


def _tags(source: str) -> list[str]:
    """Every tag in ``source``, as either CommonMark or Python-Markdown would see it."""
    strict = {m.start(): m.group() for m in _TAG.finditer(source)}
    loose = {m.start(): m.group() for m in _LOOSE_TAG.finditer(source) if m.start() not in strict}
    return [tag for _, tag in sorted({**loose, **strict}.items())]


def _inline(text: _Text, content: str, first: int, last: int, references: dict[str, Any]) -> list[_Fix]:
    if "<" not in content and "[" not in content:
        return []
    env: dict[str, Any] = {"references": references, "spans": [], "source": content}
    _md.inline.parse(content, _md, env, [])
    places = text.locate(content, first)
    starts = [0] + [n + 1 for n, char in enumerate(content) if char == "\n"]

    def where(offset: int) -> int:
        assert places is not None
        index = max(n for n, start in enumerate(starts) if start <= offset)
        return places[index] + offset - starts[index]

    fixes: list[_Fix] = []
    seen: set[int] = set()
    for kind, start, end, target in env["spans"]:
        if kind == "html_inline":
            seen.add(start)
            fixes += _tag_fixes(content[start:end], start)
        elif scheme := unsafe_scheme(target):
            bracket = start + (kind == "image")
            noun = "image" if kind == "image" else "link"
            fixes.append(_Fix(bracket, bracket, "\\", 0, f"a {scheme}: {noun}"))
    # A tag in a code span is looked at too: where a run of backticks opens and closes a
    # span, Python-Markdown and CommonMark do not always agree.
    outside = [m for m in _LOOSE_TAG.finditer(content) if m.start() not in seen]
    for match in outside:
        fixes += _tag_fixes(match.group(), match.start())
    if not fixes:
        return []
    if places is None:  # cannot tell where: show every tag and link of these lines as text
        start, end = text.starts[first], text.starts[last] - 1
        whole = text.text[start:end]
        return [_Fix(start, end, whole.replace("<", "&lt;").replace("[", "\\["), first, fix.what)
                for fix in fixes]
    return [_Fix(where(f.start), where(f.end), f.replacement, text.line_of(where(f.start)), f.what)
            for f in fixes]


def _tag_fixes(tag: str, start: int) -> list[_Fix]:
    replacement, dropped = clean_tag(tag)
    if replacement == tag:
        return []
    told: list[str | None] = [*dropped] or [None]
    return [_Fix(start, start + len(tag), replacement, 0, what) for what in told]


def _apply(text: str, fixes: list[_Fix]) -> str:
    done = text
    taken = len(text) + 1
    unique = {(f.start, f.end): f for f in fixes}.values()  # one edit per place
    for fix in sorted(unique, key=lambda f: (f.start, f.end), reverse=True):
        if fix.end > taken or (fix.end == taken and fix.start < fix.end):
            continue  # overlaps one applied: the next pass sees what is left
        done = done[:fix.start] + fix.replacement + done[fix.end:]
        taken = fix.start
    return done


def sanitise(markdown: str) -> tuple[str, list[Dropped]]:
    """The narrative with everything the allow-list does not keep taken out, and what
    was taken out where (in the order found, each line and thing once)."""
    dropped: dict[Dropped, None] = {}
    text = markdown
    for _ in range(_PASSES):
        if "<" not in text and "[" not in text:
            break
        fixes = _scan(_Text(text))
        # What Python-Markdown reads as a link where CommonMark does not (inside an HTML
        # block, say): told only where nothing else was on that line.
        lines = {f.line for f in fixes}
        for loose in (_LOOSE_DEFINITION, _LOOSE_LINK):
            for m in loose.finditer(text):
                line = text.count("\n", 0, m.start(1))
                fixes.append(_Fix(m.start(1), m.start(1), "\\", line,
                                  None if line in lines else "a link to a script or data URL"))
        if not fixes:
            break
        told = {d.line for d in dropped}  # a later pass may see the same thing differently
        dropped.update(dict.fromkeys(Dropped(f.line, f.what) for f in fixes
                                     if f.what and f.line not in told))
        text = _apply(text, fixes)
    else:  # still changing: the last resort shows every tag and link as text
        text = text.replace("<", "&lt;").replace("[", "\\[")
    return text, list(dropped)
