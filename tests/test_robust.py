"""Bad files and bad places: never a hang, a traceback, debris, or a silent loss."""

from __future__ import annotations

import errno
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutes_kit import files, yamlpos
from minutes_kit.cli import main
from minutes_kit.corpus import Layout, load, load_update
from minutes_kit.people import MAX_SLUG, slug
from minutes_kit.progress import Refused, record_update
from minutes_kit.reader import MAX_BYTES, MAX_UPDATE_BYTES, read

from .conftest import ROOT, VALID

MINUTES_KIT = str(Path(sys.executable).with_name("minutes-kit"))
ACTION = "cyp-2012-09-14-1"  # an open action of the example minutes


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example repository, as the current folder."""
    for name in ("minutes", "actions"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def run(*args: str | bytes, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """The installed command in a process of its own: a hang fails the test, not the run."""
    return subprocess.run([MINUTES_KIT, *args], cwd=cwd, capture_output=True, timeout=60, check=False)


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def problems(output: bytes) -> set[tuple[str, str]]:
    return {(Path(p["file"]).name, p["code"]) for p in json.loads(output)["problems"]}


# -- only regular files are read ------------------------------------------------------

def _specials(folder: Path) -> dict[str, str]:
    """A FIFO, links to endless and empty devices and a socket, by file name: their kind."""
    os.mkfifo(folder / "fifo-2024-03-05.md")
    (folder / "zero-2024-03-05.md").symlink_to("/dev/zero")
    (folder / "null-2024-03-05.md").symlink_to("/dev/null")
    kinds = {"fifo-2024-03-05.md": "named pipe", "zero-2024-03-05.md": "device",
             "null-2024-03-05.md": "device"}
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(folder / "socket-2024-03-05.md"))
        kinds["socket-2024-03-05.md"] = "socket"
    except OSError:  # a path too long for a socket: the other kinds still count
        pass
    finally:
        server.close()
    return kinds


def test_pipes_devices_and_sockets_among_minutes_are_reported_not_read(repo: Path) -> None:
    folder = repo / "minutes" / "planning"
    folder.mkdir()
    kinds = _specials(folder)
    (folder / "bad-2024-03-05.md").write_text(VALID.replace("owner: CD", "owner: EF"))
    result = run("check", "--format", "json", cwd=repo)
    assert result.returncode == 1, result.stderr
    assert result.stderr == b""
    found = json.loads(result.stdout)["problems"]
    for name, kind in kinds.items():
        (problem,) = [p for p in found if p["file"].endswith(name)]
        assert (problem["code"], problem["line"], problem["column"]) == ("not-a-file", 0, 0)
        assert kind in problem["message"] and problem["hint"]
    assert ("bad-2024-03-05.md", "unknown-person") in problems(result.stdout)  # the others still read


def test_special_files_named_on_the_command_line_and_among_updates(repo: Path) -> None:
    updates = repo / "actions" / "updates"
    os.mkfifo(updates / "2012-12-01-pipe.yml")
    (updates / "2012-12-02-zero.yaml").symlink_to("/dev/zero")
    os.mkfifo(repo / "named-2024-03-05.md")
    result = run("check", "--format", "json", cwd=repo)
    assert result.returncode == 1
    assert problems(result.stdout) == {("2012-12-01-pipe.yml", "not-a-file"),
                                       ("2012-12-02-zero.yaml", "not-a-file")}
    named = run("check", "named-2024-03-05.md", cwd=repo)
    assert named.returncode == 1
    assert b"named-2024-03-05.md:0:0: error not-a-file: it is a named pipe (FIFO)" in named.stdout


@pytest.mark.parametrize("extra", [-1, 0, 1, 4096])
def test_minutes_up_to_the_limit_are_read_and_larger_refused(tmp_path: Path, extra: int) -> None:
    body = VALID + "\n" + "x" * 79 + "\n"
    text = body * (MAX_BYTES // len(body))
    text += "y" * (MAX_BYTES - len(text) + extra)
    path = tmp_path / "planning-2024-03-05.md"
    path.write_text(text)
    found = read(path)
    codes = [p.code for p in found.problems]
    if extra > 0:
        assert codes == ["file-too-large"]
        assert "1 MiB" in found.problems[0].message
    else:
        assert "file-too-large" not in codes and found.data is not None


def test_update_files_have_a_smaller_limit(repo: Path) -> None:
    path = repo / "actions" / "updates" / "2012-12-01-long.yml"
    path.write_text(f"action: {ACTION}\ndate: 2012-12-01\nnote: " + "n" * MAX_UPDATE_BYTES + "\n")
    (problem,) = load_update(path).problems
    assert (problem.code, problem.line, problem.column) == ("file-too-large", 0, 0)
    assert "64 KiB" in problem.message


# -- aliases cannot expand without bound ------------------------------------------------

def _alias_bomb(copies: int, size: int) -> str:
    decisions = "\n".join("      - *long" for _ in range(copies))
    return VALID.replace("    title: Planning applications\n",
                         "    title: Planning applications\n    decisions:\n"
                         f"      - &long {'w' * size}\n{decisions}\n", 1)


@pytest.mark.parametrize(("copies", "size"), [(6000, 200), (19_000, 60), (3, 400_000)])
def test_alias_bombs_are_refused_by_check_site_and_register(repo: Path, copies: int, size: int) -> None:
    bomb = _alias_bomb(copies, size)
    assert len(bomb) < MAX_BYTES < copies * size
    (repo / "minutes" / "planning").mkdir()
    (repo / "minutes" / "planning" / "2024-03-05.md").write_text(bomb)
    before = snapshot(repo / "actions")
    result = cli("check", "--format", "json")
    assert result.exit_code == 1
    assert problems(result.output.encode()) == {("2024-03-05.md", "yaml-too-large")}
    assert "characters" in result.output
    for command in (["register"], ["site", "--pages-only", str(repo / "pages")]):
        refused = cli(*command)
        assert refused.exit_code == 1 and "yaml-too-large" in refused.output
        assert "fix the minutes first" in refused.output
    assert snapshot(repo / "actions") == before and not (repo / "pages").exists()


def test_aliases_within_the_bound_still_read() -> None:
    text = "a: &x " + "v" * 1000 + "\nb: [" + ", ".join(["*x"] * 500) + "]\n"
    data, _, issues = yamlpos.load(text)
    assert issues == [] and len(data["b"]) == 500


def test_aliased_keys_count_too() -> None:
    anchors = "k: &key " + "q" * 1000 + "\n"
    maps = "m: [" + ", ".join(["{*key : 1}"] * 1100) + "]\n"
    with pytest.raises(yamlpos.YamlError) as refused:
        yamlpos.load(anchors + maps)
    assert refused.value.issue.code == "yaml-too-large"


# -- long names give file names within limits ---------------------------------------------

@given(st.text(max_size=400))
def test_slugs_are_short_stable_ids(text: str) -> None:
    made = slug(text)
    assert len(made) <= MAX_SLUG and made == slug(text)
    assert made.replace("-", "").isalnum() and made == made.lower() and "--" not in made


@given(st.text(alphabet="abc -", min_size=70, max_size=200))
def test_long_slugs_keep_texts_apart_and_alike_together(text: str) -> None:
    assert slug(text) == slug(text.upper() + "!")
    assert slug(text) != slug(text + " z")


def test_a_300_character_name_in_the_register_and_the_site(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    name = " ".join(["Bartholomew Featherstonehaugh"] * 10)
    assert len(name) >= 299
    (tmp_path / "minutes").mkdir()
    (tmp_path / "minutes" / "planning-2024-03-05.md").write_text(VALID.replace("Carl Dean", name))
    monkeypatch.chdir(tmp_path)
    assert cli("check").exit_code == 0
    registered = cli("register")
    assert registered.exit_code == 0, registered.output
    pages = cli("site", "--pages-only", "pages")
    assert pages.exit_code == 0, pages.output
    for root in (tmp_path / "actions", tmp_path / "pages"):
        assert all(len(p.name.encode()) <= 255 for p in root.rglob("*"))
    people = sorted(p.name for p in (tmp_path / "actions" / "people").iterdir())
    assert people == [slug(name) + ".md"] and len(slug(name)) <= MAX_SLUG
    assert name in (tmp_path / "actions" / "people" / f"{slug(name)}.md").read_text()
    assert cli("register", "--check").exit_code == 0


# -- atomic writes: modes and debris ------------------------------------------------------

@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_written_files_get_the_folders_usual_mode(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        files.write_atomic(tmp_path / "new.md", "text\n")
        files.write_atomic(tmp_path / "exclusive.yml", "text\n", exclusive=True)
    finally:
        os.umask(old)
    for name in ("new.md", "exclusive.yml"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o666 & ~umask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exclusive.yml", "new.md"]


@pytest.mark.parametrize("mode", [0o640, 0o644, 0o600, 0o664])
def test_a_replaced_file_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "index.md"
    target.write_text("old\n")
    target.chmod(mode)
    files.write_atomic(target, "new\n")
    assert stat.S_IMODE(target.stat().st_mode) == mode and target.read_text() == "new\n"


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_debris_of_a_killed_register_is_stale_and_removed(repo: Path) -> None:
    assert cli("register").exit_code == 0
    dead = _dead_pid()
    leftovers = [repo / "actions" / f".index.md.{dead}.0123abcd.tmp",
                 repo / "actions" / "people" / f".jacqui-jensen.md.{dead}.89abcdef.tmp"]
    running = repo / "actions" / f".closed.md.{os.getpid()}.0123abcd.tmp"
    for path in [*leftovers, running]:
        path.write_text("half a page")
    stale = cli("register", "--check")
    assert stale.exit_code == 1
    for path in leftovers:
        assert f"stale: {path.relative_to(repo)}" in stale.output
    assert str(running.relative_to(repo)) not in stale.output  # a write still under way
    written = cli("register")
    assert written.exit_code == 0 and "(all were current)" in written.output
    assert not any(path.exists() for path in leftovers) and running.exists()
    running.unlink()
    assert cli("register", "--check").exit_code == 0


def test_a_killed_writer_leaves_only_recognisable_debris(tmp_path: Path) -> None:
    script = ("import os, sys; from pathlib import Path; from minutes_kit import files\n"
              "os.fsync = lambda fd: os._exit(9)\n"
              "files.write_atomic(Path(sys.argv[1]), 'x' * 100)\n")
    killed = subprocess.run([sys.executable, "-c", script, str(tmp_path / "index.md")],
                            timeout=60, check=False)
    assert killed.returncode == 9
    (left,) = tmp_path.iterdir()
    assert files.DEBRIS.match(left.name) and left.name.startswith(".index.md.")
    assert files.debris(tmp_path) == [left]
    assert files.remove_debris(tmp_path) == [left] and list(tmp_path.iterdir()) == []


# -- write failures leave the register as it was ------------------------------------------

@pytest.fixture
def stale_repo(repo: Path) -> Path:
    """The example repository with its register made stale by a new update."""
    assert cli("action", "update", ACTION, "--status", "done", "--date", "2012-12-01").exit_code == 0
    return repo


def _refused(repo: Path, *needles: str) -> None:
    before = snapshot(repo / "actions") if (repo / "actions").is_dir() else {}
    result = cli("register")
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ")
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in result.output
    if before:
        assert snapshot(repo / "actions") == before
    assert not list((repo / "actions").rglob(".*.tmp"))


def test_people_folder_is_a_file(stale_repo: Path) -> None:
    people = stale_repo / "actions" / "people"
    shutil.rmtree(people)
    people.write_text("a note")
    _refused(stale_repo, "actions/people is a file", "move the file")


def test_index_is_a_folder(stale_repo: Path) -> None:
    index = stale_repo / "actions" / "index.md"
    index.unlink()
    index.mkdir()
    _refused(stale_repo, "actions/index.md is a folder", "move the folder")


def test_actions_is_a_file(stale_repo: Path) -> None:
    first = stale_repo / "minutes/cyp-performance-surgery/2012-02-24.md"  # its update of a legacy action
    text = first.read_text()  # would name an action of actions/legacy.yml, gone with the folder
    first.write_text(text[:text.index("matters_arising:")] + text[text.index("items:"):])
    shutil.rmtree(stale_repo / "actions")
    (stale_repo / "actions").write_text("not a folder")
    result = cli("register")
    assert result.exit_code == 1 and "actions is a file" in result.output
    assert (stale_repo / "actions").read_text() == "not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in a read-only folder")
def test_read_only_folder(stale_repo: Path) -> None:  # pragma: no cover - tests run as root here
    (stale_repo / "actions").chmod(0o555)
    try:
        _refused(stale_repo, "permission denied")
    finally:
        (stale_repo / "actions").chmod(0o755)


def test_folder_the_user_may_not_write_in(stale_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path).name != "people")
    _refused(stale_repo, "cannot write in actions/people", "permission denied")


@pytest.mark.parametrize(("failing", "after"), [("fsync", 0), ("fsync", 2), ("replace", 0)])
def test_a_failed_write_changes_nothing(stale_repo: Path, monkeypatch: pytest.MonkeyPatch,
                                        failing: str, after: int) -> None:
    """A full disk after some files are staged: they are discarded, none is moved in place."""
    real = getattr(os, failing)
    calls = []

    def fail(*args: object) -> None:
        calls.append(args)
        if len(calls) > after:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(*args)

    monkeypatch.setattr(os, failing, fail)
    _refused(stale_repo, "No space left on device", "free some space")


# -- action update writes only what check accepts -------------------------------------------

@pytest.mark.parametrize("option", ["--note", "--by", "--due", "--owner"])
def test_action_update_refuses_bytes_that_are_not_utf8(repo: Path, option: str) -> None:
    before = sorted((repo / "actions" / "updates").iterdir())
    result = run("action", "update", ACTION, "--note", "ok", option, b"caf\xe9 \xff", cwd=repo)
    assert result.returncode == 1, result.stderr
    assert f"Error: {option} holds bytes that are not UTF-8 text".encode() in result.stderr
    assert b"Traceback" not in result.stderr
    assert sorted((repo / "actions" / "updates").iterdir()) == before


@given(st.sampled_from([*map(chr, [*range(0, 9), *range(11, 32), 127, 0x85, 0x9F])]),
       st.sampled_from(["--note", "--by"]))
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_action_update_refuses_control_characters(repo: Path, control: str, option: str) -> None:
    before = sorted((repo / "actions" / "updates").iterdir())
    args = ["--note", "fine"] if option != "--note" else []
    result = cli("action", "update", ACTION, *args, option, f"before{control}after")
    assert result.exit_code == 1
    assert f"{option} holds an invisible control character (U+{ord(control):04X})" in result.output
    assert sorted((repo / "actions" / "updates").iterdir()) == before


@given(st.text(min_size=1, max_size=60))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_what_action_update_writes_check_reads_back_unchanged(repo: Path, note: str) -> None:
    corpus = load()
    try:
        path = record_update(corpus, Layout(), ACTION, on=date(2012, 12, 1), note=note, by=note)
    except Refused as refusal:
        assert str(refusal)
        return
    try:
        written = load_update(path)
        assert written.problems == []
        assert written.update is not None and written.update.note == note and written.update.by == note
    finally:
        path.unlink()


def test_action_update_writes_numbers_like_text_quoted(repo: Path) -> None:
    result = cli("action", "update", ACTION, "--note", "1e3", "--date", "2012-12-01")
    assert result.exit_code == 0, result.output
    assert cli("check", "--strict").exit_code == 0
    (update,) = [u for u in load().updates if u.path.endswith("2012-12-01-" + ACTION + ".yml")]
    assert update.update is not None and update.update.note == "1e3"


def test_action_update_cannot_write_its_folder(repo: Path) -> None:
    updates = repo / "actions" / "updates"
    shutil.rmtree(updates)
    updates.write_text("not a folder")
    result = cli("action", "update", ACTION, "--note", "x", "--date", "2012-12-01")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "could not write actions/updates/2012-12-01-" in result.output


def test_action_update_removes_debris_of_a_killed_update(repo: Path) -> None:
    leftover = repo / "actions" / "updates" / f".2012-12-01-{ACTION}.yml.{_dead_pid()}.00ff00ff.tmp"
    leftover.write_text("action: ")
    assert cli("action", "update", ACTION, "--note", "x", "--date", "2012-12-01").exit_code == 0
    assert not leftover.exists()


def test_yaml_update_files_are_read_like_yml(repo: Path) -> None:
    (repo / "actions" / "updates" / f"2012-12-01-{ACTION}.yaml").write_text(
        f"action: {ACTION}\ndate: 2012-12-01\nstatus: done\n")
    assert load().register.actions[ACTION].status == "done"
    (repo / "actions" / "updates" / "2012-12-02-bad.yaml").write_text(
        f"action: {ACTION}\ndate: 2012-12-02\nstatus: finished\n")
    result = cli("check")
    assert "actions/updates/2012-12-02-bad.yaml:3:9: error invalid-value" in result.output


# -- names that would share a page -----------------------------------------------------------

@pytest.mark.parametrize("other", ["planning committee", "Planning-Committee", "PLANNING  COMMITTEE!",
                                   "Planning Committée"])
def test_committees_that_would_share_pages(repo: Path, other: str) -> None:
    folder = repo / "minutes" / "planning"
    folder.mkdir()
    (folder / "2024-03-05.md").write_text(VALID)
    later = VALID.replace("2024-03-05", "2024-04-02").replace("pc-2024-03-05-1", "pc-2024-04-02-1")
    (folder / "2024-04-02.md").write_text(later.replace("committee: Planning Committee",
                                                        f"committee: {other}"))
    result = cli("check")
    assert result.exit_code == 1
    assert (f"minutes/planning/2024-04-02.md:3:12: error slug-collision: committee {other!r} would "
            "share its page with 'Planning Committee' (minutes/planning/2024-03-05.md:3)") in result.output


def test_measures_that_would_share_a_page_across_meetings(repo: Path) -> None:
    measure = "    measures:\n      - {code: %s, period: Q3 2023/24, better: higher, actual: 1}\n"
    folder = repo / "minutes" / "planning"
    folder.mkdir()
    for day, code in (("2024-03-05", "PM 01"), ("2024-04-02", "PM-01"), ("2024-05-07", "PM 01")):
        text = VALID.replace("2024-03-05", day).replace("    actions:\n", measure % code + "    actions:\n")
        (folder / f"{day}.md").write_text(text)
    result = cli("check", "--format", "json")
    found = [p for p in json.loads(result.output)["problems"] if p["code"] == "slug-collision"]
    assert [(Path(p["file"]).name, p["line"], p["column"]) for p in found] == [("2024-04-02.md", 14, 16)]
    assert "'PM-01' would share its page with 'PM 01' (minutes/planning/2024-03-05.md:14)" in \
        found[0]["message"]


def test_one_spelling_everywhere_is_fine(repo: Path) -> None:
    assert not [p for p in load().problems if p.code == "slug-collision"]
