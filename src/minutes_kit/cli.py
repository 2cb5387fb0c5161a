"""The ``minutes-kit`` command: a thin layer that parses options and calls the library.

Each command imports the library it needs in its own body, so that ``--help`` and a
command that needs little (``schema``, ``actions``) do not pay for the models, the
Markdown renderer or MkDocs; ``tests/test_startup.py`` keeps it so.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import statuses
from .listing import LISTERS
from .report import FORMATS
from .statuses import OPEN_STATUSES

if TYPE_CHECKING:
    from . import paper
    from .cache import Cache
    from .corpus import Brief, Checked, Corpus, Document
    from .people import Identity, People
    from .problems import Problem
    from .register import Register

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="minutes-kit")
@click.option("--no-cache", is_flag=True,
              help="Read every file again, without using or updating the cache in .minutes-kit-cache/.")
def main(no_cache: bool) -> None:
    """Structured meeting minutes in Markdown: check them, track their actions, publish them."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text",
              show_default=True, help="text for people, json for tools, github for annotations.")
@click.option("--strict", is_flag=True, help="Fail on warnings as well as errors.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Processes to use; 0 means one per core (small runs use one). More than one "
                   "is faster only on an idle machine with thousands of files.")
def check(paths: tuple[Path, ...], fmt: str, strict: bool, jobs: int) -> None:
    """Check minutes files (default: the minutes/ folder) and report every problem.

    Update files in actions/updates/, older actions in actions/legacy.yml and the
    people directory minutes/people.yml are checked too. Named PATHS are judged
    against the whole repository (action ids, updates, people) and only their
    problems are reported, with those of other files that name them. Files
    unchanged since the last run are not read again (see `minutes-kit --no-cache`).

    Each problem prints as FILE:LINE:COL: SEVERITY CODE: MESSAGE with a hint.
    Exit status: 0 clean, 1 problems found, 2 usage or read error.
    """
    from .repository import under

    cache = _cache()
    if cache is not None:
        from .answers import check as answered

        files, problems = answered(paths, cache, jobs)
    else:
        from .corpus import check as checked

        found = checked(paths, jobs)
        files, problems = found.paths, found.problems
    if paths:
        files, problems = under(files, problems, paths)
    click.echo(FORMATS[fmt](problems, len(files)))
    if any(p.code == "read-error" for p in problems):
        sys.exit(EXIT_USAGE)
    failing = [p for p in problems if p.severity == "error" or strict]
    sys.exit(EXIT_PROBLEMS if failing else EXIT_CLEAN)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["json", "markdown"]), default="json",
              show_default=True, help="json: JSON Schema for editors; markdown: the reference.")
def schema(fmt: str) -> None:
    """Print the JSON Schema of the front matter, or the format reference in Markdown.

    Editors that read JSON Schema use it for completion and inline errors.
    """
    from . import reference

    click.echo(reference.json_schema() if fmt == "json" else reference.markdown(), nl=False)


ISO_DATE = click.DateTime(formats=["%Y-%m-%d"])
# Filters beyond one status: "open" lists the actions still to do, open or in progress.
STATUS_FILTERS = {
    "open": OPEN_STATUSES,
    "closed": frozenset({"done", "dropped"}),
    "all": frozenset(statuses.STATUSES),
}


class Status(click.ParamType):
    """A status in any of its spellings (``statuses.SPELLINGS``), as the minutes accept
    it; with ``filters``, also the names of ``STATUS_FILTERS``."""

    name = "status"

    def __init__(self, filters: bool) -> None:
        self.filters = filters

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> object:
        if not isinstance(value, str):
            return value
        if self.filters and value.lower() in STATUS_FILTERS:
            return STATUS_FILTERS[value.lower()]
        try:
            status = statuses.parse(value)
        except ValueError as error:
            extra = " (or, to list, open, closed or all)" if self.filters else ""
            self.fail(f"{error}{extra}", param, ctx)
        return frozenset({status}) if self.filters else status


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


def _corpus(*, exempt: bool, ready: dict[str, Document] | None = None) -> Corpus:
    """The repository in the current folder, with the exempt parts only when ``exempt``;
    problems are mentioned, not fatal. ``ready`` holds minutes files already read."""
    from .corpus import load

    corpus = load(exempt=exempt, cache=_cache(), ready=ready)
    _mention_errors(sum(p.severity == "error" for p in corpus.problems))
    return corpus


def _folded(*, exempt: bool, ready: dict[str, Document | Brief] | None = None) -> Checked:
    """The register of the repository in the current folder (with the exempt parts only
    when ``exempt``) and its problems, folded one meeting at a time: no command that
    needs only the register holds every meeting."""
    from .corpus import check

    return check(cache=_cache(), ready=ready, exempt=exempt)


def _mention_errors(count: int) -> None:
    if count:
        click.echo(f"warning: the minutes have {count} errors, so the register may be "
                   "incomplete; run `minutes-kit check`", err=True)


def _valid_corpus(*, with_body: bool, refusal: str, exempt: bool = False,
                  paths: tuple[Path, ...] = (), ready: dict[str, Document | Brief] | None = None) -> Corpus:
    """The repository (and any other ``paths``), or its errors printed as `check` prints
    them and a refusal; ``ready`` holds minutes files this run has read already."""
    from .corpus import load

    corpus = load(paths, with_body=with_body, exempt=exempt, cache=_cache(), ready=ready)
    _refuse_errors(corpus.problems, corpus.paths, refusal)
    return corpus


def _refuse_errors(problems: Sequence[Problem], paths: Sequence[str], refusal: str) -> None:
    """The errors among ``problems`` printed as `check` prints them, and a refusal."""
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        click.echo(FORMATS["text"](errors, len(paths)))
        raise click.ClickException(f"fix the minutes first; {refusal}")


@main.command()
@click.option("--owner", help="Initials, name or id of the owner (any case).")
@click.option("--status", "wanted", type=Status(filters=True), default="open", show_default=True,
              help="open (open or in progress), in-progress, done, dropped, closed (done or dropped) "
                   "or all; any spelling `check` accepts, in any case.")
@click.option("--overdue", is_flag=True, help="Only actions past their due date on --as-of.")
@click.option("--due-before", type=ISO_DATE, help="Only actions due to end before this date.")
@click.option("--committee", help="Only actions of committees whose name contains this.")
@click.option("--as-of", type=ISO_DATE,
              help="Show the register as it stood on this date (records after it left out) "
                   "and judge overdue on it; default today.")
@click.option("--format", "fmt", type=click.Choice(sorted(LISTERS)), default="table",
              show_default=True, help="table, csv (spreadsheet), json, markdown or ics (calendar).")
@click.option("--include-exempt", is_flag=True,
              help="Include actions of exempt (Part II) items; never for publication.")
def actions(owner: str | None, wanted: frozenset[str], overdue: bool, due_before: datetime | None,
            committee: str | None, as_of: datetime | None, fmt: str, include_exempt: bool) -> None:
    """List actions from all minutes, soonest due first.

    Examples: `minutes-kit actions --owner JJ`, `minutes-kit actions --overdue
    --as-of 2012-10-01`, `minutes-kit actions --owner JJ --format ics > jj.ics`.
    """
    when = _day(as_of) or date.today()
    if as_of:
        known = _corpus(exempt=include_exempt).register_on(when)
        who = _owner(known.people, owner)
    else:
        known, who = _register_for_query(include_exempt, owner)
    chosen = known.select(
        owner=who, statuses=wanted, overdue_on=when if overdue else None,
        due_before=_day(due_before), committee=committee, include_exempt=include_exempt,
    )
    listed = LISTERS[fmt](chosen, when)
    if not include_exempt:
        _refuse_leaks({"the listing": listed}, "nothing was listed")
    if fmt in ("csv", "ics"):  # CRLF line ends are part of these formats: write them as bytes
        click.echo(listed.encode("utf-8"), nl=False)
    else:
        click.echo(listed, nl=fmt == "table")


def _owner(people: People, owner: str | None) -> Identity | None:
    """The one person ``--owner`` names, or a refusal that lists who it could be."""
    from .people import find_owner
    from .problems import Refused

    try:
        return find_owner(people, owner) if owner else None
    except Refused as refusal:
        raise click.BadParameter(str(refusal), param_hint="--owner") from None


def _register_for_query(exempt: bool, owner: str | None) -> tuple[Register, Identity | None]:
    """The register as the minutes stand, kept by the cache for their state (with only
    the owner's actions when one is named), and the owner."""
    cache = _cache()
    if cache is None:
        found = _folded(exempt=exempt)
        _mention_errors(sum(p.severity == "error" for p in found.problems))
        return found.register, _owner(found.register.people, owner)
    from . import answers
    from .repository import Layout

    answer = answers.query(cache, Layout(), exempt)
    if answer.head is not None:
        _mention_errors(answer.errors)
        who = _owner(answer.head.people, owner)
        kept = answers.register_of(cache, answer, who)
        if kept is not None:
            return kept, who
    found = _folded(exempt=exempt, ready=answer.ready)
    if answer.head is None:
        _mention_errors(sum(p.severity == "error" for p in found.problems))
    answers.keep_query(cache, answer.key, found.register, found.across)
    return found.register, _owner(found.register.people, owner)


@main.group()
def action() -> None:
    """Record progress on one action between meetings."""


@action.command()
@click.argument("action_id")
@click.option("--status", type=Status(filters=False),
              help="The new status: open, in progress, done or dropped, in any spelling `check` "
                   "accepts (in-progress, complete, withdrawn ...).")
@click.option("--note", help="What has happened.")
@click.option("--due", help="A new due date: 2012-10-31, 2012-10, October 2012, 2012-10/2012-11.")
@click.option("--owner", help="A new owner: initials, name or id.")
@click.option("--date", "on", type=ISO_DATE, help="When the progress happened; default today.")
@click.option("--by", help="Who is recording it.")
def update(action_id: str, status: str | None, note: str | None, due: str | None,
           owner: str | None, on: datetime | None, by: str | None) -> None:
    """Record progress on ACTION_ID in a new file under actions/updates/.

    The file is validated like minutes, written atomically, and never replaces an
    existing file, so two officers recording at once both keep their words. Run
    `minutes-kit register` afterwards to refresh the register.
    """
    from .corpus import Layout
    from .progress import Refused, record_update

    corpus = _corpus(exempt=True)
    try:
        path = record_update(corpus, Layout(), action_id, on=_day(on) or date.today(), status=status,
                             note=note, due=due, owner=owner, by=by)
    except Refused as refusal:
        raise click.ClickException(str(refusal)) from None
    click.echo(f"recorded in {path}")


@main.command()
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 if the files in actions/ are not current.")
@click.option("--as-of", type=ISO_DATE,
              help="The register as it stood on this date; default the latest meeting or update.")
def register(check_only: bool, as_of: datetime | None) -> None:
    """Write the action register into actions/: open actions by owner, overdue, recently
    closed, a page per owner, and the whole register as CSV and JSON.

    The same minutes always give the same bytes. Minutes with errors are refused.
    Every target is checked before anything is written and the files are written all
    or none: a folder in the way, a file where a folder should be, or a failed write
    leaves the register as it was, with an error naming the path (exit status 1).
    Temporary files left by a run that was killed are removed (and are stale for --check).
    """
    from .repository import Layout

    day, folder, cache = _day(as_of), Layout().actions, _cache()
    if cache is not None:  # the register's files as kept for the minutes as they are
        from . import answers

        answer = answers.register(cache, Layout(), day)
        if answer.files is not None:
            out_of_date = answers.stale_register(cache, answer.files, folder)
            if check_only or not out_of_date:
                _register_verdict(folder, out_of_date, check_only, len(answer.files))
                return
    from . import register_files

    ready = answer.ready if cache is not None else None
    refusal = "the register was not written"
    if day:
        folded = _valid_corpus(with_body=False, refusal=refusal, ready=ready).register_on(day)
    else:
        found = _folded(exempt=False, ready=ready)
        _refuse_errors(found.problems, found.paths, refusal)
        folded = found.register
    files = register_files.render(folded, day)
    outputs = {str(folder / name): text for name, text in files.items()}
    if _refuse_leaks(outputs, refusal) and cache is not None:
        answers.keep_register(cache, answer.key, files)
    try:
        if check_only:
            out_of_date = register_files.stale(files, folder)
            _register_verdict(folder, out_of_date, True, len(files))
            return
        touched = register_files.write(files, folder)
    except register_files.NotGenerated as clash:
        raise click.ClickException(f"not generated by minutes-kit, so left alone: {clash}") from None
    except register_files.Unwritable as failure:
        raise click.ClickException(str(failure)) from None
    _register_verdict(folder, touched, False, len(files))


def _register_verdict(folder: Path, touched: list[str], check_only: bool, count: int) -> None:
    """What `register` says: the stale files with --check (exit status 1 if any), or
    how many files it wrote."""
    if not check_only:
        click.echo(f"wrote {len(touched)} of {count} files in {folder}"
                   + (" (all were current)" if not touched else ""))
        return
    for name in touched:
        click.echo(f"stale: {folder / name}")
    if touched:
        click.echo("the register is out of date: run `minutes-kit register`")
        sys.exit(EXIT_PROBLEMS)
    click.echo(f"the register in {folder} is current")


@main.command()
@click.argument("committee")
@click.option("--date", "on", type=ISO_DATE, required=True, help="The new meeting's date.")
def new(committee: str, on: datetime) -> None:
    """Start the minutes of COMMITTEE's next meeting, dated --date.

    The file goes beside the committee's latest minutes, with its usual membership and
    every open action carried forward as a matter arising. Open actions of exempt items
    are carried into the meeting's exempt part under exempt/ instead, never into the
    minutes. An existing file is never replaced.
    """
    from .corpus import Layout
    from .progress import Refused, scaffold

    corpus = _corpus(exempt=True)
    try:
        paths = scaffold(corpus, Layout(), committee, on.date())
    except Refused as refusal:
        raise click.ClickException(str(refusal)) from None
    for path in paths:
        click.echo(f"wrote {path}")


@main.command()
@click.option("--config-file", "-f", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("mkdocs.yml"), show_default=True, help="The MkDocs configuration.")
@click.option("--site-dir", "-d", type=click.Path(file_okay=False, path_type=Path),
              help="Where to build; default site/, or site-internal/ with --internal.")
@click.option("--internal", is_flag=True,
              help="Include exempt (Part II) items, marked as such: for internal use only.")
@click.option("--pages-only", type=click.Path(file_okay=False, path_type=Path),
              help="Only write the generated Markdown pages and nav.yml into this folder.")
def site(config_file: Path, site_dir: Path | None, internal: bool, pages_only: Path | None) -> None:
    """Build the minutes site with MkDocs and Material (strict: any warning fails).

    With --pages-only, write the pages as Markdown for another generator instead (for
    example Zensical, which reads mkdocs.yml): DIR receives every page and nav.yml, the
    navigation to put under `nav:`. Invalid minutes stop the build with their problems.
    """
    if pages_only is not None:
        _pages_only(pages_only, internal)
        return
    target = site_dir or Path("site-internal" if internal else "site")
    if internal:
        _internal_only(target)
    os.environ["MINUTES_KIT_INTERNAL"] = "true" if internal else "false"
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    import logging
    import shutil

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .files import building_folder, replace_folder

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(handler)
    # Built beside the target and moved into place only when whole and scanned: a refused
    # build leaves the site that was there.
    building = building_folder(target)
    try:
        build(load_config(str(config_file), strict=True, site_dir=str(building)))
        replace_folder(building, target)
    except MkDocsException as error:
        raise click.ClickException(str(error)) from None
    finally:
        shutil.rmtree(building, ignore_errors=True)
    click.echo(f"built {'the INTERNAL ' if internal else ''}site in {target}")


def _pages_only(folder: Path, internal: bool) -> None:
    """The pages as Markdown for another generator: a public run is scanned before anything
    is written; an internal run writes only into a folder of its own."""
    import yaml

    from . import pages as pages_
    from . import site as site_

    if internal:
        _internal_only(folder)
    corpus = _valid_corpus(with_body=True, refusal="no pages were written", exempt=internal)
    built = site_.build_site(corpus, internal=internal)
    pages = {**built.pages, "nav.yml": yaml.safe_dump(built.nav, sort_keys=False, allow_unicode=True)}
    if not internal:
        _refuse_leaks(pages, "no pages were written")
    try:
        gone = pages_.write(pages, folder)
    except pages_.NotGenerated as clash:
        raise click.ClickException(f"not written by minutes-kit, so left alone: {clash}; "
                                   "move it, or choose another folder") from None
    click.echo(f"wrote {len(built.pages)} pages and nav.yml in {folder}"
               + (f", removed {len(gone)} no longer produced" if gone else ""))


def _internal_only(folder: Path) -> None:
    if not folder.name.endswith("-internal"):
        raise click.ClickException("an internal build includes exempt items, so it is written only "
                                   "into a folder whose name ends in -internal (such as site-internal), "
                                   f"not {folder}")


def _refuse_leaks(outputs: dict[str, str], refusal: str) -> bool:
    """The second lock on a public output: refuse it if any exempt text is in it. True
    when no exempt wording at all is in it (not even wording the minutes share)."""
    from . import canary
    from .repository import Layout

    layout, cache = Layout(), _cache()
    if cache is not None:
        from .answers import canaries

        found = canaries(cache, layout)
    suspects = canary.suspects(layout.exempt, layout.minutes, outputs, found if cache is not None else None)
    leaks = canary.among_rare(suspects, layout.minutes)
    if leaks:
        for leak in leaks:
            click.echo(f"error: {leak}", err=True)
        raise click.ClickException(f"exempt text would be made public; {refusal}")
    return not suspects


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--committee", help="The committee's name, when the sources do not give it.")
@click.option("--organisation", help="The organisation's name, when the sources do not give it.")
@click.option("--into", type=click.Path(file_okay=False, path_type=Path), default=Path("minutes"),
              show_default=True, help="Where the minutes go; exempt parts go beside it in exempt/.")
@click.option("--dry-run", is_flag=True, help="Print the summary only; write nothing.")
@click.option("--no-initials", "no_initials", is_flag=True,
              help="Leave people's initials for the clerk instead of deriving them.")
def import_(paths: tuple[Path, ...], committee: str | None, organisation: str | None, into: Path,
            dry_run: bool, no_initials: bool) -> None:
    """Turn legacy minutes (.txt, .md, .docx, .html) into draft minutes files.

    A folder imports its files in the order of their meetings' dates, so actions raised
    in one meeting and updated in a later one link up. Each draft goes to
    INTO/<committee>/<date>.md, never over an existing file (a re-run skips meetings
    already imported). What the source does not say is left as a marker that `check`
    reports; the summary lists each with its source line.
    Exit status: 0 all imported, 1 a source could not be read.
    """
    from .importer.batch import Options, run
    from .importer.summary import summary

    outcomes = run(list(paths), Options(into, committee, organisation, not no_initials, dry_run))
    for outcome in outcomes:
        click.echo("\n".join(summary(outcome)))
    if any(outcome.error for outcome in outcomes):
        sys.exit(EXIT_PROBLEMS)


# Paper: the record the chair signs (PDF) and the draft members receive (Word).

def _paper_options(command: Callable[..., None]) -> Callable[..., None]:
    options = [
        click.argument("files", nargs=-1, type=click.Path(path_type=Path), metavar="[MINUTES_FILE]..."),
        click.option("--committee", help="Every meeting of this committee (its name or folder)."),
        click.option("--all", "every", is_flag=True, help="Every meeting."),
        click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("print"),
                     show_default=True, help="The folder to write into."),
        click.option("--internal", is_flag=True,
                     help="Include exempt (Part II) items: every page is marked NOT FOR PUBLICATION "
                          "and the file name ends in -internal."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _sheets(files: tuple[Path, ...], committee: str | None, every: bool, out: Path,
            internal: bool, suffix: str) -> list[paper.Sheet]:
    """The meetings asked for, ready for paper; a public copy is scanned for exempt text
    before anything is written."""
    if not (files or committee or every):
        raise click.UsageError("say which minutes: name MINUTES_FILEs, or give --committee NAME or --all")
    from . import paper
    from .corpus import Layout
    from .progress import Refused

    layout = Layout()
    refusal = "nothing was written"
    try:
        paper.outside(out, layout.minutes, layout.exempt)
        corpus = _valid_corpus(with_body=True, refusal=refusal, exempt=internal, paths=files)
        picked = paper.chosen(corpus, files, committee, every, internal)
        made = paper.sheets(picked, corpus.register, internal)
    except Refused as refused:
        raise click.ClickException(str(refused)) from None
    if not internal:
        _refuse_leaks({str(out / f"{s.name}.{suffix}"): s.document for s in made}, refusal)
    return made


def _one_by_one(sheets: list[paper.Sheet], label: str) -> Iterable[paper.Sheet]:
    """The sheets, with a progress bar on a terminal when there are several."""
    if len(sheets) > 1 and sys.stderr.isatty():
        with click.progressbar(sheets, label=label, file=sys.stderr) as bar:
            yield from bar
    else:
        yield from sheets


@main.command("pdf")
@_paper_options
def pdf_command(files: tuple[Path, ...], committee: str | None, every: bool, out: Path,
                internal: bool) -> None:
    """Write each meeting's minutes as a tagged PDF (PDF/UA), for signing and publication.

    The PDF is the meeting page of the site on A4: page numbers, the draft mark on every
    page of a draft, the signature block, and the actions as the meeting agreed them.
    With --committee, the committee's meetings are also bound in one PDF. Needs the
    optional extra: pip install 'minutes-kit[pdf]'.
    """
    from . import paper
    from . import pdf as pdf_
    from .files import write_atomic

    try:
        engine = pdf_.engine()
    except pdf_.Unavailable as missing:
        raise click.ClickException(str(missing)) from None
    made = _sheets(files, committee, every, out, internal, "pdf")
    volume = paper.binding(made, internal) if committee else None
    documents = []
    for sheet in _one_by_one(made, "writing PDF"):
        document = pdf_.render(engine, sheet)
        write_atomic(out / f"{sheet.name}.pdf", pdf_.pdf(document))
        click.echo(f"wrote {out / sheet.name}.pdf", err=True)
        if volume:
            documents.append(document)
    if volume:
        name, title = volume
        write_atomic(out / f"{name}.pdf", pdf_.bound(documents, title))
        click.echo(f"wrote {out / name}.pdf ({len(documents)} meetings)", err=True)


@main.command("docx")
@_paper_options
def docx_command(files: tuple[Path, ...], committee: str | None, every: bool, out: Path,
                 internal: bool) -> None:
    """Write each meeting's minutes as a Word document, to circulate the draft to members.

    The same words as the meeting page, with "DRAFT" in the header of a draft.
    """
    from . import word
    from .files import write_atomic

    for sheet in _one_by_one(_sheets(files, committee, every, out, internal, "docx"), "writing Word"):
        write_atomic(out / f"{sheet.name}.docx", word.docx(sheet, internal))
        click.echo(f"wrote {out / sheet.name}.docx", err=True)


def _cache() -> Cache | None:
    """The repository's cache, unless `--no-cache` was given: one a run, opened (and its
    fingerprint taken) once however many parts of a command ask for it."""
    from .cache import Cache, folder_for
    from .repository import Layout

    root = click.get_current_context().find_root()
    if root.params.get("no_cache"):
        return None
    if "minutes_kit.cache" not in root.meta:
        root.meta["minutes_kit.cache"] = Cache(folder_for(Layout().root))
    cache: Cache = root.meta["minutes_kit.cache"]
    return cache


@main.group()
def cache() -> None:
    """The cache of each minutes file's checks, kept in .minutes-kit-cache/ (or under
    $MINUTES_KIT_CACHE_DIR). It is rebuilt as needed; clearing it is always safe."""


@cache.command("clear")
def cache_clear() -> None:
    """Remove the cache: the next run reads every file again."""
    from .cache import Cache, folder_for
    from .repository import Layout

    folder = folder_for(Layout().root)
    try:
        removed = Cache(folder).clear()
    except OSError as error:
        raise click.ClickException(f"could not remove {folder}: {error.strerror or error}") from None
    click.echo(f"removed {folder}" if removed else f"no cache at {folder}")
