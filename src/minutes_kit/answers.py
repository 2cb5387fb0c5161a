"""Answers kept for one state of the repository, so that a command asked again about
minutes that have not changed in what it reads answers without reading them.

A state is a digest (:func:`minutes_kit.state.key`) of every file a command's answer
depends on, each by the part of it that the answer reads: for a minutes file, once its
own checks have run, the digest of its facts (its summary and where its actions were
written, :func:`minutes_kit.summary.encode`), so an edit to a narrative changes that
file's own problems but not the answers across meetings; for every other file, its
bytes. Each file's own problems come from its cache entry, checked again whenever its
bytes change. An answer is plain JSON, checked for its shape before it is believed;
anything else is no answer, and the command reads the repository as it would without one.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from . import state
from .cache import Cache
from .problems import Problem, problems_in, problems_out
from .repository import Layout, minutes_files, repository_files


def check(paths: Sequence[Path | str], cache: Cache, jobs: int = 1,
          layout: Layout | None = None) -> tuple[list[str], list[Problem]]:
    """Every file `check` reads and every problem, as ``load(paths, exempt=True)`` gives
    them: the files changed since the last run are read and checked, and the checks
    across meetings are taken from the answer kept for the state of what they read, or
    run (and kept) when there is none."""
    layout = layout or Layout()
    files = minutes_files(paths, layout)
    digests = state.digests(cache, files)
    outlines = cache.outlines(files)
    fresh = [f for f in files if digests[f] is None or outlines.get(f, ("",))[0] != digests[f]]
    read = {}
    if fresh:
        from .corpus import load_files

        read = {d.path: d for d in load_files(fresh, jobs, cache)}
    if fresh:
        outlines.update(cache.outlines(fresh))
    own: list[Problem] = []
    facts: list[tuple[str, str]] = []
    for path in files:
        outline = outlines.get(path)
        current = outline is not None and digests[path] is not None and outline[0] == digests[path]
        problems = problems_in(outline[2], path) if outline is not None and current else None
        if outline is not None and problems is not None:
            own += problems
            facts.append((path, outline[1]))
            continue
        # Read now and not summarised (a part refused by the schema, an unreadable file):
        # what it is as read stands for it.
        from .corpus import load_files

        document = read[path] if path in read else load_files([path], 1, cache)[0]
        own += document.problems
        facts.append((path, f"file {digests[path]}"))
    others = repository_files(layout, exempt=True)
    other_digests = state.digests(cache, others)
    key = state.key(cache, ("check", "exempt"),
                    [*facts, *((path, str(other_digests[path])) for path in others)])
    across = problems_in(cache.answer(key))
    if across is None:
        from .corpus import load

        corpus = load(paths, jobs=jobs, exempt=True, cache=cache, ready=read)
        cache.keep(key, problems_out(corpus.across))
        return corpus.paths, corpus.problems
    # As Corpus.paths lists them: the directory is not one of them, the legacy file when present.
    listed = [path for path in others if path != str(layout.directory)
              and (path != str(layout.legacy) or os.path.exists(path))]
    return files + listed, sorted(own + across)
