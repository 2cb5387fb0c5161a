"""The law on excluding the public, as minutes cite it: which Schedule 12A paragraphs
exist where, and how a published notice words the grounds.

Schedule 12A to the Local Government Act 1972 numbers its descriptions of exempt
information differently in England (Part 1: paragraphs 1-7, with 7A-7C added for
standards committees) and in Wales (Part 4: paragraphs 12-18, with 18A-18C). Confidential
information (section 100A(3)) is a separate class, which no paragraph describes.
"""

from __future__ import annotations

from .models import Item

ACT = "the Local Government Act 1972"
PARAGRAPHS: dict[str, tuple[str, ...]] = {
    "england": (*map(str, range(1, 8)), "7A", "7B", "7C"),
    "wales": (*map(str, range(12, 19)), "18A", "18B", "18C"),
}
PART = {"england": 1, "wales": 4}
SHOWN = {"england": "England: 1-7 and 7A-7C", "wales": "Wales: 12-18 and 18A-18C"}
CONFIDENTIAL = f"confidential information as defined in section 100A(3) of {ACT}"


def unknown(paragraphs: tuple[str, ...], jurisdiction: str) -> list[str]:
    """The paragraphs that Schedule 12A does not have in ``jurisdiction``."""
    return [p for p in paragraphs if p not in PARAGRAPHS[jurisdiction]]


def jurisdiction_of(paragraph: str) -> str | None:
    """Where Schedule 12A has ``paragraph``, if anywhere."""
    return next((where for where, known in PARAGRAPHS.items() if paragraph in known), None)


def _listed(parts: tuple[str, ...]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def paragraphs(item: Item, jurisdiction: str) -> str:
    """'paragraphs 3 and 5 of Part 1 of Schedule 12A to the Local Government Act 1972'."""
    cited = item.exempt_paragraph or ()
    word = "paragraph" if len(cited) == 1 else "paragraphs"
    return f"{word} {_listed(cited)} of Part {PART[jurisdiction]} of Schedule 12A to {ACT}"


def grounds(item: Item, jurisdiction: str) -> str:
    """Why the public were excluded, in the words of an exclusion resolution."""
    under = f"under {paragraphs(item, jurisdiction)}" if item.exempt_paragraph else ""
    if not item.confidential:
        return under
    involved = f"as it involved {CONFIDENTIAL}"
    return f"{involved}, and {under}" if under else involved


def short(item: Item) -> str:
    """The grounds in a few words, for an internal page's exempt marker."""
    cited = [f"Schedule 12A, {'paragraph' if len(item.exempt_paragraph) == 1 else 'paragraphs'} "
             f"{_listed(item.exempt_paragraph)}"] if item.exempt_paragraph else []
    return "; ".join([*cited, *(["confidential, s100A(3)"] if item.confidential else [])])
