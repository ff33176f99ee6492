"""One result outline: what a result says, built once; every channel only formats it.

`outline(assessment, k, ...)` returns plain data (dicts and lists, JSON-ready, usable from Jinja):

    {
      "meta":     {"as_of", "contract_year", "rules_version", "assessment_id"},
      "decision": {"model", "model_name",            # advised model id and name (None: none advised)
                   "chosen", "chosen_name",          # the practices' own choice, if they made one
                   "confidence", "confidence_text",  # clear | close | depends | none_fits (None on
                                                     # results made before the engine decided)
                   "headline",                       # one sentence: the advice
                   "eligibility",                    # eligibility status id
                   "depends_on", "unmet_priorities", "tied_with"},   # ids, as the engine gave them
      "sections": [{"id", "title", "intro", "items": [ITEM, ...]}, ...],
    }

    ITEM = {"text",        # the point, in plain words (never a raw id)
            "citation",    # {source, section[, part]} or None
            "basis",       # "source" | "judgement" | "derived" | None: what the point rests on
            "status",      # a key of words.STATUS_TEXT (good, risk, unknown, advised, chosen,
                           #   not_applicable, blocker, warning, info, todo, done) or None
            "label",       # a short lead (a model's or criterion's name, a question) or None
            "points",      # a score's points (reasons of the ranking) or None
            "children": [ITEM, ...]}

Sections, in this order, each present only when it has something to say (`SECTIONS` lists ids and
titles): dates (coverage), undecided, decision (why, unmet priorities, ties, what it depends on),
eligibility, comparison (one item per model: status advised/chosen/not_applicable, children its
criteria), risks (of the advised or chosen model), network_risks, unsure (what depends on each "not
sure"), open_questions, close_calls, funding, checklist, disagreements, how_decided (method,
survey, each model's score with its reasons), answers (what the result rests on), next_steps,
contacts (who can help), refine.

Status words and marks live in `words`; a channel shows `words.status_label(status)`.
"""
from __future__ import annotations

from core.dialogue.describe import STATUS_TEXT as ELIGIBILITY_TEXT
from core.dialogue.describe import coverage_note, undecided_note
from engine.dates import parse_date
from engine.knowledge import Knowledge
from engine.wording import for_day

from . import build as b
from .words import CONFIDENCE_TEXT, STATUS_MARK, STATUS_TEXT, criterion_text, status_label, status_text

__all__ = ["outline", "section_of", "SECTIONS", "STATUS_TEXT", "STATUS_MARK", "CONFIDENCE_TEXT",
           "criterion_text", "status_label", "status_text"]

SECTIONS = {
    "dates": "Dates beyond the guidance",
    "undecided": "Answers still to give",
    "decision": "Our advice",
    "eligibility": "Eligibility",
    "comparison": "The five models compared",
    "risks": "Risks to act on",
    "network_risks": "Risks for the whole network",
    "unsure": "What depends on your \"not sure\" answers",
    "open_questions": "Answers that could change this",
    "close_calls": "Close calls",
    "funding": "Funding estimate",
    "checklist": "Setup checklist",
    "disagreements": "Where the sources disagree",
    "how_decided": "How this was decided",
    "answers": "The answers this rests on",
    "next_steps": "What to do next",
    "contacts": "Who can help",
    "refine": "Fine-tune the result",
}


def outline(a: dict, k, *, unsure: list | None = None, undecided: list | None = None, topics: list | None = None,
            assessment_id=None) -> dict:
    """The outline of assessment `a` on knowledge `k`. A conversation adds its `unsure` answers (with
    what depends on each), the `undecided` questions and the refine `topics`. The knowledge's texts
    (questions, models, contacts) are read in the words of the assessment's day."""
    if isinstance(k, Knowledge) and a.get("as_of"):
        k = for_day(k, parse_date(a["as_of"]))
    decision = b.decision_of(a, k)
    eligibility = (a.get("eligibility") or {}).get("status")
    coverage = coverage_note(a)
    undecided_text = undecided_note(undecided or [], k.questions)
    focus = decision["model_name"] or decision["chosen_name"]
    parts = [
        ("dates", [b.item(coverage)] if coverage else [], None),
        ("undecided", [b.item(undecided_text.replace("*", ""))] if undecided_text else [], None),
        ("decision", b.decision_items(a, k, decision), None),
        ("eligibility", b.eligibility_items(a), None),
        ("comparison", b.comparison_items(a, k, decision), None),
        ("risks", b.risk_items(a, k, decision), f"For {focus}." if focus else None),
        ("network_risks", b.network_items(a), None),
        ("unsure", b.unsure_items(unsure, k), None),
        ("open_questions", b.open_items(a, unsure), None),
        ("close_calls", b.close_call_items(a), None),
        ("funding", b.funding_items(a, k), f"For the contract year {a.get('contract_year')}."),
        ("checklist", b.checklist_items(a), None),
        ("disagreements", b.disagreement_items(a), None),
        ("how_decided", b.how_items(a, k), None),
        ("answers", b.answer_items(a, k), None),
        ("next_steps", b.next_step_items(a), None),
        ("contacts", b.contact_items(k), None),
        ("refine", b.refine_items(topics), None),
    ]
    return {
        "meta": {"as_of": a.get("as_of"), "contract_year": a.get("contract_year"),
                 "rules_version": a.get("rules_version"), "assessment_id": None if assessment_id is None
                 else str(assessment_id)},
        "decision": decision,
        "sections": [b.section(sid, _title(sid, eligibility), items, intro) for sid, items, intro in parts
                     if items or (sid == "eligibility")],
    }


def _title(sid: str, eligibility: str | None) -> str:
    if sid == "eligibility":
        return f"{SECTIONS[sid]}: {ELIGIBILITY_TEXT.get(eligibility, 'Not yet known')}"
    return SECTIONS[sid]


def section_of(o: dict, sid: str) -> dict | None:
    """The outline's section with this id, or None when it has nothing to say."""
    return next((s for s in o["sections"] if s["id"] == sid), None)
