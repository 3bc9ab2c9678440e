"""`studylog search QUERY [--kind K] [--limit N] [--json]`: the app's search from the shell (issue 14,
point 6). Hits counted by hand over a few records of each kind; odd queries never end in a traceback;
nothing stored reaches the terminal as an escape sequence."""

from __future__ import annotations

import io
import json
import re
import sqlite3
from contextlib import redirect_stderr, redirect_stdout

import pytest

ILLUSTRATED = ("resource #1 · 2026-11-24 · The Illustrated Transformer\n"
               "    best diagrams · Deep Learning/«Transformers»\n")
PAPER = "reading #1 · 2026-11-24 · Attention Is All You Need\n"
NOTES = "writing #1 · 2026-11-20 · Attention notes\n"


@pytest.fixture
def seeded(cli):
    """Two writing entries, a run, two reading items and a resource. By hand: "transformer" (a prefix)
    is in the resource (topic), the paper (tag) and the first entry (note); "attention" in the paper's
    and the entry's titles; "river" only in the run's note; "zebra" nowhere."""
    for args in (("log", "write", "Notes on the Transformer paper: attention everywhere", "--title", "Attention notes",
                  "--words", "400", "--date", "2026-11-20"),
                 ("log", "write", "A quiet day of gardening", "--words", "100"),
                 ("log", "run", "5k", "28:30", "--note", "easy run along the river"),
                 ("read", "add", "Attention Is All You Need", "--kind", "paper", "--tag", "transformers"),
                 ("read", "add", "Deep Work", "--author", "Cal Newport"),
                 ("res", "add", "https://jalammar.github.io/illustrated-transformer/", "--title",
                  "The Illustrated Transformer", "--topic", "Deep Learning/Transformers", "--note", "best diagrams")):
        assert cli(*args).status == 0, args
    return cli


def said(result) -> tuple[int, str, str]:
    return result.status, result.out, result.err


def test_every_kind_is_searched_best_first_with_the_words_marked(seeded):
    result = seeded("search", "transformer")
    assert said(result) == (0, ILLUSTRATED + PAPER + "    #«transformers»\n" + NOTES
                            + "    Notes on the «Transformer» paper: attention everywhere\n", "")


def test_a_title_that_is_the_whole_match_is_not_repeated_under_it(seeded):
    result = seeded("search", "attention")
    assert said(result) == (0, PAPER + NOTES + "    …on the Transformer paper: «attention» everywhere\n", "")


def test_all_the_words_must_match(seeded):
    assert seeded("search", "attention", "notes").out.count(" · ") == 2  # (one hit: the entry, "A · B · C")
    assert seeded("search", "attention", "notes").out.startswith(NOTES)
    assert seeded("search", "easy", "river").out == ("workout #1 · 2026-11-24 · run 5.0 km\n"
                                                     "    «easy» run along the «river» · run\n")


def test_kinds_keep_some_of_the_hits(seeded):
    assert seeded("search", "transformer", "--kind", "reading").out == PAPER + "    #«transformers»\n"
    both = seeded("search", "transformer", "--kind", "writing", "--kind", "resource").out
    assert both == ILLUSTRATED + NOTES + "    Notes on the «Transformer» paper: attention everywhere\n"
    assert seeded("search", "river", "--kind", "reading").out == 'No matches for "river" in reading.\n'
    refused = seeded("search", "x", "--kind", "habit")
    assert refused.status == 2 and refused.out == "" and refused.err.count("\n") == 1 and "invalid choice" in refused.err


def test_the_limit_says_when_there_are_more(seeded):
    one = seeded("search", "transformer", "--limit", "1")
    assert said(one) == (0, ILLUSTRATED + "First 1 match shown; use --limit N (0 for all) for more\n", "")
    two = seeded("search", "transformer", "--limit", "2").out
    assert two.endswith("First 2 matches shown; use --limit N (0 for all) for more\n") and two.count(" #") == 3
    assert seeded("search", "transformer", "--limit", "3").out.count("First") == 0  # (exactly three: no more)
    assert seeded("search", "transformer", "--limit", "0").out.count("\n") == 6  # all: three hits, two lines each
    assert seeded("search", "x", "--limit", "-1").status == 2


def test_no_matches_is_one_line(seeded):
    assert said(seeded("search", "zebra")) == (0, 'No matches for "zebra".\n', "")
    assert said(seeded("search", "Zebra", "crossing")) == (0, 'No matches for "Zebra crossing".\n', "")


def test_json_is_a_list_of_objects(seeded):
    result = seeded("search", "transformer", "--json")
    assert result.status == 0
    assert json.loads(result.out) == [
        {"kind": "resource", "id": 1, "date": "2026-11-24", "title": "The Illustrated Transformer",
         "snippet": "best diagrams · Deep Learning/«Transformers»"},
        {"kind": "reading", "id": 1, "date": "2026-11-24", "title": "Attention Is All You Need",
         "snippet": "#«transformers»"},
        {"kind": "writing", "id": 1, "date": "2026-11-20", "title": "Attention notes",
         "snippet": "Notes on the «Transformer» paper: attention everywhere"},
    ]
    assert json.loads(seeded("search", "zebra", "--json").out) == []


def test_the_words_found_are_bold_on_a_terminal(seeded, clock):
    from studylog.cli import main

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out, err = Terminal(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        assert main(["search", "river"], clock=clock) == 0
    assert out.getvalue() == ("workout #1 · 2026-11-24 · run 5.0 km\n"
                              "    easy run along the \x1b[1mriver\x1b[22m · run\x1b[0m\n")


@pytest.mark.parametrize("query", [
    "!!!", "*", '"', '"unbalanced', "AND", "OR NOT", "NEAR(a b)", "title:x", "a:b:c", "-", "^", "(", ")",
    "\x00", "a\x00b", "\x1b[31mred\x1b[0m", "\x07\x08\x7f", "\u202etxt.exe", "\ud800", "💡", "日本語",
    "x" * 100_000, "a " * 50_000, "%", "_", "\\", "'; DROP TABLE resource; --",
])
def test_odd_queries_never_end_in_a_traceback_or_an_escape(seeded, query):
    result = seeded("search", "--", query)
    assert result.status in (0, 2)
    assert "Traceback" not in result.err and result.err.count("\n") <= 1
    assert "\x1b" not in result.out + result.err and "\x00" not in result.out + result.err
    assert len(result.out) < 1000  # (the query is repeated cut short)
    assert seeded("search", "transformer").out.startswith(ILLUSTRATED)  # (and nothing was harmed)


@pytest.mark.parametrize("query", ["", "   ", "\x1b[2J", "\t\n"])
def test_a_query_without_anything_in_it_is_refused_in_one_line(seeded, query):
    assert said(seeded("search", query)) == (2, "", "studylog: give a word to look for, e.g. studylog search "
                                                    "transformers\n")


def test_stored_text_is_shown_without_escapes(seeded):
    """A database written elsewhere may hold escape sequences: the index finds them, the shell cleans them."""
    from studylog.paths import Locations

    db = sqlite3.connect(Locations.resolve(None).db)
    with db:
        db.execute("UPDATE writing_entry SET title = ?, note = ? WHERE id = 2",
                   ("\x1b]0;pwned\x07Garden\x1b[2J", "A quiet \x1b[31mday\x1b[0m of gardening\x9b1m"))
    db.close()
    result = seeded("search", "gardening")
    assert result.status == 0
    assert re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.out) is None
    assert result.out == ("writing #2 · 2026-11-24 · Garden\n"
                          "    A quiet day of «gardening»\n")  # (the 8-bit CSI "\x9b1m" gone whole)
