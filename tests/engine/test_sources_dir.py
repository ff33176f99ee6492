"""Where the source documents are found, and that a missing folder is said once, not silently."""
from __future__ import annotations

import logging

from engine import knowledge


def test_a_missing_sources_folder_is_said_once(monkeypatch, tmp_path, caplog):
    monkeypatch.setenv("PCN_SOURCES_DIR", str(tmp_path / "nowhere"))
    with caplog.at_level(logging.WARNING, logger="pcn"):
        assert knowledge.sources_dir() is None
        assert knowledge.sources_dir() is None
    said = [r.getMessage() for r in caplog.records if "source documents were not found" in r.getMessage()]
    assert len(said) == 1 and "nowhere" in said[0]


def test_a_sources_folder_that_exists_is_used_without_a_word(monkeypatch, tmp_path, caplog):
    monkeypatch.setenv("PCN_SOURCES_DIR", str(tmp_path))
    with caplog.at_level(logging.WARNING, logger="pcn"):
        assert knowledge.sources_dir() == tmp_path.resolve()
    assert not [r for r in caplog.records if "source documents" in r.getMessage()]
