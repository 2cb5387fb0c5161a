"""Whatever the bytes, check reports problems and never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from minutes_kit import body as markdown
from minutes_kit.consistency import _CAPITALS, _capital_runs
from minutes_kit.corpus import load_document

from .conftest import EXAMPLES, VALID

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


# Lines built from what decides markdown-it's block structure: an indent, a head (fences
# of both kinds, headings of every level and one too many), a middle, and a tail that may
# close a heading or a fence.
_LINE = st.tuples(
    st.sampled_from(["", " ", "   ", "    ", "     "]),
    st.sampled_from(["", "#", "##", "######", "#######", "```", "````", "~~~", "~~~~", "`", "-"]),
    st.sampled_from(["", " ", "  ", " x", "x", " JJ", " a `b`", "\u00a0x", "\u2003"]),
    st.sampled_from(["", " ", " #", " ##", "#", " ```", "```", " ~~~~", "~~~"]),
).map("".join)
BODY = st.lists(_LINE, max_size=14).map("\n".join) | st.text(
    alphabet=st.sampled_from(list("# `~x\n-=\t")), max_size=60)


@settings(max_examples=400, deadline=None)
@given(BODY, st.booleans())
@example("```\n    ```\nx\n", False)  # indented four spaces, the 'closing' fence is code
@example("p\n    code?\n# h #\n~~~ a\n~~~~\n", False)
def test_line_scan_gives_markdown_its_blocks(text: str, final_newline: bool) -> None:
    text += "\n" * final_newline
    scanned = markdown._scan(text, 7)
    if scanned is not None:
        assert scanned == markdown._parse(text, 7)


def test_line_scan_reads_the_example_minutes() -> None:
    for path in EXAMPLES.rglob("*.md"):
        text = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        scanned = markdown._scan(text, 1)
        assert scanned is not None and scanned == markdown._parse(text, 1), path
