"""Edit-to-page in `mkdocs serve` against a full build, on generated corpora.

Usage: python bench/serve_speed.py [N ...]   (default: 1000)

For each size: a full `mkdocs build` of the corpus (bench/generate.py), then a running
`mkdocs serve` of it in which three minutes files are edited in turn, each timed from
saving the file until the served meeting page shows the edit, and until the console
says the search index (made in the background) is current. Prints the full build, the
median edit-to-page and their ratio, and the median edit-to-index.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import site_repo  # noqa: E402
from minutes_kit.people import slug  # noqa: E402

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MINUTES_KIT_INTERNAL": "false"}
EDITS = 3


def full_build(root: Path) -> float:
    with tempfile.TemporaryDirectory() as site:
        start = time.perf_counter()
        subprocess.run([str(BIN / "mkdocs"), "build", "-q", "-d", site], cwd=root, env=ENV, check=True,
                       capture_output=True)
        return time.perf_counter() - start


def page_shows(url: str, marker: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=600) as response:
            return marker in response.read().decode("utf-8")
    except urllib.error.URLError:
        return False


CURRENT = "the search index is current"


def edit_to_page(root: Path) -> tuple[list[float], list[float]]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = root / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen([str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"], cwd=root,
                                  env=ENV, stdout=out, stderr=subprocess.STDOUT)
    try:
        while "Serving on" not in log.read_text():
            if server.poll() is not None:
                raise SystemExit(log.read_text())
            time.sleep(0.5)
        times, indexed = [], []

        def current(before: int) -> None:
            while log.read_text().count(CURRENT) <= before:
                time.sleep(0.05)

        current(0)
        files = sorted((root / "minutes").rglob("*.md"))
        for n in range(EDITS):
            path = files[(n + 1) * len(files) // (EDITS + 1)]
            text = path.read_text(encoding="utf-8")
            committee = re.search(r"^committee: (.*)$", text, re.MULTILINE)
            day = re.search(r"^date: (.*)$", text, re.MULTILINE)
            assert committee and day
            url = f"http://127.0.0.1:{port}/meetings/{slug(committee[1])}/{day[1]}/"
            assert page_shows(url, "<h1"), url
            marker = f"Edited for timing {n} {time.time_ns()}."
            before = log.read_text().count(CURRENT)
            start = time.perf_counter()
            path.write_text(text.replace("\n- ", f"\n- {marker} ", 1), encoding="utf-8")
            while not page_shows(url, marker):
                time.sleep(0.05)
            times.append(time.perf_counter() - start)
            current(before)
            indexed.append(time.perf_counter() - start)
            before = log.read_text().count(CURRENT)
            path.write_text(text, encoding="utf-8")
            time.sleep(1)
            while not page_shows(url, "<h1") or page_shows(url, marker):
                time.sleep(0.2)
            current(before)  # no indexing under way when the next edit is saved
        return times, indexed
    finally:
        server.send_signal(signal.SIGINT)  # as Ctrl-C: serve removes its temporary site
        server.wait()


def main(sizes: list[int]) -> None:
    print("| meetings | full build (s) | edit-to-page in serve, median of 3 (s) | ratio "
          "| edit-to-index (s) |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for count in sizes:
        root = site_repo(count)
        full = full_build(root)
        times, indexed = edit_to_page(root)
        edit = statistics.median(times)
        print(f"| {count:,} | {full:.1f} | {edit:.1f} ({', '.join(f'{t:.1f}' for t in times)}) "
              f"| {edit / full:.2f} | {statistics.median(indexed):.1f} |", flush=True)


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [1000])
