"""Commands a person can type instead of an answer: back, change <question>, why?, restart, help.

Recognition only: which command, and which question a phrase such as "change the date" or
"why population" names. The dialogue (`conversation.py`) carries the commands out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .parse import normalise

HELP = (
    "Answer each question in your own words: a number such as \"about 42k\", yes or no, a date such as "
    "\"1 July 2019\", or one of the options. If you don't know, say *not sure*: that is a real answer, "
    "and the result shows what depends on it.\n"
    "You can also type:\n"
    "• *why?* to see why the current question matters and which rules use it\n"
    "• *back* to undo your last answer\n"
    "• *change <question>* (for example \"change population\") to revise an answer; *change* alone lists them\n"
    "• *restart* to start again from the first question\n"
    "• *help* to see this message"
)

_PATTERNS = [
    ("back", re.compile(r"^(go )?back( please)?$|^undo$|^previous( question)?$")),
    ("restart", re.compile(r"^(restart|start (over|again)|reset|begin again|new assessment)$")),
    ("help", re.compile(r"^(help|commands|\?|what can i (say|type|do)\??|how does this work\??)$")),
    ("why", re.compile(r"^why(\?| not\?)?$|^why (do you ask|does (this|it) matter|ask|is that|this)\??$")),
    ("why", re.compile(r"^why (?P<arg>.+?)\??$")),
    ("change", re.compile(r"^(change|edit|update|fix|redo|revise)"
                          r"(?: (?:my answer (?:to|for|about) |the answer (?:to|for) |answer )?(?P<arg>.+))?$")),
]

_STOP = {"the", "a", "an", "to", "of", "for", "my", "our", "answer", "question", "is", "are", "do", "does",
         "how", "what", "which", "will", "have", "has", "network", "practices", "about", "any", "be", "it", "in"}


@dataclass(frozen=True)
class Command:
    """A recognised command and what follows it (e.g. the question to change)."""

    name: str
    arg: str = ""


def parse_command(text: str) -> Command | None:
    """The command the text is, or None if it is (meant as) an answer."""
    t = normalise(text)
    for name, pattern in _PATTERNS:
        m = pattern.match(t)
        if m:
            return Command(name, ((m.groupdict().get("arg") or "").strip()))
    return None


def _words(s: str) -> set[str]:
    return {w for w in re.split(r"[^a-z0-9]+", s.lower().replace("_", " ")) if w and w not in _STOP}


def find_question(arg: str, questions: dict, numbered: list[str] | None = None) -> tuple[str | None, list[str]]:
    """The question an argument names (id, number in `numbered`, or words of its prompt).

    Returns (question id or None, the closest candidates when it is ambiguous or unknown)."""
    t = normalise(arg).strip("\"'?")
    if t in questions:
        return t, []
    if t.replace(" ", "_") in questions:
        return t.replace(" ", "_"), []
    if numbered and re.fullmatch(r"[0-9]{1,3}", t) and 1 <= int(t) <= len(numbered):
        return numbered[int(t) - 1], []
    words = _words(t)
    if not words:
        return None, []
    scores = []
    for qid, q in questions.items():
        # the id's words weigh most: they are short and stable ("population", "operating model")
        score = 3 * len(words & _words(qid)) + len(words & _words(q["prompt"])) + len(words & _words(q.get("topic", "")))
        if t == "date" and q.get("type") == "date":
            score += 3
        if score:
            scores.append((score, qid))
    if not scores:
        return None, []
    scores.sort(key=lambda s: -s[0])
    best = [qid for s, qid in scores if s == scores[0][0]]
    if len(best) == 1:
        return best[0], []
    if numbered:   # prefer an answered question when the words fit several
        answered = [q for q in best if q in numbered]
        if len(answered) == 1:
            return answered[0], []
    return None, best[:5]
