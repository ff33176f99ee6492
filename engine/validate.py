"""Checks on the knowledge files: every problem is reported with file, id and field.

Run by `engine.knowledge.load` (so a bad file never reaches the rules engine) and by
`pcn knowledge check`.
"""
from __future__ import annotations

import datetime as dt
import re

from .errors import KnowledgeError

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
QUESTION_TYPES = {"integer", "boolean", "choice", "choices", "date", "practices"}
CATEGORIES = {"eligibility", "pension", "vat", "cqc", "employment", "liability", "subcontracting",
              "geography", "governance", "workforce", "funding", "coverage", "control"}
SEVERITIES = {"info", "warning", "blocker"}
STATUSES = {"eligible", "needs_approval", "blocked", "not_eligible", "unknown"}
#: A network-wide blocker must show in the eligibility status: one of these (see `_check_blocker_status`).
BLOCKING_STATUSES = {"blocked", "not_eligible"}
OPS = {"eq", "ne", "lt", "lte", "gt", "gte", "in", "known", "not"}
NUMERIC_OPS = {"lt", "lte", "gt", "gte"}
FUNDING_KINDS = {"per_patient": ("rate",), "wte_scaled": ("wte_per_block", "block", "cost_per_wte"),
                 "wte_schedule": ("schedule", "max_per_wte"), "cost_share": ("share",),
                 "per_adjusted_patient": ("rate",), "per_patient_split": ("rate", "rate_adjusted"),
                 "per_bed": ("rate",)}
#: Stream kinds computed from another stream's amount (named by `of`, which must come earlier).
FUNDING_OF = {"cost_share"}
#: Optional stream keys naming a date parameter: `payable_from` (payments start that day) and
#: `additional_to` (only staff over and above those in post that day count).
FUNDING_OPTIONAL = ("payable_from", "additional_to")
DUTY_KINDS = {"minutes_per_1000": ("rate",), "minutes_per_1000_adjusted": ("rate",)}
BUILTIN_FACTS = {"as_of_day", "contract_year_start", "population", "practice_count", "priority_count"}
MODEL_FACTS = {"model_is_chosen"}
CONCLUSIONS = {"derive", "eligibility", "flag", "fit", "checklist"}
#: What a conclusion rests on: the cited text says it, arithmetic on cited figures gives it, or
#: this tool's own weighing (shown to users as such).
BASES = ("source", "derived", "judgement")


#: Triage priorities, most urgent first, and the types a triage fact may have.
PRIORITIES = ["urgent", "high", "normal", "routine"]
FACT_TYPES = {"boolean": bool, "integer": int, "text": str}


class Problems(list):
    """Problems found in the knowledge files, each naming file, id and field."""


    def add(self, entry: dict, field: str | None, message: str, kind: str = "") -> None:
        self.append({"file": entry.get("_file"), "id": entry.get("id") or kind or None,
                     "field": field, "message": message})


def check_citation(p: Problems, entry: dict, cit, sources: set, field: str = "citation") -> None:
    if not isinstance(cit, dict):
        p.add(entry, field, "every entry needs a citation {source, section}")
        return
    if cit.get("source") not in sources:
        p.add(entry, f"{field}.source", f"unknown source {cit.get('source')!r} (see sources.yaml)")
    if not isinstance(cit.get("section"), str) or not cit["section"].strip():
        p.add(entry, f"{field}.section", "must name the heading as it appears in the source")
    extra = set(cit) - {"source", "section", "part"}
    if extra:
        p.add(entry, field, f"unexpected keys {sorted(extra)}")


def check_basis(p: Problems, entry: dict, value, field: str = "basis") -> None:
    """`basis`, when given, is one of BASES."""
    if value is not None and value not in BASES:
        p.add(entry, field, f"must be one of {list(BASES)}")


def _check_text(p: Problems, entry: dict, key: str) -> None:
    if not isinstance(entry.get(key), str) or not entry[key].strip():
        p.add(entry, key, "required text is missing")


def _check_dates(p: Problems, entry: dict) -> None:
    start, end = entry.get("from"), entry.get("until")
    for key, val in (("from", start), ("until", end)):
        if val is not None and not isinstance(val, dt.date):
            p.add(entry, key, "must be an ISO date such as 2020-04-01")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        p.add(entry, "until", "is before 'from'")


def check_clauses(p: Problems, entry: dict, clauses, field: str, names: set, params: set,
                  derived: set, model_scoped: bool) -> None:
    """Each clause is `{fact: test}` naming a known fact, a known operator and known parameters."""
    if clauses is None:
        return
    if not isinstance(clauses, list):
        p.add(entry, field, "must be a list of clauses")
        return
    for i, clause in enumerate(clauses):
        where = f"{field}[{i}]"
        if not isinstance(clause, dict) or len(clause) != 1:
            p.add(entry, where, "a clause is a one-key mapping such as `population: {gte: 30000}`")
            continue
        (name, test), = clause.items()
        if name in MODEL_FACTS and not model_scoped:
            p.add(entry, f"{where}.{name}", "only model-scoped rules can test the model")
        elif name not in names and name not in derived and name not in MODEL_FACTS:
            p.add(entry, f"{where}.{name}", "unknown fact: not a question, built-in or derived name")
        if isinstance(test, dict):
            if len(test) != 1 or next(iter(test)) not in OPS:
                p.add(entry, f"{where}.{name}", f"test must be one of {sorted(OPS)}")
                continue
            (op, value), = test.items()
            if name in MODEL_FACTS and op not in {"eq", "ne", "not", "known", "in"}:
                p.add(entry, f"{where}.{name}", "true or false: test it with eq, ne, not, known or in")
            if name in derived and op in {"known", "not"} and not (op == "known" and value is True):
                p.add(entry, f"{where}.{name}", "derived facts can only be tested positively")
            if op == "in" and not isinstance(value, list):
                p.add(entry, f"{where}.{name}.in", "must be a list")
            if op == "known" and not isinstance(value, bool):
                p.add(entry, f"{where}.{name}.known", "must be true or false")
            if isinstance(value, dict):
                if set(value) != {"param"} or value["param"] not in params:
                    p.add(entry, f"{where}.{name}.{op}", f"unknown parameter {value!r}")
            elif op in NUMERIC_OPS and (isinstance(value, bool) or not isinstance(value, (int, float))):
                p.add(entry, f"{where}.{name}.{op}", "needs a number")


def param_refs(clauses) -> list[str]:
    """Parameter ids referenced by a clause list, in order of first use."""
    out: list[str] = []
    for clause in clauses or []:
        for test in clause.values():
            if isinstance(test, dict):
                for value in test.values():
                    if isinstance(value, dict) and "param" in value and value["param"] not in out:
                        out.append(value["param"])
    return out


def validate(questions, params, models, rules, items, streams, sources, duties=()) -> None:
    """Raise KnowledgeError listing every problem found across the knowledge files."""
    p = Problems()
    source_names = {s.get("file") for s in sources if isinstance(s, dict)}
    for kind, entries in (("question", questions), ("parameter", params), ("model", models),
                          ("rule", rules), ("checklist item", items), ("funding stream", streams)):
        seen = set()
        for e in entries:
            if not isinstance(e, dict):
                p.append({"file": None, "id": None, "field": None, "message": f"each {kind} must be a mapping"})
                continue
            eid = e.get("id")
            if not isinstance(eid, str) or not SNAKE.match(eid):
                p.add(e, "id", f"{kind} id must be snake_case", kind)
            elif eid in seen and kind != "funding stream":   # a stream may recur in another window
                p.add(e, "id", f"duplicate {kind} id")
            seen.add(eid)
    if p:
        raise KnowledgeError(list(p))

    qids = {q["id"] for q in questions}
    pids = {x["id"] for x in params}
    mids = {m["id"] for m in models}
    iids = {i["id"] for i in items}
    names = qids | BUILTIN_FACTS

    for q in questions:
        if q.get("type") not in QUESTION_TYPES:
            p.add(q, "type", f"must be one of {sorted(QUESTION_TYPES)}")
        for key in ("prompt", "help", "why", "topic"):
            _check_text(p, q, key)
        if q.get("type") in ("choice", "choices"):
            choices = q.get("choices")
            if not isinstance(choices, list) or not choices or not all(
                    isinstance(c, dict) and "value" in c and "label" in c for c in choices):
                p.add(q, "choices", "a choice question needs choices [{value, label}]")
        check_citation(p, q, q.get("citation"), source_names)

    for x in params:
        _check_text(p, x, "description")
        values = x.get("values")
        if not isinstance(values, list) or not values:
            p.add(x, "values", "needs at least one dated value")
            continue
        previous_end = None
        for i, v in enumerate(values):
            v = dict(v, _file=x.get("_file"), id=x["id"])
            _check_dates(p, v)
            if not isinstance(v.get("from"), dt.date):
                p.add(v, f"values[{i}].from", "every value needs a 'from' date")
            if "value" not in v:
                p.add(v, f"values[{i}].value", "missing")
            elif v["value"] is None and not (isinstance(v.get("unknown"), str) and v["unknown"].strip()):
                p.add(v, f"values[{i}].unknown", "a null value needs the reason it is unknown")
            if "carried_forward" in v and (v.get("value") is None or not isinstance(v["carried_forward"], str)):
                p.add(v, f"values[{i}].carried_forward", "must say, for a known value, why it is carried forward")
            check_citation(p, v, v.get("citation"), source_names, f"values[{i}].citation")
            if previous_end is not None and isinstance(v.get("from"), dt.date) and v["from"] <= previous_end:
                p.add(v, f"values[{i}].from", "overlaps the previous period")
            previous_end = v.get("until") or dt.date.max

    for m in models:
        _check_text(p, m, "name")
        _check_text(p, m, "summary")
        check_citation(p, m, m.get("citation"), source_names)

    derived: dict[str, bool] = {}
    for r in rules:
        then = r.get("then")
        if isinstance(then, dict) and isinstance(then.get("derive"), dict):
            for name in then["derive"]:
                scoped = r.get("model") is not None
                if derived.setdefault(name, scoped) != scoped:
                    p.add(r, f"then.derive.{name}", "derived both with and without a model scope")
                if name in names:
                    p.add(r, f"then.derive.{name}", "clashes with a question or built-in fact")

    for r in rules:
        _check_text(p, r, "description")
        _check_dates(p, r)
        model = r.get("model")
        if model is not None and model not in mids and model != "any":
            p.add(r, "model", f"unknown model {model!r}")
        check_clauses(p, r, r.get("when"), "when", names, pids, set(derived), model is not None)
        then = r.get("then")
        if not isinstance(then, dict) or not then or set(then) - CONCLUSIONS:
            p.add(r, "then", f"needs one or more of {sorted(CONCLUSIONS)}")
            then = {}
        check_citation(p, r, r.get("citation"), source_names)
        check_basis(p, r, r.get("basis"))
        flag = then.get("flag")
        if flag is not None:
            if not isinstance(flag, dict):
                p.add(r, "then.flag", "must be a mapping")
            else:
                if flag.get("category") not in CATEGORIES:
                    p.add(r, "then.flag.category", f"must be one of {sorted(CATEGORIES)}")
                if flag.get("severity") not in SEVERITIES:
                    p.add(r, "then.flag.severity", f"must be one of {sorted(SEVERITIES)}")
                if not isinstance(flag.get("message"), str) or not flag["message"].strip():
                    p.add(r, "then.flag.message", "required text is missing")
                check_basis(p, r, flag.get("basis"), "then.flag.basis")
                if "code" in flag and not (isinstance(flag["code"], str) and SNAKE.match(flag["code"])):
                    p.add(r, "then.flag.code", "must be snake_case")
        elig = then.get("eligibility")
        if elig is not None:
            if not isinstance(elig, dict) or elig.get("status") not in STATUSES:
                p.add(r, "then.eligibility.status", f"must be one of {sorted(STATUSES)}")
            elif not isinstance(elig.get("reason"), str):
                p.add(r, "then.eligibility.reason", "required text is missing")
            else:
                check_basis(p, r, elig.get("basis"), "then.eligibility.basis")
        _check_blocker_status(p, r, then)
        fit = then.get("fit")
        if fit is not None:
            if model is None:
                p.add(r, "then.fit", "only model-scoped rules can rate a model's fit")
            if not isinstance(fit, dict) or isinstance(fit.get("score"), bool) or not isinstance(fit.get("score"), int):
                p.add(r, "then.fit.score", "must be a whole number")
            elif not isinstance(fit.get("reason"), str):
                p.add(r, "then.fit.reason", "required text is missing")
            else:
                check_basis(p, r, fit.get("basis"), "then.fit.basis")
        for i, item in enumerate(then.get("checklist") or []):
            if item not in iids:
                p.add(r, f"then.checklist[{i}]", f"unknown checklist item {item!r}")

    named = {i for r in rules if isinstance(r.get("then"), dict) for i in (r["then"].get("checklist") or [])}
    for it in items:
        if it["id"] in named:
            for key in ("when", "from", "until"):
                if key in it:
                    p.add(it, key, "a rule adds this item, so its conditions belong in that rule, not here")
        _check_text(p, it, "text")
        _check_text(p, it, "category")
        _check_dates(p, it)
        for m in it.get("models") or []:
            if m not in mids:
                p.add(it, "models", f"unknown model {m!r}")
        check_clauses(p, it, it.get("when"), "when", names, pids, set(derived), bool(it.get("models")))
        check_citation(p, it, it.get("citation"), source_names)

    seen_streams: set = set()
    windows: dict = {}
    for s in streams:
        _check_dates(p, s)
        start, end = s.get("from") or dt.date.min, s.get("until") or dt.date.max
        if any(start <= e2 and s2 <= end for s2, e2 in windows.get(s.get("id"), [])):
            p.add(s, "id", "duplicate funding stream id in an overlapping from/until window")
        windows.setdefault(s.get("id"), []).append((start, end))
        needed = FUNDING_KINDS.get(s.get("kind"))
        if needed is None:
            p.add(s, "kind", f"must be one of {sorted(FUNDING_KINDS)}")
            continue
        if s.get("kind") in FUNDING_OF and s.get("of") not in seen_streams:
            p.add(s, "of", "must name a stream listed before this one")
        seen_streams.add(s.get("id"))
        for key in needed + tuple(k for k in FUNDING_OPTIONAL if k in s):
            if s.get(key) not in pids:
                p.add(s, key, f"unknown parameter {s.get(key)!r}")
        check_citation(p, s, s.get("citation"), source_names)
        check_basis(p, s, s.get("basis"))
        if s.get("cite_periods") not in (None, True):
            p.add(s, "cite_periods", "must be true when given")

    for d in duties:
        needed = DUTY_KINDS.get(d.get("kind")) if isinstance(d, dict) else None
        if needed is None:
            p.add(d if isinstance(d, dict) else {}, "kind", f"a duty's kind must be one of {sorted(DUTY_KINDS)}", "duty")
            continue
        if not SNAKE.match(str(d.get("id"))):
            p.add(d, "id", "duty id must be snake_case", "duty")
        _check_text(p, d, "label")
        for key in needed:
            if d.get(key) not in pids:
                p.add(d, key, f"unknown parameter {d.get(key)!r}")
        _check_dates(p, d)
        check_citation(p, d, d.get("citation"), source_names)

    if p:
        raise KnowledgeError(list(p))


def _check_blocker_status(p: Problems, rule: dict, then: dict) -> None:
    """A network-wide blocker stops the network going ahead, so the rule must say so in the status."""
    flag = then.get("flag")
    if rule.get("model") is not None or not isinstance(flag, dict) or flag.get("severity") != "blocker":
        return
    status = (then.get("eligibility") or {}).get("status") if isinstance(then.get("eligibility"), dict) else None
    if status not in BLOCKING_STATUSES:
        p.add(rule, "then.eligibility", f"a network-wide blocker must set the status to one of {sorted(BLOCKING_STATUSES)}")


def validate_triage(triage: dict, sources: set, params: set) -> None:
    """Check triage facts and rules; raise KnowledgeError naming file, id and field."""
    p = Problems()
    names = set()
    for f in triage["facts"]:
        if not SNAKE.match(str(f.get("id"))) or f.get("type") not in FACT_TYPES:
            p.add(f, "type", f"triage facts need a snake_case id and a type in {sorted(FACT_TYPES)}")
        names.add(f.get("id"))
    seen = set()
    for r in triage["rules"]:
        if r.get("id") in seen or not SNAKE.match(str(r.get("id"))):
            p.add(r, "id", "triage rule ids must be unique snake_case")
        seen.add(r.get("id"))
        check_clauses(p, r, r.get("when"), "when", names, params, set(), False)
        then = r.get("then") or {}
        if then.get("priority") not in PRIORITIES and "topic" not in then:
            p.add(r, "then", f"needs a priority in {PRIORITIES} and/or a topic")
        if "topic" in then and not SNAKE.match(str(then["topic"])):
            p.add(r, "then.topic", "must be snake_case")
        if not isinstance(then.get("reason"), str):
            p.add(r, "then.reason", "required text is missing")
        check_citation(p, r, r.get("citation"), sources)
        check_basis(p, r, r.get("basis"))
    if p:
        raise KnowledgeError(list(p))
