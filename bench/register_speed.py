"""Time the action register on 1,000 and 10,000 generated meetings.

Usage: python bench/register_speed.py [N ...]     (default: 1000 10000)

Reports the fold alone (the corpus already loaded: every action's life from all
meetings and matters arising, in date order), rendering the files of actions/, and
`minutes-kit register` end to end in a fresh process (loading included), best of three.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from minutes_kit.corpus import Layout, load  # noqa: E402
from minutes_kit.people import People  # noqa: E402
from minutes_kit.register import build  # noqa: E402
from minutes_kit.register_files import render  # noqa: E402


def best(action: object, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main(sizes: list[int]) -> None:
    print("| meetings | actions | fold (s) | render actions/ (s) | `minutes-kit register` (s) | peak MB |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in sizes:
        root = HERE / f"repo-{size}"
        if not root.exists():
            generate(size, root / "minutes", root / "exempt")
        corpus = load(layout=Layout(root))
        fold = best(lambda c=corpus: build(c.documents, c.updates, People(c.directory)))
        files = best(lambda c=corpus: render(c.register))
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "minutes_kit", "register"], cwd=root, check=True,
                           capture_output=True, env={**os.environ, "PYTHONPATH": str(HERE.parent / "src")})
            runs.append(time.perf_counter() - start)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"| {size:,} | {len(corpus.register.actions):,} | {fold:.2f} | {files:.2f} | "
              f"{min(runs):.2f} | {peak:.0f} |")


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [1000, 10000])
