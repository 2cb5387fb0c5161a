"""Answers kept for a state of the repository: a command answers from them exactly as
it would by reading everything, and only when nothing it reads has changed."""

from __future__ import annotations

import functools
import json
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutes_kit import answers, corpus, markers, register_store, state
from minutes_kit import cache as cache_
from minutes_kit.problems import CODES, Problem, problems_in, problems_out
from minutes_kit.repository import Layout, repository_files

from .conftest import ROOT
from .test_cache import run
from .test_cache import same_with_and_without as same_as_without

MEETING = "minutes/cyp-performance-surgery/2012-05-25.md"
# Each run cold (or after an edit), then answered from what it kept.
COMMANDS = [
    ["check"],
    ["check", "--strict", MEETING],
    ["register", "--check"],
    ["actions", "--owner", "JJ"],
    ["actions", "--status", "all", "--format", "json", "--include-exempt"],
]


@pytest.fixture
def repo(cached_repo: Path) -> Path:
    return cached_repo


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """One entry per whole-repository load in the test (the slow path): a corpus, or a
    fold of every meeting one at a time (`corpus.check`)."""
    seen: list[bool] = []
    for name in ("load", "check"):
        real = getattr(corpus, name)

        def counting(*args: object, real: Callable[..., object] = real, **kwargs: object) -> object:
            seen.append(True)
            return real(*args, **kwargs)

        monkeypatch.setattr(corpus, name, counting)
    return seen


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_narrative_edit_is_answered_without_loading_the_repository(repo: Path, loads: list[bool]) -> None:
    same_as_without(COMMANDS)
    loads.clear()
    for command in (["check", "--strict", MEETING], ["register", "--check"], ["actions", "--owner", "JJ"]):
        run(*command)
    assert not loads  # every answer kept
    _append(repo / MEETING, "\nA further paragraph of the narrative.\n")
    code, output = run("check", "--strict", MEETING)
    assert (code, output.splitlines()[-1]) == (0, "checked 1 file: 0 errors, 0 warnings")
    assert run("register", "--check")[1].endswith("is current\n")
    assert not loads
    same_as_without(COMMANDS)


def test_an_edit_to_what_the_checks_across_meetings_read_loads_again(repo: Path, loads: list[bool]) -> None:
    same_as_without(COMMANDS)
    loads.clear()
    _replace(repo / MEETING, "due: 2012-07", "due: 2012-08")
    code, output = run("register", "--check")
    assert code == 1 and "stale: actions/" in output
    assert loads
    same_as_without(COMMANDS)


def test_the_problems_a_narrative_edit_makes_are_reported(repo: Path, loads: list[bool]) -> None:
    """A file's own problems are its own entry's: an answer across meetings never hides them."""
    same_as_without(COMMANDS)
    _replace(repo / MEETING, "\n## ", "\n#### ")
    same_as_without(COMMANDS)


def test_the_register_answer_sees_its_files_changed_by_hand(repo: Path) -> None:
    assert run("register", "--check")[0] == 0
    index = repo / "actions/index.md"
    text = index.read_text(encoding="utf-8")
    flipped = text.replace("Action register", "Action registeR", 1)
    assert len(flipped) == len(text) and flipped != text
    index.write_text(flipped, encoding="utf-8")
    assert run("register", "--check") == (1, "stale: actions/index.md\nthe register is out of date: "
                                              "run `minutes-kit register`\n")
    assert run("register")[1].startswith("wrote 1 of")
    assert run("register") == run("--no-cache", "register")
    (repo / "actions/people/.stray.md.tmp-1").write_text("left by a killed run", encoding="utf-8")
    same_as_without([["register", "--check"]])
    (repo / "actions/overdue.md").unlink()
    same_as_without([["register", "--check"]])
    assert run("register")[1].startswith("wrote 1 of")
    assert run("register", "--check") == run("--no-cache", "register", "--check")


def test_exempt_wording_in_the_register_is_refused_answered_or_not(repo: Path) -> None:
    """The exempt files are part of the state the register is kept for."""
    same_as_without([["register", "--check"]])
    part = sorted((repo / "exempt").rglob("*.md"))[0]
    kept = json.loads((repo / "actions/register.json").read_text(encoding="utf-8"))
    words = next(action["text"] for action in kept["actions"] if len(action["text"]) > 40)
    _append(part, f"\n{words}\n")
    code, output = run("register", "--check")
    assert code == 1 and "exempt text would be made public" in output
    same_as_without([["register", "--check"], ["actions", "--status", "all"]])


@pytest.mark.parametrize("damage", ["shapes", "swapped", "cut"])
def test_a_damaged_answer_is_no_answer(repo: Path, damage: str) -> None:
    """Even one shaped as an answer: an empty list of exempt wording would let a leak through."""
    same_as_without(COMMANDS)
    with sqlite3.connect(Path(cache_.FOLDER) / "entries.sqlite3") as connection:
        kept = list(connection.execute("SELECT key, answer FROM answers"))
        assert len(kept) >= 4
        for n, (key, answer) in enumerate(kept):
            damaged = {"shapes": ['[["x", 1]]', "{", "7\n[1, 2]", '{"index.md": 3}', "", "[]"][n % 6],
                       "swapped": kept[(n + 1) % len(kept)][1],
                       "cut": answer[:len(answer) // 2]}[damage]
            connection.execute("UPDATE answers SET answer = ? WHERE key = ?", (damaged, key))
    same_as_without(COMMANDS)


def test_answers_are_kept_for_recent_states_only(repo: Path) -> None:
    for n in range(70):
        _append(repo / "actions/updates" / "2012-10-02-cpb-2012-07-10-1.yml", f"\n# {n}\n")
        run("check")
    with sqlite3.connect(Path(cache_.FOLDER) / "entries.sqlite3") as connection:
        assert connection.execute("SELECT count(*) FROM answers").fetchone()[0] <= 64


def _narrative(repo: Path, target: Path) -> None:
    _append(target, "\nA line added to the narrative.\n")


def _exempt(repo: Path, target: Path) -> None:
    for part in sorted((repo / "exempt").rglob("*.md"))[:1]:
        _append(part, "\nThe JJ action noted.\n")


def _update(repo: Path, target: Path) -> None:
    (repo / "actions/updates/2012-12-01-new.yml").write_text(
        "action: CPB-2012-07-10-1\ndate: 2012-12-01\nnote: Progress reported.\n", encoding="utf-8")


def _status(repo: Path, target: Path) -> None:
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("status: open", "status: in progress", 1), encoding="utf-8")


def _owner(repo: Path, target: Path) -> None:
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("owner: JJ", "owner: Nobody Known", 1), encoding="utf-8")


def _register(repo: Path, target: Path) -> None:
    run("register")


def _delete(repo: Path, target: Path) -> None:
    target.unlink()


EDITS = [_narrative, _exempt, _update, _status, _owner, _register, _delete]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 9)), min_size=1, max_size=4),
       settled=st.booleans())
def test_any_sequence_of_edits_is_answered_as_without_the_cache(
        repo: Path, monkeypatch: pytest.MonkeyPatch, edits: list[tuple[object, int]], settled: bool) -> None:
    # settled: every file's status is trusted at once, as it is two seconds after a write.
    monkeypatch.setattr(state, "_SETTLED_NS", -10**18 if settled else 2_000_000_000)
    for name in ("minutes", "exempt", "actions", cache_.FOLDER):
        shutil.rmtree(repo / name, ignore_errors=True)
        if name != cache_.FOLDER:
            shutil.copytree(ROOT / name, repo / name)
    run("check")
    for edit, which in edits:
        files = sorted((repo / "minutes").rglob("*.md"))
        edit(repo, files[which % len(files)])  # type: ignore[operator]
        same_as_without(COMMANDS[:4])


def test_a_file_copied_over_another_with_its_times_is_read_again(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state, "_SETTLED_NS", -10**18)
    cache = cache_.Cache(tmp_path / "cache")
    path = tmp_path / "a.md"
    path.write_bytes(b"first version")
    before = os.stat(path)
    first = state.digests(cache, [str(path)])[str(path)]
    path.write_bytes(b"other version")  # the same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(path).st_mtime_ns == before.st_mtime_ns
    assert state.digests(cache, [str(path)])[str(path)] == cache.digest(b"other version") != first


def test_an_unchanged_settled_file_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = cache_.Cache(tmp_path / "cache")
    path = str(tmp_path / "a.md")
    Path(path).write_bytes(b"text")
    reads: list[str] = []

    def reading(name: str) -> bytes | None:
        reads.append(name)
        return Path(name).read_bytes()

    state.digests(cache, [path], reading)
    state.digests(cache, [path], reading)
    assert reads == [path, path]  # just written: its times may not show a second change yet
    monkeypatch.setattr(state, "_SETTLED_NS", -10**18)
    state.digests(cache, [path], reading)
    assert state.digests(cache, [path], reading) == {path: cache.digest(b"text")}
    assert reads == [path, path, path]
    assert state.digests(cache, [str(tmp_path / "gone.md"), str(tmp_path)]) == {
        str(tmp_path / "gone.md"): None, str(tmp_path): None}


def test_a_new_version_shares_no_digest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state, "_SETTLED_NS", -10**18)
    path = str(tmp_path / "a.md")
    Path(path).write_bytes(b"text")
    state.digests(cache_.Cache(tmp_path / "cache"), [path])
    monkeypatch.setattr(cache_, "fingerprint", lambda: b"another version")
    other = cache_.Cache(tmp_path / "cache")
    assert state.digests(other, [path]) == {path: other.digest(b"text")}


def test_answered_check_lists_the_files_a_load_reads(repo: Path) -> None:
    cache = cache_.Cache(repo / cache_.FOLDER)
    loaded = corpus.load(exempt=True)
    first = answers.check((), cache)
    second = answers.check((), cache)
    assert sorted(first[0]) == sorted(second[0]) == sorted(loaded.paths)
    assert first[1] == second[1] == loaded.problems


_problems = st.lists(st.builds(Problem, st.text(), st.integers(-5, 10**6), st.integers(-5, 10**6),
                               st.sampled_from(sorted(CODES)), st.text(), st.text()), max_size=5)


@given(_problems)
def test_problems_read_back_as_written(problems: list[Problem]) -> None:
    assert problems_in(problems_out(problems)) == problems
    same_file = [Problem("a.md", p.line, p.column, p.code, p.message, p.hint) for p in problems]
    assert problems_in(problems_out(same_file, with_path=False), "a.md") == same_file


@given(st.one_of(st.text(), st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                                         lambda inner: st.lists(inner, max_size=7), max_leaves=20)
                 .map(lambda value: __import__("json").dumps(value))))
def test_anything_else_is_no_problems(text: str) -> None:
    found = problems_in(text)
    assert found is None or all(isinstance(p, Problem) and p.code in CODES for p in found)


def test_the_register_reads_back_as_it_was_kept(repo: Path) -> None:
    for exempt in (False, True):
        register = corpus.load(exempt=exempt).register
        kept = register_store.dump(register)
        head = register_store.read_head(kept.head)
        assert head is not None
        read = register_store.load(head, [(key, row) for key, _, row in kept.lives])
        assert read is not None and register_store.dump(read) == kept
        assert [life.id for life in read.select()] == [life.id for life in register.select()]
        people = {key: identity.label for key, identity in read.people.by_id.items()}
        assert people == {key: identity.label for key, identity in register.people.by_id.items()}
        for life in read.actions.values():
            assert all(owner is read.people.by_id.get(owner.id, owner) for owner in life.owners)
        for who in register.people.by_id.values():  # each person's rows are all their actions
            mine = [(key, row) for key, owners, row in kept.lives if who.id in owners]
            theirs = register_store.load(head, mine)
            assert theirs is not None and len(mine) == head.counts.get(who.id, 0)
            assert ([life.id for life in theirs.select(owner=who)]
                    == [life.id for life in register.select(owner=who)])


@functools.cache
def _kept() -> tuple[register_store.Kept, register_store.Head]:
    kept = register_store.dump(corpus.load(layout=Layout(ROOT), exempt=True).register)
    head = register_store.read_head(kept.head)
    assert head is not None
    return kept, head


def _places(value: object, at: tuple[int | str, ...] = ()) -> list[tuple[int | str, ...]]:
    """Where each part of a JSON value is."""
    inside: list[tuple[int | str, ...]] = []
    if isinstance(value, list):
        inside = [place for i, item in enumerate(value) for place in _places(item, (*at, i))]
    elif isinstance(value, dict):
        inside = [place for key, item in value.items() for place in _places(item, (*at, key))]
    return [at, *inside]


def _put(value: object, at: tuple[int | str, ...], new: object) -> object:
    if not at:
        return new
    copy = json.loads(json.dumps(value))
    inner = copy
    for step in at[:-1]:
        inner = inner[step]
    inner[at[-1]] = new
    return copy


_JSON = st.recursive(st.none() | st.booleans() | st.integers(-3, 40) | st.floats(allow_nan=False)
                     | st.text(max_size=12) | st.sampled_from(["2012-02-24", "20120224", "2012-W08-5"]),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                                 max_size=2),
                     max_leaves=5)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@settings(max_examples=300)
@given(st.data())
def test_a_kept_row_reads_back_exactly_as_written_or_not_at_all(data: st.DataObject) -> None:
    """Any part of a row changed to any JSON value: the row is no register, or one that
    writes back the very row read (nothing coerced: no 1.0 for 1, no 20120224 for a day)."""
    kept, head = _kept()
    assert len(head.persons) == len(head.people.by_id)  # each person numbered as the head has them
    key, _, row = data.draw(st.sampled_from(kept.lives))
    value = json.loads(row)
    changed = _json(_put(value, data.draw(st.sampled_from(_places(value))), data.draw(_JSON)))
    read = register_store.load(head, [(key, changed)])
    assert read is None or [row for _, _, row in register_store.dump(read).lives] == [changed]


@settings(max_examples=200)
@given(st.data())
def test_a_changed_head_is_none_or_finds_everyone_it_names(data: st.DataObject) -> None:
    kept, _ = _kept()
    value = json.loads(kept.head)
    read = register_store.read_head(_json(_put(value, data.draw(st.sampled_from(_places(value))),
                                                data.draw(_JSON))))
    if read is not None:
        names, posts = read.people.lookups()
        for name in [*names, *posts, *read.people.by_id]:
            assert read.people.find(name)


@given(st.text(max_size=200))
def test_a_register_that_is_not_one_is_none(text: str) -> None:
    assert register_store.read_head(text) is None or text.startswith("[")


def test_a_query_reads_only_the_owners_rows(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run("actions", "--owner", "JJ")
    asked: list[str | None] = []
    real = cache_.Cache.rows

    def rows(self: cache_.Cache, key: str, who: str | None = None) -> list[tuple[str, str]] | None:
        asked.append(who)
        return real(self, key, who)

    monkeypatch.setattr(cache_.Cache, "rows", rows)
    assert run("actions", "--owner", "JJ") == run("--no-cache", "actions", "--owner", "JJ")
    assert run("actions") == run("--no-cache", "actions")
    assert len(asked) == 2 and asked[0] is not None and asked[1] is None
    for damage in ("DELETE FROM rows WHERE rowid = (SELECT min(rowid) FROM rows)",
                   "UPDATE rows SET row = replace(row, 'in progress', 'done')",
                   "UPDATE owners SET who = 'someone-else'"):
        with sqlite3.connect(Path(cache_.FOLDER) / "entries.sqlite3") as connection:
            connection.execute(damage)
        assert run("actions", "--owner", "JJ") == run("--no-cache", "actions", "--owner", "JJ")
        assert run("actions", "--status", "all") == run("--no-cache", "actions", "--status", "all")


_MARKED = st.builds(markers.marker, st.text(min_size=1, max_size=20), st.text(max_size=20))


@given(_MARKED, st.sampled_from([None, '"', "'", "|", ">"]), st.text(max_size=10))
def test_a_marker_in_any_yaml_style_is_looked_for(marker: str, style: str | None, key: str) -> None:
    text = yaml.safe_dump({key or "x": [{"value": marker}]}, default_style=style, allow_unicode=False)
    data = yaml.safe_load(text)
    assert list(markers.found(data)) and markers.may_hold(text)


@settings(max_examples=200)
@given(st.text(alphabet=st.sampled_from('[]import \\x5b"\'\n:-abc'), max_size=40))
def test_yaml_without_the_prefix_or_a_backslash_holds_no_marker(text: str) -> None:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return
    if list(markers.found(data)):
        assert markers.may_hold(text)


def test_the_repository_files_are_those_a_load_reads(repo: Path) -> None:
    layout = Layout()
    listed = set(repository_files(layout, exempt=True)) - {str(layout.directory), str(layout.legacy)}
    loaded = corpus.load(exempt=True)
    assert listed == {u.path for u in loaded.updates} | {d.path for d in loaded.parts.values()}


def test_an_answer_is_read_only_as_it_was_kept(tmp_path: Path) -> None:
    cache = cache_.Cache(tmp_path / "cache")
    cache.keep("one", "[]")
    cache.keep("two", '[["exempt words", "exempt/a.md", 3]]')
    assert (cache.answer("one"), cache.answer("two")) == ("[]", '[["exempt words", "exempt/a.md", 3]]')
    with sqlite3.connect(tmp_path / "cache" / "entries.sqlite3") as connection:
        connection.execute("UPDATE answers SET answer = '[]' WHERE key = 'two'")
        connection.execute("UPDATE answers SET key = 'three' WHERE key = 'one'")
    assert (cache.answer("one"), cache.answer("two"), cache.answer("three")) == (None, None, None)


@pytest.mark.parametrize("damage", ["UPDATE entries SET facts = 1", "UPDATE entries SET problems = x'5b5d'",
                                    "UPDATE entries SET digest = 2.5", "UPDATE files SET digest = x'00'",
                                    "UPDATE files SET signature = 3"])
def test_a_column_that_is_not_text_is_no_entry(damage: str, repo: Path) -> None:
    """SQLite keeps whatever is written in a column: a number or bytes where text was
    kept is read as no entry (the file is read again), never believed."""
    queries = [["check"], ["actions", "--owner", "JJ"], ["actions", "--status", "all"]]
    without = [run("--no-cache", *query) for query in queries]
    assert [run(*query) for query in queries] == without
    with sqlite3.connect(Path(cache_.FOLDER) / "entries.sqlite3") as connection:
        connection.execute(damage)
    assert [run(*query) for query in queries] == without
    assert [run(*query) for query in queries] == without


def test_a_command_opens_the_cache_once(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The query and the exempt-text scan of its listing share one cache: one database
    opened, one fingerprint taken."""
    run("actions", "--owner", "JJ")
    made: list[Path] = []
    real = cache_.Cache.__init__

    def counting(self: cache_.Cache, folder: Path) -> None:
        made.append(folder)
        real(self, folder)

    monkeypatch.setattr(cache_.Cache, "__init__", counting)
    assert run("actions", "--owner", "JJ") == run("--no-cache", "actions", "--owner", "JJ")
    assert len(made) == 1
