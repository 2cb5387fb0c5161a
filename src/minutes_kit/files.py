"""Writing files so that nothing anyone wrote is lost: whole or not at all, and, where
asked, never over an existing file."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class FileExists(Exception):
    """The target exists and the write was exclusive."""


def write_atomic(path: Path, text: str, *, exclusive: bool = False) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder.

    A reader sees the old file or the new one, never half of either, even if the
    process dies mid-write. With ``exclusive``, an existing file is left untouched and
    :class:`FileExists` is raised; the check and the write are one step (a hard link
    fails if the name is taken), so two officers saving at once cannot overwrite each other.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if exclusive:
            try:
                os.link(temporary, path)
            except FileExistsError:
                raise FileExists(str(path)) from None
        else:
            os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def replace_folder(built: Path, target: Path) -> None:
    """Put the folder ``built`` in the place of ``target`` (a site): the old one is moved
    aside first and removed only once the new one is in place."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    try:
        os.replace(built, target)
    except OSError:
        if old.exists():
            os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
