"""What-if in a conversation: "what if …" typed in plain English, read as changed answers.

Understood forms: a model ("what if we chose a federation"), a population ("what if we had 28,500
patients"), a date or the next contract year ("what changes for us on 1 April?", "what if next
year"), and "<question> is <answer>" for any question ("what if vat advice taken is yes"). The
engine compares the two assessments (`engine.what_if.compare`); nothing is saved.
"""
from __future__ import annotations

import datetime as dt
import re

from engine.errors import FactsError

from .commands import find_question
from .describe import answer_text
from .parse import UNSURE, normalise, parse_answer, parse_choice, parse_date
from .replies import WhatIf

MODEL_QUESTION = "operating_model"
POPULATION_QUESTION = "population"
DATE_QUESTION = "as_of"
_NEXT_YEAR = re.compile(r"^(next|the next|following) (contract |financial )?year$")
_ON_DATE = re.compile(r"^(?:on|from|by|after) (?P<date>.+)$")
_NUMBER = re.compile(r"\d")
_DAY_MONTH = re.compile(r"\d{1,2} (january|february|march|april|may|june|july|august|september|october|november|"
                        r"december)")
_IS = re.compile(r"^(?P<q>.+?)\s+(?:is|was|were|=|:|to)\s+(?P<a>.+)$")
_LEAD = re.compile(r"^(?:we |the practices |they )?(?:chose|choose|picked|pick|went for|go for|used|use|became|"
                   r"become|set up as|had|have|were|are)\s+(?:an? |the )?")


def _next_april(day: dt.date) -> dt.date:
    """The first day of the next contract year after `day`."""
    year = day.year + (1 if (day.month, day.day) >= (4, 1) else 0)
    return dt.date(year, 4, 1)


def read(text: str, k, day: dt.date) -> tuple[dict, str | None]:
    """({question: value}, None) for a what-if, else ({}, a problem to show)."""
    t = normalise(text).rstrip("?")
    questions = k.questions
    if not t:
        return {}, ("Say what to change, for example \"what if we had 28,500 patients\", \"what if we chose a "
                    "federation\" or \"what changes on 1 April?\"")
    if _NEXT_YEAR.match(t):
        return {DATE_QUESTION: _next_april(day).isoformat()}, None
    on = _ON_DATE.match(t)
    if on and DATE_QUESTION in questions:
        when = on.group("date")
        if _DAY_MONTH.fullmatch(when):
            # "1 April" means the next one: this year's if it is still to come, else next year's
            when = f"{when} {day.year}"
            parsed = parse_date(when, questions[DATE_QUESTION], day)
            if parsed.ok and dt.date.fromisoformat(parsed.value) <= day:
                parsed = parse_date(f"{on.group('date')} {day.year + 1}", questions[DATE_QUESTION], day)
        else:
            parsed = parse_date(when, questions[DATE_QUESTION], day)
        if parsed.ok:
            return {DATE_QUESTION: parsed.value}, None
    said = _IS.match(t)
    if said:
        qid, _near = find_question(said.group("q"), questions)
        if qid is not None:
            parsed = parse_answer(questions[qid], said.group("a"), day)
            if not parsed.ok:
                return {}, parsed.problem
            if parsed.value == UNSURE:
                return {}, "A what-if needs an answer to try, not \"not sure\"."
            return {qid: parsed.value}, None
    bare = _LEAD.sub("", t)
    if MODEL_QUESTION in questions and not _NUMBER.search(bare):
        model = parse_choice(bare, questions[MODEL_QUESTION])
        if model.ok:
            return {MODEL_QUESTION: model.value}, None
    if POPULATION_QUESTION in questions and _NUMBER.search(bare):
        parsed = parse_answer(questions[POPULATION_QUESTION], bare, day)
        if parsed.ok and parsed.value != UNSURE:
            return {POPULATION_QUESTION: parsed.value}, None
    return {}, (f"I couldn't tell what to change in \"{text.strip()}\". Try a model (\"what if we chose a "
                "federation\"), a population (\"what if we had 28,500 patients\"), a date (\"what changes on "
                "1 April?\") or \"what if <question> is <answer>\".")


def what_if(d, state, text: str) -> list:
    """What would change for the conversation on dialogue `d` with the answer(s) `text` describes
    (nothing is saved)."""
    changes, problem = read(text, d.k, state.day)
    if problem:
        return [WhatIf(problem=problem)] + d.pending_ask(state)
    facts = state.final_facts()
    try:
        compared = d.engine.what_if(facts, changes)
    except FactsError as exc:
        problem = "; ".join(f"{k} {m}" for k, msgs in exc.errors.items() for m in msgs)
        return [WhatIf(problem=f"That change doesn't fit your other answers: {problem}.")] + d.pending_ask(state)
    tried = [{"id": q, "prompt": d.k.questions[q]["prompt"], "answer": answer_text(d.k.questions[q], v)}
             for q, v in changes.items()]
    return [WhatIf(tried, compared["diff"])] + d.pending_ask(state)
