"""MkDocs plugin: adds the pages of :func:`minutes_kit.site.build_site` and their
navigation to a build. It parses and validates nothing itself: invalid minutes stop
the build with the same located problems as ``minutes-kit check``.

The generated pages are rendered by :func:`minutes_kit.render.render` rather than
MkDocs' Python-Markdown, and indexed for search from that render rather than by
Material re-parsing their HTML: together those were most of the time of a build.
MkDocs still lays out every page with the theme. With Pagefind, the default search,
the meeting pages are marked as they are written and indexed once the site is built
(:mod:`minutes_kit.pagefind_index`)."""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import posixpath
import shutil
import sys
from collections.abc import Hashable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import jinja2
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data
from mkdocs.utils.templates import TemplateContext

from . import canary, pagefind_index, serving
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
    search = config_options.Choice(("pagefind", "material"), default="pagefind")
    cache = config_options.Type(bool, default=True)  # see minutes_kit.cache


class MinutesPlugin(BasePlugin[MinutesConfig]):
    site: Site | None = None
    layout: Layout
    ahead: _Ahead
    indexed: set[str]
    search: list[dict[str, Any]]
    # Only while serving: what the rebuilds of `mkdocs serve` reuse (see serving.py).
    memory: serving.Memory | None = None
    env: jinja2.Environment | None = None
    templates: dict[str, str]
    shape: Hashable | None = None
    marked: hashlib.blake2b  # the digest of the meeting pages, all that Pagefind indexes
    refused = False  # the last build stopped at problems in the minutes

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """With this hook MkDocs keeps the plugin across the rebuilds of `mkdocs serve`,
        so each rebuild can reuse what an edit did not change."""
        self.memory = serving.Memory() if command == "serve" else None

    def on_shutdown(self) -> None:
        if self.memory is not None:
            self.memory.close()
        self.memory = None

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer:
        """An edit to the minutes rebuilds; a problem in them leaves the last good pages."""
        for path in serving.watched(self.layout, self.config.internal):
            server.watch(path)
        server.builder = serving.keep_serving(server.builder, lambda: self.refused)
        return server

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.refused, self.env, self.shape, self.templates = False, None, None, {}
        if self.memory is not None:
            gc.freeze()  # what serving keeps is not garbage: no collection need scan it
        root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.layout = Layout(root)
        if self.config.internal:
            _internal_only(Path(config.site_dir))
        _one_search(self.config.search, config)
        # A public build never opens the exempt parts: it cannot publish what it never read.
        cache = Cache(folder_for(root)) if self.config.cache else None
        corpus = load(jobs=self.config.jobs, with_body=True, layout=self.layout, exempt=self.config.internal,
                      cache=cache, known=self.memory.documents if self.memory is not None else None)
        errors = [p for p in corpus.problems if p.severity == "error"]
        for problem in errors:
            where = Path(problem.path).resolve()
            shown = where.relative_to(root) if where.is_relative_to(root) else where
            log.error(f"{shown}:{problem.line}:{problem.column}: {problem.code}: {problem.message}"
                      + (f" (hint: {problem.hint})" if problem.hint else ""))
        if errors:
            self.refused = True
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

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.memory is not None:
            self.memory.index.hold(Path(config.site_dir))
            self.memory.set_aside(Path(config.site_dir))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        self.indexed, self.search, self.marked = set(), [], hashlib.blake2b(digest_size=20)
        written = [f"{config.docs_dir}/{path}" for path in self.site.pages if files.get_file_from_path(path)]
        if written:
            raise PluginError("minutes-kit generates these pages, so a page of the same name in the docs "
                              "folder would be hidden: " + ", ".join(written) + "; rename or remove it")
        for path, content in self.site.pages.items():
            files.append(File.generated(config, path, content=content))
        # MkDocs' own split of front matter, so the text rendered ahead is the text it reads.
        sources = {path: get_data(content)[0] for path, content in self.site.pages.items()
                   if path.endswith(".md")}
        renders = self.memory.renders if self.memory is not None else None
        self.ahead = _Ahead(sources, {file.src_uri: file.url for file in files}, self.config.jobs, renders)
        if self.memory is not None:
            self.memory.forget(sources)
        return files

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """While serving, the plugin lays out each generated page itself (in
        :meth:`on_page_context`), from memory when nothing it depends on changed; the
        theme then prints that layout as it is."""
        if self.memory is None:
            return env
        self.memory.prepare(env)
        self.env = env
        for name in self.ahead.sources:
            file = files.get_file_from_path(name)
            if file is not None and file.page is not None:
                self.templates[name] = file.page.meta.get("template", "main.html")
                file.page.meta["template"] = serving.READY
        return env

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
        if self.config.search == "material" and isinstance(search, dict) and not search.get("exclude"):
            search["exclude"] = True  # indexed from the render instead, in on_page_context
            self.indexed.add(name)
        first = markdown.split("\n", 1)[0]
        title_line = first if first.startswith("# ") else ""
        if self.memory is not None:
            self.memory.recall(page, title_line, config)
        return title_line

    @event_priority(100)  # MkDocs' render as it made it, before any plugin changes it
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.memory is not None and page.file.src_uri in self.ahead.sources:
            self.memory.remember(page, config)
        return html

    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        name = page.file.src_uri
        if name not in self.ahead.sources:
            return context
        rendered, warnings, lookups = self.ahead.get(name)
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
        if self.memory is not None and self.env is not None and name in self.templates:
            if self.shape is None:
                self.shape = serving.signature(config, nav)
            key = (self.ahead.sources[name], lookups, self.shape, serving.titles(nav))
            template = self.env.get_template(self.templates[name])
            page.content = self.memory.lay_out(name, key, template, context)
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
        site_dir = Path(config.site_dir)
        if self.config.search == "pagefind" and self.memory is None:
            try:
                if summary := pagefind_index.index(site_dir):
                    log.info(summary)
            except pagefind_index.PagefindError as error:
                raise PluginError(str(error)) from None
        elif self.config.search == "pagefind" and self.memory is not None:
            self.memory.index.restore(site_dir)
        if not self.config.internal:
            _refuse_leaks(self.layout, site_dir, self.memory)
        if self.config.search == "pagefind" and self.memory is not None:
            memory = self.memory  # see background_index: indexed after the pages are served
            scan = None if self.config.internal else (
                lambda folder: memory.leaks(memory.collect(self.layout), folder))
            memory.index.start(site_dir, self.marked.digest(), scan)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """A meeting page is marked for Pagefind's index; no other page is, so listing
        pages stay out of it."""
        assert self.site is not None
        meeting = self.site.meetings.get(page.file.src_uri)
        if meeting is None or self.config.search != "pagefind":
            return output
        try:
            marked = pagefind_index.mark(output, meeting.committee, meeting.date)
        except pagefind_index.PagefindError as error:
            raise PluginError(str(error)) from None
        if self.memory is not None:
            self.marked.update(f"{page.file.dest_uri}\0{len(marked)}\0{marked}".encode())
        return marked

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


def _one_search(search: str, config: MkDocsConfig) -> None:
    """Pagefind and Material's search both on would build two indexes and show two boxes;
    Material's alone must have its plugin listed."""
    material = any(name in config.plugins for name in ("search", "material/search"))
    if search == "pagefind" and material:
        raise PluginError("mkdocs.yml turns on two searches: Pagefind (minutes-kit's default) and "
                          "Material's `search` plugin. Remove `- search` from plugins, or keep it "
                          "and set `search: material` under minutes-kit")
    if search == "material" and not material:
        raise PluginError("minutes-kit is set to `search: material` but Material's search plugin is "
                          "off: add `- search` to plugins in mkdocs.yml, before minutes-kit")


def _refuse_leaks(layout: Layout, site_dir: Path, memory: serving.Memory | None = None) -> None:
    """The second lock: the whole built site, search index and sitemap included, is
    scanned for the text of every exempt record; a hit removes the build and fails it.
    While serving, every rebuild is scanned too, and a hit removes the files it was
    found in: they are not served, and serving goes on until the text is removed."""
    canaries = memory.collect(layout) if memory is not None else canary.collect(layout.exempt, layout.minutes)
    if memory is not None:
        leaks = memory.leaks(canaries, site_dir)
    else:
        leaks = canary.scan(canaries, dict(canary.folder_texts(site_dir))) if canaries else []
    for leak in leaks:
        log.error(str(leak))
    if leaks and memory is not None:
        for output in {leak.output for leak in leaks}:
            Path(output).unlink(missing_ok=True)
        log.error(f"exempt text reached {len(leaks)} place(s) of the public site, so those files are not "
                  f"served: remove that text from the public pages and save again")
    elif leaks:
        shutil.rmtree(site_dir, ignore_errors=True)
        raise PluginError(f"exempt text reached {len(leaks)} place(s) of the public site, so the build "
                          f"was removed: remove that text from the public pages and build again")


# A render, its warnings, and each page it looked up with the URL found (None: missing).
Rendering = tuple[Rendered, list[str], tuple[tuple[str, str | None], ...]]


class _Ahead:
    """Renders the generated pages in worker processes, in the order MkDocs will ask
    for them, while MkDocs reads the rest: rendering is most of a large build and
    each page is independent. One job, or few pages, renders each page when asked.

    With ``renders`` (kept while serving), a page whose Markdown is unchanged and whose
    links find the same pages is not rendered again; every render is kept there."""

    def __init__(self, sources: dict[str, str], urls: dict[str, str], jobs: int,
                 renders: dict[str, tuple[str, Rendering]] | None = None) -> None:
        self.sources, self.urls, self.renders = sources, urls, renders
        self.done: dict[str, Rendering] = {}
        self.futures: dict[str, Future[list[tuple[str, Rendering]]]] = {}
        for name, (source, rendering) in (renders or {}).items():
            if sources.get(name) == source and all(urls.get(page) == url for page, url in rendering[2]):
                self.done[name] = rendering
        pending = [name for name in sources if name not in self.done]
        jobs = workers(jobs, len(pending))
        self.pool = ProcessPoolExecutor(jobs, initializer=_use_urls, initargs=(urls,)) if jobs > 1 else None
        if self.pool is not None:
            for names in chunked(pending, jobs):
                future = self.pool.submit(_render_chunk, [(n, sources[n]) for n in names])
                self.futures.update(dict.fromkeys(names, future))

    def get(self, name: str) -> Rendering:
        future = self.futures.pop(name, None)
        if future is not None and name not in self.done:
            self.done.update(future.result())
        ready = self.done.pop(name, None)
        if ready is None:
            ready = _render_page(name, self.sources[name], self.urls)
        if self.renders is not None:
            self.renders[name] = (self.sources[name], ready)
        return ready

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
    looked_up = _LookedUp(urls)

    def link(href: str) -> str:
        url, warning = _url(href, name, looked_up)
        if warning:
            warnings.append(warning)
        return url

    rendered = render(markdown, link)
    return rendered, warnings, tuple(sorted(looked_up.asked.items(), key=lambda pair: pair[0]))


def _url(href: str, source: str, urls: Mapping[str, str]) -> tuple[str, str | None]:
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


class _LookedUp(Mapping[str, str]):
    """The URLs, noting each page asked for: a render depends on those alone."""

    def __init__(self, urls: Mapping[str, str]) -> None:
        self.urls = urls
        self.asked: dict[str, str | None] = {}

    def __getitem__(self, name: str) -> str:
        self.asked[name] = self.urls.get(name)
        return self.urls[name]

    def __contains__(self, name: object) -> bool:
        if isinstance(name, str):
            self.asked[name] = self.urls.get(name)
        return name in self.urls

    def __iter__(self) -> Iterator[str]:
        return iter(self.urls)

    def __len__(self) -> int:
        return len(self.urls)


def _toc_token(entry: TocEntry) -> Any:
    return {"level": entry.level, "id": entry.id, "name": entry.name,
            "children": [_toc_token(child) for child in entry.children]}
