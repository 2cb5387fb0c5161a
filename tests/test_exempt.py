"""Exempt (Part II) information is never public: by construction (public outputs never
read exempt/), then verified (the canary scan refuses any public output that holds it).

A copy of the example repository is given exempt content in every field and in every
narrative shape that ever ended an exempt section early, a later meeting and an update
file that report on the exempt action, and a scaffolded next meeting; then every public
output is built through the real commands and searched for the canary word.
"""

from __future__ import annotations

import gzip
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutes_kit import canary
from minutes_kit.cli import main
from minutes_kit.corpus import Layout, load
from minutes_kit.site import build_site

from .conftest import ROOT

CANARY = "quokka"  # in every piece of exempt text below, and nowhere else
MKDOCS = str(Path(sys.executable).with_name("mkdocs"))

# Every Markdown shape that used to end an exempt section before its end.
EXEMPT_BODY = f"""
## 3) Placement review for Child K ({CANARY} heading)

LD presented the placement plan for Child K, a {CANARY} narrative sentence of some length.

## Discussion

An unlabelled heading of the same level, then {CANARY} text the old cut published.

# Note

A top-level heading, then {CANARY} text under it that is long enough to count.

Setext {CANARY} heading
-----------------------

<!--
## A heading inside a comment with {CANARY}
-->

<details><summary>{CANARY} summary</summary>

## Heading inside details with {CANARY} words

</details>

- a list entry about the {CANARY} arrangements for the child
- another

---

After a rule: the {CANARY} transport plan was agreed by the board today.

| {CANARY} table | value |
| --- | --- |
| the {CANARY} placement cost | 1200 |
"""

EXEMPT_PART = f"""---
# The exempt part of minutes/corporate-parenting-board/2012-07-10.md: confidential.
abbreviations:
  QKA: {CANARY} abbreviation expansion used only here
items:
  - id: "3"
    code: {CANARY} code
    title: Placement review for Child K ({CANARY} title)
    measures:
      - code: {CANARY} PM 01
        title: {CANARY} measure title about one child
        period: Q1 2012/13
        unit: {CANARY} units
        better: lower
        actual: 3
        target: 2
    decisions:
      - The {CANARY} placement plan was endorsed by the board.
    actions:
      - id: cpb-2012-07-10-2
        text: Confirm the {CANARY} school transport arrangements for the placement.
        owner: LD
        due: 2012-08-31
    further_review:
      due: 2012-12
      note: Review the {CANARY} placement again in December.
---
{EXEMPT_BODY}"""

LATER_MINUTES = """---
organisation: Derby City Council
committee: Corporate Parenting Board
date: 2012-10-09
status: draft
attendees:
  - {initials: EW, name: Evonne Williams, title: Councillor, role: chair}
  - {initials: RT, name: Ruth Turner, title: Councillor}
in_attendance:
  - {initials: LD, name: Lisa Dunne, role: independent reviewing officer}
items:
  - id: "1"
    reference: 20/12
    title: Minutes of the last meeting
  - id: "2"
    reference: 21/12
    title: An individual placement
    exempt: true
    exempt_paragraph: 1
---

## 1) Minutes of the last meeting

The minutes of 10 July 2012 were approved as a correct record.
"""

LATER_PART = f"""---
matters_arising:
  - action: cpb-2012-07-10-2
    status: in progress
    note: The {CANARY} transport contract is out to tender this month.
items:
  - id: "2"
    title: Placement of Child K ({CANARY} later title)
    decisions:
      - The {CANARY} later decision about the placement was agreed.
---

## 2) Placement of Child K

LD reported that the {CANARY} later placement is stable and the child is settled.
"""

UPDATE = f"""action: cpb-2012-07-10-2
date: 2012-09-20
by: Lisa Dunne
note: The {CANARY} update note says the school has agreed transport.
"""


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("exempt-repo")
    for name in ("minutes", "exempt", "actions", "docs", "overrides"):
        shutil.copytree(ROOT / name, repo / name)
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    (repo / "exempt/corporate-parenting-board/2012-07-10.md").write_text(EXEMPT_PART)
    (repo / "minutes/corporate-parenting-board/2012-10-09.md").write_text(LATER_MINUTES)
    (repo / "exempt/corporate-parenting-board/2012-10-09.md").write_text(LATER_PART)
    (repo / "exempt/updates").mkdir()
    (repo / "exempt/updates/2012-09-20-cpb-2012-07-10-2.yml").write_text(UPDATE)
    return repo


@pytest.fixture
def inside(repo: Path):
    before = os.getcwd()
    os.chdir(repo)
    yield repo
    os.chdir(before)


def public_text(folder: Path) -> str:
    """Every file of a folder as text, gzip files unpacked (the sitemap, Pagefind's index)."""
    parts = []
    for path in folder.rglob("*"):
        if path.is_file():
            raw = path.read_bytes()
            parts.append((gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw).decode("utf-8", "replace"))
    return "\n".join(parts)


def test_the_repository_with_exempt_content_is_valid(inside: Path) -> None:
    result = cli("check", "--strict")
    assert result.exit_code == 0, result.output
    assert "checked 11 files" in result.output  # 5 minutes, 2 exempt parts, 3 update files, legacy


def test_no_public_output_holds_exempt_text(inside: Path) -> None:
    built = cli("site", "-d", "public")
    assert built.exit_code == 0, built.output
    site = inside / "public"
    assert (site / "sitemap.xml.gz").is_file() and (site / "404.html").is_file()
    assert list((site / "pagefind/fragment").glob("*.pf_fragment"))  # read below, unpacked
    assert CANARY not in public_text(site).casefold()
    board = (site / "meetings/corporate-parenting-board/2012-07-10/index.html").read_text()
    assert "considered in private" in board and "paragraph 1 of Part 1 of Schedule 12A" in board

    assert cli("site", "--pages-only", "pages").exit_code == 0
    assert CANARY not in public_text(inside / "pages").casefold()

    register = cli("register")
    assert register.exit_code == 0, register.output
    assert CANARY not in public_text(inside / "actions" / "people").casefold()
    assert CANARY not in "".join(p.read_text() for p in (inside / "actions").glob("*.*")).casefold()

    for fmt in ("table", "csv", "json", "markdown", "ics"):
        listed = cli("actions", "--status", "all", "--format", fmt)
        assert listed.exit_code == 0, listed.output
        assert CANARY not in listed.output.casefold(), fmt
        assert "cpb-2012-07-10-2" not in listed.output, fmt


def test_exempt_text_only_where_asked(inside: Path) -> None:
    listed = cli("actions", "--status", "all", "--include-exempt", "--format", "json")
    assert "cpb-2012-07-10-2" in listed.output and CANARY in listed.output
    internal = cli("site", "--internal", "-d", "private-internal")
    assert internal.exit_code == 0, internal.output
    page = (inside / "private-internal/meetings/corporate-parenting-board/2012-07-10/index.html").read_text()
    assert CANARY in page and "EXEMPT: not for publication" in page


def test_internal_build_writes_only_to_its_own_folder(inside: Path) -> None:
    result = cli("site", "--internal", "-d", "site")
    assert result.exit_code != 0 and "-internal" in result.output
    env = {**os.environ, "MINUTES_KIT_INTERNAL": "true", "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([MKDOCS, "build"], cwd=inside, env=env, capture_output=True, text=True, check=False)
    assert done.returncode != 0 and "-internal" in done.stderr
    assert not (inside / "site").exists()
    pages = cli("site", "--internal", "--pages-only", "pages-elsewhere")
    assert pages.exit_code != 0 and not (inside / "pages-elsewhere").exists()


def test_new_carries_exempt_actions_into_the_exempt_part_only(inside: Path) -> None:
    result = cli("new", "corporate-parenting-board", "--date", "2013-01-15")
    assert result.exit_code == 0, result.output
    public = (inside / "minutes/corporate-parenting-board/2013-01-15.md").read_text()
    private = (inside / "exempt/corporate-parenting-board/2013-01-15.md").read_text()
    try:
        assert "cpb-2012-07-10-2" not in public and CANARY not in public.casefold()
        assert "matters_arising" not in public  # the one public action was done in October
        assert "action: cpb-2012-07-10-2" in private and CANARY in private.casefold()
        assert "status: in progress" in private and "QKA" not in public
        checked = cli("check")
        assert checked.exit_code == 0, checked.output
    finally:
        (inside / "minutes/corporate-parenting-board/2013-01-15.md").unlink()
        (inside / "exempt/corporate-parenting-board/2013-01-15.md").unlink()


def test_progress_on_an_exempt_action_is_recorded_in_exempt(inside: Path) -> None:
    result = cli("action", "update", "cpb-2012-07-10-2", "--note", f"A {CANARY} note.",
                 "--date", "2012-11-01")
    assert result.exit_code == 0, result.output
    written = inside / "exempt/updates/2012-11-01-cpb-2012-07-10-2.yml"
    try:
        assert written.is_file() and not list((inside / "actions/updates").glob("*cpb-2012-07-10-2*"))
    finally:
        written.unlink()


SMUGGLED = "LD presented the placement plan for Child K, a quokka narrative sentence of some length."


def test_canary_scan_refuses_a_site_with_smuggled_exempt_text(inside: Path) -> None:
    assert cli("site", "-d", "kept").exit_code == 0
    before = (inside / "kept/index.html").read_bytes()
    notes = inside / "docs/notes.md"
    notes.write_text(f"# Notes\n\n{SMUGGLED}\n")
    try:
        result = cli("site", "-d", "kept")
        assert result.exit_code != 0
        assert "exempt/corporate-parenting-board/2012-07-10.md:" in result.output
        assert (inside / "kept/index.html").read_bytes() == before  # the earlier site stays
        assert not [p for p in inside.iterdir()  # no debris (the cache is kept on purpose)
                    if p.name.startswith(".") and p.name != ".minutes-kit-cache"]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        done = subprocess.run([MKDOCS, "build", "-d", "raw"], cwd=inside, env=env,
                              capture_output=True, text=True, check=False)
        assert done.returncode != 0 and "appears in a public output" in done.stderr
        assert not (inside / "raw").exists()  # the leaking build is removed
    finally:
        notes.unlink()


def test_canary_scan_refuses_public_minutes_quoting_exempt_text(inside: Path) -> None:
    path = inside / "minutes/corporate-parenting-board/2012-10-09.md"
    original = path.read_text()
    path.write_text(original + f"\nThe chair noted: {SMUGGLED}\n")
    try:
        pages = cli("site", "--pages-only", "pages2")
        assert pages.exit_code != 0 and "exempt text would be made public" in pages.output
        assert not (inside / "pages2").exists()
    finally:
        path.write_text(original)


def test_canary_scan_refuses_a_register_and_a_listing(inside: Path) -> None:
    path = inside / "minutes/corporate-parenting-board/2012-07-10.md"
    original = path.read_text()
    path.write_text(original.replace(
        "text: Brief all members on the autumn foster carer recruitment campaign.",
        "text: Confirm the quokka school transport arrangements for the placement."))
    before = (inside / "actions/index.md").read_text()
    try:
        register = cli("register")
        assert register.exit_code != 0 and "exempt text" in register.output
        assert (inside / "actions/index.md").read_text() == before
        listed = cli("actions", "--status", "all")
        assert listed.exit_code != 0 and "quokka" not in listed.output.split("error:")[0]
    finally:
        path.write_text(original)


def test_pages_only_never_overwrites_and_removes_what_it_no_longer_makes(inside: Path) -> None:
    folder = inside / "zensical"
    folder.mkdir()
    (folder / "index.md").write_text("# A page a person wrote\n")
    refused = cli("site", "--pages-only", "zensical")
    assert refused.exit_code != 0 and "not written by minutes-kit" in refused.output
    assert (folder / "index.md").read_text() == "# A page a person wrote\n"
    (folder / "index.md").unlink()
    (folder / "about.md").write_text("kept\n")
    assert cli("site", "--pages-only", "zensical").exit_code == 0
    stale = folder / "meetings/corporate-parenting-board/2012-10-09.md"
    assert stale.is_file()
    path = inside / "minutes/corporate-parenting-board/2012-10-09.md"
    part = inside / "exempt/corporate-parenting-board/2012-10-09.md"
    moved = [(p, p.read_text()) for p in (path, part)]
    path.unlink()
    part.unlink()
    try:
        result = cli("site", "--pages-only", "zensical")
        assert result.exit_code == 0, result.output
        assert not stale.exists() and (folder / "about.md").read_text() == "kept\n"
    finally:
        for p, text in moved:
            p.write_text(text)


def test_generated_pages_never_hide_a_docs_page(inside: Path) -> None:
    page = inside / "docs/index.md"
    page.write_text("# Welcome\n")
    try:
        result = cli("site", "-d", "shadow")
        assert result.exit_code != 0 and "docs/index.md" in result.output
    finally:
        page.unlink()


def test_exempt_updates_in_public_files_are_errors(inside: Path) -> None:
    update = inside / "actions/updates/2012-09-21-cpb-2012-07-10-2.yml"
    update.write_text("action: cpb-2012-07-10-2\ndate: 2012-09-21\nnote: Moved.\n")
    try:
        result = cli("check")
        assert result.exit_code == 1 and "exempt-update-in-public" in result.output
        assert "2012-09-21-cpb-2012-07-10-2.yml:1:9" in result.output
        site = cli("site", "-d", "refused")
        assert site.exit_code != 0  # the public build does not know the action: an error, not a leak
    finally:
        update.unlink()


# The property behind the first lock: whatever the exempt part says, in any Markdown
# shape, the public pages are the same bytes: they are made without reading it.
SHAPES = st.sampled_from(["## {w}", "# {w}", "{w}\n---", "<!--\n## {w}\n-->", "- {w}\n\n---",
                          "<details>\n\n## {w}\n\n</details>", "> {w}", "| {w} |\n| --- |", "{w}"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(SHAPES, st.text("abcdefghij ", min_size=1, max_size=30)), min_size=1, max_size=6))
def test_public_pages_never_depend_on_the_exempt_part(tmp_path: Path, blocks: list[tuple[str, str]]) -> None:
    layout = Layout(tmp_path / "repo")
    if not (tmp_path / "repo").exists():
        shutil.copytree(ROOT / "minutes", tmp_path / "repo/minutes")
        shutil.copytree(ROOT / "exempt", tmp_path / "repo/exempt")
    baseline = build_site(load(with_body=True, layout=layout)).pages
    part = tmp_path / "repo/exempt/corporate-parenting-board/2012-07-10.md"
    original = part.read_text()
    body = "\n\n".join(shape.format(w=f"{CANARY} {words}") for shape, words in blocks)
    part.write_text(original + "\n" + body + "\n")
    try:
        assert build_site(load(with_body=True, layout=layout)).pages == baseline
        internal = build_site(load(with_body=True, layout=layout, exempt=True), internal=True).pages
        assert any(CANARY in text for text in internal.values())
    finally:
        part.write_text(original)


def test_canary_words_are_found_however_the_output_renders_them() -> None:
    found = canary.scan([canary.Canary(canary.words("The **placement** plan, for Child-K."), "x.md", 3)],
                        {"a.html": "<p>the <em>placement</em>\n plan &mdash; for child&#45;k</p>",
                         "b.json": '{"text": "nothing here"}'})
    assert [leak.output for leak in found] == ["a.html"]
    assert not canary.scan([canary.Canary("child k", "x.md", 1)], {"a": "a child kept"})


@given(parts=st.lists(st.text(alphabet="ab \n", max_size=30), max_size=30), size=st.integers(1, 20))
def test_the_words_present_are_found_a_slice_at_a_time(parts: list[str], size: int) -> None:
    """The scan learns which words its outputs hold a slice at a time (the register's
    outputs hold millions): never a word cut in two, nor one missed."""
    text = " ".join(parts)
    assert canary._words_of(text, size) == set(text.split())


def test_check_flags_any_text_after_a_notice_heading(tmp_path: Path) -> None:
    minutes = (ROOT / "minutes/corporate-parenting-board/2012-07-10.md").read_text()
    for extra in ("## 3) Review of an individual placement\n\nSome words.\n",
                  "## 3) Review\n\n### Discussion\n",
                  "## 3) Review\n\nWords\n---\n",
                  "## 3) Review\n\n<!-- hidden -->\n"):
        repo = tmp_path / re.sub(r"\W+", "-", extra)[:30]
        shutil.copytree(ROOT / "minutes", repo / "minutes")
        (repo / "minutes/corporate-parenting-board/2012-07-10.md").write_text(minutes + "\n" + extra)
        codes = {p.code for p in load(layout=Layout(repo)).problems}
        assert "exempt-narrative-in-public" in codes, extra


def test_wording_common_to_several_minutes_is_not_a_canary(tmp_path: Path) -> None:
    common = "The report was noted and the recommendations were agreed as set out."
    rare = "The tender from Acme Cleaning was the lowest of the three received."
    (tmp_path / "minutes").mkdir()
    for day in ("01", "02"):
        (tmp_path / f"minutes/p-2024-03-{day}.md").write_text(f"---\n---\n{common}\n")
    (tmp_path / "minutes/p-2024-03-03.md").write_text(f"---\n---\n{rare}\n")
    (tmp_path / "exempt").mkdir()
    (tmp_path / "exempt/p-2024-03-04.md").write_text(f"---\nitems: []\n---\n\n{common} {rare}\n")
    found = {c.words for c in canary.collect(tmp_path / "exempt", tmp_path / "minutes")}
    assert canary.words(rare) in found  # once in public minutes: caught there
    assert canary.words(common) not in found


def test_a_page_carries_only_the_abbreviations_it_uses(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "minutes", tmp_path / "minutes")
    path = tmp_path / "minutes/corporate-parenting-board/2012-07-10.md"
    path.write_text(path.read_text().replace("in_attendance:", "abbreviations:\n  ZQX: a secret expansion\n"
                                             "in_attendance:"))
    pages = build_site(load(with_body=True, layout=Layout(tmp_path))).pages
    assert not any("secret expansion" in text for text in pages.values())


def test_a_killed_site_build_leaves_nothing_for_long(inside: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    abandoned = inside / f".building-{dead}-left"
    (abandoned / "meetings").mkdir(parents=True)
    result = cli("site", "-d", "left")
    assert result.exit_code == 0, result.output
    assert not abandoned.exists() and (inside / "left/index.html").is_file()


# A few sentences, one too short to be a canary, so that the exempt parts, the minutes
# and the outputs share wording often, in every number of files.
_SENTENCE_OF_SIX = st.sampled_from(["The report was noted and agreed.", "The plan for Child K was endorsed.",
                                    "Members asked about the placement costs.", "The plan was noted."])
_TEXTS = st.lists(_SENTENCE_OF_SIX, max_size=4).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(exempt=st.lists(_TEXTS, min_size=1, max_size=3), minutes=st.lists(_TEXTS, max_size=5),
       outputs=st.lists(_TEXTS, min_size=1, max_size=3), batch=st.sampled_from([1, 2, 500]))
def test_lazy_scan_gives_the_verdicts_of_the_full_collection(exempt: list[str], minutes: list[str],
                                                              outputs: list[str], batch: int) -> None:
    """`leaks` reads the minutes only for the canaries that hit, a batch of files at a
    time: its leaks are exactly those of scanning every canary `collect` keeps."""
    with tempfile.TemporaryDirectory() as folder, mock.patch.object(canary, "_BATCH", batch):
        root = Path(folder)
        (root / "exempt").mkdir()
        (root / "minutes").mkdir()
        for i, text in enumerate(exempt):
            (root / f"exempt/p-2024-01-{i + 1:02}.md").write_text(f"---\nitems: []\n---\n\n{text}\n")
        for i, text in enumerate(minutes):
            (root / f"minutes/p-2024-02-{i + 1:02}.md").write_text(f"---\n---\n{text}\n")
        shown = {f"out-{i}": text for i, text in enumerate(outputs)}
        eager = canary.scan(canary.collect(root / "exempt", root / "minutes"), shown)
        assert canary.leaks(root / "exempt", root / "minutes", shown) == eager


@given(st.text(st.characters(max_codepoint=127)) | st.text())
def test_ascii_text_is_reduced_to_the_words_the_scan_compares(text: str) -> None:
    """ASCII is reduced whole, byte by byte; the words are those of the general rule,
    whether lines are reduced one by one (a site's pages) or not."""
    plain = canary._TAG.sub(" ", text) if "<" in text else text
    plain = html.unescape(plain) if "&" in plain else plain
    expected = canary._NOT_WORD.sub(" ", plain.casefold()).strip()
    assert canary.words(text) == expected == canary.words(text, {})
