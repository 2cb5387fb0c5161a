"""Whatever the bytes, check reports problems and never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from minutes_kit import body as markdown
from minutes_kit import yamlpos
from minutes_kit.consistency import _CAPITALS, _capital_runs
from minutes_kit.corpus import load_document

from .conftest import EXAMPLES, VALID

_settings = settings(max_examples=150, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])


@_settings
@given(st.binary(max_size=400))
def test_any_bytes(write, data: bytes) -> None:
    load_document(write(data))


@_settings
@given(st.integers(0, len(VALID) - 1), st.integers(0, 30), st.text(max_size=12))
def test_any_edit_of_a_valid_file(write, at: int, cut: int, insert: str) -> None:
    document = load_document(write(VALID[:at] + insert + VALID[at + cut:]))
    for problem in document.problems:
        assert problem.line >= 0 and problem.column >= 0 and problem.message


PROSE = st.sampled_from(list("ABCDEZabz &-/\n\t1\u00e9\u00c9\u2013\u03a3\uff21"))


@given(st.text(alphabet=PROSE, max_size=80) | st.text(max_size=80))
def test_capital_runs_are_the_words_the_pattern_finds(text: str) -> None:
    assert _capital_runs(text) == set(_CAPITALS.findall(text))


# Lines built from what decides markdown-it's block structure: an indent, a head (fences
# of both kinds, headings of every level and one too many), a middle, and a tail that may
# close a heading or a fence.
_LINE = st.tuples(
    st.sampled_from(["", " ", "   ", "    ", "     "]),
    st.sampled_from(["", "#", "##", "######", "#######", "```", "````", "~~~", "~~~~", "`", "-"]),
    st.sampled_from(["", " ", "  ", " x", "x", " JJ", " a `b`", "\u00a0x", "\u2003"]),
    st.sampled_from(["", " ", " #", " ##", "#", " ```", "```", " ~~~~", "~~~"]),
).map("".join)
BODY = st.lists(_LINE, max_size=14).map("\n".join) | st.text(
    alphabet=st.sampled_from(list("# `~x\n-=\t")), max_size=60)


@settings(max_examples=400, deadline=None)
@given(BODY, st.booleans())
@example("```\n    ```\nx\n", False)  # indented four spaces, the 'closing' fence is code
@example("p\n    code?\n# h #\n~~~ a\n~~~~\n", False)
def test_line_scan_gives_markdown_its_blocks(text: str, final_newline: bool) -> None:
    text += "\n" * final_newline
    scanned = markdown._scan(text, 7)
    if scanned is not None:
        assert scanned == markdown._parse(text, 7)


def test_line_scan_reads_the_example_minutes() -> None:
    for path in EXAMPLES.rglob("*.md"):
        text = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        scanned = markdown._scan(text, 1)
        assert scanned is not None and scanned == markdown._parse(text, 1), path


# Scalars and keys chosen for what YAML reads in more than one way: what the core schema
# would type (text here, but for null), quotes, characters outside ASCII (the plain reader
# takes these) ...
_READ = [
    "EW", "Evonne Williams", "no", "NO", "true", "True", "null", "~", "10:00", "1e3", "0x1F", "0o17",
    "017", "1.5", ".inf", "-.inf", ".nan", "-5", "2012-02-24", "a#b", "a:b", "http://x", "EI&ISS PM 04",
    "members' briefing", "'quoted'", "'it''s'", '"10:00"', '"a #b"', "é ü", "\U0001f600 x", "x  ",
    "[a, b]", "{a: 1}", "{a: 1, for: x y}", "[]", "{}", "[1, 2.5, null]", "{t: true, n: ~}", "a\\b",
    "2012-02-30", "14.00", "1e400", "NULL", "Null", "{null: x}", "{true: 1}",
]
# ... and indicators, comments, escapes and duplicates (it gives these up).
_LEFT = [
    "2012-02-24 10:00:00", "a #b", "a: b", '"a\\"b"', '"a\\tb"', "[a,]", "{a: }",
    "{a: 1,}", "{a: x, a: y}", "[a, [b]]", "[-1]", "[a #b]", "&anchor x",
    "*alias", "!!str x", "|", ">", "- x", "-x", "?x", ":x", "%x", "@x", "`x", ",x", "x # c", "'a' b",
    '"a" b', "{a: 1} x", "[a, b],", "{a: b: c}", "", "[- a]", "{a: 1 ,b: 2}", "{ a: 1 }", "[ ]",
    "- - x", "-", "a\\", "x:", "{a: [b]}", "[a: b]", "{a}", "{a:1}", '"ab', "'ab",
]
_SCALARS = st.sampled_from(_READ * 4 + _LEFT)
_KEYS = st.sampled_from([*"abcdefghijklmnopqrstuvwxyz", "id", "for", "x-y", "_k", "title", "no"] * 8
                        + ["true", "null", "1", "a b", '"q"', "é", "a"])

_TREE = st.recursive(  # a mapping is a tuple of (key, value) pairs, so keys may repeat
    _SCALARS,
    lambda inner: st.lists(inner, min_size=1, max_size=3)
    | st.lists(st.tuples(_KEYS, inner), min_size=1, max_size=3).map(tuple),
    max_leaves=12,
)


def _yaml(tree: object, indent: int, draw: st.DrawFn) -> list[str]:
    """``tree`` written as block YAML lines at ``indent``, in styles drawn at random."""
    pad = " " * indent
    if isinstance(tree, str):
        return [pad + tree]
    step = draw(st.sampled_from([2, 4]))
    lines: list[str] = []
    if isinstance(tree, list):
        for item in tree:
            if isinstance(item, str):
                lines.append(f"{pad}- {item}")
                continue
            inner = _yaml(item, indent + step, draw)
            if draw(st.booleans()) and (isinstance(item, tuple) or draw(st.booleans())):  # on the dash's line
                lines.append(pad + "-" + " " * (step - 1) + inner[0].lstrip(" "))
                lines.extend(inner[1:])
            else:
                lines.append(pad + "-")
                lines.extend(inner)
        return lines
    assert isinstance(tree, tuple)
    for key, value in tree:
        if isinstance(value, str):
            lines.append(f"{pad}{key}: {value}")
        else:
            lines.append(f"{pad}{key}:")
            indentless = isinstance(value, list) and draw(st.booleans())
            lines.extend(_yaml(value, indent if indentless else indent + step, draw))
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(st.sampled_from(["", "   ", "# note", "  # n", "", "\t", "---", "..."])))
    return lines


@st.composite
def _front_matter(draw: st.DrawFn) -> str:
    tree = tuple(draw(st.lists(st.tuples(_KEYS, _TREE), min_size=1, max_size=4)))
    text = "\n".join(_yaml(tree, draw(st.sampled_from([0, 0, 1])), draw))
    if draw(st.integers(0, 9)) == 0:  # one character more, anywhere
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(list(" -:#\n\t'\"{}[],&*!|>x\u0085\u2028\ufeff"))) + text[at:]
    return text


def _typed(data: object) -> object:
    """Data with each value's type, so that text, null and containers differ."""
    if isinstance(data, dict):
        return {_typed(k): _typed(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_typed(v) for v in data]
    return (type(data).__name__, data)


@settings(max_examples=1000, deadline=None)
@given(_front_matter())
def test_plain_yaml_reads_as_libyaml_does(text: str) -> None:
    quick = yamlpos._Plain(text, 3).read()
    if quick is not None:
        data, positions, issues = yamlpos._load_nodes(text, 3)
        assert issues == []
        assert _typed(quick[0]) == _typed(data)
        assert quick[1] == positions.root


def _agrees(text: str) -> bool:
    """Whether the plain reader gives up on ``text`` or reads it exactly as libyaml does."""
    quick = yamlpos._Plain(text, 3).read()
    if quick is None:
        return False
    data, positions, issues = yamlpos._load_nodes(text, 3)
    assert issues == [] and _typed(quick[0]) == _typed(data) and quick[1] == positions.root, text
    return True


def test_plain_yaml_reads_every_scalar_in_every_place_as_libyaml_does() -> None:
    places = ["k: {}", "k:\n  - {}", "k:\n- {}", "k: [{}]", "k: {{a: {}}}", "k: [x, {}]",
              "k: {{a: x, b: {}}}", "k:\n  -\n    {}", "k:\n  - j: {}\n    l: m", "- {}"]
    read = [_agrees(place.format(scalar)) for scalar in _READ + _LEFT for place in places]
    assert 0.25 < sum(read) / len(read) < 0.75  # the subset is neither empty nor everything


def test_plain_yaml_reads_the_example_minutes() -> None:
    for path in EXAMPLES.rglob("*.md"):
        text = path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n")
        assert yamlpos._Plain(text, 2).read() is not None, path
