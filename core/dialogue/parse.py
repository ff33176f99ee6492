"""Parsing typed answers: plain English in, a value the engine accepts (or a helpful problem) out.

Each question type in `knowledge/questions.yaml` has a parser. "not sure" (and its many spellings)
is a real answer for every type: it leaves the fact unknown, which the engine never treats as false.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from .words import parse_number_words

UNSURE = "__unsure__"   # the value a "Not sure" button or phrase stands for

_UNSURE = re.compile(
    r"^(i'?m |we'?re |i am |we are )?(not sure|unsure|not certain|uncertain|don'?t know|do not know|dunno|"
    r"no idea|idk|no clue|can'?t say|cannot say|not known|unknown|skip|pass|n/?a)\b")
_UNDECIDED = re.compile(r"^(not decided|undecided|not yet( decided| chosen)?|none yet|still deciding|compare( all)?|"
                        r"no,? (we|they) haven'?t|haven'?t (decided|chosen))\b")
_YES = re.compile(r"^(y|yes|yeah|yea|yep|yup|aye|sure|correct|true|right|absolutely|definitely|certainly|of course|"
                  r"affirmative|indeed|we do|we are|we have|it does|it is|it has|they do|they are|they have|"
                  r"that'?s right)\b")
_NO = re.compile(r"^(n|no|nope|nah|false|negative|never|not really|not at all|not yet|none|"
                 r"we don'?t|we do not|we aren'?t|we are not|we haven'?t|it doesn'?t|it isn'?t|it hasn'?t|"
                 r"they don'?t|they aren'?t|they haven'?t)\b")
_FILLER = re.compile(r"\b(about|around|roughly|approximately|approx\.?|circa|c\.|nearly|almost|just|over|under|"
                     r"some|total|in total|of|a|an|the|we have|we've got|we cover|it'?s|its|is|are|is about|"
                     r"registered|patients?|people|population|list size|lives|persons?|give or take|or so|ish|odd|plus|"
                     r"more or less|at least|at most|currently|now|today)\b|~|≈|\+")
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+(?!\d)|\d+(?:\.\d+)?)\s*"
                     r"(k|thousand|m|mn|million|mil)?\b")
_SCALE = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "mn": 1_000_000, "million": 1_000_000, "mil": 1_000_000}
_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], 1)}
_ODS = re.compile(r"\b([A-Za-z]\d{5}|[A-Za-z]{1,3}\d{3,5})\b")


@dataclass(frozen=True)
class Parsed:
    """The outcome of parsing one answer: a value (or UNSURE), or a problem to show the person."""

    value: object = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        """True when the text was understood."""
        return self.problem is None


def normalise(text: str) -> str:
    """Lower case, straight quotes, single spaces, no trailing full stop or exclamation."""
    text = (text or "").replace("\u2019", "'").replace("\u2018", "'").strip().lower()
    return re.sub(r"\s+", " ", text).rstrip(".!")


def is_unsure(text: str, question: dict | None = None) -> bool:
    """Whether the text means "not sure" (for choices, also "not decided yet")."""
    t = normalise(text)
    if _UNSURE.match(t):
        return True
    return bool(question and question.get("type") == "choice" and _UNDECIDED.match(t))


def parse_integer(text: str, q: dict) -> Parsed:
    """A whole number from text such as "about 42k", "42,000 patients" or "forty-two thousand"."""
    t = normalise(text)
    hits = [m for m in _NUMBER.finditer(t)]
    if len(hits) > 1:
        return Parsed(problem="I found more than one number there. Please give a single figure, for example 42000.")
    if hits:
        digits, scale = hits[0].group(1), hits[0].group(2)
        number = float(digits.replace(",", "").replace(" ", "")) * _SCALE.get(scale or "", 1)
        rest = _FILLER.sub(" ", t[:hits[0].start()] + " " + t[hits[0].end():])
        if re.search(r"[a-z]{3,}", rest) and not re.search(r"\bk\b", rest):
            # words we do not understand next to the number: better to check than to guess
            return Parsed(problem=f"I'm not sure what you meant by \"{text.strip()}\". Please type just the number.")
    else:
        number = parse_number_words(_FILLER.sub(" ", t))
        if number is None:
            return Parsed(problem="Please type a number, for example 42000 or \"about 42k\".")
    if not math.isfinite(number):  # digits enough to overflow a float
        return Parsed(problem="That number is far too large. Please check the figure.")
    if number != int(number):
        if not (hits and hits[0].group(2)):     # "42.5k" is a figure; "42.5" patients is not
            return Parsed(problem="Please give a whole number.")
        number = round(number)
    value = int(number)
    if "min" in q and value < q["min"]:
        return Parsed(problem=f"That is below the smallest allowed value ({q['min']:,}).")
    if "max" in q and value > q["max"]:
        return Parsed(problem=f"That is above the largest allowed value ({q['max']:,}). Please check the figure.")
    return Parsed(value)


def parse_boolean(text: str, q: dict) -> Parsed:
    """True or False from yes/no in their usual spellings."""
    t = normalise(text)
    if _YES.match(t):
        return Parsed(True)
    if _NO.match(t):
        return Parsed(False)
    return Parsed(problem="Please answer yes or no (or \"not sure\").")


def _tokens(s: str) -> set[str]:
    return {w for w in re.split(r"[^a-z0-9]+", s.lower().replace("_", " ")) if w and w not in {"a", "the", "as", "of", "or", "and"}}


def parse_choice(text: str, q: dict) -> Parsed:
    """One of the question's choices, by number, value, label or the words of its label."""
    t = normalise(text)
    choices = q["choices"]
    if re.fullmatch(r"[0-9]{1,3}", t) and 1 <= int(t) <= len(choices):
        return Parsed(choices[int(t) - 1]["value"])
    for c in choices:
        if t in (str(c["value"]).lower(), c["label"].lower(), str(c["value"]).replace("_", " ")):
            return Parsed(c["value"])
    words = _tokens(t)
    scores = [(len(words & (_tokens(c["label"]) | _tokens(str(c["value"])))), c["value"]) for c in choices]
    best = max(s for s, _ in scores)
    winners = [v for s, v in scores if s == best]
    if best > 0 and len(winners) == 1:
        return Parsed(winners[0])
    options = "; ".join(f"{i}. {c['label']}" for i, c in enumerate(choices, 1))
    lead = "That matches more than one option." if best > 0 else "I didn't recognise that option."
    return Parsed(problem=f"{lead} Please pick one by number or name, or say \"not sure\": {options}.")


_NONE_OF_THEM = re.compile(r"^(none|nothing|none of (these|them|those)|no priorities|neither|n/?a)$")


def parse_choices(text: str, q: dict) -> Parsed:
    """Any number of the question's choices, separated by commas, "and" or spaces between numbers
    ("1, 3", "vat and pension"); "none" is the empty list."""
    t = normalise(text)
    if _NONE_OF_THEM.match(t):
        return Parsed([])
    parts = [p for p in re.split(r"\s*(?:,|;|/|&|\band\b|\bplus\b)\s*", t) if p]
    if all(re.fullmatch(r"[0-9 ]+", p) for p in parts):
        parts = " ".join(parts).split()
    picked, problems = [], []
    for part in parts:
        one = parse_choice(part, q)
        if one.ok:
            picked.append(one.value)
        else:
            problems.append(part)
    if problems or not picked:
        options = "; ".join(f"{i}. {c['label']}" for i, c in enumerate(q["choices"], 1))
        what = f"I didn't recognise \"{problems[0]}\"." if problems else "I didn't recognise those options."
        return Parsed(problem=f"{what} Pick any number by number or name, separated by commas "
                              f"(or say \"none\" or \"not sure\"): {options}.")
    order = [c["value"] for c in q["choices"]]
    return Parsed(sorted(set(picked), key=order.index))


def parse_date(text: str, q: dict, today: dt.date) -> Parsed:
    """A date from "2019-07-01", "1 July 2019", "1/7/2019", "July 2019", "2019/20" or "today"."""
    t = normalise(text)
    if t in ("", "today", "now", "blank", "default", "today's date", "todays date"):
        return Parsed(today.isoformat())
    try:
        return Parsed(dt.date.fromisoformat(t).isoformat())
    except ValueError:
        pass
    day = None
    if m := re.fullmatch(r"(\d{4})\s*/\s*(\d{2})", t):                      # contract year 2019/20
        start = int(m.group(1))
        if (start + 1) % 100 == int(m.group(2)):
            day = (start, 4, 1)
    elif m := re.fullmatch(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", t):   # UK day/month/year
        day = (int(m.group(3)), int(m.group(2)), int(m.group(1)))
    elif m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)? ([a-z]+),? (\d{4})", t):
        day = (int(m.group(3)), _MONTHS.get(m.group(2)) or _MONTHS.get(_prefix(m.group(2))), int(m.group(1)))
    elif m := re.fullmatch(r"([a-z]+) (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})", t):
        day = (int(m.group(3)), _MONTHS.get(_prefix(m.group(1))), int(m.group(2)))
    elif m := re.fullmatch(r"([a-z]+),? (\d{4})", t):
        day = (int(m.group(2)), _MONTHS.get(_prefix(m.group(1))), 1)
    try:
        if day and day[1]:
            return Parsed(dt.date(*day).isoformat())
    except ValueError:
        pass
    return Parsed(problem="Please give a date such as 2019-07-01 or \"1 July 2019\", a contract year such as "
                          "2019/20, or \"today\".")


def _prefix(word: str) -> str | None:
    return next((m for m in _MONTHS if len(word) >= 3 and m.startswith(word)), None)


def parse_practices(text: str, q: dict) -> Parsed:
    """Practices, one a line (or separated by ';'): name, ODS code and list size in any order."""
    out, bad = [], []
    for line in re.split(r"[\n;]+", (text or "").strip()):
        line = line.strip(" -•*\t")
        if not line:
            continue
        code = _ODS.search(line)
        rest = _ODS.sub(" ", line, count=1) if code else line
        size = list(_NUMBER.finditer(rest.lower()))
        if not code or not size:
            bad.append(line)
            continue
        number = parse_integer(size[-1].group(0), {"min": 0})
        name = re.sub(r"\s*,\s*(,\s*)*", ", ", (rest[:size[-1].start()] + rest[size[-1].end():])).strip(" ,")
        if not number.ok or not name:
            bad.append(line)
            continue
        out.append({"name": name, "ods_code": code.group(1).upper(), "list_size": number.value})
    if bad or not out:
        which = f" I couldn't read: \"{bad[0]}\"." if bad else ""
        return Parsed(problem="Please list the practices one a line as name, ODS code, list size, for example "
                              f"\"Riverside Surgery, A81001, 9200\".{which}")
    return Parsed(out)


def parse_answer(q: dict, text: str, today: dt.date) -> Parsed:
    """Parse typed text as an answer to question `q` (UNSURE for "not sure")."""
    if is_unsure(text, q):
        return Parsed(UNSURE)
    kind = q["type"]
    if kind == "date":
        return parse_date(text, q, today)
    if not normalise(text):
        # a question that says "leave blank" / "skip" to mean "don't know yet" takes an empty answer
        if re.search(r"\b(blank|skip)\b", f"{q.get('prompt', '')} {q.get('help', '')}".lower()):
            return Parsed(UNSURE)
        return Parsed(problem="Please type an answer, or \"not sure\".")
    if kind == "integer":
        return parse_integer(text, q)
    if kind == "boolean":
        return parse_boolean(text, q)
    if kind == "choice":
        return parse_choice(text, q)
    if kind == "choices":
        return parse_choices(text, q)
    if kind == "practices":
        return parse_practices(text, q)
    return Parsed(problem=f"I can't take answers of type {kind} here.")
