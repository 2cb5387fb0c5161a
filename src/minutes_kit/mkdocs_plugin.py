"""MkDocs plugin: adds the pages of :func:`minutes_kit.site.build_site` and their
navigation to a build. It parses and validates nothing itself: invalid minutes stop
the build with the same located problems as ``minutes-kit check``.

The generated pages are rendered by :func:`minutes_kit.render.render` rather than
MkDocs' Python-Markdown, and indexed for search from that render rather than by
Material re-parsing their HTML: together those were most of the time of a build.
MkDocs still lays out every page with the theme."""

from __future__ import annotations

import gc
import json
import logging
import posixpath
import shutil
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data
from mkdocs.utils.templates import TemplateContext

from . import canary
from .cache import Cache, folder_for
from .corpus import Layout, chunked, load, workers
from .escape import title
from .files import write_atomic
from .render import Rendered, TocEntry, render
from .site import Site, build_site

log = logging.getLogger("mkdocs.plugins.minutes-kit")
DEFAULT_NAME = "Minutes"  # the site_name of a new mkdocs.yml: replaced by the organisation's


class MinutesConfig(Config):
    internal = config_options.Type(bool, default=False)
    jobs = config_options.Type(int, default=0)
    cache = config_options.Type(bool, default=True)  # see minutes_kit.cache


class MinutesPlugin(BasePlugin[MinutesConfig]):
    site: Site | None = None
    layout: Layout
    ahead: _Ahead
    indexed: set[str]
    search: list[dict[str, Any]]

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.layout = Layout(root)
        if self.config.internal:
            _internal_only(Path(config.site_dir))
        # A public build never opens the exempt parts: it cannot publish what it never read.
        cache = Cache(folder_for(root)) if self.config.cache else None
        corpus = load(jobs=self.config.jobs, with_body=True, layout=self.layout, exempt=self.config.internal,
                      cache=cache)
        errors = [p for p in corpus.problems if p.severity == "error"]
        for problem in errors:
            where = Path(problem.path).resolve()
            shown = where.relative_to(root) if where.is_relative_to(root) else where
            log.error(f"{shown}:{problem.line}:{problem.column}: {problem.code}: {problem.message}"
                      + (f" (hint: {problem.hint})" if problem.hint else ""))
        if errors:
            raise PluginError(f"{len(errors)} problems in the minutes: run `minutes-kit check`")
        self.site = build_site(corpus, internal=self.config.internal)
        # The corpus and pages live until the build ends: keep the collector from
        # rescanning them on every collection of the build.
        gc.freeze()
        config.nav = self.site.nav + list(config.nav or [])
        if self.site.organisation and config.site_name == DEFAULT_NAME:
            # The header of every page names whose minutes they are; themes print it raw.
            config.site_name = title(self.site.organisation)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        self.indexed, self.search = set(), []
        written = [f"{config.docs_dir}/{path}" for path in self.site.pages if files.get_file_from_path(path)]
        if written:
            raise PluginError("minutes-kit generates these pages, so a page of the same name in the docs "
                              "folder would be hidden: " + ", ".join(written) + "; rename or remove it")
        for path, content in self.site.pages.items():
            files.append(File.generated(config, path, content=content))
        # MkDocs' own split of front matter, so the text rendered ahead is the text it reads.
        sources = {path: get_data(content)[0] for path, content in self.site.pages.items()
                   if path.endswith(".md")}
        self.ahead = _Ahead(sources, {file.src_uri: file.url for file in files}, self.config.jobs)
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A generated page is rendered ahead (see :class:`_Ahead`): MkDocs converts only
        its title line, and the render replaces the content just before the theme lays
        the page out, so rendering overlaps MkDocs' own work on the pages before it."""
        name = page.file.src_uri
        if name not in self.ahead.sources:
            return markdown
        if markdown != self.ahead.sources[name]:
            self.ahead.redo(name, markdown)  # another plugin changed the text
        search = page.meta.setdefault("search", {})
        if isinstance(search, dict) and not search.get("exclude"):
            search["exclude"] = True  # indexed from the render instead, in on_page_context
            self.indexed.add(name)
        first = markdown.split("\n", 1)[0]
        return first if first.startswith("# ") else ""

    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        name = page.file.src_uri
        if name not in self.ahead.sources:
            return context
        rendered, warnings = self.ahead.get(name)
        for warning in warnings:
            log.warning(warning)
        page.content = rendered.html
        if rendered.toc and rendered.toc[0].level == 1:
            # The theme prints the title raw in the header, and in <title> after
            # `striptags`, which also unescapes: an already escaped title in the
            # page's meta is printed as it is in both.
            page.meta["title"] = rendered.toc[0].name
        page.toc = get_toc([_toc_token(entry) for entry in rendered.toc])
        page.present_anchor_ids = set(rendered.anchors)
        if name in self.indexed:
            self.search += [{"location": page.url + (f"#{s.anchor}" if s.anchor else ""),
                             "title": s.title or str(page.title), "text": s.text} for s in rendered.sections]
        return context

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.ahead.close()
        gc.unfreeze()  # `mkdocs serve` builds again in this process
        index = Path(config.site_dir) / "search" / "search_index.json"
        if self.search and index.exists():
            data = json.loads(index.read_text(encoding="utf-8"))
            data["docs"].extend(self.search)
            write_atomic(index, json.dumps(data, separators=(",", ":")))
        if not self.config.internal:
            _refuse_leaks(self.layout, Path(config.site_dir))

    def on_build_error(self, *, error: Exception) -> None:
        if hasattr(self, "ahead"):
            self.ahead.close()
        gc.unfreeze()


def _internal_only(site_dir: Path) -> None:
    """An internal build includes exempt items: it may only write to a folder of its own,
    so it can never replace the public site."""
    if not site_dir.name.endswith("-internal"):
        raise PluginError(f"an internal build includes exempt items, so it writes only into a folder "
                          f"whose name ends in -internal, not {site_dir}: run `minutes-kit site "
                          f"--internal` or `mkdocs build -d site-internal`")
    sys.stderr.write(f"INTERNAL BUILD into {site_dir}: exempt (Part II) items are included. "
                     "Never publish this folder.\n")


def _refuse_leaks(layout: Layout, site_dir: Path) -> None:
    """The second lock: the whole built site, search index and sitemap included, is
    scanned for the text of every exempt record; a hit removes the build and fails it."""
    canaries = canary.collect(layout.exempt, layout.minutes)
    leaks = canary.scan(canaries, dict(canary.folder_texts(site_dir))) if canaries else []
    if leaks:
        for leak in leaks:
            log.error(str(leak))
        shutil.rmtree(site_dir, ignore_errors=True)
        raise PluginError(f"exempt text reached {len(leaks)} place(s) of the public site, so the build "
                          f"was removed: remove that text from the public pages and build again")


Rendering = tuple[Rendered, list[str]]


class _Ahead:
    """Renders the generated pages in worker processes, in the order MkDocs will ask
    for them, while MkDocs reads the rest: rendering is most of a large build and
    each page is independent. One job, or few pages, renders each page when asked."""

    def __init__(self, sources: dict[str, str], urls: dict[str, str], jobs: int) -> None:
        self.sources, self.urls = sources, urls
        self.done: dict[str, Rendering] = {}
        self.futures: dict[str, Future[list[tuple[str, Rendering]]]] = {}
        jobs = workers(jobs, len(sources))
        self.pool = ProcessPoolExecutor(jobs, initializer=_use_urls, initargs=(urls,)) if jobs > 1 else None
        if self.pool is not None:
            for names in chunked(list(sources), jobs):
                future = self.pool.submit(_render_chunk, [(n, sources[n]) for n in names])
                self.futures.update(dict.fromkeys(names, future))

    def get(self, name: str) -> Rendering:
        future = self.futures.pop(name, None)
        if future is not None and name not in self.done:
            self.done.update(future.result())
        ready = self.done.pop(name, None)
        return ready if ready is not None else _render_page(name, self.sources[name], self.urls)

    def redo(self, name: str, markdown: str) -> None:
        self.futures.pop(name, None)
        self.sources[name] = markdown
        self.done[name] = _render_page(name, markdown, self.urls)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None


_urls: dict[str, str] = {}


def _use_urls(urls: dict[str, str]) -> None:
    global _urls
    _urls = urls


def _render_chunk(chunk: list[tuple[str, str]]) -> list[tuple[str, Rendering]]:
    return [(name, _render_page(name, markdown, _urls)) for name, markdown in chunk]


def _render_page(name: str, markdown: str, urls: dict[str, str]) -> Rendering:
    warnings: list[str] = []

    def link(href: str) -> str:
        url, warning = _url(href, name, urls)
        if warning:
            warnings.append(warning)
        return url

    return render(markdown, link), warnings


def _url(href: str, source: str, urls: dict[str, str]) -> tuple[str, str | None]:
    """A link of a generated page as MkDocs would publish it; an unknown target warns
    (and so fails a strict build) as MkDocs' own link validation does."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return href, None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source), parts.path))
    if target not in urls:
        return href, (f"Doc file '{source}' contains a link '{href}', but the target "
                      f"'{target}' is not found among documentation files.")
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return get_relative_url(urls[target], urls[source]) + fragment, None


def _toc_token(entry: TocEntry) -> Any:
    return {"level": entry.level, "id": entry.id, "name": entry.name,
            "children": [_toc_token(child) for child in entry.children]}
