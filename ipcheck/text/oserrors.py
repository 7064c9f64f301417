"""What the operating system said, in the user's language.

The system's own text (strerror) is English on most Linux machines and follows
the system's language on Windows; the common refusals are said here through the
catalog, anything rarer as the system said it.
"""

from __future__ import annotations

import errno

from ipcheck.text.i18n import N_, _

_REASONS = {
    errno.ENOENT: N_("no such file or folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("operation not permitted"),
    errno.ENOSPC: N_("no space left on the disk"),
    errno.EROFS: N_("the disk is read-only"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENOTDIR: N_("not a folder"),
    errno.EEXIST: N_("it already exists"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.ELOOP: N_("too many levels of symbolic links"),
    errno.EBUSY: N_("it is in use"),
    errno.EIO: N_("input/output error"),
    errno.ENOTEMPTY: N_("the folder is not empty"),
    errno.EXDEV: N_("it is on another disk"),
}


def reason(exc: OSError) -> str:
    """Why the system refused, in a few words."""
    known = _REASONS.get(exc.errno) if exc.errno is not None else None
    if known is not None:
        return _(known)
    return exc.strerror or str(exc)
