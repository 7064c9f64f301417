"""Outputs about files: `verify` (evidence on disk) and `validate` (checks of files)."""

from __future__ import annotations

from ipcheck.model.views import View


class Finding(View, frozen=True, kw_only=True):
    item: str
    path: str
    detail: str


class SealView(View, frozen=True, kw_only=True):
    file: str
    holds: bool
    signer: str  # the key's name and fingerprint
    trusted: bool | None  # null: no key was given to check it against
    problems: list[str]


class Verification(View, frozen=True, kw_only=True):
    file: str
    checked: int  # item–file links
    ok: int
    files: int = 0  # distinct evidence files
    missing: list[Finding]
    modified: list[Finding]
    outside: list[Finding]
    unreferenced: list[str]
    clean: bool
    seal: SealView | None = None  # null: not sealed


class Verifications(View, frozen=True, kw_only=True):
    """`verify PATH... --format json`: every assessment found."""

    files: list[Verification]
    clean: bool  # every file's evidence intact and every seal holding


class ProblemView(View, frozen=True, kw_only=True):
    severity: str
    key: str
    message: str
    line: int | None


class FileResult(View, frozen=True, kw_only=True):
    path: str
    kind: str | None
    ok: bool
    problems: list[ProblemView]


class ValidateSummary(View, frozen=True, kw_only=True):
    files: int
    files_with_errors: int
    errors: int
    warnings: int
    skipped: int
    strict: bool


class Validation(View, frozen=True, kw_only=True):
    """The whole of `validate --format json` (streamed, in this order)."""

    files: list[FileResult]
    summary: ValidateSummary
