"""Who a file is of, whose key sealed it, and the files kept beside it (issue 25): a key
answers only for the one assessee the office's list names after it, verify and summary
tell assessees apart by one rule, and a .seal or .review that is a link out of the
received folder is not read."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import Run

CLI = Callable[..., Run]
HAS_LINKS = os.name == "posix"
SECRET_KEY = "private_office_setting"


def _key(cli: CLI, monkeypatch: pytest.MonkeyPatch, config: Path, name: str) -> str:
    """A key made on its owner's machine (its own config folder, which stays the current
    one); its public line."""
    monkeypatch.setenv("IPCHECK_CONFIG_DIR", str(config))
    made = cli("key", "--new", "--name", name)
    assert made.code == 0, made
    return made.stdout.strip()


@pytest.fixture
def office(cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The office's folder of received submissions: 叶县 sealed with 叶县's key."""
    monkeypatch.setenv("IPCHECK_USER", "张三")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    county = tmp_path / "叶县"
    county.mkdir()
    monkeypatch.chdir(county)
    assert cli("init", "--county", "叶县", "--period", "2025").code == 0
    _key(cli, monkeypatch, tmp_path / "keys-叶县", "叶县")
    sealed = cli("seal")
    assert sealed.code == 0, sealed
    received = tmp_path / "收到的报送"
    shutil.copytree(county, received / "叶县-2025")
    monkeypatch.setenv("IPCHECK_CONFIG_DIR", str(tmp_path / "office-config"))
    monkeypatch.chdir(tmp_path)
    return received


def _forged_unit_file(folder: Path, jiaxian_key: Path) -> Path:
    """What the attack made: a file of unit market-regulation that calls itself 郏县, its
    history chained as ipcheck chains it, sealed with 郏县's own key (ipcheck's public code
    does all of this; `seal` itself now refuses such a file)."""
    import datetime as dt

    from ipcheck.core.create import new_assessment
    from ipcheck.model.assessment import Assessee, AssesseeKind
    from ipcheck.store.catalog import checklist_dirs, resolve
    from ipcheck.store.keys import load_private
    from ipcheck.store.seal_file import make_seal
    from ipcheck.store.writer import to_toml

    checklist = resolve("pingdingshan-2021-22", checklist_dirs())
    at = dt.datetime(2026, 1, 1, 8, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assessee = Assessee(kind=AssesseeKind.UNIT, name="郏县", unit="market-regulation")
    created = new_assessment(checklist, assessee, 2025, "郏县-2025-佐证材料", "郏县", at)
    from ipcheck.core.marking import sealed
    from ipcheck.model.assessment import Stamp

    key = load_private(jiaxian_key)
    done = sealed(created, Stamp("郏县", at), "SHA256:x")
    folder.mkdir(parents=True)
    (folder / "郏县-2025-佐证材料").mkdir()
    path = folder / "郏县-2025.toml"
    data = to_toml(done).encode("utf-8")
    path.write_bytes(data)
    seal = make_seal(done, path.name, data, key, "郏县", at, "郏县")
    path.with_suffix(".seal").write_text(to_toml(seal), encoding="utf-8")
    return path


def test_a_key_answers_only_for_the_assessee_the_list_names(
    cli: CLI, office: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """郏县's key sealed a file of unit market-regulation that names itself 郏县: verify
    with the office's list says the file's unit and name disagree, summary leaves it out
    with the same reason, and 市市场监督管理局 stays among those who did not submit."""
    ye = (office / "叶县-2025" / "叶县-2025.toml").with_suffix(".seal")
    ye_line = json.loads(cli("verify", "-f", ye.with_suffix(".toml"), "--format", "json").stdout)
    assert ye_line["seal"]["holds"] is True
    jia = _key(cli, monkeypatch, tmp_path / "keys-郏县", "郏县")
    forged = _forged_unit_file(office / "郏县-2025", tmp_path / "keys-郏县" / "signing-key.pem")
    monkeypatch.setenv("IPCHECK_CONFIG_DIR", str(tmp_path / "office-config"))
    ye_key = (tmp_path / "keys-叶县" / "signing-key.pem.pub").read_text(encoding="utf-8")
    listed = tmp_path / "各县公钥.pub"
    listed.write_text(f"# 各县公钥\n{ye_key.strip()}\n{jia}\n", encoding="utf-8")
    run = cli("verify", "-f", forged, "--key", listed)
    assert run.code == 1, run
    assert "seal broken" in run.stdout
    assert "the file is of unit 'market-regulation' (市市场监督管理局) but names itself 郏县" in (
        run.stdout
    )
    assert cli("verify", "-f", ye.with_suffix(".toml"), "--key", listed).code == 0
    summary = cli("summary", office, "--format", "json")
    data = json.loads(summary.stdout)
    assert "market-regulation" not in {row["unit"] for row in data["rows"]}
    assert "市市场监督管理局" in {m["name"] for m in data["missing"]}
    assert "names itself 郏县" in summary.stderr
    assert cli("validate", forged).code == 1


@pytest.mark.parametrize(
    ("owner", "said"),
    [
        ("", "names no owner"),
        ("叶县市场监管局", "'叶县市场监管局' is neither a county of the roster nor a unit"),
        ("叶县 市公安局", "is neither a county of the roster nor a unit"),
    ],
)
def test_a_key_whose_owner_is_not_one_assessee_is_refused(
    cli: CLI, office: Path, tmp_path: Path, owner: str, said: str
) -> None:
    """Each line of --key must name exactly one county or unit (by name, alias or id):
    the substring that made 叶县市场监管局's key answer for 叶县 is gone."""
    raw = (tmp_path / "keys-叶县" / "signing-key.pem.pub").read_text(encoding="utf-8").split()[1]
    listed = tmp_path / "keys.pub"
    listed.write_text(f"ipcheck-ed25519 {raw} {owner}\n", encoding="utf-8")
    run = cli("verify", office / "叶县-2025", "--key", listed)
    assert run.code == 2, run
    assert f"{listed}, line 1: " in run.stderr and said in run.stderr


@pytest.mark.parametrize("owner", ["叶县", "平顶山市叶县", "  叶县  "])
def test_a_key_owner_is_read_as_the_roster_reads_names(
    cli: CLI, office: Path, tmp_path: Path, owner: str
) -> None:
    raw = (tmp_path / "keys-叶县" / "signing-key.pem.pub").read_text(encoding="utf-8").split()[1]
    assert cli("verify", office / "叶县-2025", "--key", f"ipcheck-ed25519 {raw} {owner}").code == 0
    run = cli("verify", office / "叶县-2025", "--key", f"ipcheck-ed25519 {raw} market-regulation")
    assert run.code == 1 and "has this key for 市市场监督管理局, not for 叶县" in run.stdout


def test_seal_says_when_the_key_does_not_name_the_assessee(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("init", "--county", "郏县", "--period", "2025").code == 0
    _key(cli, monkeypatch, tmp_path / "keys", "郏县市场监管局")
    run = cli("seal")
    assert run.code == 0, run
    assert "the key is named 郏县市场监管局" in run.stderr and "write 郏县 after" in run.stderr


@pytest.mark.skipif(not HAS_LINKS, reason="symbolic links")
@pytest.mark.parametrize("suffix", [".seal", ".review"])
def test_a_companion_that_leads_outside_is_not_read(
    cli: CLI, office: Path, tmp_path: Path, suffix: str
) -> None:
    """A .seal or .review beside an assessment that links out of the received folder is
    refused as evidence is: nothing of where it leads (its first key, whether it exists)
    is said, by verify, review, summary or report."""
    private = tmp_path / "office-private" / "settings.toml"
    private.parent.mkdir()
    private.write_text(f'{SECRET_KEY} = "x"\n', encoding="utf-8")
    assessment = office / "叶县-2025" / "叶县-2025.toml"
    companion = assessment.with_suffix(suffix)
    companion.unlink(missing_ok=True)
    for target in (private, tmp_path / "no-such-file.toml"):
        companion.unlink(missing_ok=True)
        companion.symlink_to(target)
        runs = [
            cli("verify", "-f", assessment),
            cli("verify", office),
            cli("review", "-f", assessment),
            cli("summary", office),
            cli("report", "-f", assessment, "--review", "--format", "md"),
        ]
        for run in runs:
            said = run.stdout + run.stderr
            assert SECRET_KEY not in said and "Traceback" not in said, run
            assert "no such file" not in said, run
        refused = [
            r for r in runs if "leads outside the assessment's folder" in r.stdout + r.stderr
        ]
        # the seal is read by verify (one file, a folder); the review by review, summary
        # and report --review
        assert len(refused) == (2 if suffix == ".seal" else 3), runs
    companion.unlink()
    inside = assessment.parent / f"copy{suffix}"
    shutil.copy(private, inside)
    companion.symlink_to(inside.name)  # a link within the folder is read, as evidence is
    run = cli("verify", "-f", assessment)
    assert "leads outside" not in run.stdout + run.stderr


def test_a_key_list_saved_by_notepad_is_read_or_named_as_such(
    cli: CLI, office: Path, tmp_path: Path
) -> None:
    """A list saved as UTF-16 or GBK said only 'not UTF-8 text' (found by a trial); one with
    a BOM and CRLF line ends is read as it is."""
    raw = (tmp_path / "keys-叶县" / "signing-key.pem.pub").read_text(encoding="utf-8").split()[1]
    line = f"ipcheck-ed25519 {raw} 叶县\r\n"
    listed = tmp_path / "keys.pub"
    listed.write_bytes(b"\xef\xbb\xbf" + line.encode("utf-8"))
    assert cli("verify", office / "叶县-2025", "--key", listed).code == 0
    for codec, said in (("utf-16", "file is UTF-16"), ("gbk", "GBK/GB18030")):
        listed.write_bytes(line.encode(codec))
        run = cli("verify", office / "叶县-2025", "--key", listed)
        assert run.code == 2 and run.stderr.count("\n") == 1, run
        assert said in run.stderr and "Notepad" in run.stderr


def test_a_file_changed_by_hand_and_sealed_again_does_not_hold(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A county changed a status by hand (no history line) and signed the file with its own
    key through ipcheck's code: verify --key said the seal holds while summary left the
    file out as invalid (found by a trial as the office). Now both say it does not."""
    from ipcheck.store.keys import load_private
    from ipcheck.store.loader import load_assessment
    from ipcheck.store.seal_file import make_seal, read_seal
    from ipcheck.store.writer import to_toml
    from tests.helpers import EXAMPLES

    folder = tmp_path / "汝州市-2025"
    shutil.copytree(EXAMPLES / "counties" / "汝州市-2025", folder)
    path = folder / "汝州市-2025.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('status = "todo"', 'status = "done"', 1), encoding="utf-8")
    data = path.read_bytes()
    before = read_seal(path.with_suffix(".seal"), path.with_suffix(".seal").read_bytes())
    key = load_private(EXAMPLES / "keys" / "示例密钥-仅供演示.pem")
    forged = make_seal(
        load_assessment(path, data).assessment,
        path.name,
        data,
        key,
        "汝州市",
        before.sealed_at,
        before.sealed_by,
    )
    path.with_suffix(".seal").write_text(to_toml(forged), encoding="utf-8")
    keys = EXAMPLES / "keys" / "示例公钥.pub"
    run = cli("verify", "-f", path, "--key", keys)
    assert run.code == 1 and "its history does not account for its state" in run.stdout, run
    summary = cli("summary", tmp_path, "--key", keys)
    assert summary.code == 2 and "汝州市-2025.toml" in summary.stderr  # left out, named
