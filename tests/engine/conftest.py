"""Fixtures for the engine's tests: a writable copy of the knowledge folder to break on purpose."""
from __future__ import annotations

import shutil

import pytest

from engine.knowledge import default_dir


@pytest.fixture
def kdir(tmp_path):
    """A writable copy of the knowledge folder."""
    target = tmp_path / "knowledge"
    shutil.copytree(default_dir(), target)
    return target
