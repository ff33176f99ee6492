"""Numbers written in words ("forty-two thousand", "one and a half million"), as people type them."""
from __future__ import annotations

import re

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i >= 2}
_SCALES = {"thousand": 1_000, "k": 1_000, "million": 1_000_000, "m": 1_000_000}


def parse_number_words(text: str) -> float | None:
    """The number a phrase of English number words spells, or None if it is not one."""
    words = [w for w in re.split(r"[\s,-]+", text.lower().strip()) if w and w != "and"]
    if not words:
        return None
    total, current, seen = 0.0, 0.0, False
    i = 0
    while i < len(words):
        w = words[i]
        if w in ("a", "an") and i + 1 < len(words) and words[i + 1] in ("half", "hundred", "thousand", "million"):
            current = current or 1
        elif w == "half":
            # "one and a half million": the half belongs to the scale that follows
            current += 0.5
        elif w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in _SCALES:
            total += (current or 1) * _SCALES[w]
            current = 0
        else:
            return None
        seen = True
        i += 1
    return total + current if seen else None
