"""Real-style legacy minutes, converted by hand, keep every fact: nothing lost, nothing
invented.

Each folder under tests/legacy holds a legacy source in one council style (plain text
from a 2009 district council, Markdown notes of a 2014 board, a modern.gov page of 2021),
its minutes-kit version as a small repository, and `facts.yml`: what a faithful
conversion keeps. Every fact must be in the validated model (or the register folded
from it), and every fact must be in the source as written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from minutes_kit.corpus import Corpus, Layout, load
from minutes_kit.exempt import merged
from minutes_kit.models import Meeting, Resolution

LEGACY = Path(__file__).resolve().parent / "legacy"
CASES = sorted(p.name for p in LEGACY.iterdir() if (p / "facts.yml").is_file())


def _said(source: str, value: object) -> bool:
    """Whether the source says ``value``, whatever its spacing and markup."""
    squeeze = lambda text: " ".join(re.sub(r"<[^>]+>", " ", text).split()).casefold()  # noqa: E731
    return squeeze(str(value)) in squeeze(source)


def _resolutions(meeting: Meeting) -> list[Resolution]:
    return [d for item in meeting.items for d in item.decisions if isinstance(d, Resolution)]


@pytest.fixture(params=CASES)
def case(request: pytest.FixtureRequest) -> tuple[dict[str, Any], str, Corpus, Meeting]:
    folder = LEGACY / request.param
    facts = yaml.safe_load((folder / "facts.yml").read_text(encoding="utf-8"))
    source = (folder / facts["source"]).read_text(encoding="utf-8")
    corpus = load(layout=Layout(folder / "repo"), exempt=True)
    assert corpus.problems == [], corpus.problems  # no error and no warning
    document = corpus.documents[0]
    assert document.meeting is not None
    part = corpus.parts.get(document.path)
    whole = merged(document.meeting, part.meeting) if part and part.meeting else document.meeting
    return facts, source, corpus, whole


def test_the_meeting_and_its_people(case: tuple[dict[str, Any], str, Corpus, Meeting]) -> None:
    facts, source, _, meeting = case
    assert meeting.date.isoformat() == str(facts["date"])
    assert (f"{meeting.start:%H:%M}", f"{meeting.end:%H:%M}") == (facts["start"], facts["end"])
    names = " ".join(person.name for person in meeting.people)
    for name in facts["people"]:
        assert name in names and _said(source, name), name
    for name in facts["apologies"]:
        assert any(name in p.name for p in meeting.apologies) and _said(source, name), name
    for sub in facts.get("substitutes", []):
        stood = next(s for s in meeting.substitutes if sub["name"] in s.name)
        replaced = next(p for p in meeting.people if p.initials == stood.substitute_for)
        assert sub["for"] in replaced.name and _said(source, f"substitute for Councillor {sub['for']}")


def test_minute_numbers_resolutions_and_votes(case: tuple[dict[str, Any], str, Corpus, Meeting]) -> None:
    facts, source, _, meeting = case
    assert [item.minute for item in meeting.items] == facts["minute_numbers"]
    for number in facts["minute_numbers"]:
        assert _said(source, number), number
    resolutions = _resolutions(meeting)
    texts = [r.text for r in resolutions] + [part.text for r in resolutions for part in r.parts]
    written = " ".join(text for text in texts if text)
    for part in facts["resolution_parts"]:
        assert part in written and _said(source, part), part
    for body in facts.get("recommended_to", []):
        assert any(r.kind == "recommended" and r.to == body for r in resolutions) and _said(source, body)
    votes = [r.vote for r in resolutions if r.vote is not None]
    assert len(votes) == len(facts.get("votes", []))
    for vote, fact in zip(votes, facts.get("votes", []), strict=True):
        assert (vote.votes_for, vote.against, vote.abstain, vote.outcome) == (
            fact["for"], fact["against"], fact["abstain"], fact["outcome"])
        assert _said(source, fact["outcome"])
        named = {p.initials: p.name for p in meeting.people}
        if "named_for" in fact:
            assert vote.named is not None
            assert all(any(n in named[i] for i in vote.named.votes_for) for n in fact["named_for"])
            assert all(any(n in named[i] for i in vote.named.against) for n in fact["named_against"])


def test_actions_with_owners_and_due_dates(case: tuple[dict[str, Any], str, Corpus, Meeting]) -> None:
    facts, source, corpus, _ = case
    lives = list(corpus.register.actions.values())
    for fact in facts["actions"]:
        owners = fact["owner"] if isinstance(fact["owner"], list) else [fact["owner"]]
        found = [life for life in lives if life.due is not None and str(life.due) == str(fact["due"])
                 and all(any(o in owner.name for owner in life.owners) for o in owners)
                 and ("id" not in fact or life.id == fact["id"])]
        assert len(found) == 1, fact
        assert _said(source, fact["said"]) and all(_said(source, o.split()[-1]) for o in owners), fact
    for fact in facts.get("legacy", []):
        life = corpus.register.find(fact["id"])
        assert life is not None and life.status == fact["status"] and _said(source, fact["id"]), fact


def test_measures_declarations_exempt_items(case: tuple[dict[str, Any], str, Corpus, Meeting]) -> None:
    facts, source, _, meeting = case
    measures = [m for item in meeting.items for m in item.measures]
    for fact in facts.get("measures", []):
        assert any((m.actual, m.target) == (fact["actual"], fact["target"]) for m in measures), fact
        assert _said(source, fact.get("said", fact["actual"])), fact
        assert _said(source, fact.get("target_said", fact["target"])), fact
    people = {p.initials: p.name for p in meeting.people}
    for fact in facts.get("declarations", []):
        declared = next(d for d in meeting.declarations if fact["member"] in people[d.member])
        assert declared.interest == fact["interest"] and _said(source, fact["interest"]), fact
        for key in ("withdrew", "dispensation"):
            if key in fact:
                assert getattr(declared, key) == fact[key], (fact, key)
    for fact in facts.get("exempt", []):
        item = next(i for i in meeting.items if i.minute == fact["item"])
        assert item.exempt and list(item.exempt_paragraph) == fact["paragraphs"], fact
        recorded = " ".join([item.title, *(str(d) for d in item.decisions)])
        assert fact["record"] in recorded and _said(source, fact["record"]), fact
    if "next_meeting" in facts:
        assert meeting.next_meeting is not None
        assert meeting.next_meeting.date.isoformat() == str(facts["next_meeting"])
