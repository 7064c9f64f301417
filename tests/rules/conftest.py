"""What the rules' tests share: the shipped checklists and a fresh assessment, built
in-process (no CLI, no file but the shipped checklists)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipcheck.core.create import make_assessee, new_assessment
from ipcheck.model.assessment import Assessment
from ipcheck.model.loaded import LoadedChecklist
from ipcheck.store.catalog import checklist_dirs, resolve
from tests.rules.inputs import AT


def _shipped(spec: str, cache: Path) -> LoadedChecklist:
    """A shipped checklist, loaded with the tests' cache and no folder of the user's."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("IPCHECK_CACHE_DIR", str(cache))
        env.delenv("IPCHECK_CHECKLIST_DIR", raising=False)
        return resolve(spec, checklist_dirs())


@pytest.fixture(scope="session")
def latest(session_cache: Path) -> LoadedChecklist:
    """1.3.0: a roster of counties, [scoring] declared, items with part scores."""
    return _shipped("pingdingshan-2021-22@1.3.0", session_cache)


@pytest.fixture(scope="session")
def v140(session_cache: Path) -> LoadedChecklist:
    """1.4.0: every item's verb, duty class and standard; points by [scoring.rule]."""
    return _shipped("pingdingshan-2021-22@1.4.0", session_cache)


@pytest.fixture(scope="session")
def first(session_cache: Path) -> LoadedChecklist:
    """1.0.0: no roster, nothing declared in [scoring]."""
    return _shipped("pingdingshan-2021-22@1.0.0", session_cache)


@pytest.fixture(scope="session")
def fresh(latest: LoadedChecklist) -> Assessment:
    """叶县 2025 on 1.3.0, just created: every item 未开始, one history line. Records are
    frozen, so one serves every test."""
    assessee = make_assessee(latest, county="叶县", unit=None)
    return new_assessment(latest, assessee, 2025, "叶县-2025-佐证材料", "张三", AT)
