"""Sealing a submitted assessment and checking a seal: pure, given the bytes and the
evidence files' digests (commands/seal.py reads the files and the keys).

The signature covers the manifest's canonical JSON: the assessment file's SHA-256 and
size, its history's chain head, the checklist pinned, the assessee and period, every
evidence file's path, size and SHA-256, who sealed it and when. One changed byte in the
file or in any evidence file, and the seal no longer holds.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

import msgspec

from ipcheck.errors import IpcheckError
from ipcheck.model.assessment import Assessment
from ipcheck.model.review import Review
from ipcheck.model.seal import Manifest, Seal, SealedAssessment, SealedFile, Signature
from ipcheck.rules.history import chain_head, is_sealed
from ipcheck.rules.identity import Identity
from ipcheck.store.keys import PublicKey, fingerprint, raw_public
from ipcheck.text.i18n import _

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

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
        if known:  # the office's own name for the key: its owner
            signer = f"{known[0].owner.name} {known[0].key.fingerprint}"
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


REVIEW_DOMAIN = b"ipcheck review 1\n"


def review_bytes(review: Review) -> bytes:
    """What a review's signature covers: its canonical JSON, the signature left out."""
    return REVIEW_DOMAIN + msgspec.json.encode(msgspec.structs.replace(review, signature=None))


def sign_review(review: Review, key: Ed25519PrivateKey, comment: str) -> Review:
    """The review signed by the office's key, after every change."""
    public = PublicKey(raw_public(key), comment)
    signature = Signature(
        algorithm="ed25519",
        key=public.text,
        fingerprint=public.fingerprint,
        value=base64.b64encode(key.sign(review_bytes(review))).decode("ascii"),
    )
    return msgspec.structs.replace(review, signature=signature)


def review_signer(review: Review) -> PublicKey | None:
    """The key that signed the review, where the signature holds; None otherwise."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from ipcheck.store.keys import parse_public

    if review.signature is None:
        return None
    try:
        (key,) = parse_public(review.signature.key, "signature.key")
        value = base64.b64decode(review.signature.value, validate=True)
        Ed25519PublicKey.from_public_bytes(key.raw).verify(value, review_bytes(review))
    except (InvalidSignature, ValueError, binascii.Error, IpcheckError):
        return None
    return key
