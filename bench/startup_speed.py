"""Time how long `minutes-kit` takes to start, against Python itself.

Usage: python bench/startup_speed.py [ROUNDS]     (default: 30)

Each variant is a fresh process, run once a round in turn, so that the machine's
drift (it is shared, and its speed moves by half within minutes) touches each alike.
Printed per variant: the fastest and the median run, the median processor time
(user + system, which other work on the machine disturbs less than the wall clock),
and the median over rounds of its ratio to `python -c pass` and to `python -c "import
click"` in the same round, the floor any click command stands on. `minutes-kit` is the
console script installed beside this Python, as a user runs it; `python -m minutes_kit`
shows what the script itself adds. Bytecode is written and reused, as it is for an
installed package (PYTHONDONTWRITEBYTECODE is lifted): otherwise every run would time
the compiler.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _script() -> str:
    beside = Path(sys.executable).with_name("minutes-kit")
    found = str(beside) if beside.exists() else shutil.which("minutes-kit")
    if found is None:
        raise SystemExit("minutes-kit is not installed beside this Python: pip install -e .")
    return found


def variants() -> dict[str, list[str]]:
    python, script = sys.executable, _script()
    return {
        "python -c pass": [python, "-c", "pass"],
        'python -c "import click"': [python, "-c", "import click"],
        "minutes-kit --help": [script, "--help"],
        "minutes-kit check --help": [script, "check", "--help"],
        "minutes-kit actions --help": [script, "actions", "--help"],
        "python -m minutes_kit --help": [python, "-m", "minutes_kit", "--help"],
    }


ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def once(command: list[str]) -> tuple[float, float]:
    """Wall-clock and processor seconds of one run."""
    start, cpu = time.perf_counter(), _cpu()
    subprocess.run(command, stdout=subprocess.DEVNULL, env=ENV, check=True)
    return time.perf_counter() - start, _cpu() - cpu


def main(rounds: int) -> None:
    commands = variants()
    for command in commands.values():  # warm the file cache, and fail early if one fails
        once(command)
    runs: dict[str, list[float]] = {label: [] for label in commands}
    cpu: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(rounds):
        for label, command in commands.items():
            wall, used = once(command)
            runs[label].append(wall)
            cpu[label].append(used)

    def ratio(label: str, base: str) -> float:
        return statistics.median(a / b for a, b in zip(runs[label], runs[base], strict=True))

    bare, click = "python -c pass", 'python -c "import click"'
    print(f"{rounds} rounds; ratios are the median of each round's ratio")
    print("| command | fastest (ms) | median (ms) | median CPU (ms) | / python -c pass | / import click |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, times in runs.items():
        print(f"| `{label}` | {min(times) * 1000:.0f} | {statistics.median(times) * 1000:.0f} | "
              f"{statistics.median(cpu[label]) * 1000:.0f} | {ratio(label, bare):.1f} | "
              f"{ratio(label, click):.2f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
