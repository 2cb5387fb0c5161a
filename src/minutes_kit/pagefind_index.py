"""Search with Pagefind: the meeting pages marked for its index, and the index built.

Material's own search sends one index of every page to the browser, which must load all
of it before the first result: at thousands of meetings that is tens of megabytes and
tens of seconds. Pagefind splits its index into small files and the browser fetches only
the few a query needs. Only what a meeting page marks with ``data-pagefind-body`` is
indexed: listing pages (committees, years, the register, measures) carry no mark and stay
out, so a word finds the minutes that say it, not every list that links to them.

A large site's index is made of parts, each the meetings of a run of whole years, which
the browser merges: Pagefind scores every meeting that has a word against every
occurrence of the word (work that grows with the square of the meetings that have it),
so a word in every minute of 20,000 meetings takes it seconds in one index and a
fraction of that in parts of a few thousand.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

FOLDER = "pagefind"  # inside the built site: each build, public or internal, has its own
PARTS = "parts.json"  # in FOLDER: the folders of the older parts, newest first, for search.js
PART_SIZE = 2000  # meetings in a part at least: fewer parts cost more to merge, larger more to score
# A meeting page's file, as site.meeting_path lays it out, with or without directory URLs.
MEETING = re.compile(r"(\d{4})-\d\d-\d\d(?:/index)?\.html")
# Permalink marks, the print-only draft mark and signature lines, and the header row that
# every measures table repeats are not text of the minutes.
UNINDEXED = ".headerlink, .mk-draft-mark, .mk-signature, thead"
ARTICLE = '<article class="md-content__inner md-typeset">'


class PagefindError(Exception):
    """The site could not be indexed: the message says why and what to do."""


def mark(page_html: str, committee: str, day: date) -> str:
    """A meeting page with its article marked for the index, its committee and year as
    filters and its date as meta and sort key. They sit in a hidden, unindexed block:
    Pagefind reads filters from text, so a committee named with a comma stays one value."""
    if page_html.count(ARTICLE) != 1:
        raise PagefindError("a meeting page has no single <article> to mark for search, so the theme "
                            "is not Material's: set `theme: material`, or `search: material` under "
                            "minutes-kit in mkdocs.yml")
    marks = (f'<div hidden data-pagefind-ignore>'
             f'<span data-pagefind-filter="committee">{html.escape(committee)}</span>'
             f'<span data-pagefind-filter="year">{day.year}</span>'
             f'<span data-pagefind-meta="date">{day.day} {day:%B %Y}</span>'
             f'<span data-pagefind-sort="date">{day.isoformat()}</span></div>')
    return page_html.replace(ARTICLE, ARTICLE.removesuffix(">") + " data-pagefind-body>" + marks)


def parts(site_dir: Path, part_size: int = PART_SIZE) -> list[list[int]]:
    """The years of the site's meeting pages, newest first, in runs for the index's parts."""
    years: Counter[int] = Counter()
    for page in (site_dir / "meetings").glob("*/*"):
        found = MEETING.fullmatch(page.name + "/index.html" if page.is_dir() else page.name)
        if found and (page.is_file() or (page / "index.html").is_file()):
            years[int(found[1])] += 1
    return runs(years, part_size)


def runs(years: Counter[int], part_size: int) -> list[list[int]]:
    """``years`` (meetings in each) newest first, in runs of whole years of at least
    ``part_size`` meetings; the oldest run joins the one before it if it has fewer than
    half that. One run (or none) means one index, as for a small site."""
    found: list[list[int]] = []
    run: list[int] = []
    for year in sorted(years, reverse=True):
        run.append(year)
        if sum(years[y] for y in run) >= part_size:
            found.append(run)
            run = []
    if run and found and sum(years[y] for y in run) < part_size / 2:
        found[-1].extend(run)
    elif run:
        found.append(run)
    return found


def index(site_dir: Path, into: Path | None = None,
          started: Callable[[subprocess.Popen[str]], None] | None = None,
          part_size: int = PART_SIZE) -> str:
    """Index the built site into its own ``pagefind`` folder, or ``into`` another, with the
    binary that the ``pagefind[bin]`` wheel ships (no download at build time); returns what
    it warned of. ``started`` is given each running program, so that it can be stopped.

    A site of more than one part (see :func:`parts`) has its newest part's index in the
    folder itself and each older part's in ``part-N/`` inside it, listed in ``parts.json``."""
    from pagefind.service import get_executable

    executable = get_executable()
    if executable is None:
        raise PagefindError("the Pagefind program is not installed: run `pip install 'pagefind[bin]'`, "
                            "or set `search: material` under minutes-kit in mkdocs.yml")
    folder = into if into is not None else site_dir / FOLDER
    years = parts(site_dir, part_size)
    globs = [["--glob", "meetings/*/{" + ",".join(map(str, run)) + "}-*{/index.html,.html}"]
             for run in years] if len(years) > 1 else [[]]
    shutil.rmtree(folder, ignore_errors=True)  # Pagefind leaves the files of an earlier index
    warned = []
    for number, glob in enumerate(globs):
        output = folder / f"part-{number}" if number else folder
        with subprocess.Popen([str(executable), "--site", str(site_dir), "--output-path", str(output),
                               *glob, "--exclude-selectors", UNINDEXED, "--quiet"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as running:
            if started is not None:
                started(running)
            stdout, stderr = running.communicate()
        if running.returncode != 0:
            raise PagefindError(f"Pagefind could not index {site_dir}: {(stderr or stdout).strip()}")
        if stdout.strip() and stdout.strip() not in warned:
            warned.append(stdout.strip())
    folder.mkdir(parents=True, exist_ok=True)
    (folder / PARTS).write_text(json.dumps([f"part-{n}/" for n in range(1, len(globs))]), encoding="utf-8")
    return "\n".join(warned)
