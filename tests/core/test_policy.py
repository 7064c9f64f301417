from __future__ import annotations

from ipcheck.core.policy import find_marker, parse_policy, split_units


def test_split_units_keeps_brackets_and_expands_ellipsis() -> None:
    assert split_units("各县〔市、区〕党〔工〕委、政府〔管委会〕") == (
        "各县〔市、区〕党〔工〕委",
        "各县〔市、区〕政府〔管委会〕",
    )
    assert split_units("市市场监督管理局，各县〔市、区〕政府〔管委会〕") == (
        "市市场监督管理局",
        "各县〔市、区〕政府〔管委会〕",
    )


def test_marker_without_responsible_units_and_half_width_brackets() -> None:
    marker = find_marker("做好工作。(牵头单位：市财政局)")
    assert marker is not None
    assert marker.lead == ("市财政局",)
    assert marker.responsible == ()


def test_measures_cut_by_page_breaks() -> None:
    text = "（一）加强保护。落实制\n\n度。（牵头单\n\n位：市公安局；责任单位：市检察院、市司法局）\n(二) 快速处理。建立机制。(牵头单位：市商务局)"
    first, second = parse_policy(text).measures
    assert first.title == "加强保护"
    assert first.sentences == ("落实制度。",)
    assert first.marker is not None and first.marker.responsible == ("市检察院", "市司法局")
    assert second.number == 2 and second.title == "快速处理"


def test_no_measures_is_said_at_a_line_the_file_has() -> None:
    for text, lines in (("", 1), ("随便写点什么\n另一行\n", 2), ("一行\n\n\n", 1)):
        issue = next(i for i in parse_policy(text).issues if "no measures" in i.message)
        assert 1 <= issue.line <= lines, (text, issue)
