"""Front matter text made inert for each place it is written: one function per context.

Text from the minutes is data, never markup. Every output escapes it here, once, for the
context it lands in, so a ``<script>`` in a committee's name, a line break in an action
or a ``=`` at the start of a CSV cell shows as the clerk typed it and does nothing.
Each function says which context it is for; use the one for where the text lands.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

# Everything that ends a line somewhere: LF, CR, VT, FF, the file/group/record separators,
# NEL and the Unicode line and paragraph separators. Other control characters too.
_BREAK_OR_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]|])")
_LINE_START = re.compile(r"^(\s*(?:\d+)?)([#>+\-=.)])")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What a terminal acts on: C0, DEL and C1 controls, line separators and the
# bidirectional overrides that can make one text display as another.
_TERMINAL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def one_line(value: object) -> str:
    """Any text as one line: each run of line breaks and control characters becomes a space."""
    return _BREAK_OR_CONTROL.sub(" ", str(value))


def html_text(value: object) -> str:
    """Text between HTML tags (element content): ``<`` and ``&`` escaped."""
    return html.escape(str(value), quote=False)


def html_attribute(value: object) -> str:
    """A quoted HTML attribute value: quotes escaped too, line breaks folded."""
    return html.escape(one_line(value), quote=True)


def title(value: object) -> str:
    """A page or navigation title: MkDocs' theme inserts these into the page raw
    (``<title>``, the header, the navigation), so they are escaped as HTML here."""
    return html.escape(one_line(value).strip(), quote=True)


def markdown_inline(value: object) -> str:
    """Text inside a line of Markdown, table cells included: HTML escaped (a
    ``<script>`` shows as text), every line break and control character folded to a
    space, inline markup escaped and a block marker at its start neutralised, so it
    renders as exactly one run of plain text in any CommonMark or Python-Markdown."""
    return _markdown_inline(str(value))


@lru_cache(maxsize=65536)
def _markdown_inline(value: str) -> str:
    """Names, committees and titles recur on page after page: each is escaped once."""
    escaped = html.escape(one_line(value).strip(), quote=False)
    escaped = _INLINE_SPECIAL.sub(r"\\\1", escaped)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped, count=1)


_CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def markdown_prose(value: str) -> str:
    """Documentation prose that may hold code spans (a model's description): ``<`` and ``&``
    outside code spans escaped, so a placeholder such as ``<committee>`` shows as written
    instead of being read as an HTML tag; code spans are left alone (Markdown shows them
    literally already)."""
    parts, last = [], 0
    for span in _CODE_SPAN.finditer(value):
        parts += [html_text(value[last:span.start()]), span.group(0)]
        last = span.end()
    return "".join([*parts, html_text(value[last:])])


def abbreviation(key: str, expansion: str) -> str:
    """An abbreviation definition line, ``*[KEY]: expansion``, that stays one
    definition: the key cannot close its brackets early, the expansion (shown as a
    tooltip, an HTML attribute) cannot start a new line or carry markup."""
    safe_key = html.escape(one_line(key).strip(), quote=True).replace("[", "&#91;").replace("]", "&#93;")
    return f"*[{safe_key}]: {html_attribute(expansion.strip())}"


def csv_cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: one starting with ``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return would be read as a formula, so it gets a
    leading ``'`` (OWASP's rule for CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def terminal(value: object) -> str:
    """Text printed to a terminal: control characters shown as ``^[`` and the like
    (and Unicode separators and direction overrides as ``\\u202e``), so the minutes
    cannot move the cursor, recolour the screen or forge a line of output."""
    def visible(match: re.Match[str]) -> str:
        code = ord(match.group())
        if code < 0x20:
            return "^" + chr(code + 0x40)
        if code == 0x7F:
            return "^?"
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return _TERMINAL.sub(visible, str(value))


def calendar_text(value: object) -> str:
    """An iCalendar TEXT value before the ``icalendar`` library escapes and folds it:
    every kind of line break becomes the one it can express (``\\n``) and other
    control characters, which RFC 5545 does not allow in text, become spaces."""
    return _CONTROL.sub(" ", _BREAK.sub("\n", str(value)))
