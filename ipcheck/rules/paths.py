"""Paths stored in an assessment (evidence, its folder): the one rule for what they may be."""

from __future__ import annotations

from ipcheck.text.i18n import _
from ipcheck.text.safety import has_bidi, has_control


def path_problem(relative: str, *, outside_ok: bool = False) -> str | None:
    """Why a stored path is not a plain path inside the assessment's folder, or None.

    `attach` refuses what this names, `validate` reports it, `verify` does not read
    it. With outside_ok (an entry attached with --allow-outside), absolute and
    climbing paths are accepted."""
    if any("\udc80" <= c <= "\udcff" for c in relative):
        # TRANSLATORS: said after a path: 'a/b.pdf' <this>. A zip made on a Chinese
        # Windows keeps its names in GBK; unpacked elsewhere they are not UTF-8.
        return _(
            "is not a UTF-8 name (perhaps GBK, from a zip made on Windows): unpack the zip "
            "with a tool that keeps Chinese names"
        )
    if has_control(relative):
        # TRANSLATORS: said after a path: 'a/b.pdf' <this>.
        return _("contains a control character (newline, tab, NUL …)")
    if has_bidi(relative):
        # TRANSLATORS: said after a path: 'a/b.pdf' <this>.
        return _("contains a bidirectional control character (it disguises the name)")
    if "\\" in relative:
        # TRANSLATORS: said after a path: 'a/b.pdf' <this>.
        return _("contains a backslash; paths are stored with /")
    if not relative:
        # TRANSLATORS: said after a path: 'a/b.pdf' <this>.
        return _("is empty")
    if relative.startswith("/") or relative[1:2] == ":":
        # TRANSLATORS: said after a path: 'a/b.pdf' <this>.
        return None if outside_ok else _("is absolute")
    if outside_ok:
        return None
    depth = 0
    for part in relative.split("/"):
        if part == "..":
            depth -= 1
            if depth < 0:
                # TRANSLATORS: said after a path: 'a/b.pdf' <this>.
                return _("leaves the assessment's folder")
        elif part not in ("", "."):
            depth += 1
    return None


def leads_outside(relative: str) -> bool:
    """An absolute or climbing path (which --allow-outside accepts), and nothing worse."""
    return path_problem(relative) is not None and path_problem(relative, outside_ok=True) is None
