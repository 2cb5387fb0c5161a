"""A check after an edit works out again only what the edited files touch, from what the
last check kept (minutes_kit.increment): whatever the edits, it must find exactly what a
corpus holding every meeting finds, and it must not open the other meetings."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutes_kit import answers, corpus, increment, state
from minutes_kit import cache as cache_
from minutes_kit.cache import Cache
from minutes_kit.cli import main
from minutes_kit.people import Listed, People
from minutes_kit.problems import Problem
from minutes_kit.register import learn

from .conftest import ROOT, copy_repo

FILES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "minutes").rglob("*.md"))
PLAIN = "minutes/cyp-performance-surgery/2012-05-25.md"  # no exempt items, no exempt part
# Nor has this one, and it teaches nothing new and is the first to use no name: it can go.
FOLLOWER = "minutes/cyp-performance-surgery/2012-09-14.md"
FIRST = "minutes/cyp-performance-surgery/2012-02-24.md"  # everyone was learnt from it first


def _as_a_corpus_finds() -> tuple[list[str], list[Problem]]:
    whole = corpus.load(exempt=True)
    return sorted(whole.paths), whole.problems


def _checked(cache: Cache) -> tuple[list[str], list[Problem]]:
    paths, problems = answers.check((), cache)
    return sorted(paths), problems


class _Taken:
    """Whether each check was taken up from the basis (True) or ran whole (False)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.runs: list[bool] = []
        resume = increment.check

        def spy(*args: object, **kwargs: object) -> object:
            found = resume(*args, **kwargs)  # type: ignore[arg-type]
            self.runs.append(found is not None)
            return found

        monkeypatch.setattr(increment, "check", spy)


def _sub(path: Path, pattern: str, new: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(re.sub(pattern, new, text, count=1, flags=re.MULTILINE), encoding="utf-8")


def _due(repo: Path, target: Path, n: int) -> None:
    _sub(target, r"^(\s+)due: .*$", rf"\g<1>due: 20{13 + n % 5}-0{1 + n % 9}")


def _status(repo: Path, target: Path, n: int) -> None:
    _sub(target, r"^(\s+)status: (open|done|in progress|dropped)$",
         r"\g<1>status: " + ["done", "open", "in progress", "dropped"][n % 4])


def _owner(repo: Path, target: Path, n: int) -> None:
    owner = ["HG", "Heather Greenan", "QQ", "Nobody Known", "the Chief Cook", "JJ and HG", "HG"][n % 7]
    _sub(target, r"^(\s+)owner: .*$", rf"\g<1>owner: {owner}")


def _updated(repo: Path, target: Path, n: int) -> None:
    """Matters arising naming another action: an earlier one, a later one or none."""
    action = ["cyp-2012-02-24-1", "cyp-2012-02-24-9", "cpb-2012-07-10-1", "cyp-2012-09-14-1",
              "CYP-2012-02-24-3"]
    _sub(target, r"^  - action: .*$", f"  - action: {action[n % len(action)]}")


def _raised(repo: Path, target: Path, n: int) -> None:
    """An action's id changed: to one used elsewhere, in another case, or a new one."""
    new = ["cyp-2012-02-24-2", "CYP-2012-05-25-1", f"new-{n}", "cpb-2012-10-09-1"][n % 4]
    _sub(target, r"^(\s+)- id: (cyp|cpb)-[0-9-]+$", rf"\g<1>- id: {new}")


def _number(repo: Path, target: Path, n: int) -> None:
    """An item numbered as a minute of the year: perhaps as another meeting's."""
    _sub(target, r"^  - id: [a-z]$", f"  - id: {1 + n % 3}/12")


def _narrative(repo: Path, target: Path, n: int) -> None:
    if target.exists():
        target.write_text(target.read_text(encoding="utf-8") + f"\nA line more ({n}).\n", encoding="utf-8")


def _new(repo: Path, target: Path, n: int) -> None:
    """A new meeting: usually the latest, sometimes one before others."""
    day = ["2013-03-01", "2014-01-20", "2012-06-01"][n % 3]
    text = target.read_text(encoding="utf-8") if target.exists() else ""
    text = re.sub(r"^date: .*$", f"date: {day}", text, count=1, flags=re.MULTILINE)
    (target.parent / f"{day}.md").write_text(text, encoding="utf-8")


def _delete(repo: Path, target: Path, n: int) -> None:
    target.unlink(missing_ok=True)


def _broken(repo: Path, target: Path, n: int) -> None:
    """A mistake that refuses the file: a value the schema refuses, YAML that does not
    parse, or a field it must have gone."""
    pattern, new = [(r"^(\s+)due: .*$", r"\g<1>due: next Tuesday-ish"), (r"^date: .*$", 'date: "2012-01-01'),
                    (r"^committee: .*\n", "")][n % 3]
    if target.exists():
        _sub(target, pattern, new)


def _put_right(repo: Path, target: Path, n: int) -> None:
    """The file as the example has it again (deleted or mistaken before, perhaps)."""
    source = ROOT / target.relative_to(repo)
    if source.exists():
        shutil.copyfile(source, target)


def _update_file(repo: Path, target: Path, n: int) -> None:
    """An update file written, changed, broken or deleted; perhaps in the exempt record."""
    folder = repo / ("exempt" if n % 5 == 4 else "actions") / "updates"
    folder.mkdir(parents=True, exist_ok=True)
    existing = sorted(folder.glob("*.yml"))
    if n % 5 == 1 and existing:
        existing[n % len(existing)].unlink()
        return
    action = ["cyp-2012-05-25-1", "cpb-2012-07-10-1", "cyp-2012-02-24-9", "CYP-2012-02-24-7"][n % 4]
    owner = ["", "owner: JJ\n", "owner: Nobody Known\n", "owner: the Chief Cook\n"][n % 4 if n % 3 else 0]
    status = ["status: done\n", "status: open\n", "", "status: dropped\n"][n % 4]
    text = f"action: {action}\ndate: 2012-0{1 + n % 9}-1{n % 3}\n{owner}{status}note: moved on\n"
    if n % 7 == 6:
        text = "action: [not, an, id]\n"
    path = existing[n % len(existing)] if n % 5 == 2 and existing else folder / f"2012-08-0{1 + n % 9}.yml"
    path.write_text(text, encoding="utf-8")


EDITS: list[Callable[[Path, Path, int], None]] = [
    _due, _status, _owner, _updated, _raised, _number, _narrative, _new, _delete, _update_file, _broken,
    _put_right]


# INCREMENT_EXAMPLES=300 looks harder, for a change to minutes_kit.increment.
@settings(max_examples=int(os.environ.get("INCREMENT_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.lists(st.tuples(st.sampled_from(EDITS), st.sampled_from([PLAIN, *FILES]),
                                         st.integers(0, 20)), min_size=1, max_size=3),
                      min_size=1, max_size=4))
def test_any_edits_are_checked_as_a_corpus_checks_them(
        tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
        steps: list[list[tuple[Callable[[Path, Path, int], None], str, int]]]) -> None:
    repo = copy_repo(tmp_path_factory.mktemp("repo"))
    monkeypatch.chdir(repo)
    cache = Cache(repo / cache_.FOLDER)
    assert _checked(cache) == _as_a_corpus_finds()
    for edits in steps:
        for edit, target, n in edits:
            edit(repo, repo / target, n)
        assert _checked(cache) == _as_a_corpus_finds()
    cache.close()


@pytest.mark.parametrize(("edit", "n"), [(_due, 0), (_due, 3), (_status, 1), (_status, 2), (_owner, 1),
                                         (_owner, 2), (_owner, 3), (_owner, 5), (_updated, 1),
                                         (_updated, 4), (_raised, 0), (_raised, 2), (_number, 0),
                                         (_new, 0), (_update_file, 0), (_update_file, 1), (_update_file, 2),
                                         (_update_file, 4), (_update_file, 13)])
def test_an_edit_is_taken_up_without_opening_other_meetings(
        cached_repo: Path, monkeypatch: pytest.MonkeyPatch, edit: Callable[[Path, Path, int], None],
        n: int) -> None:
    cache = Cache(cached_repo / cache_.FOLDER)
    _checked(cache)
    taken = _Taken(monkeypatch)
    before = (cached_repo / PLAIN).read_text(encoding="utf-8")
    edit(cached_repo, cached_repo / PLAIN, n)
    assert (cached_repo / PLAIN).read_text(encoding="utf-8") != before or edit in (_new, _update_file)
    expected = _as_a_corpus_finds()
    opened: list[str] = []
    real = corpus.opened

    def counting(minutes: corpus.Document | corpus.Brief) -> corpus.Document:
        opened.append(minutes.path)
        return real(minutes)

    monkeypatch.setattr(increment, "opened", counting)
    monkeypatch.setattr(corpus, "check", lambda *args, **kwargs: pytest.fail("the whole check ran"))
    assert _checked(cache) == expected
    assert taken.runs == [True]
    assert len(opened) < len(FILES)  # only the meetings the edit touches


@pytest.mark.parametrize(("edit", "target", "n"), [
    (_delete, FOLLOWER, 0), (_broken, FOLLOWER, 0), (_broken, FOLLOWER, 1), (_broken, FOLLOWER, 2),
    (_delete, PLAIN, 0), (_broken, PLAIN, 1),  # the first to name a measure: the next is first now
])
def test_a_meeting_gone_that_taught_nothing_is_taken_up(
        cached_repo: Path, monkeypatch: pytest.MonkeyPatch, edit: Callable[[Path, Path, int], None],
        target: str, n: int) -> None:
    """Deleted or refused: the lives of its actions are folded again without it, the
    names it used first are handed on, and every other problem stands."""
    cache = Cache(cached_repo / cache_.FOLDER)
    _checked(cache)
    taken = _Taken(monkeypatch)
    edit(cached_repo, cached_repo / target, n)
    expected = _as_a_corpus_finds()
    monkeypatch.setattr(corpus, "check", lambda *args, **kwargs: pytest.fail("the whole check ran"))
    assert _checked(cache) == expected
    assert taken.runs == [True]


def test_a_name_first_used_by_a_meeting_gone_is_handed_on(cached_repo: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The first meeting to name a measure deleted: a later one that names it is where it
    was first spelt, as a problem of a spelling met later then says."""
    cache = Cache(cached_repo / cache_.FOLDER)
    _new(cached_repo, cached_repo / PLAIN, 0)  # 2013-03-01: PLAIN again, naming NI 117 too
    _checked(cache)
    taken = _Taken(monkeypatch)
    (cached_repo / PLAIN).unlink()
    assert _checked(cache) == _as_a_corpus_finds()
    later = cached_repo / "minutes/cyp-performance-surgery/2014-01-20.md"
    copied = (cached_repo / "minutes/cyp-performance-surgery/2013-03-01.md").read_text(encoding="utf-8")
    copied = copied.replace("date: 2013-03-01", "date: 2014-01-20")
    later.write_text(copied.replace("code: NI 117", "code: NI-117"), encoding="utf-8")
    expected = _as_a_corpus_finds()
    assert any("'NI-117' would share its page with 'NI 117' (minutes/cyp-performance-surgery/2013-03-01.md:"
               in p.message for p in expected[1])
    monkeypatch.setattr(corpus, "check", lambda *args, **kwargs: pytest.fail("the whole check ran"))
    assert _checked(cache) == expected
    assert taken.runs == [True, True]


def test_a_mistake_put_right_is_taken_up_from_the_state_before_it(
        cached_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A mistake saved and checked, then put right otherwise than it was: the meeting is
    new to the state of the mistake (and not the latest), so the state before is taken up."""
    cache = Cache(cached_repo / cache_.FOLDER)
    _checked(cache)
    _broken(cached_repo, cached_repo / FOLLOWER, 1)
    _checked(cache)
    _put_right(cached_repo, cached_repo / FOLLOWER, 0)
    _due(cached_repo, cached_repo / FOLLOWER, 2)
    taken = _Taken(monkeypatch)
    expected = _as_a_corpus_finds()
    monkeypatch.setattr(corpus, "check", lambda *args, **kwargs: pytest.fail("the whole check ran"))
    assert _checked(cache) == expected
    assert taken.runs == [False, True]


@pytest.mark.parametrize(("edit", "target", "n"), [
    (_new, PLAIN, 2),  # a new meeting before others: what is learnt of people may differ
    (_delete, FIRST, 0),
    (_broken, FIRST, 0),
    (_update_file, PLAIN, 7),  # an update file naming a post no file named
    (_due, "minutes/corporate-parenting-board/2012-10-09.md", 0),  # it has an exempt part
    (_owner, PLAIN, 4),  # a post no meeting named: the posts learnt differ
])
def test_what_cannot_be_taken_up_is_checked_whole(
        cached_repo: Path, monkeypatch: pytest.MonkeyPatch, edit: Callable[[Path, Path, int], None],
        target: str, n: int) -> None:
    cache = Cache(cached_repo / cache_.FOLDER)
    _checked(cache)
    taken = _Taken(monkeypatch)
    edit(cached_repo, cached_repo / target, n)
    assert _checked(cache) == _as_a_corpus_finds()
    assert taken.runs == [False]


def _basis_key(cache: Cache) -> str:
    """Where the basis of the state the last check answered is kept."""
    latest = cache.answer(state.key(cache, ("check", "latest"), []))
    assert latest is not None
    return answers._basis_key(cache, latest)


@pytest.mark.parametrize("damage", [
    lambda kept: kept[:-1],  # not JSON
    lambda kept: json.dumps(json.loads(kept)[:-1]),  # a part missing
    lambda kept: kept.replace('"a:', '"a:x', 1),  # another cause: the seal no longer holds
])
def test_a_damaged_basis_is_no_basis(cached_repo: Path, monkeypatch: pytest.MonkeyPatch,
                                     damage: Callable[[str], str]) -> None:
    cache = Cache(cached_repo / cache_.FOLDER)
    _checked(cache)
    key = _basis_key(cache)
    kept = cache.answer(key)
    assert kept is not None and increment.basis_in(kept) is not None
    cache.close()
    with sqlite3.connect(cached_repo / cache_.FOLDER / "entries.sqlite3") as database:
        database.execute("UPDATE answers SET answer = ? WHERE key = ?", (damage(kept), key))
    taken = _Taken(monkeypatch)
    _due(cached_repo, cached_repo / PLAIN, 1)
    assert _checked(Cache(cached_repo / cache_.FOLDER)) == _as_a_corpus_finds()
    assert taken.runs == [False]


@pytest.mark.parametrize("shape", [
    "[]", "null", '"text"',
    # traces whose columns are not all as long, or hold what is not text
    '["o",[[],{},{},{}],{},[["p"],[],[],[],[],[],[],[],[],[]],{},"[]",[[],{}],"[]",[],[],[]]',
    '["o",[[],{},{},{}],{},[[1],["2012-01-01"],["x"],[[]],[[]],["n"],[false],[false],[false],[[]]],{},"[]",'
    '[[],{}],"[]",[],[],[]]',
    '["o",[[],{},{},{}],{},[["p"],["2012-1-1"],["x"],[[]],[[]],["n"],[false],[false],[false],[[]]],{},"[]",'
    '[[],{}],"[]",[],[],[]]',
    # what each meeting taught is a flag; the pages it names, text
    '["o",[[],{},{},{}],{},[["p"],["2012-01-01"],["x"],[[]],[[]],["n"],[false],[false],[1],[[]]],{},"[]",'
    '[[],{}],"[]",[],[],[]]',
    '["o",[[],{},{},{}],{},[["p"],["2012-01-01"],["x"],[[]],[[]],["n"],[false],[false],[false],[[1]]],{},'
    '"[]",[[],{}],"[]",[],[],[]]',
])
def test_a_basis_that_is_not_one_is_none(shape: str) -> None:
    assert increment.basis_in(shape) is None


def test_a_basis_is_read_back_as_written(cached_repo: Path) -> None:
    cache = Cache(cached_repo / cache_.FOLDER)
    _checked(cache)
    kept = cache.answer(_basis_key(cache))
    read = increment.basis_in(kept)
    assert read is not None and increment.basis_out(read) == kept
    assert len(read.traces) == len([t for t in read.traces if not t.exempt]) + 2  # the two exempt parts


def test_the_command_line_after_an_edit(cached_repo: Path) -> None:
    """`check FILE` after an edit that raises an id used elsewhere: found and located."""
    runner = CliRunner()
    assert runner.invoke(main, ["check"]).exit_code == 0
    _raised(cached_repo, cached_repo / PLAIN, 0)
    found = runner.invoke(main, ["check", PLAIN])
    assert found.exit_code == 1
    assert re.search(rf"{re.escape(PLAIN)}:\d+:\d+: error duplicate-action-id: "
                     "action id 'cyp-2012-02-24-2' is already used", found.output)
    shutil.rmtree(cached_repo / cache_.FOLDER)
    assert runner.invoke(main, ["check", PLAIN]).output == found.output


def test_a_file_changed_back_since_the_basis_is_known_from_its_entry(
        cached_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit undone is answered from the answer kept for the state before, which leaves
    the basis at the edit: the next edit is still taken up, the undone file read from its
    entry."""
    cache = Cache(cached_repo / cache_.FOLDER)
    original = (cached_repo / PLAIN).read_text(encoding="utf-8")
    _checked(cache)
    _due(cached_repo, cached_repo / PLAIN, 1)
    _checked(cache)
    (cached_repo / PLAIN).write_text(original, encoding="utf-8")
    assert _checked(cache) == _as_a_corpus_finds()
    taken = _Taken(monkeypatch)
    _new(cached_repo, cached_repo / PLAIN, 0)
    assert _checked(cache) == _as_a_corpus_finds()
    assert taken.runs == [True]


def test_an_edit_undone_and_another_made_is_taken_up(cached_repo: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A new meeting added and removed again (the state before is answered as kept), then
    another edit: taken up from the basis of the state before, not checked whole."""
    cache = Cache(cached_repo / cache_.FOLDER)
    _checked(cache)
    _new(cached_repo, cached_repo / PLAIN, 0)
    _checked(cache)
    (cached_repo / "minutes/cyp-performance-surgery/2013-03-01.md").unlink()
    assert _checked(cache) == _as_a_corpus_finds()
    taken = _Taken(monkeypatch)
    _update_file(cached_repo, cached_repo / PLAIN, 0)
    assert _checked(cache) == _as_a_corpus_finds()
    assert taken.runs == [True]


def test_only_the_last_bases_are_kept(cached_repo: Path) -> None:
    """A basis is megabytes at council scale: those of the last three states checked."""
    cache = Cache(cached_repo / cache_.FOLDER)
    keys = []
    for n in range(5):
        _due(cached_repo, cached_repo / PLAIN, n)
        _checked(cache)
        keys.append(_basis_key(cache))
    assert len(set(keys)) == 5
    assert [cache.answer(key) is not None for key in keys] == [False, False, True, True, True]


def _known(people: People) -> object:
    """Everything a People holds, in order: what the checks after learning read."""
    by_name, posts = people.lookups()
    return ([(key, i.name, i.title, sorted(i.initials), sorted(i.names), i.post)
             for key, i in people.by_id.items()], list(by_name.items()), list(posts.items()))


_PERSON = st.builds(Listed, st.sampled_from(["JJ", "HG", "jj", "MB"]),
                    st.sampled_from(["Jacqui Jensen", "jacqui jensen", "Heather Greenan", "Jacqui-Jensen",
                                     "Mark Barratt"]),
                    st.sampled_from([None, "Head of Service", "Councillor"]))


@settings(max_examples=300, deadline=None)
@given(meetings=st.lists(st.tuples(st.lists(_PERSON, max_size=4),
                                   st.lists(st.sampled_from(["Chief Cook", "chief  cook", "Benefits Manager",
                                                             "Chief-Cook"]), max_size=2)),
                         max_size=8))
def test_learning_says_whether_anything_was_new(meetings: list[tuple[list[Listed], list[str]]]) -> None:
    """A meeting can go from the checks when learning it changed nothing: so `learn` must
    say so exactly, whatever the names, initials, titles and posts (and their spellings)."""
    people = People()
    for persons, named in meetings:
        before = _known(people)
        taught = learn(people, persons, named)
        assert taught == (_known(people) != before)
