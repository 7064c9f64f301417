"""Reading a file from disk or from git (`REV:path`, as `git show` takes it)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ipcheck.errors import InputError
from ipcheck.textio import read_bytes


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
    try:
        done = subprocess.run(["git", "show", arg], capture_output=True, timeout=60, check=False)
    except FileNotFoundError:
        raise InputError(f"{arg}: git is not installed, so REV:path cannot be read") from None
    except subprocess.TimeoutExpired:
        raise InputError(f"{arg}: git show took too long") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"{arg}: git show failed: {reason[0] if reason else 'unknown error'}")
    return done.stdout, arg
