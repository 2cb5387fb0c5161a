"""The register as people read it (soonest due first, how late, where raised, when
closed, one date format) and measures at a glance (a chart of real size, round ticks, a
legend not by colour alone, a summary in words, status on the index)."""

from __future__ import annotations

import functools
import itertools
import math
import re
import threading
from datetime import date, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from minutes_kit.charts import line_chart, tick_text, ticks
from minutes_kit.corpus import Layout, load
from minutes_kit.listing import day_text
from minutes_kit.register_files import render
from minutes_kit.site import build_site

from .test_site import ROOT, _browser, copy_repo, mkdocs_build

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December")
RAISED = re.compile(r"\(`([^`]+)`, from ")
AS_OF = [date(2012, 5, 1), date(2012, 8, 1), date(2012, 8, 2), date(2012, 10, 15), date(2013, 3, 1)]


@pytest.fixture(scope="module")
def register():  # type: ignore[no-untyped-def]
    return load(layout=Layout(ROOT)).register


@pytest.fixture(scope="module")
def site():  # type: ignore[no-untyped-def]
    return build_site(load(layout=Layout(ROOT), with_body=True))


def table_ids(page: str, heading: str) -> list[str]:
    """The action ids of the table under ``heading``, in order."""
    section = page.split(heading, 1)[1].split("\n## ", 1)[0]
    return RAISED.findall(section)


@pytest.mark.parametrize("as_of", AS_OF)
def test_open_and_overdue_actions_are_soonest_due_first(register, as_of: date) -> None:  # type: ignore[no-untyped-def]
    files = render(register, as_of)
    for page, heading in ((files["index.md"], "## Open actions, soonest due first"),
                          (files["overdue.md"], "# Overdue actions")):
        ids = table_ids(page, heading)
        dues = [register.find(i).due.end for i in ids]
        assert dues == sorted(dues), (as_of, ids)
    expected = {life.id for life in register.actions.values() if life.is_open and not life.exempt}
    assert set(table_ids(files["index.md"], "## Open actions")) == expected


@pytest.mark.parametrize("as_of", AS_OF)
def test_overdue_actions_say_how_many_days_late(register, as_of: date) -> None:  # type: ignore[no-untyped-def]
    overdue = render(register, as_of)["overdue.md"]
    rows = [line for line in overdue.splitlines() if RAISED.search(line)]
    lives = [life for life in register.actions.values() if life.overdue(as_of) and not life.exempt]
    assert len(rows) == len(lives)
    for life in lives:
        row = next(r for r in rows if f"`{life.id}`" in r)
        late = (as_of - life.due.end).days
        assert row.endswith(f"**{late} day{'s' * (late != 1)} late** |"), row
    for life in register.actions.values():
        if life.is_open and life.due:  # a day after the last day due: one day late, singular
            page = render(register, life.due.end + timedelta(days=1))["overdue.md"]
            if life.history[0].date <= life.due.end:
                assert "**1 day late**" in page
            assert "days late" not in render(register, life.due.end)["index.md"].split(life.id)[1][:400]


def test_closed_actions_show_the_day_and_how(register) -> None:  # type: ignore[no-untyped-def]
    closed = render(register)["closed.md"]
    rows = [line for line in closed.splitlines() if RAISED.search(line)]
    assert rows
    days = []
    for row in rows:
        life = register.find(RAISED.search(row).group(1))
        assert row.startswith(f"| {day_text(life.closed)} | {life.status} | "), row
        assert life.status in ("done", "dropped")
        days.append(life.closed)
    assert days == sorted(days, reverse=True)
    assert any("| dropped |" in row for row in rows) and any("| done |" in row for row in rows)


def test_committed_register_names_meetings_without_links(register) -> None:  # type: ignore[no-untyped-def]
    for name, text in render(register).items():
        if name.endswith(".md"):
            assert "meetings/" not in text, name  # actions/ holds no meeting pages
            assert (ROOT / "actions" / name).read_text() == text, f"actions/{name} is stale"
    assert "from Children and Young People's Performance Surgery, 24 February 2012, item b)" in \
        render(register)["index.md"]


def test_site_register_links_each_action_to_the_meeting_that_raised_it(site) -> None:  # type: ignore[no-untyped-def]
    pages = site.pages
    for name in ("actions/index.md", "actions/overdue.md", "actions/closed.md",
                 "actions/people/jacqui-jensen.md"):
        depth = name.count("/")
        links = re.findall(r"\]\(((?:\.\./)+meetings/[^)]+)\)", pages[name])
        assert links, name
        for link in links:
            target = link[3 * depth:]
            assert link.startswith("../" * depth) and target in pages, (name, link)


def _register_pages(pages: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in pages.items() if k.startswith("actions/") and k.endswith(".md")}


@pytest.mark.parametrize("as_of", [None, *AS_OF])
def test_register_pages_write_every_date_one_way(register, site, as_of: date | None) -> None:  # type: ignore[no-untyped-def]
    pages = _register_pages(site.pages)
    pages |= render(register, as_of) if as_of else {}
    for name, page in pages.items():
        if not name.endswith(".md"):
            continue
        words = re.sub(r"\]\([^)]*\)|`[^`]*`", "", page)  # link targets and ids hold ISO dates
        assert not re.search(r"\d{4}-\d{2}-\d{2}", words), name
        assert not re.search(r"\d+/\d+/\d{2,4}", words), name
        short = re.findall(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b", words)
        assert not short, (name, short)
        days = re.findall(r"\b\d{1,2} [A-Z][a-z]+ \d{4}\b", words)
        assert all(re.fullmatch(rf"\d{{1,2}} ({MONTHS}) \d{{4}}", d) for d in days), (name, days)
    assert "As of 15 October 2012" in site.pages["actions/index.md"]


@given(st.floats(-1e6, 1e6), st.floats(0, 1e6))
@example(-5e-324, 5.0)  # divided by the step, the low value rounds to zero
@example(1.0, 1.192092896e-07)  # a step of 5e-8: 1.00000005 is a tick, not noise
def test_ticks_are_round_numbers_spanning_the_values(low: float, span: float) -> None:
    high = low + span
    marks = ticks(low, high)
    assert marks[0] <= low and marks[-1] >= high and 3 <= len(marks) <= 7
    step = marks[1] - marks[0]
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, m, rel_tol=1e-6) for m in (1, 2, 2.5, 5, 10)), step
    assert all(len(tick_text(m).replace(",", "").lstrip("-").split(".")[-1]) <= 12 for m in marks)
    # No float noise (0.30000004): a label has no more decimals than the step needs.
    quarter = math.isclose(mantissa, 2.5, rel_tol=1e-6)  # 2.5 needs one place more than its power
    places = max(0, -math.floor(math.log10(step) + 1e-9) + quarter)
    shown = [tick_text(m) for m in marks]
    assert all(len(text.split(".")[1]) <= places for text in shown if "." in text and "e" not in text), shown


@pytest.mark.parametrize(("values", "expected"), [
    ([56.2, 51.0, 52.88], ["50", "52", "54", "56", "58"]),
    ([89.8, 84, 85.3, 88.1, 86], ["84", "86", "88", "90"]),
    ([0.12, 0.5], ["0.1", "0.2", "0.3", "0.4", "0.5"]),
    ([1200, 1312], ["1,200", "1,250", "1,300", "1,350"]),
])
def test_ticks_of_real_measures(values: list[float], expected: list[str]) -> None:
    assert [tick_text(t) for t in ticks(min(values), max(values))] == expected


def test_chart_has_a_size_an_axis_label_and_a_legend_not_by_colour() -> None:
    chart = line_chart("t", ["Q3 2011/12", "Q4 2011/12", "Q1 2012/13"],
                       [("actual", [56.2, None, 53.1], "actual"), ("target", [51, 51, 51], "target"),
                        ("forecast", [52.88, 52, 50.4], "forecast")], "per 10,000; lower is better")
    assert re.match(r'<svg [^>]*width="\d+" height="\d+"', chart)
    assert ">per 10,000; lower is better</text>" in chart
    legend = re.findall(r'class="mk-legend mk-(\w+)">(\w+)</text>', chart)
    assert sorted(legend) == [("actual", "actual"), ("forecast", "forecast"), ("target", "target")]
    places = sorted(float(y) for y in re.findall(r'y="([\d.]+)" class="mk-legend', chart))
    assert all(b - a >= 17 for a, b in itertools.pairwise(places))  # labels never overlap


def test_many_periods_thin_their_labels() -> None:
    labels = [f"Q{q} {y}/{(y + 1) % 100:02d}" for y in range(2010, 2016) for q in range(1, 5)]
    chart = line_chart("t", labels, [("actual", list(range(len(labels))), "actual")])
    shown = re.findall(r'text-anchor="middle" class="mk-tick">([^<]+)<', chart)
    assert 2 <= len(shown) <= 5 and shown[0] == labels[0]


def test_measure_pages_and_index(site) -> None:  # type: ignore[no-untyped-def]
    pages = site.pages
    page = pages["measures/ss-pm-07.md"]
    assert page.startswith("# SS PM 07: Children in care per 10,000 population aged under 18\n")
    assert "Values are per 10,000 population; **lower is better**." in page
    assert "In Q1 2012/13 the actual was 88.1 against a target of 84 (adrift)." in page
    assert "| period | actual | target | forecast |" in page  # status beside each figure
    index = pages["measures/index.md"]
    rows = [line for line in index.splitlines() if line.startswith("| [")]
    measures = [k for k in pages if k.startswith("measures/") and k != "measures/index.md"]
    assert len(rows) == len(measures) == 3
    assert all(row.count('class="mk-status') == 2 for row in rows), rows


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = copy_repo(tmp_path_factory.mktemp("repo"))
    done = mkdocs_build(repo)
    assert done.returncode == 0, done.stderr  # strict: every link of the register resolves
    return repo / "built"


def test_strict_build_links_register_to_meetings(built: Path) -> None:
    for name in ("actions/index.html", "actions/overdue.html", "actions/people/jacqui-jensen/index.html"):
        path = built / name if name.endswith("index.html") else built / name.replace(".html", "/index.html")
        page = path.read_text()
        hrefs = re.findall(r'href="((?:\.\./)+meetings/[^"#]+)"', page)
        assert hrefs, name
        for href in hrefs:
            assert (path.parent / href / "index.html").resolve().is_file(), (name, href)


@pytest.mark.parametrize("width", [1280, 390])
def test_chart_and_status_are_seen_at_desktop_and_phone_widths(built: Path, width: int) -> None:
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(built))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    browser = _browser()
    try:
        browser.set_window_size(width, 900)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        browser.get(base + "measures/ss-pm-07/")
        box = browser.execute_script("const r = document.querySelector('svg.mk-chart')"
                                     ".getBoundingClientRect(); return [r.width, r.height, r.right];")
        assert box[0] > 300 and box[1] > 150 and box[2] <= browser.execute_script(
            "return document.documentElement.clientWidth"), box
        smallest = browser.execute_script(
            "return Math.min(...[...document.querySelectorAll('svg.mk-chart text')]"
            ".map(t => t.getBoundingClientRect().height))")
        assert smallest >= 12, smallest
        # Statuses in view on every page at both widths: test_accessibility.py's LAYOUT.
    finally:
        browser.quit()
        server.shutdown()
        server.server_close()


def test_every_register_and_reference_table_is_shown_as_cards_on_a_phone(site) -> None:  # type: ignore[no-untyped-def]
    """Each table of the register's pages (the committed files in actions/ stay plain) and
    of the format reference sits in a ``mk-cards`` block that both renderers read inside."""
    from minutes_kit.render import render as render_page

    pages = dict(_register_pages(site.pages))
    pages["format.md"] = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    for name, page in pages.items():
        tables = re.findall(r"(?:^|\n\n)\| [^\n]*\|\n\| -", page)
        cards = len(tables) - page.count("## Attendance")  # a short table, added by the site
        assert tables and page.count('<div class="mk-cards" markdown>\n\n| ') == cards, name
        assert render_page(page).html.count('<div class="mk-cards" markdown>\n<table>') == cards, name
    assert "mk-cards" not in (ROOT / "actions" / "index.md").read_text(encoding="utf-8")
