"""Now, and who: the two facts every change records.

SOURCE_DATE_EPOCH (the reproducible-builds convention) fixes "now", so tests
and golden reports are byte-for-byte stable.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import subprocess

USER_ENV = "IPCHECK_USER"


def now() -> dt.datetime:
    """Local time with its UTC offset, to the second."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).astimezone()
    return dt.datetime.now().astimezone().replace(microsecond=0)


def who(given: str | None = None) -> str:
    """--by, else $IPCHECK_USER, else git's user.name, else the login name."""
    for candidate in (given, os.environ.get(USER_ENV)):
        if candidate and candidate.strip():
            return candidate.strip()
    try:
        done = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, timeout=5, check=False
        )
        if done.returncode == 0 and done.stdout.strip():
            return done.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"
