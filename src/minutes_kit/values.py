"""Values as clerks write them: times, dates, numbers and yes/no flags, read from text.

The YAML reader hands every plain value over as the text written, so each typed field
reads its own text here and says in plain words what it expected. Nothing is guessed:
``14.75`` is not a time, ``true`` is not the number 1, and a year no output can show
(``9999-12-31``) is refused before anything is published.
"""

from __future__ import annotations

import math
import re
from datetime import date, time

FIRST_YEAR, LAST_YEAR = 1800, 2199
YEARS_HELP = f"years {FIRST_YEAR}-{LAST_YEAR}"

# The times accepted, written so that Python and JSON Schema (ECMA 262) read the same
# pattern: 24-hour 14:00, 14.00, 9:30 or 14:00:00; 12-hour 2pm, 2.00pm, 2:30 p.m.,
# 10.00 am; noon or 12 noon.
_H24 = r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])(?::(00))?"
_H12 = r"(0?[1-9]|1[0-2])(?:[:.]([0-5][0-9]))? ?([AaPp])\.? ?[Mm]\.?"
_NOON = r"(?:12 ?)?([Nn][Oo][Oo][Nn])"
TIME_PATTERN = f"^(?:{_H24}|{_H12}|{_NOON})$"
_TIME = re.compile(TIME_PATTERN)
TIME_HELP = "write the time as 14:00 or 2pm (also 14.00, 9:30, 2.30 p.m., noon)"

_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
DATE_PATTERN = r"^(1[89]|2[01])[0-9]{2}-[0-9]{2}-[0-9]{2}$"
DATE_HELP = f"write the date as YYYY-MM-DD, e.g. 2024-03-05 ({YEARS_HELP})"

# Decimal numbers as a report prints them: 56.2, 51.00, -3, .5, 1e3.
_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
# As reports also print them: thousands grouped by commas (1,312) and a percent sign (91%).
# A comma is read only between groups of exactly three digits, so 1,31 is refused, not guessed.
_GROUPED = re.compile(
    r"([-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?: ?%)?")
NUMBER_PATTERN = r"^ *[-+]?([0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?|[0-9]+(\.[0-9]*)?|\.[0-9]+)( ?%)? *$"
NUMBER_MEANING = ("digits with a decimal point (56.2); thousands may be grouped (1,312) and a "
                  "closing % is dropped (91% is 91: say percent in `unit`)")
NUMBER_HELP = "write digits with a decimal point, e.g. 56.2 (also 1,312 or 91%)"
# Schedule 12A paragraphs: a number with the letter some carry (7A); several joined by
# commas, "and" or "&" (3 and 5), optionally after the word "paragraph(s)".
PARAGRAPH_PATTERN = r"^[0-9]{1,2}[A-Za-z]?$"
_PARAGRAPH = re.compile(PARAGRAPH_PATTERN[1:-1])
_JOINS = re.compile(r"\s*(?:,|&|\band\b)\s*")
_PARAGRAPH_WORD = re.compile(r"(?i)^\s*para(?:graph)?s?\.?\s+")
PARAGRAPHS_PATTERN = (r"^([Pp]ara(graph)?s?\.? +)?[0-9]{1,2}[A-Za-z]?"
                      r"( *(,|&| and ) *[0-9]{1,2}[A-Za-z]?)*$")
PARAGRAPHS_HELP = "write a paragraph such as 3 or 7A, or several as [3, 5] or 3 and 5"
_FLAGS = {"true": True, "false": False}
_WHOLE = re.compile(r"[0-9]+")
# What each text pattern of the format asks for, in a clerk's words: a refused value is
# explained by these, never by the regular expression.
FORMS: dict[str, str] = {}


def form(pattern: str, words: str) -> str:
    """``pattern``, with the words that explain it to someone whose value it refuses."""
    FORMS[pattern] = words
    return pattern


def _shown(value: object) -> str:
    """What was written instead, in a clerk's words."""
    if isinstance(value, str):
        return repr(value)
    if value is None:
        return "an empty value"
    if isinstance(value, list):
        return "a list"
    return "a mapping" if isinstance(value, dict) else f"a {type(value).__name__}"


def time_of_day(value: object) -> time:
    """A meeting's start or end; ``midnight`` is refused, as it may mean either end of a day."""
    if isinstance(value, time):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a time, not {_shown(value)}; {TIME_HELP}")
    match = _TIME.fullmatch(value)
    if match is None:
        if "midnight" in value.lower():
            raise ValueError(f"{value!r} could be the start or the end of a day; "
                             "write 00:00 or 23:59")
        raise ValueError(f"{value!r} is not a time of day; {TIME_HELP}")
    hour24, minute24, _, hour12, minute12, half, noon = match.groups()
    if noon:
        return time(12, 0)
    if hour24 is not None:
        return time(int(hour24), int(minute24))
    hour = int(hour12) % 12 + (12 if half in "Pp" else 0)
    return time(hour, int(minute12 or 0))


def plausible_year(year: int, written: str) -> None:
    """Refuse a year that not every output (site, calendar, register) can show."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"{written}: the year {year} is outside {FIRST_YEAR}-{LAST_YEAR}, "
                         "the years minutes can hold; check the year")


def day(value: object) -> date:
    """A date written ``YYYY-MM-DD`` that exists and falls in a plausible year."""
    if isinstance(value, date):
        plausible_year(value.year, value.isoformat())
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a date, not {_shown(value)}; {DATE_HELP}")
    match = _DATE.fullmatch(value)
    if match is None:
        raise ValueError(f"{value!r} is not a date; {DATE_HELP}")
    try:
        found = date(*map(int, match.groups()))
    except ValueError as error:
        raise ValueError(f"{value} is not a real date: {error}") from None
    plausible_year(found.year, value)
    return found


def number(value: object) -> float:
    """A measure's figure: a finite decimal number, never true/false or a word. Commas
    between thousands and a closing % are read as reports print them (the % is dropped:
    the measure's unit says it is a percentage)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"expected a number such as 56.2, not {_shown(value)}")
    if isinstance(value, str) and _NUMBER.fullmatch(value) is None:
        grouped = _GROUPED.fullmatch(value.strip())
        if grouped is None:
            why = ": commas go between groups of three digits, as in 1,312" if "," in value else ""
            raise ValueError(f"{value!r} is not a number{why}; {NUMBER_HELP}")
        value = grouped.group(1).replace(",", "")
    try:
        figure = float(value)
    except OverflowError:  # a whole number past float's range
        figure = math.inf
    if not math.isfinite(figure):
        raise ValueError(f"{value!r} is too large to be a number any report could show")
    return figure


def whole_number(value: object) -> int:
    """A count (of votes, say): digits only."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _WHOLE.fullmatch(value):
        return int(value)
    raise ValueError(f"expected a whole number such as 3, not {_shown(value)}")


def paragraphs(value: object) -> tuple[str, ...]:
    """The Schedule 12A paragraphs an exempt item falls under, each as the law numbers
    it (3, 7A); which numbers exist depends on the jurisdiction, checked with the meeting."""
    if isinstance(value, list):
        parts = [_paragraph(part) for part in value] if value else []
    elif isinstance(value, str) and value.strip():
        parts = [_paragraph(part) for part in _JOINS.split(_PARAGRAPH_WORD.sub("", value.strip()))]
    else:
        parts = [_paragraph(value)]
    if not parts:
        raise ValueError(f"expected at least one paragraph; {PARAGRAPHS_HELP}")
    for i, part in enumerate(parts):
        if part in parts[:i]:
            raise ValueError(f"paragraph {part} is given twice")
    return tuple(parts)


def _paragraph(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and _PARAGRAPH.fullmatch(value.strip()):
        return value.strip().upper()
    shown = _shown(value)
    raise ValueError(f"{shown[0].upper()}{shown[1:]} is not a paragraph; {PARAGRAPHS_HELP}")


def flag_or_text(value: object) -> bool | str:
    """``true`` or ``false`` (in any case), or else the text itself, kept as written."""
    if isinstance(value, str) and value.lower() not in _FLAGS:
        if value.strip():
            return value
        raise ValueError("expected true, false or some text, not an empty text")
    return flag(value)


def flag(value: object) -> bool:
    """Yes or no, written ``true`` or ``false`` (in any case)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in _FLAGS:
        return _FLAGS[value.lower()]
    raise ValueError(f"expected true or false, not {_shown(value)}")
