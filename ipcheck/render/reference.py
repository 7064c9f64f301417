"""The field tables of docs/checklist-format.md and docs/assessment-format.md, written from
the model itself (by cog, checked in CI), so the documentation cannot drift from the files."""

from __future__ import annotations

import msgspec
import msgspec.inspect as mi


def _constraints(info: mi.Type) -> list[str]:
    out = []
    for name, word in (("ge", "≥"), ("gt", ">"), ("le", "≤"), ("lt", "<")):
        value = getattr(info, name, None)
        if value is not None:
            out.append(f"{word} {value}")
    if getattr(info, "min_length", None):
        out.append(f"at least {info.min_length}")  # type: ignore[attr-defined]
    if getattr(info, "max_length", None):
        out.append(f"at most {info.max_length}")  # type: ignore[attr-defined]
    return out


def type_words(info: mi.Type) -> str:
    """A field's type as a maintainer reads it: text, integer ≥ 1, list of ids …"""
    if isinstance(info, mi.Metadata):
        info = info.type
    if isinstance(info, mi.UnionType):
        kinds = [t for t in info.types if not isinstance(t, mi.NoneType)]
        return " or ".join(type_words(t) for t in kinds)
    if isinstance(info, mi.StrType):
        if info.pattern and "a-z0-9" in info.pattern:
            return "id"
        if info.pattern and info.pattern.startswith("^(0|"):
            return "semantic version"
        if info.pattern and "一二三" in info.pattern:
            return "Chinese numeral"
        if info.pattern:
            return "text matching `" + info.pattern + "`"
        limit = f" (≤ {info.max_length} characters)" if info.max_length else ""
        return "text" + limit
    if isinstance(info, mi.IntType):
        bounds = _constraints(info)
        return "integer" + (" " + ", ".join(bounds) if bounds else "")
    if isinstance(info, mi.BoolType):
        return "true or false"
    if isinstance(info, mi.DateType):
        return "TOML date"
    if isinstance(info, mi.DateTimeType):
        return "TOML date-time"
    if isinstance(info, mi.LiteralType):
        return " or ".join(f"`{v!r}`".replace("'", '"') for v in info.values)
    if isinstance(info, mi.EnumType):
        return " or ".join(f'`"{m.value}"`' for m in info.cls)
    if isinstance(info, mi.StructType):
        return "table"
    if isinstance(info, mi.ListType | mi.VarTupleType):
        inner = info.item_type
        inner = inner.type if isinstance(inner, mi.Metadata) else inner
        if isinstance(inner, mi.StructType):
            return "array of tables"
        least = f", at least {info.min_length}" if info.min_length else ""
        return f"list of {type_words(inner)}{least}"
    if isinstance(info, mi.DictType):
        return f"table of {type_words(info.value_type)}s by id"
    return type(info).__name__


def fields_table(record: type[msgspec.Struct]) -> str:
    """| Key | Type | Required | Meaning | for one record of a format."""
    lines = ["| Key | Type | Required | Meaning |", "| --- | --- | --- | --- |"]
    info = mi.type_info(record)
    assert isinstance(info, mi.StructType)
    for field in info.fields:
        meta = field.type if isinstance(field.type, mi.Metadata) else None
        meaning = (meta.extra_json_schema or {}).get("description", "") if meta else ""
        required = "yes" if field.required else "no"
        text = type_words(field.type).replace("|", "\\|")
        lines.append(f"| `{field.encode_name}` | {text} | {required} | {meaning} |")
    return "\n".join(lines) + "\n"
