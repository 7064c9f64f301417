"""The office's review file's one owner (叶县-2025.review, beside the assessment): where it
lies, reading it as a received file, the signature that makes it the office's, and
changing it under the assessment's own lock — a review replaced is kept as a backup
first, never lost."""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from ipcheck.errors import InputError, IpcheckError
from ipcheck.model.assessment import Assessment
from ipcheck.model.checklist import Scoring
from ipcheck.model.review import REVIEW_SUFFIX, Review
from ipcheck.model.seal import Signature
from ipcheck.rules.review import check_decisions, same_state
from ipcheck.rules.scope import ScopedItem
from ipcheck.store.files import read_bytes, read_companion
from ipcheck.store.keys import PublicKey, raw_public
from ipcheck.store.loader import describe_conversion_error
from ipcheck.store.toml import decode_text, loads_toml
from ipcheck.store.writer import atomic_write, locked, to_toml
from ipcheck.text.i18n import _

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

REVIEW_LIMIT = 4 << 20  # a review of a few hundred items: far below this
REVIEW_DOMAIN = b"ipcheck review 1\n"


def review_path(assessment: Path) -> Path:
    return assessment.with_suffix(REVIEW_SUFFIX)


def read_review_bytes(assessment: Path) -> bytes | None:
    """The review beside an assessment, if the office has begun one; a link leading out of
    the assessment's folder is refused, not followed."""
    return read_companion(review_path(assessment), assessment, REVIEW_LIMIT)


def parse_review(data: bytes, path: Path) -> Review:
    raw = loads_toml(decode_text(data, str(path)), str(path))
    try:
        return msgspec.convert(raw, Review, strict=True)
    except msgspec.ValidationError as exc:
        problem = describe_conversion_error(exc)
        raise InputError(
            _("{path}: not a review ipcheck can read: {key}: {problem}").format(
                path=path, key=problem.key, problem=problem.message
            )
        ) from None


def office_key() -> tuple[Ed25519PrivateKey, str]:
    """The office's signing key (ipcheck key --new --name 市考核办) and its name: it signs
    every review, and only reviews it signed are counted here."""
    from ipcheck.store.keys import default_key_path, key_name, load_private

    path = default_key_path()
    if not path.exists():
        raise InputError(
            _(
                "the office signs its reviews, and this machine has no signing key: "
                "create it once with: ipcheck key --new --name 市考核办"
            )
        )
    return load_private(path), key_name(path) or ""


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


def trusted(review: Review, target: Path, office: bytes | None = None) -> Review:
    """The review, if this office signed it (a review in another's name, or changed by
    hand since, is refused: a county cannot send the office a review of its own). `office`:
    the office's public key (--office-key), where this machine has not its private key."""
    if office is None:
        try:
            office = raw_public(office_key()[0])
        except InputError:
            raise InputError(
                _(
                    "{review}: this machine has not the office's key to check it with (on "
                    "another machine than the office's, summary --office-key KEY names its "
                    "public key)"
                ).format(review=target)
            ) from None
    raw = office
    signer = review_signer(review)
    if signer is None or signer.raw != raw:
        raise InputError(
            _(
                "{review} is not signed by this office's key: not counted (a review is "
                "begun and changed with ipcheck review and ipcheck decide here)"
            ).format(review=target)
        )
    return review


def checked_review(
    path: Path,
    assessment: Assessment,
    scope: Sequence[ScopedItem],
    sha256: str,
    data: bytes | None = None,
    *,
    scoring: Scoring,
    office: bytes | None = None,
) -> Review:
    """The review beside an assessment (its bytes, where already read), counted only as
    this office signed it, of the file as it is, with decisions ipcheck would record."""
    target = review_path(path)
    if data is None:
        data = read_review_bytes(path)
        if data is None:
            raise InputError(
                _(
                    "no review of {file}: begin one with ipcheck review -f {file} --new "
                    "--reviewer NAME"
                ).format(file=path.name)
            )
    review = trusted(parse_review(data, target), target, office)
    same_state(review, assessment, path.name, sha256)
    check_decisions(review, assessment, scope, scoring)
    return review


def change_review(
    assessment: Path,
    apply: Callable[[], Review],
    *,
    replace: bool = False,
) -> tuple[Review, Path | None]:
    """Write the review `apply` gives (it reads the current one itself), under the
    assessment's lock: the review and the file it reviews change one at a time. With
    `replace`, a review already there is kept as a backup (叶县-2025.review.1.bak, …)
    before it is replaced, and the backup's path returned."""
    target = review_path(assessment)

    def work() -> tuple[Review, Path | None]:
        from ipcheck.store.assessment_file import asked, refuse_stale_review

        if asked():  # a page shown from one state of the file and its review
            data = read_review_bytes(assessment)
            current = None if data is None else parse_review(data, target)
            refuse_stale_review(assessment, read_bytes(assessment), data or b"", current)
        backup = None
        data = read_review_bytes(assessment) if replace else None
        review = apply()  # may refuse: then nothing is written, not even the backup
        if data is not None:
            backup = _free_backup(target)
            atomic_write(backup, data)
        atomic_write(target, to_toml(review))
        return review, backup

    return locked(assessment, work)


def _free_backup(target: Path) -> Path:
    counter = 1
    while os.path.lexists(backup := target.with_name(f"{target.name}.{counter}.bak")):
        counter += 1
    return backup
