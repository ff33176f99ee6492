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
  by a 32-bit hash of the sid. We keep exactly one: creating a session costs ~125 µs, a third of an
  assessment, so each ruleset keeps one open session and each run retracts every fact it asserted
  (its own and the derived ones) before returning. After any failure the session is deleted and the
  next run opens a new one.
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
import json
import threading
from collections.abc import Callable, Iterable

import durable_rules_engine as _core
import orjson
from durable.engine import Host

from .errors import EngineError


def encode(obj) -> str:
    """Facts as the compact JSON text the C core reads (and echoes back verbatim in its messages)."""
    try:
        return orjson.dumps(obj).decode()
    except TypeError:  # e.g. an integer beyond 64 bits: the standard library takes anything JSON can
        return json.dumps(obj, separators=(",", ":"))


#: Serialises every call into the durable-rules C core in this process.
LOCK = threading.RLock()

#: fired(action_name, message) -> facts to assert into the same session (forward chaining).
#: `message` is durable-rules' JSON text of the facts the rule matched, `{"<action>": {alias: fact}}`;
#: it is left unparsed because decoding it after every firing was the largest per-firing cost.
OnFire = Callable[[str, str], Iterable[dict]]


class _Every:
    """A set containing every rule name."""

    def __contains__(self, _name) -> bool:
        return True


EVERY_RULE = _Every()


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
_REGISTERED: dict[str, Ruleset] = {}


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
    """A registered durable-rules ruleset, evaluated one run at a time in its one reusable session."""

    SID = "run"

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
        self._opened = False
        self.sessions_opened = 0

    def _open(self) -> None:
        """Open the session with its marker fact (so no assert into it is ever "not handled")."""
        _code, state = _core.assert_facts(self._handle, encode([{"id": OPEN, "t": OPEN, "sid": self.SID}]))
        self._drain(state)
        self._opened = True
        self.sessions_opened += 1

    def _drain(self, state) -> None:
        """Complete every queued action without running it."""
        started = _core.start_action_for_state(self._handle, state)
        while started and _core.complete_and_start_action(self._handle, state):
            pass

    def _close(self) -> None:
        """Delete the session (after a failure: the next run starts from a new one)."""
        self._opened = False
        try:
            _core.delete_state(self._handle, self.SID)
        except _core.error:  # nothing was stored for this sid
            pass

    def run(self, facts: list[dict], on_fire: OnFire) -> int:
        """Assert `facts`, fire every matching rule, then retract everything this run asserted.

        `on_fire` is called for each fired rule with the rule name and the JSON text of the facts
        it matched, and returns further facts to assert (so rules chain), or nothing. Returns the
        number of rules fired.
        """
        return len(self.fire(facts, on_fire, EVERY_RULE))

    def fire(self, facts: list[dict], on_fire: OnFire, chaining) -> list[tuple[str, str]]:
        """As `run`, but `on_fire` is called only for rules in `chaining` (those that can add facts)
        and every firing comes back as (rule name, JSON text of the facts it matched), in order.

        Only the chaining rules need their conclusions while the session is open; collecting the
        rest for afterwards keeps the per-firing work inside the engine lock to an append.
        """
        handle, sid = self._handle, self.SID
        with LOCK:
            asserted = {f["id"]: dict(f, sid=sid) for f in facts}
            derived = []  # JSON text of each fact a firing added
            firings: list = []
            failure = None
            state = None
            try:
                if not self._opened:
                    self._open()
                payload = encode(list(asserted.values()))
                _code, state = _core.assert_facts(handle, payload)
                started = _core.start_action_for_state(handle, state)
                message = started[1] if started else None
                while message:
                    if failure is None:
                        action = message[2:message.index('"', 2)]
                        firings.append((action, message))
                        if action in chaining:
                            try:
                                for fact in on_fire(action, message) or ():
                                    if fact["id"] not in asserted:
                                        asserted[fact["id"]] = fact = dict(fact, sid=sid)
                                        derived.append(encode(fact))
                                        _core.assert_fact(handle, derived[-1])
                            except Exception as exc:  # noqa: BLE001 - any action failure: keep draining (module docstring)
                                failure = EngineError(f"rule {action!r} failed while firing: {exc}")
                                failure.__cause__ = exc
                    message = _core.complete_and_start_action(handle, state)
                if failure is None:
                    if derived:  # the same text as asserted, without encoding it all again
                        payload = f"{payload[:-1]}{',' if len(payload) > 2 else ''}{','.join(derived)}]"
                    _code, state = _core.retract_facts(handle, payload)
                    self._drain(state)
            except _core.error as exc:
                failure = EngineError(f"durable-rules failed: {exc}")
                failure.__cause__ = exc
            if failure is not None:
                if state is not None:
                    try:
                        self._drain(state)
                    except _core.error:
                        pass
                self._close()
                raise failure
            return firings

    def leftover_facts(self) -> list:
        """Facts left in the session besides its marker: always [] between runs."""
        with LOCK:
            if not self._opened:
                return []
            return [f for f in json.loads(_core.get_facts(self._handle, self.SID)) if f.get("t") != OPEN]


def ruleset(name: str, definition: dict) -> Ruleset:
    """The ruleset registered under `name`, registering it on first use."""
    with LOCK:
        rs = _REGISTERED.get(name)
        if rs is None:
            rs = _REGISTERED[name] = Ruleset(name, definition)
        elif rs.definition != definition:
            raise EngineError(f"ruleset {name!r} is already registered with other rules; version the name")
        return rs
