"""The glossary: what the words and abbreviations in the advice mean, and where a text uses them.

A *term* is one entry of `knowledge/glossary.yaml`'s `terms:` list (id, term, abbreviations, other
names, definition, and a citation or `basis: judgement`). `Glossary` finds terms in any text so a
front end can define them where they appear: abbreviations match as written ("DES", "CCGs"), the
term and its other names match in any case, longest name first, a trailing plural "s" allowed.
Built once per knowledge base and never changed, so threads share it freely.
"""
from __future__ import annotations

import re


class Glossary:
    """The knowledge base's defined terms, and a matcher that finds them in text."""

    def __init__(self, terms: list[dict] | tuple = ()):
        self.terms = tuple(terms)
        self._by_id = {t["id"]: t for t in self.terms}
        self._exact: dict[str, dict] = {}      # abbreviations, as written
        self._folded: dict[str, dict] = {}     # terms and other names, lower case
        for t in self.terms:
            for a in t.get("abbreviations") or []:
                self._exact[a] = t
            for name in [t["term"], *(t.get("also") or [])]:
                self._folded[name.lower()] = t
        # one alternation, longest first, so "NHS Pensions" wins over "NHS" and a phrase over its words
        names = sorted([(a, False) for a in self._exact] + [(n, True) for n in self._folded],
                       key=lambda pair: -len(pair[0]))
        parts = [("(?i:" if folded else "(?:") + re.escape(n).replace(r"\ ", r"\s+") + ")" for n, folded in names]
        self._pattern = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?=s?(?![\w-]))") if parts else None

    def __bool__(self) -> bool:
        return bool(self.terms)

    def get(self, term_id: str) -> dict | None:
        """The term with this id, or None."""
        return self._by_id.get(term_id)

    def _term(self, found: str) -> dict:
        return self._exact.get(found) or self._folded[" ".join(found.split()).lower()]

    def split(self, text: str) -> list[tuple[str, dict | None]]:
        """The text in pieces, each with the term it names or None: joined, the pieces are the text."""
        if not self._pattern or not text:
            return [(text, None)] if text else []
        out, at = [], 0
        for m in self._pattern.finditer(text):
            if m.start() > at:
                out.append((text[at:m.start()], None))
            out.append((m.group(0), self._term(m.group(0))))
            at = m.end()
        if at < len(text):
            out.append((text[at:], None))
        return out

    def used(self, text: str) -> list[dict]:
        """The distinct terms a text uses, in the order they first appear."""
        seen: dict[str, dict] = {}
        for _, term in self.split(text):
            if term is not None:
                seen.setdefault(term["id"], term)
        return list(seen.values())
