"""The history is the account of the state: replayed from the first line, it must give
the state the file holds, and each line is chained to the one before by hashes.

Replay: every item starts 未开始 with nothing attached; each line changes what it says
(a status, a note, a reason, a part score, an evidence entry), and its `from` must be
what the lines before left. A checklist upgrade's `migrated` lines move, copy, merge
or archive states as `upgrade` did (the merge rule is rules/merge.py). At the end
every item's status, note, reason, part score, evidence entries and who changed it
last must be what the file says.

Chain: each line carries `prev`, the SHA-256 of the line before it, and `state`,
the SHA-256 of the state it leaves (the item it changed, or for `created` and
`upgraded` the assessee, the period and the checklist answered). One changed byte in
a line breaks the chain at the next line; the last line's hash, the chain head,
pins the whole history (the report prints it; a seal signs it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import msgspec
from msgspec.structs import replace

from ipcheck.errors import InputError
from ipcheck.model.assessment import Action, Assessment, Change, Evidence, ItemState, Status
from ipcheck.model.problems import Problem
from ipcheck.rules.merge import merge_states
from ipcheck.text.i18n import _

CHAIN_DOMAIN = b"ipcheck history chain 1\n"
ITEM_ACTIONS = frozenset(
    {
        Action.STATUS,
        Action.NOTE,
        Action.REASON,
        Action.SCORE,
        Action.EVIDENCE_ADDED,
        Action.EVIDENCE_REMOVED,
        Action.REVIEWED,
    }
)
_EMPTY = ItemState(status=Status.TODO)
_ENCODE = msgspec.json.Encoder()


def _hash(data: object) -> str:
    return hashlib.sha256(CHAIN_DOMAIN + _ENCODE.encode(data)).hexdigest()


def line_hash(change: Change) -> str:
    """The SHA-256 a line is known by in the chain: of everything it says."""
    return _hash(change)


def chain_head(assessment: Assessment) -> str | None:
    """The hash of the last line, which pins the whole history; none without a chain."""
    if not assessment.history or assessment.history[-1].state is None:
        return None
    return line_hash(assessment.history[-1])


def _item_view(state: ItemState) -> list[object]:
    """What the history accounts for in an item's state."""
    return [
        state.status.value,
        state.note,
        state.reason,
        state.score,
        [[e.path, e.sha256, e.added, e.by] for e in state.evidence],
        state.updated,
        state.by,
    ]


def _header_view(assessment: Assessment, pinned: str | None) -> list[object]:
    a = assessment.assessee
    return [a.kind.value, a.name, a.unit, assessment.period, assessment.created, pinned]


@dataclass
class Replay:
    """The state the history gives, and what did not add up, line by line."""

    assessment: Assessment
    items: dict[str, ItemState] = field(default_factory=dict)
    archived: dict[str, ItemState] = field(default_factory=dict)
    states: list[str] = field(default_factory=list)  # the state each line leaves
    problems: list[Problem] = field(default_factory=list)
    named: dict[str, int] = field(default_factory=dict)  # item → first line naming it
    sealed: bool = False
    gone: set[str] = field(default_factory=set)  # items an upgrade moved away
    _moved: dict[str, ItemState] = field(default_factory=dict)
    _pinned: str | None = None

    def wrong(self, index: int, message: str) -> None:
        self.problems.append(
            Problem.error(
                f"history[{index}]",
                _("history line {line}: {problem}").format(line=index + 1, problem=message),
            )
        )

    def state_of(self, item: str) -> ItemState:
        return self.items.get(item, _EMPTY)


def replay(assessment: Assessment) -> Replay:
    """Replay the history from its first line (pure: nothing is read)."""
    run = Replay(assessment)
    latest = assessment.created
    for index, change in enumerate(assessment.history):
        if _aware(change.at) != _aware(assessment.created):
            run.wrong(
                index,
                _("its time and the file's creation time are not both given with a UTC offset"),
            )
        elif change.at < assessment.created:
            run.wrong(
                index,
                _("dated {at}, before the file was created ({created})").format(
                    at=change.at, created=assessment.created
                ),
            )
        elif change.at < latest:
            run.wrong(
                index,
                _("dated {at}, earlier than the line before it ({latest})").format(
                    at=change.at, latest=latest
                ),
            )
        if _aware(change.at) == _aware(latest):
            latest = max(latest, change.at)
        if (change.action is Action.CREATED) != (index == 0):
            run.wrong(
                index,
                _("the history begins with the file's creation, once")
                if index == 0
                else _("a second 'created' line"),
            )
        run.states.append(_apply(run, index, change))
    return run


def _aware(at: dt.datetime) -> bool:
    return at.utcoffset() is not None


def _apply(run: Replay, index: int, change: Change) -> str:
    """Apply one line; the hash of the state it leaves."""
    action = change.action
    if action is Action.CREATED:
        run._pinned = change.new
        return _hash(_header_view(run.assessment, run._pinned))
    if action is Action.UPGRADED:
        run._pinned = change.new
        run._moved.clear()
        return _hash(_header_view(run.assessment, run._pinned))
    if action in (Action.SEALED, Action.UNSEALED):
        run.sealed = action is Action.SEALED
        return _hash([*_header_view(run.assessment, run._pinned), action.value, change.new])
    item = change.item
    if item is None:
        run.wrong(index, _("a {action} line names no item").format(action=action.value))
        return _hash(None)
    run.named.setdefault(item, index)
    if action is Action.MIGRATED:
        return _migrate(run, index, change, item)
    state = run.state_of(item)
    new = _changed(run, index, change, state)
    run.items[item] = replace(new, updated=change.at, by=change.by)
    return _hash(_item_view(run.items[item]))


def _expect(run: Replay, index: int, said: str | None, was: str | None, what: str) -> None:
    if said != was:
        run.wrong(
            index,
            _("says the {what} was {said}, but the lines before leave {was}").format(
                what=what, said=_shown(said), was=_shown(was)
            ),
        )


def _shown(value: str | None) -> str:
    # TRANSLATORS: a value the history says nothing of (no note, no reason).
    return _("(none)") if value is None else repr(value)


def _changed(run: Replay, index: int, change: Change, state: ItemState) -> ItemState:
    action = change.action
    if action is Action.STATUS:
        _expect(run, index, change.old, state.status.value, _("status"))
        try:
            status = Status(change.new or "")
        except ValueError:
            run.wrong(index, _("{status!r} is not a status").format(status=change.new))
            return state
        return replace(state, status=status)
    if action is Action.NOTE:
        _expect(run, index, change.old, state.note, _("note"))
        return replace(state, note=change.new)
    if action is Action.REASON:
        _expect(run, index, change.old, state.reason, _("reason"))
        return replace(state, reason=change.new)
    if action is Action.SCORE:
        was = None if state.score is None else str(state.score)
        _expect(run, index, change.old, was, _("part score"))
        score = None if change.new is None else _number(change.new)
        if change.new is not None and score is None:
            run.wrong(index, _("{score!r} is not a part score").format(score=change.new))
        return replace(state, score=score)
    if action is Action.EVIDENCE_ADDED:
        if change.path is None or change.new is None:
            run.wrong(index, _("an evidence line names no file or no SHA-256"))
            return state
        entry = Evidence(path=change.path, sha256=change.new, size=0, added=change.at, by=change.by)
        return replace(state, evidence=(*state.evidence, entry))
    if action is Action.EVIDENCE_REMOVED:
        kept = [e for e in state.evidence if not (e.path == change.path and e.sha256 == change.old)]
        if len(kept) == len(state.evidence):
            run.wrong(
                index,
                _("removes evidence {path!r}, which the lines before never attached").format(
                    path=change.path
                ),
            )
        return replace(state, evidence=tuple(kept))
    return state  # reviewed: the upgrade's question answered; who and when are kept


def _number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 3 else None


def _migrate(run: Replay, index: int, change: Change, item: str) -> str:
    """An upgrade's line: an item renamed, split, merged into this one, or archived."""
    sources = [s for s in (change.old or "").split("、") if s]
    if not sources:
        run.wrong(index, _("a migrated line names no item it came from"))
        return _hash(None)
    states = []
    for source in sources:
        run.gone.add(source)
        if source in run.items:
            run._moved[source] = run.items.pop(source)
        states.append(run._moved.get(source, _EMPTY))
    if change.new is None:  # archived: kept whole under a free key, as upgrade does
        key = item
        number = 1
        while key in run.archived:
            number += 1
            key = f"{item}-{number}"
        run.archived[key] = states[0]
        return _hash(_item_view(states[0]))
    if len(states) == 1:
        state = states[0]
    else:
        try:
            state = merge_states(states, sources, review="")
        except InputError as exc:
            run.wrong(index, str(exc))
            state = states[0]
        state = replace(state, review=None)
    run.items[item] = state
    return _hash(_item_view(state))


def _fields(state: ItemState) -> Iterator[tuple[str, str, object]]:
    """(key, what messages call it, value) of each field the history accounts for."""
    yield "status", _("status"), state.status
    yield "note", _("note"), state.note
    yield "reason", _("reason"), state.reason
    yield "score", _("part score"), state.score
    evidence = [(e.path, e.sha256, e.added, e.by) for e in state.evidence]
    yield "evidence", _("evidence"), evidence
    yield "updated", _("time of the last change"), state.updated
    yield "by", _("name of who changed it last"), state.by


def history_problems(assessment: Assessment, names: dict[str, str]) -> list[Problem]:
    """What the history and the state disagree on, and where the chain breaks. `names`
    says how messages name an item (13.4 海外维权援助服务)."""
    run = replay(assessment)
    problems = run.problems
    for item, first in run.named.items():
        if item not in assessment.items and item not in run.archived and item not in run.gone:
            run.wrong(
                first,
                _("names item {item!r}, which is neither in the assessment nor archived").format(
                    item=item
                ),
            )
    for item, state in assessment.items.items():
        problems += _state_problems(f"items.{item}", names.get(item, item), state, run, item)
    for key, archived in assessment.archived.items():
        replayed = run.archived.get(key)
        if replayed is None:
            problems.append(
                Problem.error(
                    f"archived.{key}",
                    _("{item}: archived, but no history line archived it").format(item=key),
                )
            )
            continue
        problems += _state_problems(
            f"archived.{key}.state", key, archived.state, run, None, replayed
        )
    return problems + chain_problems(assessment, run.states)


def _state_problems(
    key: str,
    name: str,
    state: ItemState,
    run: Replay,
    item: str | None,
    replayed: ItemState | None = None,
) -> list[Problem]:
    if replayed is None:
        replayed = run.state_of(item or "")
    problems = []
    for (what, label, held), (*_rest, given) in zip(_fields(state), _fields(replayed), strict=True):
        if held != given:
            problems.append(
                Problem.error(
                    f"{key}.{what}",
                    _(
                        "{item}: its {field} is not what the history gives "
                        "(changed without a history line?)"
                    ).format(item=name, field=label),
                )
            )
    return problems


def chain_problems(assessment: Assessment, states: list[str]) -> list[Problem]:
    """Where the hash chain breaks. A history without any hash (written before the
    chain existed) is only said, once; the next change made by ipcheck chains it."""
    history = assessment.history
    if not any(c.state is not None for c in history):
        return [
            Problem.warning(
                "history",
                _(
                    "the history carries no hash chain (written by an ipcheck before 0.3); "
                    "the next change or `ipcheck fmt` adds it"
                ),
            )
        ]
    problems = []
    before: str | None = None
    for index, change in enumerate(history):
        key = f"history[{index}]"
        line = index + 1
        if change.state is None:
            problems.append(
                Problem.error(
                    key,
                    _("history line {line} carries no hash: added by hand?").format(line=line),
                )
            )
        else:
            if change.prev != before:
                problems.append(
                    Problem.error(
                        f"{key}.prev",
                        _(
                            "history line {line} does not follow the line before it "
                            "(hash chain broken: a line before it was changed, added or "
                            "deleted)"
                        ).format(line=line),
                    )
                )
            if change.state != states[index]:
                problems.append(
                    Problem.error(
                        f"{key}.state",
                        _(
                            "history line {line}: the file's assessee, period, creation time "
                            "or checklist is not what this line recorded (hash chain broken)"
                        ).format(line=line)
                        if change.item is None
                        else _(
                            "history line {line}: the state it leaves is not the one "
                            "its hash records (hash chain broken)"
                        ).format(line=line),
                    )
                )
        before = line_hash(change)
    return problems


def chained(assessment: Assessment, new_from: int) -> Assessment:
    """The history with the lines from `new_from` on chained (the lines a command just
    added). A history with no hash at all is chained whole: the first change made by
    this ipcheck to a file written before the chain existed."""
    history = list(assessment.history)
    if not any(c.state is not None for c in history[:new_from]):
        new_from = 0
    if new_from >= len(history):
        return assessment
    states = replay(assessment).states
    before = line_hash(history[new_from - 1]) if new_from > 0 else None
    for index in range(new_from, len(history)):
        history[index] = replace(history[index], prev=before, state=states[index])
        before = line_hash(history[index])
    return replace(assessment, history=tuple(history))


def is_sealed(assessment: Assessment) -> bool:
    """Sealed at submission and not lifted since."""
    for change in reversed(assessment.history):
        if change.action is Action.SEALED:
            return True
        if change.action is Action.UNSEALED:
            return False
    return False


def unchained(change: Change) -> Change:
    """A line without its chain hashes: what it says, for comparing two states."""
    return replace(change, prev=None, state=None)
