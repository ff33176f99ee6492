"""The knowledge files themselves: they load, every citation is real, and no prose is copied."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from engine.errors import KnowledgeError
from engine.knowledge import load
from tests.engine.knowledge_files import edit_yaml


def _citations(k):
    for q in k.questions.values():
        yield f"question {q['id']}", q["citation"]
    for p in k.parameters.values():
        for v in p["values"]:
            yield f"parameter {p['id']}", v["citation"]
    for m in k.models.values():
        yield f"model {m['id']}", m["citation"]
    for r in k.rules:
        yield f"rule {r['id']}", r["citation"]
    for c in k.checklist.values():
        yield f"checklist {c['id']}", c["citation"]
    for s in k.funding:
        yield f"funding {s['id']}", s["citation"]
    for d in k.duties:
        yield f"duty {d['id']}", d["citation"]
    for d in k.disagreements:
        for c in d.get("sources") or []:
            yield f"disagreement {d.get('id')}", c
    for t in k.glossary.terms:
        if t.get("citation"):
            yield f"glossary {t['id']}", t["citation"]


def test_knowledge_loads_and_compiles(pcn_engine):
    k = pcn_engine.knowledge
    assert set(k.models) == {"flat_network", "lead_provider", "federation", "super_practice", "non_gp_provider"}
    assert len(pcn_engine.compiled.definition) >= len(k.rules)
    assert re.fullmatch(r"[0-9a-f]{16}", k.rules_version)


def test_every_citation_names_a_heading_that_occurs_in_its_source(pcn_engine, sources):
    lines = {}
    problems = []
    for where, cit in _citations(pcn_engine.knowledge):
        if pcn_engine.knowledge.sources[cit["source"]].get("url"):
            continue    # a web source has no file: its statement map must hold the section (test_source_map)
        text = lines.setdefault(cit["source"], [ln.strip() for ln in
                                                (sources / cit["source"]).read_text(encoding="utf-8").splitlines()])
        if cit["section"] not in text:
            problems.append(f"{where}: heading {cit['section']!r} not in {cit['source']}")
        elif cit.get("part") and cit["part"] not in text[text.index(cit["section"]):]:
            problems.append(f"{where}: {cit['part']!r} does not follow {cit['section']!r}")
    assert problems == []


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9£%]+", text.lower())


def _own_texts(directory: Path):
    for path in sorted(directory.rglob("*.yaml")):
        def walk(node, key=""):
            if isinstance(node, dict):
                for k, v in node.items():
                    yield from walk(v, k)
            elif isinstance(node, list):
                for v in node:
                    yield from walk(v, key)
            elif isinstance(node, str) and key not in ("section", "part", "source", "title", "at"):
                yield node
        for text in walk(yaml.safe_load(path.read_text(encoding="utf-8"))):
            yield path.name, text


def test_no_sentence_is_copied_from_the_sources(pcn_engine, sources):
    """No run of 8 words in our texts appears in any source (headings and figures may carry over)."""
    n = 8
    shingles = set()
    for src in sources.glob("*.txt"):
        words = _words(src.read_text(encoding="utf-8"))
        shingles.update(tuple(words[i:i + n]) for i in range(len(words) - n + 1))
    copied = []
    for fname, text in _own_texts(pcn_engine.knowledge.directory):
        words = _words(text)
        for i in range(len(words) - n + 1):
            if tuple(words[i:i + n]) in shingles:
                copied.append(f"{fname}: ...{' '.join(words[i:i + n])}...")
                break
    assert copied == []


def _problems(kdir) -> list[dict]:
    with pytest.raises(KnowledgeError) as info:
        load(kdir)
    return info.value.problems


def test_a_rule_with_a_bad_category_is_named_by_file_rule_and_field(kdir):
    edit_yaml(kdir / "rules" / "eligibility.yaml",
          lambda d: d["rules"][2]["then"]["flag"].update(category="weather"))
    [p] = _problems(kdir)
    assert (p["file"], p["id"], p["field"]) == ("rules/eligibility.yaml", "population_above_typical_range",
                                                "then.flag.category")


def test_unknown_fact_and_parameter_in_a_condition_are_reported(kdir):
    def corrupt(d):
        d["rules"][1]["when"] = [{"populaton": {"gte": {"param": "population_minimum"}}}]
        d["rules"][2]["when"] = [{"population": {"gt": {"param": "no_such_param"}}}]
    edit_yaml(kdir / "rules" / "eligibility.yaml", corrupt)
    fields = {(p["id"], p["field"]) for p in _problems(kdir)}
    assert ("population_within_range", "when[0].populaton") in fields
    assert ("population_above_typical_range", "when[0].population.gt") in fields


def test_missing_citation_and_duplicate_id_are_reported(kdir):
    def corrupt(d):
        del d["questions"][1]["citation"]
    edit_yaml(kdir / "questions.yaml", corrupt)
    assert any(p["id"] == "population" and p["field"] == "citation" for p in _problems(kdir))

    edit_yaml(kdir / "questions.yaml", lambda d: d["questions"].append(dict(d["questions"][0])))
    assert any(p["field"] == "id" and "duplicate" in p["message"] for p in _problems(kdir))


def test_a_network_wide_blocker_that_leaves_the_status_alone_is_refused(kdir):
    """A blocker must show in the eligibility status: a rule raising one without it is named."""
    def corrupt(d):
        rule = next(r for r in d["rules"] if r["id"] == "reg_map_missing")
        del rule["then"]["eligibility"]
    edit_yaml(kdir / "rules" / "registration.yaml", corrupt)
    [p] = _problems(kdir)
    assert (p["id"], p["field"]) == ("reg_map_missing", "then.eligibility")


def test_an_unknown_parameter_value_needs_its_reason(kdir):
    def corrupt(d):
        param = next(x for x in d["parameters"] if x["id"] == "extended_access_per_patient")
        del param["values"][0]["unknown"]
    edit_yaml(kdir / "parameters.yaml", corrupt)
    [p] = _problems(kdir)
    assert (p["id"], p["field"]) == ("extended_access_per_patient", "values[0].unknown")


def test_a_duty_naming_no_parameter_is_refused(kdir):
    edit_yaml(kdir / "funding.yaml", lambda d: d["duties"][0].update(rate="no_such_param"))
    [p] = _problems(kdir)
    assert (p["id"], p["field"]) == ("extended_hours", "rate")


def test_a_cost_share_of_a_stream_not_yet_listed_is_refused(kdir):
    edit_yaml(kdir / "funding.yaml", lambda d: next(x for x in d["streams"] if x["kind"] == "cost_share")
          .update(of="extended_access"))
    [p] = _problems(kdir)
    assert (p["id"], p["field"]) == ("pharmacist_network_share", "of")


def test_invalid_yaml_names_the_file_and_line(kdir):
    (kdir / "models.yaml").write_text("models:\n  - id: x\n   bad: [\n", encoding="utf-8")
    [p] = _problems(kdir)
    assert p["file"] == "models.yaml" and p["field"].startswith("line ")


def test_overlapping_parameter_periods_are_reported(kdir):
    def corrupt(d):
        values = d["parameters"][4]["values"]
        values.append(dict(values[0]))
    edit_yaml(kdir / "parameters.yaml", corrupt)
    assert any("overlaps" in p["message"] for p in _problems(kdir))


def test_an_edit_changes_the_rules_version(kdir):
    before = load(kdir).rules_version
    path = kdir / "models.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert load(kdir).rules_version != before


def test_model_is_chosen_can_only_be_tested_as_true_or_false(kdir):
    edit_yaml(kdir / "rules" / "eligibility.yaml",
          lambda d: d["rules"][9]["when"].__setitem__(1, {"model_is_chosen": {"gte": True}}))
    found = {(p["id"], p["field"]): p["message"] for p in _problems(kdir)}
    assert "eq, ne, not, known or in" in found[("chosen_model_unavailable", "when[1].model_is_chosen")]


def _param_refs(node) -> set[str]:
    """Parameter ids named by `{param: id}` operands anywhere inside a knowledge structure."""
    if isinstance(node, dict):
        found = {node["param"]} if isinstance(node.get("param"), str) else set()
        return found.union(*(_param_refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_param_refs(v) for v in node))
    return set()


def test_every_parameter_is_read_by_something(pcn_engine):
    """A parameter nothing reads is a figure users never see: each is read by a rule, checklist item,
    question, triage rule or insight clause (`{param: id}`), by a funding stream or duty (its formula
    keys), by a text naming it as a `{term}` placeholder, or by code naming it."""
    from engine.validate import DUTY_KINDS, FUNDING_KINDS, FUNDING_OPTIONAL
    from engine.wording import WORDED, placeholders

    k = pcn_engine.knowledge
    read = _param_refs([k.rules, list(k.checklist.values()), list(k.questions.values()), k.triage, k.insight])
    for s in k.funding:
        read |= {s[key] for key in FUNDING_KINDS[s["kind"]] + FUNDING_OPTIONAL if key in s}
    for d in k.duties:
        read |= {d[key] for key in DUTY_KINDS[d["kind"]]}
    read |= placeholders(str([getattr(k, name) for name in WORDED]))
    root = Path(__file__).resolve().parents[2]
    code = " ".join(p.read_text(encoding="utf-8") for folder in ("engine", "core", "service", "web", "bot")
                    for p in (root / folder).rglob("*.py"))
    read |= {pid for pid in k.parameters if f'"{pid}"' in code or f"'{pid}'" in code}
    assert sorted(set(k.parameters) - read) == []


def test_a_parameter_nothing_reads_is_caught(pcn_engine):
    """The check above sees a reference wherever the knowledge puts one (here, deep in insight)."""
    assert _param_refs({"a": [{"b": {"gt": {"param": "x"}}}]}) == {"x"}


def test_the_fast_yaml_loader_reads_every_file_as_the_pure_python_one_does():
    import yaml

    from engine.knowledge import LOADER, default_dir

    for path in sorted(default_dir().rglob("*.yaml")):
        text = path.read_bytes()
        assert yaml.load(text, Loader=LOADER) == yaml.load(text, Loader=yaml.SafeLoader), path  # noqa: S506


def test_a_stream_may_recur_only_in_a_window_that_does_not_overlap(kdir):
    """One id may carry another formula in a later window; two entries covering the same day are refused."""
    def corrupt(d):
        later = next(s for s in d["streams"] if s["id"] == "clinical_director" and s.get("from"))
        later["from"] = dt.date(2020, 4, 1)      # the handbook-era entry runs to 31 March 2021
    edit_yaml(kdir / "funding.yaml", corrupt)
    [p] = _problems(kdir)
    assert (p["id"], p["field"]) == ("clinical_director", "id") and "overlapping" in p["message"]


def test_a_web_source_citation_needs_a_statement_under_its_section(kdir):
    """A web source has no file to search: its statement map must hold every section cited."""
    from engine import source_map

    edit_yaml(kdir / "sources" / "w13.yaml", lambda d: d["statements"][0].update(section="Somewhere else"))
    k = load(kdir)
    cov = source_map.check_statements(k, "w13_nel_icb_arrs_2023_24",
                                      source_map.load_statements(kdir / "sources" / "w13.yaml"), source_map.known_ids(k))
    assert ("PCN – ARRS update", "cited, but no statement of this source is under it") in cov.bad_reasons
