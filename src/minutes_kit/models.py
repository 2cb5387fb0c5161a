"""The minutes format: the front matter of one meeting, as pydantic models.

These classes are the single source of truth: ``minutes-kit schema`` prints their JSON
Schema, ``docs/format.md`` is generated from their fields and descriptions, and the
hints of ``check`` quote the same descriptions.

Every value arrives as the text the clerk wrote (the YAML reader types nothing), so text
fields keep it exactly and typed fields read it with :mod:`.values`, in plain words.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    computed_field,
    model_validator,
)
from pydantic_core import PydanticCustomError

from . import values
from .timeframes import DUE_HELP, PERIOD_HELP, Due, Period


def _parser(kind: str, parse: Any) -> PlainValidator:
    def validate(value: object) -> Any:
        try:
            return parse(value)
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
ItemId = Annotated[str, Field(
    pattern=values.form(r"^([a-z]|[0-9]{1,3}[a-z]?)$", "an item label: the letter or number its "
                        "heading starts with, without the bracket (a for a), 3 for 3), 12b)"),
    description="The item's label as its body heading starts: a) is `a`, 3) is `3`.",
    examples=["a", "3"],
)]
ActionId = Annotated[str, Field(
    pattern=values.form(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", "an action id: letters, digits, dots, "
                        "hyphens and underscores, no spaces, starting with a letter or digit "
                        "(cyp-2012-02-24-1)"),
    description="A stable id, unique across all minutes; never reused or changed.",
    examples=["cyp-2012-02-24-1"],
)]
Text = Annotated[str, Field(min_length=1)]
ActionStatus = Literal["open", "in progress", "done", "dropped"]
OPEN_STATUSES: frozenset[str] = frozenset({"open", "in progress"})


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
    owner: Text = Field(description="Initials or name of a person of the meeting.")
    due: DueField | None = Field(None, description=f"When it falls due: {DUE_HELP}.")
    status: ActionStatus = Field("open", description="open, in progress, done or dropped.")


class FurtherReview(Record):
    """The meeting's request to look at the item again."""

    due: DueField = Field(description=f"When: {DUE_HELP}.")
    note: str | None = Field(None, description="What the review should look at.")


class ItemRecord(Record):
    """What the meeting recorded under an item: in the minutes for a public item, in the
    exempt part (``exempt/``) for an exempt one."""

    id: ItemId = Field(description="The label its body heading starts with: `a` for `## a) Title`.")
    code: str | None = Field(None, description="Reference code, e.g. EI&ISS PM 04.")
    title: Text = Field(description="The item's title.")
    measures: list[Measure] = Field(default_factory=list, description="Indicators reported.")
    decisions: list[Text] = Field(default_factory=list, description="What was resolved.")
    actions: list[Action] = Field(default_factory=list, description="Tasks agreed.")
    further_review: FurtherReview | None = Field(None, description="A dated follow-up.")

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

    reference: str | None = Field(None, description="Minute number, e.g. 32/07.")
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


class Update(Record):
    """Progress on an action raised earlier (matters arising)."""

    action: ActionId = Field(description="The id of the action updated.")
    status: ActionStatus | None = Field(None, description="The new status.")
    note: str | None = Field(None, description="What has happened.")
    due: DueField | None = Field(None, description="A new due date.")
    owner: str | None = Field(None, description="A new owner.")


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
