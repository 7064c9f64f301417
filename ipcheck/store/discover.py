"""Finding the TOML files a command was pointed at: files, folders and glob patterns.

Folders are walked in sorted order, skipping VCS and virtualenv folders. A
received folder decides nothing about what is read: folder links are not
followed (no loops, no escape), a file link that leads outside the folder the
user named is listed with its reason instead of read, and a subfolder that
cannot be listed is reported, not fatal. Entries that are not regular files
(FIFOs, devices) are yielded; the reader refuses them with their reason.
"""

from __future__ import annotations

import glob
import operator
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from ipcheck.errors import InputError
from ipcheck.store.files import is_inside, read_head, walk
from ipcheck.text.i18n import _
from ipcheck.text.lazy import lazy
from ipcheck.text.oserrors import reason

# Folders never worth descending into when a whole repository is checked.
SKIP_DIRS = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox"}
)
_MAGIC = frozenset("*?[")
_NAME = operator.attrgetter("name")


class Found(NamedTuple):
    path: Path
    explicit: bool  # named on the command line, not found in a folder
    problem: str | None = None  # why it is not read: a folder that cannot be listed, a link out


def iter_toml_files(folder: Path, root: Path | None = None) -> Iterator[Found]:
    """*.toml below a folder, sorted; problems as entries with their reason."""
    yield from _walk(str(folder), folder if root is None else root)


def _walk(folder: str, root: Path) -> Iterator[Found]:
    # folders as text, a Path made once per file found: a province's tree is 85,000
    # folders of one file each, and building paths was most of the time listing it. A
    # stack of folders' listings, not recursion: a received tree 1,000 folders deep is
    # walked like any other (recursion ran out of stack)
    stack: list[Iterator[os.DirEntry[str]]] = []
    listing = _listing(folder)
    if isinstance(listing, Found):
        yield listing
        return
    stack.append(listing)
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if entry.is_symlink():
            if entry.name.endswith(".toml") and not os.path.isdir(entry.path):  # noqa: PTH112
                yield _linked(Path(entry.path), root, explicit=False)
            elif os.path.isdir(entry.path) and not is_inside(entry.path, root):  # noqa: PTH112
                yield _linked(Path(entry.path), root, explicit=False)  # named, not followed
            continue  # links to folders are not followed
        if entry.is_dir(follow_symlinks=False):
            if entry.name not in SKIP_DIRS:
                listing = _listing(entry.path)
                if isinstance(listing, Found):
                    yield listing
                else:
                    stack.append(listing)
        elif entry.name.endswith(".toml"):
            yield Found(Path(entry.path), False)


def _listing(folder: str) -> Iterator[os.DirEntry[str]] | Found:
    """A folder's entries, sorted; or why it cannot be listed."""
    try:
        # os.scandir knows each entry's type without a stat of its own: a big tree is
        # walked at the speed of listing it
        with os.scandir(folder) as listing:
            return iter(sorted(listing, key=_NAME))
    except OSError as exc:
        return Found(
            Path(folder), False, _("cannot list this folder: {reason}").format(reason=reason(exc))
        )


def _linked(path: Path, root: Path, *, explicit: bool) -> Found:
    if is_inside(path, root):
        return Found(path, explicit)
    return Found(
        path, explicit, _("a symbolic link leading outside {folder}; not read").format(folder=root)
    )


def collect(paths: Sequence[Path]) -> Iterator[Found]:
    """Files named, and *.toml below folders named; a missing path is yielded as named."""
    for path in paths:
        if path.is_dir():
            yield from iter_toml_files(path)
        else:
            yield Found(path, True)


def expand(patterns: Sequence[str]) -> Iterator[Found]:
    """Files, folders and glob patterns (`assess/**/*.toml`), in order, without repeats."""
    seen: set[Path] = set()
    # one folder (a walk lists each file once) or one file yields no repeats
    once = len(patterns) == 1
    for raw in patterns:
        path = Path(raw)
        candidates: Iterator[Found]
        if path.is_dir():
            candidates = iter_toml_files(path)
        elif not path.exists() and _MAGIC & set(raw):
            candidates = _glob(raw)
            once = False  # ** may match a file by two routes
        else:
            candidates = iter([Found(path, True)])
        for found in candidates:
            if once:
                yield found
            elif found.path not in seen:
                seen.add(found.path)
                yield found


def _glob(pattern: str) -> Iterator[Found]:
    prefix = _plain_prefix(pattern)
    base = Path(*prefix) if prefix else Path()
    # glob.glob takes absolute patterns and **, which Path.glob does not; it recurses
    # into folders, and a received tree can be deeper than the stack: measured first
    if "**" in pattern and _deeper_than(base, _GLOB_DEPTH):
        raise InputError(
            _(
                "{pattern}: folders too deep to search with a pattern; give the folder "
                "itself, which is walked to any depth"
            ).format(pattern=pattern)
        )
    for match in sorted(glob.glob(pattern, recursive=True)):  # noqa: PTH207
        candidate = Path(match)
        if candidate.suffix != ".toml" or candidate.is_dir():
            continue
        if candidate.is_symlink():
            yield _linked(candidate, base, explicit=False)
        else:
            yield Found(candidate, False)


_GLOB_DEPTH = 200  # folders below a pattern's start that ** may search (glob recurses)


def _deeper_than(folder: Path, depth: int) -> bool:
    start = os.fspath(folder).rstrip(os.sep).count(os.sep)
    return any(top.count(os.sep) - start > depth for top, _dirs, _files in walk(folder))


def _plain_prefix(pattern: str) -> list[str]:
    """The folders of a pattern before its first wildcard: where its matches must stay."""
    parts = list(Path(pattern).parts)
    plain: list[str] = []
    for part in parts[:-1]:
        if _MAGIC & set(part):
            break
        plain.append(part)
    return plain


# A `kind` line, however spaced or quoted (kind="assessment" is TOML as much as
# kind = "assessment"), in the first 4 KB as text: UTF-8, GBK (whose ASCII is the same) or
# UTF-16 as Notepad's "Unicode" saves it
_KIND = lazy(r"(?m)^[ \t]*kind[ \t]*=[ \t]*([\"'])([a-z-]*)\1")
_TABLE = lazy(r"(?m)^[ \t]*\[")


def _head_kind(path: Path) -> tuple[bool, str | None]:
    """(whether the file's head could be read as text, the kind its `kind` line names)."""
    head = read_head(path, 4096)
    if head is None or not head.strip():
        return False, None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[1:8:2] == b"\0\0\0\0":
        codec = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-16-le"
        text = head[: len(head) // 2 * 2].decode(codec, "replace")
        readable = "\ufffd" not in text
    else:
        text = head.decode("utf-8", "replace")
        try:
            head.decode("utf-8")
            readable = True
        except UnicodeDecodeError as exc:
            readable = exc.start >= len(head) - 3  # a character cut at the 4 KB boundary
    table = _TABLE().search(text)  # the file's own kind: a key before any [table]
    found = _KIND().search(text, 0, len(text) if table is None else table.start())
    return readable and "\0" not in text, None if found is None else found.group(2)


def looks_like_assessment(path: Path) -> bool:
    """Whether a file says it is an assessment in its first 4 KB."""
    return _head_kind(path)[1] == "assessment"


def says_nothing(path: Path) -> bool:
    """A file whose first 4 KB cannot say what it is: empty, unreadable (a FIFO, no
    permission), or not UTF-8 text without any `kind` line. A folder's such file is shown
    with its reason, never passed over: it may be a submission that did not arrive whole."""
    readable, kind = _head_kind(path)
    return kind is None and not readable


def find_assessment_file(given: Path | None, folder: Path) -> Path:
    """-f PATH, or the single assessment file in the folder."""
    if given is not None:
        return given
    candidates = sorted(folder.glob("*.toml"))
    found = [c.name for c in candidates if looks_like_assessment(c)]
    if not found:
        # an empty file, or one saved in an encoding that hides its kind: the one such
        # file here is read, and its reader says what is wrong with it
        found = [c.name for c in candidates if says_nothing(c)][:2]
    if not found:
        raise InputError(
            _(
                "no assessment file in {folder}; give one with -f PATH "
                "or create one with ipcheck init"
            ).format(folder=folder)
        )
    if len(found) > 1:
        raise InputError(
            _("several assessment files here ({files}); choose one with -f PATH").format(
                files=", ".join(found)
            )
        )
    return folder / found[0]
