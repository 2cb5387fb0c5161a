"""Pagefind's index while serving: made after the edited page is served, not before it.

Pagefind indexes the whole site each time it runs: at a thousand meetings that is about
as long as the rest of a rebuild after one edit. While serving, the rebuilt pages are
served at once and the index is made in the background, scanned for exempt text as
every output is, and only then put where the browser fetches it; the console says when
it is current. Until then the last index stays served (the rebuild scans it again with
the rest of the site). The index is made again only when a meeting page, the only kind
it holds, changed. A plain build indexes before it ends, as it always has.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from . import canary, pagefind_index

log = logging.getLogger("mkdocs.plugins.minutes-kit")
# Where the served index waits while MkDocs empties the site: hidden, so MkDocs leaves it.
HELD = ".pagefind-served"
Scan = Callable[[Path], list[canary.Leak]]


class BackgroundIndex:
    """The index of a served site, made by one Pagefind run at a time: a rebuild stops
    the run it would make stale."""

    def __init__(self) -> None:
        self.thread: threading.Thread | None = None
        self.running: subprocess.Popen[str] | None = None
        self.stopped = threading.Event()
        self.lock = threading.Lock()
        self.current: bytes | None = None  # the digest of the pages the served index holds

    def hold(self, site_dir: Path) -> None:
        """Before a rebuild: stop indexing, and keep the served index out of MkDocs' way."""
        self.stop()
        served, held = site_dir / pagefind_index.FOLDER, site_dir / HELD
        if served.is_dir():
            shutil.rmtree(held, ignore_errors=True)
            served.rename(held)

    def restore(self, site_dir: Path) -> None:
        """After a rebuild, before its scan: the last index is served until the next is made."""
        held = site_dir / HELD
        if held.is_dir() and not (site_dir / pagefind_index.FOLDER).exists():
            held.rename(site_dir / pagefind_index.FOLDER)
        shutil.rmtree(held, ignore_errors=True)

    def start(self, site_dir: Path, pages: bytes, scan: Scan | None) -> None:
        """Index the site's ``pages`` (their digest) in the background unless the served
        index already holds them; ``scan`` finds exempt text in the new index."""
        if pages == self.current and (site_dir / pagefind_index.FOLDER).is_dir():
            return
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(site_dir, pages, scan, self.stopped),
                                       daemon=True)
        self.thread.start()

    def stop(self) -> None:
        """Stop the run under way, if any, and wait for it: its index would be stale."""
        with self.lock:
            self.stopped.set()
            if self.running is not None and self.running.poll() is None:
                self.running.kill()
        if self.thread is not None:
            self.thread.join()
        self.thread = None

    def _started(self, running: subprocess.Popen[str], stopped: threading.Event) -> None:
        with self.lock:
            self.running = running
            if stopped.is_set():
                running.kill()

    def _run(self, site_dir: Path, pages: bytes, scan: Scan | None, stopped: threading.Event) -> None:
        fresh = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-index-", dir=site_dir.parent))
        try:
            summary = pagefind_index.index(site_dir, into=fresh,
                                           started=lambda running: self._started(running, stopped))
            if stopped.is_set():
                return
            if summary:
                log.info(summary)
            leaks = scan(fresh) if scan is not None else []
            self._refuse(leaks, fresh, site_dir / pagefind_index.FOLDER)
            with self.lock:
                if stopped.is_set():
                    return
                _replace(site_dir / pagefind_index.FOLDER, fresh)
                self.current = None if leaks else pages
            log.info("the search index is current")
        except (pagefind_index.PagefindError, OSError) as error:
            if not stopped.is_set():
                log.error(f"search is not updated: {error}")
        finally:
            shutil.rmtree(fresh, ignore_errors=True)

    @staticmethod
    def _refuse(leaks: list[canary.Leak], fresh: Path, served: Path) -> None:
        """The files of the new index that exempt text reached are removed before it is
        served, as serve removes such pages: search finds nothing of them."""
        for leak in leaks:
            log.error(str(replace(leak, output=str(served / Path(leak.output).relative_to(fresh)))))
            Path(leak.output).unlink(missing_ok=True)
        if leaks:
            log.error(f"exempt text reached {len(leaks)} place(s) of the search index, so those files are "
                      f"not served: remove that text from the public pages and save again")


def _replace(served: Path, fresh: Path) -> None:
    """Put the new index where the old one was served, the old removed after."""
    old = Path(tempfile.mkdtemp(prefix=f".{served.parent.name}-index-old-", dir=served.parent.parent))
    if served.is_dir():
        served.rename(old / served.name)
    fresh.rename(served)
    shutil.rmtree(old, ignore_errors=True)
