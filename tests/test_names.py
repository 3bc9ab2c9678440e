"""The shell names records as people do (issue 14, point 6): an id, or a unique case-insensitive part of a
title; a part several records share lists them and changes nothing. Resources (res done|studying|skip|new,
edit, delete, open), goals (goal edit, goal archive [--undo]) and reading (read start|finish|abandon)."""

from __future__ import annotations

import json
import sqlite3

import pytest

NANO = 'resource #1: "nanoGPT" <https://github.com/karpathy/nanoGPT> in Deep Learning/Transformers · repo'
MIN = 'resource #2: "minGPT" <https://github.com/karpathy/minGPT> · repo'
ATTENTION = 'resource #3: "Attention Is All You Need" <https://arxiv.org/abs/1706.03762> · paper'


@pytest.fixture
def links(cli):
    """Three resources, all new."""
    for args in (("https://github.com/karpathy/nanoGPT", "--title", "nanoGPT", "--topic", "Deep Learning/Transformers"),
                 ("https://github.com/karpathy/minGPT", "--title", "minGPT"),
                 ("https://arxiv.org/abs/1706.03762", "--title", "Attention Is All You Need")):
        assert cli("res", "add", *args).status == 0
    return cli


def _statuses(cli) -> dict[int, str]:
    result = cli("res", "list", "--json", "--limit", "0")
    assert result.status == 0
    return {r["id"]: r["status"] for r in json.loads(result.out)}


def said(result) -> tuple[int, str, str]:
    """What a person sees: the exit status, stdout and stderr."""
    return result.status, result.out, result.err


def _database():
    from studylog.paths import Locations

    return sqlite3.connect(Locations.resolve(None).db)


# ------------------------------------------------------------------------------------------- resources

def test_a_resource_is_marked_by_a_part_of_its_title_in_any_case(links):
    cli = links
    assert cli("res", "done", "NANOgpt").out == f"Marked {NANO} · done\n"
    assert cli("res", "studying", "attention is").out == f"Marked {ATTENTION} · studying\n"
    assert cli("res", "skip", "2").out == f"Marked {MIN} · skipped\n"
    assert cli("res", "new", "https://github.com/karpathy/minGPT").out == f"Marked {MIN} · new\n"  # its link
    assert _statuses(cli) == {1: "done", 2: "new", 3: "studying"}


def test_a_whole_title_wins_over_the_titles_it_is_a_part_of(links):
    cli = links
    assert cli("res", "add", "https://example.org/course", "--title", "nanoGPT course").status == 0
    assert cli("res", "done", "nanogpt").out == f"Marked {NANO} · done\n"
    assert _statuses(cli)[4] == "new"


def test_an_ambiguous_part_lists_the_matches_and_changes_nothing(links):
    cli = links
    result = cli("res", "done", "gpt")
    assert result.status == 1
    assert result.out == f"  {NANO} · new\n  {MIN} · new\n"
    assert result.err == ("studylog: 2 resources match 'gpt'; use an id; nothing was changed "
                          "(the matches are listed above)\n")
    assert _statuses(cli) == {1: "new", 2: "new", 3: "new"}


def test_an_unknown_name_or_id_is_one_line(links):
    cli = links
    assert said(cli("res", "studying", "Deep Work")) == (1, "", "studylog: no resource with a title like 'Deep Work'\n")
    assert said(cli("res", "done", "99")) == (1, "", "studylog: no resource with id 99\n")
    assert said(cli("res", "done", "   ")) == (1, "", "studylog: give an id or a part of the title\n")
    assert _statuses(cli) == {1: "new", 2: "new", 3: "new"}


def test_several_names_are_all_found_before_anything_is_marked(links):
    cli = links
    result = cli("res", "done", "3", "nano", "1")  # (the same resource twice is marked once)
    assert said(result) == (0, f"Marked {ATTENTION} · done\nMarked {NANO} · done\n", "")
    assert _statuses(cli) == {1: "done", 2: "new", 3: "done"}


@pytest.mark.parametrize("refs, err", [
    (("2", "no such link", "3"), "studylog: no resource with a title like 'no such link'; nothing was changed\n"),
    (("2", "3", "404"), "studylog: no resource with id 404; nothing was changed\n"),
])
def test_one_unknown_name_among_several_changes_nothing(links, refs, err):
    cli = links
    assert said(cli("res", "studying", *refs)) == (1, "", err)
    assert _statuses(cli) == {1: "new", 2: "new", 3: "new"}


def test_one_ambiguous_name_among_several_changes_nothing(links):
    cli = links
    result = cli("res", "done", "attention", "GPT")
    assert result.status == 1
    assert result.out == f"  {NANO} · new\n  {MIN} · new\n"
    assert result.err.startswith("studylog: 2 resources match 'GPT'; use an id; nothing was changed")
    assert _statuses(cli) == {1: "new", 2: "new", 3: "new"}


def test_marking_as_json(links):
    result = links("res", "done", "min", "--json")
    assert result.status == 0
    assert [(r["id"], r["status"], r["done"]) for r in json.loads(result.out)] == [(2, "done", "2026-11-24")]


def test_edit_a_resource_by_name(links):
    cli = links
    result = cli("res", "edit", "attention", "--note", "Read section 3 twice", "--topic", "Deep Learning/Transformers",
                 "--kind", "paper")
    assert said(result) == (0, 'Updated resource #3: "Attention Is All You Need" <https://arxiv.org/abs/1706.03762> in '
                         "Deep Learning/Transformers · paper · new (changed: topic, note)\n", "")
    stored = {r["id"]: (r["note"], r["topic"]) for r in json.loads(cli("res", "list", "--json").out)}
    assert stored == {1: (None, "Deep Learning/Transformers"), 2: (None, None),
                      3: ("Read section 3 twice", "Deep Learning/Transformers")}
    renamed = cli("res", "edit", "2", "--title", "minGPT (the older one)", "--url", "https://github.com/karpathy/minGPT/")
    assert renamed.out == ('Updated resource #2: "minGPT (the older one)" <https://github.com/karpathy/minGPT> · repo'
                           " · new (changed: title)\n")  # (the same link written with a slash)
    assert cli("res", "edit", "older", "--title", "").out.startswith("Updated resource #2: <https://github.com/")


def test_edit_refuses_nothing_to_change_a_bad_link_and_a_taken_link_storing_nothing(links):
    cli = links
    assert said(cli("res", "edit", "nano")) == (2, "", "studylog: nothing to change: give at least one of --title, "
                                                  "--topic, --kind, --description, --note, --url\n")
    assert said(cli("res", "edit", "nano", "--url", "ftp://example.org/x")) == (
        2, "", "studylog: not an http(s) link: 'ftp://example.org/x'\n")
    assert said(cli("res", "edit", "nano", "--url", " ")) == (2, "", "studylog: a resource needs a link: give --url "
                                                              "https://...\n")
    assert said(cli("res", "edit", "nano", "--url", "https://github.com/karpathy/minGPT")) == (
        2, "", "studylog: https://github.com/karpathy/minGPT is already resource #2\n")
    ambiguous = cli("res", "edit", "gpt", "--note", "x")
    assert ambiguous.status == 1 and ambiguous.out == f"  {NANO} · new\n  {MIN} · new\n"
    assert [r["note"] for r in json.loads(cli("res", "list", "--json").out)] == [None, None, None]
    assert json.loads(cli("res", "list", "--json").out)[0]["url"] == "https://github.com/karpathy/nanoGPT"


def test_delete_a_resource_by_name_asks_first(links):
    cli = links
    kept = cli("res", "delete", "attention", stdin="n\n")
    assert said(kept) == (0, f"Delete {ATTENTION} · new? [y/N] Nothing deleted.\n", "")
    assert sorted(_statuses(cli)) == [1, 2, 3]
    gone = cli("res", "delete", "attention", stdin="y\n")
    assert gone.out == f"Delete {ATTENTION} · new? [y/N] Deleted {ATTENTION} · new\n"
    assert sorted(_statuses(cli)) == [1, 2]
    assert cli("res", "delete", "min", "--yes").out == f"Deleted {MIN} · new\n"
    assert sorted(_statuses(cli)) == [1]


def test_delete_refuses_an_ambiguous_or_unknown_name(links):
    cli = links
    ambiguous = cli("res", "delete", "gpt", "--yes")
    assert ambiguous.status == 1 and ambiguous.out == f"  {NANO} · new\n  {MIN} · new\n"
    assert said(cli("res", "delete", "Deep Work", "--yes")) == (1, "", "studylog: no resource with a title like "
                                                                 "'Deep Work'\n")
    assert sorted(_statuses(cli)) == [1, 2, 3]


def test_open_a_resource_in_the_browser(links, monkeypatch):
    import webbrowser

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    assert said(links("res", "open", "attention")) == (0, "Opened https://arxiv.org/abs/1706.03762\n", "")
    assert opened == ["https://arxiv.org/abs/1706.03762"]
    assert links("res", "open", "gpt").status == 1 and opened == ["https://arxiv.org/abs/1706.03762"]


def test_open_says_so_when_there_is_no_browser(links, monkeypatch):
    import webbrowser

    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: False)
    assert said(links("res", "open", "nano")) == (  # (not "Opening ..." first: newcomer)
        1, "", "studylog: no web browser found to open https://github.com/karpathy/nanoGPT; copy the link instead\n")

    def broken(url: str, *a: object, **k: object) -> bool:
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "open", broken)
    assert links("res", "open", "nano").status == 1


@pytest.mark.parametrize("url, shown", [
    ("javascript:alert(1)", "javascript:alert(1)"),
    ("file:///etc/passwd", "file:///etc/passwd"),
    ("https://example.org/\x1b[31mred", "https://example.org/red"),
])
def test_open_refuses_a_link_that_is_not_a_clean_web_link(links, monkeypatch, url, shown):
    """Links are checked when stored, but a database written elsewhere may hold anything."""
    import webbrowser

    monkeypatch.setattr(webbrowser, "open", lambda *a, **k: pytest.fail("opened"))
    with _database() as db:
        db.execute("UPDATE resource SET url = ? WHERE id = 1", (url,))
    db.close()
    result = links("res", "open", "1")
    assert said(result) == (1, "", f"studylog: resource #1's link is not a web link, so it was not opened: {shown}\n")


def test_names_and_listed_matches_never_carry_escapes(links):
    with _database() as db:
        db.execute("UPDATE resource SET title = ? WHERE id = 2", ("min\x1b[2J\x1b]0;pwned\x07GPT",))
    db.close()
    result = links("res", "done", "gpt")
    assert result.status == 1 and "\x1b" not in result.out + result.err and "\x07" not in result.out
    assert '"minGPT"' in result.out


# ----------------------------------------------------------------------------------------------- goals

@pytest.fixture
def goals(cli):
    for phrase in ("run 20 km per week", "swim 3 times a week", "write every day"):
        assert cli("goal", "add", phrase).status == 0
    return cli


def test_a_goal_is_edited_and_archived_by_a_part_of_its_title(goals):
    cli = goals
    assert said(cli("goal", "edit", "SWIM", "--title", "Pool days")) == (0, "Updated goal #2: Pool days\n", "")
    assert said(cli("goal", "archive", "pool")) == (0, "Archived goal #2: Pool days\n", "")
    assert said(cli("goal", "archive", "--undo", "pool")) == (0, "Brought back goal #2: Pool days\n", "")
    assert cli("goal", "edit", "3", "--title", "Daily pages").out == "Updated goal #3: Daily pages\n"


def test_an_ambiguous_goal_lists_the_matches_and_changes_nothing(goals):
    cli = goals
    result = cli("goal", "edit", "w", "--title", "Renamed")  # (sWim, Write... and "per Week")
    assert said(result) == (1, "  goal #1: Run 20 km per week\n  goal #2: Swim 3 times a week\n  goal #3: Write every day\n",
                      "studylog: 3 active goals match 'w'; use an id; nothing was changed "
                      "(the matches are listed above)\n")
    archive = cli("goal", "archive", "week")
    assert archive.status == 1 and archive.out == "  goal #1: Run 20 km per week\n  goal #2: Swim 3 times a week\n"
    titles = [(g["goal"]["title"], g["goal"]["archived"]) for g in json.loads(cli("goal", "list", "--json").out)]
    assert titles == [("Run 20 km per week", False), ("Swim 3 times a week", False), ("Write every day", False)]


def test_names_find_active_goals_and_undo_finds_archived_ones(goals):
    cli = goals
    assert cli("goal", "archive", "run").status == 0
    assert said(cli("goal", "archive", "run")) == (1, "", "studylog: no active goal with a title like 'run'\n")
    assert said(cli("goal", "edit", "run", "--title", "x")) == (1, "", "studylog: no active goal with a title like 'run'\n")
    assert said(cli("goal", "archive", "--undo", "swim")) == (1, "", "studylog: no archived goal with a title like "
                                                               "'swim'\n")
    assert cli("goal", "add", "run 20 km per week").out.startswith("Stored goal #4: Run 20 km per week")
    # the same title twice, one archived: a name finds the active one; --undo the archived one
    assert cli("goal", "edit", "run 20", "--title", "Twenty a week").out == "Updated goal #4: Twenty a week\n"
    assert said(cli("goal", "archive", "--undo", "run 20")) == (  # (found: #1; refused: the same goal is active)
        2, "", "studylog: that goal is already there: #4 Twenty a week (edit or archive it instead)\n")
    assert cli("goal", "archive", "twenty").status == 0
    assert said(cli("goal", "archive", "--undo", "run 20")) == (0, "Brought back goal #1: Run 20 km per week\n", "")
    assert said(cli("goal", "archive", "99")) == (1, "", "studylog: no goal with id 99\n")


# --------------------------------------------------------------------------------------------- reading

def test_reading_items_are_named_the_same_way(cli):
    for title in ("Deep Work", "Deep Learning", "The Pragmatic Programmer"):
        assert cli("read", "add", title).status == 0
    assert cli("read", "start", "pragmatic").out == ('Updated book #3: "The Pragmatic Programmer" · reading · '
                                                     "started 2026-11-24\n")
    result = cli("read", "finish", "DEEP")
    assert said(result) == (1, '  book #1: "Deep Work" · to-read\n  book #2: "Deep Learning" · to-read\n',
                      "studylog: 2 items match 'DEEP'; use an id; nothing was changed (the matches are listed above)\n")
    assert cli("read", "finish", "deep work", "--rating", "4").out.startswith('Updated book #1: "Deep Work" · finished')
