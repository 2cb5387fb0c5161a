"""The models: computed statuses, hints derived from them."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from minutes_kit.corpus import load_document
from minutes_kit.models import Measure

from .conftest import VALID


@pytest.mark.parametrize(("better", "actual", "forecast", "expected"), [
    ("lower", 56.2, 52.88, {"actual": "adrift", "forecast": "adrift"}),
    ("lower", 50.0, 51.0, {"actual": "on target", "forecast": "on target"}),
    ("higher", 56.2, 50.0, {"actual": "on target", "forecast": "adrift"}),
    ("lower", None, None, {"actual": None, "forecast": None}),
])
def test_measure_status_is_computed(better, actual, forecast, expected) -> None:
    measure = Measure(code="X", period="Q3 2011/12", better=better, actual=actual,
                      target=51.0, forecast=forecast)
    assert measure.status == expected
    assert measure.model_dump()["status"] == expected


def test_status_cannot_be_typed() -> None:
    with pytest.raises(ValidationError):
        Measure.model_validate({"code": "X", "period": "Q3 2011/12", "better": "lower",
                                "status": "on target"})


def test_typed_status_gets_a_computed_hint(write) -> None:
    text = VALID.replace("    actions:\n", "    measures:\n      - code: X\n        period: Q3 2011/12\n"
                         "        better: lower\n        status: on target\n    actions:\n", 1)
    problems = load_document(write(text)).problems
    assert [(p.line, p.code) for p in problems] == [(17, "unknown-key")]
    assert "computed" in problems[0].hint


def test_misspelt_key_gets_did_you_mean(write) -> None:
    problems = load_document(write(VALID.replace("attendees:", "attendes:"))).problems
    unknown = next(p for p in problems if p.code == "unknown-key")
    assert (unknown.line, unknown.column) == (7, 1)
    assert "did you mean 'attendees'" in unknown.hint


def test_numbers_where_text_is_expected_are_accepted(write) -> None:
    text = VALID.replace("id: a", "id: 3").replace("## a) Planning", "## 3) Planning")
    assert load_document(write(text)).problems == []
