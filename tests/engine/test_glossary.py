"""The glossary: terms found where a text uses them, and glossary.yaml refused when a term is unsound."""
from __future__ import annotations

import pytest

from engine.errors import KnowledgeError
from engine.glossary import Glossary
from engine.knowledge import load
from tests.engine.knowledge_files import edit_yaml

WANTED = {"des", "arrs", "cqc", "icb", "ccg", "nominated_payee", "pcn", "lmc", "wte", "iif", "vat",
          "nhs_pensions", "clinical_director"}


def _refused(kdir, field_part: str):
    with pytest.raises(KnowledgeError) as err:
        load(kdir)
    assert any(field_part in f"{p.get('id')} {p.get('field')} {p.get('message')}" for p in err.value.problems), \
        err.value.problems


def test_the_terms_a_practice_meets_are_defined_and_cited_or_marked_as_ours(pcn_engine):
    g = pcn_engine.knowledge.glossary
    assert WANTED <= {t["id"] for t in g.terms}
    for t in g.terms:
        assert t["definition"].strip() and (t.get("citation") or t.get("basis") == "judgement"), t["id"]


def test_abbreviations_match_as_written_and_terms_in_any_case_with_plurals(pcn_engine):
    g = pcn_engine.knowledge.glossary
    text = "Two CCGs and the ICB pay the Nominated Payee; NHS Pensions run the NHS pension; des is not DES."
    pieces = g.split(text)
    assert "".join(piece for piece, _ in pieces) == text
    assert [(piece, t["id"]) for piece, t in pieces if t] == [
        ("CCG", "ccg"), ("ICB", "icb"), ("Nominated Payee", "nominated_payee"), ("NHS Pensions", "nhs_pensions"),
        ("NHS pension", "nhs_pensions"), ("DES", "des")]
    assert [t["id"] for t in g.used("The clinical director (CD) and the LMC; the CD again")] == \
        ["clinical_director", "lmc"]


def test_a_word_inside_another_word_is_not_a_term():
    g = Glossary([{"id": "des", "term": "directed enhanced service", "abbreviations": ["DES"], "definition": "x"}])
    assert g.used("DESIGN, re-DES and MODES") == []
    assert g.split("") == [] and not Glossary()


def test_a_term_without_a_citation_or_judgement_is_refused(kdir):
    edit_yaml(kdir / "glossary.yaml", lambda d: d["terms"][0].pop("citation"))
    _refused(kdir, "pcn citation")


def test_a_term_citing_an_unknown_source_is_refused(kdir):
    edit_yaml(kdir / "glossary.yaml", lambda d: d["terms"][0].update(citation={"source": "nope.txt", "section": "x"}))
    _refused(kdir, "citation.source")


def test_a_name_given_to_two_terms_is_refused(kdir):
    edit_yaml(kdir / "glossary.yaml", lambda d: d["terms"][1].update(abbreviations=["PCN"]))
    _refused(kdir, "already names the term 'pcn'")


def test_a_term_without_a_definition_or_with_a_lower_case_abbreviation_is_refused(kdir):
    edit_yaml(kdir / "glossary.yaml", lambda d: d["terms"][0].update(definition="", abbreviations=["pcn"]))
    _refused(kdir, "definition required text is missing")
    _refused(kdir, "written in capitals")
