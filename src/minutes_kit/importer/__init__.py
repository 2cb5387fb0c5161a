"""Turning legacy minutes (text, Markdown, Word, HTML) into draft minutes files.

The data path: a reader turns one source file into `Block`s (its shape, with source lines),
the parser turns blocks into a draft meeting with markers for what it could not find, and
the writer turns the draft into a minutes file (and an exempt part) in the project's format.
"""
