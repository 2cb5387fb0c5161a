"""The ``minutes-kit`` command: a thin layer that parses options and calls the library."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import corpus as corpus_
from . import reference
from .report import FORMATS

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="minutes-kit")
def main() -> None:
    """Structured meeting minutes in Markdown: check them, track their actions, publish them."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text",
              show_default=True, help="text for people, json for tools, github for annotations.")
@click.option("--strict", is_flag=True, help="Fail on warnings as well as errors.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
              help="Processes to use; 0 means one per core (small runs use one).")
def check(paths: tuple[Path, ...], fmt: str, strict: bool, jobs: int) -> None:
    """Check minutes files (default: the minutes/ folder) and report every problem.

    Each problem prints as FILE:LINE:COL: SEVERITY CODE: MESSAGE with a hint.
    Exit status: 0 clean, 1 problems found, 2 usage or read error.
    """
    corpus = corpus_.load(paths or [Path("minutes")], jobs=jobs)
    files = len(corpus.documents)
    click.echo(FORMATS[fmt](corpus.problems, files))
    if any(p.code == "read-error" for p in corpus.problems):
        sys.exit(EXIT_USAGE)
    failing = [p for p in corpus.problems if p.severity == "error" or strict]
    sys.exit(EXIT_PROBLEMS if failing else EXIT_CLEAN)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["json", "markdown"]), default="json",
              show_default=True, help="json: JSON Schema for editors; markdown: the reference.")
def schema(fmt: str) -> None:
    """Print the JSON Schema of the front matter, or the format reference in Markdown.

    Editors that read JSON Schema use it for completion and inline errors.
    """
    click.echo(reference.json_schema() if fmt == "json" else reference.markdown(), nl=False)
