"""The fast parser gives the reference parser's results, or the reference parser decides."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
import tomli
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcheck.errors import InputError
from ipcheck.store.toml import loads_toml

# Found by a differential run of rtoml and tomli over toml-test and 30,000 mutated documents:
# rtoml accepts these (tomli rejects them) or reads them otherwise; ipcheck must not.
DIFFERENT = [
    "t = {a\n=1}",
    "a = {b.c =\r\n1}",
    "t = {a # c\n= 1}",
    "t = {a = # c\n1}",
    "t = [{a\n=1}]",
    "\ufeffa = 1",
    'a = """x\r\ny"""',
    "a = '''x\r\ny'''",
    'a = """\r\nx\r\ny\r\n"""',
    "a = 1e309",
    "a = 99999999999999999999999",
]


def _reads_as_the_reference(text: str) -> None:
    """ipcheck reads the text as tomli does, or refuses it where tomli does."""
    try:
        expected = tomli.loads(text)
    except tomli.TOMLDecodeError:
        with pytest.raises(InputError):
            loads_toml(text, "x.toml")
        return
    assert loads_toml(text, "x.toml") == expected


@pytest.mark.parametrize("text", DIFFERENT)
def test_where_the_parsers_differ_the_reference_decides(text: str) -> None:
    _reads_as_the_reference(text)


# What TOML 1.1 added (toml-lang/toml, 1.1.0): rtoml 0.14 reads all of it, tomli from 2.4.
TOML_1_1 = [
    "t = {\n  a = 1,\n  b = 2\n}\n",
    "t = { a = 1, }\n",
    "t = { a = 1, b = 2, }\n",
    'a = "\\e[31m"\n',
    'a = "\\x41"\n',
    "a = 07:32\n",
    "a = 1979-05-27T07:32\n",
    "a = 1979-05-27T07:32Z\n",
    "a = 1979-05-27 07:32+08:00\n",
    "[t]\nb = [{ x = 1, }]\n",
]


@pytest.mark.parametrize("text", TOML_1_1)
def test_toml_1_1_is_refused_whichever_parsers_are_installed(text: str) -> None:
    """ipcheck reads TOML 1.0, as Python's tomllib does on 3.11-3.13: what TOML 1.1 added is
    refused, so that every tool an office uses reads every file ipcheck accepts."""
    import tomllib

    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads(text)  # the standard library of 3.11-3.13 refuses it too
    with pytest.raises(InputError, match="not valid TOML"):
        loads_toml(text, "x.toml")


@pytest.mark.parametrize(
    "text",
    [
        'note = "会议 09:30 召开，\\\\ex 不是转义"\n',
        "at = 2026-01-01T08:00:00+08:00\n",
        "at = 2026-01-01T08:00:00-05:00\n",
        "t = 07:32:00\n",
        "a = 'C:\\x\\e'\n",
    ],
)
def test_what_looks_like_toml_1_1_but_is_1_0_reads_as_the_reference_reads_it(text: str) -> None:
    import tomllib

    assert loads_toml(text, "x.toml") == tomllib.loads(text)


keys = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=8)
scalars = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=8))])),
    st.times(),
)
documents = st.recursive(
    st.dictionaries(keys, scalars, min_size=1, max_size=5),
    lambda inner: st.dictionaries(keys, st.one_of(inner, st.lists(inner, max_size=3)), max_size=4),
    max_leaves=20,
).filter(bool)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(documents, st.booleans(), st.booleans())
def test_any_document_reads_as_the_reference_reads_it(
    data: dict[str, object], multiline: bool, crlf: bool
) -> None:
    text = tomli_w.dumps(data, multiline_strings=multiline)
    if crlf:
        text = text.replace("\n", "\r\n")
    assert loads_toml(text, "x.toml") == tomli.loads(text)


# Inline tables as ipcheck writes them (figures), and as people break them: a newline or a
# comment inside the braces (which rtoml takes and tomli refuses), braces inside strings.
_VALUES = st.sampled_from(['"培训人次"', '"86"', '"}"', '"{x}"', '"#"', "1", "true", '"a\\"b"'])
_BREAKS = st.sampled_from(["", "", "", "\n", " # c\n"])


@st.composite
def _tables(draw: st.DrawFn, n: int) -> str:
    pairs = draw(st.lists(_VALUES, min_size=1, max_size=3))
    body = ""
    for k, value in enumerate(pairs):
        gap = draw(_BREAKS)
        body += ("," if k else "") + f" k{k}{gap} = {value}"
    line = "{" + body + " }"
    if draw(st.booleans()):
        return f"t{n} = {line}"
    return f"a{n} = [\n  {line},\n  {line}\n]"


@st.composite
def _documents_with_tables(draw: st.DrawFn) -> str:
    parts = [draw(_tables(n)) for n in range(draw(st.integers(1, 4)))]
    if draw(st.booleans()):
        parts.append('note = """\n{ x = 1 }\n"""')
    return "\n".join(parts) + "\n"


@settings(max_examples=400)
@given(_documents_with_tables())
def test_inline_tables_read_as_the_reference_reads_them(text: str) -> None:
    """rtoml takes text whose braces are all whole one-line plain tables; whatever it
    takes, or refuses, reads as tomli reads it."""
    _reads_as_the_reference(text)


DEEP = """
from ipcheck.errors import InputError
from ipcheck.store.toml import loads_toml
for text in ("x = " + "[" * 200_000 + "]" * 200_000, "y = " + "{a = " * 200_000 + "1" + "}" * 200_000):
    try:
        loads_toml(text, "x.toml")
    except InputError as exc:
        print(exc)
"""


def test_nesting_deeper_than_any_stack_is_refused_not_crashed() -> None:
    """A parser that recurses without a bound overflows its stack (a crash, not an error)
    long before 200,000 levels: a parser swapped in must refuse them as these do."""
    done = subprocess.run(
        [sys.executable, "-c", DEEP],
        capture_output=True,
        text=True,
        env={**os.environ, "IPCHECK_LANG": "en"},
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.splitlines() == ["x.toml: not valid TOML: nested too deeply"] * 2


@st.composite
def _times(draw: st.DrawFn) -> str:
    """A time or date-time as TOML 1.0 or 1.1 may write it, in a value's place."""
    hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    text = f"{hour:02d}:{minute:02d}"
    if draw(st.booleans()):
        text += f":{draw(st.integers(0, 59)):02d}"
    if draw(st.booleans()):
        text = f"2026-01-0{draw(st.integers(1, 9))}{draw(st.sampled_from('Tt '))}{text}"
        text += draw(st.sampled_from(["", "Z", "z", "+08:00", "-05:30"]))
    place = draw(
        st.sampled_from(["a = {}", "a = [{}]", "a = [1979-05-27, {}]", "a = {{ b = {} }}"])
    )
    note = draw(st.sampled_from(["", 'n = "会议 09:30"\n', 'd = "sha256:44fd"\n', "# 07:32\n"]))
    return note + place.format(text) + "\n"


@settings(max_examples=400)
@given(_times())
def test_times_read_as_the_reference_reads_them(text: str) -> None:
    """A time without seconds (TOML 1.1) is refused wherever it stands; one with them, and
    text that only looks like a time, reads as tomli reads it."""
    _reads_as_the_reference(text)
