"""The minutes files a run reads, however their folder is written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minutes_kit.repository import discover, under

FILES = ["m/x.md", "m/a/y.md", "m/a/b/z.md", "m/.hidden/q.md", "m/.p.md", "m/c.md.d/w.md", "m/a.md",
         "m/notes.txt", "top.md"]


def _expected(paths: list[str]) -> list[str]:
    """Each folder's ``*.md`` files (hidden ones skipped) as ``normpath(join(...))`` spells
    them, in path order, and the files named."""
    found: list[str] = []
    for path in map(os.path.normpath, paths):
        if not os.path.isdir(path):
            found.append(path)
            continue
        inside = []
        for folder, folders, files in os.walk(path):
            folders[:] = [name for name in folders if not name.startswith(".")]
            inside += [os.path.normpath(os.path.join(folder, name)) for name in files
                       if name.endswith(".md") and not name.startswith(".")]
        found += sorted(inside, key=lambda name: name.split(os.sep))
    return found


@pytest.mark.parametrize("spelling", [["m"], ["."], ["./m/"], ["m/a/../a"], ["m//a"], ["top.md", "m"],
                                      ["ROOT"], ["ROOT/m"], ["ROOT//m/"]])
def test_discover_spells_each_file_as_normpath_would(spelling: list[str], tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    for name in FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    paths = [path.replace("ROOT", str(tmp_path)) for path in spelling]
    found = discover(paths)
    assert found == _expected(paths)
    assert not any(".hidden" in path or path.endswith(".txt") for path in found)


_SPELT = st.builds(lambda parts, absolute: "/" * absolute + "/".join(parts),
                   st.lists(st.sampled_from(["a", "b", ".", "..", "", "minutes", "x.md", "..a"]), max_size=4),
                   st.booleans())


@settings(max_examples=500)
@given(files=st.lists(_SPELT.filter(bool), max_size=5), paths=st.lists(_SPELT, min_size=1, max_size=3))
def test_under_judges_any_spelling_as_absolute_paths_do(files: list[str], paths: list[str]) -> None:
    """`check FILE` reports the files under what it names: a name spelt plainly is judged
    without asking for the working folder each time, any other as an absolute path."""
    roots = [os.path.abspath(p) for p in paths]
    prefixes = tuple(root.rstrip("/") + "/" for root in roots)
    expected = [f for f in files if os.path.abspath(f) in roots or os.path.abspath(f).startswith(prefixes)]
    assert under(files, [], paths)[0] == expected
