"""While serving, Pagefind's index is made in the background: it is scanned before it is
served, a rebuild stops a run it would make stale, and unchanged meeting pages are not
indexed again."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest

from minutes_kit import canary
from minutes_kit.background_index import HELD, BackgroundIndex
from minutes_kit.pagefind_index import mark
from minutes_kit.serving import Memory

from .test_search import PAGE, SMUGGLED, fragments

SECRET = canary.Canary(canary.words(SMUGGLED), "exempt/x.md", 12)


def _site(folder: Path, texts: dict[str, str]) -> Path:
    site = folder / "site"
    for name, text in texts.items():
        (site / name).mkdir(parents=True, exist_ok=True)
        (site / name / "index.html").write_text(mark(PAGE.format(text=text), "Planning", date(2024, 3, 5)),
                                                encoding="utf-8")
    return site


def _indexed(index: BackgroundIndex, site: Path, pages: bytes, memory: Memory) -> None:
    index.start(site, pages, lambda folder: memory.leaks([SECRET], folder))
    if index.thread is not None:
        index.thread.join()


@pytest.mark.parametrize("words", ["quokka", "numbat wallaby", "Référé"])
def test_a_new_word_is_searchable_once_the_index_is_current(tmp_path: Path, words: str,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    site = _site(tmp_path, {"a": "zebra crossing"})
    index, memory = BackgroundIndex(), Memory()
    with caplog.at_level(logging.INFO):
        _indexed(index, site, b"1", memory)
        index.hold(site)  # a rebuild: the served index waits aside
        assert not (site / "pagefind").exists() and (site / HELD).is_dir()
        (site / "b").mkdir()
        (site / "b" / "index.html").write_text(mark(PAGE.format(text=words), "Planning", date(2024, 3, 6)),
                                               encoding="utf-8")
        index.restore(site)
        assert not (site / HELD).exists()
        assert {page["url"] for page in fragments(site)} == {"/a/"}  # the last index, until...
        _indexed(index, site, b"2", memory)
    assert {page["url"] for page in fragments(site)} == {"/a/", "/b/"}
    assert words in next(page["content"] for page in fragments(site) if page["url"] == "/b/")
    assert caplog.text.count("the search index is current") == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # nothing left beside the site


def test_exempt_text_in_the_new_index_is_never_served(tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    site = _site(tmp_path, {"a": "zebra crossing", "b": SMUGGLED})
    index = BackgroundIndex()
    with caplog.at_level(logging.INFO):
        _indexed(index, site, b"1", Memory())
    assert "/b/" not in {page["url"] for page in fragments(site)}
    assert canary.scan([SECRET], dict(canary.folder_texts(site / "pagefind"))) == []
    assert f"{site / 'pagefind' / 'fragment'}" in caplog.text and "exempt/x.md:12" in caplog.text
    assert "place(s) of the search index, so those files are not served" in caplog.text
    assert index.current is None  # indexed again on the next rebuild, even with the same pages


def test_unchanged_meeting_pages_are_not_indexed_again(tmp_path: Path) -> None:
    site = _site(tmp_path, {"a": "zebra crossing"})
    index, memory = BackgroundIndex(), Memory()
    _indexed(index, site, b"1", memory)
    index.start(site, b"1", None)
    assert index.thread is not None and not index.thread.is_alive()  # the same pages: no new run
    _indexed(index, site, b"2", memory)
    assert index.current == b"2"


def test_a_rebuild_stops_the_run_under_way_and_keeps_the_served_index(tmp_path: Path) -> None:
    site = _site(tmp_path, {f"p{n}": f"zebra {n}" for n in range(200)})
    index, memory = BackgroundIndex(), Memory()
    _indexed(index, site, b"1", memory)
    served = sorted(p.name for p in (site / "pagefind" / "fragment").iterdir())
    index.start(site, b"2", None)
    index.hold(site)  # at once, whether Pagefind had finished or not
    assert index.thread is None
    index.restore(site)
    assert sorted(p.name for p in (site / "pagefind" / "fragment").iterdir()) == served
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
