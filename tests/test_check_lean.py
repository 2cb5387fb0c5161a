"""`check` holds each valid meeting as its cache entry and opens one at a time for the
checks across meetings: it must find exactly what a corpus holding every meeting finds,
cold, warm and without a cache, and never hold the meetings all at once."""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tracemalloc
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutes_kit import cache as cache_
from minutes_kit import corpus, summary
from minutes_kit.cache import Cache
from minutes_kit.cli import main
from minutes_kit.models import Meeting

from .conftest import INVALID, ROOT, copy_repo


@pytest.fixture
def repo(cached_repo: Path) -> Path:
    return cached_repo


def _as_a_corpus_finds(paths: tuple[str, ...] = ()) -> tuple[list[str], list[object], list[object]]:
    whole = corpus.load(paths, exempt=True)
    return whole.paths, whole.problems, sorted(whole.across)


def same_as_a_corpus(folder: Path, paths: tuple[str, ...] = ()) -> None:
    """No cache, a cold cache and a warm one: each the answer of a whole corpus."""
    expected = _as_a_corpus_finds(paths)
    cache = Cache(folder / cache_.FOLDER)
    for found in (corpus.check(paths), corpus.check(paths, cache=cache), corpus.check(paths, cache=cache)):
        assert (found.paths, found.problems, sorted(found.across)) == expected
    cache.close()


def test_the_examples(repo: Path) -> None:
    same_as_a_corpus(repo)


@pytest.mark.parametrize("name", sorted(p.name for p in INVALID.iterdir() if (p / "minutes").is_dir()))
def test_every_repository_of_a_problem_across_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     name: str) -> None:
    shutil.copytree(INVALID / name, tmp_path / name, symlinks=True)
    monkeypatch.chdir(tmp_path / name)
    same_as_a_corpus(tmp_path / name)


@pytest.mark.parametrize("folder", [INVALID, ROOT / "tests" / "valid", ROOT / "tests" / "legacy"],
                         ids=["invalid", "valid", "legacy"])
def test_every_test_file_beside_the_examples(repo: Path, folder: Path) -> None:
    shutil.copytree(folder, repo / "more", symlinks=True)
    same_as_a_corpus(repo, ("more",))


FILES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "minutes").rglob("*.md"))
DAYS = ["2011-11-18", "2012-02-24", "2012-07-10", "2012-10-02", "2012-10-09", "2012-10-15", "2010-01-01"]


def _replace_first(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if old in text:
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _redate(repo: Path, target: Path, n: int) -> None:
    """A meeting moved to another's day, an update file's or a legacy action's."""
    day = target.stem
    _replace_first(target, f"\ndate: {day}\n", f"\ndate: {DAYS[n % len(DAYS)]}\n")


def _same_id(repo: Path, target: Path, n: int) -> None:
    """An action id used again, in another case."""
    _replace_first(target, "  - id: c", "  - id: CYP-2012-05-25-1\n        text: again\n        owner: JJ\n"
                   "        due: 2013-01\n      - id: c" if n % 2 else "  - id: C")


def _committee(repo: Path, target: Path, n: int) -> None:
    """A committee spelt another way: one page for two names."""
    _replace_first(target, "\ncommittee: C", "\ncommittee: c" if n % 2 else "\ncommittee: C ")


def _update(repo: Path, target: Path, n: int) -> None:
    """Progress recorded on the day of a meeting, by someone only later minutes name."""
    action = ["cyp-2012-02-24-2", "cpb-2012-07-10-1", "cyp-2012-05-25-1", "CYP-11"][n % 4]
    owner = ["ZZ", "Zed Zulu", "HG", "the Benefits Manager"][n % 4]
    (repo / f"actions/updates/{target.stem}-{n}.yml").write_text(
        f"action: {action}\ndate: {target.stem}\nowner: {owner}\nnote: moved on\n", encoding="utf-8")
    later = repo / FILES[(n + 1) % len(FILES)]
    _replace_first(later, "\nattendees:\n", "\nattendees:\n  - {initials: ZZ, name: Zed Zulu}\n")


def _delete(repo: Path, target: Path, n: int) -> None:
    target.unlink(missing_ok=True)


EDITS: list[Callable[[Path, Path, int], None]] = [_redate, _same_id, _committee, _update, _delete]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 20)), min_size=1, max_size=4))
def test_any_edits_are_checked_as_a_corpus_checks_them(
        tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
        edits: list[tuple[Callable[[Path, Path, int], None], int]]) -> None:
    repo = copy_repo(tmp_path_factory.mktemp("repo"))
    monkeypatch.chdir(repo)
    cache = Cache(repo / cache_.FOLDER)
    corpus.check(cache=cache)  # entries of the files as they were: the edited ones go stale
    for edit, n in edits:
        edit(repo, repo / FILES[n % len(FILES)], n)
    expected = _as_a_corpus_finds()
    for found in (corpus.check(), corpus.check(cache=cache), corpus.check(cache=cache)):
        assert (found.paths, found.problems, sorted(found.across)) == expected
    cache.close()


def test_an_entry_whose_outline_is_not_its_meetings_is_not_believed(repo: Path) -> None:
    cache = Cache(repo / cache_.FOLDER)
    corpus.check(cache=cache)
    cache.close()
    with sqlite3.connect(repo / cache_.FOLDER / "entries.sqlite3") as database:
        changed = database.execute(
            """UPDATE entries SET outline = '["2099-01-01",[["JJ","Someone Else",null]],[]]'""").rowcount
    assert changed == len(FILES)
    brief = corpus._load_cached([FILES[0]], 1, Cache(repo / cache_.FOLDER), False, lean=True)[0]
    assert isinstance(brief, corpus.Brief) and brief.date.year == 2099
    with pytest.raises(corpus.Stale):
        corpus.opened(brief)
    found = corpus.check(cache=Cache(repo / cache_.FOLDER))
    assert (found.paths, found.problems, sorted(found.across)) == _as_a_corpus_finds()


def test_an_entry_that_does_not_decode_is_read_again(repo: Path) -> None:
    cache = Cache(repo / cache_.FOLDER)
    corpus.check(cache=cache)
    cache.close()
    with sqlite3.connect(repo / cache_.FOLDER / "entries.sqlite3") as database:
        database.execute("""UPDATE entries SET entry = '{"problems": []}'""")
    found = corpus.check(cache=Cache(repo / cache_.FOLDER))
    assert (found.paths, found.problems, sorted(found.across)) == _as_a_corpus_finds()


def test_a_summary_the_model_refuses_is_read_whole(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a cache nothing is validated twice: a summary is first validated when its
    meeting is opened, and one the model refuses stands for nothing."""
    expected = _as_a_corpus_finds()
    monkeypatch.setattr(summary, "decode", lambda path, entry: None)
    reads: list[str] = []
    real = corpus.load_document
    monkeypatch.setattr(corpus, "load_document", lambda path: reads.append(path) or real(path))
    found = corpus.check()
    assert (found.paths, found.problems, sorted(found.across)) == expected
    assert set(reads) == set(FILES)


@pytest.mark.parametrize("text", ["null", "[]", '["2012-13-40",[],[]]', '["2012-01-01",[["JJ"]],[]]',
                                  '["2012-01-01",[[1,"a",null]],[]]', "{", '["2012-01-01",{},[]]',
                                  '["2012-01-01",[]]', '["2012-01-01",[],[1]]', '["2012-01-01",[],{}]'])
def test_an_outline_that_is_not_one_is_none(text: str) -> None:
    assert summary.outline_in(text) is None


def _generated(folder: Path, size: int) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    generate(size, folder / "minutes", folder / "exempt")


def test_check_opens_one_meeting_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every valid meeting is decoded from its entry in its turn and let go: never more
    than the one being checked and the one before it are held."""
    _generated(tmp_path, 60)
    monkeypatch.chdir(tmp_path)
    held: list[weakref.ref[Meeting]] = []
    most = [0]
    real = summary.decode

    def decoding(path: str, entry: str) -> object:
        decoded = real(path, entry)
        if decoded is not None and decoded[1] is not None:
            held.append(weakref.ref(decoded[1]))
            most[0] = max(most[0], sum(ref() is not None for ref in held))
        return decoded

    monkeypatch.setattr(summary, "decode", decoding)
    cache = Cache(tmp_path / cache_.FOLDER)
    for _ in range(2):  # cold, then warm with every entry
        most[0] = 0
        found = corpus.check(cache=cache)
        assert len(found.paths) > 60 and most[0] <= 2
    cache.close()


def test_check_holds_a_fraction_of_a_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The peak memory of a check, cold, warm and without a cache, against a load."""
    _generated(tmp_path, 150)
    monkeypatch.chdir(tmp_path)
    cache = Cache(tmp_path / cache_.FOLDER)

    def peak(run: Callable[[], object]) -> int:
        tracemalloc.start()
        try:
            run()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    whole = peak(lambda: corpus.load(exempt=True))
    for run in (lambda: corpus.check(cache=cache), lambda: corpus.check(cache=cache), corpus.check):
        assert peak(run) < whole / 2
    cache.close()


@pytest.mark.parametrize("args", [["register"], ["--no-cache", "register"], ["actions", "--owner", "JJ"],
                                  ["--no-cache", "actions", "--include-exempt"]])
def test_the_register_is_folded_one_meeting_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      args: list[str]) -> None:
    """`register` and `actions` need only the register: a few meetings are held at once
    (a file read holds its whole meeting and its summary, beside the meeting before),
    never all of them, and what they write or list is what a corpus gives."""
    _generated(tmp_path, 60)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(cache_.ENVIRONMENT, raising=False)
    expected = CliRunner().invoke(main, ["--no-cache", *args[args[0] == "--no-cache":]])
    whole = corpus.load(exempt="--include-exempt" in args)
    held: list[weakref.ref[Meeting]] = []
    most = [0]
    real_decode, real_validate = summary.decode, Meeting.model_validate

    def hold(meeting: object) -> None:
        if isinstance(meeting, Meeting):
            held.append(weakref.ref(meeting))
            most[0] = max(most[0], sum(ref() is not None for ref in held))

    def decoding(path: str, entry: str) -> object:
        decoded = real_decode(path, entry)
        hold(decoded[1] if decoded is not None else None)
        return decoded

    def validating(data: object, **kwargs: object) -> Meeting:
        meeting = real_validate(data, **kwargs)  # type: ignore[arg-type]
        hold(meeting)
        return meeting

    monkeypatch.setattr(summary, "decode", decoding)
    monkeypatch.setattr(Meeting, "model_validate", validating)
    shutil.rmtree(tmp_path / "actions", ignore_errors=True)
    found = CliRunner().invoke(main, args)
    assert found.exit_code == 0, found.output
    assert len(held) >= len(whole.meetings) and most[0] <= 3
    if args[-1] == "register":
        monkeypatch.undo()
        monkeypatch.chdir(tmp_path)
        from minutes_kit import register_files

        files = register_files.render(whole.register)
        assert {name: (tmp_path / "actions" / name).read_bytes().decode() for name in files} == files
    else:
        assert found.output == expected.output
