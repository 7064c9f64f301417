"""The seal file's one owner (叶县-2025.seal, beside the assessment): making a seal at
submission, reading one as a received file, and checking it.

The signature covers the manifest's canonical JSON: the assessment file's SHA-256 and
size, its history's chain head, the checklist pinned, the assessee and period, every
evidence file's path, size and SHA-256, who sealed it and when. One changed byte in the
file or in any evidence file, and the seal no longer holds. Evidence is read by the one
rule verify reads it by (store/evidence.py); the keys an office trusts each answer for
the one assessee written after them (rules/identity.py).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import msgspec

from ipcheck.errors import InputError, IpcheckError
from ipcheck.model.assessment import Assessment
from ipcheck.model.checklist import Checklist
from ipcheck.model.loaded import LoadedAssessment
from ipcheck.model.problems import Severity
from ipcheck.model.seal import SEAL_SUFFIX, Manifest, Seal, SealedAssessment, SealedFile, Signature
from ipcheck.rules.history import chain_head, history_problems, is_sealed
from ipcheck.rules.identity import Identity, assessee_identity, owner_identity
from ipcheck.store.evidence import examine
from ipcheck.store.files import read_bytes, read_companion
from ipcheck.store.keys import PublicKey, fingerprint, raw_public, trusted_keys
from ipcheck.store.loader import describe_conversion_error
from ipcheck.store.toml import decode_text, loads_toml
from ipcheck.text.i18n import _

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

SEAL_LIMIT = 16 << 20  # a seal lists the evidence files: far below this


def seal_path(assessment: Path) -> Path:
    return assessment.with_suffix(SEAL_SUFFIX)


SIGNED_DOMAIN = b"ipcheck seal 1\n"


def signed_bytes(manifest: Manifest) -> bytes:
    """What is signed: the manifest's canonical JSON, the signature left out."""
    fields = {f: getattr(manifest, f) for f in Manifest.__struct_fields__}
    return SIGNED_DOMAIN + msgspec.json.encode(Manifest(**fields))


def sealed_files(assessment: Assessment) -> tuple[SealedFile, ...]:
    """Every evidence file of the assessment, once, as recorded."""
    seen: dict[str, SealedFile] = {}
    for state in assessment.items.values():
        for e in state.evidence:
            seen.setdefault(e.path, SealedFile(path=e.path, size=e.size, sha256=e.sha256))
    return tuple(sorted(seen.values(), key=lambda f: f.path))


def make_seal(
    assessment: Assessment,
    file_name: str,
    data: bytes,
    key: Ed25519PrivateKey,
    comment: str,
    at: dt.datetime,
    by: str,
) -> Seal:
    head = chain_head(assessment)
    assert head is not None  # a sealed file's history is chained: its last line seals it
    manifest = Manifest(
        schema_version=1,
        kind="seal",
        sealed_at=at,
        sealed_by=by,
        assessment=SealedAssessment(
            file=file_name,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            chain_head=head,
            checklist=assessment.checklist,
            assessee=assessment.assessee,
            period=assessment.period,
        ),
        evidence=sealed_files(assessment),
    )
    public = PublicKey(raw_public(key), comment)
    signature = Signature(
        algorithm="ed25519",
        key=public.text,
        fingerprint=public.fingerprint,
        value=base64.b64encode(key.sign(signed_bytes(manifest))).decode("ascii"),
    )
    fields = {f: getattr(manifest, f) for f in Manifest.__struct_fields__}
    return Seal(**fields, signature=signature)


class Trusted(NamedTuple):
    """A key of the office's list, with the assessee it answers for (rules/identity.py)."""

    key: PublicKey
    owner: Identity


class SealCheck(NamedTuple):
    """What a seal check found: problems (each one line), and who signed."""

    problems: list[str]
    signer: str  # the key's comment and fingerprint
    trusted: bool | None  # None: no key was given to trust
    lifted: bool = False  # the file was unsealed since: the seal records a past submission


def check_seal(
    seal: Seal,
    data: bytes,
    assessment: Assessment,
    files_now: Mapping[str, tuple[int, str] | str],
    trusted: Sequence[Trusted] | None,
    assessee: Identity | str | None = None,
) -> SealCheck:
    """`files_now`: each sealed evidence path → (size, sha256) as it is now, or why it
    cannot be read. `trusted`: the public keys the checker trusts, each with its owner
    (None: none given); `assessee`: who the file is of, or why that cannot be told."""
    problems: list[str] = []
    signer_key = _signer(seal, problems)
    if signer_key is None:
        # nothing the seal says can be relied on: its signature is all there is to say
        return SealCheck(problems, seal.signature.fingerprint, None)
    signer = f"{signer_key.comment} {signer_key.fingerprint}".strip()
    trust: bool | None = None
    if trusted is not None:
        known = [t for t in trusted if t.key.raw == signer_key.raw]
        trust = bool(known)
        if known:  # the office's own name for the key: its owner (the assessee's, where
            # one key is listed for several)
            named = next((t for t in known if t.owner == assessee), known[0])
            signer = f"{named.owner.name} {named.key.fingerprint}"
        owners = {t.owner for t in known}
        if not trust:
            problems.append(
                _("signed by {signer}, which is not among the keys given with --key").format(
                    signer=signer
                )
            )
        elif isinstance(assessee, str):
            trust = False
            problems.append(assessee)
        elif assessee is not None and assessee not in owners:
            # the office's list: each key answers for the assessee written after it
            trust = False
            problems.append(
                _(
                    "signed by {signer}: the list given with --key has this key for "
                    "{owner}, not for {assessee}"
                ).format(
                    signer=signer,
                    owner="、".join(sorted(o.name for o in owners)),
                    assessee=assessee.name,
                )
            )
    sealed = seal.assessment
    if hashlib.sha256(data).hexdigest() != sealed.sha256 or len(data) != sealed.size:
        problems.append(
            _("{file} is not the file that was sealed: its bytes changed since {at}").format(
                file=sealed.file, at=seal.sealed_at
            )
            + _line_ends_only(data, sealed.sha256)
        )
    else:
        # `ipcheck seal` seals no file whose history does not account for it: one sealed
        # so (a status changed by hand, then signed) is not what the seal vouches for
        unaccounted = [p for p in history_problems(assessment, {}) if p.severity is Severity.ERROR]
        if unaccounted:
            problems.append(
                _(
                    "its history does not account for its state, which ipcheck seal never "
                    "seals: {problem}"
                ).format(problem=unaccounted[0].message)
            )
    if not is_sealed(assessment):
        problems.append(_("the seal was lifted (ipcheck unseal): see the file's history"))
    for entry in seal.evidence:
        now = files_now.get(entry.path, _("not checked"))
        if isinstance(now, str):
            problems.append(_("evidence {path}: {problem}").format(path=entry.path, problem=now))
        elif now != (entry.size, entry.sha256):
            problems.append(
                _(
                    "evidence {path} changed since it was sealed (SHA-256 {now}…, "
                    "{size} bytes; sealed {then}…, {sealed_size} bytes)"
                ).format(
                    path=entry.path,
                    now=now[1][:12],
                    size=now[0],
                    then=entry.sha256[:12],
                    sealed_size=entry.size,
                )
            )
    if {(f.path, f.sha256) for f in sealed_files(assessment)} != {
        (f.path, f.sha256) for f in seal.evidence
    }:
        problems.append(_("the assessment's evidence list is not the one sealed"))
    return SealCheck(problems, signer, trust)


def _signer(seal: Seal, problems: list[str]) -> PublicKey | None:
    """The signing key, if the signature holds with it."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from ipcheck.store.keys import parse_public

    try:
        (key,) = parse_public(seal.signature.key, "signature.key")
        value = base64.b64decode(seal.signature.value, validate=True)
        Ed25519PublicKey.from_public_bytes(key.raw).verify(value, signed_bytes(seal))
    except (InvalidSignature, ValueError, binascii.Error, IpcheckError):
        problems.append(_("the signature does not hold: the seal file was changed"))
        return None
    if fingerprint(key.raw) != seal.signature.fingerprint:
        problems.append(_("the seal's fingerprint is not its key's"))
    return key


def read_seal(path: Path, data: bytes) -> Seal:
    """A seal file, checked as a received file: bounded, its format enforced."""
    raw = loads_toml(decode_text(data, str(path)), str(path))
    try:
        return msgspec.convert(raw, Seal, strict=True)
    except msgspec.ValidationError as exc:
        problem = describe_conversion_error(exc)
        raise InputError(
            _("{path}: not a seal ipcheck can read: {key}: {problem}").format(
                path=path, key=problem.key, problem=problem.message
            )
        ) from None


def owned_keys(given: str, checklist: Checklist) -> list[Trusted]:
    """--key's keys, each with the county or unit written after it; a key whose owner is
    not exactly one county of the roster or one unit is refused, naming its line."""
    owned: list[Trusted] = []
    for public in trusted_keys(given):
        owner = owner_identity(checklist, public.comment)
        if isinstance(owner, str):
            raise InputError(_("{path}: {problem}").format(path=public.source, problem=owner))
        owned.append(Trusted(public, owner))
    return owned


def _line_ends_only(data: bytes, sealed_sha256: str) -> str:
    """What to say where the bytes differ from those sealed by their line ends alone: an
    editor, git (core.autocrlf) or a mail program wrote them as CRLF (or back to LF). The
    seal is of every byte, so it still does not hold; the office is told what changed."""
    for other in (data.replace(b"\r\n", b"\n"), data.replace(b"\n", b"\r\n")):
        if other != data and hashlib.sha256(other).hexdigest() == sealed_sha256:
            return _(
                " (only its line ends differ, CRLF/LF, as an editor, git or e-mail may change "
                "them: undo that change, or ask for the file as it was sealed)"
            )
    return ""


def check_sealed(
    loaded: LoadedAssessment, key: str | None, checklist: Checklist, allow_outside: bool = False
) -> SealCheck | None:
    """The seal beside the assessment, checked; None when there is none and no key was
    given. Evidence is read as verify reads it: outside the assessment's folder only with
    allow_outside."""
    target = seal_path(loaded.path)
    trusted = owned_keys(key, checklist) if key is not None else None
    # a link leading out of the assessment's folder is refused as evidence is, unread
    seal_data = read_companion(target, loaded.path, SEAL_LIMIT)
    if seal_data is None:
        if is_sealed(loaded.assessment):
            problem = _(
                "its history says it was sealed, but its seal file {seal} is missing (a "
                "file and its seal share a name: renamed?)"
            ).format(seal=target.name)
        elif key is not None:
            problem = _("not sealed: no seal file {seal} beside it (ipcheck seal)").format(
                seal=target.name
            )
        else:
            return None
        return SealCheck([problem], "", None)
    found = read_seal(target, seal_data)
    if key is None and not is_sealed(loaded.assessment):
        return SealCheck([], found.signature.fingerprint, None, lifted=True)
    files_now: dict[str, tuple[int, str] | str] = {}
    for entry in found.evidence:
        now = examine(loaded.folder, entry.path, allow_outside=allow_outside)
        files_now[entry.path] = now.detail if now.sha256 is None else (now.size, now.sha256)
    data = read_bytes(loaded.path)
    assessee = assessee_identity(checklist, loaded.assessment.assessee)
    return check_seal(found, data, loaded.assessment, files_now, trusted, assessee)


def seal_state(loaded: LoadedAssessment, checklist: Checklist) -> str:
    """sealed (the seal holds for these bytes and every evidence file, as verify checks it
    without a key), seal-broken (sealed, and something is not as sealed), or unsealed.
    What report, review and decide go by: one file's evidence is hashed."""
    if not is_sealed(loaded.assessment):
        return "unsealed"
    try:
        found = check_sealed(loaded, None, checklist)
    except IpcheckError:
        return "seal-broken"
    return "sealed" if found is not None and not found.problems else "seal-broken"


def read_seal_bytes(path: Path) -> bytes | None:
    """The seal beside an assessment, if there is one; a link leading out of the
    assessment's folder is refused, not followed (IpcheckError)."""
    return read_companion(seal_path(path), path, SEAL_LIMIT)


def seal_matches(path: Path, sha256: str, data: bytes | None) -> bool:
    """Whether the seal beside an assessment (`data`, its bytes as read_seal_bytes read
    them) is of these bytes (their SHA-256): the cheap check that a sealed file was not
    changed since (verify checks the rest: the signature, the evidence, who signed)."""
    if data is None:
        return False
    try:
        return read_seal(seal_path(path), data).assessment.sha256 == sha256
    except IpcheckError:
        return False
