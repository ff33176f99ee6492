"""The durable-rules sharp edges engine/runtime.py owns: one test per point."""
from __future__ import annotations

import copy
import itertools
import threading
import tomllib
from pathlib import Path

import pytest
from durable.engine import Host, MessageNotHandledException

from engine import runtime
from engine.errors import EngineError

_names = itertools.count()


def two_rules() -> dict:
    """Two rules that both match any `{t: "f", x >= 1}` fact."""
    return {
        "small": {"all": [{"f": {"$and": [{"t": "f"}, {"$gte": {"x": 1}}]}}], "run": "small"},
        "big": {"all": [{"f": {"$and": [{"t": "f"}, {"$gte": {"x": 0}}]}}], "run": "big"},
    }


def fresh(definition: dict) -> runtime.Ruleset:
    return runtime.ruleset(f"test_rt_{next(_names)}", definition)


def test_quiet_host_starts_no_dispatcher_threads():
    before = set(threading.enumerate())
    runtime.QuietHost()
    fresh(two_rules()).run([{"id": "a", "t": "f", "x": 2}], lambda *_: ())
    assert set(threading.enumerate()) - before == set()


def test_stock_host_would_start_dispatcher_threads():
    before = set(threading.enumerate())
    h = Host()
    try:
        started = set(threading.enumerate()) - before
        assert any(isinstance(t, threading.Timer) for t in started)
    finally:
        h._d_timer.cancel()
        h._t_timer.cancel()


def test_post_is_an_event_consumed_by_one_rule_but_facts_fire_every_rule():
    definition = two_rules()
    seen = []
    h = runtime.QuietHost()
    h._handlers.update(small=lambda c: seen.append("small"), big=lambda c: seen.append("big"))
    name = f"test_rt_post_{next(_names)}"
    h.set_rulesets({name: copy.deepcopy(definition)})
    h.post(name, {"sid": "p1", "t": "f", "x": 2})
    h.delete_state(name, "p1")
    assert len(seen) == 1, "an event is consumed by the first rule that matches"

    fired = []
    fresh(definition).run([{"id": "a", "t": "f", "x": 2}], lambda action, m: fired.append(action) or ())
    assert sorted(fired) == ["big", "small"]


def test_nothing_matching_is_a_normal_outcome_not_an_exception():
    definition = two_rules()
    h = runtime.QuietHost()
    h._handlers.update(small=lambda c: None, big=lambda c: None)
    name = f"test_rt_nomatch_{next(_names)}"
    h.set_rulesets({name: copy.deepcopy(definition)})
    with pytest.raises(MessageNotHandledException):
        h.assert_fact(name, {"sid": "n1", "t": "other"})
    # Deliberately not deleting "n1": after an unhandled assert that has crashed the process.
    assert fresh(definition).run([{"id": "a", "t": "other"}], lambda *_: ()) == 0


def test_one_reused_session_holds_nothing_between_runs_even_past_the_1024_session_limit():
    rs = fresh(two_rules())
    for i in range(1500):
        fired = []
        assert rs.run([{"id": "a", "t": "f", "x": i % 3}], lambda action, m: fired.append(action)) == len(fired)
        assert sorted(fired) == (["big"] if i % 3 == 0 else ["big", "small"]), i
        assert rs.leftover_facts() == []
    assert rs.sessions_opened == 1


def test_chained_facts_are_retracted_too_so_they_never_fire_in_the_next_run():
    definition = {
        "first": {"all": [{"f": {"$and": [{"t": "f"}, {"x": 1}]}}], "run": "first"},
        "second": {"all": [{"d": {"$and": [{"t": "d"}, {"n": "x"}]}}, {"f": {"t": "f"}}], "run": "second"},
    }
    rs = fresh(definition)

    def on_fire(action, matched):
        fired.append(action)
        return [{"id": "d1", "t": "d", "n": "x"}] if action == "first" else None

    fired = []
    rs.run([{"id": "f", "t": "f", "x": 1}], on_fire)
    assert sorted(fired) == ["first", "second"]
    fired = []
    rs.run([{"id": "f", "t": "f", "x": 2}], on_fire)
    assert fired == [], "a fact derived in the previous run leaked into this one"
    assert rs.leftover_facts() == []


def test_a_failing_action_raises_engine_error_naming_the_rule_and_starts_a_new_session():
    rs = fresh(two_rules())

    def boom(action, matched):
        if action == "small":
            raise ValueError("bad conclusion")
        return ()

    assert rs.run([{"id": "a", "t": "f", "x": 5}], lambda *_: ()) == 2
    with pytest.raises(EngineError, match="'small'.*bad conclusion"):
        rs.run([{"id": "a", "t": "f", "x": 5}], boom)
    assert rs.leftover_facts() == []
    assert rs.run([{"id": "a", "t": "f", "x": 5}], lambda *_: ()) == 2
    assert rs.sessions_opened == 2


def test_stock_path_swallows_action_exceptions_into_the_state():
    def fail(c):
        raise ValueError("lost")

    h = runtime.QuietHost()
    h._handlers.update(small=fail, big=lambda c: None)
    name = f"test_rt_exc_{next(_names)}"
    h.set_rulesets({name: copy.deepcopy(two_rules())})
    state = h.assert_fact(name, {"sid": "e1", "t": "f", "x": 2})
    h.delete_state(name, "e1")
    assert "lost" in str(state.get("exception")), "durable-rules hides the error in the state"


def test_ruleset_names_are_global_so_a_name_cannot_be_reused_for_other_rules():
    name = f"test_rt_version_{next(_names)}"
    runtime.ruleset(name, two_rules())
    assert runtime.ruleset(name, two_rules()) is runtime.ruleset(name, two_rules())
    other = two_rules()
    other["small"]["all"][0]["f"]["$and"][1] = {"$gte": {"x": 7}}
    with pytest.raises(EngineError, match="version the name"):
        runtime.ruleset(name, other)


def test_set_rulesets_mutates_its_argument_so_we_pass_a_copy():
    definition = two_rules()
    kept = copy.deepcopy(definition)
    fresh(definition)
    assert definition == kept
    h = runtime.QuietHost()
    h._handlers.update(small=lambda c: None, big=lambda c: None)
    raw = two_rules()
    h.set_rulesets({f"test_rt_mut_{next(_names)}": raw})
    assert "run" not in raw["small"], "the stock call strips 'run' from the caller's dict"


def test_chained_facts_fire_further_rules():
    definition = {
        "first": {"all": [{"f": {"t": "f"}}], "run": "first"},
        "second": {"all": [{"d": {"$and": [{"t": "d"}, {"n": "x"}]}}], "run": "second"},
    }
    fired = []

    def on_fire(action, matched):
        fired.append(action)
        return [{"id": "d1", "t": "d", "n": "x"}] if action == "first" else ()

    assert fresh(definition).run([{"id": "f", "t": "f"}], on_fire) == 2
    assert fired == ["first", "second"]


def test_python_versions_durable_rules_imports_on_are_declared():
    meta = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    assert meta["project"]["requires-python"] == ">=3.11,<3.13"


def test_a_failure_with_many_actions_still_queued_drains_them_before_deleting():
    many = {f"r{i}": {"all": [{"f": {"$and": [{"t": "f"}, {"$gte": {"x": i}}]}}], "run": f"r{i}"} for i in range(60)}
    rs = fresh(many)
    for _ in range(200):
        with pytest.raises(EngineError):
            rs.run([{"id": "a", "t": "f", "x": 100}], lambda action, m: 1 / 0)
    assert rs.run([{"id": "a", "t": "f", "x": 100}], lambda *_: ()) == 60
