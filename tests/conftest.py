"""Shared fixtures: the default engine and the source documents (PCN_SOURCES_DIR)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def sources_dir() -> Path | None:
    """PCN_SOURCES_DIR, else ../shared/seeds beside the repository, if it exists."""
    env = os.environ.get("PCN_SOURCES_DIR")
    candidates = [Path(env)] if env else [ROOT.parent / "shared" / "seeds", ROOT / ".." / ".." / "shared" / "seeds"]
    for c in candidates:
        if c.is_dir():
            return c.resolve()
    return None


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
