"""Where each minutes file's per-file results are kept between runs, so that a run
reads again only what changed.

An entry is found by the file's path and a digest of its bytes together with everything
the result depends on (:func:`fingerprint`: this program's version and code, Python's
and pydantic's versions): an edited file, or a new release, simply finds no entry. The
entries live in one SQLite database in ``.minutes-kit-cache/`` at the repository's root
(or under ``$MINUTES_KIT_CACHE_DIR``). SQLite, not a file per entry: one query reads
10,000 entries in a fraction of the time 10,000 opens take, and its locking (in WAL
mode) lets two runs at once both read and write without either seeing half an entry.

What an entry holds is plain JSON (see :mod:`minutes_kit.summary`), never pickled
objects: a shared repository's cache can be written by anyone, so every entry is
checked before it is used and anything odd is read again from the file. A cache that
cannot be opened or written is no cache at all: the run is as slow as without one,
never wrong and never stopped.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import shutil
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import NamedTuple, cast

FOLDER = ".minutes-kit-cache"
ENVIRONMENT = "MINUTES_KIT_CACHE_DIR"
_DATABASE = "entries.sqlite3"
_WAIT_SECONDS = 10.0  # for another run's write to finish
_LAYOUT = 7  # of the tables: a database of another layout is emptied and made again
_ANSWERS_KEPT = 64  # answers for recent states of the repository (see `keep`)
_BATCH = 500  # paths asked for at once (SQLite takes up to 32,766 parameters)
# Each file's entry: its digest, what its own checks found (``problems``), the digest of
# what the checks across meetings read of it (``facts``), the entry itself, and its
# meeting's date and people (``outline``: what a run reads of each meeting first).
_TABLES = (
    "CREATE TABLE IF NOT EXISTS entries (path TEXT PRIMARY KEY, digest TEXT NOT NULL, "
    "entry TEXT NOT NULL, facts TEXT NOT NULL, problems TEXT NOT NULL, outline TEXT NOT NULL)",
    # What an answered run reads of every file (`outlines`), without the entries' pages:
    # a tenth of their size.
    "CREATE INDEX IF NOT EXISTS outlines ON entries (path, digest, facts, problems)",
    # Each file's digest with the signature of its status (size, times, inode) when read.
    "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, signature TEXT NOT NULL, digest TEXT NOT NULL)",
    # What a command answered for one state of the repository (see minutes_kit.answers).
    # ``seal`` is a digest of the key and the answer: an answer damaged or moved is none.
    "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, answer TEXT NOT NULL, seal TEXT NOT NULL, "
    "used INTEGER NOT NULL)",
    # Rows of an answer too large to read whole (a register's actions), each sealed, and
    # who each row is for (see `keep_rows`).
    "CREATE TABLE IF NOT EXISTS rows (answer TEXT NOT NULL, key TEXT NOT NULL, row TEXT NOT NULL, "
    "seal TEXT NOT NULL, PRIMARY KEY (answer, key))",
    "CREATE TABLE IF NOT EXISTS owners (answer TEXT NOT NULL, who TEXT NOT NULL, key TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS owners_by ON owners (answer, who)",
)


def tool_version() -> str:
    try:
        return version("minutes-kit")
    except PackageNotFoundError:  # run from a source tree that is not installed
        return "unknown"


def fingerprint() -> bytes:
    """What every per-file result depends on besides the file: a change to any of it
    makes every entry foreign. The package's own source is part of it, so a checkout
    between commits of the same version never reuses a result the new code would not
    give."""
    digest = hashlib.sha256()
    for part in (tool_version(), sys.version.split()[0], version("pydantic")):  # without importing it
        digest.update(part.encode() + b"\0")
    digest.update(_source())
    return digest.digest()


@functools.cache
def _source() -> bytes:
    """A digest of the package's source, read once a process."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0")
        digest.update(source.read_bytes())
    return digest.digest()


def folder_for(root: Path) -> Path:
    """The cache of the repository at ``root``: inside it, or in a folder of its own
    under ``$MINUTES_KIT_CACHE_DIR``."""
    shared = os.environ.get(ENVIRONMENT)
    if not shared:
        return root / FOLDER
    name = hashlib.sha256(os.path.abspath(root).encode()).hexdigest()[:16]
    return Path(shared) / name


class Stored(NamedTuple):
    """One file's entry as stored: the digest of the file it was made from, the entry,
    its outline and its problems (see :mod:`minutes_kit.summary`)."""

    digest: str
    entry: str
    outline: str
    problems: str


class Cache:
    """The entries of one repository, by path. Every failure of the database is
    swallowed: the caller reads the file instead."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._key = fingerprint()
        self._connection: sqlite3.Connection | None = None
        self._opened = False

    @functools.cached_property
    def version(self) -> str:
        """A short name of the fingerprint (in every file's signature: made once)."""
        return self._key.hex()[:16]

    def digest(self, raw: bytes) -> str:
        return hashlib.sha256(self._key + raw).hexdigest()

    def entries(self, paths: Sequence[str]) -> dict[str, Stored]:
        """The stored entry of each of ``paths`` that has one. Asked for a few hundred
        paths at a time: holding every entry's text at once would cost a run at 10,000
        files 40 MB at its peak, and one query a file a tenth of its time."""
        return {path: Stored(*columns) for path, columns in self._select(
            "entries", ("digest", "entry", "outline", "problems"), paths).items()}

    def outlines(self, paths: Sequence[str]) -> dict[str, tuple[str, str, str]]:
        """The stored (digest, facts, problems) of each of ``paths`` that has an entry:
        all an answered run reads of a file (see minutes_kit.answers)."""
        return cast("dict[str, tuple[str, str, str]]",
                    self._select("entries", ("digest", "facts", "problems"), paths))

    def signatures(self, paths: Sequence[str]) -> dict[str, tuple[str, str]]:
        """The stored (signature, digest) of each of ``paths`` read before."""
        return cast("dict[str, tuple[str, str]]", self._select("files", ("signature", "digest"), paths))

    def _select(self, table: str, columns: Sequence[str], paths: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """The ``columns`` of each of ``paths`` in ``table``, asked for a batch of paths at a
        time; a row whose columns are not all text is no row (SQLite sets them aside)."""
        query = (f"SELECT path, {', '.join(columns)} FROM {table} WHERE "
                 + " AND ".join(f"typeof({column}) = 'text'" for column in columns))
        found: dict[str, tuple[str, ...]] = {}
        with self._guard() as connection:
            if connection is None:
                return found
            if len(paths) > _BATCH and 2 * len(paths) > _size(connection, table):
                # Half the table or more: one pass over it is quicker than asking path by
                # path (a path asked for costs about twice a row passed).
                wanted = set(paths)
                return {row[0]: row[1:] for row in connection.execute(query) if row[0] in wanted}
            for start in range(0, len(paths), _BATCH):
                batch = list(paths[start:start + _BATCH])
                marks = ", ".join("?" * len(batch))
                rows = connection.execute(f"{query} AND path IN ({marks})", batch)
                found.update((row[0], row[1:]) for row in rows)
        return found

    def store(self, entries: Iterable[tuple[str, str, str, str, str, str]], read: Iterable[str] = ()) -> None:
        """Write (path, digest, entry, facts, problems, outline) rows in one transaction, and
        forget the entries of files gone (deleted or renamed) among those not ``read``
        in this run. A path is kept as it was written (``minutes/a.md`` by the command
        line, an absolute path by the MkDocs plugin), so one spelling never evicts
        another."""
        rows = list(entries)
        if not rows:  # files gone are forgotten by the next run that stores an entry
            return
        with self._guard() as connection:
            if connection is None:
                return
            with connection:
                seen = set(read)
                gone = [(path,) for (path,) in connection.execute("SELECT path FROM entries")
                        if path not in seen and not os.path.lexists(path)]
                connection.executemany("DELETE FROM entries WHERE path = ?", gone)
                connection.executemany("DELETE FROM files WHERE path = ?", gone)
                connection.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?)", rows)

    def remember(self, files: Iterable[tuple[str, str, str]]) -> None:
        """Write (path, signature, digest) rows: the digests a later run may take
        without reading the files, while their signatures stay the same."""
        rows = list(files)
        with self._guard() as connection:
            if connection is not None and rows:
                with connection:
                    connection.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", rows)

    def answer(self, key: str) -> str | None:
        """The answer kept for ``key``, if any and as it was kept. The seal catches
        damage and an answer put under another key, not a forgery: see the README."""
        with self._guard() as connection:
            if connection is not None:
                row = connection.execute("SELECT answer, seal FROM answers WHERE key = ?", (key,)).fetchone()
                if row is not None and isinstance(row[0], str) and row[1] == self._seal(key, row[0]):
                    with connection:
                        connection.execute("UPDATE answers SET used = ? WHERE key = ?", (time.time_ns(), key))
                    return row[0]
        return None

    def keep(self, key: str, answer: str) -> None:
        """Keep ``answer`` for ``key``, and only the most recently used answers beside it:
        one state of a repository is seldom seen again once it has changed."""
        with self._guard() as connection:
            if connection is not None:
                with connection:
                    self._keep(connection, key, answer)

    def forget(self, keys: Sequence[str]) -> None:
        """Forget the answers kept for ``keys``."""
        with self._guard() as connection:
            if connection is not None and keys:
                with connection:
                    connection.executemany("DELETE FROM answers WHERE key = ?", [(key,) for key in keys])

    def _keep(self, connection: sqlite3.Connection, key: str, answer: str) -> None:
        connection.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)",
                           (key, answer, self._seal(key, answer), time.time_ns()))
        connection.execute("DELETE FROM answers WHERE key NOT IN (SELECT key FROM answers "
                           "ORDER BY used DESC LIMIT ?)", (_ANSWERS_KEPT,))
        for table in ("rows", "owners"):
            connection.execute(f"DELETE FROM {table} WHERE answer NOT IN (SELECT key FROM answers)")

    def keep_rows(self, key: str, head: str, rows: Iterable[tuple[str, Iterable[str], str]]) -> None:
        """Keep an answer as its ``head`` and (row key, for whom, row) rows, each of which
        :meth:`rows` reads on its own."""
        with self._guard() as connection:
            if connection is not None:
                with connection:
                    for table in ("rows", "owners"):
                        connection.execute(f"DELETE FROM {table} WHERE answer = ?", (key,))
                    for row_key, whom, row in rows:
                        connection.execute("INSERT INTO rows VALUES (?, ?, ?, ?)",
                                           (key, row_key, row, self._seal(f"{key}\0{row_key}", row)))
                        connection.executemany("INSERT INTO owners VALUES (?, ?, ?)",
                                               [(key, who, row_key) for who in whom])
                    self._keep(connection, key, head)  # in one transaction with its rows

    def rows(self, key: str, who: str | None = None) -> list[tuple[str, str]] | None:
        """The (row key, row) of the answer ``key`` (only those for ``who``, if given), in
        the order kept (a row's owners are kept with it, so theirs is its order: the
        index they are found by gives it without sorting); None if a row is not as it
        was kept."""
        query = ("SELECT key, row, seal FROM rows WHERE answer = ? ORDER BY rowid" if who is None else
                 "SELECT rows.key, row, seal FROM owners JOIN rows ON rows.answer = owners.answer "
                 "AND rows.key = owners.key WHERE owners.answer = ? AND owners.who = ? ORDER BY owners.rowid")
        found = []
        with self._guard() as connection:
            if connection is None:
                return None
            for row_key, row, seal in connection.execute(query, (key,) if who is None else (key, who)):
                if not (isinstance(row_key, str) and isinstance(row, str)
                        and seal == self._seal(f"{key}\0{row_key}", row)):
                    return None
                found.append((row_key, row))
        return found

    def _seal(self, key: str, answer: str) -> str:
        return hashlib.sha256(f"{key}\0{answer}".encode("utf-8", "surrogatepass")).hexdigest()

    def clear(self) -> bool:
        """Remove the whole folder; False if there was none."""
        self.close()
        if not self.folder.exists():
            return False
        shutil.rmtree(self.folder)
        return True

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
        self._connection, self._opened = None, False

    @contextlib.contextmanager
    def _guard(self) -> Iterator[sqlite3.Connection | None]:
        """The database, or None when it cannot be used; a database error on the way
        (locked too long, a full disk, a file that is not a database) leaves it unused
        for the rest of the run."""
        connection = None
        try:
            connection = self._open()
        except (sqlite3.Error, OSError) as error:
            self._give_up(error)
        try:
            yield connection
        except (sqlite3.Error, OSError) as error:
            self._give_up(error)

    def _give_up(self, error: Exception) -> None:
        """Not tried again in this run; a damaged database (not one merely locked by
        another run for too long) is removed, so that the next run starts afresh."""
        self.close()
        self._opened = True
        if isinstance(error, sqlite3.DatabaseError) and not isinstance(error, sqlite3.OperationalError):
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    (self.folder / (_DATABASE + suffix)).unlink(missing_ok=True)

    def _open(self) -> sqlite3.Connection | None:
        if self._opened:
            return self._connection
        self._opened = True
        self.folder.mkdir(parents=True, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# written by minutes-kit: its cache is never committed\n*\n", encoding="utf-8")
        path = self.folder / _DATABASE
        try:
            self._connection = _connect(path)
        except sqlite3.OperationalError:
            raise
        except sqlite3.DatabaseError:
            # Not a database (damaged, or something else written there): start afresh.
            path.unlink(missing_ok=True)
            self._connection = _connect(path)
        return self._connection


def _size(connection: sqlite3.Connection, table: str) -> int:
    """How many rows ``table`` holds (SQLite counts them without reading them)."""
    found = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return found if isinstance(found, int) else 0


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=_WAIT_SECONDS, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        if connection.execute("PRAGMA user_version").fetchone()[0] != _LAYOUT:
            connection.execute("BEGIN IMMEDIATE")
            tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
            for (table,) in tables:
                connection.execute(f'DROP TABLE "{table}"')
            for table in _TABLES:
                connection.execute(table)
            connection.execute(f"PRAGMA user_version = {_LAYOUT}")
            connection.execute("COMMIT")
        connection.execute("SELECT count(*) FROM entries").fetchone()
    except sqlite3.Error:
        connection.close()
        raise
    connection.isolation_level = "DEFERRED"
    return connection
