"""Signing keys: an Ed25519 key pair kept in the user's config folder (or taken from a
file), and public keys exchanged as one short line of text.

    ipcheck-ed25519 AAAAC3Nza… 叶县市场监管局

A county that already has an OpenSSH Ed25519 key may use it (`--key ~/.ssh/id_ed25519`,
an unprotected one); the office then trusts its `ssh-ed25519 …` line. The cryptography
is the `cryptography` library's; it is imported only by the commands that sign or check.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ipcheck.errors import InputError
from ipcheck.store.files import read_bytes
from ipcheck.store.writer import atomic_write
from ipcheck.text.hints import cli_hint
from ipcheck.text.i18n import _
from ipcheck.text.oserrors import reason

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

CONFIG_ENV = "IPCHECK_CONFIG_DIR"
KEY_FILE = "signing-key.pem"
PREFIX = "ipcheck-ed25519"
SSH_PREFIX = "ssh-ed25519"
KEY_FILE_LIMIT = 64 << 10  # a key file, or a list of public keys, is small


class PublicKey(NamedTuple):
    raw: bytes  # the 32 bytes of an Ed25519 public key
    comment: str  # in the office's list: whose key it is (叶县, 市公安局)
    source: str = ""  # where it was read: "各县公钥.pub, line 3"

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.raw)

    @property
    def text(self) -> str:
        line = f"{PREFIX} {base64.b64encode(self.raw).decode('ascii')}"
        return f"{line} {self.comment}" if self.comment else line


def fingerprint(raw: bytes) -> str:
    """SHA256:… as OpenSSH prints it."""
    digest = base64.b64encode(hashlib.sha256(raw).digest()).decode("ascii").rstrip("=")
    return f"SHA256:{digest}"


def config_dir() -> Path:
    """$IPCHECK_CONFIG_DIR, else the user's config folder (%APPDATA%\\ipcheck on Windows,
    ~/.config/ipcheck on Linux)."""
    given = os.environ.get(CONFIG_ENV, "").strip()
    if given:
        return Path(given)
    from typer import get_app_dir

    return Path(get_app_dir("ipcheck"))


def default_key_path() -> Path:
    return config_dir() / KEY_FILE


def raw_public(key: Ed25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def name_path(key: Path) -> Path:
    """Where the key's name is kept: the public key line, beside the private key."""
    return key.with_name(key.name + ".pub")


def key_name(key: Path) -> str | None:
    """The name given at `ipcheck key --new --name`, if it was kept."""
    try:
        text = read_bytes(name_path(key), KEY_FILE_LIMIT).decode("utf-8")
        (public,) = parse_public(text, str(name_path(key)))
    except (InputError, UnicodeDecodeError, ValueError):
        return None
    return public.comment or None


def public_line(key: Path, name: str | None = None) -> str:
    """The public key line of the signing key at `key` — what the office is given — with
    `name`, else the name it was made with, else the user's."""
    from ipcheck.store.clock import who

    return PublicKey(raw_public(load_private(key)), name or key_name(key) or who(None)).text


def create_key(path: Path, force: bool, name: str) -> str:
    """A new key pair, its private half written to `path` readable by its owner only,
    its public line (with its name) beside it; the line is returned. Made under the key's
    lock: two made at once (a double click on the page) left a public line that was not
    the private key's, and the line printed was the wrong one."""
    from ipcheck.store.writer import locked

    def work() -> str:
        if os.path.lexists(path) and not force:
            replace = cli_hint(_("; pass --force to replace it"))
            raise InputError(
                _(
                    "{path} already exists: a county keeps one key (the office trusts it){hint}"
                ).format(path=path, hint=replace)
            )
        return _make_key(path, name)

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            _("{path}: cannot write the key: {reason}").format(path=path, reason=reason(exc))
        ) from None
    return locked(path, work)


def _make_key(path: Path, name: str) -> str:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    line = PublicKey(raw_public(key), name).text + "\n"
    try:
        _write_private(path, pem)
        atomic_write(name_path(path), line)
    except OSError as exc:
        raise InputError(
            _("{path}: cannot write the key: {reason}").format(path=path, reason=reason(exc))
        ) from None
    return line


SHEET_SECRET = "sheet-secret"  # in the config folder: seals the record of each exported sheet


def sheet_secret() -> bytes:
    """This machine's secret for the sheets it exports (ipcheck export): a department can
    fill a sheet, not rewrite what the sheet says went out. Made on first use, readable by
    the owner only."""
    import secrets

    path = config_dir() / SHEET_SECRET
    try:
        if not os.path.lexists(path):
            path.parent.mkdir(parents=True, exist_ok=True)
            _make_once(path, secrets.token_bytes(32))
        data = read_bytes(path, 1024)
    except OSError as exc:
        raise InputError(
            _("{path}: cannot keep the sheets' secret: {reason}").format(
                path=path, reason=reason(exc)
            )
        ) from None
    if len(data) != 32:
        raise InputError(
            _("{path}: not the sheets' secret ipcheck made; remove it to make a new one").format(
                path=path
            )
        )
    return data


def _make_once(path: Path, data: bytes) -> None:
    """Create `path` holding `data`, owner-only, unless another process made it first
    (two first exports at once share one secret): written whole beside, then linked in."""
    import secrets

    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.new")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)  # fails if it exists: the first one stays
    except FileExistsError:
        pass
    except OSError:  # a file system without links (FAT): the last one in stays
        if not os.path.lexists(path):
            tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def _write_private(path: Path, data: bytes) -> None:
    """Write beside, readable by the owner only (mode 0600 on POSIX; on Windows the
    user's own profile folder keeps it), then move over the old key."""
    tmp = path.with_name(f".{path.name}.new")
    if os.path.lexists(tmp):
        tmp.unlink()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    tmp.replace(path)


def load_private(path: Path) -> Ed25519PrivateKey:
    """An Ed25519 private key from a PEM (ipcheck's) or an OpenSSH key file."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        load_pem_private_key,
        load_ssh_private_key,
    )

    if not os.path.lexists(path):
        if path != default_key_path():
            raise InputError(_("{path}: no such key file").format(path=path))
        raise InputError(
            _("{path}: no signing key; create one with: ipcheck key --new").format(path=path)
        )
    if path.is_dir():
        raise InputError(_("{path}: a folder, not a key file").format(path=path))
    if path.stat().st_size > KEY_FILE_LIMIT:
        raise InputError(_("{path}: not a key file (too large)").format(path=path))
    data = read_bytes(path, KEY_FILE_LIMIT)
    key: object
    try:
        if data.lstrip().startswith(b"-----BEGIN OPENSSH PRIVATE KEY-----"):
            key = load_ssh_private_key(data, password=None)
        else:
            key = load_pem_private_key(data, password=None)
    except TypeError:
        raise InputError(
            _(
                "{path}: the key is protected by a passphrase; ipcheck signs with an "
                "unprotected key kept in your own user folder"
            ).format(path=path)
        ) from None
    except ValueError:
        raise InputError(
            _("{path}: not a private key ipcheck can read").format(path=path)
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InputError(_("{path}: not an Ed25519 key").format(path=path))
    return key


def parse_public(text: str, source: str) -> list[PublicKey]:
    """Every public key of a text: one a line, `ipcheck-ed25519 …` or `ssh-ed25519 …`,
    with a comment after it; blank lines and # lines are skipped."""
    keys: list[PublicKey] = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.strip().split(maxsplit=2)
        if not parts or parts[0].startswith("#"):
            continue
        comment = parts[2] if len(parts) > 2 else ""
        raw = _raw_key(parts) if len(parts) >= 2 else None
        if raw is None:
            raise InputError(
                _(
                    "{source}, line {line}: not a public key (ipcheck-ed25519 … or ssh-ed25519 …)"
                ).format(source=source, line=number)
            )
        keys.append(PublicKey(raw, comment[:100], f"{source}, line {number}"))
    return keys


def _raw_key(parts: list[str]) -> bytes | None:
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except (binascii.Error, ValueError):
        return None
    if parts[0] == PREFIX:
        return blob if len(blob) == 32 else None
    if parts[0] == SSH_PREFIX:
        # the OpenSSH wire form: string "ssh-ed25519", string key (32 bytes)
        head = b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20"
        return blob[len(head) :] if blob.startswith(head) and len(blob) == len(head) + 32 else None
    return None


def trusted_keys(given: str, option: str = "--key") -> list[PublicKey]:
    """--key: a public key line itself, or a file of them (the office's list); `option`
    names the option a message names."""
    if given.strip().startswith((PREFIX, SSH_PREFIX)):
        return parse_public(given, option)
    path = Path(given)
    if not given.strip() or not path.exists() or path.is_dir():
        raise InputError(
            _("{option} {given!r}: neither a public key line nor a file of them").format(
                option=option, given=given
            )
        )
    if path.stat().st_size > KEY_FILE_LIMIT:
        raise InputError(
            _("{path}: not a list of public keys (larger than {size} KB)").format(
                path=path, size=KEY_FILE_LIMIT >> 10
            )
        )
    data = read_bytes(path, KEY_FILE_LIMIT)
    if b"PRIVATE KEY" in data:
        raise InputError(
            _(
                "{path} is a private key: give the office's list of public keys, or one "
                "public key line (ipcheck key prints yours)"
            ).format(path=path)
        )
    from ipcheck.store.toml import decode_text

    # a list saved by Notepad as "Unicode" (UTF-16) or GBK is named as such, with the fix
    text = decode_text(data, str(path))
    keys = parse_public(text, str(path))
    if not keys:
        raise InputError(_("{path}: holds no public key").format(path=path))
    return keys
