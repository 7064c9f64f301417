"""Seal and sign at submission (报送), and the office's check with the public key alone
(issue 15)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ipcheck.rules.history import history_problems
from ipcheck.store.loader import load_assessment
from tests.helpers import Run

CLI = Callable[..., Run]


@pytest.fixture
def keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The county's own config folder, where `key --new` keeps its key."""
    folder = tmp_path / "county-config"
    monkeypatch.setenv("IPCHECK_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def sealed(cli: CLI, county: Path, keys: Path) -> tuple[Path, str]:
    """A county assessment with evidence, sealed; and the county's public key line."""
    folder = county.parent / "叶县-2025-佐证材料"
    assert cli("mark", "1.1", "已完成", "--evidence", folder / "案件台账.csv").code == 0
    assert cli("mark", "2.1", "推进中", "--evidence", folder / "会议纪要.txt").code == 0
    assert cli("attach", "1.3", folder / "签到表.txt").code == 0
    made = cli("key", "--new", "--name", "叶县")
    assert made.code == 0, made
    public = made.stdout.strip()
    run = cli("seal")
    assert run.code == 0, run
    assert "sealed (待报送)" in run.stderr
    return county, public


def office(tmp_path: Path, county: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The submission as the city receives it, on a second machine: the file, its
    evidence folder and the seal; no private key anywhere."""
    received = tmp_path / "city" / "received"
    received.mkdir(parents=True)
    for name in (county.name, county.with_suffix(".seal").name):
        shutil.copy(county.parent / name, received / name)
    shutil.copytree(county.parent / "叶县-2025-佐证材料", received / "叶县-2025-佐证材料")
    monkeypatch.setenv("IPCHECK_CONFIG_DIR", str(tmp_path / "city" / "config"))
    monkeypatch.chdir(received)
    return received / county.name


def test_key_new_keeps_the_private_key_to_its_owner(cli: CLI, keys: Path) -> None:
    run = cli("key", "--new", "--name", "叶县市场监管局")
    assert run.code == 0, run
    assert run.stdout.startswith("ipcheck-ed25519 ") and run.stdout.strip().endswith(
        "叶县市场监管局"
    )
    assert len(run.stdout.split()[1]) == 44  # 32 bytes, base64
    if os.name == "posix":
        assert (keys / "signing-key.pem").stat().st_mode & 0o777 == 0o600
    again = cli("key", "--new")
    assert again.code == 2 and "pass --force to replace it" in again.stderr
    assert cli("key", "--name", "叶县市场监管局").stdout == run.stdout


def test_seal_without_a_key_says_how_to_make_one(cli: CLI, county: Path, keys: Path) -> None:
    before = county.read_bytes()
    run = cli("seal")
    assert run.code == 2
    assert "no signing key; create one with: ipcheck key --new" in run.stderr
    assert county.read_bytes() == before and not county.with_suffix(".seal").exists()


def test_a_sealed_assessment_refuses_changes_until_unsealed(
    cli: CLI, sealed: tuple[Path, str]
) -> None:
    county, _public = sealed
    before = county.read_bytes()
    evidence = county.parent / "叶县-2025-佐证材料" / "签到表.txt"
    evidence.write_text("新的签到表", encoding="utf-8")
    for args in (
        ("mark", "1.2", "已完成"),
        ("note", "1.1", "补充"),
        ("attach", "1.2", evidence),
        ("detach", "1.1", "叶县-2025-佐证材料/案件台账.csv"),
        ("upgrade", "--to", "1.2.0"),
    ):
        run = cli(*args)
        assert run.code == 2, (args, run)
        assert "is sealed (待报送)" in run.stderr and "ipcheck unseal" in run.stderr
    assert county.read_bytes() == before
    assert cli("seal").code == 2  # sealed once
    refused = cli("unseal")
    assert refused.code == 2 and "say why the seal is lifted" in refused.stderr
    run = cli("unseal", "--reason", "考核办要求补充佐证材料")
    assert run.code == 0, run
    last = load_assessment(county).assessment.history[-1]
    assert (last.action.value, last.new) == ("unsealed", "考核办要求补充佐证材料")
    assert cli("mark", "1.2", "已完成").code == 0
    assert cli("attach", "1.3", evidence).code == 0  # the new 签到表, recorded
    history = load_assessment(county).assessment.history
    assert [c.action.value for c in history[-2:]] == ["evidence_removed", "evidence_added"]
    assert history_problems(load_assessment(county).assessment, {}) == []
    lifted = cli("verify")
    assert lifted.code == 0, lifted
    assert "seal lifted: 叶县-2025.seal records an earlier submission" in lifted.stdout
    checked = cli("verify", "--key", _public)
    assert checked.code == 1 and "the seal was lifted (ipcheck unseal)" in checked.stdout


def test_the_office_checks_the_seal_with_the_public_key_alone(
    cli: CLI, sealed: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    county, public = sealed
    received = office(tmp_path, county, monkeypatch)
    run = cli("verify", "--key", public)
    assert run.code == 0, run
    assert "seal holds: 叶县-2025.seal, signed by 叶县" in run.stdout
    assert "received (已收到)" in run.stdout
    listed = tmp_path / "city" / "counties.pub"
    listed.write_text("# the counties' keys\n" + public + "\n", encoding="utf-8")
    assert cli("verify", "--key", listed).code == 0
    data = json.loads(cli("verify", "--key", public, "--format", "json").stdout)
    assert data["seal"]["holds"] is True and data["seal"]["trusted"] is True
    assert cli("validate", "--strict", received).code == 0


def test_without_a_key_the_seal_is_checked_but_not_trusted(
    cli: CLI, sealed: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    county, _public = sealed
    office(tmp_path, county, monkeypatch)
    run = cli("verify")
    assert run.code == 0, run
    assert "not checked against a key you trust" in run.stdout


def test_one_changed_byte_of_the_file_breaks_the_seal(
    cli: CLI, sealed: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    county, public = sealed
    received = office(tmp_path, county, monkeypatch)
    data = received.read_bytes()
    received.write_bytes(
        data.replace(b'by = "\xe5\xbc\xa0\xe4\xb8\x89"', b'by = "\xe6\x9d\x8e\xe5\x9b\x9b"', 1)
    )
    assert received.read_bytes() != data
    run = cli("verify", "--key", public)
    assert run.code == 1, run
    assert "seal broken" in run.stdout
    assert "叶县-2025.toml is not the file that was sealed" in run.stdout


def test_sealing_twice_says_the_seal_holds(cli: CLI, sealed: tuple[Path, str]) -> None:
    """A double-pressed seal was told to lift the seal first (found by a trial)."""
    county, _public = sealed
    before = county.read_bytes()
    again = cli("seal")
    assert again.code == 2 and again.stderr.count("\n") == 1
    assert "already sealed (待报送), and its seal 叶县-2025.seal holds: nothing to do" in (
        again.stderr
    )
    assert "unseal" not in again.stderr and county.read_bytes() == before


def test_line_ends_changed_on_the_way_are_named(
    cli: CLI, sealed: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git's autocrlf or a mail program wrote the file with CRLF: every byte is sealed, so
    the seal does not hold, but the office is told that only the line ends differ."""
    county, public = sealed
    received = office(tmp_path, county, monkeypatch)
    received.write_bytes(received.read_bytes().replace(b"\n", b"\r\n"))
    run = cli("verify", "--key", public)
    assert run.code == 1 and "seal broken" in run.stdout
    assert "only its line ends differ, CRLF/LF" in run.stdout
    received.write_bytes(received.read_bytes().replace(b"\r\n", b"\n").replace(b"2025", b"2026"))
    assert "line ends" not in cli("verify", "--key", public).stdout


def test_one_changed_byte_of_evidence_breaks_the_seal(
    cli: CLI, sealed: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    county, public = sealed
    received = office(tmp_path, county, monkeypatch)
    ledger = received.parent / "叶县-2025-佐证材料" / "案件台账.csv"
    ledger.write_bytes(ledger.read_bytes().replace(b"1", b"2", 1))
    run = cli("verify", "--key", public)
    assert run.code == 1
    assert "evidence 叶县-2025-佐证材料/案件台账.csv changed since it was sealed" in run.stdout
    assert "modified: if the new content is meant, record it" in run.stderr


def test_a_changed_seal_or_another_key_does_not_hold(
    cli: CLI, sealed: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    county, public = sealed
    received = office(tmp_path, county, monkeypatch)
    other = cli("key", "--new", "--name", "郏县").stdout.strip()
    run = cli("verify", "--key", other)
    assert run.code == 1 and "which is not among the keys given with --key" in run.stdout
    seal = received.with_suffix(".seal")
    seal.write_text(seal.read_text(encoding="utf-8").replace("size = ", "size = 1", 1), "utf-8")
    run = cli("verify", "--key", public)
    assert run.code == 1
    assert "the signature does not hold: the seal file was changed" in run.stdout


def test_a_hostile_seal_file_is_one_line(
    cli: CLI, sealed: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    county, public = sealed
    received = office(tmp_path, county, monkeypatch)
    seal = received.with_suffix(".seal")
    for content in (b"kind = [", b'kind = "seal"\n', b"\xff\xfe" + b"x" * 100):
        seal.write_bytes(content)
        run = cli("verify", "--key", public)
        assert run.code == 2, run
        assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert cli("verify", "--key", "ipcheck-ed25519 notbase64!").code == 2


def test_a_file_with_changed_evidence_is_not_sealed(cli: CLI, county: Path, keys: Path) -> None:
    ledger = county.parent / "叶县-2025-佐证材料" / "案件台账.csv"
    # one file proving two items is one file changed, as verify counts it (the seal said 2)
    assert cli("mark", "1.1", "1.2", "已完成", "--evidence", ledger).code == 0
    assert cli("key", "--new").code == 0
    ledger.write_text("改过", encoding="utf-8")
    before = county.read_bytes()
    run = cli("seal")
    assert run.code == 2
    assert (
        "1 evidence file(s) missing, changed or outside (ipcheck verify lists them)" in run.stderr
    )
    assert county.read_bytes() == before


def test_an_openssh_key_signs_too(cli: CLI, county: Path, tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
        PublicFormat,
    )

    key = Ed25519PrivateKey.generate()
    private = tmp_path / "id_ed25519"
    private.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.OpenSSH, NoEncryption()))
    line = key.public_key().public_bytes(Encoding.OpenSSH, PublicFormat.OpenSSH).decode()
    assert line.startswith("ssh-ed25519 ")
    folder = county.parent / "叶县-2025-佐证材料"
    assert cli("attach", "1.1、1.2、1.3", *folder.iterdir()).code == 0
    assert cli("seal", "--key", private).code == 0
    run = cli("verify", "--key", line + " 平顶山市叶县")
    assert run.code == 0, run
    assert "seal holds" in run.stdout


def test_a_list_of_keys_ties_each_key_to_its_assessee(
    cli: CLI, sealed: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The office's list names whose key each is: 叶县's file signed with the key the list
    gives to 郏县 does not hold."""
    county, public = sealed
    received = office(tmp_path, county, monkeypatch)
    raw = public.split()[1]
    other = cli("key", "--new", "--name", "郏县").stdout.strip()
    good = tmp_path / "city" / "good.pub"
    good.write_text(f"ipcheck-ed25519 {raw} 叶县\n{other}\n", encoding="utf-8")
    assert cli("verify", "--key", good).code == 0
    wrong = tmp_path / "city" / "wrong.pub"
    wrong.write_text(f"ipcheck-ed25519 {raw} 郏县\n{other}\n", encoding="utf-8")
    run = cli("verify", "--key", wrong)
    assert run.code == 1
    assert "the list given with --key has this key for 郏县, not for 叶县" in run.stdout
    assert received.exists()


def test_the_key_keeps_its_name(cli: CLI, keys: Path, county: Path) -> None:
    made = cli("key", "--new", "--name", "叶县市场监管局").stdout
    assert cli("key").stdout == made
    assert (keys / "signing-key.pem.pub").read_text(encoding="utf-8") == made
    assert cli("seal").code == 0
    text = county.with_suffix(".seal").read_text(encoding="utf-8")
    assert 'key = "ipcheck-ed25519 ' in text and '叶县市场监管局"' in text


def test_a_folder_of_submissions_is_checked_whole(
    cli: CLI, sealed: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One draft never sealed, one with its seal file lost: both said, the others checked."""
    county, public = sealed
    received = office(tmp_path, county, monkeypatch)
    draft = received.parent / "draft"
    draft.mkdir()
    monkeypatch.chdir(draft)
    assert cli("init", "--county", "郏县", "--period", "2025").code == 0
    lost = received.parent / "lost"
    shutil.copytree(received.parent / "叶县-2025-佐证材料", lost / "叶县-2025-佐证材料")
    shutil.copy(received, lost / received.name)  # its .seal stays behind
    monkeypatch.chdir(received.parent)
    run = cli("verify", ".", "--key", public)
    assert run.code == 1, run
    assert "draft/郏县-2025.toml: seal broken" in run.stdout
    assert "not sealed: no seal file 郏县-2025.seal beside it" in run.stdout
    assert (
        "its history says it was sealed, but its seal file 叶县-2025.seal is missing" in run.stdout
    )
    assert f"{received.name}: seal holds" in run.stdout


def test_a_changed_seal_says_only_that_its_signature_fails(
    cli: CLI, sealed: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    county, public = sealed
    received = office(tmp_path, county, monkeypatch)
    seal = received.with_suffix(".seal")
    text = seal.read_text(encoding="utf-8")
    seal.write_text(text.replace('sealed_by = "张三"', 'sealed_by = "李四"'), encoding="utf-8")
    assert seal.read_text(encoding="utf-8") != text
    data = json.loads(cli("verify", "--key", public, "--format", "json").stdout)
    assert data["seal"]["problems"] == ["the signature does not hold: the seal file was changed"]
    assert data["seal"]["holds"] is False and data["clean"] is False


def test_status_says_a_file_is_sealed(cli: CLI, sealed: tuple[Path, str]) -> None:
    assert "Sealed for submission (待报送)" in cli("status").stdout
    assert json.loads(cli("status", "--format", "json").stdout)["sealed"] is True


def test_bad_keys_are_one_line(cli: CLI, county: Path, tmp_path: Path) -> None:
    private = tmp_path / "k.pem"
    assert cli("key", "--new", "--key", private).code == 0
    for args, said in (
        (("verify", "--key", ""), "neither a public key line nor a file"),
        (("verify", "--key", tmp_path), "neither a public key line nor a file"),
        (("verify", "--key", private), "is a private key"),
        (("seal", "--key", tmp_path / "none.pem"), "no such key file"),
        (("seal", "--key", tmp_path), "is a folder, not a file"),
    ):
        run = cli(*args)
        assert run.code == 2, (args, run)
        assert said in run.stderr and run.stderr.count("\n") == 1, (args, run.stderr)


def test_fmt_does_not_rewrite_a_sealed_file(cli: CLI, sealed: tuple[Path, str]) -> None:
    county, _public = sealed
    spaced = county.read_text(encoding="utf-8").replace("period = 2025", "period =  2025")
    county.write_text(spaced, encoding="utf-8")
    run = cli("fmt", county)
    assert run.code == 2 and "sealed (待报送): not rewritten" in run.stderr
    assert county.read_text(encoding="utf-8") == spaced


def test_fmt_names_the_file_once_in_chinese(
    cli: CLI, sealed: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Chinese message begins with its path and a full-width colon, which fmt did not
    take off before putting the path in front again (found by a trial)."""
    county, _public = sealed
    county.write_text(
        county.read_text(encoding="utf-8").replace("period = 2025", "period =  2025"), "utf-8"
    )
    monkeypatch.setenv("IPCHECK_LANG", "zh")
    run = cli("fmt", county)
    assert run.code == 2 and run.stderr.count(str(county)) == 1, run
    assert f"{county}：已封存（待报送）：未改写" in run.stderr


def test_evidence_outside_the_evidence_folder_is_said_where_it_is_attached_and_sealed(
    cli: CLI, county: Path, keys: Path
) -> None:
    """A file attached from elsewhere in the assessment's folder was taken and sealed in
    silence; the county sent the file, its evidence folder and the seal, as told, and the
    office's verify found the seal broken (a trial). It is said as it is attached, by
    validate, and by seal, which still seals (sent beside the file, it verifies)."""
    (county.parent / "其他").mkdir()
    (county.parent / "其他" / "方案.txt").write_text("方案", encoding="utf-8")
    said = "1 evidence file is not in the evidence folder 叶县-2025-佐证材料, which is what is sent"
    attached = cli("attach", "1.3", county.parent / "其他" / "方案.txt")
    assert attached.code == 0 and said in attached.stderr and "其他/方案.txt" in attached.stderr
    again = cli("mark", "1.3", "已完成", "--evidence", county.parent / "其他" / "方案.txt")
    assert again.code == 0 and "evidence folder" not in again.stderr  # said once, when new
    checked = cli("validate", county)
    assert checked.code == 0 and "'其他/方案.txt' is not in the evidence folder" in checked.stdout
    assert cli("key", "--new", "--name", "叶县").code == 0
    sealing = cli("seal")
    assert sealing.code == 0 and said in sealing.stderr, sealing
    verified = cli("verify")  # here, beside the file: intact (the fixture's others unreferenced)
    assert "1 intact, 0 missing, 0 modified" in verified.stderr
    assert "seal intact" in verified.stdout and "seal broken" not in verified.stdout


@pytest.mark.slow
def test_keys_made_at_once_leave_one_key_and_its_own_line(tmp_path: Path) -> None:
    """Four `key --new` at once (a double click on the page's button) left a public line
    beside the key that was another's, and printed it: the office's verify then refused
    every seal (a trial: 4 of 20 tries). One key is made; the others are refused; the
    line printed and kept is the key's."""
    import subprocess
    import sys

    from ipcheck.store.keys import PublicKey, load_private, name_path, public_line, raw_public
    from tests.helpers import ROOT

    config = tmp_path / "config"
    env = dict(os.environ, IPCHECK_CONFIG_DIR=str(config), PYTHONPATH=str(ROOT))
    for _round in range(3):
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "ipcheck", "key", "--new", "--name", "叶县"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for _ in range(4)
        ]
        done = [(p.wait(timeout=60), p.communicate()) for p in procs]
        made = [out.decode() for code, (out, _err) in done if code == 0]
        assert len(made) == 1, done
        assert all(code == 2 and b"already exists" in err for code, (_o, err) in done if code)
        key = config / "signing-key.pem"
        kept = public_line(key)
        assert made[0].strip() == kept
        assert kept == PublicKey(raw_public(load_private(key)), "叶县").text  # the key's own
        key.unlink()
        name_path(key).unlink()


def test_a_seal_that_fails_to_write_the_file_leaves_no_seal(
    cli: CLI, county: Path, keys: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seal is written first; when the assessment then could not be replaced (a full
    disk, a file Windows holds open), the new seal stayed beside an unsealed file, and
    verify said a seal was lifted that never was (a trial). It is put back as it was."""
    import errno

    from ipcheck.store import writer

    assert cli("key", "--new", "--name", "叶县").code == 0
    before = county.read_bytes()
    written = writer.atomic_write

    def held_open(path: Path, *args: Any, **kwargs: Any) -> None:
        if path.suffix == ".toml":
            raise OSError(errno.EACCES, "Permission denied", str(path))
        written(path, *args, **kwargs)

    monkeypatch.setattr(writer, "atomic_write", held_open)
    run = cli("seal")
    assert run.code == 2 and run.stderr.count("\n") == 1, run
    assert county.read_bytes() == before
    assert not county.with_suffix(".seal").exists()
