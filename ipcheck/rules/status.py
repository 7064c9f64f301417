"""Statuses: the words that name them, and the rule that 不适用 needs a reason."""

from __future__ import annotations

from ipcheck.errors import InputError
from ipcheck.model.assessment import Status
from ipcheck.text import labels
from ipcheck.text.i18n import _

# Every word accepted for a status: its code, its label, and the code's spellings.
_WORDS = {status.value: status for status in Status} | {
    label: Status(code) for code, label in labels.STATUS.items()
}
STATUS_WORDS = " ".join(f"{labels.STATUS[s.value]}/{s.value}" for s in Status)


def parse_status(word: str) -> Status:
    """未开始/推进中/已完成/不适用 or todo/in_progress/done/na (also in-progress)."""
    found = _WORDS.get(word.strip().lower().replace("-", "_"))
    if found is None:
        raise InputError(
            _("unknown status {word!r}; use one of {words}").format(word=word, words=STATUS_WORDS)
        )
    return found


def reason_problem(status: Status, reason: str | None) -> str | None:
    """不适用 is a request to leave an item out of the base: it needs its reason."""
    if status is Status.NA and not (reason and reason.strip()):
        return _("不适用 (na) needs a reason")
    return None
