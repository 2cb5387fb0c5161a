"""The published site: a real `mkdocs build --strict`, its files, and a real browser."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from minutes_kit.cli import main
from minutes_kit.corpus import Layout, load
from minutes_kit.pages import MANIFEST
from minutes_kit.site import build_site

from .conftest import ROOT, copy_repo, mkdocs_build

EXEMPT_WORDS = ["Child K", "Placement review for a named child", "school transport",
                "cpb-2012-07-10-2", "Lisa Dunne, the child"]


def every_file_text(site: Path) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in site.rglob("*") if p.is_file()
                     and p.suffix != ".gz")


CYP = "meetings/children-and-young-people-s-performance-surgery"


def test_strict_build_makes_every_page(built: Path) -> None:
    for page in ["index.html", f"{CYP}/2012-02-24/index.html",
                 "committees/corporate-parenting-board/2012/index.html", "actions/index.html",
                 "actions/overdue/index.html", "actions/closed/index.html",
                 "actions/people/jacqui-jensen/index.html", "measures/ss-pm-07/index.html",
                 "actions/register.csv", "pagefind/pagefind.js"]:
        assert (built / page).is_file(), page


def test_home_counts_open_and_overdue(built: Path) -> None:
    home = (built / "index.html").read_text()
    assert "6 open actions" in home and "1 overdue" in home
    assert home.index("14 September 2012") < home.index("24 February 2012")  # newest first


def test_meeting_page_shows_the_record(built: Path) -> None:
    page = (built / f"{CYP}/2012-02-24/index.html").read_text()
    assert "Councillor Evonne Williams (EW), chair" in page
    assert "Apologies:" in page and "Councillor Sara Bolton (SB)" in page
    assert '<abbr title="domestic violence">DV</abbr>' in page
    assert ("mk-adrift" in page and "&#10007; adrift" in page) or "✗ adrift" in page  # text, not colour alone
    assert "actions/people/heather-greenan/#cyp-2012-02-24-5" in page  # current owner from the register
    assert "Owner: Mark Barratt; due July 2012." in page  # as minuted, the register's beside it
    assert "now: open; owner Heather Greenan (register)" in page
    assert "<th>measure</th>" in page
    assert "SS PM 07 against benchmarks:</strong> worse than national average" in page


def test_measures_show_their_benchmarks(built: Path) -> None:
    may = (built / f"{CYP}/2012-05-25/index.html").read_text()
    assert "NI 117 against benchmarks:</strong> national average 6.1" in may


def test_draft_banner_only_on_drafts(built: Path) -> None:
    draft = (built / f"{CYP}/2012-09-14/index.html").read_text()
    approved = (built / f"{CYP}/2012-02-24/index.html").read_text()
    assert "admonition warning" in draft and "have not yet been approved" in draft
    assert "have not yet been approved" not in approved


def test_exempt_items_are_nowhere_in_a_public_build(built: Path) -> None:
    everything = every_file_text(built)
    for word in EXEMPT_WORDS:
        assert word not in everything, word
    board = (built / "meetings/corporate-parenting-board/2012-07-10/index.html").read_text()
    assert "considered in private" in board
    assert "Foster carer recruitment" in board


def test_internal_build_includes_exempt_items_marked(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path)
    done = mkdocs_build(repo, internal=True, site_dir="built-internal")
    assert done.returncode == 0, done.stderr
    assert "INTERNAL BUILD" in done.stderr
    board = (repo / "built-internal/meetings/corporate-parenting-board/2012-07-10/index.html").read_text()
    assert "Child K" in board and "EXEMPT: not for publication" in board


def test_no_external_resources(built: Path) -> None:
    for page in built.rglob("*.html"):
        html = page.read_text()
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
        assert 'src="http' not in html and "<link href=\"http" not in html, page


def test_front_matter_text_is_escaped(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path)
    path = repo / "minutes/cyp-performance-surgery/2012-09-14.md"
    path.write_text(path.read_text().replace(
        "text: Report the number of CP plans",
        "text: <script>alert('x')</script> *Report* the number of CP plans"))
    done = mkdocs_build(repo)
    assert done.returncode == 0, done.stderr
    page = (repo / "built" / CYP / "2012-09-14/index.html").read_text()
    assert "&lt;script&gt;alert('x')&lt;/script&gt; *Report*" in page
    pages = "".join(p.read_text() for p in (repo / "built").rglob("*.html"))
    assert "<script>alert" not in pages and "&lt;script&gt;alert" in pages


def test_invalid_minutes_stop_the_build_with_located_problems(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path)
    path = repo / "minutes/cyp-performance-surgery/2012-09-14.md"
    path.write_text(path.read_text().replace("owner: SH", "owner: QQ"))
    done = mkdocs_build(repo)
    assert done.returncode != 0
    assert "minutes/cyp-performance-surgery/2012-09-14.md:58:16: unknown-person" in done.stderr
    os.chdir(repo)
    try:
        result = CliRunner().invoke(main, ["site"])
    finally:
        os.chdir(ROOT)
    assert result.exit_code == 1


def test_pages_are_deterministic_and_writable_for_any_generator(tmp_path: Path) -> None:
    first = build_site(load(with_body=True, layout=Layout(ROOT)))
    second = build_site(load(with_body=True, layout=Layout(ROOT)))
    assert first == second
    os.chdir(copy_repo(tmp_path / "repo"))
    try:
        result = CliRunner().invoke(main, ["site", "--pages-only", str(tmp_path / "pages")])
    finally:
        os.chdir(ROOT)
    assert result.exit_code == 0, result.output
    written = {p.relative_to(tmp_path / "pages").as_posix() for p in (tmp_path / "pages").rglob("*.*")}
    assert written == set(first.pages) | {"nav.yml", MANIFEST}
    assert "Committees" in (tmp_path / "pages/nav.yml").read_text()


def test_navigation_lists_committees_and_years_not_meetings() -> None:
    nav = json.dumps(build_site(load(with_body=True, layout=Layout(ROOT))).nav)
    assert "committees/corporate-parenting-board/2012.md" in nav
    assert "meetings/" not in nav


def _browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        if os.environ.get("CI"):
            pytest.fail("CI must install chromium and chromium-driver (see .ci/run)")
        pytest.skip("chromium and chromedriver are not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--window-size=1280,1000"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(driver), options=options)


def test_in_a_browser(built: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(built))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    browser = _browser()
    try:
        browser.get(base)
        box = browser.find_element(By.CSS_SELECTOR, "input.md-search__input")
        browser.execute_script("arguments[0].focus()", box)
        box.send_keys("safeguarding")
        WebDriverWait(browser, 20).until(
            lambda b: b.find_elements(By.CSS_SELECTOR, ".md-search-result__item"))
        links = [a.get_attribute("href")
                 for a in browser.find_elements(By.CSS_SELECTOR, ".md-search-result a")]
        assert any(f"/{CYP}/2012-02-24/" in link for link in links)
        browser.save_screenshot(str(tmp_path / "search.png"))
        browser.get(base + "actions/")
        rows = {found.group(1): row.text
                for row in browser.find_elements(By.CSS_SELECTOR, "article table tbody tr")
                if (found := re.search(r"\((\S+), from ", row.text))}
        mst = rows["cyp-2012-02-24-4"]
        assert "Jacqui Jensen" in mst and "Commission the MST" in mst
        assert "Jacqui Jensen" not in rows["cyp-2012-02-24-7"]  # Mark Barratt's
        browser.find_element(By.CSS_SELECTOR, "article a[href*='people/jacqui-jensen']")
        browser.save_screenshot(str(tmp_path / "register.png"))
        assert (tmp_path / "search.png").stat().st_size > 10_000
    finally:
        browser.quit()
        server.shutdown()
        server.server_close()


def test_two_meetings_of_a_committee_on_one_day_keep_a_page_each(tmp_path: Path) -> None:
    for name in ("minutes", "actions"):
        shutil.copytree(ROOT / name, tmp_path / name)
    (tmp_path / "minutes/cyp-performance-surgery/extra-2012-09-14.md").write_text(
        "---\norganisation: Derby City Council\n"
        "committee: Children and Young People's Performance Surgery\ndate: 2012-09-14\n"
        "start: 6pm\nattendees:\n  - {initials: EW, name: Evonne Williams, title: Councillor}\n"
        "items:\n  - id: a\n    title: An extraordinary item\n---\n\n"
        "## a) An extraordinary item\n\nEW opened the evening meeting.\n")
    corpus = load(with_body=True, layout=Layout(tmp_path))
    assert [p for p in corpus.problems if p.severity == "error"] == []
    pages = build_site(corpus).pages
    first, second = f"{CYP}/2012-09-14.md", f"{CYP}/2012-09-14-2.md"
    assert first in pages and second in pages and pages[first] != pages[second]
    assert sum("An extraordinary item" in pages[p] for p in (first, second)) == 1
    year = pages["committees/children-and-young-people-s-performance-surgery/2012.md"]
    assert "2012-09-14.md)" in year and "2012-09-14-2.md)" in year


def test_the_header_names_the_organisation(built: Path) -> None:
    home = (built / "index.html").read_text()
    assert "<title>Minutes of Derby City Council - Derby City Council</title>" in home
    register = (built / "actions/index.html").read_text()
    assert "- Derby City Council</title>" in register
