"""JSON as `--format json` prints it: a view's fields in order, indented, UTF-8 as it is."""

from __future__ import annotations

import json

import msgspec


def json_text(view: object) -> str:
    return json.dumps(msgspec.to_builtins(view), ensure_ascii=False, indent=2) + "\n"
