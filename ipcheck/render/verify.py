"""`verify` for people (a line per finding) and machines (a view)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ipcheck.model.loaded import LoadedAssessment
from ipcheck.model.views.files import Finding, Verification
from ipcheck.render.plain import pad
from ipcheck.store.evidence import VerifyResult
from ipcheck.text.i18n import N_, _
from ipcheck.text.safety import printable

# What is wrong with an evidence file: the first column of a line.
MISSING = N_("missing")
MODIFIED = N_("modified")
OUTSIDE = N_("outside")
UNREFERENCED = N_("unreferenced")


def verify_lines(result: VerifyResult, names: Mapping[str, str] | None = None) -> list[str]:
    """A line per finding; `names` says how an item is named (13.4 海外维权援助服务)."""

    def row(what: str, text: str) -> str:
        return f"{pad(_(what), 11)} {text}"

    def finding(path: str, item: str, detail: str) -> str:
        item = (names or {}).get(item, item)
        return _("{path}  (item {item}: {detail})").format(path=path, item=item, detail=detail)

    lines = [row(MISSING, finding(f.path, f.item, f.detail)) for f in result.missing]
    lines += [row(MODIFIED, finding(f.path, f.item, f.detail)) for f in result.modified]
    lines += [row(OUTSIDE, finding(f.path, f.item, f.detail)) for f in result.refused]
    lines += [row(UNREFERENCED, p) for p in result.unreferenced]
    return [printable(line) for line in lines]


def verify_summary(loaded: LoadedAssessment, result: VerifyResult) -> str:
    return _(
        "{path}: {checked} evidence file(s) checked, {ok} intact, {missing} missing, "
        "{modified} modified, {unreferenced} unreferenced, {refused} not verifiable here"
    ).format(
        path=loaded.path,
        checked=result.checked,
        ok=result.ok,
        missing=len(result.missing),
        modified=len(result.modified),
        unreferenced=len(result.unreferenced),
        refused=len(result.refused),
    )


def verify_view(loaded: LoadedAssessment, result: VerifyResult) -> Verification:
    def findings(found: Sequence[tuple[str, str, str]]) -> list[Finding]:
        return [Finding(item=item, path=path, detail=detail) for item, path, detail in found]

    return Verification(
        file=loaded.path.as_posix(),
        checked=result.checked,
        ok=result.ok,
        missing=findings(result.missing),
        modified=findings(result.modified),
        outside=findings(result.refused),
        unreferenced=result.unreferenced,
        clean=result.clean,
    )
