"""Search: Pagefind indexes the meeting pages only, with committee and year filters, and the
served site's search box finds them (a real browser); Material's search stays an option,
never on together with Pagefind; the exempt-text scan reads Pagefind's index."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minutes_kit import canary
from minutes_kit.pagefind_index import ARTICLE, PART_SIZE, PagefindError, index, mark, parts, runs

from .conftest import copy_repo, mkdocs_build
from .test_accessibility import AXE, WIDTHS, _open, _serve, _violations
from .test_site import CYP, _browser

LISTINGS = ("actions/", "committees/", "measures/")
PAGE = (f"<html lang='en-GB'><body><header>Menu</header>{ARTICLE}<h1>Minutes</h1><p>{{text}}</p>"
        "</article></body></html>")


def fragments(site: Path, part: str = "") -> list[dict[str, Any]]:
    """Pagefind's record of each indexed page (of the index's ``part`` folder): a gzip
    file of its signature and JSON."""
    return [json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
            for path in sorted((site / "pagefind" / part / "fragment").glob("*.pf_fragment"))]


def test_only_meeting_pages_are_indexed(built: Path) -> None:
    indexed = {page["url"] for page in fragments(built)}
    meetings = {"/" + p.parent.relative_to(built).as_posix() + "/"
                for p in built.glob("meetings/*/*/index.html")}
    assert len(meetings) == 5 and indexed == meetings
    marked = {p.relative_to(built).as_posix() for p in built.rglob("*.html")
              if "data-pagefind-body" in p.read_text(encoding="utf-8")}
    assert marked == {p[1:] + "index.html" for p in meetings}
    assert not (built / "search" / "search_index.json").exists()  # Material's search is off


def test_meetings_carry_their_record_filters_and_date(built: Path) -> None:
    page = next(p for p in fragments(built) if p["url"] == f"/{CYP}/2012-02-24/")
    for words in ("SS PM 07", "Jacqui Jensen", "Saxon House", "safeguarding"):
        assert words in page["content"], words
    assert page["filters"] == {"committee": ["Children and Young People's Performance Surgery"],
                               "year": ["2012"]}
    assert page["meta"]["date"] == "24 February 2012"
    assert page["meta"]["title"].startswith("Minutes of Children and Young People")
    assert "¶" not in page["content"] and "Chair ...." not in page["content"]  # permalinks, print-only
    html = (built / CYP / "2012-02-24" / "index.html").read_text(encoding="utf-8")
    # nor the header row of its measures tables, which Pagefind would read as one word
    assert "<th>measure</th>" in html and "measureactual" not in page["content"].replace(" ", "")
    assert all(f'id="{anchor["id"]}"' in html for anchor in page["anchors"])
    assert (built / "pagefind" / "pagefind.js").is_file()  # served from the site itself


class _Marks(HTMLParser):
    """The filters and meta a marked page declares, as Pagefind reads them: element text."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, str] = {}
        self.open: str | None = None
        self.bodies = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        self.bodies += "data-pagefind-body" in named
        for kind in ("filter", "meta", "sort"):
            if f"data-pagefind-{kind}" in named:
                self.open = f"{kind}:{named[f'data-pagefind-{kind}']}"
                self.found[self.open] = ""

    def handle_data(self, data: str) -> None:
        if self.open:
            self.found[self.open] += data

    def handle_endtag(self, tag: str) -> None:
        self.open = None


@settings(max_examples=200, deadline=None)
@given(committee=st.text(min_size=1).filter(lambda s: s.strip() and "\x00" not in s and "\r" not in s),
       day=st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_a_committee_is_one_filter_value_whatever_its_name(committee: str, day: date) -> None:
    marks = _Marks()
    marks.feed(mark(PAGE.format(text="minutes"), committee, day))
    assert marks.bodies == 1
    assert marks.found == {"filter:committee": committee, "filter:year": str(day.year),
                           "meta:date": f"{day.day} {day:%B %Y}", "sort:date": day.isoformat()}


@pytest.mark.parametrize("committee", ["Planning, Roads & Transport", "Audit: <script>x</script>",
                                       "Children's Services, Scrutiny"])
def test_pagefind_reads_the_marks_as_written(tmp_path: Path, committee: str) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(mark(PAGE.format(text="zebra crossing"), committee,
                                                    date(2024, 3, 5)), encoding="utf-8")
    (tmp_path / "index.html").write_text(PAGE.format(text="zebra list"), encoding="utf-8")  # not marked
    index(tmp_path)
    [page] = fragments(tmp_path)
    assert page["url"] == "/a/" and page["filters"] == {"committee": [committee], "year": ["2024"]}
    assert committee not in page["content"] and "2024-03-05" not in page["content"]


def test_a_page_without_the_article_cannot_be_marked() -> None:
    for page in ("<html><body><main>text</main></body></html>", PAGE + PAGE):
        with pytest.raises(PagefindError, match="theme"):
            mark(page, "Planning", date(2024, 3, 5))


SMUGGLED = "LD presented the placement plan for Child K at the quokka review meeting."


def test_the_exempt_text_scan_reads_pagefinds_index(tmp_path: Path) -> None:
    """A leak that reached only the index (the page itself since removed) is still found."""
    (tmp_path / "a").mkdir()
    page = tmp_path / "a" / "index.html"
    page.write_text(mark(PAGE.format(text=SMUGGLED), "Planning", date(2024, 3, 5)), encoding="utf-8")
    index(tmp_path)
    page.unlink()
    found = canary.scan([canary.Canary(canary.words(SMUGGLED), "exempt/x.md", 12)],
                        dict(canary.folder_texts(tmp_path)))
    assert [Path(leak.output).suffix for leak in found] == [".pf_fragment"]


def _with_plugins(repo: Path, plugins: str) -> None:
    config = repo / "mkdocs.yml"
    text = re.sub(r"plugins:\n(?:  .*\n)+", "plugins:\n" + plugins, config.read_text(encoding="utf-8"))
    config.write_text(text, encoding="utf-8")


MINUTES_KIT = "  - minutes-kit:\n      internal: !ENV [MINUTES_KIT_INTERNAL, false]\n"


@pytest.mark.parametrize(("plugins", "expected"), [
    ("  - search\n" + MINUTES_KIT, "turns on two searches"),
    ("  - search\n" + MINUTES_KIT + "      search: pagefind\n", "turns on two searches"),
    ("  - material/search\n" + MINUTES_KIT, "turns on two searches"),
    (MINUTES_KIT + "      search: material\n", "Material's search plugin is off"),
    (MINUTES_KIT + "      search: lunr\n", "search"),
])
def test_one_search_and_only_one(tmp_path: Path, plugins: str, expected: str) -> None:
    repo = copy_repo(tmp_path)
    _with_plugins(repo, plugins)
    done = mkdocs_build(repo)
    assert done.returncode != 0
    assert expected in done.stderr and "Traceback" not in done.stderr
    assert not (repo / "built").exists()


def test_material_search_for_a_small_site(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path)
    _with_plugins(repo, "  - search\n" + MINUTES_KIT + "      search: material\n")
    done = mkdocs_build(repo)
    assert done.returncode == 0, done.stderr
    site = repo / "built"
    assert not (site / "pagefind").exists()
    assert 'data-md-component="search"' in (site / "index.html").read_text(encoding="utf-8")
    docs = json.loads((site / "search/search_index.json").read_text())["docs"]
    locations = {doc["location"].split("#")[0] for doc in docs}
    assert f"{CYP}/2012-02-24/" in locations
    assert not any(loc.startswith(("actions/", "committees/")) or loc == "" for loc in locations)
    assert sum(loc.startswith("meetings/") for loc in locations) == 5
    # meetings are indexed from their render: record and narrative, by heading, once each
    entries = [doc for doc in docs if doc["location"].startswith(f"{CYP}/2012-02-24/")]
    text = " ".join(doc["title"] + " " + doc["text"] for doc in entries)
    assert all(words in text for words in ("SS PM 07", "Jacqui Jensen", "Saxon House", "safeguarding"))
    page = (site / CYP / "2012-02-24" / "index.html").read_text(encoding="utf-8")
    anchors = [doc["location"].partition("#")[2] for doc in entries]
    assert all(f'id="{anchor}"' in page for anchor in anchors if anchor)
    assert len({doc["location"] for doc in docs}) == len(docs)


def test_an_internal_build_indexes_into_its_own_folder(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path)
    assert mkdocs_build(repo).returncode == 0
    done = mkdocs_build(repo, internal=True, site_dir="built-internal")
    assert done.returncode == 0, done.stderr
    inside = " ".join(page["content"] for page in fragments(repo / "built-internal"))
    public = " ".join(page["content"] for page in fragments(repo / "built"))
    assert "Child K" in inside and "Child K" not in public


@pytest.fixture(scope="module")
def served(built: Path) -> Iterator[tuple[Any, str]]:
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail("CI must install axe-core with `npm ci` (see .ci/run)")
        pytest.skip("axe-core is not installed: run `npm ci`")
    base, server = _serve(built)
    browser = _browser()
    try:
        yield browser, base
    finally:
        browser.quit()
        server.shutdown()
        server.server_close()


def _search(browser: Any, base: str, words: str, width: str = "desktop") -> list[str]:
    """The result links once the status has announced the search for ``words``."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _open(browser, base + f"{CYP}/2012-05-25/", WIDTHS[width])
    box = browser.find_element(By.ID, "mk-search-query")
    button = browser.find_element(By.CSS_SELECTOR, "label.md-header__button[for='__search']")
    (button if button.is_displayed() else box).click()  # a phone's button, a desktop's box
    WebDriverWait(browser, 10).until(lambda b: b.switch_to.active_element == box)  # the box takes focus
    box.send_keys(words)
    return _results(browser, base, words)


def _results(browser: Any, base: str, words: str) -> list[str]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    status = browser.find_element(By.ID, "mk-search-status")
    WebDriverWait(browser, 20).until(lambda b: f"\u2018{words}\u2019" in status.text if words
                                     else "found" in status.text and "\u2018" not in status.text)
    return [a.get_attribute("href").removeprefix(base)
            for a in browser.find_elements(By.CSS_SELECTOR, "#mk-search-results a")]


def test_the_served_search_finds_a_meeting_and_no_listing(served: tuple[Any, str]) -> None:
    browser, base = served
    # "definitions" is on one meeting page and on three pages of the register
    assert _search(browser, base, "definitions") == [f"{CYP}/2012-02-24/"]
    status = browser.find_element("id", "mk-search-status")
    assert status.get_attribute("role") == "status" and status.text.startswith("1 meeting found")
    found = _search(browser, base, "foster")
    assert found and all(link.startswith("meetings/corporate-parenting-board/") for link in found)
    assert not any(link.startswith(LISTINGS) or link == "" for link in found)


def test_the_committee_and_year_filters_narrow_the_results(served: tuple[Any, str]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser, base = served
    assert len(_search(browser, base, "safeguarding")) == 2
    committee = Select(browser.find_element(By.ID, "mk-search-committee"))
    # the filters' values load after the first results, not before them
    WebDriverWait(browser, 10).until(lambda b: len(committee.options) > 1)
    assert [o.text for o in committee.options] == [
        "All committees", "Children and Young People's Performance Surgery (3)",
        "Corporate Parenting Board (2)"]
    committee.select_by_value("Corporate Parenting Board")
    assert _results(browser, base, "safeguarding") == []
    assert "No meetings found" in browser.find_element(By.ID, "mk-search-status").text
    committee.select_by_value("Children and Young People's Performance Surgery")
    assert len(_results(browser, base, "safeguarding")) == 2
    browser.find_element(By.ID, "mk-search-query").clear()
    browser.execute_script("document.getElementById('mk-search-query')"
                           ".dispatchEvent(new Event('input'))")
    Select(browser.find_element(By.ID, "mk-search-year")).select_by_value("2012")
    listed = _results(browser, base, "")  # filters alone list their meetings, newest first
    assert listed == [f"{CYP}/2012-09-14/", f"{CYP}/2012-05-25/", f"{CYP}/2012-02-24/"]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_open_results_and_filters_have_no_axe_violations(served: tuple[Any, str], width: str) -> None:
    browser, base = served
    assert _search(browser, base, "safeguarding", width)
    violations = _violations(browser)
    assert violations == [], "\n".join(violations)


def test_the_results_are_keyboard_operable(served: tuple[Any, str]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    browser, base = served
    first = _search(browser, base, "safeguarding")[0]
    box = browser.find_element(By.ID, "mk-search-query")
    box.send_keys(Keys.ARROW_DOWN)
    assert browser.switch_to.active_element.get_attribute("href") == base + first
    browser.switch_to.active_element.send_keys(Keys.ARROW_UP)
    assert browser.switch_to.active_element == box
    box.send_keys(Keys.ESCAPE)
    assert not browser.execute_script("return document.getElementById('__search').checked")
    _search(browser, base, "definitions")
    browser.find_element(By.ID, "mk-search-query").send_keys(Keys.ENTER)  # Enter opens the first result
    WebDriverWait(browser, 10).until(lambda b: b.current_url == base + f"{CYP}/2012-02-24/")



@pytest.mark.parametrize("words", ["definitions", "DEFINITIONS", "definition"])
def test_enter_right_after_typing_opens_the_first_result_of_those_words(
        served: tuple[Any, str], words: str) -> None:
    """Typed at once and Enter with no pause: the search for the whole word is the one
    whose first result opens, not none and not one for fewer letters."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    browser, base = served
    _open(browser, base + f"{CYP}/2012-05-25/", WIDTHS["desktop"])
    box = browser.find_element(By.ID, "mk-search-query")
    box.click()
    box.send_keys(words + Keys.ENTER)
    WebDriverWait(browser, 20).until(lambda b: b.current_url == base + f"{CYP}/2012-02-24/")

def test_pagefinds_binary_files_raise_no_false_alarm(tmp_path: Path) -> None:
    """Its index files hold words as binary records: read as text, their bytes spell
    short words of their own, which must not match an exempt action's id."""
    (tmp_path / "pagefind" / "index").mkdir(parents=True)
    (tmp_path / "pagefind" / "index" / "en_1.pf_index").write_bytes(gzip.compress(b"pagefind_dcd\x82x49\x00"))
    assert canary.scan([canary.Canary("x49", "exempt/x.md", 8)], dict(canary.folder_texts(tmp_path))) == []


ROOT = Path(__file__).resolve().parent.parent
BOX = (ROOT / "overrides" / "partials" / "pagefind.html").read_text(encoding="utf-8")


def _many(site: Path, count: int, part_size: int = PART_SIZE) -> None:
    """A site of ``count`` meeting pages, one a year from 2000, that all say 'zebra', laid
    out as the site's are, with the search box as the partial lays it out (its template
    tags dropped) and the site's own search script; indexed in parts of ``part_size``."""
    box = re.sub(r"\{#-.*?-#\}|\{%.*?%\}", "", BOX, flags=re.S)
    box = box.replace("{{ base_url }}", "/").replace("{{ lang.t('search') }}", "Search")
    box = re.sub(r"\{\{.*?\}\}", "", box)
    page = (f"<!doctype html><html lang='en-GB'><head><title>Minutes</title><style>"
            f".md-search__scrollwrap {{ height: 20rem; overflow-y: auto }}</style></head><body>"
            f"<input type='checkbox' id='__search'>{box}<div class='md-container'>{ARTICLE}"
            f"<h1>Minutes {{n}}</h1><p>The zebra crossing, item {{n}}.</p></article></div>"
            f"<script src='/search.js'></script></body></html>")
    for n in range(count):
        folder = site / "meetings" / f"committee-{n % 3}" / f"{2000 + n}-01-02"
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(
            mark(page.replace("{n}", str(n)), f"Committee {n % 3}", date(2000 + n, 1, 2)), encoding="utf-8")
    (site / "search.js").write_bytes((ROOT / "overrides" / "javascripts" / "search.js").read_bytes())
    index(site, part_size=part_size)


def _logged(site: Path) -> tuple[str, Any, list[str]]:
    """The site served, with the path of every file the browser asked for, in order
    (Pagefind's own fetches come from a worker, out of the page's sight)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    asked: list[str] = []

    class Logged(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            asked.append(self.path.split("?")[0])

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Logged, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server, asked


def test_the_first_results_come_before_the_filters_and_the_rest(tmp_path: Path) -> None:
    """Pagefind loads with the page, before a word is typed; a word lists five results,
    then the filters' values load; 'more' and scrolling list the rest."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _many(tmp_path, 30)
    base, server, asked = _logged(tmp_path)
    browser = _browser()
    try:
        browser.get(base + "meetings/committee-0/2000-01-02/")
        WebDriverWait(browser, 20).until(lambda b: any("/wasm." in path for path in asked))
        assert not any(path.startswith(("/pagefind/fragment/", "/pagefind/filter/")) for path in asked)
        box = browser.find_element(By.ID, "mk-search-query")
        box.click()
        box.send_keys("zebra")
        status = browser.find_element(By.ID, "mk-search-status")
        WebDriverWait(browser, 20).until(lambda b: "\u2018zebra\u2019" in status.text)
        assert status.text == "30 meetings found for \u2018zebra\u2019; showing 5."
        assert len(browser.find_elements(By.CSS_SELECTOR, "#mk-search-results a")) == 5
        committee = browser.find_element(By.ID, "mk-search-committee")
        WebDriverWait(browser, 20).until(lambda b: len(committee.find_elements(By.TAG_NAME, "option")) == 4)
        first_filter = next(i for i, path in enumerate(asked) if path.startswith("/pagefind/filter/"))
        assert sum(path.startswith("/pagefind/fragment/") for path in asked[:first_filter]) == 5
        more = browser.find_element(By.ID, "mk-search-more")
        assert more.text == "Show 20 more"
        browser.execute_script("arguments[0].click()", more)  # pressed where it is, not scrolled to
        WebDriverWait(browser, 20).until(lambda b: "showing 25" in status.text)
        links = browser.find_elements(By.CSS_SELECTOR, "#mk-search-results a")
        assert browser.switch_to.active_element == links[5]  # the first of those just listed
        browser.execute_script("var wrap = document.querySelector('.md-search__scrollwrap');"
                               "wrap.scrollTop = wrap.scrollHeight")  # scrolled to the end
        WebDriverWait(browser, 20).until(lambda b: status.text == "30 meetings found for \u2018zebra\u2019.")
        assert more.get_attribute("hidden") is not None
        links = browser.find_elements(By.CSS_SELECTOR, "#mk-search-results a")
        assert len({a.get_attribute("href") for a in links}) == 30
    finally:
        browser.quit()
        server.shutdown()
        server.server_close()


@settings(max_examples=300, deadline=None)
@given(years=st.dictionaries(st.integers(1900, 2100), st.integers(1, 3000), max_size=60),
       part_size=st.integers(1, 5000))
def test_the_index_parts_are_runs_of_whole_years_newest_first(years: dict[int, int], part_size: int) -> None:
    found = runs(Counter(years), part_size)
    assert [year for run in found for year in run] == sorted(years, reverse=True)  # each once, in order
    sizes = [sum(years[year] for year in run) for run in found]
    assert all(size >= part_size for size in sizes[:-1])
    if len(found) > 1:
        assert sizes[-1] >= part_size / 2  # a small oldest run joins the one before it
        # and no run is longer than it must be
        assert all(sum(years[y] for y in run[:-1]) < part_size for run in found[:-1])


def test_the_parts_follow_the_meeting_pages_as_the_site_lays_them_out(tmp_path: Path) -> None:
    for name in ("a/2021-03-04/index.html", "a/2021-05-06/index.html", "b/2020-01-02.html",
                 "b/2019-07-08/index.html", "a/index.html", "b/2018-01-02/notes.html", "c/2018.html"):
        (tmp_path / "meetings" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "meetings" / name).write_text("x", encoding="utf-8")
    assert parts(tmp_path, 2) == [[2021], [2020, 2019]]
    assert parts(tmp_path, 10) == [[2021, 2020, 2019]]
    assert parts(tmp_path / "nowhere") == []


def test_a_large_index_is_in_parts_and_each_meeting_in_one(tmp_path: Path) -> None:
    _many(tmp_path, 12, part_size=4)
    folder = tmp_path / "pagefind"
    assert json.loads((folder / "parts.json").read_text()) == ["part-1/", "part-2/"]
    years = [sorted(page["filters"]["year"][0] for page in fragments(tmp_path, part))
             for part in ("", "part-1", "part-2")]
    assert years == [[str(y) for y in range(2008, 2012)], [str(y) for y in range(2004, 2008)],
                     [str(y) for y in range(2000, 2004)]]
    for page in tmp_path.glob("meetings/*/200[0-8]-*"):  # the site shrinks to three meetings
        shutil.rmtree(page)
    index(tmp_path, part_size=4)
    assert json.loads((folder / "parts.json").read_text()) == []
    assert len(fragments(tmp_path)) == 3 and not list(folder.glob("part-*"))  # no stale part left


def test_the_box_searches_and_lists_across_the_parts(tmp_path: Path) -> None:
    """Every part is searched, the filters count every part's meetings, and filters alone
    list the meetings newest first though Pagefind sorts each part on its own."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    _many(tmp_path, 30, part_size=7)
    assert len(json.loads((tmp_path / "pagefind" / "parts.json").read_text())) == 3
    base, server, asked = _logged(tmp_path)
    browser = _browser()
    try:
        browser.get(base + "meetings/committee-0/2000-01-02/")
        box = browser.find_element(By.ID, "mk-search-query")
        box.click()
        box.send_keys("zebra")
        status = browser.find_element(By.ID, "mk-search-status")
        WebDriverWait(browser, 20).until(lambda b: "\u2018zebra\u2019" in status.text)
        assert status.text == "30 meetings found for \u2018zebra\u2019; showing 5."
        assert {path.split("/index/")[0] for path in asked if "/index/" in path} == {
            "/pagefind", "/pagefind/part-1", "/pagefind/part-2", "/pagefind/part-3"}
        committee = Select(browser.find_element(By.ID, "mk-search-committee"))
        WebDriverWait(browser, 20).until(lambda b: len(committee.options) == 4)
        assert [o.text for o in committee.options][1:] == [f"Committee {n} (10)" for n in range(3)]
        year = Select(browser.find_element(By.ID, "mk-search-year"))
        assert [o.text for o in year.options][1:3] == ["2029 (1)", "2028 (1)"] and len(year.options) == 31
        box.clear()
        browser.execute_script("arguments[0].dispatchEvent(new Event('input'))", box)
        committee.select_by_value("Committee 1")
        WebDriverWait(browser, 20).until(lambda b: status.text.startswith("10 meetings found in"))
        more = browser.find_element(By.ID, "mk-search-more")
        browser.execute_script("arguments[0].click()", more)
        WebDriverWait(browser, 20).until(lambda b: status.text == "10 meetings found in Committee 1.")
        listed = [a.get_attribute("href").removeprefix(base)
                  for a in browser.find_elements(By.CSS_SELECTOR, "#mk-search-results a")]
        assert listed == [f"meetings/committee-1/{2000 + n}-01-02/" for n in range(28, 0, -3)]
    finally:
        browser.quit()
        server.shutdown()
        server.server_close()
