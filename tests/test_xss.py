"""Script and Markdown injection, end to end: payloads in every text field of the front
matter and in the narrative, through a real `mkdocs build --strict`, `--pages-only`
pages rendered by Python-Markdown, a browser, the listings and `check`."""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import threading
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import icalendar
import markdown as python_markdown
import pytest
from click.testing import CliRunner

from minutes_kit.cli import main

from .test_site import _browser, copy_repo, mkdocs_build

MARK = "window.__xss=1"
PAYLOADS = [
    f"<script>{MARK}</script>",
    f'<img src=x onerror="{MARK}">',
    f'"><svg onload="{MARK}">',
    f"</title><script>{MARK}</script>",
    f"[link](javascript:{MARK})",
    "![image](https://evil.example/x.png)",
    "a\rb\n# Injected heading\u2028c\u0085d [x]: javascript:alert(1)",
]
PAYLOAD = " ".join(PAYLOADS)
NARRATIVE = "\n\n".join([
    f"<script>{MARK}</script>",
    f'Said <img src=x onerror="{MARK}"> and <a href="javascript:{MARK}">this</a>.',
    f'<div onclick="{MARK}"><svg onload="{MARK}"></svg></div>',
    f"See [the link](javascript:{MARK}) and ![pic](data:text/html,<script>{MARK}</script>).",
    f"[ref]: javascript:{MARK}",
    "Read [ref] again.",
])


def _q(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML double-quoted scalar


def minutes(payload: str) -> str:
    p = _q(payload)
    return f"""---
organisation: {_q("Council " + payload)}
committee: {_q("Committee " + payload)}
title: {_q("Minutes " + payload)}
date: 2012-10-01
venue: {p}
status: draft
attendees:
  - {{initials: PX, name: {_q("Pat " + payload)}, title: {p}, role: {p}}}
  - {{initials: QY, name: Quinn Young}}
declarations:
  - {{member: PX, item: a, interest: other, detail: {p}}}
abbreviations:
  XSS: {p}
  {_q("K" + payload)}: {p}
matters_arising:
  - action: cyp-2012-09-14-1
    note: {p}
items:
  - id: a
    reference: {p}
    code: {_q("CODE " + payload)}
    title: {_q("Item " + payload)}
    measures:
      - code: {_q("M " + payload)}
        title: {p}
        unit: {p}
        period: Q1 2012/13
        better: lower
        actual: 3
        target: 2
        comparators:
          - {{name: {p}, value: 2.5}}
    decisions:
      - {p}
    actions:
      - id: xss-2012-10-01-1
        text: {p}
        owner: PX
        due: 2012-11
    further_review:
      due: 2013-01
      note: {p}
---

# Minutes

## a) The item

{NARRATIVE}
"""


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = copy_repo(tmp_path_factory.mktemp("xss"))
    (repo / "minutes/xss").mkdir()
    (repo / "minutes/xss/2012-10-01.md").write_text(minutes(PAYLOAD), encoding="utf-8")
    return repo


@pytest.fixture(scope="module")
def built(repo: Path) -> Path:
    done = mkdocs_build(repo)
    assert done.returncode == 0, done.stderr
    return repo / "built"


class Live(HTMLParser):
    """What in a page could run or load: scripts, handlers, script URLs, foreign images."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or (name in ("href", "src", "action", "formaction")
                                         and value.startswith(("javascript:", "vbscript:", "data:"))):
                self.found.append(f"<{tag} {name}={value}>")
            if tag == "img" and "evil.example" in value:
                self.found.append(f"<img {name}={value}>")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and "__xss" in data:
            self.found.append(f"<script>{data}</script>")


def live(page: str) -> list[str]:
    parser = Live()
    parser.feed(page)
    parser.close()
    return parser.found


def test_the_payload_minutes_pass_check_with_warnings_only(repo: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--format", "json", str(repo / "minutes/xss")])
    report = json.loads(result.output)
    assert report["errors"] == 0, report
    unsafe = [p for p in report["problems"] if p["code"] == "unsafe-html"]
    lines = {p["line"] for p in unsafe}
    body = (repo / "minutes/xss/2012-10-01.md").read_text().split("\n")
    for line in lines:  # each warning is at a line holding what it warns about
        assert any(word in body[line - 1] for word in ("<", "javascript:", "data:", "[ref]")), body[line - 1]
    narrative_lines = {n + 1 for n, text in enumerate(body) if MARK in text and n > 50}
    assert narrative_lines <= lines


def test_no_payload_is_live_in_the_built_site(built: Path) -> None:
    pages = list(built.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        assert live(page.read_text(encoding="utf-8")) == [], page
    meeting = (built / "meetings").rglob("2012-10-01/index.html")
    text = next(meeting).read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in text  # shown as text, not dropped
    assert "<h1>Injected heading" not in text and "<h1 id=\"injected-heading\"" not in text


def test_titles_and_navigation_carry_no_markup(built: Path) -> None:
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        title = html.split("<title>", 1)[1].split("</title>", 1)[0]
        assert "<" not in title, (page, title)
        assert "<svg onload" not in html and "</title><script>" not in html, page


def test_pages_only_are_safe_for_python_markdown(repo: Path, tmp_path: Path) -> None:
    os.chdir(repo)
    try:
        result = CliRunner().invoke(main, ["site", "--pages-only", str(tmp_path / "pages")])
    finally:
        os.chdir(Path(__file__).resolve().parent.parent)
    assert result.exit_code == 0, result.output
    pages = list((tmp_path / "pages").rglob("*.md"))
    assert len(pages) > 10
    for page in pages:
        html = python_markdown.markdown(page.read_text(encoding="utf-8"),
                                        extensions=["abbr", "attr_list", "md_in_html", "tables", "toc"])
        assert live(html) == [], page
        assert "<h1 id=\"injected-heading\"" not in html and "<h1>Injected" not in html, page
    nav = (tmp_path / "pages/nav.yml").read_text(encoding="utf-8")
    assert "<script>" not in nav and "<svg" not in nav


def test_no_payload_runs_in_a_browser(built: Path) -> None:
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(built))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    committee = next((built / "committees").glob("committee-*"))
    person = next((built / "actions/people").glob("pat-*"))
    measure = next((built / "measures").glob("m-*"))
    meeting = next((built / "meetings").glob("committee-*/2012-10-01"))
    pages = ["", committee.relative_to(built).as_posix() + "/",
             committee.relative_to(built).as_posix() + "/2012/", meeting.relative_to(built).as_posix() + "/",
             measure.relative_to(built).as_posix() + "/", "actions/", "actions/overdue/",
             person.relative_to(built).as_posix() + "/"]
    browser = _browser()
    try:
        for page in pages:
            browser.get(base + page)
            assert browser.execute_script("return document.readyState") == "complete"
            assert browser.execute_script("return window.__xss") is None, page
            shown = browser.execute_script("return document.body.innerText")
            assert MARK in shown or page == "actions/overdue/", page  # there, as text
    finally:
        browser.quit()
        server.shutdown()
        server.server_close()


def test_listings_keep_payloads_inert(repo: Path) -> None:
    os.chdir(repo)
    try:
        runner = CliRunner()
        table = runner.invoke(main, ["actions", "--status", "all", "--format", "table"]).output
        raw_csv = runner.invoke(main, ["actions", "--status", "all", "--format", "csv"]).output
        ics = runner.invoke(main, ["actions", "--status", "all", "--format", "ics"]).output
        markdown = runner.invoke(main, ["actions", "--status", "all", "--format", "markdown"]).output
    finally:
        os.chdir(Path(__file__).resolve().parent.parent)
    assert "\r" not in table and "\x85" not in table and "^M" in table
    for row in csv.reader(io.StringIO(raw_csv)):
        assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row
    calendar = icalendar.Calendar.from_ical(ics)
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert any("xss-2012-10-01-1" in s and "<script>" in s for s in summaries)
    html = python_markdown.markdown(markdown, extensions=["tables"])
    assert live(html) == [] and "<h1" not in html
