"""Coverage: whether the sources speak to the contract year an assessment is made for.

The years are data (knowledge/insight.yaml `coverage`): `covered` years the sources address in
full, `partly` years they give only a few dated items for. Any other year is `beyond_sources`: the
rules are carried forward as written and may be out of date.
"""
from __future__ import annotations

import datetime as dt

from .dates import contract_year_label
from .knowledge import Knowledge
from .scope import in_force


def _find(entries: list, day: dt.date) -> dict | None:
    return next((y for y in entries if in_force(y, day)), None)


def coverage(k: Knowledge, day: dt.date) -> dict:
    """The coverage block: {status, years, message, citation} for the contract year holding `day`
    (made once a day, kept in `k.memo` and shared by every assessment: read-only)."""
    return k.memo.daily("coverage", day, lambda: _coverage(k, day))


def _coverage(k: Knowledge, day: dt.date) -> dict:
    cov = k.insight["coverage"]
    years = [y["year"] for y in cov["covered"]]
    label = contract_year_label(day)
    found = _find(cov["covered"], day)
    if found is not None:
        status, text = "covered", cov["messages"]["covered"].format(year=found["year"])
    else:
        found = _find(cov["partly"], day)
        if found is not None:
            status = "partly"
            text = cov["messages"]["partly"].format(year=found["year"], items=found["items"], last=years[-1])
        else:
            status = "beyond_sources"
            text = cov["messages"]["beyond_sources"].format(year=label, years=", ".join(years))
    return {"status": status, "years": years, "partly_years": [y["year"] for y in cov["partly"]],
            "message": text, "citation": found["citation"] if found else None}


def outside_sources(k: Knowledge, day: dt.date) -> str | None:
    """A sentence for the dialogue when `day` (e.g. today) is beyond the sources' years, else None."""
    cov = k.insight["coverage"]
    if _find(cov["covered"], day) or _find(cov["partly"], day):
        return None
    years = ", ".join(y["year"] for y in cov["covered"])
    return cov["messages"]["outside"].format(day=day.isoformat(), years=years)
