"""studylog cohort: several people's progress exports of one list, item by person (issue 14, point 7).

The fixtures in tests/fixtures/cohort/ were written by the real `res export --with-progress` (README.md
there says how); every number below was counted by hand from those files, on 24 Nov 2026.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from studylog.api import cohort as api
from studylog.io.cohort_markdown import cohort_markdown
from studylog.io.markdown_list import ListEntry
from studylog.reports.cohort import PersonList, cell, cohort

FIXTURES = Path(__file__).parent / "fixtures" / "cohort"
TODAY = date(2026, 11, 24)
PEOPLE = [str(FIXTURES / f"{name}.md") for name in ("ada", "bob", "cy")]

TABLE = """\
Deep learning study list · 3 people · 6 items · 24 Nov 2026 · stalled: studying for more than 14 days

Topic         Item                                 ada       bob       cy
Transformers  Attention Is All You Need            done      done      new
              nanoGPT                              stalled   new       done
              The Illustrated Transformer          done      studying  new
              Neural Networks: Zero to Hero        studying  —         —
GPUs          Making Deep Learning Go Brrrr        skipped   new       stalled
              Pipes | *stars* `ticks` <b>html</b>  new       —         stalled

Person  Done  Studying  Stalled  Skipped  New  Items
ada        2         1        1        1    1      6
bob        1         1        0        0    2      4
cy         1         0        2        0    2      5
"""

MARKDOWN = """\
# Cohort: Deep learning study list

3 people · 6 items · 24 Nov 2026 · stalled: studying for more than 14 days.

## Transformers

| Item | ada | bob | cy |
| --- | --- | --- | --- |
| [Attention Is All You Need](https://arxiv.org/abs/1706.03762) | done | done | new |
| [nanoGPT](https://github.com/karpathy/nanoGPT) | stalled | new | done |
| [The Illustrated Transformer](https://jalammar.github.io/illustrated-transformer) | done | studying | new |
| [Neural Networks: Zero to Hero](https://karpathy.ai/zero-to-hero.html) | studying | — | — |

## GPUs

| Item | ada | bob | cy |
| --- | --- | --- | --- |
| [Making Deep Learning Go Brrrr](https://horace.io/brrr_intro.html) | skipped | new | stalled |
| [Pipes \\| \\*stars\\* \\`ticks\\` \\<b\\>html\\</b\\>](https://example.org/specials) | new | — | stalled |

## Totals

| Person | Done | Studying | Stalled | Skipped | New | Items |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
| ada | 2 | 1 | 1 | 1 | 1 | 6 |
| bob | 1 | 1 | 0 | 0 | 2 | 4 |
| cy | 1 | 0 | 2 | 0 | 2 | 5 |
"""


def _entry(url: str, status: str | None, added: date | None = None, *, title: str | None = "T",
           topic: str | None = "A") -> ListEntry:
    return ListEntry(url=url, title=title, description=None, section=topic, line=1, status=status,
                     added_on=added)


# ------------------------------------------------------------------------------------------- the shell

def test_the_three_exports_as_a_table_counted_by_hand(cli):
    """Rows in the list's order (ada's sixth item joins its topic), one column per file stem, "—" for an
    item missing from a file (bob deleted one, only ada has another), stalled from the export's days (bob's
    item added exactly 14 days ago is still studying), totals of each person's own items."""
    result = cli("cohort", *PEOPLE)
    assert result.status == 0, result.err
    assert result.out == TABLE
    assert result.err == ""


def test_o_writes_the_markdown_and_force_replaces_it(cli, tmp_path):
    target = tmp_path / "cohort.md"
    written = cli("cohort", *PEOPLE, "-o", str(target))
    assert written.status == 0, written.err
    assert written.out == f"Wrote the cohort of 3 people to {target}\n"
    assert target.read_text(encoding="utf-8") == MARKDOWN
    target.write_text("mine", encoding="utf-8")
    refused = cli("cohort", *PEOPLE, "-o", str(target))
    assert refused.status == 2 and refused.err.count("\n") == 1 and "--force" in refused.err
    assert target.read_text(encoding="utf-8") == "mine"
    assert cli("cohort", *PEOPLE, "-o", str(target), "--force").status == 0
    assert target.read_text(encoding="utf-8") == MARKDOWN
    assert not [p for p in tmp_path.iterdir() if p.name != "cohort.md"]  # (no temporary file left behind)
    folder = tmp_path / "out"
    folder.mkdir()
    assert cli("cohort", *PEOPLE, "-o", str(folder)).status == 0
    assert (folder / "cohort.md").read_text(encoding="utf-8") == MARKDOWN


def test_json_gives_the_data(cli):
    result = cli("cohort", "--json", *PEOPLE)
    assert result.status == 0, result.err
    data = json.loads(result.out)
    assert data["today"] == "2026-11-24" and data["stalled_after"] == 14 and data["shared"] == 5
    assert [(p["name"], p["done"], p["studying"], p["stalled"], p["items"]) for p in data["people"]] == [
        ("ada", 2, 1, 1, 6), ("bob", 1, 1, 0, 4), ("cy", 1, 0, 2, 5)]
    hero = next(r for r in data["rows"] if r["url"] == "https://karpathy.ai/zero-to-hero.html")
    assert hero["cells"] == ["studying", None, None] and hero["topic"] == "Transformers"
    assert [r["title"] for r in data["rows"]][-1] == "Pipes | *stars* `ticks` <b>html</b>"


def test_a_bad_file_among_good_ones_is_one_line_and_the_others_are_read(cli, tmp_path, monkeypatch):
    from studylog.io.common import SIZE_LIMITS, Limit

    (tmp_path / "binary.md").write_bytes(b"\x00\x01\x02 not text" * 20)
    (tmp_path / "notes.md").write_text("# Notes\n\nNo links at all.\n", encoding="utf-8")
    big = tmp_path / "big.md"
    shutil.copy(PEOPLE[0], big)
    monkeypatch.setitem(SIZE_LIMITS, "markdown", Limit(SIZE_LIMITS["markdown"].what, os.path.getsize(PEOPLE[1]) + 1))
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    bad = [tmp_path / "binary.md", tmp_path / "notes.md", big, fifo, tmp_path / "missing.md",
           FIXTURES / "list.md", tmp_path]
    result = cli("cohort", PEOPLE[1], *map(str, bad[:-1]))
    assert result.status == 0, result.err
    lines = result.err.splitlines()
    assert len(lines) == 6 and all(line.startswith("studylog: skipped ") for line in lines)
    for word, why in zip(("binary.md", "notes.md", "big.md", "pipe.md", "missing.md", "list.md"),
                         ("binary", "no web links", "--max-size", "named pipe", "no such file", "no progress marks"),
                         strict=True):
        assert any(word in line and why in line for line in lines), (word, lines)
    assert result.out.splitlines()[0].startswith("Deep learning study list · 1 person · 4 items")
    assert "bob        1         1        0        0    2      4" in result.out
    # --max-size reads the big one after all
    anyway = cli("cohort", PEOPLE[1], str(big), "--max-size", "1MB")
    assert anyway.status == 0 and anyway.err == ""
    assert "big        2         1        1        1    1      6" in anyway.out
    # none readable: one line, status 1
    nothing = cli("cohort", *map(str, bad[:3]))
    assert nothing.status == 1 and nothing.out == "" and nothing.err.count("\n") == 1
    assert nothing.err.startswith("studylog: none of the 3 files could be read as a progress export: ")
    one = cli("cohort", str(fifo))
    assert one.status == 1 and one.err == f"studylog: {fifo} is a named pipe (FIFO), not a file\n"


def test_a_folder_stands_for_its_md_files_and_a_name_taken_twice_is_numbered(cli, tmp_path):
    folder = tmp_path / "cohort"
    folder.mkdir()
    for path in PEOPLE:
        shutil.copy(path, folder)
    (folder / "ignored.txt").write_text("not read", encoding="utf-8")
    result = cli("cohort", str(folder))
    assert result.status == 0, result.err
    assert result.out == TABLE
    twice = cli("cohort", PEOPLE[0], str(folder / "ada.md"), "--json")
    assert [p["name"] for p in json.loads(twice.out)["people"]] == ["ada", "ada (2)"]
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = cli("cohort", str(empty))
    assert nothing.status == 1 and nothing.err == f"studylog: the folder {empty} holds no .md files\n"


def test_files_sharing_no_items_still_make_a_table_with_a_warning(cli, tmp_path):
    other = tmp_path / "dan.md"
    other.write_text("# Another list\n\n## Maths\n\n- [x] [Linear Algebra Done Right](https://linear.axler.net)"
                     " *(book · added 2026-09-01 · done 2026-10-01)*\n", encoding="utf-8")
    result = cli("cohort", PEOPLE[2], str(other))
    assert result.status == 0
    assert result.err == ("studylog: warning: the files share no items: are they progress exports of the same "
                          "list?\n")
    assert "Maths         Linear Algebra Done Right            —        done" in result.out
    built = api.cohort([Path(PEOPLE[2]), other], TODAY)
    assert built.unrelated and "> Warning: the files share no items" in cohort_markdown(built)
    assert not api.cohort([Path(PEOPLE[2])], TODAY).unrelated  # (one file shares nothing, and that is fine)


def test_no_files_is_a_usage_error(cli):
    result = cli("cohort")
    assert result.status == 2 and result.err.count("\n") == 1


# ------------------------------------------------------------------------------------------- the report

def test_stalled_is_studying_for_more_than_14_days_from_the_days_in_the_export():
    assert cell(_entry("u", "studying", date(2026, 11, 10)), TODAY) == "studying"  # 14 days
    assert cell(_entry("u", "studying", date(2026, 11, 9)), TODAY) == "stalled"   # 15 days
    assert cell(_entry("u", "studying", None), TODAY) == "studying"                # no day said
    assert cell(_entry("u", "done", date(2026, 1, 1)), TODAY) == "done"
    assert cell(_entry("u", "skipped", date(2026, 1, 1)), TODAY) == "skipped"
    assert cell(_entry("u", None), TODAY) == "new"
    # today is an input: the same export, a week earlier, has nothing stalled
    built = api.cohort([Path(p) for p in PEOPLE], date(2026, 9, 10))
    assert [p.stalled for p in built.people] == [0, 0, 0]


def test_rows_are_the_union_in_the_lists_order_grouped_by_topic():
    one = PersonList("one", "one.md", "List", (_entry("a", "done", topic="X"), _entry("b", "new", topic="Y", title=None)))
    two = PersonList("two", "two.md", None, (_entry("c", "new", topic="Z"), _entry("b", "studying", topic="Y",
                                                                                   title="Bee"),
                                             _entry("d", "done", topic="X")))
    built = cohort([one, two], TODAY)
    assert [(r.url, r.topic, r.title, r.cells) for r in built.rows] == [
        ("a", "X", "T", ("done", None)), ("d", "X", "T", (None, "done")),
        ("b", "Y", "Bee", ("new", "studying")), ("c", "Z", "T", (None, "new"))]
    assert built.title == "List" and built.shared == 1 and not built.unrelated
    assert [(p.items, p.done, p.new, p.studying) for p in built.people] == [(2, 1, 1, 0), (3, 1, 1, 1)]


# ------------------------------------------------------------------------------------------- user text

HOSTILE = ["a | b", "**bold** _it_ `code`", "<script>alert(1)</script>", "&amp; &#42; ~~gone~~",
           "[link](https://evil.example) ![img](x.png)", "# heading \\ back"]


def test_user_text_with_markdown_specials_reads_as_written(tmp_path):
    """Titles, topics and people's names full of Markdown are cells of the table, never markup: each row
    of the rendered Markdown has as many cells as the header, and each cell's text is the title itself."""
    entries = tuple(_entry(f"https://example.org/{n}", "new", title=title, topic="Pipes | & <b>")
                    for n, title in enumerate(HOSTILE))
    built = cohort([PersonList("x|*y*`", "x.md", "<i>List</i> | `1`", entries)], TODAY)
    md = cohort_markdown(built)
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    inline = [t for t in tokens if t.type == "inline"]
    assert inline[0].content == "Cohort: \\<i\\>List\\</i\\> \\| \\`1\\`"
    cells = [t for t in tokens if t.type in ("th_open", "td_open")]
    assert len(cells) == 2 * (1 + len(HOSTILE)) + 7 * 2  # two columns per item row, the totals table
    texts = []
    for token in inline:
        children = token.children or []
        for i, child in enumerate(children):
            if child.type == "link_open":
                end = next(j for j in range(i, len(children)) if children[j].type == "link_close")
                texts.append("".join(c.content for c in children[i + 1:end]))
                assert child.attrs["href"].startswith("https://example.org/")
    assert len(texts) == len(HOSTILE)
    for title, shown in zip(HOSTILE, texts, strict=True):
        assert shown == " ".join(title.split())
    heading = next(t for t in inline if t.content.startswith("Pipes"))
    assert "".join(c.content for c in heading.children if c.type == "text") == "Pipes | & <b>"
    header = [t for t in inline if "x" in t.content and "y" in t.content][0]
    assert "".join(c.content for c in header.children if c.type == "text") == "x|*y*`"


# ---------------------------------------------------------------------------------------------- the app

async def test_the_palette_command_opens_the_cohort_in_a_dialog(tmp_path):
    from test_tui import make_app, settle
    from textual.widgets import Markdown

    from studylog.tui.dialogs.cohort import CohortDialog

    folder = tmp_path / "my cohort"  # (a space: typed quoted)
    folder.mkdir()
    for path in PEOPLE:
        shutil.copy(path, folder)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        command = next(c for c in app.get_system_commands(app.screen)
                       if c.title == "Cohort: compare progress exports")
        command.callback()
        await pilot.pause()
        field = app.screen.query_one("#prompt-input")
        field.value = str(tmp_path / "nope.md")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "PromptDialog"  # (said under the field, asked again)
        field.value = f"'{folder}'"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CohortDialog)
        shown = app.screen.query_one(Markdown).source
        assert shown == MARKDOWN
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CohortDialog)


@pytest.mark.parametrize("typed", ["", "'open quote"])
async def test_the_palette_prompt_refuses_what_is_not_paths(tmp_path, typed):
    from test_tui import make_app, settle

    app = make_app(tmp_path, seeded=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_cohort()
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = typed
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "PromptDialog" and app.is_running


async def test_in_the_app_files_that_cannot_be_read_are_one_notification_and_no_dialog(tmp_path):
    from test_tui import make_app, settle

    from studylog.tui.dialogs.cohort import CohortDialog

    app = make_app(tmp_path, seeded=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_cohort()
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = str(FIXTURES / "list.md")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, CohortDialog) and app.is_running
        said = [str(n.message) for n in app._notifications]
        assert any("list.md has no progress marks" in m for m in said), said
        # one good file among bad ones: the dialog, and a warning that points at the files left out
        app.action_cohort()
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = f"{FIXTURES / 'list.md'} {PEOPLE[0]}"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CohortDialog)
        assert "## Files left out" in app.screen.markdown
        assert any("1 file left out" in str(n.message) for n in app._notifications)
