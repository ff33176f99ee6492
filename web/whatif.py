"""What if: a saved result against the same network with another model, population or date.

A plain GET form on the result page (works without JavaScript, and the link can be shared). The
stored assessment is the "before"; the engine compares it with the same answers changed. Nothing
is saved. A value that cannot be read is shown back with an error summary naming the field.
"""
from __future__ import annotations

import datetime as dt

from flask import abort, current_app, request

from core import plugins
from core.assessments import linked_assessment
from core.db import session_scope
from core.dialogue.describe import answer_text
from core.dialogue.parse import parse_date, parse_integer
from core.outline.changes import changes as compared_in_words
from core.outline.words import status_text
from engine.errors import FactsError

from .blueprint import adviser_sees, bp, db, knowledge, render

FIELDS = {"operating_model": "wi-model", "population": "wi-population", "as_of": "wi-date"}


def _changes(k, day: dt.date) -> tuple[dict, list]:
    """(changes, [{text, href}] errors) from the form's fields."""
    changes, errors = {}, []
    model = (request.args.get("operating_model") or "").strip()
    if model:
        if model in k.models:
            changes["operating_model"] = model
        else:
            errors.append({"text": "Choose one of the five models", "href": "#wi-model"})
    population = (request.args.get("population") or "").strip()[:40]
    if population:
        parsed = parse_integer(population, k.questions.get("population", {}))
        if parsed.ok:
            changes["population"] = parsed.value
        else:
            errors.append({"text": f"Population: {parsed.problem}", "href": "#wi-population"})
    when = (request.args.get("as_of") or "").strip()[:40]
    if when:
        parsed = parse_date(when, k.questions.get("as_of", {}), day)
        if parsed.ok:
            changes["as_of"] = parsed.value
        else:
            errors.append({"text": f"Date: {parsed.problem}", "href": "#wi-date"})
    return changes, errors


@bp.route("/assessments/<assessment_id>/what-if", methods=["GET"])
def what_if(assessment_id: str):
    """What would change for a saved result with another model, population or date."""
    with session_scope(db()) as s:
        row = linked_assessment(s, assessment_id, adviser_sees(s))
        if row is None:
            abort(404)
        before, facts = row.result, dict(row.facts or {})
    k = knowledge()
    changes, errors = _changes(k, dt.date.fromisoformat(before["as_of"]))
    if not changes and not errors:
        errors.append({"text": "Choose a model, or enter a population or a date", "href": "#wi-model"})
    compared_words, tried = None, []
    if not errors:
        try:
            compared = plugins.rules_engine(current_app).what_if(facts, changes, before=before)
        except FactsError as exc:
            errors = [{"text": f"{k.questions.get(f, {}).get('prompt', f)}: {'; '.join(m)}",
                       "href": f"#{FIELDS.get(f, 'wi-model')}"} for f, m in exc.errors.items()]
        else:
            compared_words = compared_in_words(compared["diff"], k)
            tried = [(k.questions[q]["prompt"], answer_text(k.questions[q], v)) for q, v in changes.items()]
    return render("what_if.html", 422 if errors else 200, assessment_id=assessment_id, errors=errors, c=compared_words, status_text=status_text,
                  tried=tried, form=request.args, title="What would change")
