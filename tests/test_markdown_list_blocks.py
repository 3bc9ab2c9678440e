"""Markdown lists tokenized one top-level block at a time (issue 15): the same tokens, and so the same
list, as markdown-it's parse of the whole file, in memory that holds one block's tokens at a time."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from studylog.io.common import FileRejected
from studylog.io.markdown_list import _H1_LINE, _markdown, _streamed, _whole, parse_markdown_list

ROOT = Path(__file__).resolve().parents[1]
LISTS = sorted((ROOT / "tests" / "fixtures" / "lists").glob("*.md")) + sorted(
    (ROOT.parent / "shared" / "fixtures" / "markdown").glob("*.md"))


def big_list(links: int) -> bytes:
    """A list of ``links`` links in sections of 100 under H2s (as bench/inprocess.py writes it)."""
    lines = ["# A big list", ""]
    for section in range(links // 100):
        lines += [f"## Topic {section}", ""]
        lines += [f"- [Link {section}-{i}](https://example.org/{section}/{i}) - item {i} of topic {section}"
                  for i in range(100)]
        lines.append("")
    return "\n".join(lines).encode()


# Files where what a whole file holds matters to its first blocks: references defined after their use,
# more than one H1 (no title then), H1s in containers and as setext headings, our own front matter.
TRICKY = {
    "reference after use": "# T\n\n- [x][r]\n- [y][R ]\n\n[r]: https://ref.org\n[r]: https://second.org\n",
    "reference in a list": "# T\n\n- [x][r]\n\n- [r]: https://ref.org\n  more\n",
    "two H1s": "# A\n\n- [x](https://a.org)\n\n# B\n\n- [y](https://b.org)\n",
    "a setext H1 later": "# A\n\n- [x](https://a.org)\n\nB\n===\n\n- [y](https://b.org)\n",
    "an H1 in a quote later": "# A\n\n- [x](https://a.org)\n\n> # B\n\n- [y](https://b.org)\n",
    "an H1 in a list later": "# A\n\n- [x](https://a.org)\n- # B\n\n- [y](https://b.org)\n",
    "the title in a quote": "> # T\n\nCurated by Ann\n\n- [x](https://a.org)\n",
    "our export": ("# T\n\nA description\n\nCurated by Bo · exported 2026-01-01 · 1 resource in 1 topic\n\n"
                   "## Contents\n\n- [A](#a)\n\n## A\n\n- [x](https://a.org)\n  > a note\n"),
    "curator above the title": "Curated by Al.\n\n# T\n\nDescribed.\n\n## A\n\n- [x](https://a.org)\n",
    "no headings": "Curated by Cy\n\n- [x](https://a.org)\n\n| a | b |\n|---|---|\n| T | [y](https://b.org) |\n",
    "html and code": "# T\n\n<div>\n<a href=\"https://h.org\">H</a>\n\n</div>\n\n```\n# not\n```\n\n- [x](https://a.org)\n",
}


def _result(data: bytes, *, whole: bool) -> object:
    try:
        return parse_markdown_list(data, "list.md", whole=whole)
    except FileRejected as exc:
        return str(exc)


def _tokens(blocks) -> list[dict]:  # noqa: ANN001
    return [tok.as_dict() for block in blocks for tok in block]


@pytest.mark.parametrize("path", LISTS, ids=lambda path: path.name)
def test_every_real_list_reads_the_same_a_block_at_a_time(path):
    data = path.read_bytes()
    assert _result(data, whole=False) == _result(data, whole=True)
    text = data.decode("utf-8-sig")
    assert _tokens(_streamed(text)[0]) == _tokens(_whole(text)[0])


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_what_the_whole_file_holds_is_known_before_its_first_block(name):
    data = TRICKY[name].encode()
    assert _result(data, whole=False) == _result(data, whole=True)
    blocks, few_h1 = _streamed(TRICKY[name])
    assert _tokens(blocks) == _tokens(_whole(TRICKY[name])[0])
    assert few_h1 == _whole(TRICKY[name])[1]


_LINES = st.sampled_from([
    "", "", "", "# Title", "## Topic", "### Deeper", "Setext", "===", "---", "- [a](https://a.org/1)",
    "- [b](https://b.org) - described", "  - [nested](https://n.org)", "1. [one](https://o.org)",
    "> quoted [q](https://q.org)", "> # quoted H1", "- # listed H1", "  > a note", "**Bold title**",
    "[ref]: https://ref.org/x", "- [used][ref]", "[used][ref] in a paragraph", "https://bare.org/page",
    "| a | b |", "|---|---|", "| x | [t](https://t.org) |", "```", "<div>", "<a href=\"https://h.org\">h</a>",
    "</div>", "Curated by Someone", "exported 2026-01-01 · 2 resources in 1 topic", "## Contents",
    "- [Topic](#topic)", "    indented code", "text that continues", "\t- tabbed", "* [star](https://s.org)",
])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINES, max_size=40).map("\n".join))
@example("# A\n\n[x][r]\n\nB\n===\n\n[r]: https://r.org")
def test_any_text_reads_the_same_a_block_at_a_time(text):
    data = text.encode()
    assert _result(data, whole=False) == _result(data, whole=True)
    if text.strip():
        blocks, few_h1 = _streamed(text)
        whole, whole_few_h1 = _whole(text)
        assert _tokens(blocks) == _tokens(whole)
        assert few_h1 == whole_few_h1
        # Every H1 has a line of its own that _H1_LINE finds (so "at most one such line" is safe).
        h1 = sum(1 for tok in _markdown().parse(text) if tok.type == "heading_open" and tok.tag == "h1")
        assert h1 <= sum(1 for _ in _H1_LINE.finditer(text.replace("\r\n", "\n").replace("\r", "\n")))


def test_a_big_list_is_held_one_block_of_tokens_at_a_time():
    """The memory proxy: no block of a sectioned list holds more than its section's tokens."""
    text = big_list(5000).decode()
    blocks, few_h1 = _streamed(text)
    sizes = [len(block) for block in blocks]
    assert few_h1 and len(sizes) == 1 + 2 * 50  # the title, then a heading and a list per section
    assert max(sizes) <= 100 * 5 + 2  # a list of 100 items: list, item, paragraph, inline, ... closes


def _peak(data: bytes, *, whole: bool) -> int:
    tracemalloc.start()
    try:
        parsed = parse_markdown_list(data, "big.md", whole=whole)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        assert len(parsed.entries) == data.count(b"\n- [")


@pytest.mark.slow  # a 20,000-link list, under tracemalloc
def test_a_big_list_is_parsed_in_a_fraction_of_the_memory():
    small = big_list(2_000)
    assert _peak(small, whole=False) < _peak(small, whole=True) / 3
    # (measured: 12 MB, most of it the entries themselves; the whole file's tokens take 60 MB more)
    assert _peak(big_list(20_000), whole=False) < 30e6
