"""Editing a copied knowledge file in place, for tests that check how the loader refuses bad data."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml


def edit_yaml(path: Path, change: Callable[[dict], object]) -> None:
    """Load a YAML file, let `change` alter the document, and write it back."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
