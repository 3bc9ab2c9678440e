"""Markdown resource lists: what people really write comes in with its topics; our export comes back exact."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from studylog.domain.values import RESOURCE_KINDS, RESOURCE_STATUSES, Skipped
from studylog.io.common import FileRejected
from studylog.io.markdown_list import (
    BADGE,
    IMAGE,
    IN_HEADING,
    NOT_FIRST,
    RELATIVE,
    SAME_FILE,
    ExportDoc,
    ExportItem,
    ExportSection,
    ListEntry,
    ParsedList,
    note_as_written,
    parse_markdown_list,
    render_markdown_list,
)
from studylog.io.urls import guess_kind, normalise_url
from studylog.text import clean

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "markdown"


def parse(text: str, name: str = "list.md") -> ParsedList:
    return parse_markdown_list(text.encode("utf-8"), name)


def rows(parsed: ParsedList) -> list[tuple]:
    """(url, title, description, section, line) of every entry."""
    return [tuple(entry)[:5] for entry in parsed.entries]


def by_url(parsed: ParsedList, url: str) -> ListEntry:
    return next(entry for entry in parsed.entries if entry.url == url)


def reasons(parsed: ParsedList) -> list[tuple[int | None, str]]:
    return [(skip.line, skip.reason) for skip in parsed.skipped]


# ----------------------------------------------------------------------------------------- topics

def test_nested_headings_give_a_topic_path_and_the_only_h1_is_the_title():
    parsed = parse("# My list\n\n## Deep Learning\n\n- [A](https://a.com)\n\n### Transformers\n\n"
                   "- [B](https://b.com)\n\n## Statistics\n\n- [C](https://c.com)\n")
    assert parsed.title == "My list"
    assert [(e.title, e.section) for e in parsed.entries] == [
        ("A", "Deep Learning"), ("B", "Deep Learning/Transformers"), ("C", "Statistics")]


def test_heading_levels_may_skip_h2_to_h4():
    parsed = parse("# T\n\n## Python\n\n#### Computer Vision\n\n* [cv](https://cv.org)\n\n"
                   "#### NLP\n\n* [nlp](https://nlp.org)\n\n## C\n\n#### NLP\n\n* [c-nlp](https://c.org)\n")
    assert [e.section for e in parsed.entries] == ["Python/Computer Vision", "Python/NLP", "C/NLP"]


def test_without_a_single_leading_h1_there_is_no_title_and_every_heading_is_a_topic():
    only_h4 = parse("#### Linear Algebra\n- [VMLS](https://vmls.org)\n#### Sampling\n- [MCMC](https://mc.org)\n")
    assert only_h4.title is None
    assert [e.section for e in only_h4.entries] == ["Linear Algebra", "Sampling"]
    two_h1 = parse("# Part A\n\n## One\n\n- [a](https://a.com)\n\n# Part B\n\n- [b](https://b.com)\n")
    assert two_h1.title is None
    assert [e.section for e in two_h1.entries] == ["Part A/One", "Part B"]
    h2_first = parse("## Intro\n\n- [a](https://a.com)\n\n# Only H1\n\n- [b](https://b.com)\n")
    assert h2_first.title is None


def test_links_above_every_heading_have_no_section():
    parsed = parse("# Title\n\nSee [the site](https://site.org) first.\n\n## Topic\n\n- [x](https://x.org)\n")
    assert by_url(parsed, "https://site.org").section is None
    assert by_url(parsed, "https://x.org").section == "Topic"


def test_a_table_of_contents_heading_is_not_a_parent_and_a_later_higher_heading_is_a_sibling():
    # awesome-deep-learning: "## Table of Contents", then "###" topics, one stray "## Researchers".
    parsed = parse("# Awesome\n\n## Table of Contents\n\n* **[Books](#books)**\n\n* **[People](#people)**\n\n"
                   "### Books\n\n1. [B](https://b.com)\n\n## People\n\n1. [P](https://p.com)\n\n"
                   "### Websites\n\n1. [W](https://w.com)\n")
    assert [e.section for e in parsed.entries] == ["Books", "People", "Websites"]
    assert reasons(parsed)[:2] == [(5, SAME_FILE), (7, SAME_FILE)]


def test_bold_only_paragraphs_are_section_titles_below_the_heading():
    parsed = parse("## Math\n\n**Linear Algebra**\n\n- [a](https://a.com)\n\n**Calculus:**\n\n"
                   "- [b](https://b.com)\n\n## Code\n\n- [c](https://c.com)\n")
    assert [e.section for e in parsed.entries] == ["Math/Linear Algebra", "Math/Calculus", "Code"]


def test_bold_only_list_items_are_section_titles_and_replace_each_other():
    parsed = parse("## Course\n\n- **Concepts**\n  - [a](https://a.com)\n- **Tools**\n  - [b](https://b.com)\n"
                   "\n**Resources**:\n- [c](https://c.com)\n")
    assert [e.section for e in parsed.entries] == ["Course/Concepts", "Course/Tools", "Course/Resources"]


def test_bold_first_line_above_a_link_line_is_a_section_title():
    parsed = parse("## Notes\n\n__Attention__\n[Illustrated](https://jalammar.github.io/x)\n")
    assert parsed.entries[0].section == "Notes/Attention"
    assert parsed.entries[0].line == 4


def test_bold_text_with_more_text_is_not_a_section_title():
    parsed = parse("## Math\n\n- **Linear Algebra**: crucial for deep learning.\n\n📚 **References**:\n\n"
                   "- [3b1b](https://3b1b.com): videos\n\n**A bold link [x](https://x.com)**\n")
    assert [e.section for e in parsed.entries] == ["Math", "Math"]


def test_emoji_anchors_and_badges_are_stripped_from_headings():
    parsed = parse('# 🚀 Awesome ML [![Awesome](https://img.shields.io/a.svg)](https://awesome.re) ✨\n\n'
                   '## 🧑‍🔬 The LLM Scientist\n\n### 1. The LLM Architecture\n\n- [a](https://a.com)\n\n'
                   '<a name="tools"></a>\n## <a name="x"></a>Tools ⚙️\n\n- [b](https://b.com)\n\n'
                   '## ✂️ \n\n## 🚀\n\n- [c](https://c.com)\n')
    assert parsed.title == "Awesome ML"
    assert [e.section for e in parsed.entries] == ["The LLM Scientist/1. The LLM Architecture", "Tools", "🚀"]
    assert (1, BADGE) in reasons(parsed)


def test_a_slash_in_a_heading_does_not_make_a_level():
    parsed = parse("## Data Analysis / Data Visualization\n\n- [a](https://a.com)\n\n## I/O\n\n- [b](https://b.com)\n")
    assert [e.section for e in parsed.entries] == ["Data Analysis - Data Visualization", "I-O"]


def test_links_in_headings_are_not_resources():
    parsed = parse("## [Tools](#tools-1)\n\n## [Python](https://python.org)\n\n- [x](https://x.org)\n")
    assert [e.section for e in parsed.entries] == ["Python"]
    assert reasons(parsed) == [(1, SAME_FILE), (3, IN_HEADING)]


# ------------------------------------------------------------------------------------------ links

def test_numbered_lists_with_wrong_numbers_keep_file_order():
    parsed = parse("### Courses\n\n1.  [A](https://a.com)\n3.  [B](https://b.com)\n2.  [C](https://c.com)\n"
                   "2.  [D](https://d.com)\n10. [E](https://e.com)\n")
    assert [(e.title, e.line) for e in parsed.entries] == [("A", 3), ("B", 4), ("C", 5), ("D", 6), ("E", 7)]


def test_a_byte_order_mark_changes_nothing():
    plain = b"# Awesome\n\n1.  [Deep Learning](http://www.deeplearningbook.org/) by Bengio (2015)\n"
    with_bom = parse_markdown_list(b"\xef\xbb\xbf" + plain, "bom.md")
    assert with_bom == parse_markdown_list(plain, "bom.md")
    assert with_bom.title == "Awesome"
    assert rows(with_bom) == [("http://www.deeplearningbook.org", "Deep Learning", "by Bengio (2015)", None, 3)]


def test_bare_urls_in_list_items_and_paragraphs():
    parsed = parse("#### NLP\n - https://jalammar.github.io/visualizing-nmt/\n"
                   " - see https://towardsdatascience.com/attn.\n\n"
                   "Positional Encodings - https://kazemnejad.com/blog/pe/\n\n"
                   "- <https://autolink.org/page>\n- [x] https://done.org\n- [ ] Todo: https://todo.org (later)\n"
                   "- Wiki: https://en.wikipedia.org/wiki/Foo_(bar).\n")
    assert rows(parsed) == [
        ("https://jalammar.github.io/visualizing-nmt", None, None, "NLP", 2),
        ("https://towardsdatascience.com/attn", None, None, "NLP", 3),
        ("https://kazemnejad.com/blog/pe", "Positional Encodings", None, "NLP", 5),
        ("https://autolink.org/page", None, None, "NLP", 7),
        ("https://done.org", None, None, "NLP", 8),
        ("https://todo.org", "Todo", "(later)", "NLP", 9),
        ("https://en.wikipedia.org/wiki/Foo_(bar)", "Wiki", None, "NLP", 10),
    ]


def test_every_line_of_a_paragraph_with_a_link_is_an_item_and_other_lines_continue_it():
    parsed = parse("[A](https://a.com) - a long description\nthat wraps onto a second line\n"
                   "[B](https://b.com)\nPositional Encodings - https://c.com\n")
    assert rows(parsed) == [
        ("https://a.com", "A", "a long description that wraps onto a second line", None, 1),
        ("https://b.com", "B", None, None, 3),
        ("https://c.com", "Positional Encodings", None, None, 4),
    ]


def test_html_links_inline_and_in_html_blocks():
    parsed = parse('- <a href="https://inline.org/x">Inline site</a> - its description\n\n'
                   '<div align="center">\n  <p>\n    <a href="https://twitter.com/me">Follow me</a> •\n'
                   '    <a href="https://blog.me/">Blog</a>\n'
                   '    <a href="https://colab.research.google.com/x"><img src="img/colab.svg" alt="Colab"></a>\n'
                   '    <img src="img/banner.png">\n  </p>\n</div>\n\n'
                   '<a href="https://a.co/book"><img src="https://i.imgur.com/c.png"/></a>The course has parts:\n')
    assert rows(parsed) == [
        ("https://inline.org/x", "Inline site", "its description", None, 1),
        ("https://twitter.com/me", "Follow me", None, None, 5),
        ("https://blog.me", "Blog", None, None, 6),
    ]
    assert reasons(parsed) == [(7, BADGE), (8, IMAGE), (12, BADGE)]


def test_odd_html_does_not_stop_the_import():
    parsed = parse('<![weird[ <a href="https://lost.org">x</a>\n\n- [kept](https://kept.org)\n'
                   '- <a href="https://open.org">never closed\n')
    assert [e.url for e in parsed.entries][-2:] == ["https://kept.org", "https://open.org"]


def test_tables_each_link_is_a_resource_titled_by_the_first_cell_when_that_is_text():
    parsed = parse(
        "### Tools\n\n| Notebook | Description | Notebook |\n|---|---|---|\n"
        '| 🧐 [LLM AutoEval](https://github.com/m/llm-autoeval) | Evaluate your LLMs | '
        '<a href="https://colab.research.google.com/a"><img src="img/colab.svg"></a> |\n'
        "| 🥱 LazyMergekit | Merge models in one click. | [Colab](https://colab.research.google.com/b) |\n\n"
        "### Fine-tuning\n\n| Notebook | Description | Article |\n|---|---|---|\n"
        "| Fine-tune Llama 3 with ORPO | Cheaper fine-tuning. | [Article](https://blog.org/orpo) |\n"
        "| Paper | | https://arxiv.org/abs/1 and [code](https://github.com/c) |\n")
    assert rows(parsed) == [
        ("https://github.com/m/llm-autoeval", "LLM AutoEval", "Evaluate your LLMs", "Tools", 5),
        ("https://colab.research.google.com/b", "LazyMergekit", "Merge models in one click.", "Tools", 6),
        ("https://blog.org/orpo", "Fine-tune Llama 3 with ORPO", "Cheaper fine-tuning.", "Fine-tuning", 12),
        ("https://arxiv.org/abs/1", "Paper", "and code", "Fine-tuning", 13),
        ("https://github.com/c", "Paper", None, "Fine-tuning", 13),
    ]
    assert reasons(parsed) == [(5, BADGE)]


def test_links_that_are_not_resources_are_skipped_with_their_line_and_reason():
    parsed = parse("# List\n\n- [Intro](#intro)\n- [Docs](docs/x.md)\n- [Up](../a)\n- [Abs](/wiki/page)\n"
                   "- [Mail](mailto:someone@example.org)\n- [FTP](ftp://ftp.example.org/pub)\n"
                   "- [JS](javascript:alert(1))\n- ![diagram](img/roadmap.png)\n"
                   "- [![Build](https://ci.org/badge.svg)](https://ci.org/project)\n- [Empty]()\n"
                   "- [Real](https://real.org)\n")
    assert reasons(parsed) == [
        (3, SAME_FILE), (4, RELATIVE), (5, RELATIVE), (6, RELATIVE), (7, "not an http(s) link (mailto)"),
        (8, "not an http(s) link (ftp)"), (9, "not an http(s) link (javascript)"), (10, IMAGE), (11, BADGE),
        (12, "empty link"),
    ]
    assert all(isinstance(skip, Skipped) and skip.file == "list.md" for skip in parsed.skipped)
    assert [e.url for e in parsed.entries] == ["https://real.org"]


def test_duplicates_keep_the_first_and_name_its_line():
    parsed = parse("## A\n\n- [One](https://example.org/page/)\n- [Other](https://other.org)\n\n## B\n\n"
                   "- [Again](https://EXAMPLE.org/page?utm_source=x)\n- [Twice](https://other.org)\n")
    assert [(e.title, e.section) for e in parsed.entries] == [("One", "A"), ("Other", "A")]
    assert reasons(parsed) == [(8, "listed earlier on line 3"), (9, "listed earlier on line 4")]


@pytest.mark.parametrize(("line", "description"), [
    ("[T](https://t.org) - A library.", "A library."),
    ("[T](https://t.org) – A library.", "A library."),
    ("[T](https://t.org) — A library.", "A library."),
    ("[T](https://t.org): A library.", "A library."),
    ("[T](https://t.org) -Google AI", "Google AI"),
    ("[T](https://t.org) by Andrej Karpathy: A 2h-long video", "by Andrej Karpathy: A 2h-long video"),
    ("[T](https://t.org) (Alammar, 2018)", "(Alammar, 2018)"),
    ("[T](https://t.org) Handwritten digits", "Handwritten digits"),
    ("**[T](https://t.org)** Directly *optimizes* the `policy`", "Directly optimizes the policy"),
    ("[T](https://t.org).", None),
    ("[T](https://t.org)", None),
    ("[T](https://t.org) - A library. **[Deprecated]**", "A library. [Deprecated]"),
])
def test_descriptions_after_each_separator(line, description):
    assert parse(f"- {line}\n").entries[0].description == description


def test_two_links_in_one_item_take_the_first_and_skip_the_rest():
    parsed = parse("- [Fancy RNNS](https://stanford.edu/rnn.pdf) from [CS224N](https://stanford.edu/cs224n/)\n"
                   "- [Docs](docs/readme.md) and then [Site](https://site.org)\n")
    assert rows(parsed) == [
        ("https://stanford.edu/rnn.pdf", "Fancy RNNS", "from CS224N", None, 1),
        ("https://site.org", "Site", None, None, 2),
    ]
    assert reasons(parsed) == [(1, NOT_FIRST), (2, RELATIVE)]


def test_text_that_looks_like_markup_is_kept_literally():
    parsed = parse("- [[bold]x[/]](https://a.com) - [red]warn[/red] <notatag & co\n"
                   "- [A \\*star\\* and \\_under\\_](https://b.com) - 5 \\< 6\n")
    assert [(e.title, e.description) for e in parsed.entries] == [
        ("[bold]x[/]", "[red]warn[/red] <notatag & co"), ("A *star* and _under_", "5 < 6")]


def test_control_characters_and_escape_sequences_are_stripped():
    parsed = parse("## Topic\x07\n\n- [Ti\x08tle](https://a.com) - de\x1b[31msc\x1b[0mription\x01\n")
    assert rows(parsed) == [("https://a.com", "Title", "description", "Topic", 3)]


def test_link_text_equal_to_its_url_is_no_title():
    parsed = parse("- [https://a.com/x](https://a.com/x)\n- [https://b.com/](https://b.com)\n- [ ](https://c.com)\n")
    assert [e.title for e in parsed.entries] == [None, None, None]


def test_front_matter_of_someone_elses_list():
    parsed = parse("# Awesome Things\n\nA curated list of awesome things. Inspired by `awesome-php`.\n\n"
                   "Curated by Jane Doe.\n\n## Tools\n\n- [x](https://x.org)\n")
    assert parsed.title == "Awesome Things"
    assert parsed.description == "A curated list of awesome things. Inspired by awesome-php."
    assert parsed.curator == "Jane Doe"
    no_description = parse("# T\n\nSee [this](https://this.org).\n")
    assert no_description.description is None and no_description.entries[0].title == "this"


# ------------------------------------------------------------------------------------ refused files

@pytest.mark.parametrize(("data", "message"), [
    (b"", "is empty"),
    (b"  \n\t\n", "is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a PNG image, not a Markdown file"),
    (b"PK\x03\x04rest", "is a ZIP archive"),
    (b"# T\n\x00\x01\x02binary", "holds binary data"),
    (b"# T\n\n- [a](https://a.com) caf\xe9\n", "is not UTF-8 text"),
    (b"# Notes\n\nJust some text, no links.\n", "has no web links to import"),
    (b"# TOC\n\n- [Intro](#intro)\n- [Docs](docs/x.md)\n- [Mail](mailto:a@b.org)\n", "has no web links to import"),
])
def test_files_that_are_not_link_lists_are_refused(data, message):
    with pytest.raises(FileRejected, match=message):
        parse_markdown_list(data, "notes.md")


def test_the_refusal_names_the_file():
    with pytest.raises(FileRejected, match=r"^study\.md has no web links to import$"):
        parse_markdown_list(b"# Study\n\nNothing here yet.\n", "study.md")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_parse_or_are_refused(data):
    try:
        parsed = parse_markdown_list(data, "fuzz.md")
    except FileRejected:
        return
    assert parsed.entries


_MARKDOWNISH = st.lists(st.sampled_from([
    "[", "]", "(", ")", "<", ">", "*", "_", "`", "#", "!", "|", "-", ":", "\\", "&amp;", "\n", "\n\n", " ",
    "  ", "1. ", "- ", "## ", "**", "https://a.com/", "http://b.org", "mailto:x", "#x", "<a href=\"", "\">",
    "</a>", "<img src=x>", "|---|", "🧩", "\u200d", "text", "\ufeff", "\r", "<![", "&#x1F680;", "[x] ",
]), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(_MARKDOWNISH)
def test_any_markdownish_text_parses_or_is_refused(text):
    try:
        parsed = parse(text, "fuzz.md")
    except FileRejected:
        return
    assert all(entry.url.startswith(("http://", "https://")) for entry in parsed.entries)
    assert len({entry.url for entry in parsed.entries}) == len(parsed.entries)


def test_five_thousand_links_parse_into_five_thousand_entries():
    """(How fast is a benchmark's question, not a test's: `make bench` times this list against its goal.)"""
    lines = ["# Big list", ""]
    for section in range(50):
        lines += [f"## Section {section}", ""]
        lines += [f"* [Resource {section}-{i}](https://example{section}.com/path/{i}) - A library for thing {i}."
                  for i in range(100)]
        lines.append("")
    data = "\n".join(lines).encode()
    parsed = parse_markdown_list(data, "big.md")
    assert len(parsed.entries) == 5000
    assert len({e.section for e in parsed.entries}) == 50


# -------------------------------------------------------------------------------------------- export

DAY = date(2026, 11, 24)


def test_export_format():
    doc = ExportDoc(
        title="ML reading", curator="Ada", description="What I study this year.", exported=DAY,
        sections=(
            ExportSection("Deep Learning", (
                ExportItem("Deep Learning Book", "https://www.deeplearningbook.org", "by Goodfellow et al."),
                ExportItem("Dive into Deep Learning", "https://d2l.ai", None),
            )),
            ExportSection("Deep Learning/Transformers", (
                ExportItem("The Illustrated Transformer", "https://jalammar.github.io/illustrated-transformer",
                           "Alammar, 2018"),
            )),
        ))
    assert render_markdown_list(doc) == (
        "# ML reading\n\n"
        "What I study this year.\n\n"
        "Curated by Ada · exported 2026-11-24 · 3 resources in 2 topics\n\n"
        "## Contents\n\n"
        "- [Deep Learning](#deep-learning)\n"
        "  - [Transformers](#transformers)\n\n"
        "## Deep Learning\n\n"
        "- [Deep Learning Book](https://www.deeplearningbook.org) — by Goodfellow et al.\n"
        "- [Dive into Deep Learning](https://d2l.ai)\n\n"
        "### Transformers\n\n"
        "- [The Illustrated Transformer](https://jalammar.github.io/illustrated-transformer) — Alammar, 2018\n")


def test_export_with_progress_and_without_curator_or_description():
    doc = ExportDoc("Todo", None, None, DAY, (
        ExportSection("General", (ExportItem("Read me", "https://a.org", None, done=True),
                                  ExportItem(None, "https://b.org/x_y", "no title", done=False))),
    ), with_progress=True)
    text = render_markdown_list(doc)
    assert text == ("# Todo\n\nexported 2026-11-24 · 2 resources in 1 topic\n\n## Contents\n\n"
                    "- [General](#general)\n\n## General\n\n"
                    "- [x] [Read me](https://a.org)\n- [ ] [https://b.org/x\\_y](https://b.org/x_y) — no title\n")
    parsed = parse(text)
    assert (parsed.curator, parsed.description) == (None, None)
    assert [(e.title, e.description) for e in parsed.entries] == [("Read me", None), (None, "no title")]


def test_export_writes_parent_headings_caps_depth_and_follows_github_anchors():
    doc = ExportDoc("C++ & Co", None, None, DAY, (
        ExportSection("Languages/C++/Libraries", (ExportItem("Boost", "https://boost.org", None),)),
        ExportSection("Languages", (ExportItem("Rosetta", "https://rosettacode.org", None),)),
        ExportSection("A/B/C/D/E/F", (ExportItem("Deep", "https://deep.org", None),)),
        ExportSection("Contents", (ExportItem("Meta", "https://meta.org", None),)),
        ExportSection("Über: Ideen (2024)!", (ExportItem("U", "https://u.org", None),)),
    ))
    text = render_markdown_list(doc)
    assert "## Languages\n\n### C++\n\n#### Libraries\n\n- [Boost]" in text
    assert "#### Libraries\n\n- [Boost](https://boost.org)\n\n## Languages\n\n- [Rosetta]" in text
    assert "##### D\n\n###### E\\/F\n\n- [Deep]" in text
    contents = text.split("## Contents\n\n")[1].split("\n\n")[0].splitlines()
    assert contents == [
        "- [Languages](#languages)", "  - [C++](#c)", "    - [Libraries](#libraries)",
        "- [Languages](#languages-1)",
        "- [A](#a)", "  - [B](#b)", "    - [C](#c-1)", "      - [D](#d)", "        - [E/F](#ef)",
        "- [Contents](#contents-1)", "- [Über: Ideen (2024)!](#über-ideen-2024)"]
    parsed = parse(text)
    assert [e.section for e in parsed.entries] == [
        "Languages/C++/Libraries", "Languages", "A/B/C/D/E/F", "Contents", "Über: Ideen (2024)!"]
    assert parsed.skipped == ()  # our own table of contents is not reported as skipped links


def test_export_escapes_markdown_and_ends_with_one_newline():
    doc = ExportDoc("🧩 *Notes* #1", "[bold]me[/]", "- not a list\nsecond line", DAY, (
        ExportSection("🧑‍🔬 Lab", (ExportItem("[x] `code` <b> https://t.co", "https://e.org/x?a=1&amp;b=(2)",
                                             "see https://other.org **now**"),)),
    ))
    text = render_markdown_list(doc)
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "# &#x1F9E9; \\*Notes\\* \\#1\n" in text
    assert "\\- not a list second line\n" in text
    assert "- [\\[x\\] \\`code\\` \\<b\\> https\\://t.co](<https://e.org/x?a=1\\&amp;b=(2)>)" in text
    parsed = parse(text)
    assert (parsed.title, parsed.curator, parsed.description) == (
        "🧩 *Notes* #1", "[bold]me[/]", "- not a list second line")
    assert rows(parsed) == [("https://e.org/x?a=1&amp;b=(2)", "[x] `code` <b> https://t.co",
                             "see https://other.org **now**", "🧑‍🔬 Lab", 13)]
    assert reasons(parsed) == []


# ------------------------------------------------------------------------------- round trip property

_PIECES = st.one_of(
    st.sampled_from(list("[]()*_`<>#&\\!|~:/-+=.$;@\"' \t\n") + [
        "https://", "http://x.org", "&amp;", "&#x1F680;", "**", "- ", "1. ", "2) ", "# ", "> ", "---", "```",
        "\u200d", "\ufe0f", "🧩", "🧑‍🔬", "✂️", "\x1b[31m", "\x00", "\r\n", "[x] ", "[ ] ", "<a href=\"x\">",
        "Curated by ", "exported 2020-01-01 · 1 resource in 1 topic", " — ", " · ", "é", "中文", "\u00a0",
    ]),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=6),
)
TEXT = st.lists(_PIECES, max_size=8).map("".join)
SOME_TEXT = TEXT.filter(lambda t: clean(t, multiline=False) is not None)
MAYBE_TEXT = st.one_of(st.none(), TEXT)
NOTE = st.lists(st.one_of(_PIECES, st.sampled_from(["\n", "\n\n", "\n \n", "\n- ", "\n| a |\n|---|", "\n> q",
                                                  "\n1. ", "\n===", "*(book)*", " *(done 2020-01-01)*"])),
                max_size=10).map("".join)
DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
TOPIC_PART = TEXT.map(lambda t: t.replace("/", "")).filter(lambda t: clean(t, multiline=False) is not None)
TOPIC = st.lists(TOPIC_PART, min_size=1, max_size=3).map("/".join)
URL_PATH = st.text(st.sampled_from("abcXYZ019-._~!$&'()*+,;=:@%/ é<>\\[]{}|^`\""), max_size=12)
URL = st.builds(
    lambda host, tld, path, query, fragment: f"https://{host}.{tld}/{path}{query}{fragment}",
    st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789-"), min_size=1, max_size=8),
    st.sampled_from(["com", "org", "io", "de"]),
    URL_PATH,
    st.one_of(st.just(""), st.builds(lambda q: "?" + q, st.text(st.sampled_from("ab=&1;%+"), max_size=8))),
    st.one_of(st.just(""), st.builds(lambda f: "#" + f, st.text(st.sampled_from("ab-1:/"), max_size=6))),
).filter(lambda url: normalise_url(url) == url)


@st.composite
def export_docs(draw) -> ExportDoc:
    sections = []
    seen: set[str] = set()
    for topic in draw(st.lists(TOPIC, min_size=1, max_size=4)):
        items = []
        for _ in range(draw(st.integers(1, 3))):
            url = draw(URL.filter(lambda u: u not in seen))
            seen.add(url)
            status = draw(st.sampled_from(RESOURCE_STATUSES))
            items.append(ExportItem(draw(MAYBE_TEXT), url, draw(MAYBE_TEXT), status=status,
                                    kind=draw(st.one_of(st.none(), st.sampled_from(RESOURCE_KINDS))),
                                    note=draw(st.one_of(st.none(), NOTE)), added_on=draw(st.one_of(st.none(), DAYS)),
                                    done_on=draw(st.one_of(st.none(), DAYS))))
        sections.append(ExportSection(topic, tuple(items)))
    return ExportDoc(draw(SOME_TEXT), draw(MAYBE_TEXT), draw(MAYBE_TEXT), draw(st.dates()), tuple(sections),
                     draw(st.booleans()))


def _topic(topic: str) -> str:
    return "/".join(p for p in (clean(part, multiline=False) for part in topic.split("/")) if p)


def _rebuilt(parsed: ParsedList, doc: ExportDoc) -> ExportDoc:
    """The doc again from what was imported: one section per run of entries with the same section."""
    sections: list[ExportSection] = []
    for entry in parsed.entries:
        item = ExportItem(entry.title, entry.url, entry.description, status=entry.status, kind=entry.kind,
                          note=entry.note, added_on=entry.added_on, done_on=entry.done_on)
        if sections and sections[-1].topic == entry.section:
            sections[-1] = sections[-1]._replace(items=sections[-1].items + (item,))
        else:
            sections.append(ExportSection(entry.section, (item,)))
    return ExportDoc(parsed.title, parsed.curator, parsed.description, doc.exported, tuple(sections),
                     doc.with_progress)


@pytest.mark.slow  # full Hypothesis count
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(export_docs())
@example(ExportDoc("https://t.org", "exported 2020-01-01 · 1 resource in 1 topic", "Curated by x", DAY, (
    ExportSection("🧩/1. One/#", (ExportItem("https://a.org/x", "https://a.org/x", "- — :"),
                                  ExportItem(None, "https://b.org/(x)", "!"))),
    ExportSection("A/B/C/D/E/F/G", (ExportItem("\x1b[1m", "https://c.org", "\u200d"),)),
    ExportSection("🧩", (ExportItem("[x] t", "https://d.org/a\\b<c>", "x"),)),
), with_progress=True))
@example(ExportDoc("Notes", None, None, DAY, (
    ExportSection("A", (ExportItem("(studying)", "https://a.org", "*(book)* (done 2020-01-01)", status="studying",
                                   kind="book", note="- x\n\n\n| a |\n|---|\n  > q *(video)*", added_on=DAY),
                        ExportItem(None, "https://youtube.com/watch?v=1", "(skipped)", status="done", kind="video",
                                   note="# h\n===", added_on=DAY, done_on=DAY),
                        ExportItem("t", "https://b.org", None, status="skipped", kind="course",
                                   done_on=DAY))),), with_progress=False))
def test_export_then_import_gives_the_same_list_and_the_same_bytes(doc):
    text = render_markdown_list(doc)
    parsed = parse_markdown_list(text.encode("utf-8"), "x.md")
    assert (parsed.title, parsed.curator, parsed.description) == (
        clean(doc.title, multiline=False), clean(doc.curator, multiline=False),
        clean(doc.description, multiline=False))
    expected = [(item.url, clean(item.title, multiline=False), clean(item.description, multiline=False),
                 _topic(section.topic)) for section in doc.sections for item in section.items]
    assert [(e.url, e.title, e.description, e.section) for e in parsed.entries] == expected
    assert parsed.skipped == ()  # (our own table of contents is not reported)
    items = [item for section in doc.sections for item in section.items]
    progress = doc.with_progress
    assert [(e.status, e.kind, e.note, e.added_on, e.done_on) for e in parsed.entries] == [(
        item.state if progress else None,
        item.kind if progress or (item.kind and item.kind != guess_kind(item.url)) else None,
        note_as_written(item.note),
        item.added_on if progress else None,
        item.done_on if progress and item.state == "done" else None) for item in items]
    done = sum(item.state == "done" for item in items)
    assert text.count("\n- [x] [") == (done if progress else 0)
    assert text.count("\n- [ ] [") == (len(items) - done if progress else 0)
    assert render_markdown_list(_rebuilt(parsed, doc)) == text


# ------------------------------------------------------------------------------- real-world lists

def _corpus(name: str) -> ParsedList:
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is not there")
    return parse_markdown_list((CORPUS / name).read_bytes(), name)


@pytest.mark.parametrize("name", [
    "awesome-machine-learning__README.md", "awesome-deep-learning__README.md", "llm-course__README.md",
    "achinta-machine-learning__awesome-ml.md",
])
def test_every_real_list_imports_cleanly(name):
    parsed = _corpus(name)
    lines = (CORPUS / name).read_bytes().count(b"\n") + 1
    for entry in parsed.entries:
        assert entry.url.startswith(("http://", "https://"))
        assert normalise_url(entry.url) == entry.url
        for text in (entry.title, entry.description, entry.section):
            assert text is None or ("](" not in text and "\n" not in text and text == text.strip())
        assert not (entry.title or "").startswith(("[x]", "[ ]", "[X]"))
        assert entry.section is None or not any(part == "" for part in entry.section.split("/"))
        assert 1 <= entry.line <= lines
    assert len({entry.url for entry in parsed.entries}) == len(parsed.entries)
    assert [entry.line for entry in parsed.entries] == sorted(entry.line for entry in parsed.entries)
    assert all(skip.file == name and 1 <= skip.line <= lines and skip.reason for skip in parsed.skipped)


def test_awesome_machine_learning():
    parsed = _corpus("awesome-machine-learning__README.md")
    assert parsed.title == "Awesome Machine Learning"
    assert parsed.description == ("A curated list of awesome machine learning frameworks, libraries and software "
                                  "(by language). Inspired by awesome-php.")
    assert len(parsed.entries) >= 1100
    # "## Python" then "#### Computer Vision" (an H4 right under an H2), after an <a name> anchor.
    assert by_url(parsed, "https://github.com/lightly-ai/lightly-train") == ListEntry(
        "https://github.com/lightly-ai/lightly-train", "LightlyTrain",
        "Pretrain computer vision models on unlabeled data for industrial applications",
        "Python/Computer Vision", 1062)
    deprecated = by_url(parsed, "https://github.com/mattcunningham/naive-apl")
    assert deprecated.section == "APL/General-Purpose Machine Learning"
    assert deprecated.description == "Naive Bayesian Classifier implementation in APL. [Deprecated]"
    assert "Python/Data Analysis - Data Visualization" in {e.section for e in parsed.entries}
    sections = {e.section for e in parsed.entries}
    assert not any(s and (s.startswith("Table of Contents") or "Frameworks and Libraries" in s) for s in sections)
    toc = [skip.line for skip in parsed.skipped if skip.reason == SAME_FILE]
    assert len(toc) >= 130 and toc[:3] == [38, 39, 40]
    assert (1, BADGE) in reasons(parsed)


def test_awesome_deep_learning_bom_and_bad_numbering_do_not_matter():
    parsed = _corpus("awesome-deep-learning__README.md")
    assert parsed.title == "Awesome Deep Learning"
    assert len(parsed.entries) >= 550
    assert parsed.entries[0] == ListEntry(
        "http://www.deeplearningbook.org", "Deep Learning",
        "by Yoshua Bengio, Ian Goodfellow and Aaron Courville (05/07/2015)", "Books", 34)
    courses = [e for e in parsed.entries if e.section == "Courses"]
    assert len(courses) == 46  # numbered 1, 2, 3, 2, 3, ... 9, 10, ... 45: every item, in file order
    assert [e.line for e in courses] == list(range(61, 107))
    assert courses[3].title == "Neural Networks for Machine Learning"
    sections = {e.section for e in parsed.entries}
    assert {"Books", "Courses", "Papers", "Researchers", "Websites", "Datasets", "Frameworks"} <= sections
    assert not any(s and s.startswith(("Table of Contents", "Researchers/")) for s in sections)
    assert [skip.line for skip in parsed.skipped if skip.reason == SAME_FILE] == list(range(5, 30, 2))
    assert sum(skip.reason == "not an http(s) link (ftp)" for skip in parsed.skipped) >= 10


def test_llm_course_emoji_headings_tables_and_html():
    parsed = _corpus("llm-course__README.md")
    assert parsed.title is None  # no H1: callers use the file name
    assert len(parsed.entries) >= 130
    assert by_url(parsed, "https://www.youtube.com/watch?v=fNk_zzaMoSs&list=PLZHQObOWTQDPD3MizzM2xVFitgF8hE_ab") == \
        ListEntry("https://www.youtube.com/watch?v=fNk_zzaMoSs&list=PLZHQObOWTQDPD3MizzM2xVFitgF8hE_ab",
                  "3Blue1Brown - The Essence of Linear Algebra",
                  "Series of videos that give a geometric intuition to these concepts.",
                  "LLM Fundamentals/1. Mathematics for Machine Learning", 93)
    architecture = by_url(parsed, "https://www.youtube.com/watch?v=wjZofJX0v4M")  # under "## 🧑‍🔬 …" (ZWJ)
    assert architecture.section == "The LLM Scientist/1. The LLM Architecture"
    assert architecture.description == "by 3Blue1Brown: Visual introduction to Transformers for complete beginners."
    table_row = by_url(parsed, "https://mlabonne.github.io/blog/posts/2024-04-19_Fine_tune_Llama_3_with_ORPO.html")
    assert (table_row.title, table_row.description, table_row.section) == (
        "Fine-tune Llama 3 with ORPO", "Cheaper and faster fine-tuning in a single stage with ORPO.",
        "Notebooks/Fine-tuning")
    assert by_url(parsed, "https://twitter.com/maximelabonne").title == "Follow me on X"  # HTML banner
    sections = {e.section for e in parsed.entries if e.section}
    assert all(part[0].isalnum() for s in sections for part in s.split("/")), sections
    assert sum(skip.reason == BADGE for skip in parsed.skipped) >= 20  # "Open in Colab" image links


def test_personal_study_notes_with_bare_urls():
    parsed = _corpus("achinta-machine-learning__awesome-ml.md")
    assert parsed.title is None
    assert len(parsed.entries) == 25
    assert [e.section for e in parsed.entries if e.line < 10] == ["Linear Algebra"] * 2 + ["Sampling"] * 2
    assert by_url(parsed, "https://twiecki.io/blog/2015/11/10/mcmc-sampling") == ListEntry(
        "https://twiecki.io/blog/2015/11/10/mcmc-sampling", None, None, "Sampling", 6)
    nlp = [e for e in parsed.entries if e.section == "NLP"]
    assert [e.title for e in nlp[:3]] == [None, None, None]  # bullets indented by one space
    assert nlp[-1] == ListEntry("https://kazemnejad.com/blog/transformer_architecture_positional_encoding",
                                "Positional Encodings", None, "NLP", 20)
    rnn = parsed.entries[4]
    assert (rnn.title, rnn.description, rnn.line) == ("Fancy RNNS", "from CS224N 2019 from Stanford", 10)
    assert reasons(parsed) == [(10, NOT_FIRST)]
    assert sum(e.section == "MLOps" for e in parsed.entries) == 10  # across the prose line and the blank line


# ------------------------------------------------------- hand-written lists (tests/fixtures/lists, ours)

LISTS = Path(__file__).parent / "fixtures" / "lists"


def _hand_written(name: str) -> ParsedList:
    return parse_markdown_list((LISTS / name).read_bytes(), name)


def test_bold_titles_with_anchors_under_a_contents_heading_are_the_topics():
    """`__GPUs__ [#](#q9) <span id="a9"></span>` sections after "## Contents" (a list of `#aN` links)."""
    parsed = _hand_written("study-list-bold-anchors.md")
    assert (parsed.title, parsed.curator) == ("ML study list", None)
    assert parsed.description == ("What I am working through this year, roughly in order. Ask me before you start "
                                  "one of the courses.")
    assert [(e.line, e.section, e.url) for e in parsed.entries] == [
        (15, "LLMs", "https://www.youtube.com/watch?v=kCc8FmEb1nY"),
        (16, "LLMs", "https://github.com/mlabonne/llm-course"),
        (17, "LLMs", "https://huggingface.co/docs/transformers/main/en/chat_templating"),  # nested bullets
        (18, "LLMs", "https://tiktokenizer.vercel.app"),
        (22, "Deployment", "https://docs.vllm.ai/en/latest"),
        (23, "Deployment", "https://fullstackdeeplearning.com/course/2022/lecture-5-deployment"),
        (28, "Maths", "https://www.3blue1brown.com/topics/linear-algebra"),  # under a link-less bullet
        (29, "Maths", "https://web.stanford.edu/~boyd/vmls"),
        (30, "Maths", "https://mml-book.github.io"),
        (34, "GPUs", "https://horace.io/brrr_intro.html"),
        (35, "GPUs", "https://siboehm.com/articles/22/CUDA-MMM"),
    ]
    assert by_url(parsed, "https://github.com/mlabonne/llm-course")[:3] == (
        "https://github.com/mlabonne/llm-course", "LLM Course", "roadmaps and notebooks")
    # The contents and the closing "back to top" are reported; the anchors of the section titles are not.
    assert reasons(parsed) == [(8, SAME_FILE), (9, SAME_FILE), (10, SAME_FILE), (11, SAME_FILE), (37, SAME_FILE)]


def test_back_to_top_links_and_html_anchors_around_bold_titles():
    """`**Numpy** [↑](#top)`, `**Transformers** [↑ back to top](#top)`, `<a name="numpy"></a>**Numpy**`,
    after a numbered "## Table of Contents"; a title whose first link is on the next line."""
    parsed = _hand_written("awesome-back-to-top.md")
    assert (parsed.title, parsed.description) == ("Awesome learning path", "A list my mentor and I both keep up to date.")
    assert [(e.line, e.section, e.title) for e in parsed.entries] == [
        (13, "Numpy", "From Python to Numpy"),
        (14, "Numpy", "100 numpy exercises"),
        (18, "Transformers", "The Illustrated Transformer"),
        (19, "Transformers", "The Annotated Transformer"),  # a nested bullet
        (20, "Transformers", "Attention Is All You Need"),
        (23, "Management", "The Manager's Path"),  # "**Management** [↑](#top)" and the link on the next line
    ]
    assert by_url(parsed, "https://www.oreilly.com/library/view/the-managers-path/9781491973882").description == \
        "Camille Fournier"
    assert reasons(parsed) == [(1, BADGE), (7, SAME_FILE), (8, SAME_FILE), (9, SAME_FILE)]


def test_html_anchors_in_bold_titles_and_a_contents_list_without_a_heading():
    parsed = _hand_written("html-anchor-titles.md")
    assert parsed.title == "Reading for the GPU team"
    assert [(e.line, e.section, e.title) for e in parsed.entries] == [
        (9, "GPUs", "GPU Gems 3"),  # <a name="gpus"></a>**GPUs**
        (12, "Kernels", "Triton tutorials"),  # - **<span id="kernels"></span>Kernels:**, nested bullets
        (13, "Kernels", "CUDA C++ Programming Guide"),
        (17, "Papers", "FlashAttention"),  # **Papers** <a href="#top">↑ top</a>
        (18, "Papers", "FlashAttention-2"),
    ]
    assert reasons(parsed) == [(3, SAME_FILE), (4, SAME_FILE), (5, SAME_FILE)]


def test_a_table_of_contents_heading_is_never_the_parent_of_bold_sections():
    parsed = parse("# L\n\n## Table of Contents\n\n- [A](#a)\n- [B](#b)\n\n**A** [↑](#top)\n\n- [a](https://a.org)\n\n"
                   "**B** <a name=\"b\"></a>\n\n- [b](https://b.org)\n\n## Real\n\n**C**\n\n- [c](https://c.org)\n")
    assert [e.section for e in parsed.entries] == ["A", "B", "Real/C"]
    # a heading whose list mixes web links and anchors is no table of contents
    mixed = parse("## Tools\n\n- [x](#x)\n- [y](https://y.org)\n\n**Sub**\n\n- [z](https://z.org)\n")
    assert [e.section for e in mixed.entries] == ["Tools", "Tools/Sub"]


def test_a_bold_title_with_a_web_link_or_other_html_is_not_a_title():
    parsed = parse("## S\n\n**GPUs** [site](https://gpu.org)\n\n- [a](https://a.org)\n\n**X** <img src=\"i.png\">\n\n"
                   "- [b](https://b.org)\n\n- **[Books](#books)**\n\n- [c](https://c.org)\n")
    assert [e.section for e in parsed.entries] == ["S", "S", "S", "S"]


def test_progress_markers_words_kinds_days_and_notes_are_read():
    parsed = parse("# L\n\n## T\n\n- [x] [a](https://a.org) — desc *(book · added 2026-01-02 · done 2026-02-03)*\n"
                   "  > first line\n  > second\n  >\n  > next paragraph\n"
                   "- [ ] [b](https://b.org) *(studying · added 2026-01-02 · done 2026-02-03)*\n"
                   "- [c](https://c.org) *(skipped)*\n- [d](https://d.org) — free *(as in beer)*\n"
                   "- [e](https://e.org) *(book · book)*\n- [f](https://f.org) *(added 2026-02-30)*\n"
                   "- [ ] [g](https://g.org)\n  > see [h](https://h.org)\n")
    got = [(e.url[8:9], e.description, e.status, e.kind, e.note, e.added_on, e.done_on) for e in parsed.entries]
    assert got == [
        ("a", "desc", "done", "book", "first line\nsecond\n\nnext paragraph", date(2026, 1, 2), date(2026, 2, 3)),
        ("b", None, "studying", None, None, date(2026, 1, 2), None),  # a done day for an item not done: dropped
        ("c", None, "skipped", None, None, None, None),
        ("d", "free (as in beer)", None, None, None, None, None),  # not our form: ordinary text
        ("e", "(book · book)", None, None, None, None, None),
        ("f", "(added 2026-02-30)", None, None, None, None, None),
        ("g", None, "new", None, None, None, None),
        ("h", None, None, None, None, None, None),  # a quote holding a link is no note: its link is read
    ]
