"""The repository's files as digests, known without reading the files that have not
changed since a run last read them.

As git's index does, each file's digest is kept with the signature of its status when
it was read (size, modification and change times to the nanosecond, inode and device):
while the signature is the same, the bytes are. Any write changes the change time, which
no program can set back, so a file copied over another with its times kept still looks
changed. A file changed in the last two seconds before it was read is not given a
signature (its times may not yet show a second change made within the filesystem's
time resolution), so it is read again next time.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Callable, Iterable, Sequence

from .cache import Cache

_SETTLED_NS = 2_000_000_000


def regular_bytes(path: str) -> bytes | None:
    """:func:`minutes_kit.reader.regular_bytes`, the reader (and the YAML parser with it)
    loaded only when a file has changed: an unchanged repository needs neither."""
    from .reader import regular_bytes as read

    return read(path)


def signature(cache: Cache, status: os.stat_result) -> str:
    """The status of a file as read by this version: a digest kept by another (whose
    digests differ) is never taken."""
    return (f"{cache.version}:{status.st_size}:{status.st_mtime_ns}:{status.st_ctime_ns}:"
            f"{status.st_ino}:{status.st_dev}")


class Reader:
    """Reads files as a run does, noting the status each had when read, so that the
    next run knows their digests without reading them (see :meth:`remember`)."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache
        self._learnt: list[tuple[str, str, str]] = []

    def read(self, path: str, read: Callable[[str], bytes | None] = regular_bytes) -> bytes | None:
        try:
            status = os.stat(path)  # before reading: a later change then shows as a new status
        except (OSError, ValueError):
            return read(path)
        return self._read(path, read, status)[0]

    def digest(self, path: str, read: Callable[[str], bytes | None], status: os.stat_result) -> str | None:
        """The digest of a file whose ``status`` was just taken, read now."""
        return self._read(path, read, status)[1]

    def _read(self, path: str, read: Callable[[str], bytes | None],
              status: os.stat_result) -> tuple[bytes | None, str | None]:
        read_at = time.time_ns()
        raw = read(path)
        digest = self.cache.digest(raw) if raw is not None else None
        if (digest is not None and stat.S_ISREG(status.st_mode)
                and max(status.st_mtime_ns, status.st_ctime_ns) < read_at - _SETTLED_NS):
            self._learnt.append((path, signature(self.cache, status), digest))
        return raw, digest

    def remember(self) -> None:
        self.cache.remember(self._learnt)
        self._learnt = []


def digests(cache: Cache, paths: Sequence[str],
            read: Callable[[str], bytes | None] = regular_bytes) -> dict[str, str | None]:
    """Each path's digest (:meth:`Cache.digest` of its bytes as ``read`` gives them), or
    None for one that is not a regular file ``read`` reads: by default a file of a size
    a run reads as minutes (a run reports the others)."""
    known = cache.signatures(paths)
    found: dict[str, str | None] = {}
    reader = Reader(cache)
    for path in paths:
        try:
            status = os.stat(path)
        except (OSError, ValueError):
            found[path] = None
            continue
        if not stat.S_ISREG(status.st_mode):
            found[path] = None
            continue
        stored = known.get(path)
        if stored is not None and stored[0] == signature(cache, status):
            found[path] = stored[1]
            continue
        found[path] = reader.digest(path, read, status)
    reader.remember()
    return found


def key(cache: Cache, purpose: Iterable[str], files: Iterable[tuple[str, str]]) -> str:
    """One digest of what an answer was given for, and of the (path, digest) of every
    file it read; with the cache's fingerprint, so that another version never shares it."""
    digest = hashlib.sha256(cache.digest(b"").encode())
    for part in purpose:
        digest.update(part.encode() + b"\0")
    digest.update(b"\1")
    for path, mark in files:
        digest.update(path.encode("utf-8", "surrogateescape") + b"\0" + mark.encode() + b"\0")
    return digest.hexdigest()


def whole(path: str) -> bytes | None:
    """A file's bytes whatever its size (a generated file such as the register's), or
    None when it cannot be read."""
    try:
        with open(path, "rb") as stream:
            return stream.read()
    except OSError:
        return None
