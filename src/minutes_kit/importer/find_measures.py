"""Performance figures as measures: ``31.4 days against a target of 28 days`` in a
sentence, or a performance table (indicator, actual, target, status). The period and
which direction is better are taken only where stated (``Q4 2008/09``, ``lower is
better``), or, for the direction, read from a stated RAG status (red above target means
lower is better); otherwise they are left as markers."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..timeframes import Period
from .find_actions import _cells
from .text import flat

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_TARGET = re.compile(
    rf"\bagainst\s+(?:a|the|its)\s+(?:\w+\s+)?target\s+(?:of\s+)?(?P<target>{_NUMBER})\s?(?P<unit>%)?"
)
_FIGURE = re.compile(rf"(?<![\w/.,])(?P<figure>{_NUMBER})(?![\w/])\s?(?P<unit>%|[a-z]+)?")
_PERIOD = re.compile(
    r"\b(?:Q|Quarter\s+)(?P<q>[1-4])\s+(?:of\s+)?(?P<year>\d{4}/\d{2})\b|\b(?P<fy>(?:19|20)\d\d/\d\d)\b",
    re.IGNORECASE,
)
_BETTER = re.compile(
    r"\b(?P<which>lower|higher|smaller|bigger|larger)\s+is\s+(?:better|good)\b", re.IGNORECASE
)
_RAG = re.compile(
    r"\b(?:rated\s+|status\s*:?\s*|RAG\s*:?\s*)?\(?(?P<rag>red|amber|green)\)?\b", re.IGNORECASE
)
_LEAD = re.compile(
    r"^(?:.*?\b(?:noted|reported|heard|confirmed|advised)\s+that\b\s*|that\s+|and\s+that\s+|and\s+)",
    re.IGNORECASE,
)
_VERB = re.compile(r"\s+(?:was|were|is|are|stood\s+at|had\s+reached|reached|of|at)\s*$")
Mark = Callable[[str, str], str]


def period_in(*texts: str) -> str | None:
    """The period a text states, written as the format reads it (Quarter 4 2008/09 is Q4 2008/09)."""
    for text in texts:
        match = _PERIOD.search(text)
        if match:
            said = f"Q{match['q']} {match['year']}" if match["q"] else match["fy"]
            try:
                Period.parse(said)
            except ValueError:
                continue
            return said
    return None


def better_from(*texts: str, actual: float | None = None, target: float | None = None) -> str | None:
    for text in texts:
        match = _BETTER.search(text)
        if match:
            return "lower" if match["which"].lower() in ("lower", "smaller") else "higher"
    for text in texts:
        rag = _RAG.search(text)
        if rag and actual is not None and target is not None and actual != target:
            good = rag["rag"].lower() == "green"
            above = actual > target
            return "higher" if good == above else "lower"
    return None


def _value(said: str) -> float:
    return float(said.replace(",", ""))


def measures_in(text: str, title: str, mark: Mark) -> list[dict[str, Any]]:
    """The measures of a paragraph: one per figure given against a target."""
    said = flat(text)
    found: list[dict[str, Any]] = []
    start = 0
    for target in _TARGET.finditer(said):
        clause = said[start : target.start()]
        cut = max(clause.rfind(". "), clause.rfind("; "), clause.rfind(", and "))
        clause = clause[cut + 2 :] if cut >= 0 else clause
        figures = list(_FIGURE.finditer(clause))
        start = target.end()
        if not figures:
            continue
        after = said[target.end() : target.end() + 20].split()
        figure = _actual(figures, target["unit"] or (after[0].strip(",.;") if after else ""))
        measure: dict[str, Any] = {"title": _title(clause, figure)}
        unit = "%" if figure["unit"] == "%" or target["unit"] == "%" else None
        if unit is None and figure["unit"] and after and after[0].strip(",.;") == figure["unit"]:
            unit = figure["unit"]
        if unit:
            measure["unit"] = unit
        measure["actual"] = figure["figure"] + ("%" if figure["unit"] == "%" else "")
        measure["target"] = target["target"] + ("%" if target["unit"] == "%" else "")
        sentence = said[max(0, cut) : target.end() + 40]
        _complete(measure, [sentence, title], _value(figure["figure"]), _value(target["target"]), mark)
        found.append(measure)
    return found


def _actual(figures: list[re.Match[str]], unit: str) -> re.Match[str]:
    """The figure a target is set against: the last one in the target's unit, for the
    subject may come after the figure and hold numbers of its own ("78% of major
    applications were decided within 13 weeks against a target of 60%"); else the last."""
    same = [figure for figure in figures if unit and figure["unit"] == unit]
    return (same or figures)[-1]


def _title(clause: str, figure: re.Match[str]) -> str:
    before = _VERB.sub("", _LEAD.sub("", clause[: figure.start()].strip(" ,"))).strip(" ,")
    if len(before.split()) >= 2:
        return before[:1].upper() + before[1:]
    after = re.sub(r"^(?:of|people)\s+", "", clause[figure.end() :].strip(" ,"))
    return (after[:1].upper() + after[1:]) or "Measure"


def _complete(measure: dict[str, Any], texts: list[str], actual: float, target: float, mark: Mark) -> None:
    period = period_in(*texts)
    measure["period"] = period or mark("period", f"the period of {measure['title']!r} (e.g. Q3 2011/12)")
    better = better_from(*texts, actual=actual, target=target)
    measure["better"] = better or mark(
        "better", f"whether lower or higher is better for {measure['title']!r}"
    )


_POLARITY = re.compile(
    r"(?P<which>low|lower|small|smaller|high|higher|big|bigger|large|larger)(?:\s+is\s+(?:better|good))?",
    re.IGNORECASE,
)


def _polarity(said: str) -> str:
    """A polarity cell (``Low``, ``Higher is better``) said as `better_from` reads it."""
    match = _POLARITY.fullmatch(said.strip(" ."))
    if match is None:
        return ""
    low = match["which"].lower() in ("low", "lower", "small", "smaller")
    return f"{'lower' if low else 'higher'} is better"


def measure_table(rows: tuple[tuple[str, ...], ...], title: str, mark: Mark) -> list[dict[str, Any]] | None:
    """The measures of a performance table; None for other tables."""
    if len(rows) < 2:
        return None
    header = rows[0]

    def column(pattern: str) -> int | None:
        return next((i for i, c in enumerate(header) if re.search(pattern, c, re.IGNORECASE)), None)

    actual, target = column(r"actual|outturn|performance|result|value|ytd"), column(r"target")
    if actual is None or target is None:
        return None
    name, code = column(r"measure|indicator|description|title|^pi$"), column(r"code|ref|pi no")
    period, status, polarity = (
        column(r"period|quarter"),
        column(r"status|rag"),
        column(r"polarity|better|good is|direction"),
    )
    found = []
    for row in rows[1:]:
        cell = _cells(row)

        if not re.fullmatch(rf"(?:{_NUMBER})\s?%?", cell(actual)) or not re.fullmatch(
            rf"(?:{_NUMBER})\s?%?", cell(target)
        ):
            continue
        measure: dict[str, Any] = {}
        if cell(code):
            measure["code"] = cell(code)
        measure["title"] = cell(name) or cell(code) or title
        if "%" in cell(actual) + cell(target):
            measure["unit"] = "%"
        measure["actual"], measure["target"] = cell(actual), cell(target)
        texts = [cell(period), title, _polarity(cell(polarity)), cell(status)]
        _complete(
            measure, texts, _value(cell(actual).rstrip(" %")), _value(cell(target).rstrip(" %")), mark
        )
        found.append(measure)
    return found or None
