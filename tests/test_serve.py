"""`mkdocs serve` follows the minutes: a real server in a subprocess on a copy of the
example repository, edited as a clerk would, and its site compared with a full build."""

from __future__ import annotations

import filecmp
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

import pytest

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


def _differences(served: Path, full: Path) -> list[str]:
    """Every file that is not the same, byte for byte, in both folders."""
    found = []
    for folder, _, files in os.walk(full):
        for name in files:
            theirs = Path(folder) / name
            ours = served / theirs.relative_to(full)
            if not ours.is_file() or not filecmp.cmp(ours, theirs, shallow=False):
                found.append(str(theirs.relative_to(full)))
    for folder, _, files in os.walk(served):
        found += [str((Path(folder) / name).relative_to(served)) for name in files
                  if not (full / (Path(folder) / name).relative_to(served)).exists()]
    return found


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
    assert _differences(server.site, _full_build(server.repo, tmp_path / "full")) == []
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
    assert _differences(server.site, _full_build(server.repo, tmp_path / "full")) == []


def test_exempt_text_pasted_into_public_minutes_is_not_served(server: Server) -> None:
    paste = _edit(server.repo, MEETING, "were agreed with one correction.",
                  f"were agreed with one correction.\n\n{EXEMPT}")
    server.rebuilt(paste)
    assert "exempt text from exempt/corporate-parenting-board/2012-07-10.md:" in server.log.replace(
        str(server.repo) + os.sep, "")
    assert server.get(PAGE)[0] == 404
    assert server.get("")[0] == 200  # serving goes on
    server.rebuilt(_edit(server.repo, MEETING, f"\n\n{EXEMPT}", ""))
    assert server.get(PAGE)[0] == 200
