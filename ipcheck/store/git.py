"""Reading a file from disk or from git (`REV:path`, as `git show` takes it)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ipcheck.errors import InputError
from ipcheck.store.files import MAX_INPUT_BYTES, read_bytes
from ipcheck.text.i18n import _


def is_git_spec(arg: str) -> bool:
    """'HEAD~3:assess/叶县-2025.toml' is; 'C:/x.toml', './a:b.toml' (existing) are not."""
    if ":" not in arg or Path(arg).exists():
        return False
    rev, _colon, path = arg.partition(":")
    if len(rev) == 1 and rev.isalpha() and path.startswith(("/", "\\")):
        return False  # a Windows drive letter
    return bool(rev) and bool(path)


def read_source(arg: str) -> tuple[bytes, str]:
    """(content, name) of a file path or a git REV:path."""
    if not is_git_spec(arg):
        return read_bytes(Path(arg)), arg
    if arg.startswith("-"):
        # git would take it for an option (--output=FILE writes a file)
        raise InputError(_("{spec}: a revision cannot start with '-'").format(spec=arg))
    try:
        process = subprocess.Popen(
            ["git", "show", "--end-of-options", arg],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    except FileNotFoundError:
        raise InputError(
            _("{spec}: git is not installed, so REV:path cannot be read").format(spec=arg)
        ) from None
    with process:
        assert process.stdout is not None and process.stderr is not None
        # read no more than the limit: a huge blob must not fill memory
        data = process.stdout.read(MAX_INPUT_BYTES + 1)
        if len(data) > MAX_INPUT_BYTES:
            process.kill()
            raise InputError(
                _("{path}: larger than {size} MB; ipcheck reads no more").format(
                    path=arg, size=MAX_INPUT_BYTES >> 20
                )
            )
        error = process.stderr.read(4096)
        try:
            code = process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            raise InputError(_("{spec}: git show took too long").format(spec=arg)) from None
    if code != 0:
        reason = error.decode("utf-8", "replace").strip().splitlines()
        if not reason:
            raise InputError(_("{spec}: git show failed: unknown error").format(spec=arg))
        raise InputError(_("{spec}: git show failed: {reason}").format(spec=arg, reason=reason[0]))
    return data, arg


def describe_revision(spec: str) -> tuple[str, str] | None:
    """(commit id, commit date) that REV of REV:path resolves to; None where git cannot
    say (the memo then names the revision as given)."""
    rev = spec.partition(":")[0]
    if not rev or rev.startswith("-"):
        return None
    try:
        done = subprocess.run(
            ["git", "show", "-s", "--format=%H%x09%cI", "--end-of-options", rev],
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    found = done.stdout.decode("utf-8", "replace").strip().splitlines()
    if done.returncode != 0 or not found or "\t" not in found[-1]:
        return None
    commit, date = found[-1].split("\t", 1)
    return commit[:12], date
