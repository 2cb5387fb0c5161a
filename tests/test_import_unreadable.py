"""`minutes-kit import` over a folder of Word and HTML files it cannot read: each is
named with the reason in a sentence, the readable one is still imported, no traceback."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import docx
import pytest
from click.testing import CliRunner

from minutes_kit.cli import main
from minutes_kit.importer import read_markdown, read_text
from minutes_kit.importer.blocks import Unreadable

GOOD = Path(__file__).parent / "archive" / "brackenfield-cabinet-2023" / "source.html"


def _truncated_docx() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("text")
    document.save(buffer)
    return buffer.getvalue()[:3000]


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return buffer.getvalue()


HOSTILE = {
    "renamed.docx": (b"Minutes typed in Notepad and renamed", "not a Word (.docx) file"),
    "old.docx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Word (.doc) file"),
    "cut-short.docx": (_truncated_docx(), "damaged"),
    "other.docx": (_zip({"mimetype": b"application/zip"}), "not a Word document"),
    "binary.html": (b"\x89PNG\r\n\x1a\n\x00\x00", "binary data"),
    "deep.html": (b"<div>" * 1000, "nests elements"),
    "latin.html": ("<p>Caf\u00e9 minutes</p>".encode("latin-1"), "not UTF-8"),
    "blank.htm": (b"\n\n", "empty"),
    "script.html": (b"<script>document.write('x')</script>", "no text"),
}


def test_unreadable_sources_are_named_and_the_rest_imported(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "cabinet.html").write_bytes(GOOD.read_bytes())
    for name, (content, _) in HOSTILE.items():
        (folder / name).write_bytes(content)
    result = CliRunner().invoke(main, ["import", str(folder), "--into", str(tmp_path / "minutes")])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for name, (_, said) in HOSTILE.items():
        line = next((line for line in result.output.splitlines() if name in line), "")
        assert said in line, (name, result.output)
    assert (tmp_path / "minutes" / "cabinet" / "2023-03-08.md").is_file()


@pytest.mark.parametrize("reader", [read_text, read_markdown], ids=["text", "markdown"])
@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda p: os.mkfifo(p), "not an ordinary file"),
        (lambda p: p.mkdir(), "not an ordinary file"),
        (lambda p: p.write_bytes(b"x" * (read_text.MAX_BYTES + 1)), "larger than 4 MiB"),
        (lambda p: p.write_bytes(b" \n\t\n"), "empty"),
        (lambda p: p.write_bytes(b"Minutes\x00\x01\x02"), "binary data"),
    ],
    ids=["pipe", "folder", "oversize", "blank", "binary"],
)
def test_text_and_markdown_readers_refuse_what_is_not_a_text_file(
    tmp_path: Path, reader: ModuleType, make: Callable[[Path], object], said: str
) -> None:
    """A pipe would block the read and a folder or huge file is not one meeting's minutes."""
    path = tmp_path / "source.txt"
    make(path)
    with pytest.raises(Unreadable, match=said):
        reader.read(path)
