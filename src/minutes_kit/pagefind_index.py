"""Search with Pagefind: the meeting pages marked for its index, and the index built.

Material's own search sends one index of every page to the browser, which must load all
of it before the first result: at thousands of meetings that is tens of megabytes and
tens of seconds. Pagefind splits its index into small files and the browser fetches only
the few a query needs. Only what a meeting page marks with ``data-pagefind-body`` is
indexed: listing pages (committees, years, the register, measures) carry no mark and stay
out, so a word finds the minutes that say it, not every list that links to them.
"""

from __future__ import annotations

import html
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

FOLDER = "pagefind"  # inside the built site: each build, public or internal, has its own
# Permalink marks, and the print-only draft mark and signature lines, are not text of the minutes.
UNINDEXED = ".headerlink, .mk-draft-mark, .mk-signature"
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


def index(site_dir: Path, into: Path | None = None,
          started: Callable[[subprocess.Popen[str]], None] | None = None) -> str:
    """Index the built site into its own ``pagefind`` folder, or ``into`` another, with the
    binary that the ``pagefind[bin]`` wheel ships (no download at build time); returns what
    it warned of. ``started`` is given the running program, so that it can be stopped."""
    from pagefind.service import get_executable

    executable = get_executable()
    if executable is None:
        raise PagefindError("the Pagefind program is not installed: run `pip install 'pagefind[bin]'`, "
                            "or set `search: material` under minutes-kit in mkdocs.yml")
    output = ["--output-path", str(into)] if into is not None else ["--output-subdir", FOLDER]
    with subprocess.Popen([str(executable), "--site", str(site_dir), *output,
                           "--exclude-selectors", UNINDEXED, "--quiet"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as running:
        if started is not None:
            started(running)
        stdout, stderr = running.communicate()
    if running.returncode != 0:
        raise PagefindError(f"Pagefind could not index {site_dir}: {(stderr or stdout).strip()}")
    return stdout.strip()
