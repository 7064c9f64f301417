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
from typing import Any

import msgspec
from msgspec.structs import replace

from ipcheck.errors import InputError
from ipcheck.model.assessment import (
    SETTING_KEYS,
    Action,
    Assessment,
    Change,
    Evidence,
    ItemState,
    Status,
)
from ipcheck.model.problems import Problem
from ipcheck.rules.merge import merge_states
from ipcheck.text import labels
from ipcheck.text.i18n import N_, _

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
_ENCODE = msgspec.json.Encoder()
# SHA-256 with the domain already taken in, made when first hashed (a command that never
# hashes starts without OpenSSL); each hash starts from a copy of it, which costs OpenSSL
# less than setting up a new one (a tenth of validate's time goes to these hashes)
_DOMAIN_TAKEN: list[Any] = []


def _hash(data: object) -> str:
    if not _DOMAIN_TAKEN:
        import hashlib

        _DOMAIN_TAKEN.append(hashlib.sha256(CHAIN_DOMAIN))
    digest = _DOMAIN_TAKEN[0].copy()
    digest.update(_ENCODE.encode(data))
    hexdigest: str = digest.hexdigest()
    return hexdigest


def line_hash(change: Change) -> str:
    """The SHA-256 a line is known by in the chain: of everything it says."""
    return _hash(change)


def chain_head(assessment: Assessment) -> str | None:
    """The hash of the last line, which pins the whole history; none without a chain."""
    if not assessment.history or assessment.history[-1].state is None:
        return None
    return line_hash(assessment.history[-1])


# An item's state as the history accounts for it, as a list (replayed in place, hashed
# as it is): status, note, reason, part score, evidence [path, sha256, added, by],
# when it last changed, by whom.
View = list[Any]
STATUS, NOTE, REASON, SCORE, EVIDENCE, UPDATED, BY = range(7)


def _item_view(state: ItemState) -> View:
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


def _empty() -> View:
    return [Status.TODO.value, None, None, None, [], None, None]


def _copy(view: View) -> View:
    copied = list(view)
    copied[EVIDENCE] = [list(e) for e in view[EVIDENCE]]
    return copied


def _as_state(view: View) -> ItemState:
    """A view as an ItemState, for the merge rule (rules/merge.py)."""
    return ItemState(
        status=Status(view[STATUS]),
        note=view[NOTE],
        reason=view[REASON],
        score=view[SCORE],
        evidence=tuple(
            Evidence(path=p, sha256=h, size=0, added=at, by=by) for p, h, at, by in view[EVIDENCE]
        ),
        updated=view[UPDATED],
        by=view[BY],
    )


def _header_view(assessment: Assessment, pinned: str | None) -> list[object]:
    a = assessment.assessee
    return [a.kind.value, a.name, a.unit, assessment.period, assessment.created, pinned]


class Replay:
    """The state the history gives, and what did not add up, line by line."""

    def __init__(self, assessment: Assessment) -> None:
        self.assessment = assessment
        self.items: dict[str, View] = {}
        self.archived: dict[str, View] = {}
        self.states: list[str] = []  # the state each line leaves
        self.problems: list[Problem] = []
        self.named: dict[str, int] = {}  # item → the first line naming it
        self.gone: set[str] = set()  # items an upgrade moved away
        self._moved: dict[str, View] = {}
        self._pinned: str | None = None
        self.narrative: dict[str, str] = {}  # section → SHA-256 of its text
        self.figures: dict[str, str] = {}  # name → "value unit"
        self.settings: dict[str, str] = {}  # signer | title | dated → its text

    def wrong(self, index: int, message: str) -> None:
        self.problems.append(
            Problem.error(
                f"history[{index}]",
                _("history line {line}: {problem}").format(line=index + 1, problem=message),
            )
        )

    def view_of(self, item: str) -> View:
        """The item's view, made (未开始, nothing attached) on its first line."""
        view = self.items.get(item)
        if view is None:
            view = self.items[item] = _empty()
        return view


def replay(assessment: Assessment) -> Replay:
    """Replay the history from its first line (pure: nothing is read)."""
    run = Replay(assessment)
    created = latest = assessment.created
    naive = created.tzinfo is None
    for index, change in enumerate(assessment.history):
        at = change.at
        if (at.tzinfo is None) is not naive:
            run.wrong(
                index,
                _("its time and the file's creation time are not both given with a UTC offset"),
            )
        elif at >= latest:
            latest = at  # the common case: one comparison
        elif at < created:
            run.wrong(
                index,
                _("dated {at}, before the file was created ({created})").format(
                    at=at, created=created
                ),
            )
        else:
            run.wrong(
                index,
                _("dated {at}, earlier than the line before it ({latest})").format(
                    at=at, latest=latest
                ),
            )
        if (change.action is Action.CREATED) != (index == 0):
            run.wrong(
                index,
                _("the history begins with the file's creation, once")
                if index == 0
                else _("a second 'created' line"),
            )
        run.states.append(_apply(run, index, change))
    return run


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
        return _hash([*_header_view(run.assessment, run._pinned), action.value, change.new])
    if action in (Action.NARRATIVE, Action.FIGURE, Action.SETTING):
        return _document_line(run, index, change)
    item = change.item
    if item is None:
        run.wrong(index, _("a {action} line names no item").format(action=action.value))
        return _hash(None)
    run.named.setdefault(item, index)
    if action is Action.MIGRATED:
        return _migrate(run, index, change, item)
    view = run.view_of(item)
    _change_view(run, index, change, view)
    view[UPDATED] = change.at
    view[BY] = change.by
    return _hash(view)


def _document_line(run: Replay, index: int, change: Change) -> str:
    """A section of the county's own words (its text's SHA-256) or a key figure."""
    held, what = {
        Action.NARRATIVE: (run.narrative, "narrative"),
        Action.FIGURE: (run.figures, "figure"),
        Action.SETTING: (run.settings, "setting"),
    }[change.action]
    key = change.path or ""
    _expect(run, index, change.old, held.get(key), what)
    if change.new is None:
        held.pop(key, None)
    else:
        held[key] = change.new
    return _hash([*_header_view(run.assessment, run._pinned), what, key, change.new])


def text_digest(text: str) -> str:
    """What the history records of a section's text: its SHA-256."""
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def setting_texts(assessment: Assessment) -> dict[str, str]:
    """The report's settings as the history writes them: signer, title, dated (ISO)."""
    settings = assessment.report
    if settings is None:
        return {}
    out = {}
    for key in SETTING_KEYS:
        value = getattr(settings, key)
        if value is not None:
            out[key] = value.isoformat() if isinstance(value, dt.date) else str(value)
    return out


def figure_text(value: str, unit: str | None) -> str:
    return f"{value} {unit}" if unit else value


def _expect(run: Replay, index: int, said: str | None, was: str | None, what: str) -> None:
    """`what` is a key of _FIELD_NAMES: translated only when the line is wrong."""
    if said != was:
        run.wrong(
            index,
            _("says the {what} was {said}, but the lines before leave {was}").format(
                what=_(_WHAT[what]), said=_shown(said), was=_shown(was)
            ),
        )


def _shown(value: str | None) -> str:
    # TRANSLATORS: a value the history says nothing of (no note, no reason).
    return _("(none)") if value is None else repr(value)


def _change_view(run: Replay, index: int, change: Change, view: View) -> None:
    """Apply what one line says to the item's view, checking its `from`."""
    action = change.action
    if action is Action.STATUS:
        _expect(run, index, change.old, view[STATUS], "status")
        if change.new not in _STATUSES:
            run.wrong(index, _("{status!r} is not a status").format(status=change.new))
            return
        view[STATUS] = change.new
    elif action is Action.NOTE:
        _expect(run, index, change.old, view[NOTE], "note")
        view[NOTE] = change.new
    elif action is Action.REASON:
        _expect(run, index, change.old, view[REASON], "reason")
        view[REASON] = change.new
    elif action is Action.SCORE:
        was = None if view[SCORE] is None else str(view[SCORE])
        _expect(run, index, change.old, was, "score")
        score = None if change.new is None else _number(change.new)
        if change.new is not None and score is None:
            run.wrong(index, _("{score!r} is not a part score").format(score=change.new))
        view[SCORE] = score
    elif action is Action.EVIDENCE_ADDED:
        if change.path is None or change.new is None:
            run.wrong(index, _("an evidence line names no file or no SHA-256"))
            return
        view[EVIDENCE].append([change.path, change.new, change.at, change.by])
    elif action is Action.EVIDENCE_REMOVED:
        attached = view[EVIDENCE]
        kept = [e for e in attached if not (e[0] == change.path and e[1] == change.old)]
        if len(kept) == len(attached):
            run.wrong(
                index,
                _("removes evidence {path!r}, which the lines before never attached").format(
                    path=change.path
                ),
            )
        view[EVIDENCE] = kept
    # reviewed: the upgrade's question answered; only who and when change


_STATUSES = frozenset(s.value for s in Status)


def _number(text: str) -> int | float | None:
    """A part score as a history line writes it: 1, 1.5 (half points)."""
    whole, dot, half = text.partition(".")
    if not (whole.isascii() and whole.isdigit() and len(whole) <= 3):
        return None
    if dot:
        return int(whole) + 0.5 if half == "5" else None
    return int(whole)


def _migrate(run: Replay, index: int, change: Change, item: str) -> str:
    """An upgrade's line: an item renamed, split, merged into this one, or archived."""
    sources = [s for s in (change.old or "").split("、") if s]
    if not sources:
        run.wrong(index, _("a migrated line names no item it came from"))
        return _hash(None)
    views = []
    for source in sources:
        run.gone.add(source)
        if source in run.items:
            run._moved[source] = run.items.pop(source)
        views.append(run._moved.get(source) or _empty())
    if change.new is None:  # archived: kept whole under a free key, as upgrade does
        key = item
        number = 1
        while key in run.archived:
            number += 1
            key = f"{item}-{number}"
        run.archived[key] = _copy(views[0])
        return _hash(views[0])
    if len(views) == 1:
        view = _copy(views[0])
    else:
        try:
            merged = merge_states([_as_state(v) for v in views], sources, review="")
        except InputError as exc:
            run.wrong(index, str(exc))
            merged = _as_state(views[0])
        view = _item_view(merged)
    run.items[item] = view
    return _hash(view)


# What messages call each field the history accounts for (translated only when said).
_FIELD_NAMES = {
    "status": N_("status"),
    "note": N_("note"),
    "reason": N_("reason"),
    "score": N_("part score"),
    "evidence": N_("evidence"),
    "updated": N_("time of the last change"),
    "by": N_("name of who changed it last"),
}
# … and what a line's `from` may speak of besides
_WHAT = {
    **_FIELD_NAMES,
    "narrative": N_("text"),
    "figure": N_("figure"),
    "setting": N_("report setting"),
}


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
        given = run.items.get(item) or _empty()
        problems += _state_problems(f"items.{item}", names.get(item, item), state, given)
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
        problems += _state_problems(f"archived.{key}.state", key, archived.state, replayed)
    problems += _document_problems(assessment, run)
    return problems + chain_problems(assessment, run.states)


def _document_problems(assessment: Assessment, run: Replay) -> list[Problem]:
    """The county's sections and figures against what the history says of them."""
    problems = []
    written = {key: text_digest(t) for key, t in assessment.narrative.items()}
    for section in sorted(written.keys() | run.narrative.keys()):
        if written.get(section) != run.narrative.get(section):
            problems.append(
                Problem.error(
                    f"narrative.{section}",
                    _(
                        "{section}: its text is not what the history gives "
                        "(changed without a history line?)"
                    ).format(section=labels.SECTION.get(section, section)),
                )
            )
    settings = setting_texts(assessment)
    for key in sorted(settings.keys() | run.settings.keys()):
        if settings.get(key) != run.settings.get(key):
            problems.append(
                Problem.error(
                    f"report.{key}",
                    _(
                        "report setting {key}: not what the history gives (changed without a "
                        "history line?)"
                    ).format(key=key),
                )
            )
    figures = {f.name: figure_text(f.value, f.unit) for f in assessment.figures}
    for name in sorted(figures.keys() | run.figures.keys()):
        if figures.get(name) != run.figures.get(name):
            problems.append(
                Problem.error(
                    "figures",
                    _(
                        "figure {name!r}: not what the history gives (changed without a "
                        "history line?)"
                    ).format(name=name),
                )
            )
    return problems


def _state_problems(key: str, name: str, state: ItemState, given: View) -> list[Problem]:
    held = _item_view(state)
    if held == given:
        return []
    problems = []
    for (what, label), mine, theirs in zip(_FIELD_NAMES.items(), held, given, strict=True):
        if mine != theirs:
            problems.append(
                Problem.error(
                    f"{key}.{what}",
                    _(
                        "{item}: its {field} is not what the history gives "
                        "(changed without a history line?)"
                    ).format(item=name, field=_(label)),
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


def sealed_at(assessment: Assessment) -> dt.datetime | None:
    """When it was sealed for submission, where the seal has not been lifted since."""
    for change in reversed(assessment.history):
        if change.action is Action.SEALED:
            return change.at
        if change.action is Action.UNSEALED:
            return None
    return None


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
