"""The per-file cache: every command answers the same with it as without it, whatever
happened to the files or to the cache since it was written."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutes_kit import cache as cache_
from minutes_kit import corpus
from minutes_kit.cli import main

from .conftest import INVALID, ROOT, VALID, copy_repo, mkdocs_build

COMMANDS = [
    ["check"],
    ["check", "--format", "json"],
    ["check", "minutes/cyp-performance-surgery/2012-05-25.md"],
    ["actions", "--status", "all", "--format", "json", "--as-of", "2012-12-01", "--include-exempt"],
    ["actions", "--owner", "JJ", "--as-of", "2012-12-01"],
    ["register", "--check"],
]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def answers(commands: list[list[str]], *cached: str) -> list[tuple[int, str]]:
    return [run(*cached, *command) for command in commands]


def same_with_and_without(commands: list[list[str]] = COMMANDS) -> None:
    """Cold (the cache written), warm (read) and without the cache: one answer."""
    without = answers(commands, "--no-cache")
    assert answers(commands) == without
    assert answers(commands) == without


@pytest.fixture
def repo(cached_repo: Path) -> Path:
    return cached_repo


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The minutes files read from their bytes (not from the cache) during a test."""
    seen: list[str] = []
    real = corpus.read

    def counting(path: Path | str, raw: bytes | None = None) -> object:
        seen.append(str(path))
        return real(path, raw)

    monkeypatch.setattr(corpus, "read", counting)
    return seen


def database() -> sqlite3.Connection:
    return sqlite3.connect(Path(cache_.FOLDER) / "entries.sqlite3")


def test_examples_answer_the_same_cold_warm_and_without(repo: Path) -> None:
    same_with_and_without()
    assert (repo / cache_.FOLDER / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


@pytest.mark.parametrize("folder", [INVALID, ROOT / "tests" / "valid"], ids=["invalid", "valid"])
def test_every_test_file_answers_the_same(repo: Path, folder: Path) -> None:
    """Every problem code's example, the valid forms, and each named on its own."""
    shutil.copytree(folder, repo / "more", symlinks=True)
    named = sorted(str(p.relative_to(repo)) for p in (repo / "more").rglob("*") if p.is_file())
    same_with_and_without([["check", "more"], ["check", "--format", "json"],
                           *(["check", n] for n in named[:12])])


def test_a_warm_run_reads_no_unchanged_file(repo: Path, reads: list[str]) -> None:
    run("check")
    assert any(path.endswith(".md") and path.startswith("minutes") for path in reads)
    reads.clear()
    run("check")
    assert not [path for path in reads if path.startswith("minutes")]


def test_an_edit_is_seen(repo: Path, reads: list[str]) -> None:
    run("check")
    path = repo / "minutes/cyp-performance-surgery/2012-05-25.md"
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2012-05-25", "date: 2012-05-26"),
                    encoding="utf-8")
    reads.clear()
    code, output = run("check")
    assert code == 1 and "filename-date" in output
    assert [p for p in reads if p.startswith("minutes")] == ["minutes/cyp-performance-surgery/2012-05-25.md"]
    same_with_and_without()


def test_rename_delete_and_add_are_seen(repo: Path) -> None:
    run("check")
    folder = repo / "minutes/cyp-performance-surgery"
    (folder / "2012-05-25.md").rename(folder / "2012-05-26.md")
    code, output = run("check")
    assert code == 1 and "2012-05-26.md" in output and "2012-05-25.md:" not in output
    same_with_and_without()
    (folder / "2012-05-26.md").unlink()
    same_with_and_without()
    (folder / "2013-01-01.md").write_text(VALID.replace("2024-03-05", "2013-01-01"), encoding="utf-8")
    code, output = run("check")
    assert "2013-01-01.md" in output or "checked" in output
    same_with_and_without()
    with database() as connection:  # entries of files gone are forgotten
        paths = {path for (path,) in connection.execute("SELECT path FROM entries")}
    assert not any("2012-05-2" in path for path in paths)


def test_a_change_to_the_people_directory_is_seen(repo: Path) -> None:
    same_with_and_without()
    directory = repo / "minutes/people.yml"
    directory.write_text(directory.read_text(encoding="utf-8") + "\n  - {id: stray\n", encoding="utf-8")
    same_with_and_without()
    directory.unlink()
    same_with_and_without()


def test_a_new_version_makes_every_entry_foreign(repo: Path, reads: list[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    run("check")
    reads.clear()
    monkeypatch.setattr(cache_, "tool_version", lambda: "99.0.0")
    run("check")
    assert len([p for p in reads if p.startswith("minutes")]) == 5
    reads.clear()
    run("check")
    assert not [p for p in reads if p.startswith("minutes")]


DAMAGED = [
    pytest.param(lambda entry: entry[: len(entry) // 2], id="truncated"),
    pytest.param(lambda entry: os.urandom(200).decode("latin-1"), id="random"),
    pytest.param(lambda entry: json.dumps({"problems": [], "positions": None}) + "\n" + json.dumps(
        {"committee": "X"}), id="summary-the-model-refuses"),
    pytest.param(lambda entry: json.dumps([1, 2, 3]) + "\nnull", id="wrong-shape"),
    pytest.param(lambda entry: json.dumps({"problems": [[1, 1, "no-such-code", "m", "h"]], "positions": None})
                 + "\nnull", id="unknown-code"),
    pytest.param(lambda entry: json.dumps({"problems": [], "positions": [1, 2, 3, "4", None]}) + "\nnull",
                 id="bad-positions"),
    pytest.param(lambda entry: json.dumps({"problems": [], "positions": [0, 0, 1, 1, {"x": "y"}]})
                 + "\nnull", id="bad-positions-entry"),
    pytest.param(lambda entry: "[" * 100_000, id="deep"),
]


@pytest.mark.parametrize("damage", DAMAGED)
def test_a_damaged_entry_is_read_again(repo: Path, damage: object) -> None:
    without = answers(COMMANDS, "--no-cache")
    run("check")
    with database() as connection:  # the digests still match: only the entries are damaged
        for path, entry in connection.execute("SELECT path, entry FROM entries").fetchall():
            connection.execute("UPDATE entries SET entry = ? WHERE path = ?", (damage(entry), path))  # type: ignore[operator]
    assert answers(COMMANDS) == without
    assert answers(COMMANDS) == without


def test_a_foreign_entry_is_ignored(repo: Path) -> None:
    """An entry written for other bytes (or by another version) never matches."""
    without = answers(COMMANDS, "--no-cache")
    run("check")
    with database() as connection:
        rows = dict(connection.execute("SELECT path, entry FROM entries").fetchall())
        paths = sorted(rows)
        for one, other in zip(paths, paths[1:] + paths[:1], strict=True):
            connection.execute("UPDATE entries SET entry = ? WHERE path = ?", (rows[other], one))
        connection.execute("UPDATE entries SET digest = 'foreign' || substr(digest, 8)")
    assert answers(COMMANDS) == without


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 100,
                                     b"SQLite format 3\x00" + b"\xff" * 5000])
def test_a_damaged_database_is_replaced(repo: Path, content: bytes) -> None:
    without = answers(COMMANDS, "--no-cache")
    run("check")
    (repo / cache_.FOLDER / "entries.sqlite3").write_bytes(content)
    for suffix in ("-wal", "-shm"):
        (repo / cache_.FOLDER / f"entries.sqlite3{suffix}").unlink(missing_ok=True)
    assert answers(COMMANDS) == without
    assert answers(COMMANDS) == without


def test_no_cache_writes_nothing(repo: Path) -> None:
    run("--no-cache", "check")
    run("--no-cache", "actions")
    assert not (repo / cache_.FOLDER).exists()


def test_a_cache_that_cannot_be_written_is_no_cache(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder that cannot be made (a file is in the way): every answer as without."""
    without = answers(COMMANDS, "--no-cache")
    (repo / "in-the-way").write_text("a file", encoding="utf-8")
    monkeypatch.setenv(cache_.ENVIRONMENT, str(repo / "in-the-way" / "cache"))
    assert answers(COMMANDS) == without


def test_a_cache_folder_elsewhere(repo: Path, tmp_path_factory: pytest.TempPathFactory,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path_factory.mktemp("user-cache")
    monkeypatch.setenv(cache_.ENVIRONMENT, str(elsewhere))
    same_with_and_without()
    assert not (repo / cache_.FOLDER).exists()
    assert list(elsewhere.glob("*/entries.sqlite3"))


def test_cache_clear(repo: Path) -> None:
    code, output = run("cache", "clear")
    assert code == 0 and "no cache" in output
    run("check")
    code, output = run("cache", "clear")
    assert code == 0 and "removed" in output and not (repo / cache_.FOLDER).exists()
    same_with_and_without()


def test_two_runs_at_once_both_answer_right(repo: Path) -> None:
    """Two checks started together on a cold cache, then a third warm: all as without."""
    command = [sys.executable, "-m", "minutes_kit", "check", "--format", "json"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    without = subprocess.run([sys.executable, "-m", "minutes_kit", "--no-cache", *command[3:]], cwd=repo,
                             env=env, capture_output=True, text=True, check=False)
    for _ in range(2):
        runs = [subprocess.Popen(command, cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True) for _ in range(2)]
        for process in runs:
            out, err = process.communicate(timeout=300)
            assert (process.returncode, out, err) == (without.returncode, without.stdout, without.stderr)
        shutil.rmtree(repo / cache_.FOLDER) if _ == 0 else None
    warm = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, check=False)
    assert (warm.returncode, warm.stdout) == (without.returncode, without.stdout)
    with database() as connection:
        assert connection.execute("SELECT count(*) FROM entries").fetchone()[0] == 5


# Edits a clerk makes between runs, applied to the example repository in turn.
def _replace(old: str, new: str) -> object:
    def edit(repo: Path, target: Path) -> None:
        target.write_text(target.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return edit


def _rename(repo: Path, target: Path) -> None:
    target.rename(target.with_name("2012-12-12.md"))


def _copy(repo: Path, target: Path) -> None:
    copy = target.with_name("2013-03-03.md")
    if copy != target:  # a copy picked again: copied over itself, nothing would change
        shutil.copy(target, copy)


def _delete(repo: Path, target: Path) -> None:
    target.unlink()


def _people(repo: Path, target: Path) -> None:
    directory = repo / "minutes/people.yml"
    if directory.exists():
        directory.write_text(directory.read_text(encoding="utf-8").replace("name:", "name: X", 1),
                             encoding="utf-8")


EDITS = [_replace("owner: JJ", "owner: ZZ"), _replace("status: open", "status: done"),
         _replace("---\n", "---\n{\n"), _replace("items:", "itemz:"), _replace("## ", "# "),
         _replace("id: ", "id: x"), _rename, _copy, _delete, _people]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 9)), min_size=1, max_size=4))
def test_any_sequence_of_edits_answers_the_same(repo: Path, edits: list[tuple[object, int]]) -> None:
    for name in ("minutes", "exempt", "actions", cache_.FOLDER):
        shutil.rmtree(repo / name, ignore_errors=True)
        if name != cache_.FOLDER:
            shutil.copytree(ROOT / name, repo / name)
    commands = [["check", "--format", "json"], ["actions", "--status", "all", "--format", "csv"]]
    run("check")
    for edit, which in edits:
        files = sorted((repo / "minutes").rglob("*.md"))
        if files:
            edit(repo, files[which % len(files)])  # type: ignore[operator]
        same_with_and_without(commands)


def test_the_hook_passes_the_changed_files() -> None:
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    check = hooks.split("- id:")[1]
    assert "check --strict" in check and "pass_filenames: true" in check


def test_named_repository_files_are_read_as_what_they_are(repo: Path) -> None:
    """A hook names whatever changed: the people directory, the legacy file and update
    files are checked as themselves, never as minutes."""
    named = ["minutes/people.yml", "actions/legacy.yml", *sorted(
        str(p.relative_to(repo)) for p in (repo / "actions/updates").glob("*.yml"))]
    code, output = run("check", "--strict", *named)
    assert (code, "no-front-matter" in output) == (0, False), output
    update = repo / "actions/updates/2013-01-02-stray.yml"
    update.write_text("action: no-such-action\ndate: 2013-01-02\nnote: Done.\n", encoding="utf-8")
    code, output = run("check", "--strict", "minutes/people.yml", str(update.relative_to(repo)))
    assert code == 1 and output.startswith("actions/updates/2013-01-02-stray.yml:1:9: error unknown-action")
    assert run("check", "--strict", str(update.relative_to(repo))) == run(
        "--no-cache", "check", "--strict", str(update.relative_to(repo)))


def test_the_site_builds_the_same_from_the_cache(tmp_path: Path) -> None:
    """The plugin's check reads the problems of unchanged files from the cache: the same
    pages when valid, the same located errors when not."""
    repo = copy_repo(tmp_path)
    cold = mkdocs_build(repo, site_dir="cold")
    assert cold.returncode == 0, cold.stderr
    with sqlite3.connect(repo / cache_.FOLDER / "entries.sqlite3") as connection:
        assert connection.execute("SELECT count(*) FROM entries").fetchone()[0] == 5
    warm = mkdocs_build(repo, site_dir="warm")
    assert warm.returncode == 0, warm.stderr
    pages = sorted(p.relative_to(repo / "cold") for p in (repo / "cold").rglob("*.html"))
    assert pages == sorted(p.relative_to(repo / "warm") for p in (repo / "warm").rglob("*.html"))
    for page in pages:
        assert (repo / "cold" / page).read_bytes() == (repo / "warm" / page).read_bytes(), page
    path = repo / "minutes/cyp-performance-surgery/2012-05-25.md"
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2012-05-25", "date: 2012-05-26"),
                    encoding="utf-8")
    failed = [mkdocs_build(repo, site_dir="failed") for _ in range(2)]
    errors = [[line for line in done.stderr.splitlines() if "minutes/" in line] for done in failed]
    assert failed[0].returncode == failed[1].returncode != 0
    assert errors[0] == errors[1] and errors[0]


def test_a_named_file_is_told_of_the_problems_it_causes_elsewhere(repo: Path) -> None:
    """An older file edited to take a later meeting's action id: the duplicate is placed
    at the later file, and names the edited one, so checking the edited file reports it."""
    later = repo / "minutes/cyp-performance-surgery/2012-09-14.md"
    earlier = repo / "minutes/cyp-performance-surgery/2012-02-24.md"
    taken = next(line.split("id:")[1].strip() for line in later.read_text(encoding="utf-8").splitlines()
                 if line.strip().startswith("- id: cyp-2012-09-14"))
    text = earlier.read_text(encoding="utf-8")
    mine = next(line.split("id:")[1].strip() for line in text.splitlines()
                if line.strip().startswith("- id: cyp-2012-02-24"))
    earlier.write_text(text.replace(f"id: {mine}\n", f"id: {taken}\n", 1), encoding="utf-8")
    for cached in ((), ("--no-cache",)):
        code, output = run(*cached, "check", str(earlier.relative_to(repo)))
        assert code == 1 and f"{later.relative_to(repo)}:" in output and "duplicate-action-id" in output


def test_new_and_action_update_write_the_same_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scaffold of the next meeting and an update file, from the summaries."""
    written = []
    for cached in (("--no-cache",), (), ()):
        repo = copy_repo(tmp_path / f"run-{len(written)}")
        monkeypatch.chdir(repo)
        run("check")  # the cache warm when used
        shutil.rmtree(repo / "actions/updates")
        assert run(*cached, "new", "corporate-parenting-board", "--date", "2013-01-15")[0] == 0
        code, output = run(*cached, "action", "update", "cpb-2012-10-09-1", "--status", "done",
                           "--date", "2013-01-20", "--note", "Done.")
        assert code == 0, output
        written.append({str(p.relative_to(repo)): p.read_bytes() for p in sorted(repo.rglob("*"))
                        if p.is_file() and cache_.FOLDER not in p.parts})
    assert written[0] == written[1] == written[2]


def test_a_database_damaged_inside_is_replaced(repo: Path) -> None:
    """Pages damaged past a sound header: the run that finds it answers right without
    the cache and removes it; the next starts afresh."""
    without = answers(COMMANDS, "--no-cache")
    run("check")
    run("--no-cache", "check")  # no open connection while the file is damaged
    database_file = repo / cache_.FOLDER / "entries.sqlite3"
    with sqlite3.connect(database_file) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    content = bytearray(database_file.read_bytes())
    content[4096:] = b"\xa5" * (len(content) - 4096)
    database_file.write_bytes(bytes(content))
    assert answers(COMMANDS) == without
    assert answers(COMMANDS) == without
    with database() as connection:
        assert connection.execute("SELECT count(*) FROM entries").fetchone()[0] == 5


def test_cache_clear_that_fails_says_why(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run("check")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cache_.shutil, "rmtree", refuse)
    result = CliRunner().invoke(main, ["cache", "clear"])
    assert result.exit_code == 1 and "could not remove" in result.output
    assert "Permission denied" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_worker_processes_store_and_answer_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Enough files for two processes: what they read is stored as one process would."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    generate(120, tmp_path / "minutes", tmp_path / "exempt")
    first = sorted((tmp_path / "minutes").rglob("*.md"))[0]
    first.write_text(first.read_text(encoding="utf-8").replace("owner: ", "owner: Z", 1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    commands = [["check", "--jobs", "2", "--format", "json"],
                ["actions", "--status", "all", "--format", "json", "--as-of", "2015-01-01"]]
    same_with_and_without(commands)
    with database() as connection:
        assert connection.execute("SELECT count(*) FROM entries").fetchone()[0] == 120
