"""minutes-kit check and schema through their real entry points."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from minutes_kit.cli import main

from .conftest import EXAMPLES, VALID


def run(*args: str, cwd: Path | None = None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args))
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, list(args))
    finally:
        os.chdir(old)


def test_examples_pass_strict() -> None:
    result = run("check", "--strict", str(EXAMPLES))
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("checked 5 files: 0 errors, 0 warnings")


def test_default_path_is_minutes_folder(tmp_path: Path) -> None:
    (tmp_path / "minutes").mkdir()
    (tmp_path / "minutes" / "planning-2024-03-05.md").write_text(VALID.replace("owner: CD", "owner: ZZ"))
    result = run("check", cwd=tmp_path)
    assert result.exit_code == 1
    assert "minutes/planning-2024-03-05.md:16:16: error unknown-person" in result.output


def test_one_bad_file_never_stops_the_others(write) -> None:
    write(b"\x00binary", "a-2024-03-05.md")
    write(VALID.replace("owner: CD", "owner: ZZ"), "b-2024-03-05.md")
    text = VALID.replace('end: "19:00"', 'end: "17:00"').replace("pc-2024-03-05-1", "pc-2")
    path = write(text, "c-2024-03-05.md")
    result = run("check", "--format", "json", str(path.parent))
    report = json.loads(result.output)
    assert [(Path(p["file"]).name, p["code"]) for p in report["problems"]] == [
        ("a-2024-03-05.md", "binary-file"),
        ("b-2024-03-05.md", "unknown-person"),
        ("c-2024-03-05.md", "end-before-start"),
    ]
    assert (report["files"], report["errors"], report["warnings"]) == (3, 3, 0)


def test_strict_fails_on_warnings(write) -> None:
    path = write(VALID.replace("AB opened the item.", "AB opened the HMO item."))
    assert run("check", str(path)).exit_code == 0
    strict = run("check", "--strict", str(path))
    assert strict.exit_code == 1
    assert "warning undeclared-abbreviation: HMO" in strict.output


def test_github_annotations(write) -> None:
    path = write(VALID.replace("owner: CD", "owner: ZZ"))
    result = run("check", "--format", "github", str(path))
    first = result.output.splitlines()[0]
    assert first.startswith(f"::error file={path},line=16,col=16,title=unknown-person::")


def test_missing_path_is_an_io_error() -> None:
    result = run("check", "no/such/folder.md")
    assert result.exit_code == 2
    assert "read-error" in result.output


def test_bad_option_is_a_usage_error() -> None:
    assert run("check", "--format", "xml").exit_code == 2


def test_jobs_give_the_same_report(tmp_path: Path) -> None:
    for i in range(120):
        text = VALID.replace("pc-2024-03-05-1", f"pc-{i}")
        if i % 7 == 0:
            text = text.replace("owner: CD", "owner: ZZ")
        (tmp_path / f"m{i:03d}-2024-03-05.md").write_text(text)
    one = run("check", "--jobs", "1", str(tmp_path))
    two = run("check", "--jobs", "2", str(tmp_path))
    assert one.exit_code == two.exit_code == 1
    assert one.output == two.output
    assert one.output.count("unknown-person") == 18


def test_schema_is_json_schema_of_the_format() -> None:
    schema = json.loads(run("schema").output)
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"committee", "date", "attendees", "items"} <= set(schema["required"])
    assert schema["$defs"]["Action"]["additionalProperties"] is False


def test_format_reference_is_current() -> None:
    generated = run("schema", "--format", "markdown").output
    committed = (EXAMPLES.parent / "docs" / "format.md").read_text()
    assert generated == committed, "docs/format.md is stale: minutes-kit schema --format markdown"


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append((prefix + name, command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, prefix + name + " "))
    return found


@pytest.mark.parametrize(("name", "command"), _commands(main))
def test_every_command_and_option_is_documented(name: str, command: click.Command) -> None:
    assert command.help and len(command.help) > 30, f"{name} has no help"
    for param in command.params:
        if isinstance(param, click.Option) and param.name not in ("help",):
            assert param.help, f"{name} {param.opts[0]} has no help"


def test_installed_script_and_module() -> None:
    script = shutil.which("minutes-kit", path=str(Path(sys.executable).parent))
    assert script, "the minutes-kit console script is not installed"
    done = subprocess.run([script, "check", "--strict", str(EXAMPLES)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 errors" in done.stdout
    module = subprocess.run([sys.executable, "-m", "minutes_kit", "check", str(EXAMPLES / "nope.md")],
                            capture_output=True, text=True)
    assert module.returncode == 2
    assert "Traceback" not in module.stderr


def test_named_paths_report_only_what_is_under_them(tmp_path: Path) -> None:
    for folder in ("board", "board-extra"):
        (tmp_path / "minutes" / folder).mkdir(parents=True)
        bad = VALID.replace("owner: CD", "owner: ZZ").replace("pc-2024-03-05-1", f"{folder}-1")
        (tmp_path / "minutes" / folder / "2024-03-05.md").write_text(bad)
    reported = {}
    for named in ("minutes/board", "minutes/board/", "./minutes/board/2024-03-05.md", ".", "minutes"):
        report = json.loads(run("check", "--format", "json", named, cwd=tmp_path).output)
        reported[named] = (report["files"], sorted({p["file"] for p in report["problems"]}))
    board = (1, ["minutes/board/2024-03-05.md"])
    everything = (2, ["minutes/board-extra/2024-03-05.md", "minutes/board/2024-03-05.md"])
    assert reported == {"minutes/board": board, "minutes/board/": board,
                        "./minutes/board/2024-03-05.md": board, ".": everything, "minutes": everything}


def test_folders_are_searched_in_order_skipping_hidden_ones(tmp_path: Path) -> None:
    from minutes_kit.corpus import discover

    for name in ("b/2024-03-05.md", "a-b/2024-03-05.md", "a/z/2024-03-05.md", "a/2024-03-05.md",
                 ".trash/2024-03-05.md", "a/.draft.md", "a/notes.txt", "a/.cache/2024-03-05.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(VALID)
    found = [Path(p).relative_to(tmp_path).as_posix() for p in discover([tmp_path, tmp_path / "b"])]
    assert found == ["a/2024-03-05.md", "a/z/2024-03-05.md", "a-b/2024-03-05.md", "b/2024-03-05.md"]
