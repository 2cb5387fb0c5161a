"""Sheets as tagged PDF (PDF/UA-1) with WeasyPrint, an optional extra.

WeasyPrint needs the Pango libraries of the system, which a council's laptop may lack; the
rest of minutes-kit does not need it, so it is imported only here, when asked for, and its
absence is one plain sentence, not a traceback.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence
from types import ModuleType
from typing import Any

from .paper import Sheet

INSTALL = ("writing PDF needs WeasyPrint: install it with pip install 'minutes-kit[pdf]', "
           "and the Pango libraries it draws text with (on Debian or Ubuntu: "
           "apt-get install libpango-1.0-0 libpangoft2-1.0-0)")
VARIANT = "pdf/ua-1"  # tagged, with the title and language a screen reader announces


class Unavailable(Exception):
    """WeasyPrint or its system libraries are missing; the message says how to install them."""


def engine() -> ModuleType:
    """WeasyPrint, or :class:`Unavailable`: it raises OSError when Pango cannot be loaded."""
    try:
        import weasyprint
    except (ImportError, OSError):
        raise Unavailable(INSTALL) from None
    return weasyprint


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """The site's stylesheet holds rules for screens and SVG that paper ignores; WeasyPrint
    warns of each, which would bury what minutes-kit says. Its errors still show."""
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def render(weasyprint: ModuleType, sheet: Sheet) -> Any:
    """The sheet laid out in pages (a WeasyPrint document)."""
    with _quiet():
        return weasyprint.HTML(string=sheet.document).render(pdf_variant=VARIANT)


def pdf(document: Any) -> bytes:
    with _quiet():
        return bytes(document.write_pdf(pdf_variant=VARIANT))


def bound(documents: Sequence[Any], title: str) -> bytes:
    """Several meetings in one PDF, each numbered "Page 1 of N" on its own, as a bound
    volume of minutes is."""
    whole = documents[0].copy([page for document in documents for page in document.pages])
    whole.metadata.title = title
    return pdf(whole)
