"""The minutes format: the front matter of one meeting, as pydantic models.

These classes are the single source of truth: ``minutes-kit schema`` prints their JSON
Schema, ``docs/format.md`` is generated from their fields and descriptions, and the
hints of ``check`` quote the same descriptions.

Every value arrives as the text the clerk wrote (the YAML reader types nothing), so text
fields keep it exactly and typed fields read it with :mod:`.values`, in plain words.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    WrapSerializer,
    WrapValidator,
    computed_field,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from . import statuses, values
from .timeframes import DUE_HELP, PERIOD_HELP, Due, Period


def _parser(kind: str, parse: Any) -> PlainValidator:
    """A field read from its text by ``parse``. Texts recur across files (periods, dates,
    targets, statuses), and every result is immutable, so each text is parsed once."""
    once = lru_cache(maxsize=8192)(parse)

    def validate(value: object) -> Any:
        try:
            return once(value) if type(value) is str else parse(value)
        except ValueError as error:
            raise PydanticCustomError(kind, str(error)) from None

    return PlainValidator(validate)


DueField = Annotated[
    Due,
    _parser("due", Due.parse),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "description": f"When it falls due: {DUE_HELP}.",
                    "examples": ["2012-05-31", "2012-06", "August-September 2012"]}),
]
PeriodField = Annotated[
    Period,
    _parser("period", Period.parse),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^(Q[1-4] )?\d{4}/\d{2}$",
                    "description": f"The period measured: {PERIOD_HELP}.",
                    "examples": ["Q3 2011/12", "2011/12"]}),
]
Time = Annotated[
    dt.time,
    _parser("time", values.time_of_day),
    PlainSerializer(lambda time: time.strftime("%H:%M"), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": values.TIME_PATTERN,
                    "examples": ["14:00", "2pm", "2.30 p.m."]}),
]
Day = Annotated[
    dt.date,
    _parser("date", values.day),
    PlainSerializer(dt.date.isoformat, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date", "pattern": values.DATE_PATTERN}),
]
Number = Annotated[float, _parser("number", values.number), WithJsonSchema({"anyOf": [
    {"type": "number"}, {"type": "string", "pattern": values.NUMBER_PATTERN}]})]
Flag = Annotated[bool, _parser("flag", values.flag), WithJsonSchema({"type": "boolean"})]
Paragraphs = Annotated[
    tuple[str, ...],
    _parser("paragraphs", values.paragraphs),
    PlainSerializer(list, return_type=list[str]),
    WithJsonSchema({"anyOf": [
        {"type": "integer"}, {"type": "string", "pattern": values.PARAGRAPHS_PATTERN},
        {"type": "array", "minItems": 1, "items": {"anyOf": [
            {"type": "integer"}, {"type": "string", "pattern": values.PARAGRAPH_PATTERN}]}}]}),
]
TIME_MEANING = "24-hour 14:00 or 14.00, or 2pm, 2.30 p.m., noon; `midnight` is refused (write 00:00 or 23:59)"
Initials = Annotated[str, Field(
    pattern=values.form(r"^[A-Z][A-Za-z]{0,4}[0-9]?$", "initials: a capital and up to four more "
                        "letters, with no dots or spaces, and a digit if needed (JJ, JSm, AB2)"),
    description="Initials as the narrative uses them: a capital and up to four more letters.",
    examples=["JJ"],
)]
MINUTE_NUMBER = re.compile(r"^([0-9]{1,4})/([0-9]{2})$")
ItemId = Annotated[str, Field(
    pattern=values.form(r"^([a-z]|[0-9]{1,3}[a-z]?|[0-9]{1,4}/[0-9]{2})$", "an item label as its heading "
                        "starts, without the bracket or stop: a minute number (15/09), a number "
                        "(23 for 23.) or a letter (a for a))"),
    description=("The item's label as its body heading starts: a minute number N/YY (`15/09` for "
                 "`## 15/09 Title`), a number (`23` for `## 23. Title` or `## 23) Title`), or a letter "
                 "(`a` for `## a) Title` or `## (a) Title`), optionally after a number (`3a`)."),
    examples=["15/09", "23", "a", "3a"],
)]
ActionId = Annotated[str, Field(
    pattern=values.form(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", "an action id: letters, digits, dots, "
                        "hyphens and underscores, no spaces, starting with a letter or digit "
                        "(cyp-2012-02-24-1)"),
    description="A stable id, unique across all minutes; never reused or changed.",
    examples=["cyp-2012-02-24-1"],
)]
Text = Annotated[str, Field(min_length=1)]
ActionStatus = Annotated[str, _parser("status", statuses.parse), WithJsonSchema({
    "type": "string", "pattern": statuses.PATTERN, "examples": list(statuses.STATUSES)})]
OWNER_HELP = ("initials or name of a person of the meeting or of the people directory, a post written "
              "with 'the' (the Benefits Manager) or listed in the directory, or several jointly: a list, "
              "or 'SM and CR'")


def _owners(value: object) -> str | list[str]:
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return value
    raise PydanticCustomError("owner", "an owner is a text, or a list of texts for joint owners")


Owners = Annotated[str | list[str], PlainValidator(_owners), WithJsonSchema({"anyOf": [
    {"type": "string", "minLength": 1},
    {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}]})]
OPEN_STATUSES = statuses.OPEN_STATUSES


class Record(BaseModel):
    """Unknown keys are errors: a misspelt key would otherwise lose what it holds."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Person(Record):
    """Someone named in the minutes."""

    initials: Initials
    name: Text = Field(description="Full name without title, e.g. Jacqui Jensen.")
    title: str | None = Field(None, description="Form of address, e.g. Councillor.")
    role: str | None = Field(None, description="What they are here as, e.g. chair, officer.")


class Substitute(Person):
    """A member standing in for another member."""

    substitute_for: Initials = Field(alias="for", description="Initials of the member replaced.")


Interest = Literal[
    "disclosable pecuniary", "other registrable", "other registerable", "non-registrable",
    "non-registerable", "personal", "prejudicial", "personal and prejudicial", "pecuniary", "other",
]
Dispensation = Annotated[
    bool | str,
    _parser("dispensation", values.flag_or_text),
    WithJsonSchema({"anyOf": [{"type": "boolean"}, {"type": "string", "minLength": 1}]}),
]


class Declaration(Record):
    """A member's declared interest in an item, in the words of the code of conduct the
    council followed: the Model Code's kinds (2012 on), personal or prejudicial (before
    2012), or pecuniary or other."""

    member: Initials = Field(description="Initials of the member declaring; they must be present.")
    item: ItemId = Field(description="The id of the item concerned.")
    interest: Interest = Field(description=(
        "The kind of interest: `disclosable pecuniary`, `other registrable`, `non-registrable` "
        "(Model Code; `registerable` also reads), `personal`, `prejudicial`, `personal and "
        "prejudicial` (before 2012), or `pecuniary`, `other`."))
    detail: str | None = Field(None, description="What the interest is.")
    withdrew: Flag | None = Field(None, description=(
        "Whether the member left the room for the item: `true` or `false`."))
    dispensation: Dispensation | None = Field(None, description=(
        "A dispensation that let the member take part: `true`, or text saying who granted it "
        "and for what."))


class Comparator(Record):
    """How the measure compares with a benchmark: its value, or the stated comparison."""

    name: Text = Field(description="The benchmark, e.g. national average.")
    value: Number | None = Field(None, description="The benchmark's value, when known.")
    stated: Literal["better", "similar", "worse"] | None = Field(
        None, description="The comparison as reported, when no value is given."
    )


MeasureStatus = Literal["on target", "adrift"]


class Measure(Record):
    """A performance indicator as reported to the meeting. Its status is computed. Measure
    pages follow one indicator across meetings by its code, or, without one, by its title
    (the item's title when it has none)."""

    code: Text | None = Field(None, description="The indicator's code, e.g. SS PM 07, when it has one.")
    title: str | None = Field(None, description="The indicator's name; defaults to the item's.")
    period: PeriodField = Field(description=f"The period measured: {PERIOD_HELP}.")
    unit: str | None = Field(None, description="e.g. per 10,000 population, %.")
    better: Literal["lower", "higher"] = Field(description="Which direction is good.")
    actual: Number | None = Field(None, description=f"The value to date: {values.NUMBER_MEANING}.")
    target: Number | None = Field(None, description="The target for the year.")
    forecast: Number | None = Field(None, description="The forecast for the end of the year.")
    comparators: list[Comparator] = Field(default_factory=list, description="Benchmarks.")

    def _against_target(self, value: float | None) -> MeasureStatus | None:
        if value is None or self.target is None:
            return None
        good = value <= self.target if self.better == "lower" else value >= self.target
        return "on target" if good else "adrift"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def status(self) -> dict[str, MeasureStatus | None]:
        """Actual and forecast against target, computed from the numbers."""
        return {"actual": self._against_target(self.actual),
                "forecast": self._against_target(self.forecast)}


class Action(Record):
    """A task the meeting gave someone."""

    id: ActionId = Field(description="A stable id, unique across all minutes; never reused.")
    text: Text = Field(description="What is to be done.")
    owner: Owners = Field(description=f"Who is to do it: {OWNER_HELP}.")
    due: DueField | None = Field(None, description=f"When it falls due: {DUE_HELP}.")
    status: ActionStatus = Field("open", description=f"Its status: {statuses.HELP}.")


class FurtherReview(Record):
    """The meeting's request to look at the item again."""

    due: DueField = Field(description=f"When: {DUE_HELP}.")
    note: str | None = Field(None, description="What the review should look at.")


DecisionKind = Literal["resolved", "recommended", "noted", "agreed", "deferred"]
KINDS = ("resolved", "recommended", "noted", "agreed", "deferred")
PartLabel = Annotated[str, Field(
    pattern=r"^([a-z]|[0-9]{1,3}[a-z]?|[ivxlc]{1,6})$",
    description="The part's label without brackets: `a` for (a), `1` for 1., `iv` for (iv).",
    examples=["a", "1", "iv"],
)]


class PartAction(Record):
    """The task a part of a resolution gives someone: an action like any other, whose
    text is the part's unless given."""

    id: ActionId = Field(description="A stable id, unique across all minutes; never reused.")
    text: Text | None = Field(None, description="What is to be done; defaults to the part's text.")
    owner: Owners = Field(description=f"Who is to do it: {OWNER_HELP}.")
    due: DueField | None = Field(None, description=f"When it falls due: {DUE_HELP}.")
    status: ActionStatus = Field("open", description=f"Its status: {statuses.HELP}.")


class Part(Record):
    """One lettered or numbered part of a resolution: `(b) that the Head of Financial
    Services review ...`."""

    label: PartLabel
    text: Text = Field(description="The part as resolved, e.g. that the report be noted.")
    action: PartAction | None = Field(
        None, description="The task this part gives someone, when it gives one: `{id, owner, due}`.")

    def raised(self) -> Action | None:
        """The part's task as an action of the register."""
        if self.action is None:
            return None
        return Action.model_construct(**{**dict(self.action), "text": self.action.text or self.text})


class NamedVotes(Record):
    """Who voted which way, by initials (Popolo/Open Civic Data: each `vote` of a vote
    event, its `voter` and `option`). May be partial: any member may ask for their own
    vote to be recorded."""

    votes_for: list[Initials] = Field(default_factory=list, alias="for", description="Voted for.")
    against: list[Initials] = Field(default_factory=list, description="Voted against.")
    abstain: list[Initials] = Field(default_factory=list, description="Abstained.")


def _count(value: object) -> int:
    if isinstance(value, str) and value.startswith("-") and value[1:].isdigit():
        raise ValueError(f"a count of votes cannot be negative ({value}); write 0 or more")
    return values.whole_number(value)


Count = Annotated[int, _parser("count", _count), WithJsonSchema({"type": "integer", "minimum": 0})]


class Vote(Record):
    """A recorded vote, modelled on the Popolo/Open Civic Data vote event: `for`,
    `against`, `abstain` are its `counts` (options yes, no, abstain), `named` its `votes`,
    `outcome` its `result` (carried = pass, lost = fail); the resolution is its motion and
    the meeting its event. A tie is lost unless the chair's casting vote carries it."""

    votes_for: Count | None = Field(None, alias="for", description="How many voted for.")
    against: Count | None = Field(None, description="How many voted against.")
    abstain: Count | None = Field(None, description="How many abstained.")
    named: NamedVotes | None = Field(
        None, description="Members' votes by initials: `{for: [EW, RT], against: [PK], abstain: []}`.")
    outcome: Literal["carried", "lost"] | None = Field(
        None, description="carried or lost (on a tie, as the casting vote decided).")
    casting_vote: Initials | None = Field(
        None, description="Initials of the chair whose casting vote decided a tie.")

    def count(self, option: Literal["for", "against", "abstain"]) -> int | None:
        """The count of ``option``: as given, or else the number named."""
        given = {"for": self.votes_for, "against": self.against, "abstain": self.abstain}[option]
        if given is not None or self.named is None:
            return given
        return len({"for": self.named.votes_for, "against": self.named.against,
                    "abstain": self.named.abstain}[option])


class Resolution(Record):
    """A formal decision: `RESOLVED: (a) that the report be noted; (b) that ...`.
    Written as a mapping, or as one key naming its kind: `- Resolved: the Board noted ...`,
    `- RECOMMENDED to Cabinet: that ...`."""

    kind: DecisionKind = Field(
        description="resolved, recommended (to another body: see `to`), noted, agreed or deferred.")
    to: Text | None = Field(None, description="Whom a recommendation goes to, e.g. Cabinet.")
    text: Text | None = Field(None, description="The whole resolution, or the words before its parts.")
    parts: list[Part] = Field(default_factory=list, description="The lettered or numbered parts.")
    vote: Vote | None = Field(None, description="The recorded vote, when there was one.")


_KIND_KEY = re.compile(r"^\s*(" + "|".join(KINDS) + r")(?:\s+to\s+(\S.*?))?\s*:?\s*$", re.IGNORECASE)


def _decision(value: Any, handler: Any) -> Any:
    """Plain text stays text; a mapping is a resolution, and a mapping of one key naming
    a kind (`Resolved: ...`, `RECOMMENDED to Cabinet: ...`) is that kind with that text."""
    if isinstance(value, str):
        if not value:
            raise PydanticCustomError("decision", "a decision cannot be empty")
        return value
    if isinstance(value, dict) and len(value) == 1:
        ((key, said),) = value.items()
        if isinstance(key, str) and key not in Resolution.model_fields:
            match = _KIND_KEY.match(key)
            if match is None:
                close = difflib.get_close_matches(key.split(" ")[0].lower(), KINDS, n=1)
                raise PydanticCustomError("decision", "'{key}' is not a kind of decision: write "
                                          "resolved, recommended (to ...), noted, agreed or deferred"
                                          + (f" (did you mean {close[0]}?)" if close else ""), {"key": key})
            if said is not None and not isinstance(said, str):
                raise PydanticCustomError("decision", "after `{key}:` write the resolution's text; for "
                                          "parts or a vote, write `kind: {kind}` and the keys beside it",
                                          {"key": key, "kind": match.group(1).lower()})
            value = {"kind": match.group(1).lower(), "text": said}
            if match.group(2):
                value["to"] = match.group(2)
    if not isinstance(value, dict):
        raise PydanticCustomError("decision", "a decision is text, or a resolution: a mapping with "
                                  "kind, text, parts and vote")
    return handler(value)


def _any_case(word: str) -> str:
    """A JSON Schema (ECMA 262) pattern for ``word`` in any case: it has no (?i)."""
    return "".join(f"[{c.upper()}{c}]" if c.isalpha() else re.escape(c) for c in word)


class _TextOrResolution:
    """The schema of a decision: text, a resolution, or a resolution of one key."""

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        kinds = "|".join(map(_any_case, KINDS))
        one_key = {"type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": False,
                   "patternProperties": {rf"^\s*({kinds})(\s+{_any_case('to')}\s+\S.*)?\s*:?\s*$":
                                         {"type": "string", "minLength": 1}},
                   "description": "One key naming the kind, and the text: `Resolved: the Board noted ...`."}
        return {"anyOf": [{"type": "string", "minLength": 1}, handler(schema), one_key],
                "description": "What was decided: plain text, or a resolution."}


if TYPE_CHECKING:
    Decision = str | Resolution
else:
    Decision = Annotated[Resolution, WrapValidator(_decision), _TextOrResolution,
                         WrapSerializer(lambda value, handler: value if isinstance(value, str)
                                        else handler(value))]
YamlPath = tuple[str | int, ...]


class ItemRecord(Record):
    """What the meeting recorded under an item: in the minutes for a public item, in the
    exempt part (``exempt/``) for an exempt one."""

    id: ItemId = Field(description=(
        "The label its body heading starts with, as the minutes label it: a minute number "
        "(`15/09` for `## 15/09 Title`), a number (`23` for `## 23. Title` or `## 23) Title`) or a "
        "letter (`a` for `## a) Title` or `## (a) Title`)."))
    code: str | None = Field(None, description="Reference code, e.g. EI&ISS PM 04.")
    title: Text = Field(description="The item's title.")
    measures: list[Measure] = Field(default_factory=list, description="Indicators reported.")
    decisions: list[Decision] = Field(default_factory=list, description=(
        "What was decided: each plain text, or a resolution (`kind`, `text`, `parts`, `vote`)."))
    actions: list[Action] = Field(default_factory=list, description="Tasks agreed.")
    further_review: FurtherReview | None = Field(None, description="A dated follow-up.")

    def raised(self) -> Iterator[tuple[YamlPath, Action]]:
        """Every action the item raises, with its path under the item: its `actions`,
        then the tasks of its resolutions' parts. The one way to walk an item's actions."""
        for j, action in enumerate(self.actions):
            yield ("actions", j), action
        for k, decision in enumerate(self.decisions):
            if isinstance(decision, Resolution):
                for m, part in enumerate(decision.parts):
                    if (task := part.raised()) is not None:
                        yield ("decisions", k, "parts", m, "action"), task

    @model_validator(mode="after")
    def _measures_named(self) -> ItemRecord:
        """Two measures without code or title would both go by the item's title."""
        if sum(1 for m in self.measures if not m.code and not m.title) > 1:
            raise PydanticCustomError(
                "measure_name", "two or more of its measures have neither a code nor a title; "
                "give each measure a `code` or a `title`, so each has its own page")
        return self


def measure_name(measure: Measure, item: ItemRecord) -> str:
    """What a measure goes by across meetings: its code, else its title, else its item's."""
    return measure.code or measure.title or item.title


RECORD_KEYS = ("code", "measures", "decisions", "actions", "further_review")


class Item(ItemRecord):
    """An agenda item; its narrative is the body section headed with its label. An exempt
    item is only a notice here: its record and narrative live in the exempt part."""

    reference: str | None = Field(None, description=(
        "Minute number, e.g. 32/07, when the id is a label such as `a`; the page heading shows it."))
    exempt: Flag = Field(False, description=(
        "Discussed in private (Part II): `true` or `false`. In the minutes it holds only its id, "
        "minute number, a title in general terms and its paragraph; everything else goes in the "
        "exempt part."))
    exempt_paragraph: Paragraphs | None = Field(None, description=(
        "The paragraph(s) of Schedule 12A to the Local Government Act 1972 the item falls "
        "under: one (`3`, `7A`) or several (`[3, 5]` or `3 and 5`). England: 1-7, and 7A-7C for "
        "standards; Wales (`jurisdiction: wales`): 12-18 and 18A-18C."))
    confidential: Flag = Field(False, description=(
        "The item was confidential information as defined in section 100A(3) of the Act "
        "(information given by a government department on terms that forbid its disclosure, "
        "or whose disclosure a court order or law forbids): `true` on an exempt item, with or "
        "instead of a paragraph."))

    @property
    def minute(self) -> str:
        """How the minutes cite the item: its minute number (the id when it is one, else
        `reference`), or else its label."""
        return self.id if MINUTE_NUMBER.match(self.id) or not self.reference else self.reference


class Update(Record):
    """Progress on an action raised earlier (matters arising)."""

    action: ActionId = Field(description="The id of the action updated, in any case.")
    status: ActionStatus | None = Field(None, description=f"The new status: {statuses.HELP}.")
    note: str | None = Field(None, description="What has happened.")
    due: DueField | None = Field(None, description="A new due date.")
    owner: Owners | None = Field(None, description="A new owner or owners, as an action's owner is written.")


class NextMeeting(Record):
    """When and where the meeting's next meeting is to be held, as the minutes give it."""

    date: Day = Field(description="Its date, YYYY-MM-DD; after this meeting's.")
    start: Time | None = Field(None, description=f"When it starts: {TIME_MEANING}.")
    venue: str | None = Field(None, description="Where it is to be held.")


class Meeting(Record):
    """The front matter of one meeting's minutes."""

    organisation: Text = Field(description="Who met, e.g. Derby City Council.")
    committee: Text = Field(description="The body that met; the same spelling every time.")
    title: str | None = Field(None, description="Defaults to 'Minutes of <committee>'.")
    date: Day = Field(description=f"The meeting's date, YYYY-MM-DD ({values.YEARS_HELP}).")
    venue: str | None = Field(None, description="Where the meeting was held.")
    start: Time | None = Field(None, description=f"When the meeting started: {TIME_MEANING}.")
    end: Time | None = Field(None, description=(
        f"When the meeting ended ('The meeting closed at 7.40 p.m.' is `end: 7.40 p.m.`): {TIME_MEANING}."))
    status: Literal["draft", "approved"] = Field("draft", description="draft or approved.")
    approved: Day | None = Field(None, description="When the minutes were approved, YYYY-MM-DD.")
    jurisdiction: Literal["england", "wales"] = Field("england", description=(
        "Whose numbering of Schedule 12A the exempt items cite: `england` or `wales`."))
    chair: Initials | None = Field(None, description=(
        "Initials of who chaired, when not the usual chair (e.g. the vice-chair in the chair); "
        "they must be present."))
    next_meeting: NextMeeting | None = Field(None, description=(
        "The date of the next meeting, with its start and venue when given."))
    attendees: list[Person] = Field(min_length=1, description="Present.")
    apologies: list[Person] = Field(default_factory=list, description="Sent apologies.")
    in_attendance: list[Person] = Field(default_factory=list, description="Advising officers.")
    substitutes: list[Substitute] = Field(default_factory=list, description="Members standing in.")
    absent: list[Person] = Field(default_factory=list, description="Neither present nor apologised.")
    declarations: list[Declaration] = Field(default_factory=list, description="Declared interests.")
    abbreviations: dict[str, Text] = Field(
        default_factory=dict, description="Abbreviation to its expansion, e.g. DV: domestic violence."
    )
    matters_arising: list[Update] = Field(
        default_factory=list, description="Progress reported on actions from earlier meetings."
    )
    items: list[Item] = Field(min_length=1, description="The agenda, in order.")

    @property
    def heading(self) -> str:
        return self.title or f"Minutes of {self.committee}"

    @property
    def people(self) -> list[Person]:
        """Everyone the minutes name, present or not."""
        return [*self.attendees, *self.in_attendance, *self.substitutes,
                *self.apologies, *self.absent]

    @property
    def present(self) -> list[Person]:
        return [*self.attendees, *self.in_attendance, *self.substitutes]


class RecordedUpdate(Update):
    """Progress recorded between meetings: one file under ``actions/updates/``."""

    date: Day = Field(description="When the progress was recorded, YYYY-MM-DD.")
    by: str | None = Field(None, description="Who recorded it.")


class ExemptPart(Record):
    """The exempt (Part II) part of one meeting's minutes: ``exempt/`` followed by the same
    path as the minutes (``exempt/<committee>/<date>.md``). It is the confidential record:
    no public build or export ever opens it."""

    abbreviations: dict[str, Text] = Field(
        default_factory=dict, description="Abbreviations used only in the exempt narrative."
    )
    matters_arising: list[Update] = Field(
        default_factory=list, description="Progress reported in private on exempt actions."
    )
    items: list[ItemRecord] = Field(
        default_factory=list, description="The record of each exempt item, by the id of its notice."
    )


class LegacyAction(Record):
    """An action raised before the first minutes of the archive, as an older action log
    records it; the register takes it up on the day it was raised."""

    id: ActionId = Field(description="Its id in the old log (e.g. HWB-31), unique across all minutes.")
    text: Text = Field(description="What is to be done.")
    owner: Owners = Field(description=f"Who is to do it: {OWNER_HELP}; people not in any minutes "
                                      "must be in the people directory.")
    raised: Day = Field(description="When it was raised, YYYY-MM-DD.")
    committee: Text = Field(description="The committee that raised it, spelt as its minutes spell it.")
    due: DueField | None = Field(None, description=f"When it falls due: {DUE_HELP}.")
    status: ActionStatus = Field("open", description=f"Its status when the archive starts: {statuses.HELP}.")
    reference: str | None = Field(None, description="Where the old record raised it, e.g. minute 45/13.")


class LegacyLog(Record):
    """Actions raised before the archive starts: ``actions/legacy.yml``."""

    source: Text = Field(description="Where they come from, e.g. the action log presented on 11 March 2014.")
    actions: list[LegacyAction] = Field(min_length=1, description="The actions, each once.")
