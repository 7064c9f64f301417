"""The outputs of ipcheck as typed, frozen data: what `--format json` prints, what the
templates and renderers read. Their JSON Schemas are generated from these (`ipcheck
schema KIND`), like those of the file formats."""

from __future__ import annotations

import msgspec


class View(msgspec.Struct, frozen=True, kw_only=True):
    """A part of an output: every field is always written, null where there is nothing."""


class Sparse(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A part of an output whose optional fields are left out when they are empty."""
