"""Time the site build for 100, 1,000 and 5,000 generated meetings.

Usage: python bench/site_speed.py [N ...]     (default: 100 1000 5000)

For each size: `minutes-kit site` (the plugin: loading, checking, generating every
page, MkDocs with Material, Pagefind's index), and as the reference plain `mkdocs build`
of the same Markdown pages (written with `minutes-kit site --pages-only`) with Material
and its search and no plugin. Reports seconds, output size, their ratios, the size of
Pagefind's index per meeting, and the time of two phases that every public build ends
with (both included in the build's time): Pagefind indexing the built site, and the
canary scan (one meeting in 25 has an exempt part). One run each: the
builds are long enough to be stable.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import site_repo  # noqa: E402
from minutes_kit import canary, pagefind_index  # noqa: E402

BIN = Path(sys.executable).parent
PLAIN = """site_name: Minutes (plain)
docs_dir: pages
site_dir: plain-site
theme: {name: material, font: false}
plugins: [search]
markdown_extensions: [abbr, admonition, attr_list, md_in_html, tables, toc]
validation: {nav: {omitted_files: ignore}, links: {not_found: ignore, anchors: ignore}}
extra_css: [stylesheets/minutes-kit.css]
nav:
"""


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return time.perf_counter() - start


def main(sizes: list[int]) -> None:
    print("| meetings | `minutes-kit site` (s) | plain mkdocs (s) | time ratio | site MB | plain MB "
          "| size ratio | Pagefind index per meeting (KB) | Pagefind indexing (s) | canary scan (s) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for count in sizes:
        root = site_repo(count)
        ours = timed([str(BIN / "minutes-kit"), "site"], root)
        shutil.rmtree(root / "pages", ignore_errors=True)
        subprocess.run([str(BIN / "minutes-kit"), "site", "--pages-only", "pages"], cwd=root, check=True,
                       capture_output=True)
        nav = (root / "pages" / "nav.yml").read_text()
        (root / "plain.yml").write_text(PLAIN + "".join("  " + line + "\n" for line in nav.splitlines()))
        plain = timed([str(BIN / "mkdocs"), "build", "-q", "-f", "plain.yml"], root)
        site_bytes, plain_bytes = size(root / "site"), size(root / "plain-site")
        index = size(root / "site" / pagefind_index.FOLDER)
        start = time.perf_counter()
        pagefind_index.index(root / "site")
        indexing = time.perf_counter() - start
        start = time.perf_counter()
        leaks = canary.scan(canary.collect(root / "exempt", root / "minutes"),
                            dict(canary.folder_texts(root / "site")))
        scan = time.perf_counter() - start
        assert not leaks, leaks
        print(f"| {count:,} | {ours:.1f} | {plain:.1f} | {ours / plain:.2f} | {site_bytes / 2**20:.0f} "
              f"| {plain_bytes / 2**20:.0f} | {site_bytes / plain_bytes:.2f} | {index / count / 1024:.1f} "
              f"| {indexing:.1f} | {scan:.1f} |", flush=True)


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [100, 1000, 5000])
