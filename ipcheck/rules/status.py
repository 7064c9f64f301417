"""Statuses: the words that name them, and the rules that 不适用 needs a reason and that
a reason goes with 不适用 only."""

from __future__ import annotations

import difflib

from ipcheck.errors import InputError
from ipcheck.model.assessment import Status
from ipcheck.text import labels
from ipcheck.text.hints import cli_hint
from ipcheck.text.i18n import _
from ipcheck.text.input import fold

# The words officers use for each status, besides its label and its code (README,
# "状态的写法"): the document's words first, then what people say in reports.
SYNONYMS = {
    "done": ("完成",),
    "in_progress": ("进行中", "正在推进"),
    "todo": ("未启动",),
    "na": ("无需开展", "n/a"),
}
# Every word accepted for a status: its code, its label, and their spellings.
_WORDS = (
    {status.value: status for status in Status}
    | {label: Status(code) for code, label in labels.STATUS.items()}
    | {word: Status(code) for code, words in SYNONYMS.items() for word in words}
)
STATUS_WORDS = " ".join(f"{labels.STATUS[s.value]}/{s.value}" for s in Status)


def parse_status(word: str) -> Status:
    """未开始/推进中/已完成/不适用 or todo/in_progress/done/na, or one of SYNONYMS
    (完成, 进行中, 未启动, 无需开展 …); full-width letters and in-progress too."""
    key = fold(word).lower().replace("-", "_").replace(" ", "_")
    found = _WORDS.get(key)
    if found is None:
        close = difflib.get_close_matches(key, list(_WORDS), n=1, cutoff=0.5)
        if close:
            # a word typed in Latin letters is answered with the code it is close to (done),
            # a Chinese one with the document's word (已完成)
            said = close[0] if close[0].isascii() else labels.STATUS[_WORDS[close[0]].value]
            raise InputError(
                _("unknown status {word!r}; did you mean {close}? (statuses: {words})").format(
                    word=word, close=said, words=STATUS_WORDS
                )
            )
        raise InputError(
            _("unknown status {word!r}; use one of {words}").format(word=word, words=STATUS_WORDS)
        )
    return found


def reason_problem(status: Status, reason: str | None) -> str | None:
    """不适用 is a request to leave an item out of the base: it needs its reason. The one
    place this is decided: `mark` refuses what it names, `validate` reports it."""
    if status is Status.NA and not (reason and reason.strip()):
        return _("不适用 (na) needs a reason{hint}: why does it not apply?").format(
            hint=cli_hint(_(" (--reason)"))
        )
    return None


def reason_given_problem(status: Status, given: str | None) -> str | None:
    """A reason typed for an item that will not be 不适用 would be dropped without a word
    (`mark 1.3 已完成 --reason …` said "1.3 → 已完成" and kept nothing): refused, in
    `mark` as in an imported sheet."""
    if given is not None and given.strip() and status is not Status.NA:
        return _("a 不适用 reason goes with the status 不适用")
    return None
