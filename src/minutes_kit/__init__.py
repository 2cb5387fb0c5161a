"""Structured meeting minutes and an action register, kept as plain Markdown."""
