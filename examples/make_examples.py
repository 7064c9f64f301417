"""Rebuild the example assessments in examples/ (deterministic: fixed dates and names).

    python examples/make_examples.py

叶县-2025/ is a realistic county self-assessment: most items marked, some
推进中, two 不适用 with reasons, real small evidence files. counties/ holds the
other eleven counties and districts of Pingdingshan at varied progress, and
units/ four municipal units, so that `ipcheck summary examples/` shows what a
city coordinator sees.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path

from typer.testing import CliRunner

from ipcheck.cli import app
from ipcheck.store.loader import load_assessment

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TZ = dt.timezone(dt.timedelta(hours=8))
# Every example is sealed as submitted, with this example key pair: public on purpose,
# so that anyone can try `ipcheck verify --key examples/keys/示例公钥.pub`.
EXAMPLE_KEY = HERE / "keys" / "示例密钥-仅供演示.pem"
EXAMPLE_PUBLIC = HERE / "keys" / "示例公钥.pub"
KEY_WARNING = (
    "示例密钥，仅供演示：人人可见，切勿用于真实报送。\n"
    "EXAMPLE KEY, NOT SECRET: it signs the shipped examples only.\n\n"
)
LATEST = "1.4.0"  # the checklist version 叶县 reports on (it began the year on 1.0.0)
SUBMITTED = "2026-01-10"  # the day the examples were sealed (报送)

EVIDENCE = {
    "知识产权保护工作领导小组会议纪要.md": """# 叶县知识产权保护工作领导小组2025年第一次会议纪要

时间：2025年3月12日上午
地点：县政府三楼会议室
主持：县政府分管副县长
参加：县市场监管局、县法院、县检察院、县公安局、县司法局、县财政局、县委宣传部等成员单位负责同志

会议议定事项：

1. 成立叶县知识产权保护工作领导小组，办公室设在县市场监管局；
2. 审议通过《叶县2025年知识产权保护工作要点》，明确19项任务分工；
3. 建立联席会议制度，每季度召开一次，遇重大案件随时召开；
4. 县财政将知识产权保护经费列入2025年预算。
""",
    "知识产权案件台账.csv": """案号,立案日期,案由,当事人类型,办理单位,处理结果,是否适用惩罚性赔偿
叶市监处〔2025〕11号,2025-02-18,销售侵犯注册商标专用权商品,个体工商户,县市场监管局,罚款并没收侵权商品,否
叶市监处〔2025〕27号,2025-04-09,假冒专利,民营企业,县市场监管局,责令改正并罚款,否
（2025）豫0422民初1536号,2025-05-20,侵害商标权纠纷,民营企业,县法院,判决赔偿12万元,是
叶公（经）立字〔2025〕8号,2025-06-03,假冒注册商标罪,自然人,县公安局,移送审查起诉,否
""",
    "知识产权保护培训签到表.csv": """序号,姓名,单位,职务,签到时间
1,王建国,县市场监管局,执法大队长,2025-05-16 08:45
2,李秀英,县法院,审判员,2025-05-16 08:47
3,张伟,县公安局经侦大队,民警,2025-05-16 08:50
4,刘芳,县司法局,科员,2025-05-16 08:52
5,陈明,叶县某食品有限公司,法务主管,2025-05-16 08:55
""",
    "2025年知识产权行政执法工作方案.txt": """叶县2025年知识产权行政执法工作方案

一、工作目标：聚焦食品、药品、农资等重点领域，春节、五一、中秋、国庆等重要时段，批发市场、农贸市场等重点区域，开展全链条执法保护。
二、重点任务：（一）民生领域专项执法；（二）节日市场专项检查；（三）地理标志和特殊标志保护；（四）线上线下一体化治理。
三、时间安排：2025年2月至12月。
""",
    "4·26宣传周活动照片说明.txt": """2025年4月26日，县市场监管局联合县法院、县检察院在县城人民广场开展“知识产权宣传周”集中宣传活动，发放宣传资料1200余份，现场解答群众咨询86人次。（照片原件存档于县市场监管局知识产权股）
""",
}

PLAN: list[tuple[str, list[str], str, dict[str, object]]] = [
    (
        "2025-03-12",
        ["14.1", "14.2", "14.3"],
        "done",
        {
            "evidence": ["知识产权保护工作领导小组会议纪要.md"],
            "note": "3月12日成立领导小组并召开第一次会议",
        },
    ),
    (
        "2025-03-15",
        ["14.4"],
        "done",
        {
            "evidence": ["2025年知识产权行政执法工作方案.txt"],
            "note": "印发年度工作要点，分解19项任务",
        },
    ),
    (
        "2025-03-20",
        ["2.1", "2.2", "2.3"],
        "done",
        {"evidence": ["2025年知识产权行政执法工作方案.txt"]},
    ),
    (
        "2025-06-05",
        ["1.1", "1.2", "10.3"],
        "done",
        {"evidence": ["知识产权案件台账.csv"], "note": "全年办结案件4起，1起适用惩罚性赔偿"},
    ),
    ("2025-06-05", ["2.4", "2.5", "11.2"], "done", {"evidence": ["知识产权案件台账.csv"]}),
    (
        "2025-05-16",
        ["15.1", "15.2", "15.3"],
        "done",
        {"evidence": ["知识产权保护培训签到表.csv"], "note": "5月16日举办执法人员和企业培训班"},
    ),
    ("2025-04-26", ["19.1", "19.2", "19.3"], "done", {"evidence": ["4·26宣传周活动照片说明.txt"]}),
    ("2025-04-26", ["18.2", "12.2"], "done", {"evidence": ["4·26宣传周活动照片说明.txt"]}),
    (
        "2025-03-12",
        ["16.1", "17.1", "17.2", "8.1", "10.1", "10.2"],
        "done",
        {"evidence": ["知识产权保护工作领导小组会议纪要.md"]},
    ),
    (
        "2025-06-30",
        [
            "1.3",
            "1.4",
            "3.1",
            "3.3",
            "4.1",
            "4.3",
            "5.1",
            "5.3",
            "6.1",
            "6.2",
            "8.4",
            "9.1",
            "9.2",
            "11.1",
            "11.3",
            "17.3",
        ],
        "done",
        {},
    ),
    (
        "2025-07-10",
        [
            "3.2",
            "3.4",
            "5.2",
            "5.4",
            "7.3",
            "7.4",
            "8.2",
            "8.5",
            "9.3",
            "12.1",
            "12.3",
            "16.2",
            "19.4",
        ],
        "in_progress",
        {"note": "已制定方案，正在推进，预计年底前完成"},
    ),
    ("2025-07-12", ["7.5"], "in_progress", {"note": "2家企业驰名商标申报材料已报省局"}),
    ("2025-07-15", ["13.2"], "na", {"reason": "本县无开展海外业务的企业，暂无投保需求"}),
    ("2025-07-15", ["7.6"], "na", {"reason": "本县暂无地理标志保护产品，不具备创建示范区条件"}),
]


# 叶县's report in its own words (ipcheck write), and its key figures (ipcheck figure).
NARRATIVE = [  # (section, --part/--measure, text)
    (
        "基本情况",
        [],
        "2025年，叶县深入贯彻《关于强化知识产权保护的实施意见》（平办〔2021〕22号），"
        "成立由分管副县长任组长的知识产权保护工作领导小组，办公室设在县市场监管局，"
        "建立联席会议制度，将知识产权保护经费列入县级财政预算。全县有效发明专利 126 件，"
        "注册商标 4,820 件，地理标志商标 2 件。",
    ),
    (
        "主要做法及成效",
        [],
        "围绕“严保护、大保护、快保护、同保护”格局，叶县重点抓了执法、协作和宣传培训三件事。",
    ),
    (
        "主要做法及成效",
        ["--part", "严保护"],
        "聚焦食品、药品、农资等重点领域，开展节日市场专项检查 6 次，"
        "办结商标侵权、假冒专利案件 4 起，其中 1 起适用惩罚性赔偿。",
    ),
    (
        "主要做法及成效",
        ["--part", "大保护"],
        "完善社会共治，指导专业市场开展正版正货承诺，推动建立知识产权守信激励和失信联合惩戒机制。",
    ),
    (
        "主要做法及成效",
        ["--measure", "十"],
        "与县法院、县检察院、县公安局建立线索通报和案件移送机制，召开联席会议 4 次。",
    ),
    (
        "主要做法及成效",
        ["--part", "同保护"],
        "坚持依法同等保护，对各类市场主体统一执法标准，查办案件不区分企业规模和所有制。",
    ),
    (
        "主要做法及成效",
        ["--part", "长效机制"],
        "“4·26”宣传周期间开展进企业、进市场活动 12 场，"
        "举办执法人员和企业知识产权培训班 1 期，培训 86 人次。",
    ),
    (
        "存在问题",
        [],
        "一是新业态新领域保护起步较晚，电商平台协作机制尚未建立；"
        "二是海外维权援助、知识产权保险等工作基础薄弱；"
        "三是知识产权专业人才不足，乡镇一级力量薄弱；"
        "四是市里12月印发的自评清单（1.4.0版）调整的工作任务尚未逐项对照落实。",
    ),
    (
        "下一步打算",
        [],
        "一是年内建立电商平台线上线下一体化治理机制；二是争取设立县级知识产权维权援助"
        "工作站；三是将知识产权保护纳入乡镇年度目标考核，充实基层执法力量；"
        "四是对照新版自评清单，逐项明确新增工作任务的责任单位和完成时限。",
    ),
]
FIGURES = [
    ("知识产权行政执法案件办结数", "4", "件"),
    ("适用惩罚性赔偿案件数", "1", "件"),
    ("宣传活动场次", "12", "场"),
    ("培训人次", "86", "人次"),
]


def run(*args: str) -> None:
    result = CliRunner().invoke(app, list(args))
    if result.exit_code != 0:
        raise SystemExit(f"ipcheck {' '.join(args)} failed: {result.stderr}")


def example_key() -> None:
    """The example key pair, made once and kept (the examples' seals stay the same)."""
    if not EXAMPLE_KEY.exists():
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.serialization import (
            Encoding,
            NoEncryption,
            PrivateFormat,
        )

        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
        EXAMPLE_KEY.parent.mkdir(exist_ok=True)
        EXAMPLE_KEY.write_bytes(KEY_WARNING.encode("utf-8") + pem)
    result = CliRunner().invoke(app, ["key", "--key", str(EXAMPLE_KEY), "--name", "叶县"])
    kind, key, _owner = result.stdout.split()
    # verify --key trusts a key for the county or unit written after it: one line for each
    # example's assessee, all with the one example key
    owners = ["叶县", *(c for c in COUNTIES if c != "叶县"), *UNITS]
    EXAMPLE_PUBLIC.write_text(
        "# 示例公钥，仅供演示（examples/ 中的自评文件均以此密钥封存；每个示例单位一行）\n"
        + "".join(f"{kind} {key} {owner}\n" for owner in owners),
        encoding="utf-8",
    )


def seal_here() -> None:
    os.environ["SOURCE_DATE_EPOCH"] = epoch(SUBMITTED)
    run("seal", "--key", str(EXAMPLE_KEY))


def epoch(day: str) -> str:
    moment = dt.datetime.fromisoformat(day).replace(hour=10, tzinfo=TZ)
    return str(int(moment.timestamp()))


def make_yexian() -> None:
    folder = HERE / "叶县-2025"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        os.environ["IPCHECK_USER"] = "叶县市场监管局 王建国"
        os.environ["SOURCE_DATE_EPOCH"] = epoch("2025-03-01")
        run(
            "init",
            "--county",
            "叶县",
            "--period",
            "2025",
            "--checklist",
            "pingdingshan-2021-22@1.0.0",
        )
        evidence_dir = folder / "叶县-2025-佐证材料"
        for name, text in EVIDENCE.items():
            (evidence_dir / name).write_text(text, encoding="utf-8")
        for day, items, status, options in sorted(PLAN, key=lambda step: str(step[0])):
            os.environ["SOURCE_DATE_EPOCH"] = epoch(day)
            args = ["mark", *items, status]
            for name in options.get("evidence", []):  # type: ignore[attr-defined]
                args += ["--evidence", f"叶县-2025-佐证材料/{name}"]
            if "note" in options:
                args += ["--note", str(options["note"])]
            if "reason" in options:
                args += ["--reason", str(options["reason"])]
            run(*args)
        # the city publishes checklist 1.4.0 (主送机关, 职责范围, 评分标准): the county upgrades and
        # answers the items the upgrade asks it to check again (请复核)
        os.environ["SOURCE_DATE_EPOCH"] = epoch("2025-12-20")
        (path,) = folder.glob("*.toml")
        # the tests' assessment on the first checklist: the same year up to here
        shutil.copyfile(path, ROOT / "tests" / "data" / "叶县-2025-1.0.0.toml")
        run("upgrade", "--to", LATEST)
        os.environ["SOURCE_DATE_EPOCH"] = epoch("2025-12-22")
        for item, state in load_assessment(path).assessment.items.items():
            if state.review:
                run("mark", item, state.status.value)
        (folder / f"{path.name}.1.0.0.bak").unlink()
        os.environ["SOURCE_DATE_EPOCH"] = epoch("2025-12-28")
        for section, options, text in NARRATIVE:
            source = folder / "草稿.txt"
            source.write_text(text, encoding="utf-8")
            run("write", section, str(source), *options)
            source.unlink()
        for name, value, unit in FIGURES:
            run("figure", name, value, unit)
        seal_here()
    finally:
        os.chdir(cwd)
        (folder / ".叶县-2025.toml.lock").unlink(missing_ok=True)


COUNTIES = {  # name: share of items done by the end of the year
    "舞钢市": 0.85,
    "汝州市": 0.9,
    "宝丰县": 0.7,
    "鲁山县": 0.45,
    "郏县": 0.6,
    "新华区": 0.75,
    "卫东区": 0.55,
    "石龙区": 0.3,
    "湛河区": 0.65,
    "城乡一体化示范区": 0.4,
    "高新区": 0.8,
}
UNITS = {"市市场监督管理局": 0.8, "市公安局": 0.7, "平顶山海关": 0.5, "市商务局": 0.35}
NOTES = [
    "已制定工作方案并印发",
    "已召开专题会议部署",
    "已建立工作台账",
    "正在推进，预计年底完成",
    "方案起草中",
]
SHARED_EVIDENCE = {
    "年度工作方案.txt": "{name}2025年知识产权保护工作方案：明确目标任务、责任分工和时间节点。\n",
    "专题会议纪要.txt": "{name}知识产权保护工作专题会议纪要：研究部署年度重点任务。\n",
    "工作台账.csv": "序号,事项,责任单位,进展\n1,专项执法,{name}市场监管部门,已完成\n",
}


def make_one(folder: Path, init_args: list[str], share: float, seed: int) -> None:
    import random

    from ipcheck.store.loader import load_assessment

    rng = random.Random(seed)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        os.environ["SOURCE_DATE_EPOCH"] = epoch("2025-03-01")
        run("init", *init_args, "--period", "2025", "--checklist", f"pingdingshan-2021-22@{LATEST}")
        (path,) = folder.glob("*.toml")
        name = load_assessment(path).assessment.assessee.name
        evidence_dir = folder / f"{path.stem}-佐证材料"
        for file, text in SHARED_EVIDENCE.items():
            (evidence_dir / file).write_text(text.format(name=name), encoding="utf-8")
        items = list(load_assessment(path).assessment.items)
        rng.shuffle(items)
        done = items[: round(len(items) * share)]
        going = items[len(done) : len(done) + round(len(items) * (1 - share) / 2)]
        for n, item in enumerate(done):
            os.environ["SOURCE_DATE_EPOCH"] = epoch(f"2025-{3 + n * 8 // max(1, len(done)):02d}-15")
            args = ["mark", item, "已完成", "--note", rng.choice(NOTES[:3])]
            if rng.random() < 0.8:
                args += ["--evidence", f"{evidence_dir.name}/{rng.choice(list(SHARED_EVIDENCE))}"]
            run(*args)
        for item in going:
            os.environ["SOURCE_DATE_EPOCH"] = epoch("2025-10-20")
            run("mark", item, "推进中", "--note", rng.choice(NOTES[3:]))
        seal_here()
        (folder / f".{path.name}.lock").unlink(missing_ok=True)
    finally:
        os.chdir(cwd)


def make_summary_examples() -> None:
    for n, (county, share) in enumerate(COUNTIES.items()):
        os.environ["IPCHECK_USER"] = f"{county}市场监管局 填报人"
        make_one(HERE / "counties" / f"{county}-2025", ["--county", county], share, seed=n)
    for n, (unit, share) in enumerate(UNITS.items()):
        os.environ["IPCHECK_USER"] = f"{unit} 填报人"
        make_one(HERE / "units" / f"{unit}-2025", ["--unit", unit], share, seed=100 + n)


if __name__ == "__main__":
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    example_key()
    make_yexian()
    make_summary_examples()
