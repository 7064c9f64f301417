"""A spreadsheet cell's value as Excel shows it, from the value and its number format: what
a department saw in the cell is what the file records (3月12日, 50%, 1,234.50, ¥1,234.00).

The formats offices use: General, text, dates and times (yyyy m d h mm ss, 年月日, AM/PM),
numbers with decimals, thousands, percent, scientific, literal and quoted text, currency
and locale tags. A format it cannot read shows the value as General does.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext

_DATE = re.compile(r"(?i)(yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|a/p)")
_PLACEHOLDERS = set("0#?")
_WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def shown(value: object, number_format: str | None) -> str:
    """The text of a cell: its value under its number format (General where the format,
    or the value, is beyond what is read here)."""
    fmt = (number_format or "General").strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.timedelta):  # [h]:mm, elapsed time: 36:00
        minutes = int(value.total_seconds() // 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # no cell holds one; a crafted file may
    try:
        return _shown(value, fmt)
    except (ValueError, IndexError, OverflowError):
        return str(value)


def _shown(value: object, fmt: str) -> str:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return _when(value, fmt)
    if isinstance(value, int | float):
        return _number(float(value), fmt)
    return str(value)


def _general(value: float) -> str:
    """Excel's General: a whole number without .0, else up to 11 significant digits."""
    if value.is_integer() and abs(value) < 1e11:
        return str(int(value))
    text = f"{value:.11g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}E{exponent[0]}{exponent[1:].zfill(2)}"
    return text


def _sections(fmt: str) -> list[str]:
    """The format's sections (positive; negative; zero; text), split outside quotes."""
    out, current, quoted = [], "", False
    for char in fmt:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            out.append(current)
            current = ""
        else:
            current += char
    return [*out, current]


def _tokens(section: str) -> list[tuple[str, str]]:
    """(kind, text): literal text (quoted, escaped, or a currency tag) or format code."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(section):
        char = section[i]
        if char == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            out.append(("literal", section[i + 1 : end]))
            i = end + 1
        elif char == "\\" and i + 1 < len(section):
            out.append(("literal", section[i + 1]))
            i += 2
        elif char == "[":
            end = section.find("]", i)
            end = len(section) if end < 0 else end
            tag = section[i + 1 : end]
            if tag.startswith("$"):  # [$¥-804]: a currency symbol and a locale
                out.append(("literal", tag[1:].split("-")[0]))
            i = end + 1
        elif char in "_*" and i + 1 < len(section):  # padding: a space, or nothing
            out.append(("literal", " " if char == "_" else ""))
            i += 2
        else:
            out.append(("code", char))
            i += 1
    return out


def _when(value: dt.datetime | dt.date | dt.time, fmt: str) -> str:
    section = _sections(fmt)[0]
    tokens = _tokens(section)
    if not _DATE.search("".join(t for kind, t in tokens if kind == "code")):
        # General, or a number format on a date: Excel would show a serial number; the
        # date as a Chinese Excel writes it says the same and reads better
        section = "h:mm" if isinstance(value, dt.time) else "yyyy/m/d"
        if isinstance(value, dt.datetime) and (value.hour, value.minute) != (0, 0):
            section += " h:mm"
        tokens = _tokens(section)
    day = value if isinstance(value, dt.date) else None
    if isinstance(value, dt.datetime):
        clock = value.time()
    elif isinstance(value, dt.time):
        clock = value
    else:
        clock = dt.time()
    twelve = re.search(r"(?i)am/pm|a/p", section) is not None
    previous = ""
    codes = "".join(f"\0{t}\0" if k == "literal" else t for k, t in tokens)
    pieces: list[str] = []
    for n, part in enumerate(codes.split("\0")):
        if n % 2:  # a literal
            pieces.append(part)
            continue
        position = 0
        for match in _DATE.finditer(part):
            pieces.append(part[position : match.start()])
            token = match.group(1).lower()
            after = part[match.end() :].lstrip(":. ").lower()
            minute = token in ("m", "mm") and (previous in ("h", "hh") or after.startswith("s"))
            pieces.append(_date_token(token, day, clock, twelve, minute))
            if token not in ("am/pm", "a/p"):
                previous = token
            position = match.end()
        pieces.append(part[position:])
    return "".join(pieces)


def _date_token(token: str, day: dt.date | None, clock: dt.time, twelve: bool, minute: bool) -> str:
    hour = clock.hour % 12 or 12 if twelve else clock.hour
    if token in ("am/pm", "a/p"):
        return ("AM" if clock.hour < 12 else "PM") if token == "am/pm" else "AP"[clock.hour >= 12]
    if token in ("h", "hh"):
        return f"{hour:02d}" if token == "hh" else str(hour)
    if token in ("s", "ss"):
        return f"{clock.second:02d}" if token == "ss" else str(clock.second)
    if minute:
        return f"{clock.minute:02d}" if token == "mm" else str(clock.minute)
    if day is None:
        return ""
    if token == "yyyy":
        return str(day.year)
    if token == "yy":
        return f"{day.year % 100:02d}"
    if token in ("m", "mm"):
        return f"{day.month:02d}" if token == "mm" else str(day.month)
    if token in ("mmm", "mmmm"):
        return f"{day.month}月"
    if token in ("d", "dd"):
        return f"{day.day:02d}" if token == "dd" else str(day.day)
    return _WEEKDAYS[day.weekday()]  # ddd, dddd


def _rounded(value: Decimal, spec: str) -> str:
    with localcontext() as context:
        context.rounding = ROUND_HALF_UP  # away from zero, as Excel
        context.prec = max(context.prec, 400)  # a float's every digit (1e308 has 309)
        return format(value, spec)


def _number(value: float, fmt: str) -> str:
    sections = _sections(fmt)
    section = sections[0]
    if value < 0 and len(sections) > 1 and sections[1]:
        section, value = sections[1], -value  # the negative section writes its own sign
    elif value == 0 and len(sections) > 2 and sections[2]:
        section = sections[2]
    tokens = _tokens(section)
    codes = "".join(t for kind, t in tokens if kind == "code")
    if not (_PLACEHOLDERS & set(codes)):
        literal = "".join(t for kind, t in tokens if kind == "literal")
        if "general" in codes.lower() or (codes.strip() in ("", "@") and not literal):
            return literal + _general(value)
        return literal or _general(value)  # "零": a section of text alone
    first = next(i for i, (k, t) in enumerate(tokens) if k == "code" and t in _PLACEHOLDERS)
    last = max(i for i, (k, t) in enumerate(tokens) if k == "code" and t in _PLACEHOLDERS)
    number = "".join(t for _k, t in tokens[first : last + 1])
    percent = codes.count("%")
    # Excel rounds the decimal number it shows, half away from zero (2.5 shows 3, 0.125
    # at two places 0.13), where Python's float formatting rounds the binary one to even
    scaled = Decimal(repr(value)) * 100**percent
    if "E" in codes.upper() and re.search(r"(?i)e[+-]", codes):
        mantissa = re.split(r"(?i)e", number)[0].split(".")
        decimals = sum(1 for c in mantissa[1] if c in _PLACEHOLDERS) if len(mantissa) > 1 else 0
        text = _rounded(scaled, f".{decimals}E")
        head, exponent = text.split("E")
        body = f"{head}E{exponent[0]}{exponent[1:].zfill(2)}"
        rest = tokens[last + 1 :]
        rest = [(k, t) for k, t in rest if not (k == "code" and (t.upper() == "E" or t in "+-"))]
        rest = [(k, t) for k, t in rest if not (k == "code" and t in _PLACEHOLDERS)]
    else:
        integer, _dot, fraction = number.partition(".")
        decimals = sum(1 for c in fraction if c in _PLACEHOLDERS)
        thousands = "," in integer.strip(",")
        divided = scaled / 1000 ** (len(integer) - len(integer.rstrip(",")))
        body = _rounded(divided, f"{',' if thousands else ''}.{decimals}f")
        optional = sum(1 for c in fraction if c in "#?")
        if optional and "." in body:  # 0.0# shows a digit it needs, not a trailing zero
            whole, _dot, digits = body.partition(".")
            digits = digits[: decimals - optional] + digits[decimals - optional :].rstrip("0")
            body = whole + ("." + digits if digits else "")
        rest = tokens[last + 1 :]
    before = "".join(t for _k, t in tokens[:first])
    after = "".join(t for _k, t in rest)
    if value < 0 and not (len(sections) > 1 and sections[1]) and not body.startswith("-"):
        body = "-" + body
    return before + body + after
