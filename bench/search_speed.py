"""Search in a browser on a served site of generated meetings: Pagefind against Material's
lunr search, side by side.

Usage: python bench/search_speed.py [--reuse] [N[:pagefind] ...]   (default: 5000 20000:pagefind)

For each size the same minutes (bench/generate.py) are built with Pagefind (the default)
and, unless ``:pagefind`` is given, with Material's search (`search: material`). Each site
is served from a local folder; headless Chromium (a fresh profile per run) opens a meeting
page, types a word as soon as the page has loaded, and waits for the first result: each
of QUERIES, a word in nearly every generated meeting (the worst case for Pagefind, which
scores every meeting that has it) and a word in one meeting in ten. Reported,
as the median of RUNS: the page's own load time (from navigation to its load event, so a
search that loads early cannot hide its cost there), the time from the page's load to the
first result shown, the bytes
the search fetched (every file of the search the server sent to this browser: lunr's
index and worker, or Pagefind's script, WebAssembly, index and fragments; the server
does not compress, as a plain folder served on an intranet may not),
the page's JavaScript heap (CDP Performance.getMetrics, JSHeapUsedSize) and the whole
browser's memory (the proportional set size of all its processes). Also the time
Pagefind takes to index the built site. ``--reuse`` measures sites already built in
bench/repo-N/site-ENGINE (their build time is then not shown) with the search script of
overrides/ as it is now, indexed again. Needs chromium and chromedriver.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from generate import site_repo  # noqa: E402
from minutes_kit import pagefind_index  # noqa: E402

BIN = Path(sys.executable).parent
# 'referral' is in 4,986 of 5,000 generated meetings; 'finance' in the Finance surgery's, one in ten.
QUERIES = ("referral", "finance")
RUNS = 3
LUNR = "plugins:\n  - search\n  - minutes-kit:\n      search: material\n"
FIRST = ".md-search-result__item"


def build(root: Path, engine: str, reuse: bool) -> tuple[Path, float | None]:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if engine == "lunr":
        config = re.sub(r"plugins:\n(  .*\n|      .*\n)+", LUNR, config)
    (root / f"{engine}.yml").write_text(config, encoding="utf-8")
    site = root / f"site-{engine}"
    if reuse and (site / "index.html").is_file():
        shutil.copytree(root / "overrides" / "javascripts", site / "javascripts", dirs_exist_ok=True)
        return site, None
    start = time.perf_counter()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MINUTES_KIT_INTERNAL": "false"}
    subprocess.run([str(BIN / "mkdocs"), "build", "-q", "-f", f"{engine}.yml", "-d", site.name], cwd=root,
                   check=True, env=env)
    return site, time.perf_counter() - start


def browser() -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--window-size=1280,1000"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "chromedriver"), options=options)


def memory(driver: Any) -> int:
    """Proportional set size of every process of the browser, in bytes."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    ours, grew = {driver.service.process.pid}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in ours} - ours
        ours |= more
        grew = bool(more)
    total = 0
    for pid in ours:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        found = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
        total += int(found.group(1)) * 1024 if found else 0
    return total


class _Counting(SimpleHTTPRequestHandler):
    """Serves the site and counts the bytes of each file sent: the search's own requests
    come from web workers too, which the page's resource timing does not see."""

    sent: Counter[str]

    def copyfile(self, source: Any, outputfile: Any) -> None:
        self.sent[self.path.split("?")[0]] += os.fstat(source.fileno()).st_size
        super().copyfile(source, outputfile)

    def log_message(self, format: str, *args: Any) -> None:
        """Thousands of requests: the table is the report."""


def serve(site: Path) -> tuple[str, ThreadingHTTPServer, Counter[str]]:
    sent: Counter[str] = Counter()
    handler = type("Handler", (_Counting,), {"sent": sent})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server, sent


def search_bytes(sent: Counter[str]) -> int:
    """Bytes sent for the search's files: lunr's index and worker, or Pagefind's bundle."""
    return sum(size for path, size in sent.items()
               if path.startswith(("/pagefind/", "/search/", "/assets/javascripts/workers/search")))


def measure(base: str, sent: Counter[str], page: str, engine: str, query: str) -> dict[str, float]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser()
    try:
        driver.execute_cdp_cmd("Performance.enable", {})
        sent.clear()  # a fresh browser: count from its first request (lunr loads its index with the page)
        driver.get(base + page)
        driver.execute_script(
            "window.__first = null; new MutationObserver((_, o) => {"
            f" if (document.querySelector('{FIRST}')) {{"
            "  window.__first = performance.now(); o.disconnect(); }"
            "}).observe(document.body, {childList: true, subtree: true});")
        driver.execute_script("document.getElementById('__search').click()")
        box = driver.find_element(By.CSS_SELECTOR, "#mk-search-query" if engine == "pagefind"
                                  else "input.md-search__input")
        driver.execute_script("arguments[0].focus()", box)
        box.send_keys(query)
        WebDriverWait(driver, 300, poll_frequency=0.05).until(
            lambda d: d.execute_script("return window.__first"))
        loaded = driver.execute_script(
            "return performance.getEntriesByType('navigation')[0].loadEventEnd / 1000")
        seconds = driver.execute_script("return window.__first / 1000") - loaded
        time.sleep(1)  # the network log and memory settle
        metrics = driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]
        heap = {m["name"]: m["value"] for m in metrics}
        return {"load": loaded, "seconds": seconds, "bytes": search_bytes(sent),
                "heap": heap["JSHeapUsedSize"], "memory": memory(driver)}
    finally:
        driver.quit()


def median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def index_size(site: Path) -> str:
    """Pagefind's index on disk, and in how many parts (see pagefind_index.parts)."""
    folder = site / pagefind_index.FOLDER
    size = sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
    return f"{size / 2**20:.0f} ({len(list(folder.glob('part-*'))) + 1})"


def row(count: int, engine: str, query: str, built: float | None, indexed: float | None, size: str,
        result: dict[str, float]) -> str:
    return (f"| {count:,} | {engine} | {query} | {'-' if built is None else f'{built:.0f}'} "
            f"| {'-' if indexed is None else f'{indexed:.1f}'} | {size} "
            f"| {result['load']:.2f} | {result['seconds']:.2f} | {result['bytes'] / 2**20:.2f} "
            f"| {result['heap'] / 2**20:.0f} | {result['memory'] / 2**20:.0f} |")


def main(sizes: list[str], reuse: bool) -> None:
    print(f"Load average {os.getloadavg()[0]:.1f}; median of {RUNS} runs, each in a fresh browser.\n")
    print("| meetings | search | word | build (s) | Pagefind index (s) | index MB (parts) | page load (s) "
          "| load to first result (s) | search MB fetched | page JS heap MB | browser memory MB |")
    print("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    ratios = []
    for size in sizes:
        count = int(size.split(":")[0])
        root = site_repo(count)
        results: dict[tuple[str, str], dict[str, float]] = {}
        for engine in ("pagefind",) if size.endswith(":pagefind") else ("pagefind", "lunr"):
            site, built = build(root, engine, reuse)
            indexed, size = None, "-"
            if engine == "pagefind":
                start = time.perf_counter()
                pagefind_index.index(site)
                indexed = time.perf_counter() - start
                size = index_size(site)
            page = min(site.glob("meetings/*/*/index.html")).parent.relative_to(site).as_posix() + "/"
            base, server, sent = serve(site)
            try:
                for query in QUERIES:
                    results[engine, query] = median([measure(base, sent, page, engine, query)
                                                     for _ in range(RUNS)])
                    print(row(count, engine, query, built, indexed, size, results[engine, query]), flush=True)
                    built = indexed = None
            finally:
                server.shutdown()
                server.server_close()
        for query in QUERIES:
            if ("lunr", query) in results:
                ours, theirs = results["pagefind", query], results["lunr", query]
                ratios.append(f"{count:,} meetings, '{query}', Pagefind / lunr: time "
                              f"{ours['seconds'] / theirs['seconds']:.3f}x, bytes "
                              f"{ours['bytes'] / theirs['bytes']:.3f}x, page heap "
                              f"{ours['heap'] / theirs['heap']:.2f}x, browser memory "
                              f"{ours['memory'] / theirs['memory']:.2f}x")
        print(f"(load average {os.getloadavg()[0]:.1f})", flush=True)
    print("\n" + "\n".join(ratios))


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--reuse"]
    main(arguments or ["5000", "20000:pagefind"], "--reuse" in sys.argv[1:])
