"""Time what the per-file cache saves, side by side in one run.

Usage: python bench/cache_speed.py [--rounds R] [N ...]     (default: 3 rounds, 1000 10000)

For each size, a generated repository (bench/repo-cache-N: minutes/ and exempt/, and the
register written once into actions/) is timed in fresh processes: Python importing the
checks (the floor of any run that reads a changed file), `check` with no cache,
with a cold cache (cleared first) and warm; at the largest size also the commands a
commit runs when one file changed (`check --strict FILE`, then `register --check`, the
two pre-commit hooks, with the file's entry stale) for a line added to its narrative, and
`check --strict FILE` for a new due date of one of its actions (which changes what the
checks across meetings read, and the register) and `register` after it (and the two hooks
once it has run), for a mistake that refuses the file and for it put right, for a new
meeting after every other and for a new update file, `register --check` warm, and
`actions --owner JJ` (thousands of actions in the generated minutes) and a query that
lists a few. Rows are measured in rounds (every row once, then again) and the fastest of
each is reported with its peak memory (the command's own process) and processor time,
which a machine shared with other work disturbs less than elapsed time. Ratios are to
the cold `check` of the same size: this machine's speed drifts from hour to hour, so
compare rows of one run.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

FOLDER = ".minutes-kit-cache"
# Runs one command and reports its seconds and peak memory: the only child of this
# process is the command, so the children's peak is the command's.
TIMED = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
seconds = time.perf_counter() - start
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "cpu": used.ru_utime + used.ru_stime, "mb": used.ru_maxrss / 1024,
                  "code": done.returncode}))
"""
TARGETS = {"warm check": "<= 0.1x cold; < 200 MB", "one file changed: check --strict FILE": "< 1 s",
           "actions --owner JJ": "< 1 s", "pre-commit on a one-file change (both hooks)": "< 2 s",
           "an action's due date changed: check --strict FILE": "< 1 s",
           "a new meeting, the latest: check --strict FILE": "< 1 s",
           "a mistake saved (the file refused): check --strict FILE": "< 1 s",
           "the mistake put right, with a new due date: check --strict FILE": "< 1 s",
           "a new update file: check --strict FILE": "< 1 s"}


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "minutes_kit", *args]


def timed(root: Path, *commands: list[str]) -> dict[str, float]:
    """The commands run one after another in ``root``: their total seconds (elapsed and
    of processor time), the largest peak memory, and the last exit status that was not 0."""
    total, cpu, peak, code = 0.0, 0.0, 0.0, 0
    for args in commands:
        done = subprocess.run([sys.executable, "-c", TIMED, *args], cwd=root, check=True,
                              capture_output=True, text=True)
        result = json.loads(done.stdout)
        total, cpu, peak = total + result["seconds"], cpu + result["cpu"], max(peak, result["mb"])
        code = result["code"] or code
    return {"seconds": total, "cpu": cpu, "mb": peak, "code": code}


def repository(size: int) -> Path:
    root = HERE / f"repo-cache-{size}"
    if not (root / "minutes").exists():
        generate(size, root / "minutes", root / "exempt")
    if not (root / "actions").exists():
        subprocess.run(command("--no-cache", "register"), cwd=root, check=True, capture_output=True)
    return root


def variants(root: Path, largest: bool) -> list[tuple[str, Callable[[], dict[str, float]]]]:
    edited = sorted((root / "minutes").rglob("*.md"))[len(list((root / "minutes").rglob("*.md"))) // 2]
    name = str(edited.relative_to(root))
    original = edited.read_bytes()

    def cold() -> dict[str, float]:
        shutil.rmtree(root / FOLDER, ignore_errors=True)
        return timed(root, command("check"))

    # Each edit is new on every run (``n``): an edit made before is answered from what
    # was kept for it. A narrative edit leaves what the checks across meetings read as it
    # was; a new due date for an action changes it, and the register with it.
    def narrative(n: int) -> bytes:
        return original + b"\nA line added to the narrative (%d).\n" % n

    def due(n: int) -> bytes:
        return re.sub(rb"due: (\d{4})-", lambda m: b"due: %d-" % (int(m[1]) + n), original, count=1)

    assert due(1) != original, "the generated minutes raise no action with a due date"

    def mistake(n: int) -> bytes:  # a due date no one can read: the file is refused
        return re.sub(rb"due: \d{4}-\S*", b"due: next Tuesday-ish %d" % n, original, count=1)

    # A new meeting a week after every other (the last one again, its actions' ids its
    # own): the commit a clerk makes most.
    last = max((root / "minutes").rglob("*.md"), key=lambda path: path.stem)
    day = date.fromisoformat(last.stem) + timedelta(days=7)
    latest = last.parent / f"{day}.md"
    dated = re.sub(rb"(?m)^date: .*$", b"date: %s" % str(day).encode(), last.read_bytes(), count=1)

    def new(n: int) -> bytes:
        return re.sub(rb"(?m)^(\s+- id: )(m\S+)$", rb"\1new%d-\2" % n, dated)

    # Progress recorded between meetings on one of the edited meeting's actions.
    raised = re.search(rb"(?m)^\s+- id: (m\S+)$", original)
    assert raised is not None, "the generated minutes raise no action"
    progress = root / "actions" / "updates" / "bench-progress.yml"
    def update(n: int) -> bytes:
        return b"action: %s\ndate: %s\nstatus: in progress\nnote: under way (%d)\n" % (
            raised[1], str(date.fromisoformat(edited.stem) + timedelta(days=1)).encode(), n)

    runs = itertools.count(1)

    def one_file(*commands: list[str], edit: Callable[[int], bytes] = narrative, target: Path = edited,
                 first: tuple[list[str], ...] = (), then: Callable[[int], bytes] | None = None,
                 fails: bool = False) -> Callable[[], dict[str, float]]:
        """The ``commands`` timed after ``edit`` (and the untimed ``first``, and the edit
        ``then``), which exit with status 1 if they find what ``fails``."""
        rewrites = command("register") in (*commands, *first)  # the register is written again after
        def run() -> dict[str, float]:
            timed(root, command("check"), command("register", "--check"))  # warm, then one file changes
            target.parent.mkdir(exist_ok=True)
            n = next(runs)
            target.write_bytes(edit(n))
            try:
                if first:
                    timed(root, *first)
                if then is not None:
                    target.write_bytes(then(n))
                result = timed(root, *commands)
                if fails:  # the mistake must be found
                    result["code"] = 0 if result["code"] == 1 else result["code"] or -1
                return result
            finally:
                if target == edited:
                    edited.write_bytes(original)
                else:
                    target.unlink()
                    with contextlib.suppress(OSError):
                        target.parent.rmdir()
                if rewrites:
                    timed(root, command("register"))
        return run

    def warm(args: list[str]) -> Callable[[], dict[str, float]]:
        """Timed once the command has run since the cache was last cleared."""
        def run() -> dict[str, float]:
            timed(root, args)
            return timed(root, args)
        return run

    rows: list[tuple[str, Callable[[], dict[str, float]]]] = [
        # What any run that reads a changed file pays before it reads it: Python starting
        # and importing the models and the checks.
        ("floor: python imports the checks", lambda: timed(root, [
            sys.executable, "-c", "import minutes_kit.cli, minutes_kit.corpus, minutes_kit.increment"])),
        ("check --no-cache", lambda: timed(root, command("--no-cache", "check"))),
        ("cold check", cold),
        ("warm check", lambda: timed(root, command("check"))),
    ]
    if largest:
        rows += [
            ("one file changed: check --strict FILE", one_file(command("check", "--strict", name))),
            ("pre-commit on a one-file change (both hooks)",
             one_file(command("check", "--strict", name), command("register", "--check"))),
            ("an action's due date changed: check --strict FILE",
             one_file(command("check", "--strict", name), edit=due)),
            ("an action's due date changed: register (writes actions/ again)",
             one_file(command("register"), edit=due)),
            ("an action's due date changed: both pre-commit hooks, once `register` has run",
             one_file(command("check", "--strict", name), command("register", "--check"), edit=due,
                      first=(command("register"),))),
            ("a mistake saved (the file refused): check --strict FILE",
             one_file(command("check", "--strict", name), edit=mistake, fails=True)),
            ("the mistake put right, with a new due date: check --strict FILE",
             one_file(command("check", "--strict", name), edit=mistake,
                      first=(command("check", "--strict", name),), then=due)),
            ("a new meeting, the latest: check --strict FILE",
             one_file(command("check", "--strict", str(latest.relative_to(root))), edit=new, target=latest)),
            ("a new update file: check --strict FILE",
             one_file(command("check", "--strict", str(progress.relative_to(root))), edit=update,
                      target=progress)),
            ("warm register --check", warm(command("register", "--check"))),
            ("actions --owner JJ", warm(command("actions", "--owner", "JJ"))),
            ("actions --owner JJ --due-before 2013-01-01 (a short list)",
             warm(command("actions", "--owner", "JJ", "--due-before", "2013-01-01"))),
            ("actions --owner JJ --no-cache",
             lambda: timed(root, command("--no-cache", "actions", "--owner", "JJ"))),
        ]
    return rows


def main(sizes: list[int], rounds: int) -> None:
    os.environ["PYTHONPATH"] = str(HERE.parent / "src")
    os.environ.pop("MINUTES_KIT_CACHE_DIR", None)
    print("| meetings | variant | seconds | x cold check | CPU seconds | x cold check | peak MB | target |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for size in sizes:
        root = repository(size)
        rows = variants(root, size == max(sizes))
        runs: dict[str, list[dict[str, float]]] = {label: [] for label, _ in rows}
        for _ in range(rounds):
            for label, run in rows:
                runs[label].append(run())
        best = {label: min(results, key=lambda r: r["seconds"]) for label, results in runs.items()}
        cold, cold_cpu = best["cold check"]["seconds"], best["cold check"]["cpu"]
        for label, result in best.items():
            if result["code"] not in (0, None):
                raise SystemExit(f"{label}: exit status {result['code']} on the generated repository")
            print(f"| {size:,} | {label} | {result['seconds']:.2f} | {result['seconds'] / cold:.2f} | "
                  f"{result['cpu']:.2f} | {result['cpu'] / cold_cpu:.2f} | {result['mb']:.0f} | "
                  f"{TARGETS.get(label, '')} |")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    count = 3
    if arguments[:1] == ["--rounds"]:
        count, arguments = int(arguments[1]), arguments[2:]
    main([int(n) for n in arguments] or [1000, 10000], count)
