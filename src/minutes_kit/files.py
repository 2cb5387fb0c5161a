"""Writing files so that nothing anyone wrote is lost: whole or not at all, and, where
asked, never over an existing file.

A write goes through a temporary file beside the target, named
``.<name>.<pid>.<random>.tmp``: the writer's process id lets a later run tell the debris
of a killed writer (its process is gone) from a write still under way.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

# The temporary name keeps the target's name short enough that it stays within the
# 255 bytes a file name may have on common file systems.
_KEPT_NAME = 120
DEBRIS = re.compile(r"^\..*\.(\d+)\.[0-9a-f]{8}\.tmp$")


class FileExists(Exception):
    """The target exists and the write was exclusive."""


def write_atomic(path: Path, text: str | bytes, *, exclusive: bool = False) -> None:
    """Write ``text`` (UTF-8, or bytes such as a PDF) to ``path`` through a temporary file
    in the same folder.

    A reader sees the old file or the new one, never half of either, even if the
    process dies mid-write. With ``exclusive``, an existing file is left untouched and
    :class:`FileExists` is raised; the check and the write are one step (a hard link
    fails if the name is taken), so two officers saving at once cannot overwrite each other.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _stage(path, text, keep_mode=not exclusive)
    try:
        if exclusive:
            try:
                os.link(temporary, path)
            except FileExistsError:
                raise FileExists(str(path)) from None
        else:
            os.replace(temporary, path)
    finally:
        _discard([temporary])


def write_all(files: Mapping[Path, str]) -> None:
    """Write several files so that a failure (a full disk, a folder that cannot be
    written) leaves every one of them as it was: all are written to temporary files
    first, and only when every one is whole are they moved into place."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            staged.append((_stage(path, text, keep_mode=True), path))
        for temporary, path in staged:
            os.replace(temporary, path)
    finally:
        _discard(temporary for temporary, _ in staged)


def _stage(path: Path, text: str | bytes, *, keep_mode: bool) -> Path:
    """The text in a new temporary file beside ``path``, synced to disk. Its mode is the
    one a new file gets in that folder (0o666 less the umask), or, when it will replace
    a file (``keep_mode``), that file's mode, so a web server can still read it."""
    mode = None
    if keep_mode:
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except OSError:
            mode = None
    temporary = path.with_name(f".{path.name[:_KEPT_NAME]}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        with os.fdopen(handle, "wb") as stream:
            if mode is not None:
                os.fchmod(stream.fileno(), mode)
            stream.write(text.encode("utf-8") if isinstance(text, str) else text)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        _discard([temporary])
        raise
    return temporary


def _discard(temporaries: Iterable[Path]) -> None:
    for temporary in temporaries:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def debris(folder: Path) -> list[Path]:
    """Temporary files in ``folder`` left by writers that died mid-write: their process
    is gone, so nothing will ever finish or remove them."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = []
    for name in names:
        match = DEBRIS.match(name)
        if match and not _alive(int(match.group(1))) and os.path.isfile(folder / name):
            found.append(folder / name)
    return sorted(found)


def remove_debris(folder: Path) -> list[Path]:
    """Remove :func:`debris` from ``folder``; the paths removed."""
    removed = []
    for path in debris(folder):
        try:
            path.unlink()
        except OSError:  # another run removed it first, or it may not be removed
            continue
        removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (one of another user's counts as running)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # (no process has a number that large)
        return False
    except PermissionError:
        return True
    return True


def building_folder(target: Path) -> Path:
    """Where a new ``target`` folder is built before :func:`replace_folder` puts it in
    place; folders of this kind left by a killed build (its process gone) are removed."""
    # The target's name comes last, so an internal site's keeps its "-internal" ending.
    pattern = re.compile(rf"^\.(?:building|old)-(\d+)-{re.escape(target.name)}$")
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent if str(target.parent) else "."):
            match = pattern.match(entry.name)
            if match and entry.is_dir(follow_symlinks=False) and not _alive(int(match.group(1))):
                shutil.rmtree(entry.path, ignore_errors=True)
    return target.with_name(f".building-{os.getpid()}-{target.name}")


def replace_folder(built: Path, target: Path) -> None:
    """Put the folder ``built`` in the place of ``target`` (a site): the old one is moved
    aside first and removed only once the new one is in place."""
    old = target.with_name(f".old-{os.getpid()}-{target.name}")
    if target.exists():
        os.replace(target, old)
    try:
        os.replace(built, target)
    except OSError:
        if old.exists():
            os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
