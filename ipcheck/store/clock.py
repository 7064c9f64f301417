"""Now, and who: the two facts every change records.

SOURCE_DATE_EPOCH (the reproducible-builds convention) fixes "now", so tests
and golden reports are byte-for-byte stable.
"""

from __future__ import annotations

import datetime as dt
import os

from ipcheck.errors import InputError
from ipcheck.model.assessment import NAME_MAX
from ipcheck.rules.values import check_author
from ipcheck.text.i18n import _

USER_ENV = "IPCHECK_USER"


def now() -> dt.datetime:
    """Local time with its UTC offset, to the second."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.datetime.now().astimezone().replace(microsecond=0)
    try:
        moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC).astimezone()
    except (ValueError, OverflowError, OSError):
        moment = None
    if moment is None or not 1970 <= moment.year <= 9998:
        shown = epoch if len(epoch) <= 30 else epoch[:30] + "…"
        raise InputError(
            _("SOURCE_DATE_EPOCH={value!r}: give seconds since 1970 (e.g. 1767225600)").format(
                value=shown
            )
        )
    return moment


def who(given: str | None = None) -> str:
    """--by, else $IPCHECK_USER, else git's user.name, else the login name. A name given
    empty is refused: it was meant to name someone, not to fall back on whoever runs it."""
    if given is not None and not given.strip():
        raise InputError(_("the name of who made the change is empty: give one (--by)"))
    for candidate, source in ((given, "--by"), (os.environ.get(USER_ENV), USER_ENV)):
        if candidate and candidate.strip():
            return check_author(candidate.strip(), source)
    import getpass  # here: only when no name was given
    import subprocess

    try:
        done = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, timeout=5, check=False
        )
        if done.returncode == 0 and done.stdout.strip():
            return check_author(done.stdout.strip(), "git user.name")
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return getpass.getuser()[:NAME_MAX] or "unknown"
    except (OSError, KeyError):
        return "unknown"
