"""Is a line of output in one language? Words from the files a command read are data,
not the interface's language, and so are the technical names every officer types
(option names, file formats, codes)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from ipcheck.rules.status import SYNONYMS
from ipcheck.text import labels

# ASCII words a Chinese line may carry: names of formats, tools and codes that are the
# same in both languages, and the status codes typed on the command line.
_WORDS = """
ipcheck TOML JSON CSV HTML Markdown md html csv xlsx json text github junit XLSX PDF SHA UTF
git GitHub JUnit CI LF CRLF FIFO id ID ok na todo done in_progress regression any Windows
Linux pip venv py Scripts semver SEMVER IPCHECK_LANG IPCHECK_USER IPCHECK_CACHE_DIR
IPCHECK_CHECKLIST_DIR SOURCE_DATE_EPOCH COLUMNS NO_COLOR LANG LC_ALL UTC B KB MB GB jinja
include extends import pre commit textconv N draft
init mark note attach detach status verify report upgrade diff show checklists summary
validate schema fmt extract checklist assessment toml setting nano vim txt
archived mapping previous kind evidence_dir schema_version true false units score criteria
created migrated upgraded sealed unseal seal reason key Ed25519 ed25519 ssh OpenSSH pem IPCHECK_CONFIG_DIR
write figure GBK EDITOR VISUAL Excel Word docx pdf PDF Chromium Chrome Edge Debian apt IPCHECK_BROWSER
chromium install review decide export WPS serve office launcher DIR Ctrl C cmd idle
CON NUL
"""
# ASCII words a Chinese line may carry: names of formats, tools and codes that are the
# same in both languages, the status codes, the commands and the keys of the formats.
TECHNICAL = frozenset(_WORDS.split())
# Chinese terms an English line may carry: the documents' own words, glossed.
GLOSSARY = frozenset(
    {word for table in labels.DOCUMENT.values() for word in table.values()}
    | {"说明", "佐证材料", "自评报告", "牵头单位", "责任单位", "市直单位", "县（市、区）"}
    | {"各县（市、区）", "党（工）委", "平办〔2021〕22号", "汇总"}
    | {"已完成（待补佐证）", "推进中（待补佐证）", "不适用（待核减）", "核减", "评分标准"}
    # the columns of the 自评表 a department fills (export / import)
    | {"状态", "部分得分", "不适用理由", "工作内容", "编号"}
    | {
        "无佐证材料不得分",
        "待补佐证",
        "已报送",
        "报送",
        "封存",
        "条目被删除",
        "佐证材料目录",
        "请复核",
        "数据指标",
        "自评表",
        "公文",
        "【草稿】",
        "未报送",
        "自评",
        "复核",
        "认可",
        "不认可",
        "扣分",
        "同意核减",
        "同意",
        "不同意核减",
        "落款",
        "标题",
        "成文日期",
        "主送机关",
        "待报送",
        "已收到",
        "功能区",
        "管委会",
        "的报告",
    }
    | set(labels.SECTION.values())
    | {word for words in SYNONYMS.values() for word in words}
)
# Chinese an English message shows as an example of what to type or of what the policy
# text holds: 十四 for a measure, 2025年 for a year, 文号 and 关于……意见 in its header.
EXAMPLES = frozenset(
    [
        "十四",
        "第十四条",
        "年",
        "月",
        "日",
        "叶县",
        "郏县",
        "件",
        "知识产权案件办结数",
        "严保护",
        "市考核办",
        "叶县-2025.review",
        "叶县人民政府",
        "2026年1月10日",
        "叶县-2025-自评报告.docx",
        "强化组织领导",
        "县",
        "市",
        "区",
        "会议纪要",
        "案件台账",
        "制度文件",
        "文号",
        "平办",
        "号",
        "到",
        "关于",
        "意见",
        "一",
        "二",
        "正文",
        "一）、（二",
    ]
)

_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|“[^”]*”|‘[^’]*’|`[^`]*`")
_TOKEN = re.compile(
    r"[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef，。：；（）、！？“”‘’《》【】〔〕]+"
)
_WORD = re.compile(r"[A-Za-z]{2,}")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef〔〕（）]+")


def data_words(texts: Iterable[str]) -> set[str]:
    """Every ASCII word in the given texts (the files and arguments a command was given)."""
    out: set[str] = set()
    for text in texts:
        out.update(_words_of(text))
    return out


@functools.lru_cache(maxsize=32)
def _words_of(text: str) -> frozenset[str]:
    # a test checks every command's lines against the same files' words
    return frozenset(_WORD.findall(text))


def english_in(line: str, data: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    """English words of the interface in a line that should be Chinese: plain words only,
    not paths, ids, options, keys, versions or quoted values."""
    found = []
    for token in _TOKEN.findall(_QUOTED.sub(" ", line)):
        token = token.strip("()[]{}<>,.;:!?\"'|=*")
        if not token or not token.isascii() or not token.isalpha() or len(token) < 2:
            continue  # a path, an id, a key, an option, a number, a version
        if token in TECHNICAL or token in data or token.lower() in data:
            continue
        if len(token) >= 3 and any(token in word for word in data):
            continue  # a data word cut where a table folds it
        found.append(token)
    return found


def chinese_in(line: str, data: str = "") -> list[str]:
    """Chinese of the interface in a line that should be English: runs of Chinese that
    are neither in the files the command read nor one of the glossed document terms
    (a numbered heading such as 二、严保护 is two pieces of data)."""
    found = []
    for run in _CJK_RUN.findall(_QUOTED.sub(" ", line)):
        for piece in re.split(r"[（）()〔〕、，。：；…]+", run):
            if not piece or piece in GLOSSARY or piece in EXAMPLES or piece in data:
                continue
            if any(ch >= "\u4e00" for ch in piece):
                found.append(piece)
    return found
