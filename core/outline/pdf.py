"""The summary for partners as an A4 PDF (fpdf2: pure Python, so it prints on any machine, with no
system libraries to install).

The page uses the PDF core font (Helvetica), which holds Latin-1 only: typographic characters
outside it are written as their plain equivalents (› as >, ✓ as a word's mark), never dropped.
"""
from __future__ import annotations

from fpdf import FPDF

from .summary import PARTS, point_text

#: Characters outside Latin-1 that the text uses, as Latin-1 (anything else becomes "?").
PLAIN = str.maketrans({"›": ">", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...",
                       "✓": "+", "★": "*", "◉": "*", "✗": "x", "⛔": "x", "↑": "+", "↓": "-", "→": "->",
                       "•": "-", "≥": ">=", "≤": "<=", "\u00a0": " "})
MARGIN = 15
BODY = 9.5           # points
LINE = 4.6           # mm between lines of body text


def latin(text: str) -> str:
    """`text` in the core font's Latin-1."""
    return text.translate(PLAIN).encode("latin-1", "replace").decode("latin-1")


class _Page(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(format="A4")
        self.footer_text = footer_text

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", "", 7.5)
        self.set_text_color(90)
        self.cell(0, 5, latin(f"{self.footer_text} · page {self.page_no()}/{{nb}}"), align="C")


def summary_pdf(s: dict) -> bytes:
    """The summary `s` (core.outline.summary) as PDF bytes."""
    m, d = s["meta"], s["decision"]
    pdf = _Page(f"PCN Advisor · rules {m['rules_version']} · made {m['made']}")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_title(latin(s["title"]))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, latin(s["title"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8.5)
    pdf.set_text_color(70)
    pdf.multi_cell(0, 4.5, latin(f"As of {m['as_of']} · contract year {m['contract_year']} · rules "
                                 f"{m['rules_version']}" + (f" · assessment {m['assessment_id']}"
                                                            if m.get("assessment_id") else "")),
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    pdf.ln(2)
    if s.get("dates"):    # first, before anything it may make out of date
        pdf.set_font("Helvetica", "B", BODY)
        pdf.multi_cell(0, LINE, latin(f"Note on dates: {s['dates']}"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    pdf.set_font("Helvetica", "B", 12)
    pdf.multi_cell(0, 6, latin(d["headline"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", BODY)
    for extra in (d.get("confidence_text"), d.get("eligibility")):
        if extra:
            pdf.multi_cell(0, LINE, latin(extra), new_x="LMARGIN", new_y="NEXT")
    for key, title in PARTS:
        if s[key]:
            _heading(pdf, title)
            for p in s[key]:
                pdf.multi_cell(0, LINE, latin(f"- {point_text(p)}"), new_x="LMARGIN", new_y="NEXT")
    if s["sources"]:
        _heading(pdf, "Sources")
        pdf.set_font("Helvetica", "", 7.5)
        for r in s["sources"]:
            pdf.multi_cell(0, 3.8, latin(f"[{r['n']}] {r['title']} > {r['section']}"), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _heading(pdf: FPDF, title: str) -> None:
    pdf.ln(1.5)
    pdf.set_font("Helvetica", "B", 10.5)
    pdf.multi_cell(0, 5.5, latin(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", BODY)
