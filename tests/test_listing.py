"""The action table wraps each action's text as textwrap would, line for line, whatever
the text: its own wrapper only takes a quicker path to the same lines."""

from __future__ import annotations

import json
import textwrap
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from minutes_kit import cache as cache_
from minutes_kit import listing
from minutes_kit.lives import Event, Life
from minutes_kit.people import Identity
from minutes_kit.timeframes import Due

from .conftest import copy_repo
from .test_cache import run

# Words, runs of spaces, long words and what takes textwrap's other paths (hyphens,
# dashes, tabs, other spaces), mixed; and any text at all.
PIECES = st.sampled_from(["a", "to", "word", "strategy.", "x" * 30, "y" * 61, " ", "  ", "     ",
                          "-", "--", "self-help", "e.g.", "\t", "\u00a0", "\u2003", "\u00e9t\u00e9", "\n"])
TEXTS = st.lists(PIECES, max_size=40).map("".join) | st.text(max_size=120)
EDGES = ["", " ", "   a", "a   ", "a" * 24, "a" * 25, "abc " + "x" * 30, "a" * 23 + " " + "b" * 30,
         " " * 30 + "word", "word" + " " * 30 + "word"]


@given(TEXTS, st.integers(1, 40))
@example("abcd " + "x" * 10, 5)  # a long word after a full line: the line keeps its space
@example(" " * 7 + "ab cd", 3)
def test_wrap_gives_textwraps_lines(text: str, width: int) -> None:
    assert listing.wrap(text, width) == textwrap.wrap(text, width)


@pytest.mark.parametrize("text", EDGES)
@pytest.mark.parametrize("width", [1, 2, 5, 24, 33])
def test_wrap_at_the_edges(text: str, width: int) -> None:
    assert listing.wrap(text, width) == textwrap.wrap(text, width)


JJ = Identity("jacqui-jensen", "Jacqui Jensen", initials={"JJ"})
POST = Identity("the-benefits-manager", "Benefits Manager", post=True)
DUES = [None, Due(date(2012, 8, 31), date(2012, 8, 1)), Due(date(2013, 1, 4), date(2013, 1, 4))]


def _life(number: int, text: str, owners: tuple[Identity, ...], due: Due | None, status: str) -> Life:
    return Life(f"a-{number}", text, "Board", "a", "Item", False, owners, due, status,
                [Event(date(2012, 5, 1), "minutes/board/2012-05-01.md", 9, "Board, 1 May 2012")])


LIVES = st.lists(st.tuples(TEXTS, st.sampled_from([(JJ,), (POST,), (JJ, POST)]), st.sampled_from(DUES),
                           st.sampled_from(["open", "in progress", "done"])), max_size=8).map(
    lambda rows: [_life(n, *row) for n, row in enumerate(rows)])


@given(LIVES)
def test_the_table_is_the_one_textwrap_gives(lives: list[Life]) -> None:
    table = listing.table(lives, date(2012, 10, 1))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(listing, "wrap", textwrap.wrap)
        assert table == listing.table(lives, date(2012, 10, 1))


MEETING = "minutes/cyp-performance-surgery/2012-02-24.md"
WRITTEN = "Draw up a robust action plan supporting the Keeping Families Together Strategy."


@pytest.mark.parametrize("text", [
    "Draw up   a robust action plan, then report back to the board in writing by the end of the year.",
    "See https://example.org/a/very/long/address/of/the/council/strategy-document-2012 for the plan.",
    "A self-help guide -- and a well-being plan -- for carers\u00a0of\u00a0children in care placements.",
    "x" * 70 + " " + "y" * 50,
], ids=["spaces", "long-word", "hyphens-and-spaces", "longer-than-a-line"])
def test_the_command_lists_as_textwrap_would(text: str, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the command, answered from the cache and read afresh alike."""
    monkeypatch.delenv(cache_.ENVIRONMENT, raising=False)
    copy_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    minutes = Path(MEETING)
    written = minutes.read_text(encoding="utf-8")
    minutes.write_text(written.replace(WRITTEN, json.dumps(text)), encoding="utf-8")
    command = ["actions", "--status", "all"]
    for query in (["actions", "--owner", "JJ"], command):
        cold, warm, without = run(*query), run(*query), run("--no-cache", *query)
        assert cold == warm == without and cold[0] == 0
        with monkeypatch.context() as patch:
            patch.setattr(listing, "wrap", textwrap.wrap)
            assert run(*query) == warm
    assert text.split()[0][:20] in run(*command)[1]  # the edited text is listed
