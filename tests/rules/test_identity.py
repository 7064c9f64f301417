"""rules/identity.py: who an assessment is of, and whom a key of the office's list belongs to."""

from __future__ import annotations

import pytest
from msgspec.structs import replace

from ipcheck.model.assessment import Assessee, AssesseeKind
from ipcheck.model.checklist import Checklist, County
from ipcheck.model.loaded import LoadedChecklist
from ipcheck.rules.identity import Identity, assessee_identity, owner_identity

YEXIAN = Identity("county", "叶县", "叶县")
POLICE = Identity("unit", "public-security", "市公安局")
NO_OWNER = (
    "names no owner: write after the key the county or unit it belongs to "
    "(ipcheck-ed25519 AAAA… 叶县)"
)
NOT_ON_ROSTER = (
    "is neither a county of the roster nor a unit of pingdingshan-2021-22@1.3.0: write after "
    "the key its county's or unit's name as the roster or the registry writes it"
)


def county(name: str) -> Assessee:
    return Assessee(kind=AssesseeKind.COUNTY, name=name)


def unit(name: str, unit_id: str) -> Assessee:
    return Assessee(kind=AssesseeKind.UNIT, name=name, unit=unit_id)


@pytest.fixture
def c(latest: LoadedChecklist) -> Checklist:
    return latest.checklist


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("叶县", YEXIAN),
        ("平顶山市叶县", YEXIAN),  # an alias
        ("平顶山市　叶县", YEXIAN),  # an ideographic space
        (" 平顶山市 叶县 ", YEXIAN),
        ("高新技术产业开发区", Identity("county", "高新区", "高新区")),
        ("示范区", Identity("county", "城乡一体化示范区", "城乡一体化示范区")),
    ],
)
def test_a_county_of_the_roster_is_the_rosters_county(
    c: Checklist, name: str, expected: Identity
) -> None:
    assert assessee_identity(c, county(name)) == expected


@pytest.mark.parametrize("name", ["新城(区)", "新城（区）", "新城〔区〕", "新城（ 区 ）"])
def test_bracket_variants_are_the_same_county(c: Checklist, name: str) -> None:
    own = replace(c, counties=(*c.counties, County(name="新城〔区〕")))
    assert assessee_identity(own, county(name)) == Identity("county", "新城〔区〕", "新城〔区〕")


def test_a_county_not_on_the_roster_is_refused(c: Checklist) -> None:
    assert assessee_identity(c, county("北京市")) == (
        "北京市 is not a county of the roster of pingdingshan-2021-22@1.3.0"
    )


def test_without_a_roster_a_countys_name_is_its_own(first: LoadedChecklist) -> None:
    assert first.checklist.counties == ()
    old = first.checklist
    assert assessee_identity(old, county("北京市")) == Identity("county", "北京市", "北京市")
    # the key folds brackets and widths: two spellings are one county
    halfwidth = assessee_identity(old, county("北京(市)"))
    fullwidth = assessee_identity(old, county("北京（市）"))
    assert isinstance(halfwidth, Identity) and isinstance(fullwidth, Identity)
    assert halfwidth.key == fullwidth.key == "北京（市）"
    assert halfwidth.name == "北京(市)"  # as the file writes it


@pytest.mark.parametrize("name", ["市公安局", "平顶山市公安局", "市 公安局"])
def test_a_unit_is_its_registry_id_under_its_name_or_an_alias(c: Checklist, name: str) -> None:
    assert assessee_identity(c, unit(name, "public-security")) == POLICE


def test_a_unit_not_in_the_registry_or_named_as_another_is_refused(c: Checklist) -> None:
    assert assessee_identity(c, unit("市气象局", "weather")) == (
        "unit 'weather' is not in pingdingshan-2021-22@1.3.0"
    )
    assert assessee_identity(c, unit("市司法局", "public-security")) == (
        "the file is of unit 'public-security' (市公安局) but names itself 市司法局: one of the "
        "two was changed; an assessment's unit and name must agree"
    )


@pytest.mark.parametrize(
    ("unit_id", "name"),
    [
        ("county-government", "各县〔市、区〕政府〔管委会〕"),
        ("county-party-committee", "各县〔市、区〕党〔工〕委"),
    ],
)
def test_a_body_of_every_county_is_no_assessee_of_its_own(
    c: Checklist, unit_id: str, name: str
) -> None:
    assert assessee_identity(c, unit(name, unit_id)) == (
        f"{name} stands for a body of every county: each county answers its items in its "
        "own assessment (ipcheck init --county NAME --period YEAR)"
    )


@pytest.mark.parametrize(
    ("owner", "expected"),
    [
        ("叶县", YEXIAN),
        ("平顶山市叶县", YEXIAN),
        ("平顶山高新技术产业开发区", Identity("county", "高新区", "高新区")),
        ("市公安局", POLICE),
        ("平顶山市公安局", POLICE),
        ("public-security", POLICE),  # the registry's id
        (" public-security ", POLICE),
        ("市市场监管局", Identity("unit", "market-regulation", "市市场监督管理局")),
    ],
)
def test_an_owner_names_one_county_or_unit_by_name_alias_or_id(
    c: Checklist, owner: str, expected: Identity
) -> None:
    assert owner_identity(c, owner) == expected


def test_an_owner_resolves_as_the_file_it_signs_does(c: Checklist) -> None:
    # verify ties a key to a file by comparing the two identities
    assert owner_identity(c, "叶县") == assessee_identity(c, county("平顶山市叶县"))
    assert owner_identity(c, "public-security") == assessee_identity(
        c, unit("平顶山市公安局", "public-security")
    )


@pytest.mark.parametrize(
    ("owner", "message"),
    [
        ("", NO_OWNER),
        ("   ", NO_OWNER),
        ("北京市", f"'北京市' {NOT_ON_ROSTER}"),
        ("各县（市、区）政府", f"'各县（市、区）政府' {NOT_ON_ROSTER}"),  # signs as its county
        ("county-government", f"'county-government' {NOT_ON_ROSTER}"),
        ("PUBLIC-SECURITY", f"'PUBLIC-SECURITY' {NOT_ON_ROSTER}"),  # ids are matched exactly
    ],
)
def test_an_owner_that_names_no_county_or_unit_is_refused(
    c: Checklist, owner: str, message: str
) -> None:
    assert owner_identity(c, owner) == message


def test_an_owner_that_names_both_a_county_and_a_unit_is_refused(c: Checklist) -> None:
    crowded = replace(c, counties=(*c.counties, County(name="科技城", aliases=("市科技局",))))
    assert owner_identity(crowded, "市科技局") == (
        "'市科技局' names both 市科技局 and 科技城: write one county's or unit's name"
    )


def test_without_a_roster_an_owner_is_a_unit_or_else_a_county_of_that_name(
    first: LoadedChecklist,
) -> None:
    old = first.checklist
    assert owner_identity(old, "平顶山市公安局") == POLICE
    assert owner_identity(old, " 北京市 ") == Identity("county", "北京市", "北京市")


def test_one_assessee_however_its_name_is_written_where_there_is_no_roster() -> None:
    """A checklist version without a roster folds names: the key 北京(市) names the file of
    北京（市）, so verify does not call the county's own key another's."""
    from ipcheck.store.catalog import checklist_dirs, resolve

    old = resolve("pingdingshan-2021-22@1.0.0", checklist_dirs()).checklist
    of_file = assessee_identity(old, county("北京（市）"))
    of_key = owner_identity(old, "北京(市)")
    assert of_file == of_key and {of_file} == {of_key}
    assert isinstance(of_key, Identity) and of_key.name == "北京(市)"
