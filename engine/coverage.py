"""Coverage: whether the sources speak to the contract year an assessment is made for, topic by topic.

The years are data (knowledge/insight.yaml `coverage`): `covered` years the sources address in
full, `partly` years they give only a few dated items for. Any other year is `beyond_sources`: the
rules are carried forward as written and may be out of date. Each *topic* (`coverage.topics`) is
either `timeless` (the handbook's guidance on structures and their risks, which no year's figures
change) or covered for its own dates; outside them it too is `beyond_sources`. When the year is not
squarely covered the message says which topics still hold and which the sources stop short of, and
`warning` (`coverage_warning`) is what every channel shows first.
"""
from __future__ import annotations

import datetime as dt

from .dates import contract_year_label
from .knowledge import Knowledge
from .scope import in_force
from .wording import terms


def _find(entries: list, day: dt.date) -> dict | None:
    return next((y for y in entries if in_force(y, day)), None)


def topics(k: Knowledge, day: dt.date) -> list:
    """[{id, label, status, until, citation}]: `timeless`, `covered` on `day`, or `beyond_sources`
    with the last contract year the sources speak to for it (`until`)."""
    out = []
    for t in k.insight["coverage"].get("topics") or []:
        if t.get("timeless"):
            status = "timeless"
        else:
            status = "covered" if in_force(t, day) else "beyond_sources"
        out.append({"id": t["id"], "label": t["label"], "status": status,
                    "until": None if t.get("timeless") else contract_year_label(t["until"]),
                    "citation": t["citation"]})
    return out


def _topics_text(k: Knowledge, listed: list, words: dict) -> str:
    """The sentences naming which topics still hold and which the sources stop short of."""
    msgs = k.insight["coverage"]["messages"]
    current = [t["label"] for t in listed if t["status"] != "beyond_sources"]
    dated = [msgs["topic_until"].format(label=t["label"], year=t["until"]) for t in listed if t["status"] == "beyond_sources"]
    out = [msgs["topics_current"].format(topics=", ".join(current), **words)] if current else []
    if dated:
        out.append(msgs["topics_dated"].format(topics="; ".join(dated), **words))
    return " ".join(out)


def coverage(k: Knowledge, day: dt.date) -> dict:
    """The coverage block: {status, years, partly_years, message, citation, topics, warning} for the
    contract year holding `day` (`warning`: the message when the year is not squarely covered; made
    once a day, kept in `k.memo` and shared by every assessment: read-only)."""
    return k.memo.daily("coverage", day, lambda: _coverage(k, day))


def _coverage(k: Knowledge, day: dt.date) -> dict:
    cov = k.insight["coverage"]
    years = [y["year"] for y in cov["covered"]]
    label = contract_year_label(day)
    listed = topics(k, day)
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
        more = _topics_text(k, listed, dict(terms(k, day)))
        text = f"{text} {more}" if more else text
    return {"status": status, "years": years, "partly_years": [y["year"] for y in cov["partly"]],
            "message": text, "citation": found["citation"] if found else None, "topics": listed,
            "warning": None if status == "covered" else text}


def coverage_warning(cov: dict | None) -> str | None:
    """What every channel shows first about an assessment's date: its coverage `warning`, if any."""
    cov = cov or {}
    if "warning" in cov:
        return cov["warning"]
    return cov.get("message") if cov.get("status") not in (None, "covered") else None  # stored before warnings


def outside_sources(k: Knowledge, day: dt.date) -> str | None:
    """A sentence for the dialogue when `day` (e.g. today) is beyond the sources' years, else None."""
    cov = k.insight["coverage"]
    if _find(cov["covered"], day) or _find(cov["partly"], day):
        return None
    years = ", ".join(y["year"] for y in cov["covered"])
    return cov["messages"]["outside"].format(day=day.isoformat(), years=years)
