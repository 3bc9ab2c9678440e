"""User text in a review reads as typed, and never stops the rest of the review from being read: ten
nested "- " in a reflection made markdown-it give up, and the app's Review screen and `review --format
text` ended there; "&amp;" typed showed as "&"."""

from __future__ import annotations

from markdown_it import MarkdownIt

from studylog.io.review_markdown import line
from studylog.tui.widgets.markdown_view import render_lines, render_markdown


def shown(markdown: str) -> str:
    return "\n".join("".join(s.text for s in line).rstrip() for line in render_lines(render_markdown(markdown), 80))


def test_text_that_would_make_a_list_a_rule_a_fence_or_an_entity_reads_as_typed():
    for typed in ("- - - - - - - - - - - - deep", "1. not a list", "12) nor this", "--- not a rule", "+1 day",
                  "~~~ no fence", "&amp; &copy; stay", "=== no heading", "a - b", "1984", "# no heading"):
        markdown = f"## Planned\n\n{line(typed)}\n\n## Learned\n\nafter\n"
        assert typed in shown(markdown), typed
        assert shown(markdown).rstrip().endswith("after")  # the rest is still read
        tokens = [t.type for t in MarkdownIt("commonmark").parse(markdown)]
        assert "bullet_list_open" not in tokens and "ordered_list_open" not in tokens and "hr" not in tokens


def test_the_review_of_the_shell_reads_past_a_reflection_of_nested_markers(cli):
    assert cli("reflect", "week", "--planned", "- - - - - - - - - - deep", "--achieved", "A &amp; B",
               "--learned", "kept going").status == 0
    text = cli("review", "week", "--format", "text").out
    assert "- - - - - - - - - - deep" in text and "A &amp; B" in text and "kept going" in text
