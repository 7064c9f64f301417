"""A corpus of broken and hostile inputs, built from a fresh assessment and the shipped checklist.

Each case says what it is made from, how, and what `validate` must answer;
`broken` cases cannot be loaded at all, so every other command refuses them
with exit 2. tests/test_hostile.py runs every command on every case.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

Make = Callable[[str], bytes]


class Case(NamedTuple):
    kind: str  # "assessment" | "checklist"
    make: Make  # from the fresh file's text to the case's bytes
    validate: int  # the exit code validate must give
    broken: bool  # cannot be loaded: every other command exits 2
    verify: int = 0  # for loadable assessments: what verify answers
    summary: int = 0  # for loadable assessments: what summary answers
    # the file passes the format's schema, only its cross-checks fail: fmt and diff,
    # which need no more than the schema, still work on it
    schema_ok: bool = False
    fmt: int | None = None  # what fmt --check answers, where it differs from the rule
    commented: bool = False  # holds comments: fmt and every write refuse to drop them


def text(fn: Callable[[str], str]) -> Make:
    return lambda t: fn(t).encode("utf-8")


def sub(old: str, new: str, count: int = 1) -> Make:
    def make(t: str) -> bytes:
        assert old in t, old
        return t.replace(old, new, count).encode("utf-8")

    return make


def regex(pattern: str, new: str) -> Make:
    def make(t: str) -> bytes:
        changed, n = re.subn(pattern, new, t, count=1)
        assert n == 1, pattern
        return changed.encode("utf-8")

    return make


def evidence(path: str) -> Make:
    """An evidence entry on item punitive-damages with the given stored path."""
    entry = (
        "\n[[items.punitive-damages.evidence]]\n"
        f"path = {path}\n"
        f'sha256 = "{"a" * 64}"\nsize = 3\nadded = 2026-01-01 08:00:00+08:00\nby = "外来者"\n'
    )
    return sub(
        '[items.punitive-damages]\nstatus = "todo"\n',
        '[items.punitive-damages]\nstatus = "todo"\n' + entry,
    )


ESCAPES = "\\u001b]52;c;ZXZpbA==\\u0007\\u001b[2J\\r::stop-commands::tok\\n::error::forged"
NESTED = "x = " + "[" * 5000 + "]" * 5000 + "\n"
NESTED_TABLES = "y = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n"
HUGE_COMMENTS = ("# " + "填" * 100 + "\n") * 170_000  # about 50 MB
HTML = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
HTML_IN_TOML = HTML.replace('"', '\\"')

ASSESSMENT_CASES: dict[str, Case] = {
    # syntax
    "unclosed-array": Case("assessment", lambda t: (t + "\nbroken = [1, 2\n").encode(), 2, True),
    "duplicate-key": Case(
        "assessment", sub("period = 2025\n", "period = 2025\nperiod = 2026\n"), 2, True
    ),
    "bad-escape": Case("assessment", lambda t: (t + 'bad = "\\q"\n').encode(), 2, True),
    "missing-value": Case("assessment", lambda t: (t + "novalue =\n").encode(), 2, True),
    "unterminated-multiline": Case(
        "assessment", lambda t: (t + 'm = """never ends\n').encode(), 2, True
    ),
    "duplicate-table": Case(
        "assessment",
        lambda t: (t + '\n[items.punitive-damages]\nstatus = "done"\n').encode(),
        2,
        True,
    ),
    "binary-garbage": Case("assessment", lambda t: bytes(range(256)) * 40, 2, True),
    "empty-file": Case("assessment", lambda t: b"", 2, True),
    "whitespace-only": Case("assessment", lambda t: b" \n\t\n  \n", 2, True),
    "deeply-nested-arrays": Case("assessment", lambda t: (t + NESTED).encode(), 2, True),
    "deeply-nested-tables": Case("assessment", lambda t: (t + NESTED_TABLES).encode(), 2, True),
    # encodings
    "gbk": Case("assessment", lambda t: t.encode("gb18030"), 2, True),
    "utf-16-le-bom": Case("assessment", lambda t: t.encode("utf-16"), 2, True),
    "utf-16-be": Case("assessment", lambda t: b"\xfe\xff" + t.encode("utf-16-be"), 2, True),
    "latin-1-garbage": Case(
        "assessment", lambda t: t.replace("叶县", "Ye\xe9").encode("latin-1", "replace"), 2, True
    ),
    "nul-byte": Case("assessment", lambda t: t.encode() + b"\x00\n", 2, True),
    "utf-8-bom": Case("assessment", lambda t: b"\xef\xbb\xbf" + t.encode(), 0, False),
    "crlf": Case("assessment", lambda t: t.replace("\n", "\r\n").encode(), 0, False),
    "bom-and-crlf": Case(
        "assessment", lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode(), 0, False
    ),
    # size
    "fifty-megabytes-of-comments": Case(
        "assessment", lambda t: (t + HUGE_COMMENTS).encode(), 0, False, fmt=2, commented=True
    ),
    "enormous-note": Case(
        "assessment",
        sub('status = "todo"\n', 'status = "todo"\nnote = "' + "长" * 1_000_000 + '"\n'),
        1,
        True,
    ),
    "enormous-key": Case("assessment", lambda t: (t + "k" * 200_000 + " = 1\n").encode(), 1, True),
    # types, keys, versions
    "period-as-string": Case("assessment", sub("period = 2025", 'period = "2025"'), 1, True),
    "period-out-of-range": Case("assessment", sub("period = 2025", "period = 1900"), 1, True),
    "status-as-number": Case("assessment", sub('status = "todo"', "status = 1"), 1, True),
    "items-as-array": Case(
        "assessment",
        regex(r"\[items\.punitive-damages\]\nstatus = \"todo\"\n", '[[items]]\nid = "x"\n'),
        1,
        True,
    ),
    "unknown-top-level-key": Case(
        "assessment", sub("period = 2025\n", "period = 2025\nsecret = 1\n"), 1, True
    ),
    "unknown-item-key": Case(
        "assessment", sub('status = "todo"\n', 'status = "todo"\npriority = "high"\n'), 1, True
    ),
    "unknown-schema-version": Case(
        "assessment", sub("schema_version = 1", "schema_version = 2"), 1, True
    ),
    "missing-schema-version": Case("assessment", sub("schema_version = 1\n", ""), 1, True),
    "not-an-assessment": Case("assessment", sub('kind = "assessment"', 'kind = "report"'), 1, True),
    "no-kind": Case("assessment", sub('kind = "assessment"\n', ""), 1, True),
    "only-a-comment": Case("assessment", lambda t: b"# nothing here\n", 1, True),
    "unknown-status-word": Case(
        "assessment", sub('status = "todo"', 'status = "finished"'), 1, True
    ),
    "cyrillic-in-status": Case("assessment", sub('status = "todo"', 'status = "dоne"'), 1, True),
    "bad-sha256": Case(
        "assessment",
        text(
            lambda t: (
                t
                + '\n[[items.budget.evidence]]\npath = "a"\nsha256 = "xyz"\nsize = 1\nadded = 2026-01-01 08:00:00+08:00\nby = "x"\n'
            )
        ),
        1,
        True,
    ),
    "unknown-history-action": Case(
        "assessment", sub('action = "created"', 'action = "deleted"'), 1, True
    ),
    "bad-digest": Case(
        "assessment", regex(r'digest = "sha256:[0-9a-f]{64}"', 'digest = "md5:abc"'), 1, True
    ),
    # look-alike Unicode
    "full-width-digits-in-bare-key": Case(
        "assessment", sub("[items.punitive-damages]", "[items.punitive-damages１]"), 2, True
    ),
    "full-width-digits-in-item-id": Case(
        "assessment", sub("[items.punitive-damages]", '[items."punitive-damages１"]'), 1, True
    ),
    "zero-width-space-in-item-id": Case(
        "assessment", sub("[items.punitive-damages]", '[items."punitive\u200b-damages"]'), 1, True
    ),
    "full-width-version": Case(
        "assessment", sub('version = "1.0.0"', 'version = "１.0.0"'), 1, True
    ),
    "look-alike-unit-name": Case(
        "assessment", text(lambda t: t), 0, False
    ),  # placeholder replaced below
    # cross-checks against the checklist (the file loads)
    "unknown-item": Case(
        "assessment", lambda t: (t + '\n[items.no-such-item]\nstatus = "done"\n').encode(), 1, False
    ),
    "na-without-reason": Case(
        "assessment",
        sub('[items.punitive-damages]\nstatus = "todo"', '[items.punitive-damages]\nstatus = "na"'),
        1,
        False,
    ),
    "digest-mismatch": Case(
        "assessment",
        regex(r'digest = "sha256:[0-9a-f]{64}"', 'digest = "sha256:' + "0" * 64 + '"'),
        1,
        False,
    ),
    "unknown-checklist-version": Case(
        "assessment",
        sub('version = "1.0.0"', 'version = "7.7.7"'),
        1,
        True,
        summary=2,
        schema_ok=True,
    ),
    "unknown-checklist-id": Case(
        "assessment",
        sub('id = "pingdingshan-2021-22"', 'id = "nowhere-2030"'),
        1,
        True,
        summary=2,
        schema_ok=True,
    ),
    "unit-without-unit-id": Case(
        "assessment", sub('kind = "county"', 'kind = "unit"'), 1, True, summary=2, schema_ok=True
    ),
    "unknown-unit": Case(
        "assessment",
        sub('kind = "county"', 'kind = "unit"\nunit = "secret-police"'),
        1,
        True,
        summary=2,
        schema_ok=True,
    ),
    # paths
    "evidence-path-traversal": Case(
        "assessment", evidence('"../../../etc/passwd"'), 1, False, verify=1
    ),
    "evidence-absolute-path": Case("assessment", evidence('"/etc/passwd"'), 1, False, verify=1),
    "evidence-windows-path": Case(
        "assessment", evidence('"C:\\\\Windows\\\\win.ini"'), 1, False, verify=1
    ),
    "evidence-unc-path": Case(
        "assessment", evidence('"\\\\\\\\server\\\\share\\\\x.pdf"'), 1, False, verify=1
    ),
    "evidence-nul-in-path": Case("assessment", evidence('"a\\u0000b.pdf"'), 1, False, verify=1),
    "evidence-dir-traversal": Case(
        "assessment",
        regex(r'evidence_dir = "[^"]*"', 'evidence_dir = "../../.."'),
        1,
        False,
        verify=1,
    ),
    "evidence-into-symlink-loop": Case(
        "assessment", evidence('"叶县-2025-佐证材料/loop/loop/loop/x.pdf"'), 1, False, verify=1
    ),
    "evidence-javascript-url": Case(
        "assessment", evidence('"javascript:alert(1)"'), 1, False, verify=1
    ),
    # injection into what reports show
    "html-in-note": Case(
        "assessment",
        sub('status = "todo"\n', f"status = \"in_progress\"\nnote = '{HTML}'\n"),
        1,  # a state no history line accounts for
        False,
    ),
    "markdown-in-note": Case(
        "assessment",
        sub(
            'status = "todo"\n',
            'status = "in_progress"\nnote = "| x | y |\\n---\\n# 标题 [点我](javascript:alert(1)) ![](http://evil/x.png)"\n',
        ),
        1,  # a state no history line accounts for
        False,
    ),
    # a county's name not on the roster: summary leaves it out, named (exit 2: none left)
    "html-in-assessee-name": Case(
        "assessment", sub('name = "叶县"', f"name = '叶县{HTML}'"), 1, False, summary=2
    ),
    # received files and outputs (issue: close the holes found trying to break ipcheck)
    "five-thousand-digit-integer": Case(
        "assessment", sub("period = 2025", "period = " + "9" * 5000), 2, True
    ),
    "escape-sequences-in-note": Case(
        "assessment",
        sub('status = "todo"\n', f'status = "in_progress"\nnote = "{ESCAPES}"\n'),
        1,  # a state no history line accounts for
        False,
    ),
    "escape-sequences-in-assessee-name": Case(
        "assessment", sub('name = "叶县"', f'name = "叶县{ESCAPES}"'), 1, False, summary=2
    ),
    "escape-sequences-and-markup-in-the-countys-words": Case(
        "assessment",
        lambda t: (
            t + f'\n[narrative]\nsituation = "{ESCAPES}{HTML_IN_TOML}"\n'
            f'"practices/严保护" = "段一\\n::error::forged\\n{HTML_IN_TOML}"\n'
        ).encode(),
        1,  # texts no history line accounts for
        False,
    ),
    "workflow-command-in-unknown-key": Case(
        "assessment", sub("period = 2025\n", f'period = 2025\n"x{ESCAPES}" = 1\n'), 1, True
    ),
    "evidence-bidi-name": Case(
        "assessment", evidence('"叶县-2025-佐证材料/a\\u202etxt.exe"'), 1, False, verify=1
    ),
    "evidence-tab-name": Case(
        "assessment", evidence('"叶县-2025-佐证材料/a\\tb.pdf"'), 1, False, verify=1
    ),
    "evidence-marked-outside": Case(
        "assessment",
        evidence('"../../../etc/passwd"\noutside = true'),
        1,  # a state no history line accounts for
        False,
        verify=1,
    ),
    "formula-in-assessee-name": Case(
        "assessment",
        sub('name = "叶县"', 'name = \'=HYPERLINK("http://evil/","x")\''),
        1,
        False,
        summary=2,
    ),
    "html-in-history-author": Case(
        "assessment", regex(r'by = "[^"]*"', f"by = '{HTML}'"), 0, False
    ),
}


def _look_alike(t: str) -> bytes:
    """A unit assessment of a body of every county, whose name uses （） where the registry
    has 〔〕: an error (each county answers for its own bodies), left out of summary."""
    t = t.replace(
        'kind = "county"\nname = "叶县"',
        'kind = "unit"\nname = "各县（市、区）政府（管委会）"\nunit = "county-government"',
    )
    return t.encode()


ASSESSMENT_CASES["look-alike-unit-name"] = Case("assessment", _look_alike, 1, False, summary=2)

CHECKLIST_CASES: dict[str, Case] = {
    "cl-duplicate-unit-id": Case(
        "checklist",
        sub('id = "procuratorate"', 'id = "intermediate-court"'),
        1,
        True,
        schema_ok=True,
    ),
    "cl-unregistered-unit": Case(
        "checklist",
        sub('lead = ["intermediate-court"]', 'lead = ["provincial-court"]'),
        1,
        True,
        schema_ok=True,
    ),
    "cl-points-not-100": Case(
        "checklist", sub("points = 1\n", "points = 5\n"), 1, True, schema_ok=True
    ),
    "cl-bad-semver": Case("checklist", sub('version = "9.9.9"', 'version = "9.9"'), 1, True),
    "cl-full-width-version": Case(
        "checklist", sub('version = "9.9.9"', 'version = "９.9.9"'), 1, True
    ),
    "cl-look-alike-unit-names": Case(
        "checklist",
        sub('name = "市检察院"', 'name = "各县（市、区）党（工）委"'),
        1,
        True,
        schema_ok=True,
    ),
    "cl-unknown-key": Case(
        "checklist", sub("target_year = 2025", "target_year = 2025\nowner = 1"), 1, True
    ),
    "cl-unknown-schema-version": Case(
        "checklist", sub("schema_version = 1", "schema_version = 99"), 1, True
    ),
    "cl-gbk": Case("checklist", lambda t: t.encode("gb18030"), 2, True),
    "cl-deeply-nested": Case("checklist", lambda t: (t + NESTED).encode(), 2, True),
    "cl-generic-evidence": Case(
        "checklist", sub('"惩罚性赔偿典型裁判文书"', '"相关材料"'), 1, True, schema_ok=True
    ),
    "cl-five-thousand-digit-integer": Case(
        "checklist", sub("county_total = 100", "county_total = " + "1" * 5000), 2, True
    ),
    "cl-markdown-in-theme": Case(
        "checklist",
        sub('theme = "严保护"', "theme = '[点我](javascript:alert(1)) <b>x</b>'"),
        0,
        False,
    ),
    "cl-escape-sequences-in-title": Case(
        "checklist",
        sub('title = "平顶山市强化知识产权保护工作自评清单"', f'title = "清单{ESCAPES}"'),
        0,
        False,
    ),
    "cl-html-in-title": Case(
        "checklist",
        sub('title = "平顶山市强化知识产权保护工作自评清单"', f"title = '{HTML}'"),
        0,
        False,
    ),
}

CASES = {**ASSESSMENT_CASES, **CHECKLIST_CASES}
