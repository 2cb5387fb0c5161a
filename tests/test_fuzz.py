"""Whatever the bytes, check reports problems and never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutes_kit.consistency import _CAPITALS, _capital_runs
from minutes_kit.corpus import load_document

from .conftest import VALID

_settings = settings(max_examples=150, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])


@_settings
@given(st.binary(max_size=400))
def test_any_bytes(write, data: bytes) -> None:
    load_document(write(data))


@_settings
@given(st.integers(0, len(VALID) - 1), st.integers(0, 30), st.text(max_size=12))
def test_any_edit_of_a_valid_file(write, at: int, cut: int, insert: str) -> None:
    document = load_document(write(VALID[:at] + insert + VALID[at + cut:]))
    for problem in document.problems:
        assert problem.line >= 0 and problem.column >= 0 and problem.message


PROSE = st.sampled_from(list("ABCDEZabz &-/\n\t1\u00e9\u00c9\u2013\u03a3\uff21"))


@given(st.text(alphabet=PROSE, max_size=80) | st.text(max_size=80))
def test_capital_runs_are_the_words_the_pattern_finds(text: str) -> None:
    assert _capital_runs(text) == set(_CAPITALS.findall(text))
