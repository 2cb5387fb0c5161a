"""The renderer of generated pages: the same HTML, anchors and tables as the renderers it
stands in for, and the same pages whether rendered ahead in workers or one by one."""

from __future__ import annotations

import re

import markdown as python_markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minutes_kit.mkdocs_plugin import _Ahead, _render_page, _url
from minutes_kit.render import _md, render

HEADINGS = ["Minutes of the Board: 4 May 2012", "a) EI&ISS PM 04: Fewer children", "Narrative",
            "a) EI&ISS PM 04: Fewer children", "Café \u2013 naïve \u201cquotes\u201d", "`cyp-2012-02-24-4`",
            "Item 3.1 (part two)", "Narrative"]


def ids(html: str) -> list[str]:
    return re.findall(r'<h[1-6] id="([^"]*)"', html)


def flat(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


def test_heading_ids_match_python_markdown() -> None:
    source = "\n\n".join(f"{'#' * (1 + (n > 0))} {text}" for n, text in enumerate(HEADINGS))
    expected = ids(python_markdown.Markdown(extensions=["toc"]).convert(source))
    assert ids(render(source).html) == expected
    assert len(set(expected)) == len(expected)  # repeated headings get _1, _2


def test_toc_and_permalinks() -> None:
    page = render("# The title\n\nintro\n\n## One\n\n### One a\n\n## Two\n")
    assert [(e.level, e.id, [c.id for c in e.children]) for e in page.toc] == [
        (1, "the-title", ["one", "two"])]
    assert page.toc[0].children[0].children[0].name == "One a"
    assert ('<a class="headerlink" href="#one" title="Permanent link" tabindex="-1">&para;</a></h2>'
            in page.html)
    assert page.anchors == {"the-title", "one", "one-a", "two"}


TABLES = [
    "| a | b |\n| --- | --- |\n| 1 | 2 |\n",
    "| a | b | c |\n| :-- | ---: | :-: |\n| x | y |\n| 1 | 2 | 3 | 4 |\n",
    "| `x\\|y` | b \\| c |\n| --- | --- |\n| *em* & <b>bold</b> | [l](x.md) |\n",
    "| only a head | here |\n| --- | --- |\n",
    "| a |\n| --- |\n| <span class=\"mk-status\">&#10003; on target</span> |\n",
]


@pytest.mark.parametrize("table", TABLES)
def test_tables_render_as_markdown_it_renders_them(table: str) -> None:
    source = f"text before\n\n{table}\nafter\n"
    assert flat(render(source).html) == flat(_md.render(source))


CELL = st.text(alphabet=st.sampled_from(list("ab 1*_`[]()<>&\\|-:.#!")), max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(CELL, min_size=1, max_size=4), min_size=2, max_size=5))
def test_tables_agree_with_markdown_it_on_any_cells(rows: list[list[str]]) -> None:
    width = len(rows[0])
    lines = ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    lines.insert(1, "|" + " --- |" * width)
    source = "\n".join(lines) + "\n"
    assert flat(render(source).html) == flat(_md.render(source))


def test_abbreviations_are_expanded_outside_code_and_definitions_removed() -> None:
    page = render("# T\n\nThe DV team, not `DV` code; DVD stays.\n\n| DV |\n| --- |\n| DV |\n\n"
                  "*[DV]: domestic &amp; violence\n")
    assert page.html.count('<abbr title="domestic &amp; violence">DV</abbr>') == 3
    assert "<code>DV</code>" in page.html and "DVD" in page.html
    assert "*[DV]" not in page.html


def test_links_are_mapped_in_text_and_tables() -> None:
    page = render("[a](x.md#one)\n\n| b |\n| --- |\n| [c](../y.md) |\n", lambda href: "URL:" + href)
    assert 'href="URL:x.md#one"' in page.html and 'href="URL:../y.md"' in page.html


def test_search_sections_follow_headings() -> None:
    page = render("# Title\n\nIntro with `code`.\n\n## Item\n\n- a point\n\n| SS PM 07 |\n| --- |\n| 3 |\n\n"
                  "<div data-search-exclude>hidden</div>\n")
    top, item = page.sections
    assert (top.anchor, top.title) == (None, "Title") and "<code>code</code>" in top.text
    assert item.anchor == "item" and "a point" in item.text and "SS PM 07" in item.text
    assert "hidden" not in item.text


def test_a_link_to_a_missing_page_warns() -> None:
    urls = {"meetings/a/2012.md": "meetings/a/2012/", "actions/people/jj.md": "actions/people/jj/"}
    assert _url("../../actions/people/jj.md#x", "meetings/a/2012.md", urls) == (
        "../../../actions/people/jj/#x", None)
    assert _url("https://example.org/a.md", "meetings/a/2012.md", urls) == ("https://example.org/a.md", None)
    url, warning = _url("../../actions/people/zz.md", "meetings/a/2012.md", urls)
    assert url == "../../actions/people/zz.md"
    assert warning is not None and "actions/people/zz.md" in warning


def test_rendering_ahead_in_workers_gives_the_same_pages() -> None:
    sources = {f"p/{n}.md": f"# Page {n}\n\nSee [next](./{n + 1}.md).\n\n| n |\n| --- |\n| {n} |\n"
               for n in range(120)}
    urls = {name: name[:-3] + "/" for name in sources}
    ahead = _Ahead(sources, urls, jobs=2)
    try:
        assert ahead.pool is not None
        for name, text in sources.items():
            assert ahead.get(name) == _render_page(name, text, urls)
        ahead.redo("p/5.md", "# Changed\n")  # another plugin edited the text
        assert ahead.get("p/5.md")[0].html.startswith('<h1 id="changed">')
    finally:
        ahead.close()
    rendered, warnings, looked_up = _render_page("p/119.md", sources["p/119.md"], urls)
    assert 'href="./120.md"' in rendered.html  # left as written
    assert warnings and "p/120.md" in warnings[0]
    assert looked_up == (("p/120.md", None),)  # what the render depends on: the page it did not find
    assert _render_page("p/1.md", sources["p/1.md"], urls)[2] == (("p/1.md", "p/1/"), ("p/2.md", "p/2/"))
