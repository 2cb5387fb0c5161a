"""One set of status spellings, accepted alike in every place a status is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from minutes_kit import statuses
from minutes_kit.cli import main
from minutes_kit.corpus import load

from .test_owners import DIRECTORY, meeting

SPELLINGS = {**statuses.SPELLINGS, "In Progress": "in progress", "IN_PROGRESS": "in progress",
             "Complete": "done", "COMPLETED": "done", "Withdrawn": "dropped", "Open": "open"}
REFUSED = {"closed": "could mean done or dropped", "finished": "is not a status",
           "in  progress": "is not a status", "inprogress": "is not a status", " done": "is not a status",
           "": "is not a status"}


@given(st.sampled_from(sorted(statuses.SPELLINGS)), st.lists(st.booleans(), min_size=11, max_size=11))
def test_any_case_reads_as_the_canonical_status(spelling: str, upper: list[bool]) -> None:
    spelt = "".join(c.upper() if up else c for c, up in zip(spelling, upper, strict=False))
    assert statuses.parse(spelt) == statuses.SPELLINGS[spelling]


@given(st.text(max_size=12))
def test_anything_else_is_refused_saying_what_to_write(text: str) -> None:
    if text.isascii() and text.lower() in statuses.SPELLINGS:
        return
    with pytest.raises(ValueError, match="dropped"):
        statuses.parse(text)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "minutes").mkdir()
    (tmp_path / "minutes" / "people.yml").write_text(DIRECTORY)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def raise_with(repo: Path, status: str) -> None:
    due = "        due: 2014-06\n"
    text = meeting("SM").replace(due, f"{due}        status: {status}\n")
    (repo / "minutes" / "2014-03-11.md").write_text(text)


@pytest.mark.parametrize(("spelling", "canonical"), SPELLINGS.items())
def test_every_spelling_in_every_entry_point(repo: Path, spelling: str, canonical: str) -> None:
    raise_with(repo, spelling)  # the front matter
    assert cli("check", "--strict").exit_code == 0
    life = load().register.find("hwb-2014-03-11-1")
    assert life is not None and life.status == canonical
    listed = cli("actions", "--status", spelling, "--format", "json", "--as-of", "2014-03-12")
    assert listed.exit_code == 0, listed.output
    assert [a["status"] for a in json.loads(listed.output)["actions"]] == [canonical]
    raise_with(repo, "open")
    update = repo / "actions" / "updates" / "2014-03-20-x.yml"
    update.parent.mkdir(parents=True, exist_ok=True)
    update.write_text(f"action: hwb-2014-03-11-1\ndate: 2014-03-20\nstatus: {spelling}\n")  # an update file
    assert cli("check", "--strict").exit_code == 0
    life = load().register.find("hwb-2014-03-11-1")
    assert life is not None and life.status == canonical
    update.unlink()
    recorded = cli("action", "update", "hwb-2014-03-11-1", "--status", spelling, "--date", "2014-03-21")
    assert recorded.exit_code == 0, recorded.output
    written = repo / "actions" / "updates" / "2014-03-21-hwb-2014-03-11-1.yml"
    assert written.read_text().endswith(f"status: {canonical}\n")


@pytest.mark.parametrize(("spelling", "words"), REFUSED.items())
def test_refusals_everywhere(repo: Path, spelling: str, words: str) -> None:
    raise_with(repo, json.dumps(spelling))
    result = cli("check")
    assert result.exit_code == 1 and "2014-03-11.md:16:17: error invalid-value" in result.output
    assert words in result.output
    raise_with(repo, "open")
    refused = cli("action", "update", "hwb-2014-03-11-1", "--status", spelling, "--date", "2014-03-21")
    assert refused.exit_code == 2 and words in refused.output
    listed = cli("actions", "--status", spelling)
    if spelling == "closed":  # a filter, though not a status
        assert listed.exit_code == 0
    else:
        assert listed.exit_code == 2 and "--status" in listed.output and words in listed.output


def test_list_filters(repo: Path) -> None:
    raise_with(repo, "Complete")
    assert "hwb-2014-03-11-1" in cli("actions", "--status", "CLOSED").output
    assert "hwb-2014-03-11-1" in cli("actions", "--status", "all").output
    assert "no actions match" in cli("actions", "--status", "Open").output


def test_the_schema_accepts_exactly_the_statuses_check_accepts(tmp_path: Path) -> None:
    from .test_schema import _variant, failing

    written = [*SPELLINGS, *REFUSED, "In-progress", "dONE"]
    files = {spelling: _variant(tmp_path, f"status-{n}", "        due: 2024-04",
                                f"        due: 2024-04\n        status: {json.dumps(spelling)}")
             for n, spelling in enumerate(written)}
    refused = failing(tmp_path, list(files.values()))
    for spelling, path in files.items():
        assert (path.name in refused) == (spelling in REFUSED), spelling
