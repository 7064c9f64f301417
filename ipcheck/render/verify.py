"""`verify` for people (a line per finding) and machines (a view)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from ipcheck.model.loaded import LoadedAssessment
from ipcheck.model.views.files import Finding, SealView, Verification
from ipcheck.render.plain import pad
from ipcheck.store.evidence import Finding as Found
from ipcheck.store.evidence import VerifyResult
from ipcheck.store.seal_file import SealCheck
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


def seal_lines(check: SealCheck | None, seal: Path) -> list[str]:
    """The seal: whether it holds, who signed, and each thing that does not hold."""
    if check is None:
        return []
    if check.lifted:
        return [
            printable(
                _(
                    "seal lifted: {seal} records an earlier submission; seal the file again "
                    "(ipcheck seal) before submitting it again"
                ).format(seal=seal.name)
            )
        ]
    if not check.problems:
        if check.trusted:
            # the office's check: what was sent is what it has (已收到)
            head = _("seal holds: {seal}, signed by {signer}, a key you trust: received (已收到)")
        else:
            head = _(
                "seal intact: {seal}, signed by {signer}; not checked against a key you "
                "trust (pass --key with the county's public key)"
            )
        return [printable(head.format(seal=seal.name, signer=check.signer))]
    lines = [printable(_("seal broken: {seal}").format(seal=seal.name))]
    lines += [printable(f"  {problem}") for problem in check.problems]
    return lines


def verify_hints(result: VerifyResult) -> list[str]:
    """How to put right what verify found, one line per kind of finding."""
    hints = []
    if result.missing:
        hints.append(
            _(
                "missing: put the file back where it was recorded, or remove its entry "
                "(ipcheck detach ITEM PATH)"
            )
        )
    if result.modified:
        hints.append(
            _(
                "modified: if the new content is meant, record it on every item that holds "
                "it (ipcheck attach --again PATH: the history keeps the old and the new "
                "SHA-256); otherwise restore the file"
            )
        )
    if result.unreferenced:
        hints.append(
            _(
                "unreferenced: attach each file to the item it proves (ipcheck attach ITEM "
                "PATH), or move it out of the evidence folder"
            )
        )
    if result.refused:
        hints.append(
            _("outside: check it with --allow-outside, or attach a copy inside the folder")
        )
    twins = _unicode_twins(result)
    if twins:
        hints.append(
            _(
                "{path}: missing, and there under the same name in another Unicode form "
                "(a zip made on a Mac writes names so): unpack it with a tool that keeps "
                "the names, or rename the file to the name recorded"
            ).format(path=twins[0])
        )
    return hints


def _unicode_twins(result: VerifyResult) -> list[str]:
    """Recorded paths that are missing while an unreferenced file has the same name in
    another normal form (NFD, as macOS writes names, against the NFC ipcheck records)."""
    import unicodedata

    around = {unicodedata.normalize("NFC", path) for path in result.unreferenced}
    return [
        finding.path
        for finding in result.missing
        if unicodedata.normalize("NFC", finding.path) in around
    ]


def verify_summary(loaded: LoadedAssessment, result: VerifyResult) -> str:
    def files(found: Sequence[Found]) -> int:
        # evidence files: the evidence folder's own finding (item "-") is no file of them
        return len({f.path for f in found if f.item != "-"})

    wrong = files([*result.missing, *result.modified, *result.refused])
    return _(
        "{path}: {files} evidence file(s) checked ({checked} item–file links), {ok} intact, "
        "{missing} missing, {modified} modified, {unreferenced} unreferenced, {refused} not "
        "verifiable here"
    ).format(
        path=loaded.path,
        files=result.files,
        checked=result.checked,
        ok=result.files - wrong,
        missing=files(result.missing),
        modified=files(result.modified),
        unreferenced=len(result.unreferenced),
        refused=files(result.refused),
    )


def verify_view(
    loaded: LoadedAssessment, result: VerifyResult, sealed: SealCheck | None, seal: Path
) -> Verification:
    def findings(found: Sequence[tuple[str, str, str]]) -> list[Finding]:
        return [Finding(item=item, path=path, detail=detail) for item, path, detail in found]

    return Verification(
        file=loaded.path.as_posix(),
        checked=result.checked,
        ok=result.ok,
        files=result.files,
        missing=findings(result.missing),
        modified=findings(result.modified),
        outside=findings(result.refused),
        unreferenced=result.unreferenced,
        clean=result.clean and (sealed is None or not sealed.problems),
        seal=None
        if sealed is None
        else SealView(
            file=seal.as_posix(),
            holds=not sealed.problems,
            signer=sealed.signer,
            trusted=sealed.trusted,
            problems=sealed.problems,
        ),
    )
