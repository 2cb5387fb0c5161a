"""Reading files: encodings, line endings, front matter fences and YAML safety."""

from __future__ import annotations

import datetime as dt

import pytest

from minutes_kit.corpus import Layout, load_document
from minutes_kit.corpus import load as load_corpus
from minutes_kit.yamlpos import MAX_NODES, YamlError, load

from .conftest import VALID


def codes(path) -> list[str]:
    return [p.code for p in load_document(path).problems]


def test_valid_file_is_clean(write) -> None:
    document = load_document(write(VALID))
    assert document.problems == []
    assert document.meeting is not None and document.meeting.date == dt.date(2024, 3, 5)


def test_bom_and_crlf_are_accepted_and_positions_still_exact(write) -> None:
    text = VALID.replace("owner: CD", "owner: EF").replace("\n", "\r\n")
    path = write(b"\xef\xbb\xbf" + text.encode())
    problems = load_corpus([path], layout=Layout(path.parent / "none")).problems  # owners: corpus-wide
    assert [(p.line, p.column, p.code) for p in problems] == [(16, 16, "unknown-person")]


def test_invalid_utf8_is_located(write) -> None:
    problems = load_document(write(VALID.encode().replace(b"Carl", b"C\xe9rl"))).problems
    assert [(p.line, p.column, p.code) for p in problems] == [(9, 27, "encoding")]


def test_binary_file(write) -> None:
    assert codes(write(b"\x00\x01\x02binary")) == ["binary-file"]


def test_empty_and_blank_files(write) -> None:
    assert codes(write("", "a-2024-03-05.md")) == ["empty-file"]
    assert codes(write("\n  \n", "b-2024-03-05.md")) == ["empty-file"]


def test_front_matter_missing_empty_unterminated(write) -> None:
    assert codes(write("# Minutes\n", "a-2024-03-05.md")) == ["no-front-matter"]
    assert codes(write("---\n\n---\nbody\n", "b-2024-03-05.md")) == ["empty-front-matter"]
    assert codes(write("---\ncommittee: x\n", "c-2024-03-05.md")) == ["unterminated-front-matter"]


def test_duplicate_keys_are_errors_not_last_wins(write) -> None:
    text = VALID.replace("committee: Planning Committee\n",
                         "committee: Planning Committee\ncommittee: Licensing\n")
    problems = load_document(write(text)).problems
    assert [(p.line, p.code) for p in problems] == [(4, "yaml-duplicate-key")]
    assert "line 3" in problems[0].hint


def test_python_tags_are_refused_never_run(write, tmp_path) -> None:
    marker = tmp_path / "ran"
    text = VALID.replace("organisation: Example Council",
                         f"organisation: !!python/object/apply:os.system ['touch {marker}']")
    assert "yaml-tag" in codes(write(text))
    assert not marker.exists()


def test_custom_tags_are_refused(write) -> None:
    assert "yaml-tag" in codes(write(VALID.replace("title: Planning", "title: !secret Planning")))


@pytest.mark.parametrize("tag", ["!!int", "!!float", "!!bool", "!!timestamp", "!!binary", "!!null"])
def test_tags_that_would_type_a_value_are_refused(tag: str) -> None:
    data, _, issues = load(f"a: {tag} 1\nb: !!str 010\nc: !!null\n")
    assert [(i.code, i.line, i.column) for i in issues] == [("yaml-tag", 1, 4)]
    assert data == {"a": None, "b": "010", "c": None}


def test_billion_laughs_is_rejected() -> None:
    text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    with pytest.raises(YamlError) as raised:
        load(text)
    assert raised.value.issue.code == "yaml-too-large"
    assert f"{MAX_NODES:,}" in raised.value.issue.message


def test_recursive_alias_is_rejected(write) -> None:
    assert codes(write("---\na: &a [*a]\n---\n")) == ["yaml-too-large"]


def test_plain_scalars_are_text_as_written(write) -> None:
    text = ("initials: NO\nstart: 10:00\nflag: yes\nn: 012\nd: 2012-02-24\nx: 0x1F\nt: 1.10\n"
            "b: TRUE\nf: .nan\nbad: 2012-02-30\nnothing: ~\nnone:\nnull: 1\n")
    data, positions, issues = load(text)
    assert issues == []
    assert data == {"initials": "NO", "start": "10:00", "flag": "yes", "n": "012", "d": "2012-02-24",
                    "x": "0x1F", "t": "1.10", "b": "TRUE", "f": ".nan", "bad": "2012-02-30",
                    "nothing": None, "none": None, "null": "1"}
    assert positions.of(("start",)) == (2, 8)
    assert positions.of(("start",), key=True) == (2, 1)


def test_positions_are_found_in_the_node_tree() -> None:
    text = "a: 1\nitems:\n  - id: x\n    actions:\n      - {id: p, owner: JJ}\n  - id: y\na: 2\n1: one\n"
    data, positions, issues = load(text, first_line=2)
    assert [i.code for i in issues] == ["yaml-duplicate-key"] and issues[0].line == 8
    assert "first written at line 2" in issues[0].hint
    assert data["a"] == "1" and data["1"] == "one"
    assert positions.of(("a",)) == (2, 4)  # the first of two duplicates, as the data keeps it
    assert positions.of(("items", 1, "id"), key=True) == (7, 5)
    assert positions.of(("items", 0, "actions", 0, "owner")) == (6, 24)
    assert positions.of(("items", 0, "actions", 3, "owner")) == (6, 7)  # nearest written ancestor
    assert positions.of(("1",)) == (9, 4) and positions.exact(("nowhere",)) is None
    kept = positions.kept([("items", 0, "actions", 0), ("items", 0, "actions", 4)])
    assert kept.exact(("items", 0, "actions", 0)) == (6, 9)
    assert kept.exact(("items", 0, "actions", 0, "owner")) == (6, 24)
    assert kept.of(("items", 0, "actions", 0, "owner"), key=True) == (6, 17)
    assert kept.exact(("items", 1, "id")) is None and kept.exact(("a",)) is None  # pruned
    assert kept.of(("items", 0, "id")) == (4, 5)  # the nearest kept ancestor
    assert kept.of(("items", 0, "actions", 4)) == (6, 7)
    assert kept.root is not None and list(kept.root[4]) == ["items"]


def test_impossible_date_is_located(write) -> None:
    problems = load_document(write(VALID.replace("date: 2024-03-05", "date: 2024-02-30"))).problems
    assert (problems[0].line, problems[0].code) == (4, "invalid-value")


def test_front_matter_that_is_a_list(write) -> None:
    assert codes(write("---\n- a\n- b\n---\n")) == ["not-a-mapping"]


def test_yaml_syntax_error_points_at_the_line(write) -> None:
    problems = load_document(write(VALID.replace("title: Planning applications",
                                                 'title: "Planning applications'))).problems
    assert problems[0].code == "yaml-syntax"
    assert problems[0].line >= 12


def test_setext_item_headings_count_as_sections(write) -> None:
    text = VALID.replace("## a) Planning applications", "a) Planning applications\n-----------------------")
    assert load_document(write(text)).problems == []
    unlabelled = VALID.replace("## a) Planning applications", "Planning applications\n=====")
    assert [p.code for p in load_document(write(unlabelled)).problems] == ["item-without-section"]


def test_initials_that_open_a_paragraph_or_list_entry_must_be_people(write) -> None:
    body = ("AB opened the item.\n\n"
            "ZZ presented the report.\n\n"          # a paragraph's speaker: nobody of the meeting
            "- CD and XY agreed to write.\n"         # a list entry's speakers: XY is unknown
            "- AB / CD noted it.\n\n"                # known speakers
            "The MAT met and QQ was mentioned.\n")   # mid-sentence capitals: abbreviations
    problems = load_document(write(VALID.replace("AB opened the item.\n", body))).problems
    assert [(p.line, p.column, p.severity, p.code, p.message.split()[0]) for p in problems] == [
        (24, 1, "error", "unknown-person", "ZZ"),
        (26, 10, "error", "unknown-person", "XY"),
        (29, 5, "warning", "undeclared-abbreviation", "MAT"),
        (29, 17, "warning", "undeclared-abbreviation", "QQ"),
    ]


def test_front_matter_closes_at_its_first_fence_line(write) -> None:
    from minutes_kit.reader import read

    for closing, after in [("---", "\nbody\n"), ("...", "\nbody\n"), ("---  ", "\nbody\n"), ("---", "")]:
        source = read(write(f"---\na: 1\nb: '---'\n{closing}{after}"))
        assert (source.data, source.problems) == ({"a": "1", "b": "---"}, []), closing
        assert (source.body, source.body_line) == (after[1:], 5)
    assert read(write("---\na: 1\n----\n")).problems[0].code == "unterminated-front-matter"
