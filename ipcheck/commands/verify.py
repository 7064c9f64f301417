"""`verify`: every evidence file present with its recorded SHA-256; nothing unreferenced;
and where the assessment is sealed, the seal (store/seal_file.py). One assessment (-f, or
the one in this folder), or every assessment below the paths given (CI, pre-commit)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ipcheck.api import checks as api
from ipcheck.errors import ExitCode, InputError, IpcheckError
from ipcheck.model.events import Events, Out, Say
from ipcheck.model.views.files import Verification, Verifications
from ipcheck.render.verify import (
    seal_lines,
    verify_hints,
    verify_lines,
    verify_summary,
    verify_view,
)
from ipcheck.store.assessment_file import open_assessment
from ipcheck.store.discover import collect, looks_like_assessment, says_nothing
from ipcheck.store.seal_file import seal_path
from ipcheck.text.i18n import _, ngettext
from ipcheck.text.safety import printable

Dirs = Sequence[tuple[Path, bool]]


def verify(
    file: Path | None,
    dirs: Dirs,
    *,
    as_json: bool,
    allow_outside: bool,
    key: str | None = None,
    paths: Sequence[Path] = (),
    report: Path | None = None,
) -> Events:
    """Every evidence file present with its recorded SHA-256; nothing unreferenced; the
    seal, where there is one (or a key to check it with); with `report`, the figures a
    received report states against the file."""
    if report is not None:
        # the one assessment the report comes from: -f FILE, or that file given alone
        if len(paths) == 1 and file is None and not paths[0].is_dir():
            file, paths = paths[0], ()
        if paths:
            raise InputError(
                _("give --report with one assessment file (-f FILE), not a folder or several")
            )
        return (yield from _report(file, dirs, report, key))
    if not paths:
        return (yield from _one(file, dirs, as_json, allow_outside, key))
    if file is not None:
        raise InputError(_("give either -f FILE or paths, not both"))
    worst = ExitCode.OK
    views: list[Verification] = []
    found_any = False
    for found in collect(paths):
        if found.problem is not None:
            # a link out, a folder that cannot be listed: what it holds is not verified here
            yield Say(
                _("{path}: {problem}").format(path=found.path, problem=found.problem), "warning"
            )
            worst = max(worst, ExitCode.PROBLEMS)
            continue
        unsure = False
        if not looks_like_assessment(found.path):
            unsure = says_nothing(found.path)  # empty, not text: a submission cut short?
            if not unsure:
                if found.explicit:
                    raise InputError(_("{path}: not an assessment").format(path=found.path))
                continue
        found_any = True
        events = _one(found.path, dirs, as_json, allow_outside, key, named=found.path)
        try:
            while True:
                event = next(events)
                if as_json and isinstance(event, Out):
                    assert isinstance(event.payload, Verification)
                    views.append(event.payload)
                else:
                    yield event
        except StopIteration as stop:
            worst = max(worst, stop.value)
        except IpcheckError as exc:
            # one submission that cannot be read stops none of the others
            message = str(exc)
            if not message.startswith(str(found.path)):
                message = _("{path}: {problem}").format(path=found.path, problem=message)
            if unsure and not found.explicit:  # found in a folder, perhaps no submission
                # at all: named for the office to look at (a file named is an error)
                yield Say(message, "warning")
                worst = max(worst, ExitCode.PROBLEMS)
            else:
                yield Say(message, "error")
                worst = max(worst, exc.exit_code)
    if not found_any:
        raise InputError(
            _("no assessment file in {paths}").format(paths=", ".join(map(str, paths)))
        )
    if as_json:
        yield Out(Verifications(files=views, clean=worst is ExitCode.OK))
    return worst


def _line(named: Path | None, line: str) -> str:
    """A line of a file's verification; in a folder's, after the file's name."""
    if named is None:
        return line
    return _("{path}: {problem}").format(path=printable(str(named)), problem=line)


def _one(
    file: Path | None,
    dirs: Dirs,
    as_json: bool,
    allow_outside: bool,
    key: str | None,
    named: Path | None = None,
) -> Events:
    opened = open_assessment(file, dirs)
    verified = api.verify(opened, key=key, allow_outside=allow_outside, dirs=dirs)
    result, sealed = verified
    seal_file = seal_path(opened.loaded.path)
    if as_json:
        yield Out(verify_view(opened.loaded, result, sealed, seal_file))
    else:
        names = {s.item.id: s.name for s in opened.scope}
        lines = verify_lines(result, names) + seal_lines(sealed, seal_file)
        if lines:
            # a received file's name is shown, never obeyed
            yield Out("".join(_line(named, line) + "\n" for line in lines))
        for hint in verify_hints(result):
            yield Say(hint)
        yield Say(verify_summary(opened.loaded, result))
    return ExitCode.OK if verified.clean else ExitCode.PROBLEMS


def _report(file: Path | None, dirs: Dirs, report: Path, key: str | None) -> Events:
    """A received report's figures against the sealed file they must come from, and that
    file as verify checks it (its seal; with `key`, who signed it)."""
    opened = open_assessment(file, dirs)
    checked = api.verify_report(opened, report, key=key, dirs=dirs)
    lines = [
        _("{what}: the report says {stated}, the file gives {given}").format(
            what=d.what, stated=d.stated, given=d.given
        )
        for d in checked.differences
    ] + [
        _("{path}: {problem}").format(path=opened.loaded.path, problem=problem)
        for problem in checked.problems
    ]
    if lines:
        yield Out("".join(line + "\n" for line in lines))
    if checked.kind == "pdf":
        yield Say(
            _(
                "{report}: a PDF keeps no table: its score and the SHA-256 of its file were "
                "compared; ask for the Word file to compare every row"
            ).format(report=report),
            "warning",
        )
    if not checked.sealed:
        yield Say(
            _("{path} is not sealed: a report is checked against the file as it was sent").format(
                path=opened.loaded.path
            ),
            "warning",
        )
    if checked.problems:
        yield Say(
            _(
                "{path} is not the file as it was sealed: a report agreeing with it proves "
                "nothing (ipcheck verify says what is wrong)"
            ).format(path=opened.loaded.path)
        )
    if checked.differences:
        yield Say(
            ngettext(
                "{report}: {count} figure differs from {path}",
                "{report}: {count} figures differ from {path}",
                len(checked.differences),
            ).format(report=report, count=len(checked.differences), path=opened.loaded.path)
        )
    elif checked.problems:
        return ExitCode.PROBLEMS  # said above: matching a file that does not hold is nothing
    elif checked.table:
        yield Say(
            _(
                "{report}: its 自评表 ({items} items), totals, score, counts, file SHA-256 and "
                "chain head match {path}"
            ).format(report=report, path=opened.loaded.path, items=checked.items)
        )
    else:
        yield Say(
            _("{report}: its score and the SHA-256 of its file match {path}").format(
                report=report, path=opened.loaded.path
            )
        )
    return ExitCode.OK if checked.clean else ExitCode.PROBLEMS
