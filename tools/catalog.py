"""The message catalogs: gather the interface's messages from the code, keep the
Chinese catalog in step, and build the binary catalog that ships.

    python tools/catalog.py           # extract, update ipcheck.po, compile ipcheck.mo
    python tools/catalog.py --check   # exit 1 when the catalog is not current (CI, tests)

Messages are marked in the code with _(), N_() and ngettext() (ipcheck/text/i18n.py).
After an update, translate the new entries of
ipcheck/locale/zh_CN/LC_MESSAGES/ipcheck.po (an empty msgstr is untranslated)
and run this again to compile. Babel does the work; it is a development
dependency only: the installed ipcheck reads the .mo with the standard library.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gettext
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ipcheck"
LOCALE = PACKAGE / "locale"
PO = LOCALE / "zh_CN" / "LC_MESSAGES" / "ipcheck.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
METHOD_MAP = [("**.py", "python"), ("serve/templates/**.j2", "jinja2.ext:babel_extract")]
# Fixed header fields: the files change only when a message does.
HEADER = {
    "project": "ipcheck",
    "domain": "ipcheck",
    "copyright_holder": "the ipcheck authors",
    "msgid_bugs_address": "",
    "creation_date": dt.datetime(2026, 11, 25, tzinfo=dt.UTC),
    "revision_date": dt.datetime(2026, 11, 25, tzinfo=dt.UTC),
    "last_translator": "the ipcheck authors",
    "language_team": "zh_CN",
    "fuzzy": False,
}


def new_catalog(**extra: object) -> Catalog:
    return Catalog(**HEADER, **extra)  # type: ignore[arg-type]


def extracted() -> Catalog:
    """Every message marked in the package, as a template catalog."""
    template = new_catalog()
    for _filename, _lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), METHOD_MAP, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        template.add(message, None, auto_comments=comments, context=context)
    return template


def read_catalog(path: Path = PO) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale="zh_CN", domain="ipcheck")


def updated(current: Catalog, template: Catalog) -> Catalog:
    """The catalog with the template's messages: kept translations, new ones empty,
    messages no longer in the code dropped."""
    current.update(template, no_fuzzy_matching=True, update_header_comment=False)
    current.obsolete.clear()
    for field in ("creation_date", "revision_date", "last_translator", "language_team"):
        setattr(current, field, HEADER[field])
    current.fuzzy = False
    return current


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, no_location=True, sort_output=True, omit_header=False)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether it is current")
    args = parser.parse_args()
    catalog = updated(read_catalog() if PO.exists() else new_catalog(locale="zh_CN"), extracted())
    if args.check:
        found = problems()
        for problem in found:
            print(problem, file=sys.stderr)
        return 1 if found else 0
    PO.parent.mkdir(parents=True, exist_ok=True)
    PO.write_bytes(po_bytes(catalog))
    MO.write_bytes(mo_bytes(catalog))
    missing = [m.id for m in catalog if m.id and not all(_strings(m))]
    print(f"{len(catalog)} messages, {len(missing)} untranslated: {PO.relative_to(ROOT)}")
    return 0


def _key(message_id: str | tuple[str, ...]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def problems() -> list[str]:
    """What makes the shipped catalog not current: a message of the code missing from it or
    untranslated, a message it has that the code no longer says, a .mo that does not say
    what the .po says."""
    catalog = read_catalog()
    wanted = {_key(m.id) for m in extracted() if m.id}
    have = {_key(m.id): m for m in catalog if m.id}
    out = [f"not in the catalog: {m!r}" for m in sorted(wanted - set(have))]
    out += [f"no longer in the code: {m!r}" for m in sorted(set(have) - wanted)]
    out += [f"untranslated: {k!r}" for k, m in sorted(have.items()) if not all(_strings(m))]
    with MO.open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    for key, message in sorted(have.items()):
        if isinstance(message.id, str):
            shipped = compiled.gettext(key)
            expected = str(message.string)
        else:
            shipped = compiled.ngettext(message.id[0], message.id[1], 1)
            expected = _strings(message)[0]
        if shipped != expected:
            out.append(f"ipcheck.mo is not current for {key!r}: run python tools/catalog.py")
    return out


def _strings(message: object) -> list[str]:
    string = getattr(message, "string", "")
    if string is None:
        return [""]
    return list(string) if isinstance(string, (list, tuple)) else [str(string)]


if __name__ == "__main__":
    sys.exit(main())
