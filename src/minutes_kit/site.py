"""The published site as Markdown pages: corpus in, ``{path: text}`` out.

Any static site generator that reads Markdown can build these pages; the MkDocs plugin
is one thin adapter. Front matter text is escaped for where it lands (a ``<script>`` in
an action shows as text; navigation titles are HTML-escaped, as themes insert them raw)
and the narrative passes :mod:`minutes_kit.narrative`'s allow-list. A public build is
given a corpus loaded without the exempt parts, so an exempt item can only show as its
notice; an internal build folds the exempt parts in and marks them. Meeting pages stay
out of the navigation:
Material repeats the navigation on every page, so listing thousands of meetings there
would make the site grow with the square of their number.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .body import written_label
from .charts import line_chart
from .corpus import Corpus
from .escape import abbreviation
from .escape import markdown_inline as text
from .escape import title as nav_title
from .exclusion import grounds, short
from .exempt import merged
from .models import (
    RECORD_KEYS,
    Action,
    Comparator,
    Declaration,
    Item,
    Measure,
    Meeting,
    Person,
    Resolution,
    measure_name,
)
from .people import slug
from .reference import cards
from .register import Life, Register
from .register_files import MARKER, View
from .register_files import render as render_register
from .resolutions import named_words, vote_words
from .sections import Sections, split

SEARCH_EXCLUDED = "---\nsearch:\n  exclude: true\n---\n\n"
STYLESHEET = "stylesheets/minutes-kit.css"
CSS = """\
.mk-status { font-weight: 700; padding: 0 .3em; border-radius: .2em; }
.mk-on-target { color: #1b5e20; background: #e8f5e9; }
.mk-adrift { color: #b71c1c; background: #ffebee; }
.mk-exempt { border-left: .3em solid #b71c1c; padding-left: .8em; }
.mk-axis { stroke: currentColor; stroke-width: 1; }
.mk-series { stroke-width: 2.5; }
polyline.mk-actual { stroke: #1565c0; } circle.mk-actual, text.mk-actual { fill: #1565c0; }
polyline.mk-target { stroke: #6d4c41; stroke-dasharray: 6 4; }
circle.mk-target, text.mk-target { fill: #6d4c41; }
polyline.mk-forecast { stroke: #7b1fa2; stroke-dasharray: 2 3; }
circle.mk-forecast, text.mk-forecast { fill: #7b1fa2; }
.md-typeset figure.mk-figure { width: 100%; max-width: 24rem; margin: 1em 0; }
.mk-chart { display: block; width: 100%; height: auto; }
.mk-tick, .mk-legend { font: 17px sans-serif; fill: currentColor; }
.mk-grid { stroke: currentColor; stroke-opacity: .15; stroke-width: 1; }
.mk-draft-mark, .mk-signature { display: none; }
@page { margin: 18mm 15mm; @bottom-right { content: "Page " counter(page) " of " counter(pages); } }
@media print {
  .md-typeset__scrollwrap, .md-typeset__table { overflow: visible !important; display: block; }
  .md-typeset table:not([class]) { overflow: visible !important; display: table; max-width: none;
    font-size: 8pt; }
  .md-typeset .headerlink, .mk-now { display: none; }
  .mk-draft-mark { display: block; position: fixed; top: 0; right: 0; font: 700 14pt sans-serif;
    letter-spacing: .2em; border: 2px solid; padding: .1em .4em; }
  .mk-signature { display: flex; gap: 3em; margin-top: 3em; break-inside: avoid; }
}
/* Accessibility (checked by axe-core in tests/test_accessibility.py): links in the text are
   underlined, not told apart by colour alone; the closed navigation drawer of a narrow screen
   and the closed search results are hidden, so Tab never moves focus into them (the results
   at once, as the theme closes the search when focus leaves it); search results keep a
   4.5:1 contrast; the internal banner stands out. */
.md-typeset a:not(.headerlink):not(.md-button) { text-decoration: underline; }
@media screen and (max-width: 76.234375em) {
  [data-md-toggle=drawer]:not(:checked) ~ .md-container .md-sidebar--primary {
    visibility: hidden; transition: transform .25s, visibility 0s .25s;
  }
}
[data-md-toggle=search]:not(:checked) ~ .md-header .md-search__output { visibility: hidden; }
.md-search-result mark { color: var(--md-primary-fg-color); }
.md-search-result__meta { color: #545454; }
.md-banner .mk-internal { margin: 0; color: #fff; }
/* Phones: no page scrolls sideways. Tables drop the theme's minimum column width and wide
   padding, and a key in code is not broken letter by letter. The register's tables, whose
   action text would wrap to two words a line, and the format reference's become one card
   per row, short cells sharing a line, each labelled with its column (set by main.html). */
.mk-status { white-space: nowrap; }
.md-typeset table:not([class]) code { word-break: normal; overflow-wrap: break-word; }
@media screen and (max-width: 44.984375em) {
  .md-typeset table:not([class]) th { min-width: 0; }
  .md-typeset table:not([class]) :is(th, td) { padding: .6em .5em; }
  .mk-cards .md-typeset__scrollwrap { margin: 1em 0; overflow: visible; }
  .mk-cards .md-typeset__table { display: block; padding: 0; }
  .md-typeset .mk-cards table:not([class]) { display: block; border: 0; font-size: .7rem; }
  .mk-cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .mk-cards tbody, .md-typeset .mk-cards table:not([class]) td { display: block; }
  .mk-cards tr { display: flex; flex-wrap: wrap; gap: 0 1.2em; margin-bottom: .6rem; padding: .3rem .6rem;
    border: .05rem solid var(--md-typeset-table-color); border-radius: .1rem; }
  .md-typeset .mk-cards table:not([class]) td { border: 0; padding: .15rem 0; }
  .mk-cards td[data-label]::before { content: attr(data-label) ": "; font-weight: 700; }
}
"""


@dataclass(frozen=True)
class Site:
    pages: dict[str, str]
    nav: list[Any]
    organisation: str | None = None  # the one organisation whose minutes these are, if one
    meetings: dict[str, Meeting] = field(default_factory=dict)  # each meeting's page: search filters


def meeting_path(meeting: Meeting) -> str:
    return f"meetings/{slug(meeting.committee)}/{meeting.date.isoformat()}.md"


def page_paths(meetings: Iterable[Meeting]) -> dict[int, str]:
    """Each meeting's page, by ``id(meeting)``: named by its committee and date, and a
    second meeting of a committee on one day gets ``-2``: two meetings never share one
    page, where one would vanish without a word."""
    paths: dict[int, str] = {}
    taken: set[str] = set()
    for meeting in meetings:
        base = meeting_path(meeting).removesuffix(".md")
        path, n = f"{base}.md", 1
        while path in taken:
            n += 1
            path = f"{base}-{n}.md"
        taken.add(path)
        paths[id(meeting)] = path
    return paths


def _date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Record:
    """One meeting as a page shows it: in a public build the minutes alone; in an internal
    build the minutes with their exempt part folded in. Its narrative is cut by item."""

    meeting: Meeting
    sections: Sections = field(default_factory=Sections)


def records(corpus: Corpus, internal: bool) -> list[Record]:
    """The meetings to publish. A public build reads only the minutes (the corpus it is
    given was loaded without the exempt parts); only an internal build folds them in."""
    shown = []
    for document in corpus.documents:
        if document.meeting is None:
            continue
        public = split(document, document.meeting)
        part = corpus.parts.get(document.path) if internal else None
        if part is None or part.meeting is None:
            shown.append(Record(document.meeting, public))
            continue
        private = split(part, part.meeting)
        opening = (public.opening, f"## Exempt part: not for publication\n\n{private.opening}"
                   if private.opening else "")
        items = {key: "\n\n".join(t for t in (public.items.get(key), private.items.get(key)) if t)
                 for key in {**public.items, **private.items}}
        shown.append(Record(merged(document.meeting, part.meeting),
                            Sections("\n\n".join(t for t in opening if t), items)))
    return shown


def neighbours(meetings: Sequence[Meeting],
               paths: dict[int, str]) -> dict[int, tuple[Meeting | None, Meeting | None]]:
    """Each meeting's previous and next meeting of its committee, by ``id(meeting)``, in
    the order they were held (two on one day in the order of their pages)."""
    ordered = sorted(meetings, key=lambda m: (m.date, paths[id(m)]))
    return {id(m): (ordered[n - 1] if n else None, ordered[n + 1] if n + 1 < len(ordered) else None)
            for n, m in enumerate(ordered)}


def build_site(corpus: Corpus, *, internal: bool = False) -> Site:
    """Every page of the site and its navigation (paths relative to the docs folder)."""
    register = corpus.register
    view = View(register, register.latest)
    pages: dict[str, str] = {STYLESHEET: CSS}
    committees: dict[str, list[Meeting]] = defaultdict(list)
    shown = records(corpus, internal)
    paths = page_paths(record.meeting for record in shown)
    for record in shown:
        committees[record.meeting.committee].append(record.meeting)
    around = {key: pair for group in committees.values() for key, pair in neighbours(group, paths).items()}
    for record in shown:
        links = [(f"{word} meeting: {_date(m.date)}", paths[id(m)])
                 for word, m in zip(("Previous", "Next"), around[id(record.meeting)], strict=True) if m]
        pages[paths[id(record.meeting)]] = meeting_page(record, register, links)
    nav: list[Any] = [{"Home": "index.md"}]
    committee_nav = []
    for name in sorted(committees):
        key = slug(name)
        years: dict[int, list[Meeting]] = defaultdict(list)
        for meeting in committees[name]:
            years[meeting.date.year].append(meeting)
        entries = [{"Overview": f"committees/{key}/index.md"}]
        overview = [SEARCH_EXCLUDED, f"# {text(name)}", ""]
        for year in sorted(years, reverse=True):
            meetings = sorted(years[year], key=lambda m: m.date, reverse=True)
            pages[f"committees/{key}/{year}.md"] = "\n".join(
                [SEARCH_EXCLUDED, f"# {text(name)}: {year}", "", *_meeting_list(meetings, "../../", paths)])
            overview.append(f"- [{year}]({year}.md): {len(meetings)} meetings")
            entries.append({str(year): f"committees/{key}/{year}.md"})
        pages[f"committees/{key}/index.md"] = "\n".join(overview) + "\n"
        committee_nav.append({nav_title(name): entries})
    nav.append({"Committees": committee_nav})
    latest = sorted((r.meeting for r in shown), key=lambda m: (m.date, m.committee), reverse=True)[:10]
    organisations = {r.meeting.organisation for r in shown}
    organisation = organisations.pop() if len(organisations) == 1 else None
    pages["index.md"] = "\n".join([
        SEARCH_EXCLUDED, f"# Minutes of {text(organisation)}" if organisation else "# Minutes", "",
        f"**{len(view.open)} open actions**, of which **{len(view.overdue)} overdue** as of "
        f"{_date(view.as_of)}: see the [action register](actions/index.md).", "",
        "## Latest meetings", "", *_meeting_list(latest, "", paths),
    ])
    raised_at = [d.path for d in corpus.documents if d.meeting is not None]  # in the order of `shown`
    minute_pages = {path: paths[id(r.meeting)] for path, r in zip(raised_at, shown, strict=True)}
    for name, content in render_register(register, include_exempt=internal,
                                          minute_pages=minute_pages).items():
        if name.endswith(".md"):
            content = SEARCH_EXCLUDED + _as_cards(content.replace(MARKER + "\n\n", ""))
        pages[f"actions/{name}"] = content
    _add_attendance(pages, corpus, [r.meeting for r in shown], paths)
    measures = measure_pages([r.meeting for r in shown], paths)
    pages.update(measures)
    nav.append({"Action register": [{"Open by owner": "actions/index.md"},
                                    {"Overdue": "actions/overdue.md"},
                                    {"Recently closed": "actions/closed.md"}]})
    nav.append({"Measures": "measures/index.md"})
    return Site(pages, nav, organisation, {paths[id(r.meeting)]: r.meeting for r in shown})


_TABLE = re.compile(r"(?:\A|(?<=\n\n))\|.*\|\n(?:\|.*\|(?:\n|\Z))+")


def _as_cards(page: str) -> str:
    """Each table of a register page shown as cards on a phone."""
    return _TABLE.sub(lambda m: "\n".join(cards(m.group(0).rstrip().split("\n"))) + "\n", page)


def _meeting_list(meetings: Iterable[Meeting], prefix: str, paths: dict[int, str]) -> list[str]:
    lines = [f"- [{_date(m.date)}: {text(m.committee)}]({prefix}{paths[id(m)]})"
             + (" (draft)" if m.status == "draft" else "") for m in meetings]
    return [*lines, ""] if lines else ["None yet.", ""]


def _person(person: Person) -> str:
    name = " ".join(text(part) for part in (person.title, person.name) if part)
    role = f", {text(person.role)}" if person.role else ""
    return f"{name} ({text(person.initials)}){role}"


DRAFT_MARK = '<div class="mk-draft-mark" aria-hidden="true">DRAFT</div>'
SIGNATURE = ('<div class="mk-signature" data-search-exclude><p>Chair ........................................'
             '</p><p>Date ........................................</p></div>')


def meeting_page(record: Record, register: Register, around: Sequence[tuple[str, str]] = ()) -> str:
    """The minutes as councils set them out: who met, then each minute in order with its
    own narrative, its resolution, its actions as the meeting agreed them and its measures;
    the close, a signature block for the printed record, and the meetings either side
    (``around``: label and page path of the previous and next meeting of the committee)."""
    meeting = record.meeting
    lines = [f"# {text(meeting.heading)}: {_date(meeting.date)}", ""]
    if meeting.status == "draft":
        lines += [DRAFT_MARK, "", '<div class="admonition warning"><p class="admonition-title">Draft</p>'
                  "<p>These minutes are a draft: they have not yet been approved as a correct record.</p>"
                  "</div>", ""]
    times = " to ".join(t.strftime("%H:%M") for t in (meeting.start, meeting.end) if t)
    facts = [("Organisation", text(meeting.organisation)), ("Committee", text(meeting.committee)),
             ("Date", _date(meeting.date)), ("Venue", text(meeting.venue or "-")),
             ("Time", times or "-"), *_chair(meeting), *_next_meeting(meeting),
             ("Status", "approved" + (f" on {_date(meeting.approved)}" if meeting.approved else "")
              if meeting.status == "approved" else "draft")]
    lines += [*(f"- **{k}:** {v}" for k, v in facts), ""]
    for title, people in [("Present", meeting.attendees), ("In attendance", meeting.in_attendance),
                          ("Apologies", meeting.apologies), ("Absent", meeting.absent)]:
        if people:
            lines += [f"**{title}:** " + "; ".join(map(_person, people)), ""]
    if meeting.substitutes:
        lines += ["**Substitutes:** " + "; ".join(
            f"{_person(s)} for {_by_initials(meeting, s.substitute_for)}" for s in meeting.substitutes), ""]
    if meeting.declarations:
        lines += ["**Declarations of interest:** " + "; ".join(
            _declaration(meeting, d) for d in meeting.declarations), ""]
    if record.sections.opening:
        lines += [record.sections.opening, ""]
    lines += _matters_arising(meeting, register)
    for item in meeting.items:
        lines += _item(item, meeting, register, record.sections.items.get(item.id, ""))
    if meeting.end:
        lines += [f"The meeting closed at {meeting.end:%H:%M}.", ""]
    lines += [SIGNATURE, ""]
    if around:
        lines += [" | ".join(f"[{label}]({path.rsplit('/', 1)[-1]})" for label, path in around), ""]
    page = "\n".join(lines)
    words = set(_WORD.findall(page))
    lines += [abbreviation(key, value) for key, value in sorted(meeting.abbreviations.items())
              if _uses(page, words, key)]
    return "\n".join(lines) + "\n"


def _register_link(action_id: str, life: Life) -> str:
    """Where the register keeps an action: under its (first) current owner."""
    return f"../../actions/people/{life.owners[0].id}.md#{action_id.lower()}" if life.owners else \
        "../../actions/index.md"


def _matters_arising(meeting: Meeting, register: Register) -> list[str]:
    """Each update the meeting minuted on an earlier action, with the action's text."""
    if not meeting.matters_arising:
        return []
    lines = ["## Matters arising", ""]
    for update in meeting.matters_arising:
        life = register.find(update.action)
        said = [f"status: **{update.status}**"] if update.status else []
        if update.due:
            said.append(f"new due date: {update.due.describe()}")
        if update.owner:
            said.append(f"passed to {_owners_as_minuted(meeting, update.owner)}")
        if update.note:
            said.append(text(update.note))
        ref = f"[`{update.action}`]({_register_link(life.id, life)})" if life else f"`{update.action}`"
        what = f" {text(life.text)}" if life else ""
        words = "; ".join(said) or "noted"
        stop = "" if words.endswith((".", "?", "!")) else "."
        lines.append(f"- **Action** {ref}:{what} *Update:* {words}{stop}")
    return [*lines, ""]


def _owner_names(meeting: Meeting, owner: str | list[str]) -> list[str]:
    """Owners as the minutes wrote them, initials of someone the minutes name given in full."""
    written = owner if isinstance(owner, list) else [owner]
    people = {p.initials: p.name for p in meeting.people}
    return [people.get(o, o) for o in written]


def _owners_as_minuted(meeting: Meeting, owner: str | list[str]) -> str:
    return ", ".join(map(text, _owner_names(meeting, owner)))


_WORD = re.compile(r"\w+")


def _uses(page: str, words: set[str], key: str) -> bool:
    """Whether the page uses an abbreviation, as the renderer finds it (a whole word):
    a page carries no expansion it does not show (one only the exempt part used, say)."""
    if _WORD.fullmatch(key):
        return key in words
    return key in page and re.search(rf"\b{re.escape(key)}\b", page) is not None


def _by_initials(meeting: Meeting, initials: str) -> str:
    """A person by full name and initials, e.g. 'Councillor Ann Brown (AB)'."""
    person = next((p for p in meeting.people if p.initials == initials), None)
    if person is None:
        return text(initials)
    name = " ".join(text(part) for part in (person.title, person.name) if part)
    return f"{name} ({text(person.initials)})"


def _chair(meeting: Meeting) -> list[tuple[str, str]]:
    return [("In the chair", _by_initials(meeting, meeting.chair))] if meeting.chair else []


def _next_meeting(meeting: Meeting) -> list[tuple[str, str]]:
    after = meeting.next_meeting
    if after is None:
        return []
    when = _date(after.date) + (f" at {after.start:%H:%M}" if after.start else "")
    return [("Next meeting", when + (f", {text(after.venue)}" if after.venue else ""))]


def _declaration(meeting: Meeting, declaration: Declaration) -> str:
    """'Ann Brown (AB), item a: personal interest: a governor of the school; left the room'."""
    detail = f": {text(declaration.detail.rstrip('.'))}" if declaration.detail else ""
    said = [f"{_by_initials(meeting, declaration.member)}, item {text(declaration.item)}: "
            f"{declaration.interest} interest{detail}"]
    if declaration.withdrew is not None:
        said.append("left the room for the item" if declaration.withdrew else "remained in the room")
    if isinstance(declaration.dispensation, str):
        said.append(f"dispensation: {text(declaration.dispensation)}")
    elif declaration.dispensation:
        said.append("had a dispensation")
    return ", ".join(said)


def _exclusion(item: Item, jurisdiction: str = "england") -> str:
    """The notice of an item taken in private, worded as councils word it."""
    return f"This item was considered in private: the public were excluded {grounds(item, jurisdiction)}."


def _item(item: Item, meeting: Meeting, register: Register, narrative: str) -> list[str]:
    """One minute: its heading, its narrative, then its record as the meeting made it."""
    code = f"{text(item.code)}: " if item.code else ""
    number = f" (minute {text(item.minute)})" if item.minute != item.id else ""
    lines = [f"## {text(written_label(item.id))} {code}{text(item.title)}{number}", ""]
    if item.exempt:
        recorded = any(getattr(item, key) for key in RECORD_KEYS)
        if not recorded:  # a public notice: the minutes hold nothing more
            notice = f"*{_exclusion(item, meeting.jurisdiction)}*"
            return [*lines, notice, "", *([narrative, ""] if narrative else [])]
        lines += ['<div class="mk-exempt"><p><strong>EXEMPT: not for publication</strong> '
                  f"({short(item)})</p></div>", ""]
    if narrative:
        lines += [narrative, ""]
    lines += [_decision(d) for d in item.decisions]
    parts = {action.id: f" (part {text(part.label)})" for d in item.decisions if isinstance(d, Resolution)
             for part in d.parts if (action := part.raised())}
    lines += [_action(action, meeting, register.find(action.id), parts.get(action.id, ""))
              for _, action in item.raised()]
    if item.further_review:
        lines.append(f"- **Further review:** {item.further_review.due.describe()}"
                     + (f": {text(item.further_review.note)}" if item.further_review.note else ""))
    if item.measures:
        # Four columns, the status beside its figure: it stays in view on a phone.
        lines += ["", "| measure | actual | target | forecast |", "| --- | ---: | ---: | ---: |"]
        lines += [_measure_row(m, measure_name(m, item)) for m in item.measures] + [""]
        lines += [f"- **{text(measure_name(m, item))} against benchmarks:** "
                  + "; ".join(map(_comparator, m.comparators)) for m in item.measures if m.comparators]
    return [*lines, ""]


def _action(action: Action, meeting: Meeting, life: Life | None, part: str) -> str:
    """An action as the meeting agreed it (owner and due as minuted), and beside it, labelled
    and linked to the register, where it stands now: its status, and its owner or due
    date where those have changed since."""
    raised = life.history[0].owners if life and life.history else ()
    minuted = [o.written for o in raised] or _owner_names(meeting, action.owner)
    due = action.due.describe() if action.due else "no date given"
    said = (f"- **Action** `{action.id}`{part}: {text(action.text)} "
            f"{'Owners' if len(minuted) > 1 else 'Owner'}: {', '.join(map(text, minuted))}; due {due}.")
    if life is None:
        return said
    now = [life.status]
    current = [o.written for o in life.owners]
    if current != minuted:
        now.append(f"{'owners' if len(current) > 1 else 'owner'} {', '.join(map(text, current))}")
    if life.due != action.due:
        now.append(f"due {life.due.describe() if life.due else 'no date given'}")
    # Marked so that paper, the record as signed, leaves out what changes after the meeting.
    return (f"{said} <span class=\"mk-now\">[now: {'; '.join(now)} (register)]"
            f"({_register_link(action.id, life)})</span>")


def _decision(decision: str | Resolution) -> str:
    """A decision as minutes word it: RESOLVED (carried: For 6, Against 2, Abstentions 1):
    (a) that ...; (b) that ..., then the names recorded."""
    if isinstance(decision, str):
        return f"- **Decision:** {text(decision)}"
    kind = decision.kind.upper() + (f" to {text(decision.to)}" if decision.to else "")
    said = vote_words(decision.vote) if decision.vote else ""
    vote = f" ({text(said)})" if said else ""
    words = [text(decision.text)] if decision.text else []
    words += ["; ".join(f"({text(part.label)}) {text(part.text)}" for part in decision.parts)]
    names = named_words(decision.vote) if decision.vote else ""
    recorded = f" *Recorded vote:* {text(names)}." if names else ""
    return f"- **{kind}**{vote}: {' '.join(w for w in words if w)}{recorded}"


def _comparator(comparator: Comparator) -> str:
    if comparator.value is not None:
        return f"{text(comparator.name)} {comparator.value:g}"
    relation = "similar to" if comparator.stated == "similar" else f"{comparator.stated} than"
    return f"{relation} {text(comparator.name)}"


def _status(value: str | None) -> str:
    if value is None:
        return "-"
    mark = "&#10003;" if value == "on target" else "&#10007;"
    return f'<span class="mk-status mk-{value.replace(" ", "-")}">{mark} {value}</span>'


def _measure_row(m: Measure, name: str) -> str:
    """A measure's row: its name with the period, unit and which way is better, then each
    figure with its status beside it."""
    def figure(value: float | None, status: str | None) -> str:
        return "-" if value is None else f"{value:g}" + (f"<br>{_status(status)}" if status else "")

    about = ", ".join([str(m.period), *([text(m.unit)] if m.unit else []), f"{m.better} is better"])
    return (f"| [{text(name)}](../../measures/{slug(name)}.md)<br>{about} | "
            f"{figure(m.actual, m.status['actual'])} | {figure(m.target, None)} | "
            f"{figure(m.forecast, m.status['forecast'])} |")


def _add_attendance(pages: dict[str, str], corpus: Corpus, meetings: Sequence[Meeting],
                    paths: dict[int, str]) -> None:
    people = corpus.register.people
    record: dict[str, list[tuple[Meeting, str]]] = defaultdict(list)
    for meeting in meetings:
        groups: list[tuple[str, Sequence[Person]]] = [
            ("present", meeting.attendees), ("in attendance", meeting.in_attendance),
            ("substitute", meeting.substitutes), ("apologies", meeting.apologies),
            ("absent", meeting.absent)]
        for kind, group in groups:
            for person in group:
                record[people.identify(person).id].append((meeting, kind))
    for key, entries in record.items():
        path = f"actions/people/{key}.md"
        page = pages.get(path) or f"{SEARCH_EXCLUDED}# {text(people.by_id[key].name)}\n\nNo actions.\n"
        rows = ["## Attendance", "", "| meeting | committee | attended as |", "| --- | --- | --- |"]
        rows += [f"| [{_date(m.date)}](../../{paths[id(m)]}) | {text(m.committee)} | {kind} |"
                 for m, kind in sorted(entries, key=lambda e: e[0].date, reverse=True)]
        pages[path] = page.rstrip("\n") + "\n\n" + "\n".join(rows) + "\n"


def measure_pages(meetings: Sequence[Meeting], paths: dict[int, str] | None = None) -> dict[str, str]:
    """A page per measure, following it across meetings by its code, or by its title when
    it has none (:func:`measure_name`)."""
    paths = paths or page_paths(meetings)
    series: dict[str, list[tuple[Meeting, Measure]]] = defaultdict(list)
    for meeting in meetings:
        for item in meeting.items:
            for measure in item.measures:
                series[measure_name(measure, item)].append((meeting, measure))
    pages: dict[str, str] = {}
    index = [SEARCH_EXCLUDED, "# Measures", "",
             "Each measure's latest report, its actual and forecast against the target.", "",
             "| measure | latest period | actual | forecast |", "| --- | --- | --- | --- |"]
    for code in sorted(series):
        reports = sorted(series[code], key=lambda e: (e[1].period, e[0].date))
        latest, first = reports[-1][1], reports[0][1]  # titled as first reported, not "(review)"
        title = first.title or next(i.title for i in reports[0][0].items if first in i.measures)
        heading = f"{text(code)}: {text(title)}" if latest.code else text(title)
        index.append(f"| [{heading}]({slug(code)}.md) | {latest.period} | "
                     f"{_value(latest.actual, latest.status['actual'])} | "
                     f"{_value(latest.forecast, latest.status['forecast'])} |")
        polarity = f"{latest.better} is better"
        axis = f"{latest.unit}; {polarity}" if latest.unit else polarity
        chart = line_chart(f"{code}: actual, target and forecast by period ({axis})",
                           [str(m.period) for _, m in reports], [
            ("actual", [m.actual for _, m in reports], "actual"),
            ("target", [m.target for _, m in reports], "target"),
            ("forecast", [m.forecast for _, m in reports], "forecast"),
        ], axis)
        rows = ["| period | actual | target | forecast |", "| --- | ---: | ---: | ---: |"]
        rows += [f"| {m.period}, reported [{_date(meeting.date)}](../{paths[id(meeting)]}) | "
                 f"{_value(m.actual, m.status['actual'])} | {_value(m.target)} | "
                 f"{_value(m.forecast, m.status['forecast'])} |" for meeting, m in reports]
        unit = f"Values are {text(latest.unit)}; " if latest.unit else ""
        pages[f"measures/{slug(code)}.md"] = "\n".join([
            f"# {heading}", "", f"{unit}**{polarity}**. Each actual and forecast is marked on target "
            "or adrift against the period's target.", "",
            f'<figure class="mk-figure" data-search-exclude>{chart}</figure>' if chart else "", "",
            _summary([m for _, m in reports]), "", *rows, ""])
    pages["measures/index.md"] = "\n".join(index) + "\n"
    return pages


def _value(value: float | None, status: str | None = None) -> str:
    """A figure with its status beside it, so the status needs no column of its own."""
    if value is None:
        return "-"
    return f"{value:g} {_status(status)}" if status else f"{value:g}"


def _summary(reports: Sequence[Measure]) -> str:
    """The chart in words, for those who cannot see it and those who would rather read."""
    first, latest = reports[0], reports[-1]
    said = [f"In {latest.period} the actual was {_said(latest.actual)}"
            + (f" against a target of {latest.target:g}" if latest.target is not None else "")
            + (f" ({latest.status['actual']})" if latest.status["actual"] else "") + "."]
    if latest.forecast is not None:
        said.append(f"The forecast was {latest.forecast:g}"
                    + (f" ({latest.status['forecast']})." if latest.status["forecast"] else "."))
    if len(reports) > 1 and first.actual is not None and latest.actual is not None:
        said.append(f"Since {first.period} the actual has gone from {first.actual:g} to "
                    f"{latest.actual:g} over {len(reports)} reports; {latest.better} is better.")
    return " ".join(said)


def _said(value: float | None) -> str:
    return "not reported" if value is None else f"{value:g}"
