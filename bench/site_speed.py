"""Time the site build for 100, 1,000 and 5,000 generated meetings.

Usage: python bench/site_speed.py [N ...]     (default: 100 1000 5000)

For each size: `minutes-kit site` (the plugin: loading, checking, generating every
page, MkDocs with Material, Pagefind's index), and as the reference plain `mkdocs build`
of the same Markdown pages (written with `minutes-kit site --pages-only`) with Material
and its search and no plugin. Reports seconds, output size, their ratios, the size of
Pagefind's index per meeting, and the time of two phases that every public build ends
with (both included in the build's time): Pagefind indexing the built site, and the
canary scan (one meeting in 25 has an exempt part). When `hugo` is on PATH, also
a minimal Hugo build of the same pages, its seconds, size and the ratios of both
builds to it: a throwaway site with three layouts of its own that print each page's
title and content (no theme, navigation, search, taxonomies, RSS or sitemap), and
Goldmark rendering the raw HTML in the pages. One run each: the builds are long
enough to be stable.
"""

from __future__ import annotations

import json
import os
import re
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
HUGO = shutil.which("hugo")
HUGO_FILES = {
    "hugo.toml": 'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
                 "[markup.goldmark.renderer]\nunsafe = true\n",
    "layouts/_default/baseof.html": '<!doctype html><html lang="en"><head><meta charset="utf-8">'
                                    "<title>{{ .Title }}</title></head>"
                                    '<body>{{ block "main" . }}{{ end }}</body></html>\n',
    "layouts/_default/single.html": '{{ define "main" }}{{ .Content }}{{ end }}\n',
    "layouts/_default/list.html": '{{ define "main" }}{{ .Content }}{{ end }}\n',
}


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return time.perf_counter() - start


def hugo_site(pages: Path, folder: Path) -> None:
    """Copy the pages into a throwaway Hugo site. Each page gets its first heading as
    its title, as MkDocs takes it (Hugo titles only sections, by their folder's name);
    an ``index.md`` becomes its section's ``_index.md`` (as a leaf bundle it would hide
    the folder's other pages); files other than pages are static."""
    shutil.rmtree(folder, ignore_errors=True)
    for name, text in HUGO_FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    for page in (path for path in pages.rglob("*") if path.is_file()):
        relative = page.relative_to(pages)
        if page.suffix != ".md":
            (folder / "static" / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(page, folder / "static" / relative)
            continue
        target = folder / "content" / relative.with_name("_index.md" if page.name == "index.md"
                                                          else page.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = page.read_text()
        heading = re.search(r"^# (.+)$", text, re.MULTILINE)
        if heading:
            head = f"---\ntitle: {json.dumps(heading[1])}\n"
            text = head + (text.removeprefix("---\n") if text.startswith("---\n") else "---\n" + text)
        target.write_text(text)


def main(sizes: list[int]) -> None:
    if not HUGO:
        print("hugo is not on PATH: no minimal Hugo build to compare with")
    print("| meetings | `minutes-kit site` (s) | plain mkdocs (s) | time ratio | site MB | plain MB "
          "| size ratio | Pagefind index per meeting (KB) | Pagefind indexing (s) | canary scan (s) |"
          + (" hugo (s) | hugo MB | site / hugo | plain / hugo |" if HUGO else ""))
    print("| ---: " * (10 + 4 * bool(HUGO)) + "|")
    for count in sizes:
        root = site_repo(count)
        ours = timed([str(BIN / "minutes-kit"), "site"], root)
        shutil.rmtree(root / "pages", ignore_errors=True)
        subprocess.run([str(BIN / "minutes-kit"), "site", "--pages-only", "pages"], cwd=root, check=True,
                       capture_output=True)
        nav = (root / "pages" / "nav.yml").read_text()
        (root / "plain.yml").write_text(PLAIN + "".join("  " + line + "\n" for line in nav.splitlines()))
        plain = timed([str(BIN / "mkdocs"), "build", "-q", "-f", "plain.yml"], root)
        hugo_row = ""
        if HUGO:
            hugo_site(root / "pages", root / "hugo")
            shutil.rmtree(root / "hugo-site", ignore_errors=True)
            hugo = timed([HUGO, "--quiet", "--destination", str(root / "hugo-site")], root / "hugo")
            hugo_row = (f" {hugo:.1f} | {size(root / 'hugo-site') / 2**20:.1f} | {ours / hugo:.2f} "
                        f"| {plain / hugo:.2f} |")
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
              f"| {indexing:.1f} | {scan:.1f} |{hugo_row}", flush=True)


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [100, 1000, 5000])
