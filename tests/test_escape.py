"""Each escape holds for any text, and the narrative's allow-list keeps what minutes need."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import icalendar
import markdown as python_markdown
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from minutes_kit import escape
from minutes_kit.narrative import sanitise

TEXT = st.text(st.characters(exclude_categories=["Cs"]))
BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\x1c"]
NASTY = st.lists(st.sampled_from([*BREAKS, "<script>", "</title>", '"', "'", "&amp;", "#", "- ", "1. ",
                                  "> ", "=", "*", "_", "`", "[x](javascript:y)", "![i](http://h/x.png)",
                                  "|", "\\", "{: onclick=x}", "    ", "*[A]: b", "a", " "]),
                 max_size=12).map("".join)
ANY = st.one_of(TEXT, NASTY)
_md = MarkdownIt("commonmark", {"html": True}).enable("table")


@given(ANY)
def test_html_text_and_attribute_hold_no_markup(value: str) -> None:
    assert "<" not in escape.html_text(value)
    attribute = escape.html_attribute(value)
    assert not set(attribute) & {"<", ">", '"', "\n", "\r"}


@given(ANY)
def test_a_title_is_one_line_without_markup(value: str) -> None:
    title = escape.title(value)
    assert not set(title) & {"<", ">", '"'} and escape.one_line(title) == title


@given(ANY)
def test_markdown_inline_text_renders_as_one_paragraph_of_that_text(value: str) -> None:
    tokens = _md.parse(escape.markdown_inline(value))
    expected = re.sub(r"[ \t]+", " ", escape.one_line(value).strip())
    if not expected:
        return
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    children = tokens[1].children or []
    assert {t.type for t in children} <= {"text"}
    assert re.sub(r"[ \t]+", " ", "".join(t.content for t in children)).strip() == expected


@given(NASTY)
def test_markdown_inline_text_is_plain_for_python_markdown_too(value: str) -> None:
    rendered = python_markdown.markdown("x " + escape.markdown_inline(value),
                                        extensions=["abbr", "attr_list", "md_in_html", "tables"])
    assert rendered.startswith("<p>") and rendered.endswith("</p>")
    assert re.findall(r"<[a-z/]", rendered[3:-4]) == []


@given(ANY, ANY)
def test_an_abbreviation_is_one_definition_line(key: str, expansion: str) -> None:
    line = escape.abbreviation(key, expansion)
    assert escape.one_line(line) == line and line.startswith("*[")
    assert line.index("]:") == len(line.split("]:", 1)[0])  # the key closes where it should
    assert "<" not in line and '"' not in line


@given(ANY)
def test_a_csv_cell_never_starts_a_formula(value: str) -> None:
    cell = escape.csv_cell(value)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell in (value, "'" + value)


@given(ANY)
def test_terminal_text_holds_no_control_characters(value: str) -> None:
    shown = escape.terminal(value)
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", shown)


def test_terminal_shows_escapes_visibly() -> None:
    assert escape.terminal("a\x1b[2Jb\nfile:1:1: error") == "a^[[2Jb^Jfile:1:1: error"


@given(ANY)
def test_calendar_text_parses_back_to_the_same_summary(value: str) -> None:
    calendar = icalendar.Calendar()
    event = icalendar.Event()
    event.add("summary", escape.calendar_text(value))
    calendar.add_component(event)
    written = calendar.to_ical()
    assert all(len(line) <= 75 for line in written.split(b"\r\n"))
    assert b"\r" not in written.replace(b"\r\n", b"")
    back = icalendar.Calendar.from_ical(written)
    assert str(back.walk("VEVENT")[0]["SUMMARY"]) == escape.calendar_text(value)


KEPT = [
    "Some <strong>bold</strong>, <em>em</em>, <b>b</b>, <i>i</i>, <u>u</u>, <s>s</s>, <sub>2</sub>, "
    "<sup>3</sup>, <mark>m</mark>, <code>c</code> and <abbr title=\"child protection\">CP</abbr>.",
    "<table>\n<tr><th align=\"right\">n</th><td style=\"text-align:right\">1</td></tr>\n</table>",
    "<details>\n<summary>More</summary>\n<p>Text<br>more</p>\n</details>",
    "<blockquote>\n<p>Quoted</p>\n</blockquote>\n\n<hr>",
    "A [link](https://example.org), [mail](mailto:a@example.org), [page](other.md#x), "
    "<a href=\"https://example.org\" title=\"t\">a</a>.",
    "`<b>` in code and\n\n```\n<b>bold</b>\n```",
    "    <em>indented code</em>",
]


@pytest.mark.parametrize("narrative", KEPT)
def test_what_minutes_need_is_kept_as_written(narrative: str) -> None:
    assert sanitise(narrative) == (narrative, [])


DROPPED = {
    # Code is no shelter: Python-Markdown does not always read code where CommonMark does.
    "`<script>` in code": ("`` in code", ["the <script> element"]),
    "    <script>indented code</script>": ("", ["the <script> element"]),
    "Hi <script>alert(1)</script> there": ("Hi alert(1) there", ["the <script> element"]),
    "<script>\nalert(1)\n</script>": ("", ["the <script> element"]),
    "x <img src=x onerror=alert(1)>": ("x", ["the <img> element"]),
    '<p onclick="x">a</p>': ("<p>a</p>", ["the onclick attribute of <p>"]),
    '<a href="JaVa&#09;Script:alert(1)">a</a>': ("<a>a</a>", ["a javascript: link"]),
    '<td style="color:red">': ("", ["the style of <td> (only text-align is kept)"]),
    "<iframe src=x></iframe>": ("", ["the <iframe> element"]),
    "<form><input></form>": ("", ["the <form> element", "the <input> element"]),
    "<style>p{}</style>": ("", ["the <style> element"]),
}


@pytest.mark.parametrize("narrative", sorted(DROPPED))
def test_what_could_run_is_dropped_and_told(narrative: str) -> None:
    text, dropped = sanitise(narrative)
    expected_text, expected_what = DROPPED[narrative]
    assert text.strip() == expected_text
    assert [d.what for d in dropped] == expected_what


LINKS = ["[a](javascript:alert(1))", "[a](<javascript:alert(1)>)", "[a](JAVASCRIPT:alert(1))",
         "[a](javascript&#58;alert(1))", "![a](data:text/html,x)", "[a](vbscript:x)",
         "[a][r]\n\n[r]: javascript:alert(1)", "[a]\n\n[a]: <data:text/html,x>",
         "- in a list [a](javascript:x)", "> quoted [a](javascript:x)",
         "| h |\n| --- |\n| [a](javascript:x) |"]


@pytest.mark.parametrize("narrative", LINKS)
def test_script_links_are_neutralised_for_both_renderers(narrative: str) -> None:
    text, dropped = sanitise(narrative)
    assert dropped and all(d.line in range(narrative.count("\n") + 1) for d in dropped)
    for html in (_md.render(text), python_markdown.markdown(text, extensions=["tables"])):
        assert not re.search(r"(?i)(href|src)=\"\s*(javascript|vbscript|data)", html), html


@given(st.lists(st.sampled_from(["<script>", "</script>", "<img src=x onerror=y>", "<b>", "</b>",
                                 "[a](javascript:x)", "`", "\n", "\n\n", "<div>", "</div>", "x",
                                 "<a href=\"javascript:y\">", "[r]: javascript:z", "- ", "> ",
                                 '"', "<svg onload=x>", "|", "<!-- c -->", "\t", "```\n", "    ", "``"]),
                max_size=20).map("".join))
@example("```<script>")  # a fence's opening line, read by Python-Markdown as an open code span
@example("<!-- c -->```\n\t<script>")  # indented code that Python-Markdown reads as a paragraph
@example("x```\n`<script>`")  # a code span that Python-Markdown closes elsewhere
def test_after_sanitising_no_renderer_sees_a_live_tag_or_link(narrative: str) -> None:
    text, _ = sanitise(narrative)
    for html in (_md.render(text), python_markdown.markdown(text, extensions=["tables", "md_in_html"])):
        assert _live(html) == [], (text, html)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.live: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "svg", "img", "iframe", "style"):
            self.live.append(tag)
        self.live += [name for name, value in attrs if name.startswith("on") or (
            name in ("href", "src") and re.match(r"(?i)\s*(javascript|vbscript|data)", value or ""))]


def _live(html: str) -> list[str]:
    """Elements and attributes in ``html`` that could run or load something."""
    tags = _Tags()
    tags.feed(html)
    tags.close()
    return tags.live


@given(st.text(alphabet="ab <>&/=\"'-", min_size=1))
def test_documentation_prose_shows_angle_brackets_as_written(prose: str) -> None:
    """A placeholder such as <committee> in a model's description is shown, not taken as a tag."""
    rendered = MarkdownIt("commonmark").renderInline(escape.markdown_prose(prose))
    assert "<" not in rendered
    assert unescape(rendered) == prose


def test_documentation_prose_leaves_code_spans_alone() -> None:
    assert escape.markdown_prose("Defaults to 'Minutes of <committee>'; see `exempt/<date>.md`.") == (
        "Defaults to 'Minutes of &lt;committee&gt;'; see `exempt/<date>.md`.")
