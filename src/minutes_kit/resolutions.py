"""Resolutions and recorded votes: what makes one whole, and how a page words it.

A recorded vote is evidence (any member may ask for theirs to be recorded, and at budget
meetings the names are recorded by law), so its counts, names and outcome must agree
with each other and with who was present; each disagreement is a problem at its line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Literal

from .body import Body
from .models import Meeting, Resolution, Vote
from .reader import Source

Option = Literal["for", "against", "abstain"]
OPTIONS: tuple[Option, ...] = ("for", "against", "abstain")
_SAID = {"for": "for", "against": "against", "abstain": "abstaining"}
Report = Callable[[str, tuple[str | int, ...], str, str], None]


def resolutions_of(meeting: Meeting) -> Iterator[tuple[tuple[str | int, ...], Resolution]]:
    """Each resolution with its path."""
    for i, item in enumerate(meeting.items):
        for k, decision in enumerate(item.decisions):
            if isinstance(decision, Resolution):
                yield ("items", i, "decisions", k), decision


def shapes(meeting: Meeting, source: Source, body: Body) -> None:
    """A resolution says something, goes `to` a body only when recommended, and labels
    each part once."""
    for path, resolution in resolutions_of(meeting):
        if resolution.text is None and not resolution.parts:
            source.problem("invalid-value", *source.positions.of(path),
                           f"this {resolution.kind} decision has neither text nor parts",
                           "add `text: that ...`, or `parts:` with a label and text for each")
        if resolution.to is not None and resolution.kind != "recommended":
            source.problem("invalid-value", *source.positions.of((*path, "to")),
                           f"a {resolution.kind} decision goes to no other body",
                           "`to` names whom a recommendation goes to: write `kind: recommended`, "
                           "or remove `to`")
        seen: set[str] = set()
        for m, part in enumerate(resolution.parts):
            if part.label in seen:
                source.problem("invalid-value", *source.positions.of((*path, "parts", m, "label")),
                               f"part ({part.label}) appears twice in this resolution",
                               "give each part its own label: a, b, c or 1, 2, 3")
            seen.add(part.label)


def _named(vote: Vote, option: Option) -> list[str]:
    if vote.named is None:
        return []
    return {"for": vote.named.votes_for, "against": vote.named.against, "abstain": vote.named.abstain}[option]


def _given(vote: Vote, option: Option) -> int | None:
    return {"for": vote.votes_for, "against": vote.against, "abstain": vote.abstain}[option]


def votes(meeting: Meeting, source: Source, body: Body) -> None:
    """Counts within who was present, voters present and named once, names within their
    counts, and an outcome that follows from the counts."""
    present = {person.initials for person in meeting.present}
    listed = {person.initials for person in meeting.people}
    for path, resolution in resolutions_of(meeting):
        vote = resolution.vote
        if vote is None:
            continue
        problem = _reporter(source, (*path, "vote"))
        if vote.named is None and vote.outcome is None and all(_given(vote, o) is None for o in OPTIONS):
            problem("vote-count", (), "the vote records no counts, names or outcome",
                    "add `for`, `against` and `abstain` counts, `named` votes or an `outcome`")
        counted = sum(_given(vote, o) or 0 for o in OPTIONS)
        if counted > len(present):
            problem("vote-count", (), f"the vote counts {counted} but {len(present)} people were present",
                    "check the counts against the attendees, in attendance and substitutes")
        seen: set[str] = set()
        for option in OPTIONS:
            names, given = _named(vote, option), _given(vote, option)
            for n, who in enumerate(names):
                if who in seen:
                    problem("vote-voter", ("named", option, n), f"{who} is named twice in the vote",
                            "each member votes once: keep them in one list")
                elif who not in present:
                    problem("vote-voter", ("named", option, n),
                            f"{who} is named as voting {_SAID[option]} but "
                            + ("was not present" if who in listed else "is not a person of the meeting"),
                            "only those present vote: check the initials, or add them to attendees "
                            "or substitutes")
                seen.add(who)
            if given is not None and len(names) > given:
                problem("vote-count", ("named", option),
                        f"{len(names)} named as voting {_SAID[option]}, but the count is {given}",
                        f"correct `{option}: {given}` or the names")
        _outcome(vote, present, problem)


def _reporter(source: Source, at: tuple[str | int, ...]) -> Report:
    """Reports a problem at a path under ``at``."""
    def problem(code: str, where: tuple[str | int, ...], message: str, hint: str) -> None:
        source.problem(code, *source.positions.of((*at, *where)), message, hint)
    return problem


def _outcome(vote: Vote, present: set[str], problem: Report) -> None:
    votes_for, against = vote.count("for"), vote.count("against")
    if vote.casting_vote is not None and vote.casting_vote not in present:
        problem("vote-voter", ("casting_vote",), f"the casting vote is given to {vote.casting_vote}, "
                "who was not present", "the casting vote is the chair's: write their initials")
    if votes_for is None or against is None:
        return
    if votes_for != against:
        follows = "carried" if votes_for > against else "lost"
        if vote.casting_vote is not None:
            problem("vote-outcome", ("casting_vote",),
                    f"a casting vote is recorded but the vote was not tied ({votes_for} to {against})",
                    "the chair's casting vote decides only a tie: remove it, or correct the counts")
        if vote.outcome not in (None, follows):
            problem("vote-outcome", ("outcome",),
                    f"the outcome is {vote.outcome} but {votes_for} voted for and {against} against",
                    f"write `outcome: {follows}`, or correct the counts")
    elif vote.casting_vote is None and vote.outcome == "carried":
        problem("vote-outcome", ("outcome",), f"the vote was tied ({votes_for} to {against}) yet carried",
                "a tie is lost unless the chair's casting vote carries it: add `casting_vote:` with "
                "the chair's initials, or correct the outcome")
    elif vote.casting_vote is not None and vote.outcome is None:
        problem("vote-outcome", ("casting_vote",), "the casting vote is recorded without the outcome",
                "add `outcome: carried` or `outcome: lost`, as the casting vote decided")


_WORDS: tuple[tuple[str, Option], ...] = (("For", "for"), ("Against", "against"), ("Abstentions", "abstain"))


def vote_words(vote: Vote) -> str:
    """The vote as minutes word it (carried: For 6, Against 2, Abstentions 1), with
    whose casting vote decided a tie."""
    counts = [f"{word} {count}" for word, option in _WORDS if (count := vote.count(option)) is not None]
    outcome: str = vote.outcome or ""
    if vote.casting_vote:
        outcome = f"{outcome} on the casting vote of {vote.casting_vote}".strip()
    return ": ".join(part for part in (outcome, ", ".join(counts)) if part)


def named_words(vote: Vote) -> str:
    """The names recorded (For: EW, RT; Against: PK), if any. A list may be partial (a
    member may ask for their own vote alone to be recorded), so an empty one is left out
    rather than said to be "none"."""
    if vote.named is None:
        return ""
    return "; ".join(f"{'Abstained' if option == 'abstain' else word}: " + ", ".join(names)
                     for word, option in _WORDS if (names := _named(vote, option)))
