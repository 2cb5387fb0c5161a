"""The narrative: headings and prose blocks of the Markdown body, with file lines.

The checks need the section headings and the prose (to find initials and
abbreviations), never the inline formatting, so markdown-it runs with the block rules
that decide those (headings, code, fences, paragraphs) and no inline pass: measured on
the seed minutes that is 0.4 ms instead of 1.1 ms for a full parse. Lists, tables,
quotes and HTML are read as the paragraphs of text they contain.

With only those four rules the block structure is simple enough to follow line by line,
and for bodies indented with spaces alone (no tabs, no setext underlines) :func:`_scan`
does exactly that, in a fifth of markdown-it's time; a property test holds it to
markdown-it's tokens, which stay the definition and read every other body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from markdown_it import MarkdownIt
from markdown_it.common.utils import MD_TRIM_CHARS

_KEEP = ("code", "fence", "heading", "paragraph")
_UNDERLINE = re.compile(r"\n {0,3}(?:=+|-+)[ \t]*(?=\n|$)")  # searched in "\n" + text


def _parser(*rules: str) -> MarkdownIt:
    md = MarkdownIt("commonmark")
    md.core.ruler.disable(["inline", "text_join"], ignoreInvalid=True)
    md.block.ruler.disable([rule for rule in md.block.ruler.get_all_rules() if rule not in rules])
    return md


# Setext headings (a line underlined with === or ---) cost a fifth of the parse, so the
# rule runs only for bodies with such a line.
_MD, _MD_SETEXT = _parser(*_KEEP), _parser(*_KEEP, "lheading")


def _underlined(text: str) -> bool:
    """Whether a line could underline a setext heading (a literal first is 3x faster than ^)."""
    return _UNDERLINE.search("\n" + text) is not None


# How clerks label an item: a minute number `15/09` (a `.`, `)` or `:` may follow), a
# letter or number in brackets `(a)`, after it `a)`, `3a)`, or a number with a full
# stop `23.`; a bare number (`2012 review`) is a title, not a label.
ITEM_LABEL = re.compile(
    r"^(?:([0-9]{1,4}/[0-9]{2})[.):]?|\(([a-z]|[0-9]{1,3}[a-z]?)\)|([a-z]|[0-9]{1,3}[a-z]?)\)"
    r"|([0-9]{1,3}[a-z]?)\.)(?:\s+|$)")


def written_label(item_id: str) -> str:
    """The label as a heading writes it: `15/09` as it is, `a` as `a)`."""
    return item_id if "/" in item_id else f"{item_id})"


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    text: str

    @cached_property
    def item_label(self) -> str | None:
        """``a`` for a heading such as 'a) EI&ISS PM 04 - Fewer children ...', ``15/09``
        for '15/09 INTEGRATED FINANCE ...', ``23`` for '23. Apologies'. Several checks ask
        it of every heading: it is worked out once."""
        text = self.text.strip("*_ ")
        match = ITEM_LABEL.match(text)
        return next(label for label in match.groups() if label) if match else None


@dataclass(frozen=True)
class Block:
    """A run of prose lines, joined by newlines; the first is file line ``line``."""

    line: int
    text: str


@dataclass(frozen=True)
class Body:
    headings: tuple[Heading, ...]
    blocks: tuple[Block, ...]


def parse(text: str, first_line: int) -> Body:
    """Parse a body that starts at file line ``first_line``."""
    return _scan(text, first_line) or _parse(text, first_line)


def _parse(text: str, first_line: int) -> Body:
    headings: list[Heading] = []
    blocks: list[Block] = []
    tokens = (_MD_SETEXT if _underlined(text) else _MD).parse(text)
    source_lines = text.split("\n")
    for i, token in enumerate(tokens):
        if token.type != "inline" or token.map is None:
            continue
        start, end = token.map
        opener = tokens[i - 1]
        if opener.type == "heading_open":
            level = int(opener.tag[1])
            headings.append(Heading(start + first_line, level, token.content))
        else:
            blocks.append(Block(start + first_line, "\n".join(source_lines[start:end])))
    return Body(tuple(headings), tuple(blocks))


# What can open a fence or an ATX heading, after at most three spaces; a backtick fence's
# info string holds no backtick.
_FENCE = re.compile(r"(`{3,}(?!.*`)|~{3,})(.*)")
_HEADING = re.compile(r"(#{1,6})(?: |$)")


def _scan(text: str, first_line: int) -> Body | None:
    """markdown-it's code, fence, heading and paragraph rules for a body without tabs,
    carriage returns, NULs or setext underlines; None for any other body."""
    if "\t" in text or "\r" in text or "\0" in text or _underlined(text):
        return None
    lines = text.split("\n")
    count = len(lines) - (1 if text.endswith("\n") else 0)
    indents = [len(line) - len(line.lstrip(" ")) for line in lines]
    headings: list[Heading] = []
    blocks: list[Block] = []
    i = 0
    while i < count:
        line, indent = lines[i], indents[i]
        if indent == len(line):  # blank
            i += 1
        elif indent >= 4:  # indented code, through blank lines but not past the last code line
            i = last = i + 1
            while i < count and (indents[i] >= 4 or indents[i] == len(lines[i])):
                i += 1
                if indents[i - 1] != len(lines[i - 1]):
                    last = i
            i = last
        elif fence := _FENCE.match(line, indent):
            marker = fence.group(1)
            i += 1
            while i < count and not _closes(lines[i], indents[i], marker):
                i += 1
            i += 1
        elif heading := _HEADING.match(line, indent):
            level = len(heading.group(1))
            content = line[heading.end(1):].rstrip(" ")
            bare = content.rstrip("#")
            if bare.endswith(" "):  # a closing run of #s, as in '## Actions ##'
                content = bare
            headings.append(Heading(i + first_line, level, content.strip(MD_TRIM_CHARS)))
            i += 1
        else:
            start = i
            i += 1
            while i < count and indents[i] != len(lines[i]) and (
                indents[i] >= 4 or lines[i][indents[i]] not in "#`~"
                or not (_FENCE.match(lines[i], indents[i]) or _HEADING.match(lines[i], indents[i]))):
                i += 1
            blocks.append(Block(start + first_line, "\n".join(lines[start:i])))
    return Body(tuple(headings), tuple(blocks))


def _closes(line: str, indent: int, marker: str) -> bool:
    """Whether ``line`` closes a fence opened with ``marker``."""
    return indent < 4 and line.startswith(marker, indent) and not line[indent:].rstrip(" ").lstrip(marker[0])
