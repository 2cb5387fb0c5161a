"""Markdown minutes (board notes kept in a wiki or a repository), read with markdown-it:
headings, paragraphs, list items (numbered ones keep their number) and pipe tables, each
with the line it starts on; emphasis is dropped (``**Date:**`` reads as ``Date:``)."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .blocks import Block
from .read_text import _decoded


def read(path: Path) -> list[Block]:
    return blocks_of(_decoded(path))


def blocks_of(text: str) -> list[Block]:
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    blocks: list[Block] = []
    numbers: list[int | None] = []  # the next number of each open list; None for bullets
    in_item = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        line = token.map[0] + 1 if token.map else 0
        if token.type == "ordered_list_open":
            numbers.append(int(str(token.attrGet("start") or 1)))
        elif token.type == "bullet_list_open":
            numbers.append(None)
        elif token.type in ("ordered_list_close", "bullet_list_close"):
            numbers.pop()
        elif token.type == "list_item_open":
            in_item += 1
            label = ""
            if numbers and numbers[-1] is not None:
                label = f"{token.info or numbers[-1]}{token.markup} "
                numbers[-1] = (numbers[-1] or 0) + 1
            text = _inline(tokens[i + 2]) if tokens[i + 1].type == "paragraph_open" else ""
            blocks.append(Block("item", label + text, line))
        elif token.type == "list_item_close":
            in_item -= 1
        elif token.type == "heading_open":
            blocks.append(Block("heading", _inline(tokens[i + 1]), line, int(token.tag[1:])))
        elif token.type == "paragraph_open" and not in_item:
            blocks.append(Block("paragraph", _inline(tokens[i + 1]), line))
        elif token.type == "table_open":
            i, rows = _table(tokens, i)
            blocks.append(Block("table", "", line, rows=rows))
        elif token.type in ("fence", "code_block") and token.content.strip():
            blocks.append(Block("paragraph", token.content.rstrip("\n"), line))
        i += 1
    return blocks


def _inline(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts).strip()


def _table(tokens: list[Token], i: int) -> tuple[int, tuple[tuple[str, ...], ...]]:
    rows: list[tuple[str, ...]] = []
    row: list[str] = []
    while tokens[i].type != "table_close":
        token = tokens[i]
        if token.type == "tr_open":
            row = []
        elif token.type in ("th_open", "td_open"):
            row.append(_inline(tokens[i + 1]) if tokens[i + 1].type == "inline" else "")
        elif token.type == "tr_close":
            rows.append(tuple(row))
        i += 1
    return i, tuple(rows)
