"""Owners as minutes write them: people of the meeting or the directory, posts, several
jointly; through check, actions --owner, the register files and the site page."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from minutes_kit.cli import main
from minutes_kit.corpus import load
from minutes_kit.register_files import render
from minutes_kit.site import build_site

DIRECTORY = """\
people:
  - id: sam-mills
    name: Sam Mills
    initials: [SMi]
    posts: [Head of Financial Services]
  - id: rita-patel
    name: Rita Patel
"""


def meeting(owner: str, *, day: str = "2014-03-11", extra: str = "",
            action_id: str = "hwb-2014-03-11-1") -> str:
    """A meeting of SM and CR whose one action has ``owner`` (a YAML value)."""
    return f"""---
organisation: Example Council
committee: Health and Wellbeing Board
date: {day}
attendees:
  - {{initials: SM, name: Sue Marsh, role: chair}}
  - {{initials: CR, name: Colin Reed}}
{extra}items:
  - id: a
    title: Budget
    actions:
      - id: {action_id}
        text: Report on the budget.
        owner: {owner}
        due: 2014-06
---

## a) Budget

SM opened the item.
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "minutes").mkdir()
    (tmp_path / "minutes" / "people.yml").write_text(DIRECTORY)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def put(repo: Path, owner: str, name: str = "2014-03-11.md", **kwargs: str) -> Path:
    path = repo / "minutes" / name
    path.write_text(meeting(owner, **kwargs))
    return path


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


OWNERS = {  # as written -> the ids of the owners
    "SM": ["sue-marsh"],
    "colin reed": ["colin-reed"],
    "Rita Patel": ["rita-patel"],  # in the directory, not at the meeting
    "SMi": ["sam-mills"],
    "the Benefits Manager": ["the-benefits-manager"],  # a post nobody is known to hold
    "THE  benefits manager": ["the-benefits-manager"],
    "Head of Financial Services": ["the-head-of-financial-services"],  # a directory post
    "the Head of Financial Services": ["the-head-of-financial-services"],
    "[SM, CR]": ["sue-marsh", "colin-reed"],
    "[SM, the Benefits Manager]": ["sue-marsh", "the-benefits-manager"],
    "SM and CR": ["sue-marsh", "colin-reed"],
    "SM & CR": ["sue-marsh", "colin-reed"],
    "SM, CR and Rita Patel": ["sue-marsh", "colin-reed", "rita-patel"],
    "the Benefits Manager and CR": ["the-benefits-manager", "colin-reed"],
    "the Head of Housing and Planning": ["the-head-of-housing-and-planning"],  # "Planning" is nobody
    "[SM, SM]": ["sue-marsh"],
}


@pytest.mark.parametrize("written", OWNERS)
def test_each_owner_form_is_read(repo: Path, written: str) -> None:
    put(repo, written)
    result = cli("check", "--strict")
    assert result.exit_code == 0, result.output
    life = load().register.find("hwb-2014-03-11-1")
    assert life is not None and [o.id for o in life.owners] == OWNERS[written]


@pytest.mark.parametrize(("written", "line", "column", "shown"), [
    ("XY", 14, 16, "'XY'"),
    ("the", 14, 16, "'the'"),
    ("Benefits Manager", 14, 16, "'Benefits Manager'"),  # a post is written with "the"
    ("SM and XY", 14, 16, "'SM and XY'"),
    ("[SM, Colin Red]", 14, 21, "'Colin Red'"),
    ("Sam Mils", 14, 16, "'Sam Mils'"),
])
def test_unknown_owners_are_located_with_a_hint_on_posts(repo: Path, written: str, line: int, column: int,
                                                          shown: str) -> None:
    put(repo, written)
    result = cli("check", "--format", "json")
    assert result.exit_code == 1
    [problem] = json.loads(result.output)["problems"]
    assert (problem["line"], problem["column"], problem["code"]) == (line, column, "unknown-person")
    assert shown in problem["message"]
    assert "write a post with 'the' (the Benefits Manager)" in problem["hint"]


def test_close_owners_are_suggested(repo: Path) -> None:
    put(repo, "Colin Red")
    problem = load().problems[0]
    assert problem.hint.startswith("did you mean Colin Reed?")


def test_people_known_only_from_other_minutes_need_the_directory(repo: Path) -> None:
    """Outside its meeting a person is one the directory lists: initials alone could be anyone."""
    put(repo, "SM")
    put(repo, "TW", name="2014-04-08.md", day="2014-04-08", action_id="hwb-2014-04-08-1",
        extra="in_attendance:\n  - {initials: TW, name: Tom Wood}\n")
    put(repo, "Tom Wood", name="2014-05-06.md", day="2014-05-06", action_id="hwb-2014-05-06-1")
    assert [(p.path.endswith("2014-05-06.md"), p.code) for p in load().problems] == [(True, "unknown-person")]


def test_ambiguous_directory_initials_are_refused(repo: Path) -> None:
    (repo / "minutes" / "people.yml").write_text(DIRECTORY.replace("name: Rita Patel", "name: Rita Patel\n"
                                                                   "    initials: [SMi]"))
    put(repo, "SMi")
    [problem] = load().problems
    assert problem.code == "ambiguous-person"
    assert "Sam Mills" in problem.message and "Rita Patel" in problem.message


@pytest.fixture
def joint(repo: Path) -> Path:
    """Four actions: joint, a post with a holder, a post without, and one person."""
    text = meeting("[SM, CR]").replace("""        due: 2014-06
""", """        due: 2014-06
      - id: hwb-2014-03-11-2
        text: Review the council tax support scheme.
        owner: the Head of Financial Services
        due: 2014-07
      - id: hwb-2014-03-11-3
        text: Audit the housing benefit backlog.
        owner: the Benefits Manager and CR
        due: 2014-08
      - id: hwb-2014-03-11-4
        text: Brief the board.
        owner: Sam Mills
        due: 2014-09
""")
    (repo / "minutes" / "2014-03-11.md").write_text(text)
    return repo


def ids(result: Result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [line.split()[0] for line in result.output.splitlines()[1:] if line and not line.startswith(" ")]


@pytest.mark.parametrize(("who", "expected"), [
    ("SM", ["hwb-2014-03-11-1"]),
    ("Colin Reed", ["hwb-2014-03-11-1", "hwb-2014-03-11-3"]),
    ("the Head of Financial Services", ["hwb-2014-03-11-2"]),
    ("head of financial services", ["hwb-2014-03-11-2"]),
    ("Sam Mills", ["hwb-2014-03-11-2", "hwb-2014-03-11-4"]),  # the holder of the post
    ("the Benefits Manager", ["hwb-2014-03-11-3"]),
    ("the-benefits-manager", ["hwb-2014-03-11-3"]),
])
def test_actions_owner_finds_every_owner_and_a_posts_holder(joint: Path, who: str,
                                                            expected: list[str]) -> None:
    assert ids(cli("actions", "--owner", who, "--as-of", "2014-03-12")) == expected


def test_exports_carry_every_owner(joint: Path) -> None:
    listed = cli("actions", "--format", "csv", "--as-of", "2014-03-12").output
    rows = list(csv.DictReader(io.StringIO(listed)))
    by_id = {row["id"]: row for row in rows}
    assert by_id["hwb-2014-03-11-1"]["owner"] == "sue-marsh; colin-reed"
    assert by_id["hwb-2014-03-11-1"]["owner_name"] == "Sue Marsh; Colin Reed"
    assert by_id["hwb-2014-03-11-3"]["owner_name"] == "the Benefits Manager; Colin Reed"
    data = json.loads(cli("actions", "--format", "json", "--as-of", "2014-03-12").output)
    owners = {a["id"]: a["owners"] for a in data["actions"]}
    assert owners["hwb-2014-03-11-2"] == [{"id": "the-head-of-financial-services",
                                           "name": "Head of Financial Services", "post": True,
                                           "holder": "sam-mills"}]
    assert [o["id"] for o in owners["hwb-2014-03-11-1"]] == ["sue-marsh", "colin-reed"]
    ics = cli("actions", "--format", "ics", "--as-of", "2014-03-12").output
    ics = ics.replace("\r", "").replace("\n ", "")  # unfolded
    assert "Owner: Sue Marsh\\, Colin Reed." in ics
    table = cli("actions", "--as-of", "2014-03-12").output
    assert max(map(len, table.splitlines())) <= 80 and "SM, CR" in table


def test_register_pages_list_an_action_under_each_owner(joint: Path) -> None:
    files = render(load().register)
    index = files["index.md"]
    for heading in ("Sue Marsh", "Colin Reed", "the Benefits Manager", "the Head of Financial Services",
                    "Sam Mills"):
        assert f"- [{heading}](people/" in index, heading
    assert "hwb-2014-03-11-1" in files["people/sue-marsh.md"]
    assert "hwb-2014-03-11-1" in files["people/colin-reed.md"]
    post = files["people/the-head-of-financial-services.md"]
    assert "A post. Held by [Sam Mills](sam-mills.md)." in post and "hwb-2014-03-11-2" in post
    holder = files["people/sam-mills.md"]
    assert "Holds [the Head of Financial Services](the-head-of-financial-services.md)" in holder
    assert "hwb-2014-03-11-2" in holder and "hwb-2014-03-11-4" in holder
    assert "Its holder is not in minutes/people.yml" in files["people/the-benefits-manager.md"]
    result = cli("register")
    assert result.exit_code == 0, result.output
    assert (joint / "actions" / "people" / "the-benefits-manager.md").is_file()
    assert cli("register", "--check").exit_code == 0


def test_the_meeting_page_shows_every_owner(joint: Path) -> None:
    page = build_site(load(with_body=True)).pages["meetings/health-and-wellbeing-board/2014-03-11.md"]
    assert "Owners: Sue Marsh, Colin Reed; due" in page
    assert "(register)](../../actions/people/sue-marsh.md#hwb-2014-03-11-1)" in page
    assert "Owner: the Head of Financial Services; due" in page
    assert "(register)](../../actions/people/the-head-of-financial-services.md" in page


def test_an_update_reassigns_to_joint_owners_and_action_update_writes_them(joint: Path) -> None:
    result = cli("action", "update", "hwb-2014-03-11-4", "--owner", "SM and the Benefits Manager",
                 "--date", "2014-04-01")
    assert result.exit_code == 0, result.output
    written = joint / "actions" / "updates" / "2014-04-01-hwb-2014-03-11-4.yml"
    assert "owner:\n- Sue Marsh\n- the Benefits Manager\n" in written.read_text()
    assert cli("check", "--strict").exit_code == 0
    life = load().register.find("hwb-2014-03-11-4")
    assert life is not None and [o.id for o in life.owners] == ["sue-marsh", "the-benefits-manager"]
    bad = joint / "actions" / "updates" / "2014-04-02-x.yml"
    bad.write_text("action: hwb-2014-03-11-4\ndate: 2014-04-02\nowner:\n  - SM\n  - Nobody Known\n")
    result = cli("check")
    assert "2014-04-02-x.yml:5:5: error unknown-person" in result.output
