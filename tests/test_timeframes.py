from __future__ import annotations

import datetime as dt

import pytest

from minutes_kit.timeframes import Due, Period


@pytest.mark.parametrize(("text", "start", "end", "canonical"), [
    ("2012-05-31", dt.date(2012, 5, 31), dt.date(2012, 5, 31), "2012-05-31"),
    ("2012-06", dt.date(2012, 6, 1), dt.date(2012, 6, 30), "2012-06"),
    ("June 2012", dt.date(2012, 6, 1), dt.date(2012, 6, 30), "2012-06"),
    ("August-September 2012", dt.date(2012, 8, 1), dt.date(2012, 9, 30), "2012-08/2012-09"),
    ("August / September 2012", dt.date(2012, 8, 1), dt.date(2012, 9, 30), "2012-08/2012-09"),
    ("2012-08/2012-09", dt.date(2012, 8, 1), dt.date(2012, 9, 30), "2012-08/2012-09"),
    ("December 2012-January 2013", dt.date(2012, 12, 1), dt.date(2013, 1, 31), "2012-12/2013-01"),
    ("Dec-Jan 2013", dt.date(2012, 12, 1), dt.date(2013, 1, 31), "2012-12/2013-01"),
])
def test_due_forms(text: str, start: dt.date, end: dt.date, canonical: str) -> None:
    due = Due.parse(text)
    assert (due.start, due.end, str(due)) == (start, end, canonical)
    assert Due.parse(str(due)) == due


def test_due_sorts_by_end_so_windows_are_overdue_after_their_last_day() -> None:
    window, day = Due.parse("August-September 2012"), Due.parse("2012-09-15")
    assert sorted([window, day]) == [day, window]
    assert window.describe() == "August-September 2012"


@pytest.mark.parametrize("text", ["2012-13", "Smarch 2012", "soon", "2012-09/2012-08", "2012-02-30"])
def test_bad_due(text: str) -> None:
    with pytest.raises(ValueError, match=r"\S"):
        Due.parse(text)


def test_quarters_follow_the_uk_financial_year() -> None:
    q3 = Period.parse("Q3 2011/12")
    assert (q3.start, q3.end) == (dt.date(2011, 10, 1), dt.date(2011, 12, 31))
    q4 = Period.parse("Q4 2011/12")
    assert (q4.start, q4.end) == (dt.date(2012, 1, 1), dt.date(2012, 3, 31))
    year = Period.parse("2011/12")
    assert (year.start, year.end, str(year)) == (dt.date(2011, 4, 1), dt.date(2012, 3, 31), "2011/12")


@pytest.mark.parametrize("text", ["Q5 2011/12", "2011/13", "Q3 2011", 2011])
def test_bad_period(text: object) -> None:
    with pytest.raises(ValueError, match=r"\S"):
        Period.parse(text)
