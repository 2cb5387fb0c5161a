"""Time `minutes-kit check` against a naive loop over the same files.

Usage: python bench/check_speed.py [N ...]     (default: 1000 10000)

Each variant runs three times, each in a fresh Python process, in rounds (every variant
once, then again), and the fastest run of each is reported. Times run from the first
call after the imports; peak memory is that process's own (workers of --jobs are
reported separately: the peak of the largest one). The naive loop is the reference:
python-frontmatter load, pydantic validation and a full markdown-it parse per file,
with no positions and no cross-checks. The first row times libyaml composing the front
matters alone, as a yardstick of the machine's speed: this machine's speed drifts by
half from hour to hour, so compare rows measured together.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

RUN_CHECK = """
import json, resource, sys, time
from minutes_kit.cli import main
start = time.perf_counter()
try:
    main(["check", "--format", "json", "--jobs", sys.argv[2], sys.argv[1]], standalone_mode=True)
except SystemExit as done:
    code = done.code
seconds = time.perf_counter() - start
"""
RUN_NAIVE = """
import json, resource, sys, time
from pathlib import Path
import frontmatter
from markdown_it import MarkdownIt
from pydantic import ValidationError
from minutes_kit.models import Meeting
start = time.perf_counter()
md = MarkdownIt("commonmark")
code = 0
for path in sorted(Path(sys.argv[1]).rglob("*.md")):
    post = frontmatter.load(path)
    try:
        Meeting.model_validate(post.metadata)
    except ValidationError:
        code = 1
    md.parse(post.content)
seconds = time.perf_counter() - start
"""
RUN_YAML = """
import json, resource, sys, time
from pathlib import Path
import yaml
fronts = []
for path in sorted(Path(sys.argv[1]).rglob("*.md")):
    text = path.read_text(encoding="utf-8")
    fronts.append(text[4:text.index("\\n---\\n", 4)])
start = time.perf_counter()
for front in fronts:
    loader = yaml.CSafeLoader(front)
    loader.get_single_node()
    loader.dispose()
seconds = time.perf_counter() - start
code = 0
"""
REPORT = """
self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "self_mb": self_kb / 1024, "worker_mb": child_kb / 1024,
                  "code": code}), file=sys.stderr)
"""


def measure(script: str, *args: str) -> dict[str, float]:
    """One run of ``script`` in a fresh process: its seconds, peak memory and exit code."""
    done = subprocess.run([sys.executable, "-c", script + REPORT, *args],
                          capture_output=True, text=True, check=False)
    return json.loads(done.stderr.strip().splitlines()[-1])


def main(sizes: list[int], rounds: int = 3) -> None:
    print("| files | variant | seconds | files/s | peak MB (main + largest worker) |")
    print("| ---: | --- | ---: | ---: | ---: |")
    for size in sizes:
        corpus = HERE / f"corpus-{size}"
        if not corpus.exists():
            generate(size, corpus)
        variants = [
            ("libyaml composes the front matter only (yardstick)", RUN_YAML, []),
            ("naive loop (reference)", RUN_NAIVE, []),
            ("check --jobs 1", RUN_CHECK, ["1"]),
            ("check --jobs 2", RUN_CHECK, ["2"]),
        ]
        # Round by round rather than variant by variant, so that the machine's drift
        # touches every variant alike; the fastest run of each is reported.
        runs: dict[str, list[dict[str, float]]] = {label: [] for label, _, _ in variants}
        for _ in range(rounds):
            for label, script, args in variants:
                runs[label].append(measure(script, str(corpus), *args))
        for label, _, _ in variants:
            result = min(runs[label], key=lambda run: run["seconds"])
            if result["code"] not in (0, None):
                raise SystemExit(f"{label}: the generated corpus did not pass ({result})")
            worker = f" + {result['worker_mb']:.0f}" if result["worker_mb"] > 1 else ""
            print(f"| {size:,} | {label} | {result['seconds']:.2f} | "
                  f"{size / result['seconds']:,.0f} | {result['self_mb']:.0f}{worker} |")


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [1000, 10000])
