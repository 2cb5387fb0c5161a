"""Dates as minutes write them: a day, a month, a window of months, a financial quarter.

Both types parse from text, print back to one canonical spelling, and expose the range
of days they cover; sorting and "overdue" use the last day, so "August-September 2012"
is overdue from 1 October 2012.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from .values import plausible_year

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_ISO_WINDOW = re.compile(r"(\d{4}-\d{2})\s*/\s*(\d{4}-\d{2})")
_MONTH_NAME = r"([A-Za-z]{3,9})\.?"
_NAMED = re.compile(
    rf"{_MONTH_NAME}(?:\s+(\d{{4}}))?(?:\s*(?:-|\u2013|/|to)\s*{_MONTH_NAME})?\s+(\d{{4}})"
)
# A day with its month in words, as minutes write it: 31 July 2009, 31st July 2009, Friday
# 31st July 2009, July 31, 2009. The month's name makes each one mean one day.
_WEEKDAY = r"(?:([A-Za-z]{3,9})\.?,?\s+)?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th|ST|ND|RD|TH)?"
_DAY_FIRST = re.compile(rf"{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH_NAME},?\s+(\d{{4}})")
_MONTH_FIRST = re.compile(rf"{_WEEKDAY}{_MONTH_NAME}\s+{_DAY},?\s+(\d{{4}})")
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAYS.update({name.lower(): i for i, name in enumerate(calendar.day_abbr)})
_WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
# Forms refused with their own advice: a day in figures could be read day-first or
# month-first, and "end of" or "early" give no one day.
_FIGURES = re.compile(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}")
_VAGUE = re.compile(r"(?i)(?:by\s+)?(?:the\s+)?(end|early|mid|late|beginning|start)(?:\s+of)?\s+(.*)")
_QUARTER = re.compile(r"(?:Q([1-4])\s+)?(\d{4})/(\d{2})")

DUE_HELP = (
    "a day (2012-05-31, 31 May 2012, 31st May 2012 or May 31, 2012), a month (2012-06 or "
    "June 2012) or a window of months (2012-08/2012-09 or August-September 2012)"
)
PERIOD_HELP = "a UK financial-year quarter (Q3 2011/12 is October-December 2011) or year (2011/12)"


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _unread(text: str) -> str:
    """Why ``text`` is not a due date, with advice for the forms clerks try."""
    if _FIGURES.fullmatch(text):
        return (f"{text!r} could be read day-first or month-first; write the month in words "
                "(4 May 2014) or as 2014-05-04")
    if m := _VAGUE.fullmatch(text):
        return (f"{text!r} names no one day; write the month ({m.group(2)}: due by its last day), "
                "a window of months, or the day itself")
    return f"{text!r} is not {DUE_HELP}"


def _month(text: str) -> int:
    try:
        return MONTHS[text.lower()]
    except KeyError:
        raise ValueError(f"{text!r} is not a month name") from None


@dataclass(frozen=True, order=True)
class Due:
    """When an action falls due: the days from ``start`` to ``end`` inclusive."""

    end: date
    start: date

    @classmethod
    def parse(cls, value: object) -> Due:
        """A due date from its text; a year outside the plausible range is refused, so
        every output (the calendar export counts a day past the end) can hold it."""
        if isinstance(value, Due):
            return value
        due = cls._read(value)
        for year in (due.start.year, due.end.year):
            plausible_year(year, repr(value))
        return due

    @classmethod
    def _read(cls, value: object) -> Due:
        if isinstance(value, date):
            return cls(value, value)
        if not isinstance(value, str):
            raise ValueError(f"expected {DUE_HELP}")
        text = value.strip()
        try:
            if m := _ISO_DAY.fullmatch(text):
                day = date(*map(int, m.groups()))
                return cls(day, day)
            if m := _ISO_WINDOW.fullmatch(text):
                first, last = (Due._read(part) for part in m.groups())
                return cls._window(first.start, last.end)
            if m := _ISO_MONTH.fullmatch(text):
                year, month = map(int, m.groups())
                return cls(_last_day(year, month), date(year, month, 1))
            if m := _NAMED.fullmatch(text):
                first_name, first_year, last_name, last_year = m.groups()
                first_month, year = _month(first_name), int(last_year)
                if last_name is None:
                    return cls(_last_day(year, first_month), date(year, first_month, 1))
                last_month = _month(last_name)
                start_year = int(first_year) if first_year else (
                    year - 1 if first_month > last_month else year
                )
                return cls._window(date(start_year, first_month, 1), _last_day(year, last_month))
            if m := _DAY_FIRST.fullmatch(text):
                weekday, day_number, month_name, year_number = m.groups()
                return cls._day(weekday, int(year_number), _month(month_name), int(day_number))
            if m := _MONTH_FIRST.fullmatch(text):
                weekday, month_name, day_number, year_number = m.groups()
                return cls._day(weekday, int(year_number), _month(month_name), int(day_number))
        except ValueError as error:
            raise ValueError(f"{text!r}: {error}") from None
        raise ValueError(_unread(text))

    @classmethod
    def _day(cls, weekday: str | None, year: int, month: int, day_of_month: int) -> Due:
        """One day written in words; a weekday, when given, must be that day's."""
        day = date(year, month, day_of_month)
        if weekday is not None:
            said = _WEEKDAYS.get(weekday.lower())
            if said is None:
                raise ValueError(f"{weekday!r} is not a day of the week")
            if said != day.weekday():
                raise ValueError(f"{day.day} {day:%B %Y} was a {day:%A}, not a "
                                 f"{calendar.day_name[said]}; check the date")
        return cls(day, day)

    @classmethod
    def _window(cls, start: date, end: date) -> Due:
        if end < start:
            raise ValueError("the window ends before it starts")
        return cls(end, start)

    @property
    def kind(self) -> str:
        if self.start == self.end:
            return "day"
        if self.start.day == 1 and (self.start.year, self.start.month) == (self.end.year, self.end.month):
            return "month"
        return "window"

    def __str__(self) -> str:
        if self.kind == "day":
            return self.end.isoformat()
        if self.kind == "month":
            return self.end.strftime("%Y-%m")
        return f"{self.start:%Y-%m}/{self.end:%Y-%m}"

    def describe(self, short: bool = False) -> str:
        """How a person would say it: '31 May 2012', 'June 2012', 'August-September 2012';
        ``short`` abbreviates the months ('Aug-Sep 2012') for narrow tables."""
        month = "%b" if short else "%B"
        if self.kind == "day":
            return f"{self.end.day} {self.end.strftime(f'{month} %Y')}"
        if self.kind == "month":
            return self.end.strftime(f"{month} %Y")
        if self.start.year == self.end.year:
            return f"{self.start.strftime(month)}-{self.end.strftime(f'{month} %Y')}"
        return f"{self.start.strftime(f'{month} %Y')}-{self.end.strftime(f'{month} %Y')}"


@dataclass(frozen=True, order=True)
class Period:
    """A UK financial year (April-March) or one of its quarters: Q1 is April-June."""

    year: int
    quarter: int | None = None

    @classmethod
    def parse(cls, value: object) -> Period:
        if isinstance(value, Period):
            return value
        m = _QUARTER.fullmatch(value.strip()) if isinstance(value, str) else None
        if not m:
            raise ValueError(f"{value!r} is not {PERIOD_HELP}")
        quarter, year, short = m.groups()
        plausible_year(int(year), repr(value))
        if (int(year) + 1) % 100 != int(short):
            raise ValueError(f"{year}/{short}: a financial year spans two calendar years, "
                             f"so it is {year}/{(int(year) + 1) % 100:02d}")
        return cls(int(year), int(quarter) if quarter else None)

    @property
    def start(self) -> date:
        if self.quarter is None:
            return date(self.year, 4, 1)
        month = 4 + 3 * (self.quarter - 1)
        return date(self.year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> date:
        if self.quarter is None:
            return date(self.year + 1, 3, 31)
        return _last_day(self.start.year, self.start.month + 2)

    def __str__(self) -> str:
        year = f"{self.year}/{(self.year + 1) % 100:02d}"
        return f"Q{self.quarter} {year}" if self.quarter else year
