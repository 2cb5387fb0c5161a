"""Reading a legacy source's bytes with the same care as a minutes file.

An archive folder can hold anything: a named pipe that would block the read, a
multi-gigabyte export, a file renamed to the wrong suffix. Each reader takes its bytes from
here so every one of them refuses such a file with a plain `Unreadable` message.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .blocks import Unreadable

MAX_SOURCE_BYTES = 20 << 20  # one meeting's minutes, even as a Word file with pictures: 20 MiB


def read_bytes(path: Path, limit: int = MAX_SOURCE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; `Unreadable` for anything else.

    Opened without blocking, and never more than one byte past the limit read, as
    `reader.py` does for minutes files."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise Unreadable("it is not an ordinary file (a folder, pipe or device), so it was not read")
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        with open(handle, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                raise Unreadable("it is not an ordinary file, so it was not read")
            raw = file.read(limit + 1)
    except OSError as error:
        raise Unreadable(f"it could not be read: {error.strerror or error}") from None
    if len(raw) > limit:
        raise Unreadable(f"it is larger than {limit >> 20} MiB, the most that is imported; "
                         "is this the right file?")
    if not raw.strip():
        raise Unreadable("the file is empty")
    return raw
