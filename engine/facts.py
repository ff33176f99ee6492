"""Input facts: checked against the questions in `knowledge/` and normalised for the rules.

`check_facts` returns clean facts or raises FactsError naming every bad field. A null value means
"not answered" (unknown), which is never the same as false.
"""
from __future__ import annotations

import datetime as dt

from .dates import parse_date
from .errors import FactsError

PRACTICE_FIELDS = {"name", "ods_code", "list_size"}


def _integer(value, q: dict) -> tuple[object, str | None]:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        return None, "must be a whole number"
    value = int(value)
    if "min" in q and value < q["min"]:
        return None, f"must be at least {q['min']:,}"
    if "max" in q and value > q["max"]:
        return None, f"must be at most {q['max']:,}"
    return value, None


def _practices(value) -> tuple[object, list[str]]:
    if not isinstance(value, list):
        return None, ["must be a list of {name, ods_code, list_size}"]
    problems, out = [], []
    for i, p in enumerate(value):
        if not isinstance(p, dict):
            problems.append(f"[{i}] must be an object with name, ods_code and list_size")
            continue
        extra = sorted(set(p) - PRACTICE_FIELDS)
        if extra:
            problems.append(f"[{i}] has unknown field(s) {', '.join(extra)}")
        for key in ("name", "ods_code"):
            if p.get(key) is not None and not isinstance(p[key], str):
                problems.append(f"[{i}].{key} must be text")
        size = p.get("list_size")
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            problems.append(f"[{i}].list_size must be a whole number of at least 0")
        out.append({k: p.get(k) for k in ("name", "ods_code", "list_size")})
    return out, problems


def check_facts(raw, questions: dict, today: dt.date | None = None) -> dict:
    """Validate and normalise a facts object; raise FactsError naming each bad field."""
    if not isinstance(raw, dict):
        raise FactsError({"_schema": ["facts must be a JSON object"]})
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    for key, value in raw.items():
        q = questions.get(key)
        if q is None:
            errors.setdefault(key, []).append("unknown field")
            continue
        if value is None:
            continue
        kind = q["type"]
        problem = None
        if kind == "integer":
            value, problem = _integer(value, q)
        elif kind == "boolean":
            if not isinstance(value, bool):
                problem = "must be true or false"
        elif kind == "choice":
            allowed = [c["value"] for c in q["choices"]]
            if value not in allowed:
                problem = f"must be one of: {', '.join(map(str, allowed))}"
        elif kind == "date":
            try:
                value = parse_date(value).isoformat()
            except (ValueError, TypeError):
                problem = "must be an ISO date such as 2019-07-01"
        elif kind == "practices":
            value, problems = _practices(value)
            if problems:
                errors.setdefault(key, []).extend(problems)
                continue
        if problem:
            errors.setdefault(key, []).append(problem)
        else:
            clean[key] = value

    practices = clean.get("practices")
    if practices is not None:
        total = sum(p["list_size"] for p in practices)
        if "population" in clean and clean["population"] != total:
            errors.setdefault("population", []).append(
                f"is {clean['population']:,} but the practices' list sizes add up to {total:,}")
        clean.setdefault("population", total)
    if errors:
        raise FactsError(errors)
    clean.setdefault("as_of", (today or dt.date.today()).isoformat())
    return clean


def engine_fact(clean: dict, day: dt.date) -> dict:
    """The flat fact object the rules see: scalar answers plus the built-in facts."""
    from .dates import contract_year_start, day_number

    flat = {k: v for k, v in clean.items() if not isinstance(v, (list, dict))}
    flat["as_of_day"] = day_number(day)
    flat["contract_year_start"] = contract_year_start(day)
    if isinstance(clean.get("practices"), list):
        flat["practice_count"] = len(clean["practices"])
    return flat
