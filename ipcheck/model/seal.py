"""The seal of a submitted assessment (报送) as plain, frozen data: what was submitted —
the file's bytes, its history's chain head, every evidence file — and who signed it."""

import datetime as dt
from typing import Annotated, Literal

from msgspec import Meta

from ipcheck.model.assessment import Assessee, ChecklistPin, Name, Sha256, _Record

SEAL_SCHEMA_VERSION = 1
SEAL_SUFFIX = ".seal"  # beside the assessment: 叶县-2025.toml → 叶县-2025.seal
KeyText = Annotated[str, Meta(max_length=300, description="A public key as short text")]


class SealedAssessment(_Record, frozen=True, kw_only=True, omit_defaults=True):
    file: Annotated[str, Meta(max_length=255, description="The assessment's file name")]
    size: Annotated[int, Meta(ge=0)]
    sha256: Annotated[Sha256, Meta(description="Of every byte of the file")]
    chain_head: Annotated[Sha256, Meta(description="The hash of its history's last line")]
    checklist: ChecklistPin
    assessee: Assessee
    period: Annotated[int, Meta(ge=2000, le=2100)]


class SealedFile(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """An evidence file as submitted."""

    path: Annotated[str, Meta(min_length=1, max_length=1000)]
    size: Annotated[int, Meta(ge=0)]
    sha256: Sha256


class Manifest(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """What the signature covers."""

    schema_version: Literal[1]
    kind: Literal["seal"]
    sealed_at: dt.datetime
    sealed_by: Name
    assessment: SealedAssessment
    evidence: tuple[SealedFile, ...] = ()


class Signature(_Record, frozen=True, kw_only=True, omit_defaults=True):
    algorithm: Literal["ed25519"]
    key: Annotated[KeyText, Meta(description="The signer's public key: ipcheck-ed25519 …")]
    fingerprint: Annotated[str, Meta(max_length=100)]
    value: Annotated[str, Meta(max_length=200, description="Base64")]


class Seal(Manifest, frozen=True, kw_only=True, omit_defaults=True):
    signature: Signature
