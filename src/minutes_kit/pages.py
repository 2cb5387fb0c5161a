"""The site's pages written into a folder for another generator (``site --pages-only``).

A folder may also hold pages people wrote. A manifest names the pages minutes-kit wrote
there, so a later run replaces and removes only those: a page no longer produced (an
earlier internal run's, a meeting renamed) goes, and a page a person wrote is never
overwritten, whatever its name.
"""

from __future__ import annotations

from pathlib import Path

from .files import write_atomic

MANIFEST = ".minutes-kit-pages"


class NotGenerated(Exception):
    """A page to be written exists and minutes-kit did not write it."""


def written_before(folder: Path) -> set[str]:
    manifest = folder / MANIFEST
    if not manifest.is_file():
        return set()
    names = manifest.read_text(encoding="utf-8", errors="replace").splitlines()
    # Only plain relative paths: an edited manifest cannot make a run remove files elsewhere.
    return {name for name in names if name and not name.startswith("/") and ".." not in name.split("/")}


def write(pages: dict[str, str], folder: Path) -> list[str]:
    """Write ``pages`` (path to text) into ``folder`` and remove the pages of an earlier run
    that are no longer produced; the paths removed. Refuses, writing nothing, when a
    page would replace a file minutes-kit did not write."""
    before = written_before(folder)
    foreign = sorted(name for name in pages if name not in before and (folder / name).exists())
    if foreign:
        raise NotGenerated(", ".join(str(folder / name) for name in foreign))
    for name, text in pages.items():
        write_atomic(folder / name, text)
    gone = sorted(before - set(pages))
    for name in gone:
        (folder / name).unlink(missing_ok=True)
    write_atomic(folder / MANIFEST, "".join(f"{name}\n" for name in sorted(pages)))
    return gone
