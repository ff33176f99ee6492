"""Building a result's outline from an assessment: the decision, then its sections, in order.

Reads the engine's `decision` block and each model's `applicable`, `why_not` and `criteria` where
the assessment has them; an assessment made before they existed gets an outline from what it does
have (the recommended model and its reasons), never anything invented.
"""
from __future__ import annotations

from core.dialogue.describe import (
    JUDGEMENT_NOTE,
    RATING_TEXT,
    answer_text,
    funding_rows,
    models_text,
    ranking_note,
    refine_offer,
    survey_text,
    topic_text,
)

from .words import CONFIDENCE_TEXT, criterion_text

SHOWN_DEPENDS = 6   # points listed under each "not sure" answer
SEVERITY_ORDER = ("blocker", "warning", "info")


def item(text: str, citation: dict | None = None, basis: str | None = None, status: str | None = None,
         label: str | None = None, points: int | None = None, children: list | None = None) -> dict:
    """One point of a section (see the package docstring)."""
    return {"text": text, "citation": citation, "basis": basis, "status": status, "label": label,
            "points": points, "children": children or []}


def section(sid: str, title: str, items: list, intro: str | None = None) -> dict:
    """A section of the outline."""
    return {"id": sid, "title": title, "intro": intro, "items": items}


def _names(a: dict, k) -> dict:
    names = {m: v["name"] for m, v in k.models.items()}
    names.update({m["id"]: m["name"] for m in a.get("models") or []})
    return names


def decision_of(a: dict, k) -> dict:
    """The decision: the engine's when it has one, else the recommended model as it stands."""
    names = _names(a, k)
    chosen = (a.get("facts") or {}).get("operating_model")
    d = a.get("decision")
    if d:
        model, confidence, headline = d.get("model"), d.get("confidence"), d.get("headline")
    else:
        model, confidence = a.get("recommended_model"), None
        rec = next((m for m in a.get("models") or [] if m["id"] == model), None)
        headline = (f"Best fit on your answers: {names.get(model, model)} ({RATING_TEXT.get(rec['rating'], '')})."
                    if rec else "No model can be recommended on your answers as they stand.")
    return {"model": model, "model_name": names.get(model) if model else None, "chosen": chosen,
            "chosen_name": names.get(chosen) if chosen else None, "confidence": confidence,
            "confidence_text": CONFIDENCE_TEXT.get(confidence) if confidence else None,
            "headline": headline or "", "eligibility": (a.get("eligibility") or {}).get("status"),
            "depends_on": list((d or {}).get("depends_on") or []),
            "unmet_priorities": list((d or {}).get("unmet_priorities") or []),
            "tied_with": list((d or {}).get("tied_with") or [])}


def _focus(a: dict, decision: dict) -> dict | None:
    """The model the advice is about: the advised one, else the practices' choice."""
    wanted = decision["model"] or decision["chosen"]
    return next((m for m in a.get("models") or [] if m["id"] == wanted), None)


def _criterion_item(c: dict, k) -> dict:
    because = c.get("because") or ""
    condition = c.get("condition")
    text = f"{because} ({condition})" if condition and condition not in because else because
    return item(text, c.get("citation"), c.get("basis"), c.get("status"), criterion_text(c["id"], k))


def why_items(a: dict, k, decision: dict) -> list:
    """Why the advice: the advised (or chosen) model's good criteria, else its positive reasons."""
    m = _focus(a, decision)
    if m is None:
        return []
    if m.get("criteria"):
        return [_criterion_item(c, k) for c in m["criteria"] if c.get("status") == "good"]
    return [item(r["text"], r.get("citation"), r.get("basis"), "good", points=r["score"])
            for r in m.get("reasons") or [] if r["score"] > 0]


def decision_items(a: dict, k, decision: dict) -> list:
    """What the decision rests on: why, what is still unmet, ties and what it depends on."""
    out = why_items(a, k, decision)
    names = _names(a, k)
    questions = k.questions
    labels = {c["value"]: c["label"] for c in questions.get("priorities", {}).get("choices") or []}
    for p in decision["unmet_priorities"]:
        out.append(item(f"No model open to you meets this priority: {labels.get(p, p.replace('_', ' '))}",
                        status="risk", label="Priority"))
    if decision["tied_with"]:
        out.append(item("Equally good on your answers: " + ", ".join(names.get(m, m) for m in decision["tied_with"]),
                        status="unknown", label="Tie", basis="judgement"))
    for q in decision["depends_on"]:
        prompt = questions.get(q, {}).get("prompt") or q
        out.append(item(prompt, status="unknown", label="Depends on"))
    return out


def comparison_items(a: dict, k, decision: dict) -> list:
    """The five models, each with its criteria (or, for older results, its scored reasons)."""
    out = []
    for m in a.get("models") or []:
        if m.get("applicable") is False:
            status = "not_applicable"
        elif m["id"] == decision["model"]:
            status = "advised"
        elif m["id"] == decision["chosen"]:
            status = "chosen"
        else:
            status = None
        if m.get("criteria"):
            children = [_criterion_item(c, k) for c in m["criteria"]]
        else:
            children = [item(r["text"], r.get("citation"), r.get("basis"), "good" if r["score"] > 0 else "risk"
                             if r["score"] < 0 else "unknown", points=r["score"]) for r in m.get("reasons") or []]
        # the advised (or chosen) model's warnings are its risks to act on: listed there, not twice;
        # beside the criteria, only that model's notes are kept (the others' repeat their criteria)
        focus = m["id"] == (decision["model"] or decision["chosen"])
        flags = sorted((f for f in m.get("flags") or [] if (f["severity"] == "info") == focus or
                        (not m.get("criteria") and not focus)),
                       key=lambda f: SEVERITY_ORDER.index(f["severity"]))
        children += [_flag_item(f) for f in flags]
        text = m.get("why_not") if status == "not_applicable" and m.get("why_not") else m.get("summary") or ""
        out.append(item(text, m.get("citation"), None, status, m["name"], children=children))
    return out


def risk_items(a: dict, k, decision: dict) -> list:
    """The risks to act on for the advised or chosen model: its risk criteria, then its blockers and
    warnings (notes are in the comparison)."""
    m = _focus(a, decision)
    if m is None:
        return []
    out = [_criterion_item(c, k) for c in m.get("criteria") or [] if c.get("status") == "risk"]
    seen = {x["text"] for x in out}
    for f in m.get("flags") or []:
        if f["severity"] != "info" and f["message"] not in seen:
            out.append(_flag_item(f))
    return out


def _flag_item(f: dict) -> dict:
    advice = " Take professional advice (the LMC can help)." if f.get("advice") else ""
    return item(f["message"] + advice, f.get("citation"), f.get("basis"), f["severity"])


def network_items(a: dict) -> list:
    """Flags for the whole network, whatever the model."""
    return [_flag_item(f) for f in a.get("flags") or [] if f.get("model") is None]


def eligibility_items(a: dict) -> list:
    return [item(r["text"], r.get("citation"), r.get("basis")) for r in (a.get("eligibility") or {}).get("reasons") or []]


def unsure_items(unsure: list | None, k) -> list:
    """What depends on each "not sure" answer (a conversation knows them)."""
    out = []
    for u in unsure or []:
        children = [item(d["text"] + (f" ({models_text(d['models'], k.models)})" if d.get("models") else ""),
                         d.get("citation")) for d in u["depends"][:SHOWN_DEPENDS]]
        out.append(item(u["prompt"], children=children or [item("Nothing else in the assessment depends on it.")]))
    return out


def open_items(a: dict, unsure: list | None) -> list:
    """Questions not answered yet that could change the result (those answered "not sure" are in
    their own section)."""
    said = {u["id"] for u in unsure or []}
    return [item(q["prompt"]) for q in a.get("open_questions") or [] if q["id"] not in said]


def close_call_items(a: dict) -> list:
    return [item(n["message"], n.get("citation"), n.get("basis")) for n in a.get("near_misses") or []]


def funding_items(a: dict, k) -> list:
    return [item(f"{amount}" + (f": {why}" if why else ""), c, label=label)
            for label, amount, why, c in funding_rows(a.get("funding") or {}, k.funding, a.get("duties"), a.get("as_of"))]


def checklist_items(a: dict) -> list:
    return [item(c["text"], c.get("citation"), c.get("basis"), "done" if c.get("done") else "todo",
                 label=topic_text(c.get("category"))) for c in a.get("checklist") or []]


def disagreement_items(a: dict) -> list:
    """Each disagreement: the topic, then what each source says (cited), then the reading followed."""
    out = []
    for d in a.get("disagreements") or []:
        children = [item(s["says"], s.get("citation")) for s in d["sources"]]
        children.append(item(f"We follow {d['we_follow']}. {d['why']}", basis="judgement"))
        out.append(item(topic_text(d.get("topic")), children=children))
    return out


def how_items(a: dict, k) -> list:
    """How the ranking was reached: the method, what networks chose, and every model's score as the
    sum of its reasons."""
    out = [item(ranking_note(a), basis="judgement")]
    out += [item(survey_text(s, k.models), s.get("citation"), label="What networks chose")
            for s in (a.get("ranking") or {}).get("survey") or []]
    for m in a.get("models") or []:
        # the comparison lists the reasons themselves when the result has no criteria
        reasons = [item(r["text"], r.get("citation"), r.get("basis"), points=r["score"]) for r in m.get("reasons") or []
                   ] if m.get("criteria") else []
        out.append(item(f"{RATING_TEXT.get(m['rating'], m['rating'])}, score {m['score']:+d}", basis="judgement",
                        label=m["name"], points=m["score"], children=reasons))
    out.append(item(JUDGEMENT_NOTE))
    return out


def answer_items(a: dict, k) -> list:
    """The answers the result rests on, as a person would say them."""
    out = []
    for qid, value in (a.get("facts") or {}).items():
        q = k.questions.get(qid)
        if q is None or value is None:
            continue
        out.append(item(answer_text(q, value), label=q["prompt"]))
    return out


def next_step_items(a: dict) -> list:
    return [item(s["text"], s.get("citation"), s.get("basis")) for s in (a.get("decision") or {}).get("next_steps") or []]


def contact_items(k) -> list:
    """Who can help: the knowledge's contacts, each with what to ask them."""
    return [item(c["help"], c.get("citation"), c.get("basis"), label=c["name"]) for c in getattr(k, "contacts", None) or []]


def refine_items(topics: list | None) -> list:
    offer = refine_offer(topics or [])
    return [item(offer.replace("*", ""))] if offer else []
