"""`mkdocs serve` that follows the minutes: what a serving process keeps between builds.

MkDocs rebuilds the whole site on every change, so at council scale an edit waited on a
full build. When the plugin serves (it defines ``on_startup``, so MkDocs keeps one
plugin across the rebuilds of ``mkdocs serve``), each rebuild reuses what the edit
cannot have changed, and reuses it only under a key holding everything it was made
from, so a rebuilt site is byte for byte what a full build writes:

- what MkDocs' own renderer makes of a generated page's title line (MkDocs reads the
  page's title from it), under that line and the Markdown settings;
- a generated page's HTML from markdown-it, under its Markdown and the URL of every
  page it links to;
- its page laid out by the theme, under that, the configuration, the theme's templates,
  the navigation and the titles the navigation shows while it is laid out;
- the theme's compiled templates, under each template's source;
- each minutes file as read and checked, under its bytes (the checks across meetings
  run on every build);
- the canaries, under the bytes of every exempt and minutes file they are read from;
- the canary scan's verdict on each file of the site, under its bytes and the canaries;
- Pagefind's index, made in the background (:mod:`minutes_kit.background_index`).

The last site is moved aside and removed in the background rather than file by file
before a build.

A refusal of the minutes (a problem in a file) leaves the last good site in place and
serving goes on; the problems are on the console, located as ``check`` locates them.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sysconfig
import tempfile
import threading
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import canary
from .background_index import BackgroundIndex
from .corpus import Known, Layout

log = logging.getLogger("mkdocs.plugins.minutes-kit")

# The layout of a page whose HTML is already whole: it prints it as it is.
READY = "minutes-kit-ready.html"
_PACKAGES = Path(sysconfig.get_paths()["purelib"]).resolve()


def watched(layout: Layout, internal: bool) -> list[str]:
    """What an edit to must rebuild, besides MkDocs' own docs folder and configuration:
    the minutes and the people directory, the updates, the legacy log, and for an
    internal site the exempt parts."""
    paths = [layout.minutes, layout.updates, layout.legacy, layout.directory]
    if internal:
        paths.append(layout.exempt)
    found: list[str] = []
    for path in (os.path.abspath(p) for p in paths if p.exists()):
        if not any(path.startswith(folder + os.sep) for folder in found):
            found.append(path)
    return found


def keep_serving(builder: Callable[..., None], refused: Callable[[], bool]) -> Callable[..., None]:
    """The rebuild of ``mkdocs serve``, except that a refusal of the minutes leaves the
    last good site served: MkDocs would otherwise hold every request until a build
    succeeds. The site folder is untouched, as the refusal comes before MkDocs clears it."""

    def rebuild(config: MkDocsConfig | None = None) -> None:
        try:
            builder(config)
        except Abort:
            if not refused():
                raise
            log.warning("the pages stay as they were until the problems above are fixed; "
                        "saving a file builds again")

    return rebuild


class _Compiled(jinja2.BytecodeCache):
    """The theme's templates compiled once per process: Jinja checks each template's
    source against the code it keeps, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()


@dataclass
class Memory:
    """What one serving process keeps from build to build. ``renders`` holds each
    generated page's Markdown with its render; ``pages`` each page as laid out, with the
    key it was laid out under; ``clean`` the digests of site files the canaries were not
    found in, for the canaries of ``scanned``."""

    documents: Known = field(default_factory=dict)
    headings: dict[str, tuple[Hashable, tuple[Any, ...]]] = field(default_factory=dict)
    renders: dict[str, tuple[str, Any]] = field(default_factory=dict)
    pages: dict[str, tuple[Hashable, str]] = field(default_factory=dict)
    compiled: _Compiled = field(default_factory=_Compiled)
    scanned: tuple[canary.Canary, ...] = ()
    clean: set[bytes] = field(default_factory=set)
    sources: bytes = b""  # the digest of what the canaries were collected from
    canaries: list[canary.Canary] = field(default_factory=list)
    removing: list[threading.Thread] = field(default_factory=list)
    index: BackgroundIndex = field(default_factory=BackgroundIndex)

    def prepare(self, env: jinja2.Environment) -> None:
        """Templates from memory, and the layout of pages already whole."""
        env.bytecode_cache = self.compiled
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({READY: "{{ page.content }}"}),
                                          env.loader or jinja2.DictLoader({})])

    def recall(self, page: Page, markdown: str, config: MkDocsConfig) -> None:
        """Let ``page`` take MkDocs' render of ``markdown`` from memory, if that is what
        it is still given to render: building a Python-Markdown converter for each page
        was a fifth of a rebuild."""
        key = (markdown, _markdown_settings(config))
        known = self.headings.get(page.file.src_uri)
        if known is None or known[0] != key:
            return

        def render(config: MkDocsConfig, files: Any) -> None:
            if page.markdown != markdown:
                Page.render(page, config, files)
                return
            (page.content, page.toc, page._title_from_render, page.present_anchor_ids,
             page.links_to_anchors) = known[1]

        setattr(page, "render", render)  # noqa: B010 - this page only, and only this build

    def remember(self, page: Page, config: MkDocsConfig) -> None:
        """MkDocs' render of a generated page, just made, for :meth:`recall`. A title
        with a link is not kept: what it renders to depends on other pages."""
        if page.markdown is not None and "](" not in page.markdown:
            self.headings[page.file.src_uri] = (
                (page.markdown, _markdown_settings(config)),
                (page.content, page.toc, page._title_from_render, page.present_anchor_ids,
                 page.links_to_anchors))

    def lay_out(self, name: str, key: Hashable, template: jinja2.Template, context: Any) -> str:
        """The page as the theme lays it out, from memory when its key is unchanged."""
        known = self.pages.get(name)
        if known is not None and known[0] == key:
            return known[1]
        output = template.render(context)
        self.pages[name] = (key, output)
        return output

    def forget(self, names: Iterable[str]) -> None:
        """Pages no longer generated (a meeting deleted) are dropped from memory."""
        for name in set(self.renders) - set(names):
            self.renders.pop(name, None)
            self.pages.pop(name, None)
            self.headings.pop(name, None)

    def collect(self, layout: Layout) -> list[canary.Canary]:
        """The canaries, collected again only when an exempt or minutes file changed."""
        digest = hashlib.blake2b(digest_size=20)
        for folder in (layout.exempt, layout.minutes):
            for root, folders, files in os.walk(folder):
                folders.sort()
                for name in sorted(files):
                    path = os.path.join(root, name)
                    digest.update(path.encode("utf-8", "surrogateescape") + b"\0")
                    try:
                        digest.update(Path(path).read_bytes() + b"\0")
                    except OSError:
                        digest.update(b"unreadable\0")
        if digest.digest() != self.sources:
            self.canaries = canary.collect(layout.exempt, layout.minutes)
            self.sources = digest.digest()
        return self.canaries

    def set_aside(self, site_dir: Path) -> None:
        """Empty the site folder at once: MkDocs removes the last site file by file before
        a build, which at council scale is seconds of an edit's wait."""
        if not site_dir.is_dir():
            return
        trash = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-old-", dir=site_dir.parent))
        for entry in site_dir.iterdir():
            if not entry.name.startswith("."):  # as MkDocs leaves hidden files
                entry.rename(trash / entry.name)
        self.removing = [thread for thread in self.removing if thread.is_alive()]
        thread = threading.Thread(target=shutil.rmtree, args=(trash,), kwargs={"ignore_errors": True},
                                  daemon=True)
        thread.start()
        self.removing.append(thread)

    def close(self) -> None:
        """Stop indexing, and let the removal of earlier sites finish, before the process ends."""
        self.index.stop()
        for thread in self.removing:
            thread.join()

    def leaks(self, canaries: list[canary.Canary], site_dir: Path) -> list[canary.Leak]:
        """The canary scan of the built site, reading only files unlike any found clean."""
        if tuple(canaries) != self.scanned:
            self.scanned, self.clean = tuple(canaries), set()
        fresh: dict[str, str] = {}
        digests: dict[str, bytes] = {}
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            raw = path.read_bytes()
            digest = hashlib.blake2b(raw, digest_size=20).digest()
            if digest not in self.clean:
                fresh[str(path)] = canary.text_of(path, raw)
                digests[str(path)] = digest
        found = canary.scan(canaries, fresh) if canaries else []
        leaking = {leak.output for leak in found}
        self.clean.update(digest for name, digest in digests.items() if name not in leaking)
        return found


def signature(config: MkDocsConfig, nav: Navigation) -> Hashable:
    """Everything a page's layout depends on besides the page itself and the titles in
    the navigation: the configuration, the theme's own templates and the navigation's
    shape."""
    file = config.config_file_path
    settings = Path(file).read_bytes() if file and os.path.isfile(file) else b""
    chosen = (config.site_name, config.site_url, config.use_directory_urls, repr(config.theme),
              repr(dict(config.theme.items())), repr(config.extra), repr(config.extra_css),
              repr(config.extra_javascript), repr(config.markdown_extensions))
    return (settings, chosen, _theme_files(config.theme.dirs), _shape(nav.items))


def titles(nav: Navigation) -> Hashable:
    """The titles the navigation shows as a page is laid out: a page's title can change
    as the pages before it are laid out."""
    return tuple((page.url, str(page.title)) for page in nav.pages)


def _markdown_settings(config: MkDocsConfig) -> str:
    return repr((config.markdown_extensions, config.mdx_configs))


def _theme_files(dirs: Iterable[str]) -> Hashable:
    """The templates of the theme folders a user edits (an installed theme's do not
    change under a running server)."""
    stamps = []
    for folder in dirs:
        if Path(folder).resolve().is_relative_to(_PACKAGES):
            stamps.append((folder, 0, 0))
            continue
        for root, _, files in os.walk(folder):
            for name in sorted(files):
                stat = os.stat(os.path.join(root, name))
                stamps.append((os.path.join(root, name), stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


def _shape(items: Iterable[Any]) -> Hashable:
    return tuple((type(item).__name__, getattr(item, "url", None), str(getattr(item, "title", "")),
                  _shape(getattr(item, "children", None) or ())) for item in items)
