"""A resource list that goes out and comes back (issue 14, point 4): `res export [--with-progress]`, then
`res import` into an empty database, then export again gives the same bytes; statuses, kinds, notes and
days come back; what happens to resources the importer already has."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from studylog.clock import FixedClock
from studylog.db.opening import open_database
from studylog.domain.values import NewResource
from studylog.io.markdown_list import (
    ExportDoc,
    ExportItem,
    ExportSection,
    parse_markdown_list,
    render_markdown_list,
)
from studylog.services import resources

TODAY = date(2026, 11, 24)
FIXTURES = Path(__file__).parent / "fixtures" / "lists"

# (url, title, topic, kind, description, note, status, added, done): every status, kinds the link does not
# give, notes of several paragraphs, Unicode, Markdown-special titles, topics several levels deep
ITEMS = [
    ("https://arxiv.org/abs/1706.03762", "Attention Is All You Need", "Deep Learning/Transformers", "paper",
     "the transformer paper", "Read twice.\nSection 3 is the core.\n\n- not a list | nor a table", "done",
     date(2026, 9, 1), date(2026, 10, 2)),
    ("https://github.com/karpathy/nanoGPT", "nanoGPT", "Deep Learning/Transformers", "repo", None, None, "studying",
     date(2026, 9, 1), None),
    ("https://example.com/cuda-course", "CUDA *course* [beta] `v2` <b>", "Hardware/GPUs/CUDA", "course",
     "free, 6 weeks — *(not a status)*", "# not a heading\n1. not a list", "skipped", date(2026, 9, 3), None),
    ("https://example.com/numpy", "From Python to Numpy", "Numpy", "book", None, "Chapter 4 first", "new",
     date(2026, 9, 3), None),
    ("https://example.com/über", "Über: Ideen (2024)! 🧩 中文", "Management/Ökonomie", "video", "“quoted” & <tags>",
     None, "done", date(2026, 11, 1), date(2026, 11, 20)),
    ("https://example.com/plain", None, None, "article", None, None, "new", date(2026, 11, 24), None),
    ("https://example.com/tool_x", "A_tool_with_underscores", "Deployment", "tool", "(studying)", None, "studying",
     date(2026, 10, 10), None),
]


def _fill(conn) -> None:
    clock = FixedClock(TODAY)
    for url, title, topic, kind, description, note, status, added, done in ITEMS:
        stored, _ = resources.add(conn, NewResource(url=url, title=title, topic=topic, kind=kind,
                                                    description=description, note=note),
                                  now=clock.now(), today=added)
        if status != "new":
            resources.set_status(conn, stored.id, status, now=clock.now(), today=done or added)


def _export(conn, *, with_progress: bool, lists: tuple[str, ...] = ()) -> str:
    return render_markdown_list(resources.export_doc(conn, list_names=lists, with_progress=with_progress,
                                                     today=TODAY))


def _import(conn, text: str, *, name: str = "Learning resources", take_progress: bool = False):
    clock = FixedClock(TODAY)
    parsed = parse_markdown_list(text.encode(), "shared.md")
    return resources.import_list(conn, parsed, file="shared.md", name=name, curator=None, now=clock.now(),
                                 today=TODAY, take_progress=take_progress)


def _fields(conn) -> list[tuple]:
    return sorted((r.url, r.title, r.topic, r.kind, r.description, r.note, r.status, r.added, r.done)
                  for r in resources.list_resources(conn))


@pytest.mark.parametrize("with_progress", [True, False], ids=["with-progress", "without-progress"])
def test_export_import_into_an_empty_database_export_gives_the_same_bytes(tmp_path, with_progress):
    """Both kinds of export, by topic and by list, with every status, kinds, notes, Unicode and markup."""
    clock = FixedClock(TODAY)
    first = open_database(tmp_path / "a.db", clock)
    _fill(first)
    exported = _export(first, with_progress=with_progress)
    mine = _fields(first)
    first.close()

    second = open_database(tmp_path / "b.db", clock)
    summary = _import(second, exported)
    assert (summary.added, summary.already, summary.skipped, summary.notes) == (len(ITEMS), 0, (), ())
    assert _export(second, with_progress=with_progress) == exported  # all resources, by topic
    assert _export(second, with_progress=with_progress, lists=("Learning resources",)) == exported  # the list
    theirs = _fields(second)
    second.close()

    # Titles, topics, kinds, descriptions and notes always come back; statuses and days with progress. (A
    # resource without a topic is written under "General", and that is its topic at the importer's.)
    mine = [(*row[:2], row[2] or "General", *row[3:]) for row in mine]
    assert [row[:6] for row in theirs] == [row[:6] for row in mine]
    if with_progress:
        assert theirs == mine
    else:
        assert {row[6] for row in theirs} == {"new"} and {row[7] for row in theirs} == {TODAY}

    # And once more, from the second database's export: still the same bytes.
    third = open_database(tmp_path / "c.db", clock)
    _import(third, exported)
    assert _export(third, with_progress=with_progress) == exported
    third.close()


def test_a_progress_export_writes_status_kind_days_and_note_in_a_readable_form(conn):
    _fill(conn)
    text = _export(conn, with_progress=True)
    assert ("- [x] [Attention Is All You Need](https://arxiv.org/abs/1706.03762) — the transformer paper "
            "*(paper · added 2026-09-01 · done 2026-10-02)*\n"
            "  > Read twice.\n  > Section 3 is the core.\n  >\n  > \\- not a list \\| nor a table\n") in text
    assert "- [ ] [nanoGPT](https://github.com/karpathy/nanoGPT) *(studying · repo · added 2026-09-01)*\n" in text
    assert ("- [ ] [CUDA \\*course\\* \\[beta\\] \\`v2\\` \\<b\\>](https://example.com/cuda-course) — free, 6 weeks "
            "— \\*(not a status)\\* *(skipped · course · added 2026-09-03)*\n"
            "  > \\# not a heading\n  > 1\\. not a list\n") in text
    assert "- [ ] [From Python to Numpy](https://example.com/numpy) *(book · added 2026-09-03)*\n  > Chapter 4 first\n" \
        in text
    # The table of contents is there for people, and is not reported as skipped links on import.
    assert "## Contents\n\n- [Deep Learning](#deep-learning)\n  - [Transformers](#transformers)\n" in text
    assert parse_markdown_list(text.encode(), "x.md").skipped == ()


def test_a_plain_export_writes_notes_and_only_kinds_the_link_would_not_give(conn):
    _fill(conn)
    text = _export(conn, with_progress=False)
    assert "- [nanoGPT](https://github.com/karpathy/nanoGPT)\n" in text  # a repo on GitHub: said by the link
    assert "- [From Python to Numpy](https://example.com/numpy) *(book)*\n  > Chapter 4 first\n" in text
    assert "[x]" not in text and "[ ]" not in text and "added" not in text and "studying ·" not in text


def test_the_four_item_example(conn):
    """The example in README's "Sharing a list with progress"."""
    doc = ExportDoc("Transformers, with Ada", "Ada", None, TODAY, (
        ExportSection("Deep Learning/Transformers", (
            ExportItem("Attention Is All You Need", "https://arxiv.org/abs/1706.03762", "the paper", status="done",
                       kind="paper", note="Section 3 is the core.", added_on=date(2026, 9, 1),
                       done_on=date(2026, 10, 2)),
            ExportItem("nanoGPT", "https://github.com/karpathy/nanoGPT", None, status="studying", kind="repo",
                       added_on=date(2026, 9, 1)),
        )),
        ExportSection("GPUs", (
            ExportItem("GPU MODE lectures", "https://example.com/gpu-mode", "CUDA from scratch", status="skipped",
                       kind="course", added_on=date(2026, 9, 3)),
            ExportItem("Programming Massively Parallel Processors", "https://example.com/pmpp", None, status="new",
                       kind="book", added_on=date(2026, 9, 3)),
        ))), with_progress=True)
    text = render_markdown_list(doc)
    assert text == """\
# Transformers, with Ada

Curated by Ada · exported 2026-11-24 · 4 resources in 2 topics

## Contents

- [Deep Learning](#deep-learning)
  - [Transformers](#transformers)
- [GPUs](#gpus)

## Deep Learning

### Transformers

- [x] [Attention Is All You Need](https://arxiv.org/abs/1706.03762) — the paper *(paper · added 2026-09-01 · done 2026-10-02)*
  > Section 3 is the core.
- [ ] [nanoGPT](https://github.com/karpathy/nanoGPT) *(studying · repo · added 2026-09-01)*

## GPUs

- [ ] [GPU MODE lectures](https://example.com/gpu-mode) — CUDA from scratch *(skipped · course · added 2026-09-03)*
- [ ] [Programming Massively Parallel Processors](https://example.com/pmpp) *(book · added 2026-09-03)*
"""
    entries = parse_markdown_list(text.encode(), "x.md").entries
    assert [(e.status, e.kind, e.note, e.added_on, e.done_on) for e in entries] == [
        ("done", "paper", "Section 3 is the core.", date(2026, 9, 1), date(2026, 10, 2)),
        ("studying", "repo", None, date(2026, 9, 1), None),
        ("skipped", "course", None, date(2026, 9, 3), None),
        ("new", "book", None, date(2026, 9, 3), None)]
    summary = _import(conn, text, name="Transformers, with Ada")
    assert summary.added == 4 and summary.skipped == ()
    assert render_markdown_list(resources.export_doc(conn, list_names=["Transformers, with Ada"],
                                                     with_progress=True, today=TODAY)) == text


# ------------------------------------------------------------------- resources the importer already has

JUNIOR = """\
# GPUs with Ada

Curated by Ada · exported 2026-11-20 · 3 resources in 1 topic

## Contents

- [GPUs](#gpus)

## GPUs

- [x] [Brrr](https://horace.io/brrr_intro.html) *(article · added 2026-10-01 · done 2026-11-02)*
- [ ] [CUDA guide](https://docs.nvidia.com/cuda/cuda-c-programming-guide) *(studying · article · added 2026-10-01)*
- [ ] [PMPP](https://example.com/pmpp) *(skipped · book · added 2026-10-01)*
"""


def _status(conn, url: str) -> tuple[str, date | None, str]:
    [r] = [r for r in resources.list_resources(conn) if r.url == url]
    return r.status, r.done, r.kind


def test_without_progress_a_resource_already_there_keeps_its_status_kind_and_note(conn):
    clock = FixedClock(TODAY)
    mine, _ = resources.add(conn, NewResource(url="https://horace.io/brrr_intro.html", kind="other", note="mine"),
                            now=clock.now(), today=TODAY)
    summary = _import(conn, JUNIOR, name="GPUs with Ada")  # a list new to me: its statuses are taken...
    assert (summary.added, summary.already, summary.updated) == (2, 1, 0)
    assert _status(conn, "https://horace.io/brrr_intro.html") == ("new", None, "other")  # ...but not for mine
    assert resources.get(conn, mine.id).note == "mine"
    assert _status(conn, "https://docs.nvidia.com/cuda/cuda-c-programming-guide") == ("studying", None, "article")
    assert _status(conn, "https://example.com/pmpp") == ("skipped", None, "book")
    assert [note.reason for note in summary.notes] == [
        "1 status in the file not taken: you had the list or the resource already, and keep your own "
        "(--progress takes the file's)"]
    # The same list again, now that I have it: nothing changes, not even a status I set since.
    resources.set_status(conn, 3, "done", now=clock.now(), today=TODAY)
    again = _import(conn, JUNIOR, name="GPUs with Ada")
    assert (again.added, again.already, again.updated) == (0, 3, 0)
    assert _status(conn, "https://example.com/pmpp") == ("done", TODAY, "book")
    assert "2 statuses in the file not taken" in again.notes[0].reason


def test_with_progress_the_file_s_statuses_and_done_days_overwrite_mine(conn):
    clock = FixedClock(TODAY)
    _import(conn, JUNIOR.replace("[x]", "[ ]"), name="GPUs with Ada")  # everything new or studying
    resources.set_status(conn, 2, "done", now=clock.now(), today=TODAY)
    summary = _import(conn, JUNIOR, name="GPUs with Ada", take_progress=True)
    assert (summary.added, summary.already, summary.updated, summary.notes) == (0, 3, 2, ())
    assert _status(conn, "https://horace.io/brrr_intro.html") == ("done", date(2026, 11, 2), "article")
    assert _status(conn, "https://docs.nvidia.com/cuda/cuda-c-programming-guide") == ("studying", None, "article")
    assert _status(conn, "https://example.com/pmpp") == ("skipped", None, "book")  # unchanged: not counted
    # A re-import of a list I have, without --progress, adds new items as new.
    more = JUNIOR + "- [x] [Triton](https://triton-lang.org) *(tool · added 2026-10-01 · done 2026-10-09)*\n"
    summary = _import(conn, more, name="GPUs with Ada")
    assert summary.added == 1 and _status(conn, "https://triton-lang.org") == ("new", None, "tool")


def test_days_after_today_are_not_taken_and_a_plain_list_adds_everything_new(conn):
    future = JUNIOR.replace("done 2026-11-02", "done 2027-01-01").replace("added 2026-10-01", "added 2030-01-01")
    _import(conn, future, name="GPUs with Ada")
    [brrr] = [r for r in resources.list_resources(conn) if r.url == "https://horace.io/brrr_intro.html"]
    assert (brrr.status, brrr.added, brrr.done) == ("done", TODAY, TODAY)
    plain = "# Plain\n\n- [a](https://a.org)\n- [b](https://b.org) - a description *(course)*\n"
    summary = _import(conn, plain, name="Plain")
    assert summary.added == 2 and summary.notes == ()
    assert _status(conn, "https://b.org") == ("new", None, "course")


# ----------------------------------------------------------------------------------------------- shell

def test_the_shell_round_trips_a_progress_export_and_reports_nothing_skipped(cli, tmp_path, home):
    for args in (("https://arxiv.org/abs/1706.03762", "--title", "Attention", "--topic", "Transformers",
                  "--note", "section 3"),
                 ("https://example.com/course", "--title", "A course", "--kind", "course", "--topic", "GPUs"),
                 ("https://example.com/book", "--title", "A book", "--kind", "book", "--topic", "GPUs")):
        assert cli("res", "add", *args).status == 0
    assert cli("res", "done", "1").status == 0 and cli("res", "studying", "2").status == 0
    assert cli("res", "skip", "3").status == 0
    first = tmp_path / "first.md"
    assert cli("res", "export", "--with-progress", "-o", str(first)).status == 0
    other = tmp_path / "other.db"
    imported = cli("--db", str(other), "res", "import", str(first))
    assert imported.status == 0 and "3 added, 0 already there, 0 skipped" in imported.out
    second = tmp_path / "second.md"
    assert cli("--db", str(other), "res", "export", "--with-progress", "-o", str(second)).status == 0
    assert second.read_bytes() == first.read_bytes()
    # --progress overwrites my own status with the file's.
    assert cli("--db", str(other), "res", "new", "1").status == 0
    kept = cli("--db", str(other), "res", "import", str(first))
    assert "1 status in the file not taken" in kept.out
    taken = cli("--db", str(other), "res", "import", "--progress", str(first))
    assert "0 added, 3 already there (1 updated), 0 skipped" in taken.out
    third = tmp_path / "third.md"
    assert cli("--db", str(other), "res", "export", "--with-progress", "-o", str(third)).status == 0
    assert third.read_bytes() == first.read_bytes()


# ------------------------------------------------------------------------ hand-written lists round trip

@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.md") if p.name != "README.md"))
def test_hand_written_lists_import_once_and_round_trip(tmp_path, name):
    clock = FixedClock(TODAY)
    parsed = parse_markdown_list((FIXTURES / name).read_bytes(), name)
    conn = open_database(tmp_path / "a.db", clock)
    first = resources.import_list(conn, parsed, file=name, name="list", curator=None, now=clock.now(), today=TODAY)
    assert first.added == len(parsed.entries)
    assert resources.import_list(conn, parsed, file=name, name="list", curator=None, now=clock.now(),
                                 today=TODAY).added == 0
    exported = _export(conn, with_progress=True, lists=("list",))
    conn.close()
    other = open_database(tmp_path / "b.db", clock)
    _import(other, exported, name="list")
    assert _export(other, with_progress=True, lists=("list",)) == exported
    other.close()
