"""Accessibility of the built site, as a browser shows it: on every kind of page at a
desktop and a phone width, axe-core (pinned in package.json, installed by `npm ci`), a
layout that never scrolls sideways with every status in view, and the keyboard walked
until focus cycles. Skips where node's axe-core or chromium is missing, except under CI,
where it must run."""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT
from .test_site import CYP, _browser, copy_repo, mkdocs_build

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
CPB = "meetings/corporate-parenting-board"
MEETINGS = [f"{CYP}/2012-02-24/", f"{CYP}/2012-05-25/", f"{CYP}/2012-09-14/",
            f"{CPB}/2012-07-10/", f"{CPB}/2012-10-09/"]  # every example: each shows other parts
PAGES = {
    "home": "",
    "committee": "committees/children-and-young-people-s-performance-surgery/",
    "year": "committees/children-and-young-people-s-performance-surgery/2012/",
    "meeting": MEETINGS[0],
    **{f"meeting {path.split('/')[-2]}": path for path in MEETINGS[1:]},
    "measure": "measures/ss-pm-07/",
    "measures": "measures/",
    "register": "actions/",
    "overdue": "actions/overdue/",
    "closed": "actions/closed/",
    "person": "actions/people/jacqui-jensen/",
    "format": "format/",
    "not found": "404.html",
}
BANNER = "INTERNAL: contains exempt (Part II) items — not for publication"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One public and one internal build, shared by every test here."""
    repo = copy_repo(tmp_path_factory.mktemp("a11y-repo"))
    for internal, folder in ((False, "built"), (True, "built-internal")):
        done = mkdocs_build(repo, internal=internal, site_dir=folder)
        assert done.returncode == 0, done.stderr
    return {"public": repo / "built", "internal": repo / "built-internal"}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Hundreds of requests: the test's own report is what matters."""


def _serve(folder: Path) -> tuple[str, ThreadingHTTPServer]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="module")
def browser(sites: dict[str, Path]) -> Iterator[Any]:
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail("CI must install axe-core with `npm ci` (see .ci/run)")
        pytest.skip("axe-core is not installed: run `npm ci`")
    driver = _browser()
    driver.set_script_timeout(300)  # axe-core on the format reference, on a busy machine
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def public(sites: dict[str, Path]) -> Iterator[str]:
    base, server = _serve(sites["public"])
    yield base
    server.shutdown()
    server.server_close()


def _open(browser: Any, url: str, size: tuple[int, int], touch: bool = True) -> None:
    """The page at a size: narrow sizes as a phone shows them, unless ``touch`` is False (a
    narrow desktop window, as someone zoomed in sees it)."""
    width, height = size
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": 1,
                             "mobile": touch and width < 600})
    browser.get(url)
    # The theme's script is ready (tables wrapped, our additions run) once it marks the page.
    browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "document$.subscribe(() => setTimeout(done, 0));")


def _violations(browser: Any) -> list[str]:
    """axe-core's WCAG A and AA violations on the page as it is now, one line per node."""
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => v.nodes.map(n => v.id + ': ' + n.target.join(' ') + ': '"
        " + n.failureSummary.replace(/\\s+/g, ' '))).flat()), e => done(['axe failed: ' + e]));", TAGS)
    return list(result)


# What does not fit the screen: the page scrolling sideways, a table wider than its box (so
# scrolled inside it), a status (of a measure, or an action's status or how it closed) out
# of view sideways or hidden, a chart drawn at no size.
LAYOUT = """
const width = document.documentElement.clientWidth, wrong = [];
const where = e => e.tagName.toLowerCase() + ': ' + e.textContent.trim().slice(0, 60);
if (document.documentElement.scrollWidth > innerWidth)
  wrong.push('page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + innerWidth);
const statuses = [...document.querySelectorAll('article .mk-status')];
for (const table of document.querySelectorAll('article table')) {
  const box = (table.closest('.md-typeset__scrollwrap') || table.parentElement).getBoundingClientRect();
  const own = table.getBoundingClientRect();
  if (own.left < box.left - 1 || own.right > box.right + 1 || table.scrollWidth > table.clientWidth + 1)
    wrong.push('table wider than its box: ' + Math.round(own.width) + ' > ' + Math.round(box.width)
               + ': ' + where(table.rows[0]));
  const heads = [...table.rows[0].cells].map(c => c.textContent.trim());
  const column = heads.findIndex(h => h === 'status' || h === 'how');
  if (column >= 0) for (const row of [...table.rows].slice(1)) statuses.push(row.cells[column]);
}
for (const status of statuses) {
  const box = status.getBoundingClientRect();
  const clip = (status.closest('.md-typeset__scrollwrap') || document.body).getBoundingClientRect();
  if (!status.checkVisibility({visibilityProperty: true}) || box.width === 0 || box.left < 0
      || box.right > Math.min(width, clip.right) + 1)
    wrong.push('status out of view: ' + Math.round(box.left) + '-' + Math.round(box.right) + ': '
               + where(status));
}
for (const chart of document.querySelectorAll('svg.mk-chart')) {
  const box = chart.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) wrong.push('chart drawn at no size');
}
return {wrong, statuses: statuses.length, charts: document.querySelectorAll('svg.mk-chart').length};
"""


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_kind_of_page_fits_and_has_no_axe_violations(browser: Any, public: str, width: str,
                                                           tmp_path: Path) -> None:
    found: dict[str, list[str]] = {}
    seen: dict[str, dict[str, Any]] = {}
    for name, path in PAGES.items():
        _open(browser, public + path, WIDTHS[width])
        layout = browser.execute_script(LAYOUT)
        seen[name] = layout
        found[name] = layout["wrong"] + _violations(browser)
        browser.save_screenshot(str(tmp_path / f"{name}-{width}.png"))
    failed = [f"{name}: {line}" for name, lines in found.items() for line in lines]
    assert failed == [], "\n".join(failed)
    # The checks looked at something: statuses on the meeting, measure and register pages,
    # the chart on the measure page.
    assert all(seen[name]["statuses"] > 0 for name in ("meeting", "measure", "measures", "register",
                                                       "overdue", "closed", "person")), seen
    assert seen["measure"]["charts"] == 1
    assert all((tmp_path / f"{name}-{width}.png").stat().st_size > 5_000 for name in PAGES)


def test_every_meeting_page_is_checked(sites: dict[str, Path]) -> None:
    public = sites["public"]
    built = {str(p.parent.relative_to(public)) + "/" for p in public.glob("meetings/*/*/index.html")}
    assert built == set(MEETINGS)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_open_search_has_no_axe_violations(browser: Any, public: str, width: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _open(browser, public + PAGES["meeting"], WIDTHS[width])
    browser.execute_script("document.getElementById('__search').click()")
    box = browser.find_element(By.CSS_SELECTOR, "input.md-search__input")
    browser.execute_script("arguments[0].focus()", box)
    box.send_keys("safeguarding")
    WebDriverWait(browser, 20).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".md-search-result__item"))
    violations = _violations(browser)
    assert violations == [], "\n".join(violations)


# Where focus is after a Tab, once the browser has scrolled it into view and what it set
# moving (the search opening or closing, the theme's scroll lock) has stopped: shown, inside
# the viewport, not in the closed navigation drawer, not under the sticky header or an overlay
# (what is drawn at its middle is it, or inside it).
FOCUS = """
const done = arguments[arguments.length - 1];
const settled = () => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
const unlocked = () => new Promise(go => (function wait() {
  document.body.hasAttribute('data-md-scrolllock') && !document.getElementById('__search').checked
    ? setTimeout(wait, 20) : go(); })());
settled().then(unlocked).then(() => requestAnimationFrame(() => done(where())));
function where() {
const el = document.activeElement, box = el.getBoundingClientRect();
const {clientWidth: width, clientHeight: height} = document.documentElement;  // not inner*: a phone's grows
const drawer = document.getElementById('__drawer').checked;
const x = Math.min(Math.max(box.left + box.width / 2, 0), width - 1);
const y = Math.min(Math.max(box.top + box.height / 2, 0), height - 1);
const top = document.elementFromPoint(x, y);
return {what: el.outerHTML.slice(0, 120), body: el === document.body,
        visible: el.checkVisibility({visibilityProperty: true}),
        inside: box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0
                && box.right <= width + 1 && box.bottom <= height + 1,
        seen: !!top && (el.contains(top) || top.contains(el) || (el.labels || []).length > 0),
        drawer: !drawer && matchMedia('(max-width: 76.234375em)').matches
                && !!el.closest('.md-sidebar--primary')};
}
"""
TABS = 60


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", list(PAGES))
def test_tab_keeps_focus_on_screen(browser: Any, public: str, name: str, width: str) -> None:
    """Every stop of the keyboard, for 60 presses or until focus comes round again. Focus
    may rest on the page itself (past the last stop, or where the theme's search, closing
    on Tab, lets it go), which is not a stop. At the phone's width the window is a narrow
    desktop one: who tabs at that width has mostly zoomed in, and an emulated phone cannot
    scroll just after the theme lifts its scroll lock (the theme's own restore fails too)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    _open(browser, public + PAGES[name], WIDTHS[width], touch=False)
    stops: list[dict[str, Any]] = []
    for _ in range(TABS):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        stop = browser.execute_async_script(FOCUS)
        if stops and stop["what"] == stops[0]["what"]:
            break
        if not stop["body"]:
            stops.append(stop)
    assert stops  # the 404 page has only the search
    astray = [s["what"] for s in stops if s["drawer"] or not (s["visible"] and s["inside"] and s["seen"])]
    assert astray == []
    assert not any("headerlink" in s["what"] for s in stops)  # no tab stop per heading


def test_the_open_drawer_can_still_be_used_on_a_phone(browser: Any, public: str) -> None:
    """Hiding the closed drawer must not hide it once opened."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _open(browser, public + PAGES["meeting"], WIDTHS["phone"])
    link = browser.find_element(By.CSS_SELECTOR, ".md-sidebar--primary a.md-nav__link[href]")
    assert not browser.execute_script("return arguments[0].checkVisibility({visibilityProperty: true})", link)
    browser.find_element(By.CSS_SELECTOR, "header label[for='__drawer']").click()
    WebDriverWait(browser, 5).until(lambda b: b.execute_script(
        "const box = arguments[0].getBoundingClientRect();"
        "return arguments[0].checkVisibility({visibilityProperty: true}) && box.left >= 0;", link))


def test_internal_build_says_so_on_every_page(sites: dict[str, Path]) -> None:
    internal = list(sites["internal"].rglob("*.html"))
    assert len(internal) > 20
    missing = [p for p in internal if BANNER not in p.read_text(encoding="utf-8")]
    assert missing == []
    assert not any(BANNER in p.read_text(encoding="utf-8") for p in sites["public"].rglob("*.html"))


def test_internal_banner_has_no_axe_violations(browser: Any, sites: dict[str, Path]) -> None:
    base, server = _serve(sites["internal"])
    try:
        for width in WIDTHS.values():
            _open(browser, base + "meetings/corporate-parenting-board/2012-07-10/", width)
            violations = _violations(browser)
            assert violations == [], "\n".join(violations)
    finally:
        server.shutdown()
        server.server_close()


def test_every_page_is_in_british_english(sites: dict[str, Path]) -> None:
    for page in sites["public"].rglob("*.html"):
        head = page.read_text(encoding="utf-8")[:200]
        if "<html" in head:  # the 404 page and every other page, not redirect stubs
            assert '<html lang="en-GB"' in head, page


@pytest.mark.parametrize("key", ["ENTER", "SPACE"])
@pytest.mark.parametrize("toggle", ["__drawer", "__search"])
def test_the_header_toggles_open_from_the_keyboard_on_a_phone(browser: Any, public: str, toggle: str,
                                                              key: str) -> None:
    """On a narrow screen the navigation and the search open from buttons in the header: a
    keyboard reaches them with Tab and presses them with Enter or Space, once each."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    _open(browser, public + PAGES["not found"], WIDTHS["phone"], touch=False)
    for _ in range(TABS):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        if browser.execute_script("return document.activeElement.getAttribute('for')") == toggle:
            break
    else:
        pytest.fail(f"Tab never reached the header's {toggle} button")
    ActionChains(browser).send_keys(getattr(Keys, key)).perform()
    assert browser.execute_script(f"return document.getElementById('{toggle}').checked")
