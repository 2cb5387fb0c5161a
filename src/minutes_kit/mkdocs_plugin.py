"""MkDocs plugin: adds the pages of :func:`minutes_kit.site.build_site` and their
navigation to a build. It parses and validates nothing itself: invalid minutes stop
the build with the same located problems as ``minutes-kit check``."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .corpus import Layout, load
from .site import Site, build_site

log = logging.getLogger("mkdocs.plugins.minutes-kit")


class MinutesConfig(Config):
    internal = config_options.Type(bool, default=False)
    jobs = config_options.Type(int, default=0)


class MinutesPlugin(BasePlugin[MinutesConfig]):
    site: Site | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        corpus = load(jobs=self.config.jobs, with_body=True, layout=Layout(root))
        errors = [p for p in corpus.problems if p.severity == "error"]
        for problem in errors:
            where = Path(problem.path).resolve()
            shown = where.relative_to(root) if where.is_relative_to(root) else where
            log.error(f"{shown}:{problem.line}:{problem.column}: {problem.code}: {problem.message}"
                      + (f" (hint: {problem.hint})" if problem.hint else ""))
        if errors:
            raise PluginError(f"{len(errors)} problems in the minutes: run `minutes-kit check`")
        self.site = build_site(corpus, internal=self.config.internal)
        if self.config.internal:
            log.info("internal build: exempt items are included; do not publish this site")
        config.nav = self.site.nav + list(config.nav or [])
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        for path, content in self.site.pages.items():
            files.append(File.generated(config, path, content=content))
        return files
