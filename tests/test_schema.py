"""The JSON Schema is a promise to editors: the real `check-jsonschema` holds it to `check`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from minutes_kit.cli import main
from minutes_kit.values import time_of_day

from .conftest import EXAMPLES, VALID
from .test_values import TEXTS

VALID_FIXTURES = Path(__file__).resolve().parent / "valid"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def front_matter(text: str) -> str:
    return text.split("\n---\n", 1)[0].removeprefix("---\n")


def failing(schema_dir: Path, files: list[Path]) -> set[str]:
    """The names of ``files`` that `check-jsonschema` refuses against `minutes-kit schema`."""
    schema = schema_dir / "schema.json"
    schema.write_text(CliRunner().invoke(main, ["schema"]).output)
    done = subprocess.run([str(CHECK_JSONSCHEMA), "-o", "json", "--schemafile", str(schema),
                           *map(str, files)], capture_output=True, text=True, check=False)
    report = json.loads(done.stdout)
    assert report.get("parse_errors", []) == [], report
    assert (report["status"] == "ok") == (done.returncode == 0), report
    return {Path(error["filename"]).name for error in report.get("errors", [])}


def test_every_valid_example_passes_the_schema(tmp_path: Path) -> None:
    sources = [*EXAMPLES.rglob("*.md"), *VALID_FIXTURES.glob("*.md")]
    assert len(sources) >= 5
    files = []
    for number, source in enumerate(sources):
        assert CliRunner().invoke(main, ["check", "--strict", str(source)]).exit_code == 0, source
        files.append(tmp_path / f"{number}-{source.stem}.yaml")
        files[-1].write_text(front_matter(source.read_text(encoding="utf-8")), encoding="utf-8")
    assert failing(tmp_path, files) == set()


def _variant(tmp_path: Path, name: str, old: str, new: str) -> Path:
    assert old in VALID
    path = tmp_path / f"{name}.yaml"
    path.write_text(front_matter(VALID.replace(old, new)), encoding="utf-8")
    return path


TIMES = ["14:00", "14.00", "9:30", "2pm", "2.00pm", "2:30 p.m.", "10.00 am", "12 noon", "noon", "NOON",
         "14:00:00", "12am", "00:00", "23:59", "25:00", "14.75", "14", "2.00xm", "midnight", "14:00:30",
         "13pm", "0am", "2 pm.", "2p.m", "12noon", "1400", " 2pm", "2pm ", "14:00\n", "\uff19:30"]  # a wide 9


def test_the_schema_accepts_exactly_the_times_check_accepts(tmp_path: Path) -> None:
    """Quoted, so that YAML tools see the text that check sees."""
    files = {time: _variant(tmp_path, f"time-{n}", 'start: "18:00"', f"start: {json.dumps(time)}")
             for n, time in enumerate(TIMES)}
    refused = failing(tmp_path, list(files.values()))
    for time, path in files.items():
        try:
            time_of_day(time)
            accepted = True
        except ValueError:
            accepted = False
        assert (path.name not in refused) == accepted, time


def test_the_schema_refuses_what_check_refuses(tmp_path: Path) -> None:
    bad = [
        _variant(tmp_path, "year", "date: 2024-03-05", "date: 9999-03-05"),
        _variant(tmp_path, "early", "date: 2024-03-05", "date: 1799-03-05"),
        _variant(tmp_path, "impossible", "date: 2024-03-05", "date: 2024-02-30"),
        _variant(tmp_path, "spelt", "date: 2024-03-05", "date: 5 March 2024"),
        _variant(tmp_path, "flag", "    title: Planning applications",
                 "    title: Planning applications\n    exempt: maybe"),
        _variant(tmp_path, "count", "    title: Planning applications",
                 "    title: Planning applications\n    exempt_paragraph: 3.5"),
    ]
    assert failing(tmp_path, bad) == {path.name for path in bad}


def test_text_that_yaml_tools_would_type_passes_once_quoted(tmp_path: Path) -> None:
    """The schema is read by YAML 1.2 tools, which type `0x1F` as a number: quoted, it is
    text to them as to check."""
    files = [_variant(tmp_path, f"text-{n}", "    title: Planning applications",
                      f"    title: {json.dumps(text)}\n    code: {json.dumps(text)}")
             for n, text in enumerate(TEXTS)]
    assert failing(tmp_path, files) == set()
