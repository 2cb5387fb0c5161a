"""Whatever the bytes, check reports problems and never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
