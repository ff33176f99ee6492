"""Shared fixtures: the default engine and the source documents (PCN_SOURCES_DIR)."""
from __future__ import annotations

from pathlib import Path

import pytest

from engine.knowledge import sources_dir


@pytest.fixture(scope="session")
def sources() -> Path:
    """The folder of seed documents; tests that need it skip with a reason when it is absent."""
    found = sources_dir()
    if found is None:
        pytest.skip("source documents not found: set PCN_SOURCES_DIR (default ../shared/seeds)")
    return found


@pytest.fixture(scope="session")
def pcn_engine():
    """The engine for the repository's knowledge base."""
    import engine

    return engine.default_engine()
