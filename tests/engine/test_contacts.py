"""Who can help (knowledge/contacts.yaml): loaded with the knowledge, each cited, and checked like the rest."""
from __future__ import annotations

import pytest

from engine.errors import KnowledgeError
from engine.knowledge import load
from tests.engine.knowledge_files import edit_yaml


def test_the_four_contacts_load_each_cited_and_with_a_basis():
    k = load()
    assert [c["id"] for c in k.contacts] == ["commissioner", "lmc", "legal_financial_adviser", "nhs_pensions"]
    for c in k.contacts:
        assert c["citation"]["source"] in k.sources and c["basis"] in ("source", "judgement")
    # the sources never name NHS Pensions as the one to ask: this tool's suggestion, said as such
    assert next(c for c in k.contacts if c["id"] == "nhs_pensions")["basis"] == "judgement"


def test_a_bad_contact_is_refused_naming_file_id_and_field(kdir):
    def spoil(doc):
        doc["contacts"][0]["citation"] = {"source": "nowhere.txt", "section": "x"}
        doc["contacts"][1]["basis"] = "hunch"
        doc["contacts"][2]["help"] = ""
        doc["contacts"][3]["id"] = doc["contacts"][0]["id"]
    edit_yaml(kdir / "contacts.yaml", spoil)
    with pytest.raises(KnowledgeError) as info:
        load(kdir)
    problems = {(p["file"], p["id"], p["field"]) for p in info.value.problems}
    assert ("contacts.yaml", "commissioner", "citation.source") in problems
    assert ("contacts.yaml", "lmc", "basis") in problems
    assert ("contacts.yaml", "legal_financial_adviser", "help") in problems
    assert ("contacts.yaml", "commissioner", "id") in problems
