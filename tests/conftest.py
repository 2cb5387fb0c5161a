from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests judge correctness, never speed: a loaded machine must not fail them on time.
settings.register_profile("minutes-kit", deadline=None)
settings.load_profile("minutes-kit")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "minutes"
INVALID = Path(__file__).resolve().parent / "invalid"

VALID = """---
organisation: Example Council
committee: Planning Committee
date: 2024-03-05
start: "18:00"
end: "19:00"
attendees:
  - {initials: AB, name: Ann Brown, role: chair}
  - {initials: CD, name: Carl Dean}
items:
  - id: a
    title: Planning applications
    actions:
      - id: pc-2024-03-05-1
        text: Write to the applicant.
        owner: CD
        due: 2024-04
---

## a) Planning applications

AB opened the item.
"""


@pytest.fixture
def write(tmp_path: Path):
    """Write a minutes file into a temporary folder and return its path."""

    def _write(text: str | bytes, name: str = "planning-2024-03-05.md") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return _write


# A copy of the repository built by a real `mkdocs build --strict`, shared by the site tests.
MKDOCS = str(Path(sys.executable).with_name("mkdocs"))


def copy_repo(to: Path) -> Path:
    for name in ("minutes", "exempt", "actions", "docs", "overrides"):
        shutil.copytree(ROOT / name, to / name)
    shutil.copy(ROOT / "mkdocs.yml", to / "mkdocs.yml")
    return to


@pytest.fixture
def cached_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example repository as the current folder, its cache in it."""
    from minutes_kit import cache

    monkeypatch.delenv(cache.ENVIRONMENT, raising=False)
    copy_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def mkdocs_build(repo: Path, internal: bool = False,
                 site_dir: str = "built") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MINUTES_KIT_INTERNAL": "true" if internal else "false",
           "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([MKDOCS, "build", "--strict", "--site-dir", site_dir], cwd=repo, env=env,
                          capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = copy_repo(tmp_path_factory.mktemp("repo"))
    done = mkdocs_build(repo)
    assert done.returncode == 0, done.stderr
    return repo / "built"
