"""The format of the optional people directory, ``minutes/people.yml``: who is who
across meetings (see :mod:`minutes_kit.people`)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .models import Initials, Record, Text
from .people import MAX_SLUG
from .values import form

_SLUG = form(r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
             "an id: lower case letters and digits, words joined by single hyphens (jacqui-jensen)")
Slug = Annotated[str, Field(pattern=_SLUG, max_length=MAX_SLUG,
                            description="A short stable id: lower case words joined by hyphens, "
                                        f"at most {MAX_SLUG} characters (it names the person's page).",
                            examples=["jacqui-jensen"])]


class DirectoryEntry(Record):
    """One person, under every name and initials the minutes use for them."""

    id: Slug
    name: Text = Field(description="The name shown for them.")
    initials: list[Initials] = Field(default_factory=list, description="Initials they go by.")
    aliases: list[Text] = Field(default_factory=list, description="Other spellings of the name.")
    title: str | None = Field(None, description="Form of address, e.g. Councillor.")
    posts: list[Text] = Field(default_factory=list, description=(
        "Posts they hold, e.g. Head of Financial Services: an owner may then be written as the "
        "post, with or without 'the', and the post's actions are listed under them too."))


class Directory(Record):
    """The optional people directory, ``minutes/people.yml``."""

    people: list[DirectoryEntry] = Field(default_factory=list, description="Everyone, once each.")
