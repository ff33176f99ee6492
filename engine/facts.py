"""Input facts: checked against the questions in `knowledge/` and normalised for the rules.

`check_facts` returns clean facts or raises FactsError naming every bad field. A null value means
"not answered" (unknown), which is never the same as false.

The limits below (and each question's `min`/`max` in `knowledge/questions.yaml`) are the only
definition of what is accepted: the HTTP API's OpenAPI document reads them from here. Whole numbers
may be sent as JSON numbers with no fraction (`12000` or `12000.0`, read as 12000); `1.5` is refused.
"""
from __future__ import annotations

import datetime as dt
import math
import re

from .dates import parse_date
from .errors import FactsError

PRACTICE_FIELDS = {"name", "ods_code", "list_size"}
MAX_LIST_SIZE = 1_000_000  # far above any real practice list; stops absurd sums
MAX_PRACTICES = 1_000  # far above any real network (a few to a few dozen practices)
MAX_TEXT = 200
# Whole numbers beyond 64 bits cannot be stored or encoded as JSON numbers by orjson (nor compared by
# the rules engine's C core): refuse them here, so nothing downstream needs a fallback.
MAX_INTEGER = 2**63 - 1
# NUL and lone surrogates cannot be stored by PostgreSQL (or encoded as UTF-8) and are never real text.
BAD_TEXT = re.compile("[\x00\ud800-\udfff]")
#: The NUL half of that rule as a JSON Schema pattern (regex engines that only know Unicode scalar
#: values, such as Rust's, cannot compile a surrogate range, so those are only described in words).
TEXT_PATTERN = r"^[^\u0000]*$"


def _text_problem(value) -> str | None:
    if not isinstance(value, str):
        return "must be text"
    if len(value) > MAX_TEXT:
        return f"must be at most {MAX_TEXT} characters"
    return text_problem(value)


def text_problem(value: str) -> str | None:
    """What is wrong with text no store can keep (NUL, lone surrogates), or None."""
    return "must not contain NUL characters or lone surrogates" if BAD_TEXT.search(value) else None


def storable(text: str | None) -> str | None:
    """Free text with any NUL characters and lone surrogates replaced by U+FFFD, so any store keeps it."""
    return BAD_TEXT.sub("\ufffd", text) if text else text


def whole_number(value) -> int | None:
    """`value` as an int if it is a JSON number with no fraction (12000 or 12000.0), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):  # before any float arithmetic: an int may be too large for a float
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return None


def _integer(value, q: dict) -> tuple[object, str | None]:
    value = whole_number(value)
    if value is None:
        return None, "must be a whole number"
    if abs(value) > MAX_INTEGER:
        return None, f"must be at most {MAX_INTEGER:,} in size"
    if "min" in q and value < q["min"]:
        return None, f"must be at least {q['min']:,}"
    if "max" in q and value > q["max"]:
        return None, f"must be at most {q['max']:,}"
    return value, None


def _practices(value) -> tuple[object, list[str]]:
    if not isinstance(value, list):
        return None, ["must be a list of {name, ods_code, list_size}"]
    if len(value) > MAX_PRACTICES:
        return None, [f"must list at most {MAX_PRACTICES:,} practices"]
    problems, out = [], []
    for i, p in enumerate(value):
        if not isinstance(p, dict):
            problems.append(f"[{i}] must be an object with name, ods_code and list_size")
            continue
        extra = sorted(set(p) - PRACTICE_FIELDS)
        if extra:
            problems.append(f"[{i}] has unknown field(s) {', '.join(extra)}")
        for key in ("name", "ods_code"):
            problem = _text_problem(p[key]) if p.get(key) is not None else None
            if problem:
                problems.append(f"[{i}].{key} {problem}")
        size = whole_number(p.get("list_size"))
        if size is None or not 0 <= size <= MAX_LIST_SIZE:
            problems.append(f"[{i}].list_size must be a whole number from 0 to {MAX_LIST_SIZE:,}")
        out.append({"name": p.get("name"), "ods_code": p.get("ods_code"), "list_size": size})
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
        if kind == "boolean":   # most answers: checked first
            if value is True or value is False:
                clean[key] = value
            else:
                errors.setdefault(key, []).append("must be true or false")
            continue
        problem = None
        if kind == "integer":
            value, problem = _integer(value, q)
        elif kind == "choice":
            allowed = [c["value"] for c in q["choices"]]
            if value not in allowed:
                problem = f"must be one of: {', '.join(map(str, allowed))}"
        elif kind == "choices":  # several of the choices, each at most once, kept in the order given
            allowed = [c["value"] for c in q["choices"]]
            if not isinstance(value, list) or any(v not in allowed for v in value) or len(set(value)) != len(value):
                problem = f"must be a list of distinct values from: {', '.join(map(str, allowed))}"
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
        elif "population" not in clean and "population" in questions:
            value, problem = _integer(total, questions["population"])
            if problem:
                errors.setdefault("practices", []).append(f"list sizes add up to {total:,}, so the population {problem}")
            else:
                clean["population"] = value
    if errors:
        raise FactsError(errors)
    if "as_of" not in clean:   # (asking the clock costs a system call)
        clean["as_of"] = (today or dt.date.today()).isoformat()
    return clean


def engine_fact(clean: dict, day: dt.date) -> dict:
    """The flat fact object the rules see: scalar answers plus the built-in facts."""
    from .dates import contract_year_start, day_number

    flat = {k: v for k, v in clean.items() if not isinstance(v, (list, dict))}
    flat["as_of_day"] = day_number(day)
    flat["contract_year_start"] = contract_year_start(day)
    if isinstance(clean.get("practices"), list):
        flat["practice_count"] = len(clean["practices"])
    if isinstance(clean.get("priorities"), list):
        flat["priority_count"] = len(clean["priorities"])
    return flat
