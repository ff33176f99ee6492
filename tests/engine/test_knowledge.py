"""The knowledge files themselves: they load, every citation is real, and no prose is copied."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from engine.errors import KnowledgeError
from engine.knowledge import default_dir, load


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
    for d in k.disagreements:
        for c in d.get("sources") or []:
            yield f"disagreement {d.get('id')}", c


def test_knowledge_loads_and_compiles(pcn_engine):
    k = pcn_engine.knowledge
    assert set(k.models) == {"flat_network", "lead_provider", "federation", "super_practice", "non_gp_provider"}
    assert len(pcn_engine.compiled.definition) >= len(k.rules)
    assert re.fullmatch(r"[0-9a-f]{16}", k.rules_version)


def test_every_citation_names_a_heading_that_occurs_in_its_source(pcn_engine, sources):
    lines = {}
    problems = []
    for where, cit in _citations(pcn_engine.knowledge):
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


@pytest.fixture()
def kdir(tmp_path):
    """A writable copy of the knowledge folder."""
    target = tmp_path / "knowledge"
    shutil.copytree(default_dir(), target)
    return target


def _edit(path: Path, fn):
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    fn(doc)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _problems(kdir) -> list[dict]:
    with pytest.raises(KnowledgeError) as info:
        load(kdir)
    return info.value.problems


def test_a_rule_with_a_bad_category_is_named_by_file_rule_and_field(kdir):
    _edit(kdir / "rules" / "eligibility.yaml",
          lambda d: d["rules"][2]["then"]["flag"].update(category="weather"))
    [p] = _problems(kdir)
    assert (p["file"], p["id"], p["field"]) == ("rules/eligibility.yaml", "population_above_typical_range",
                                                "then.flag.category")


def test_unknown_fact_and_parameter_in_a_condition_are_reported(kdir):
    def corrupt(d):
        d["rules"][1]["when"] = [{"populaton": {"gte": {"param": "population_minimum"}}}]
        d["rules"][2]["when"] = [{"population": {"gt": {"param": "no_such_param"}}}]
    _edit(kdir / "rules" / "eligibility.yaml", corrupt)
    fields = {(p["id"], p["field"]) for p in _problems(kdir)}
    assert ("population_within_range", "when[0].populaton") in fields
    assert ("population_above_typical_range", "when[0].population.gt") in fields


def test_missing_citation_and_duplicate_id_are_reported(kdir):
    def corrupt(d):
        del d["questions"][1]["citation"]
    _edit(kdir / "questions.yaml", corrupt)
    assert any(p["id"] == "population" and p["field"] == "citation" for p in _problems(kdir))

    _edit(kdir / "questions.yaml", lambda d: d["questions"].append(dict(d["questions"][0])))
    assert any(p["field"] == "id" and "duplicate" in p["message"] for p in _problems(kdir))


def test_invalid_yaml_names_the_file_and_line(kdir):
    (kdir / "models.yaml").write_text("models:\n  - id: x\n   bad: [\n", encoding="utf-8")
    [p] = _problems(kdir)
    assert p["file"] == "models.yaml" and p["field"].startswith("line ")


def test_overlapping_parameter_periods_are_reported(kdir):
    def corrupt(d):
        values = d["parameters"][4]["values"]
        values.append(dict(values[0]))
    _edit(kdir / "parameters.yaml", corrupt)
    assert any("overlaps" in p["message"] for p in _problems(kdir))


def test_an_edit_changes_the_rules_version(kdir):
    before = load(kdir).rules_version
    path = kdir / "models.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert load(kdir).rules_version != before


def test_model_is_chosen_can_only_be_tested_as_true_or_false(kdir):
    _edit(kdir / "rules" / "eligibility.yaml",
          lambda d: d["rules"][9]["when"].__setitem__(1, {"model_is_chosen": {"gte": True}}))
    found = {(p["id"], p["field"]): p["message"] for p in _problems(kdir)}
    assert "eq, ne, not, known or in" in found[("chosen_model_unavailable", "when[1].model_is_chosen")]
