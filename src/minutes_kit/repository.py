"""Where a minutes repository keeps things, and which of its files a run reads.

Kept apart from the reading itself (:mod:`minutes_kit.corpus`): a run that finds every
file unchanged (:mod:`minutes_kit.answers`) needs their names, not the models that read them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem


@dataclass(frozen=True)
class Layout:
    """Where a minutes repository keeps things, relative to its root."""

    root: Path = Path(".")

    @property
    def minutes(self) -> Path:
        return self.root / "minutes"

    @property
    def actions(self) -> Path:
        return self.root / "actions"

    @property
    def updates(self) -> Path:
        return self.actions / "updates"

    @property
    def legacy(self) -> Path:
        """Actions raised before the first minutes, brought in from an older log."""
        return self.actions / "legacy.yml"

    @property
    def directory(self) -> Path:
        return self.minutes / "people.yml"

    @property
    def exempt(self) -> Path:
        """The exempt parts of meetings, mirroring ``minutes/``: the confidential record."""
        return self.root / "exempt"

    @property
    def exempt_updates(self) -> Path:
        return self.exempt / "updates"

    def part_of(self, minutes_file: str) -> str:
        """Where the exempt part of a minutes file under ``minutes/`` is."""
        return _moved(minutes_file, self.minutes, self.exempt)

    def minutes_of(self, part: str) -> str:
        """Which minutes file an exempt part belongs to."""
        return _moved(part, self.exempt, self.minutes)


def _moved(path: str, source: Path, target: Path) -> str:
    relative = os.path.relpath(os.path.normpath(path), os.path.normpath(source))
    return os.path.normpath(os.path.join(target, relative))


def discover(paths: Iterable[Path | str]) -> list[str]:
    """The minutes files named, with folders searched for ``*.md`` (hidden ones skipped),
    each folder's in path order. Strings, not Paths: for 10,000 files pathlib's
    ``rglob`` and sorting cost a fifth of a second."""
    found: list[str] = []
    named = [os.path.normpath(p) for p in paths]
    for path in named:
        if not os.path.isdir(path):
            found.append(path)
            continue
        inside = []
        for folder, folders, files in os.walk(path):
            folders[:] = [name for name in folders if not name.startswith(".")]
            # normpath(join(folder, name)), normalising the folder once: a name is one
            # plain component (hidden ones, so "." and "..", are skipped).
            start = os.path.normpath(folder)
            start = "" if start == os.curdir else start if start.endswith(os.sep) else start + os.sep
            inside += [start + name for name in files if name.endswith(".md") and not name.startswith(".")]
        found += sorted(inside, key=lambda name: name.split(os.sep))
    if not any(os.path.isabs(p) or ".." in p for p in named):
        # One spelling of each file (a file named and in a folder named is named alike).
        return list(dict.fromkeys(found))
    # A file named twice (minutes/x.md and /repo/minutes/x.md) is read once.
    first: dict[str, str] = {}
    for name in found:
        first.setdefault(os.path.abspath(name), name)
    return list(first.values())


def update_files(folder: Path) -> list[Path]:
    """The update files in ``folder``: ``*.yml`` and ``*.yaml`` alike, hidden ones (an
    editor's or an interrupted write's temporary files) skipped."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.suffix in (".yml", ".yaml") and not p.name.startswith("."))


def minutes_files(paths: Iterable[Path | str], layout: Layout) -> list[str]:
    """The minutes files a load reads: the repository's and any others named, without the
    repository's own YAML files or the exempt parts (read as parts, never as minutes)."""
    named = [Path(os.path.normpath(p)) for p in paths if not _repository_yaml(layout, p)]
    every = [layout.minutes] * (layout.minutes.is_dir() or not named) + named
    exempt_root = os.path.normpath(layout.exempt) + os.sep
    return [f for f in discover(every) if not (os.path.normpath(f) + os.sep).startswith(exempt_root)]


def repository_files(layout: Layout, exempt: bool) -> list[str]:
    """The files besides the minutes that a load reads, as it reads them: the update
    files, the legacy file and the people directory, and with ``exempt`` the exempt
    parts and their update files. Absent ones are named too: that they are absent is
    part of what was read."""
    files = [str(p) for p in update_files(layout.updates)] + [str(layout.legacy), str(layout.directory)]
    if exempt:
        files += [str(p) for p in update_files(layout.exempt_updates)]
        files += discover([layout.exempt]) if layout.exempt.is_dir() else []
    return files


def _repository_yaml(layout: Layout, path: Path | str) -> bool:
    """The people directory, the legacy file or an update file: read as what they are on
    every run, so naming one (as a pre-commit hook does) never reads it as minutes."""
    absolute = os.path.abspath(path)
    return (absolute in (os.path.abspath(layout.directory), os.path.abspath(layout.legacy))
            or (absolute.endswith((".yml", ".yaml")) and not os.path.basename(absolute).startswith(".")
                and os.path.dirname(absolute) in (os.path.abspath(layout.updates),
                                                  os.path.abspath(layout.exempt_updates))))


def under(files: Sequence[str], problems: Sequence[Problem],
          paths: Sequence[Path | str]) -> tuple[list[str], list[Problem]]:
    """:meth:`Corpus.under` of a repository of ``files`` with these ``problems``."""
    roots = [os.path.abspath(p) for p in paths]
    prefixes = tuple(root.rstrip(os.sep) + os.sep for root in roots)
    here = os.getcwd().rstrip(os.sep) + os.sep
    verdicts: dict[str, bool] = {}

    def inside(name: str) -> bool:
        if name not in verdicts:
            # A relative name spelt plainly (as discover() spells them) is where it says
            # below the working folder: os.path.abspath would ask for the folder each time.
            plain = (not os.path.isabs(name) and os.path.normpath(name) == name != os.curdir
                     and name.partition(os.sep)[0] != os.pardir)
            path = here + name if plain else os.path.abspath(name)
            verdicts[name] = path in roots or path.startswith(prefixes)
        return verdicts[name]

    chosen = [name for name in files if inside(name)]
    named = tuple(f"{name}:" for name in chosen)
    return chosen, [p for p in problems if inside(p.path) or any(n in p.message for n in named)]
