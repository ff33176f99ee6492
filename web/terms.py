"""Defined terms on a web page: each glossary term marked where the page uses it, defined once.

A `PageTerms` lives for one render. `mark(text)` returns the text escaped, with each term the
glossary knows (engine.glossary) marked up: its first use on the page links to its definition in the
page's "Words used on this page" list (`used`, in order of first use); an abbreviation also carries
its words in full (<abbr title>) wherever it appears. Marking happens in document order, so "first"
is what a reader meets first.
"""
from __future__ import annotations

from markupsafe import Markup, escape


class PageTerms:
    """The terms one page has used so far, and the markup for the next piece of text."""

    def __init__(self, glossary):
        self.glossary = glossary
        self.used: list[dict] = []
        self._seen: set[str] = set()

    def mark(self, text) -> Markup:
        """The text, escaped, with its terms marked."""
        if not text:
            return Markup("")
        out = []
        for piece, term in self.glossary.split(str(text)):
            if term is None:
                out.append(escape(piece))
                continue
            inner = escape(piece)
            if piece in (term.get("abbreviations") or []):
                inner = Markup('<abbr title="{}">{}</abbr>').format(term["term"], piece)
            if term["id"] not in self._seen:
                self._seen.add(term["id"])
                self.used.append(term)
                inner = Markup('<a class="web-term" href="#term-{}">{}</a>').format(term["id"], inner)
            out.append(inner)
        return Markup("").join(out)

    def __call__(self, text) -> Markup:
        return self.mark(text)
