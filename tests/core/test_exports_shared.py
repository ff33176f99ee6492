"""Checklist exports people can share: titled with the network, contract year, model and date; each
source by its title; who ticked (the name typed on the web page) and on which day; how far along."""
from __future__ import annotations

import csv
import io

import engine
from core.exports import CSV_COLUMNS, csv_text, markdown

E = engine.default_engine()
K = E.knowledge
PRACTICES = [{"name": n, "ods_code": f"A{i}0000", "list_size": 9000} for i, n in
             enumerate(["Oak Surgery", "Elm Practice", "Ash Medical Centre", "Yew Health"], 1)]


def _items(a: dict) -> list[dict]:
    items = [dict(i, done=False, by=None, at=None, note=None) for i in a["checklist"]]
    items[0].update(done=True, by="web:practice", at="2026-12-07T21:09:35.123456+00:00", note="Dr Patel")
    items[1].update(done=True, by="api-key:ops", at="2026-12-08T09:00:00.5+00:00", note="see minutes")
    return items


def test_markdown_is_titled_and_says_who_when_and_how_far():
    a = E.assess({"practices": PRACTICES, "as_of": "2019-07-01", "operating_model": "lead_provider"})
    items = _items(a)
    md = markdown("abc123", items, a, K)
    first, _, second = md.splitlines()[:3]
    assert first == ("# Setup checklist: The network of Oak Surgery, Elm Practice, Ash Medical Centre and 1 more · "
                     "2019/20 · Lead provider (lead practice)")
    assert second == f"Assessment abc123 for 1 July 2019. 2 of {len(items)} done."
    assert f"(done by Dr Patel, 7 December 2026) [BMA, The primary care network handbook (2019) › " \
           f"{items[0]['citation']['section']}" in md
    assert "(done by api-key:ops, 8 December 2026)" in md and "see minutes" not in md   # an API note is not a name
    assert "web:practice" not in md and ".123456" not in md and "000_a67a7b468067886e.txt" not in md


def test_csv_has_who_when_model_and_source_names():
    a = E.assess({"population": 42000, "as_of": "2019-07-01", "operating_model": "federation"})
    items = _items(a)
    rows = list(csv.DictReader(io.StringIO(csv_text(items, K))))
    assert list(rows[0]) == CSV_COLUMNS
    assert (rows[0]["who"], rows[0]["when"], rows[0]["by"]) == ("Dr Patel", "7 December 2026", "web:practice")
    assert rows[2]["who"] == rows[2]["when"] == ""
    assert all(r["source"] in {s["title"] for s in K.sources.values()} for r in rows if r["source"])
    modelled = [r for r, i in zip(rows, items) if i.get("model")]
    assert all(r["model"] == K.models[i["model"]]["name"] for r, i in zip(modelled, [i for i in items if i.get("model")]))
