"""The durable-rules runtime: the one module that owns durable-rules and its sharp edges.

durable-rules 2.0.28 (C core, last released 2020) is the engine the rules run on. What this module
guards against, each with a test in tests/engine/test_runtime.py:

* `Host()` starts dispatcher timer threads that can run another session's pending actions; with
  request threads plus `delete_state` that crashed the process. We subclass `Host` with the
  dispatcher switched off and serialise every call into the C core behind one process-wide lock
  (the C code never releases the GIL, so the lock costs no throughput).
* `post()` sends an *event*, consumed by the first matching rule only. We assert *facts*, so every
  matching rule fires. "Nothing matched" is a normal outcome here, not an exception.
* When an assert matches no rule, durable-rules reports "not handled" and deleting that session
  afterwards has crashed the process. Every session therefore opens with a marker fact that an
  internal rule always matches, so an assert is always handled.
* At most 1,024 live sessions per ruleset (then MemoryError, and reusing that sid segfaults), keyed
  by a 32-bit hash of the sid: every session is deleted in `finally`, so at most one is ever live.
* Exceptions inside actions are swallowed by durable-rules (they land in `state['exception']`).
  We run the action loop ourselves, so a failing action raises `EngineError` naming the rule.
* Deleting a session while actions are still queued for it has crashed the process, so after a
  failure the loop still drains every queued action (without running them) before deleting.
* Ruleset names are global and cannot be unregistered: names carry the knowledge version and a
  ruleset is registered once per process and reused.
* `Host.set_rulesets` mutates its argument: we hand it a deep copy.
* Cost is per-session setup plus Python glue after each fired action (the stock path JSON-encodes
  the whole state after every action). We drive the C core's action loop directly and keep all
  conclusions outside the engine state, which stays just the asserted facts.

The package builds from source (gcc) and imports on Python 3.11 and 3.12, not 3.13; pyproject.toml
declares `requires-python = ">=3.11,<3.13"`.
"""
from __future__ import annotations

import copy
import itertools
import json
import threading
from typing import Callable, Iterable

import durable_rules_engine as _core
from durable.engine import Host

from .errors import EngineError

#: Serialises every call into the durable-rules C core in this process.
LOCK = threading.RLock()

#: fired(action_name, message) -> facts to assert into the same session (forward chaining).
#: `message` is durable-rules' JSON text of the facts the rule matched, `{"<action>": {alias: fact}}`;
#: it is left unparsed because decoding it after every firing was the largest per-firing cost.
OnFire = Callable[[str, str], Iterable[dict]]


class QuietHost(Host):
    """A durable-rules Host with the background dispatcher switched off; actions resolve by name."""

    def __init__(self):
        self._handlers: dict[str, Callable] = {}
        super().__init__()

    def _run(self):  # the stock Host starts dispatcher timer threads here
        self._d_timer = self._t_timer = None

    def get_action(self, action_name):
        """Resolve a rule's `run` name to a callable (used when rulesets are built from data)."""
        try:
            return self._handlers[action_name]
        except KeyError:
            raise EngineError(f"no action registered for {action_name!r}") from None


_HOST: QuietHost | None = None
_REGISTERED: dict[str, "Ruleset"] = {}


def host() -> QuietHost:
    """The process-wide host (created on first use, under the lock)."""
    global _HOST
    with LOCK:
        if _HOST is None:
            _HOST = QuietHost()
        return _HOST


OPEN = "$open"  # marker fact type and the internal rule that always matches it


def _noop_action(c):  # the stock path's action: conclusions are collected by `Ruleset.run`
    return None


class Ruleset:
    """A registered durable-rules ruleset, evaluated one isolated session at a time."""

    def __init__(self, name: str, definition: dict):
        self.name = name
        self.definition = definition
        h = host()
        full = copy.deepcopy(definition)
        full[OPEN] = {"all": [{"o": {"t": OPEN}}], "run": OPEN}
        with LOCK:
            for rule in full.values():
                h._handlers.setdefault(rule["run"], _noop_action)
            h.set_rulesets({name: full})
            self._handle = h.get_ruleset(name)._handle
        self._sids = itertools.count(1)

    def run(self, facts: list[dict], on_fire: OnFire) -> int:
        """Assert `facts` into a fresh session, fire every matching rule, delete the session.

        `on_fire` is called for each fired rule with the rule name and the JSON text of the facts
        it matched, and returns further facts to assert (so rules chain). Returns the number fired.
        """
        with LOCK:
            sid = f"s{next(self._sids)}"
            session = [{"id": OPEN, "t": OPEN, "sid": sid}] + [dict(f, sid=sid) for f in facts]
            fired = 0
            failure = None
            try:
                _code, state = _core.assert_facts(self._handle, json.dumps(session))
                started = _core.start_action_for_state(self._handle, state)
                message = started[1] if started else None
                while message:
                    action = message[2:message.index('"', 2)]
                    if action != OPEN and failure is None:
                        fired += 1
                        try:
                            new_facts = list(on_fire(action, message) or ())
                        except Exception as exc:  # keep draining: see the module docstring
                            failure = EngineError(f"rule {action!r} failed while firing: {exc}")
                            failure.__cause__ = exc
                            new_facts = ()
                        for fact in new_facts:
                            _core.assert_fact(self._handle, json.dumps(dict(fact, sid=sid)))
                    message = _core.complete_and_start_action(self._handle, state)
            except _core.error as exc:
                raise EngineError(f"durable-rules failed: {exc}") from exc
            finally:
                try:
                    _core.delete_state(self._handle, sid)
                except _core.error:  # nothing was stored for this sid
                    pass
            if failure is not None:
                raise failure
            return fired

    def live_state(self, sid: str):
        """The stored state for `sid`, or None (used to prove sessions are cleaned up)."""
        with LOCK:
            try:
                return json.loads(_core.get_state(self._handle, sid))
            except _core.error:
                return None


def ruleset(name: str, definition: dict) -> Ruleset:
    """The ruleset registered under `name`, registering it on first use."""
    with LOCK:
        rs = _REGISTERED.get(name)
        if rs is None:
            rs = _REGISTERED[name] = Ruleset(name, definition)
        elif rs.definition != definition:
            raise EngineError(f"ruleset {name!r} is already registered with other rules; version the name")
        return rs
