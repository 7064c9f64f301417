"""Reading a file from disk or from git (`REV:path`, as `git show` takes it)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ipcheck.errors import InputError
from ipcheck.store.files import MAX_INPUT_BYTES, read_bytes


def is_git_spec(arg: str) -> bool:
    """'HEAD~3:assess/叶县-2025.toml' is; 'C:/x.toml', './a:b.toml' (existing) are not."""
    if ":" not in arg or Path(arg).exists():
        return False
    rev, _, path = arg.partition(":")
    if len(rev) == 1 and rev.isalpha() and path.startswith(("/", "\\")):
        return False  # a Windows drive letter
    return bool(rev) and bool(path)


def read_source(arg: str) -> tuple[bytes, str]:
    """(content, name) of a file path or a git REV:path."""
    if not is_git_spec(arg):
        return read_bytes(Path(arg)), arg
    if arg.startswith("-"):
        # git would take it for an option (--output=FILE writes a file)
        raise InputError(f"{arg}: a revision cannot start with '-'")
    try:
        process = subprocess.Popen(
            ["git", "show", "--end-of-options", arg],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    except FileNotFoundError:
        raise InputError(f"{arg}: git is not installed, so REV:path cannot be read") from None
    with process:
        assert process.stdout is not None and process.stderr is not None
        # read no more than the limit: a huge blob must not fill memory
        data = process.stdout.read(MAX_INPUT_BYTES + 1)
        if len(data) > MAX_INPUT_BYTES:
            process.kill()
            raise InputError(
                f"{arg}: larger than {MAX_INPUT_BYTES >> 20} MB; ipcheck reads no more"
            )
        error = process.stderr.read(4096)
        try:
            code = process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            raise InputError(f"{arg}: git show took too long") from None
    if code != 0:
        reason = error.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"{arg}: git show failed: {reason[0] if reason else 'unknown error'}")
    return data, arg
