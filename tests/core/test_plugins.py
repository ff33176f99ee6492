"""Loading front ends: one that cannot load stops the start with the reason, except a front end whose
third-party package is not installed and that nobody configured, which is left out with a warning."""
from __future__ import annotations

import os
import sys
from importlib.metadata import EntryPoint

import pytest
from flask import Flask

from core import plugins
from core.plugins import StartError

MODULES = {
    "pcn_front_typo": "from core.plugins import no_such_name\n\ndef register(app):\n    pass\n",
    "pcn_front_own_missing": "import core.no_such_module\n\ndef register(app):\n    pass\n",
    "pcn_front_dep_missing": "import pcn_no_such_package_installed\n\ndef register(app):\n    pass\n",
    "pcn_front_fine": "def register(app):\n    app.extensions['fine'] = True\n",
}


@pytest.fixture
def fronts(tmp_path, monkeypatch):
    """Front ends `typo`, `own` (our own module misnamed), `depmissing` and `fine`, as entry points."""
    for name, text in MODULES.items():
        (tmp_path / f"{name}.py").write_text(text)
    monkeypatch.syspath_prepend(str(tmp_path))
    points = {"typo": "pcn_front_typo", "own": "pcn_front_own_missing", "depmissing": "pcn_front_dep_missing",
              "fine": "pcn_front_fine"}
    eps = [EntryPoint(name, f"{module}:register", plugins.FRONTENDS) for name, module in points.items()]
    monkeypatch.setattr(plugins, "entry_points", lambda group: [e for e in eps if e.group == group])
    for key in [k for k in os.environ if k.startswith("DEPMISSING_")]:
        monkeypatch.delenv(key)
    yield
    for name in MODULES:
        sys.modules.pop(name, None)


def app(**config) -> Flask:
    a = Flask(__name__)
    a.config.update(config)
    return a


@pytest.mark.parametrize("name, why", [("typo", "cannot import name 'no_such_name'"),
                                       ("own", "No module named 'core.no_such_module'")])
def test_a_front_end_that_fails_to_import_stops_the_start_with_the_reason(fronts, name, why):
    with pytest.raises(StartError, match=rf"front end {name} cannot load .*{why}"):
        plugins.register_frontends(app(), {name, "fine"})
    with pytest.raises(StartError, match=r"front end (own|typo) cannot load"):
        plugins.register_frontends(app())   # every installed one, as the service starts


def entry(name: str):
    return next(e for e in plugins.entry_points(group=plugins.FRONTENDS) if e.name == name)


def test_a_missing_optional_package_leaves_out_only_a_front_end_nobody_configured(fronts, caplog):
    with caplog.at_level("WARNING"):
        assert plugins.load_frontend(entry("depmissing"), {}) is None
    assert any("front end depmissing left out: the package pcn_no_such_package_installed is not installed"
               in r.getMessage() for r in caplog.records)
    served = app()
    plugins.load_frontend(entry("fine"), {})(served)
    assert served.extensions["fine"]


def test_a_missing_package_stops_the_start_when_that_front_end_is_configured(fronts, monkeypatch):
    depmissing = entry("depmissing")
    with pytest.raises(StartError, match="front end depmissing cannot load .*pcn_no_such_package_installed"):
        plugins.load_frontend(depmissing, {"DEPMISSING_TOKEN": "set"})
    with pytest.raises(StartError, match="front end depmissing"):
        plugins.load_frontend(depmissing, {}, only={"depmissing"})
    monkeypatch.setenv("DEPMISSING_TOKEN", "set")
    with pytest.raises(StartError, match="front end depmissing"):
        plugins.load_frontend(depmissing, {})


def test_secrets_shorter_than_the_minimum_are_refused_by_name():
    with pytest.raises(StartError, match=rf"SOME_SECRET is 5 characters long: a secret must be at least "
                                         rf"{plugins.MIN_SECRET}"):
        plugins.secret_setting({"SOME_SECRET": "short"}, "SOME_SECRET")
    assert plugins.secret_setting({"SOME_SECRET": "s" * plugins.MIN_SECRET}, "SOME_SECRET") == "s" * plugins.MIN_SECRET
    assert plugins.secret_setting({}, "PCN_NO_SUCH_SECRET_SET") is None
