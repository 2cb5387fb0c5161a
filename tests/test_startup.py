"""What each command imports, so that start-up stays fast.

`--help` must not pay for the models, YAML, Markdown or MkDocs, and a command only for
what it uses: a top-level import put back into cli.py, or into a light module that
cli.py imports, fails here. Each run is a fresh process reporting its ``sys.modules``;
nothing is timed (`bench/startup_speed.py` times it).
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import click
import pytest

from minutes_kit.cli import main

from .conftest import VALID, copy_repo

PROBE = """
import json, sys
from minutes_kit.cli import main
try:
    main(sys.argv[2:])
except SystemExit as done:
    code = done.code
else:
    code = 0
with open(sys.argv[1], "w") as out:
    json.dump({"code": code, "modules": sorted(sys.modules)}, out)
"""

# Libraries that cost tens of milliseconds each to import, and the version lookup that
# scans every installed package.
HEAVY = {"pydantic", "pydantic_core", "yaml", "markdown_it", "nh3", "mkdocs", "material", "jinja2",
         "icalendar", "frontmatter", "importlib.metadata"}
# The modules of this package that `--help` may import: each light, none importing the models.
LIGHT = {"minutes_kit", "minutes_kit.cli", "minutes_kit.statuses", "minutes_kit.listing",
         "minutes_kit.report", "minutes_kit.escape", "minutes_kit.problems"}
# What only the site needs.
SITE = {"mkdocs", "material", "jinja2", "minutes_kit.site", "minutes_kit.render", "minutes_kit.charts",
        "minutes_kit.sections", "minutes_kit.pages", "minutes_kit.mkdocs_plugin"}


def imported(args: list[str], tmp_path: Path, cwd: Path | None = None) -> tuple[int, set[str]]:
    """The exit status of ``minutes-kit ARGS`` run in a fresh process, and every module it
    imported (a package counts by its top-level name too)."""
    report = tmp_path / "modules.json"
    done = subprocess.run([sys.executable, "-c", PROBE, str(report), *args], cwd=cwd or tmp_path,
                          capture_output=True, text=True, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    result = json.loads(report.read_text())
    modules = set(result["modules"])
    return result["code"], modules | {name.split(".")[0] for name in modules}


def _help_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[list[str]]:
    """``--help`` of the group and of every command under it, so a new command is covered."""
    found = [[*prefix, "--help"]]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += _help_commands(command, (*prefix, name))
        else:
            found.append([*prefix, name, "--help"])
    return found


@pytest.mark.parametrize("args", _help_commands(main), ids=" ".join)
def test_help_imports_nothing_heavy(args: list[str], tmp_path: Path) -> None:
    code, modules = imported(args, tmp_path)
    assert code == 0
    assert not modules & HEAVY, f"`{' '.join(args)}` imports {sorted(modules & HEAVY)}"
    ours = {m for m in modules if m.startswith("minutes_kit")}
    assert ours <= LIGHT, f"`{' '.join(args)}` imports {sorted(ours - LIGHT)}"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_repo(tmp_path_factory.mktemp("repo"))


@pytest.mark.parametrize(("args", "unwanted"), [
    (["check"], SITE | {"icalendar", "minutes_kit.reference", "minutes_kit.register_files",
                        "minutes_kit.canary", "minutes_kit.progress"}),
    (["check", "--format", "json", "minutes/corporate-parenting-board"], SITE | {"icalendar"}),
    (["actions"], SITE | {"icalendar", "minutes_kit.reference", "minutes_kit.register_files"}),
    (["actions", "--owner", "JJ", "--format", "csv"], SITE | {"icalendar"}),
    (["register", "--check"], SITE | {"icalendar", "minutes_kit.reference"}),
    (["schema"], SITE | {"markdown_it", "nh3", "icalendar", "minutes_kit.corpus", "minutes_kit.body"}),
], ids=lambda value: " ".join(value) if isinstance(value, list) else "")
def test_a_command_imports_only_what_it_uses(args: list[str], unwanted: set[str], repo: Path,
                                             tmp_path: Path) -> None:
    code, modules = imported(args, tmp_path, cwd=repo)
    assert code == 0
    assert not modules & unwanted, f"`{' '.join(args)}` imports {sorted(modules & unwanted)}"


@pytest.mark.parametrize(("args", "wanted"), [
    (["actions", "--format", "ics", "--status", "all"], {"icalendar"}),
    (["site", "--pages-only", "pages"], {"minutes_kit.site", "yaml"}),
])
def test_what_a_command_imports_when_it_needs_it(args: list[str], wanted: set[str], repo: Path,
                                                 tmp_path: Path) -> None:
    """The other side: the probe sees the imports a command makes as it runs."""
    code, modules = imported(args, tmp_path, cwd=repo)
    assert code == 0
    assert wanted <= modules


@pytest.mark.parametrize("args", [
    ["actions", "--owner", "JJ"],
    ["actions", "--owner", "JJ", "--due-before", "2013-01-01", "--format", "csv"],
    ["actions", "--status", "all", "--format", "json"],
], ids=" ".join)
def test_a_query_answered_from_the_cache_loads_no_reader(args: list[str], repo: Path, tmp_path: Path) -> None:
    """Asked again of unchanged minutes, a query reads the kept register: it needs
    neither the models nor pydantic, nor the YAML and Markdown readers, nor the fold."""
    imported(args, tmp_path, cwd=repo)  # the first keeps the answer
    code, modules = imported(args, tmp_path, cwd=repo)
    unwanted = {"pydantic", "yaml", "markdown_it", "minutes_kit.models", "minutes_kit.corpus",
                "minutes_kit.reader", "minutes_kit.body", "minutes_kit.register", "minutes_kit.directory"}
    assert code == 0
    assert not modules & unwanted, f"`{' '.join(args)}` imports {sorted(modules & unwanted)}"


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough meetings that `--jobs 0` would start a process per core."""
    folder = tmp_path_factory.mktemp("many")
    for day in range(120):
        on = (date(2024, 1, 1) + timedelta(days=day)).isoformat()
        (folder / f"planning-{on}.md").write_text(
            VALID.replace("2024-03-05", on).replace("due: 2024-04", "due: 2025-12"), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("jobs", "processes"), [([], False), (["--jobs", "1"], False),
                                                 (["--jobs", "2"], True)])
def test_check_runs_in_one_process_unless_asked(jobs: list[str], processes: bool, many: Path,
                                                tmp_path: Path) -> None:
    """One process by default: on a shared or busy machine two were slower than one."""
    code, modules = imported(["check", *jobs, str(many)], tmp_path)
    assert code == 0
    assert ("concurrent.futures.process" in modules) is processes
