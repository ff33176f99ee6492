"""Runs every YAML scenario in tests/scenarios/ (OpenFisca style: name, date, facts, expected)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).parent / "scenarios"
EXPECT_KEYS = {"contract_year", "eligibility", "rules", "no_rules", "flags", "no_flags", "checklist",
               "no_checklist", "models", "recommended", "funding", "near_misses", "no_near_misses",
               "coverage", "coverage_years", "survey", "funding_caveats", "funding_unknown", "duties",
               "eligibility_reasons", "disagreements", "no_disagreements", "printed", "no_printed", "basis",
               "says", "never_says", "coverage_topics", "coverage_warning",
               "decision", "criteria", "no_funding", "no_duties"}
#: Keys whose strings a person does not read as our wording: the facts echoed back, citations, ids,
#: and what a source said in a disagreement (a 2019 source's own word, e.g. CCG, stays its word).
NOT_WORDING = {"facts", "citation", "citations", "sources", "rule", "rules", "id", "code", "model", "rules_version"}


def _wording(node) -> str:
    """Every text of an assessment a person reads, joined (see NOT_WORDING)."""
    if isinstance(node, str):
        return node
    if isinstance(node, dict):
        return " ".join(_wording(v) for k, v in node.items() if k not in NOT_WORDING)
    if isinstance(node, list):
        return " ".join(_wording(v) for v in node)
    return ""


def _matches(entry: dict, wanted: dict) -> bool:
    """Whether `entry` has every key/value in `wanted` (a partial expectation)."""
    return all(entry.get(key) == value for key, value in wanted.items())


def _load():
    for path in sorted(HERE.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for i, sc in enumerate(doc.get("scenarios") or []):
            yield pytest.param(sc, id=f"{path.stem}:{sc.get('name', i)}")


SCENARIOS = list(_load())


def _facts(sc: dict) -> dict:
    facts = dict(sc.get("facts") or {})
    if "date" in sc:
        facts["as_of"] = str(sc["date"])
    return facts


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_scenario(scenario, pcn_engine):
    exp = scenario["expected"]
    unknown = set(exp) - EXPECT_KEYS
    assert not unknown, f"unknown expectation keys {unknown}"
    a = pcn_engine.assess(_facts(scenario), explain=True)
    fired = {e["rule"] for e in a["explanation"]}
    flags = {f["code"] for f in a["flags"]}
    items = {c["id"] for c in a["checklist"]}
    if "contract_year" in exp:
        assert a["contract_year"] == exp["contract_year"]
    if "eligibility" in exp:
        assert a["eligibility"]["status"] == exp["eligibility"], a["eligibility"]
    for key, have, present in (("rules", fired, True), ("no_rules", fired, False), ("flags", flags, True),
                               ("no_flags", flags, False), ("checklist", items, True),
                               ("no_checklist", items, False)):
        for wanted in exp.get(key) or []:
            assert (wanted in have) is present, f"{key}: {wanted!r} {'missing from' if present else 'found in'} {sorted(have)}"
    models = {m["id"]: m for m in a["models"]}
    for mid, attrs in (exp.get("models") or {}).items():
        for attr, value in attrs.items():
            assert models[mid][attr] == value, f"{mid}.{attr}: {models[mid][attr]!r} != {value!r} ({models[mid]['reasons']})"
    if "recommended" in exp:
        assert a["recommended_model"] == exp["recommended"], [(m["id"], m["score"], m["rating"]) for m in a["models"]]
    for key, value in (exp.get("decision") or {}).items():   # a partial expectation of the decision block
        assert a["decision"][key] == value, f"decision.{key}: {a['decision'][key]!r} != {value!r} ({a['decision']})"
    for mid, statuses in (exp.get("criteria") or {}).items():   # {model: {criterion: status}}
        have = {c["id"]: c["status"] for c in models[mid]["criteria"]}
        for crit, status in statuses.items():
            assert have[crit] == status, f"{mid}.criteria.{crit}: {have[crit]!r} != {status!r}"
    for stream, value in (exp.get("funding") or {}).items():
        assert a["funding"][stream] == value, f"funding.{stream}: {a['funding'][stream]!r} != {value!r}"
    for key in ("funding_caveats", "funding_unknown"):    # {stream: text the note contains, or null for none}
        notes = a["funding"].get(key.removeprefix("funding_")) or {}
        for stream, text in (exp.get(key) or {}).items():
            assert (text is None and stream not in notes) or (text is not None and text in notes.get(stream, "")), \
                f"{key}.{stream}: {notes.get(stream)!r} vs {text!r}"
    for stream in exp.get("no_funding") or []:     # a stream outside its from/until window is not a line at all
        assert stream not in a["funding"], f"funding.{stream} should be absent: {a['funding'][stream]!r}"
    duties = {d["id"]: d for d in a["duties"]}
    for duty, hours in (exp.get("duties") or {}).items():
        assert duty in duties, f"duties.{duty} missing from {sorted(duties)}"
        assert duties[duty]["hours_per_week"] == hours, f"duties.{duty}: {duties[duty]}"
    for duty in exp.get("no_duties") or []:
        assert duty not in duties, f"duties.{duty} should be absent: {duties[duty]}"
    for rule in exp.get("eligibility_reasons") or []:    # rules whose reason the eligibility gives
        assert rule in {r["rule"] for r in a["eligibility"]["reasons"]}, a["eligibility"]
    for key, listed, present in (("near_misses", a["near_misses"], True), ("no_near_misses", a["near_misses"], False),
                                 ("survey", a["ranking"]["survey"], True)):
        for wanted in exp.get(key) or []:
            assert any(_matches(e, wanted) for e in listed) is present, f"{key}: {wanted} vs {listed}"
    if "coverage" in exp:
        assert a["coverage"]["status"] == exp["coverage"], a["coverage"]
    topics = {t["id"]: t["status"] for t in a["coverage"]["topics"]}
    for topic, status in (exp.get("coverage_topics") or {}).items():
        assert topics[topic] == status, f"coverage topic {topic}: {topics[topic]} != {status}"
    if "coverage_warning" in exp:   # text the warning contains, or null for no warning
        want, got = exp["coverage_warning"], a["coverage"]["warning"]
        assert (got is None) if want is None else (got is not None and want in got), f"coverage warning: {got!r}"
    if "coverage_years" in exp:
        assert a["coverage"]["years"] == exp["coverage_years"], a["coverage"]
    shown = [d["id"] for d in a["disagreements"]]
    for key, present in (("disagreements", True), ("no_disagreements", False)):
        for wanted in exp.get(key) or []:
            assert (wanted in shown) is present, f"{key}: {wanted!r} {'missing from' if present else 'found in'} {shown}"
    printed = a["funding"]["printed"]
    for line, value in (exp.get("printed") or {}).items():
        assert line in printed and printed[line]["printed"] == value, f"printed.{line}: {printed.get(line)} != {value}"
        assert printed[line]["disagreement"] in shown, "a printed figure comes with its disagreement"
    for line in exp.get("no_printed") or []:
        assert line not in printed, f"printed.{line} should be absent: {printed[line]}"
    wording = _wording(a)
    for key, present in (("says", True), ("never_says", False)):   # whole words, e.g. CCG / ICB
        for word in exp.get(key) or []:
            found = re.search(rf"(?<!\w){re.escape(word)}s?(?!\w)", wording)
            assert bool(found) is present, f"{key}: {word!r} " + (
                f"in ...{wording[max(0, found.start() - 80):found.end() + 40]}..." if found else "nowhere")
    for rule, basis in (exp.get("basis") or {}).items():   # each fired entry of the rule rests on this basis
        found = [e["basis"] for e in a["explanation"] if e["rule"] == rule]
        assert found and set(found) == {basis}, f"basis of {rule}: {found} != {basis}"


def test_every_rule_is_exercised_by_a_scenario(pcn_engine):
    """Each rule fires in some scenario and stays silent in another."""
    fired_somewhere, silent_somewhere = set(), set()
    all_rules = {r["id"] for r in pcn_engine.knowledge.rules}
    for param in SCENARIOS:
        a = pcn_engine.assess(_facts(param.values[0]), explain=True)
        fired = {e["rule"] for e in a["explanation"]}
        fired_somewhere |= fired
        silent_somewhere |= all_rules - fired
    assert sorted(all_rules - fired_somewhere) == [], "rules no scenario fires"
    assert sorted(all_rules - silent_somewhere) == [], "rules that fire in every scenario"
