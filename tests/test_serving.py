"""What `mkdocs serve` reuses between builds is only ever what a fresh build would make."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import Abort

from minutes_kit import canary, corpus
from minutes_kit.corpus import Layout
from minutes_kit.mkdocs_plugin import Rendering, _Ahead, _render_page
from minutes_kit.serving import Memory, keep_serving, watched
from tests.conftest import EXAMPLES, VALID


def test_minutes_updates_and_legacy_log_are_watched_and_exempt_only_when_internal(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    assert watched(layout, internal=False) == []  # nothing there yet: nothing to watch
    for folder in (layout.minutes, layout.updates, layout.exempt):
        folder.mkdir(parents=True)
    layout.legacy.write_text("actions: []\n")
    layout.directory.write_text("people: []\n")
    public = [str(p) for p in (layout.minutes, layout.updates, layout.legacy)]
    assert watched(layout, internal=False) == public  # the directory is in minutes/
    assert watched(layout, internal=True) == [*public, str(layout.exempt)]


def test_a_refusal_of_the_minutes_keeps_serving_and_any_other_failure_is_mkdocs(
        caplog: pytest.LogCaptureFixture) -> None:
    def failing(config: object = None) -> None:
        raise Abort("Aborted with a BuildError!")

    with caplog.at_level(logging.WARNING):
        keep_serving(failing, lambda: True)()
    assert "the pages stay as they were" in caplog.text
    with pytest.raises(Abort):
        keep_serving(failing, lambda: False)()


NAMES = [f"p/{n}.md" for n in range(8)]
pages = st.dictionaries(st.sampled_from(NAMES), st.tuples(st.sampled_from(["A", "B"]),
                                                          st.lists(st.sampled_from(NAMES), max_size=3)),
                        min_size=1)


def _sources(spec: dict[str, tuple[str, list[str]]]) -> dict[str, str]:
    return {name: f"# {title}\n\n" + "".join(f"See [it](../{target}).\n\n" for target in links)
            for name, (title, links) in spec.items()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=pages, after=pages)
def test_a_kept_render_is_reused_only_when_the_page_and_every_page_it_links_to_are_unchanged(
        before: dict[str, tuple[str, list[str]]], after: dict[str, tuple[str, list[str]]]) -> None:
    renders: dict[str, tuple[str, Rendering]] = {}
    for spec in (before, after):  # pages edited, added, deleted: links found or lost
        sources = _sources(spec)
        urls = {name: name[:-3] + "/" for name in sources}
        ahead = _Ahead(dict(sources), urls, jobs=1, renders=renders)
        for name, text in sources.items():
            assert ahead.get(name) == _render_page(name, text, urls)


def _documents(loaded: corpus.Corpus) -> list[tuple[str, object, list[object]]]:
    return [(d.path, d.meeting, d.problems) for d in loaded.documents]


def test_minutes_read_before_are_reused_only_while_their_bytes_are_the_same(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "minutes")
    layout = Layout(tmp_path)
    known: corpus.Known = {}
    first = sorted((tmp_path / "minutes").rglob("*.md"))[0]
    added = tmp_path / "minutes" / "planning-2024-03-05.md"
    approved = first.read_text(encoding="utf-8")
    changes = [
        lambda: None,
        lambda: first.write_text(approved.replace("status: approved", "status: draft")),
        lambda: added.write_text(VALID),
        lambda: added.write_text(VALID.replace("owner: CD", "owner: ZZ")),  # now a problem
        lambda: first.write_bytes(b"---\nitems: [\n---\n"),
        lambda: added.unlink(),
    ]
    for change in changes:
        change()
        again = corpus.load(layout=layout, with_body=True, known=known)
        fresh = corpus.load(layout=layout, with_body=True)
        assert _documents(again) == _documents(fresh)
        assert again.problems == fresh.problems
        assert set(known) == {d.path for d in fresh.documents}  # deleted files are forgotten


def test_a_leak_is_found_in_every_scan_and_a_file_found_clean_is_scanned_again_when_it_changes(
        tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    secret = canary.Canary("the placement plan for child k was endorsed", "exempt/a.md", 3)
    (site / "a.html").write_text("<p>The placement plan for Child K was endorsed.</p>")
    (site / "b.html").write_text("<p>Nothing to see.</p>")
    memory = Memory()
    for _ in range(2):
        assert [leak.output for leak in memory.leaks([secret], site)] == [str(site / "a.html")]
    (site / "b.html").write_text("<p>the placement plan for <b>Child K</b> was endorsed</p>")
    assert sorted(leak.output for leak in memory.leaks([secret], site)) == [str(site / "a.html"),
                                                                              str(site / "b.html")]
    (site / "a.html").write_text("<p>Nothing.</p>")
    (site / "b.html").write_text("<p>Nothing.</p>")
    assert memory.leaks([secret], site) == []
    other = canary.Canary("nothing", "exempt/b.md", 1)  # new canaries: every file is read again
    assert len(memory.leaks([other], site)) == 2
