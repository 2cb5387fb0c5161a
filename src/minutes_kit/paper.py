"""The minutes on paper: each meeting's page, as the site renders it, in a document of its
own, for the record the chair signs (PDF) and the draft members receive (Word).

Paper is not a second writer of the minutes. A sheet is the meeting page
(:func:`minutes_kit.site.meeting_page`, rendered by :func:`minutes_kit.render.render`)
wrapped in a minimal HTML document with the site's stylesheet and a few rules that only
paper needs: the draft mark and, for an internal copy, "NOT FOR PUBLICATION" at the top of
every page (in the page margin, where it cannot cover the text), and A4 pages. As on the
site's own print, the register's current status is left out: the record as signed must
not change with the day it is printed. Public sheets come from a corpus loaded without
the exempt parts, as the public site does.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .corpus import Corpus
from .escape import html_attribute, html_text, one_line
from .models import Meeting
from .people import slug
from .progress import Refused, committee_documents
from .register import Register
from .render import render
from .site import CSS, Record, meeting_page, page_paths, records
from .site import _date as date_words  # one date format on the site and on paper

INTERNAL_MARK = "NOT FOR PUBLICATION"
PAPER_CSS = """\
@page { size: A4; margin: 22mm 18mm 20mm;
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 9pt sans-serif; } }
html { font: 10.5pt/1.45 sans-serif; color: #000; }
h1 { font-size: 16pt; } h2 { font-size: 12.5pt; break-after: avoid; }
.md-typeset a { color: inherit; text-decoration: none; }
.mk-draft-mark { display: none !important; }
.md-typeset table { border-collapse: collapse; width: 100%; }
.md-typeset th, .md-typeset td { border: .5pt solid #777; padding: 2pt 4pt; vertical-align: top; }
.md-typeset thead { display: table-header-group; }
.md-typeset tr { break-inside: avoid; }
.admonition { border: 1pt solid #b71c1c; padding: 0 6pt; }
.admonition-title { font-weight: 700; }
"""
# Paper fetches nothing: an image the narrative links to shows as its description, so a
# copy never waits on the network and is the same whenever it is made. Attribute values
# are escaped by markdown-it and the narrative's sanitiser, and links do not nest.
_PERMALINK = re.compile(r'<a class="headerlink" [^>]*>&para;</a>')
_SITE_LINK = re.compile(r'<a href="(?![a-zA-Z][a-zA-Z0-9+.-]*:)[^"]*"[^>]*>(.*?)</a>', re.DOTALL)
_IMAGE = re.compile(r"<img\b[^>]*>")
_ALT = re.compile(r'\balt="([^"]*)"')
_MARKS = {
    "draft": '@page { @top-right { content: "DRAFT"; font: 700 13pt sans-serif; } }\n',
    "internal": f'@page {{ @top-left {{ content: "{INTERNAL_MARK}"; font: 700 11pt sans-serif; '
                "color: #b71c1c; } }\n",
}


@dataclass(frozen=True)
class Sheet:
    """One meeting ready for paper: ``name`` is its file name without the suffix."""

    name: str
    title: str
    meeting: Meeting
    body: str  # the meeting page as HTML
    document: str  # the page in a whole HTML document, with the paper stylesheet

    @property
    def draft(self) -> bool:
        return self.meeting.status == "draft"


def chosen(corpus: Corpus, files: Sequence[Path], committee: str | None, every: bool,
           internal: bool) -> list[Record]:
    """The meetings asked for, in date order: the files named, a committee's meetings, or
    every meeting."""
    shown = records(corpus, internal)
    if every:
        return shown
    documents = [d for d in corpus.documents if d.meeting is not None]  # in the order of `shown`
    where = [os.path.abspath(d.path) for d in documents]
    wanted: set[str] = set()
    if committee is not None:
        wanted |= {os.path.abspath(d.path) for d in committee_documents(corpus, committee)}
    for file in files:
        path = os.path.abspath(file)
        if path not in where:
            raise Refused(f"{file} is not among the minutes: name a minutes file such as "
                          "minutes/<committee>/<date>.md")
        wanted.add(path)
    return [record for path, record in zip(where, shown, strict=True) if path in wanted]


def sheets(chosen: Sequence[Record], register: Register, internal: bool) -> list[Sheet]:
    """Each chosen meeting as it goes on paper, named as its page is on the site
    (``<committee>-<date>``, ``-2`` for a second meeting that day), ``-internal`` added to an
    internal copy's name."""
    paths = page_paths(record.meeting for record in chosen)
    made = []
    for record in chosen:
        meeting = record.meeting
        name = paths[id(meeting)].removeprefix("meetings/").removesuffix(".md").replace("/", "-")
        title = f"{one_line(meeting.heading)}: {date_words(meeting.date)}"
        title += " (draft)" if meeting.status == "draft" else ""
        title += f" ({INTERNAL_MARK})" if internal else ""
        body = _paper(render(meeting_page(record, register)).html)
        made.append(Sheet(name + ("-internal" if internal else ""), title, meeting, body,
                          _document(title, meeting, body, internal)))
    return made


def _paper(page: str) -> str:
    """The page's HTML as paper needs it: no permalinks, links to the site's own pages
    as plain text (on paper they lead nowhere), images as their description."""
    page = _PERMALINK.sub("", page)
    page = _SITE_LINK.sub(r"\1", page)
    return _IMAGE.sub(_alt, page)


def _alt(image: re.Match[str]) -> str:
    alt = _ALT.search(image.group(0))
    return alt.group(1) if alt else ""


def binding(sheets: Sequence[Sheet], internal: bool) -> tuple[str, str] | None:
    """The file name (without suffix) and title of one committee's meetings bound in one
    volume; None unless the sheets are two or more meetings of one committee."""
    if len(sheets) < 2 or len({s.meeting.committee for s in sheets}) > 1:
        return None
    first, last = sheets[0].meeting, sheets[-1].meeting
    name = f"{slug(first.committee)}-{first.date}-to-{last.date}" + ("-internal" if internal else "")
    title = f"{one_line(first.heading)}: {date_words(first.date)} to {date_words(last.date)}"
    return name, title + (f" ({INTERNAL_MARK})" if internal else "")


def _document(title: str, meeting: Meeting, body: str, internal: bool) -> str:
    css = CSS + PAPER_CSS + (_MARKS["draft"] if meeting.status == "draft" else "")
    css += _MARKS["internal"] if internal else ""
    return ('<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html_text(title)}</title>\n"
            f'<meta name="author" content="{html_attribute(meeting.organisation)}">\n'
            f"<style>\n{css}</style>\n</head>\n<body>\n"
            f'<article class="md-typeset">\n{body}</article>\n</body>\n</html>\n')


def outside(out: Path, *folders: Path) -> None:
    """Refuse an output folder inside the minutes or the exempt parts: paper is written
    beside the record, never into it."""
    target = out.resolve()
    for folder in folders:
        if target.is_relative_to(folder.resolve()):
            raise Refused(f"{out} is inside {folder}: write paper copies elsewhere (default print/)")
