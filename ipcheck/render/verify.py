"""`verify` for people (a line per finding) and machines (a view)."""

from __future__ import annotations

from collections.abc import Sequence

from ipcheck.model.loaded import LoadedAssessment
from ipcheck.model.views.files import Finding, Verification
from ipcheck.store.evidence import VerifyResult
from ipcheck.text.safety import printable


def verify_lines(result: VerifyResult) -> list[str]:
    lines = [f"missing     {f.path}  (item {f.item}: {f.detail})" for f in result.missing]
    lines += [f"modified    {f.path}  (item {f.item}: {f.detail})" for f in result.modified]
    lines += [f"outside     {f.path}  (item {f.item}: {f.detail})" for f in result.refused]
    lines += [f"unreferenced {p}" for p in result.unreferenced]
    return [printable(line) for line in lines]


def verify_summary(loaded: LoadedAssessment, result: VerifyResult) -> str:
    return (
        f"{loaded.path}: {result.checked} evidence file(s) checked, {result.ok} intact, "
        f"{len(result.missing)} missing, {len(result.modified)} modified, "
        f"{len(result.unreferenced)} unreferenced, {len(result.refused)} not verifiable here"
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
