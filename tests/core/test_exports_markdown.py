"""Values people typed are written into the Markdown checklist as text: one line, markup escaped."""
from __future__ import annotations

from markdown_it import MarkdownIt

from core.exports import markdown, markdown_text

RENDER = MarkdownIt("commonmark")


def test_typed_values_are_one_line_with_every_markup_character_escaped():
    assert markdown_text("Dr A\n# Heading") == "Dr A # Heading"   # mid-line, # is only a character
    assert markdown_text("[x](javascript:alert(1))") == r"\[x\](javascript:alert(1))"
    assert markdown_text("https://a.example www.b.example") == r"https\://a.example www\.b.example"
    assert markdown_text("<b>&amp;</b>") == r"\<b\>\&amp;\</b\>"
    assert markdown_text("web:Dr. A (lead)") == "web:Dr. A (lead)" and markdown_text(None) == ""


def test_rendered_the_escaped_value_reads_as_typed():
    typed = "*not bold* <i>not italic</i> [not](a link) `not code` &amp;"
    html = RENDER.renderInline(markdown_text(typed))
    assert "<" not in html.replace("&lt;", "") and "&amp;amp;" in html


def test_the_checklist_keeps_its_shape_whatever_the_name():
    items = [{"id": "a", "category": "setup", "text": "Do a", "done": True, "by": "x\n## Forged\n- [x] Forged",
              "at": "2020-01-01T00:00:00Z", "citation": {"source": "s.txt", "section": "S"}},
             {"id": "b", "category": "setup", "text": "Do b", "done": False, "by": None, "at": None, "citation": {}}]
    lines = markdown("abc", items).splitlines()
    assert [line for line in lines if line.startswith("#")] == ["# Setup checklist: Your network", "## Setup"]
    assert len([line for line in lines if line.startswith("- [")]) == 2
