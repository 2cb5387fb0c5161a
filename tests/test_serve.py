"""`mkdocs serve` follows the minutes: a real server in a subprocess on a copy of the
example repository, edited as a clerk would, and its site, search index included once
it is current, compared with a full build."""

from __future__ import annotations

import filecmp
import gzip
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from minutes_kit import canary
from tests.conftest import MKDOCS, VALID, copy_repo

MEETING = "minutes/corporate-parenting-board/2012-10-09.md"
PAGE = "meetings/corporate-parenting-board/2012-10-09/"
# A sentence of the exempt record of the board's July meeting.
EXEMPT = ("LD, the child's IRO, presented the placement plan for Child K, including the change of "
          "school and the transport needed to get there.")
ADDED = "minutes/planning-committee/2024-03-05.md"
_LIVERELOAD = re.compile(r"<script>\s*var livereload = .*?</script>(?=</body>)", re.DOTALL)
WAIT = 240.0  # seconds: generous, for a loaded machine; nothing is timed


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, repo: Path, port: int, log: Path, tmp: Path) -> None:
        self.repo, self.url, self.log_path, self.tmp = repo, f"http://127.0.0.1:{port}/", log, tmp
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MINUTES_KIT_INTERNAL": "false",
               "TMPDIR": str(tmp), "SOURCE_DATE_EPOCH": "1700000000"}
        self.log_file = log.open("w")
        self.process = subprocess.Popen([MKDOCS, "serve", "-a", f"127.0.0.1:{port}"], cwd=repo, env=env,
                                        stdout=self.log_file, stderr=subprocess.STDOUT)

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    @property
    def site(self) -> Path:
        (folder,) = [p for p in self.tmp.glob("mkdocs_*") if p.is_dir()]
        return folder

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=WAIT) as response:
                # without the script the server adds to reload the browser after a build
                return response.status, _LIVERELOAD.sub("", response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            return error.code, ""

    def until(self, what: str, condition: Callable[[], bool]) -> None:
        deadline = time.monotonic() + WAIT
        while not condition():
            assert self.process.poll() is None, f"serve stopped:\n{self.log}"
            assert time.monotonic() < deadline, f"never saw {what}:\n{self.log}"
            time.sleep(0.3)

    def rebuilt(self, change: Callable[[], None]) -> None:
        """Make a change and wait until the build it causes is served."""
        before = self.log.count("Reloading browsers") + self.log.count("the pages stay as they were")
        change()
        self.until("a rebuild", lambda: self.log.count("Reloading browsers")
                   + self.log.count("the pages stay as they were") > before)
        self.get("")  # answered once the build is whole

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)  # as Ctrl-C: serve removes its temporary site
        self.process.wait(timeout=120)
        self.log_file.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    repo = copy_repo(tmp_path_factory.mktemp("served"))
    port = _free_port()
    # The served site names its own address; a full build given the same one is the same.
    with (repo / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(f"\nsite_url: http://127.0.0.1:{port}/\n")
    tmp = tmp_path_factory.mktemp("tmp")
    running = Server(repo, port, tmp_path_factory.mktemp("log") / "serve.log", tmp)
    try:
        running.until("the server start", lambda: "Serving on" in running.log)
        yield running
    finally:
        running.stop()


def _edit(repo: Path, name: str, old: str, new: str) -> Callable[[], None]:
    def change() -> None:
        path = repo / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return change


# Pagefind's files that differ from run to run: it writes the values of a filter, and the
# filters in its metadata, in no fixed order, and names each file by a hash of its bytes.
_UNORDERED = re.compile(r"pagefind/(filter/.*\.pf_filter|pagefind\..*\.pf_meta|pagefind-entry\.json)")


def _unordered(site: Path, names: list[str]) -> list[bytes]:
    """Those files reduced to what is the same in any order: their bytes, sorted, without
    the hashes that name them (the rest of the index is the same bytes in every run)."""
    reduced = []
    for name in names:
        raw = (site / name).read_bytes()
        raw = gzip.decompress(raw) if raw.startswith(b"\x1f\x8b") else raw
        reduced.append(bytes(sorted(re.sub(rb"[a-z-]+_[0-9a-f]{7,}", b"", raw))))
    return sorted(reduced)


def _differences(served: Path, full: Path) -> list[str]:
    """Every file that is not the same, byte for byte, in both folders; Pagefind's
    unordered files are compared as the same bytes in any order."""
    ours, theirs = ({str(p.relative_to(site).as_posix()) for p in site.rglob("*") if p.is_file()}
                    for site in (served, full))
    found = sorted(name for name in ours ^ theirs if not _UNORDERED.fullmatch(name))
    try:
        for name in ours & theirs:
            if not _UNORDERED.fullmatch(name) and not filecmp.cmp(served / name, full / name, shallow=False):
                found.append(name)
        if _unordered(served, sorted(filter(_UNORDERED.fullmatch, ours))) != _unordered(
                full, sorted(filter(_UNORDERED.fullmatch, theirs))):
            found.append("pagefind's filters and metadata")
    except FileNotFoundError:  # the served index replaced as it was read
        found.append("pagefind/")
    return found


def _same_as_full_build(server: Server, full: Path) -> None:
    """The served site, once its search index is current, is what a full build writes."""
    _full_build(server.repo, full)
    left: list[str] = []

    def same() -> bool:
        left[:] = _differences(server.site, full)
        return not left

    try:
        server.until("the site a full build writes", same)
    except AssertionError as error:
        raise AssertionError(f"still different: {left}") from error


def _served_index(server: Server) -> list[dict[str, Any]]:
    """Pagefind's record of each page in the served index, as the browser would fetch it."""
    try:
        return [json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
                for path in sorted((server.site / "pagefind" / "fragment").glob("*.pf_fragment"))]
    except FileNotFoundError:  # replaced by a newer index as it was read
        return []


def _full_build(repo: Path, to: Path) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MINUTES_KIT_INTERNAL": "false",
           "SOURCE_DATE_EPOCH": "1700000000"}
    done = subprocess.run([MKDOCS, "build", "--site-dir", str(to)], cwd=repo, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return to


def test_an_edit_is_served_and_the_site_is_what_a_full_build_writes(server: Server, tmp_path: Path) -> None:
    server.rebuilt(_edit(server.repo, MEETING, "were agreed without amendment",
                         "were agreed with one correction"))
    status, page = server.get(PAGE)
    assert status == 200 and "were agreed with one correction" in page
    _same_as_full_build(server, tmp_path / "full")
    assert "the search index is current" in server.log
    # An edit to the people directory or an update file rebuilds too: both are watched.
    assert "'minutes'" in server.log and "'actions/updates'" in server.log


@pytest.mark.parametrize(("broken", "problem"), [
    ("start: 6pm: 7pm", "yaml-syntax"),  # YAML cannot read the file
    ("start: 25:00", "invalid-value"),   # read, but refused by the format
])
def test_a_problem_in_the_edited_file_is_located_and_the_last_good_pages_stay(
        server: Server, broken: str, problem: str) -> None:
    status, good = server.get(PAGE)
    assert status == 200
    path = server.repo / MEETING
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    at = next(n for n, line in enumerate(lines, 1) if line.startswith("start:"))
    server.rebuilt(_edit(server.repo, MEETING, lines[at - 1], broken))
    located = [line for line in server.log.splitlines() if f"{MEETING}:" in line]
    assert any(line.startswith(f"ERROR   -  {MEETING}:{at}:") and f": {problem}: " in line
               for line in located), server.log
    assert "Traceback" not in server.log
    assert server.get(PAGE) == (200, good)  # the last good page, at once
    server.rebuilt(lambda: path.write_text(text, encoding="utf-8"))
    assert server.get(PAGE) == (200, good)


def test_a_meeting_added_is_served_and_one_deleted_is_gone(server: Server, tmp_path: Path) -> None:
    path = server.repo / ADDED
    path.parent.mkdir()
    server.rebuilt(lambda: path.write_text(VALID.replace("Example Council", "Derby City Council"),
                                           encoding="utf-8"))
    status, _ = server.get("meetings/planning-committee/2024-03-05/")
    assert status == 200, server.log
    assert "2024-03-05" in server.get("committees/planning-committee/2024/")[1]
    server.rebuilt(path.unlink)
    assert server.get("meetings/planning-committee/2024-03-05/")[0] == 404
    assert server.get("committees/planning-committee/2024/")[0] == 404
    _same_as_full_build(server, tmp_path / "full")


@pytest.mark.parametrize("word", ["quokka", "Wombatfeld"])
def test_a_word_saved_in_the_minutes_is_found_by_search_once_the_index_is_current(
        server: Server, word: str) -> None:
    url = f"/{PAGE}"
    server.rebuilt(_edit(server.repo, MEETING, "were agreed with one correction.",
                         f"were agreed with one correction. The {word} report was noted."))
    assert word in server.get(PAGE)[1]  # the page at once; the index as soon as it is made
    server.until(f"{word} in the served index", lambda: any(
        word in page["content"] for page in _served_index(server) if page["url"] == url))
    server.rebuilt(_edit(server.repo, MEETING, f" The {word} report was noted.", ""))
    server.until(f"{word} gone from the served index", lambda: any(
        page["url"] == url for page in _served_index(server)) and not any(
        word in page["content"] for page in _served_index(server)))


def test_exempt_text_pasted_into_public_minutes_is_not_served(server: Server) -> None:
    paste = _edit(server.repo, MEETING, "were agreed with one correction.",
                  f"were agreed with one correction.\n\n{EXEMPT}")
    server.rebuilt(paste)
    assert "exempt text from exempt/corporate-parenting-board/2012-07-10.md:" in server.log.replace(
        str(server.repo) + os.sep, "")
    assert server.get(PAGE)[0] == 404
    assert server.get("")[0] == 200  # serving goes on
    # Nor is it in the search index made after the page was refused.
    server.until("the refused page gone from the index", lambda: bool(_served_index(server)) and all(
        page["url"] != f"/{PAGE}" for page in _served_index(server)))
    secret = canary.Canary(canary.words(EXEMPT), "exempt", 1)
    assert canary.scan([secret], dict(canary.folder_texts(server.site / "pagefind"))) == []
    server.rebuilt(_edit(server.repo, MEETING, f"\n\n{EXEMPT}", ""))
    assert server.get(PAGE)[0] == 200
