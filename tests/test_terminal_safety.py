"""Terminal safety at the door: links holding control characters are not resources (skipped with a reason,
never cleaned into another URL), and every name that comes with a resource list (the list, its curator,
the file it came from, skip reasons) is stored and printed without control characters."""

from __future__ import annotations

import json
import os
import re

import pytest

from studylog.io.markdown_list import CONTROL, parse_markdown_list
from studylog.io.urls import NotAWebLink, has_control_characters, is_web_url, normalise_url
from studylog.services import resources

# Each way a character could reach the terminal: C0 (BEL, NUL, DEL, a tab or line break inside), ESC
# sequences (OSC 0 sets the window title, OSC 52 writes the clipboard, CSI colours), the 8-bit CSI and
# NEL (C1), bidi overrides and isolates, zero-width characters and the byte-order mark.
HOSTILE = {
    "title": "\x1b]0;PWNED\x07", "clipboard": "\x1b]52;c;cm0gLXJmIH4K\x07", "colour": "\x1b[31m",
    "c1-csi": "\x9b31m", "nel": "\x85", "bel": "\x07", "nul": "\x00", "del": "\x7f", "tab": "\t",
    "newline": "\n", "bidi": "\u202e", "isolate": "\u2066", "zero-width": "\u200b", "bom": "\ufeff",
    "word-joiner": "\u2060",
}
# What must never reach a terminal (tabs and newlines are fine in printed text; not inside a link).
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
                    "\ufeff]")


def _safe(text: str) -> bool:
    return UNSAFE.search(text) is None


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_link_with_a_control_character_is_refused_never_cleaned_into_another(name):
    url = f"https://example.org/docs{HOSTILE[name]}page"
    assert has_control_characters(url)
    with pytest.raises(NotAWebLink) as refused:
        normalise_url(url)
    assert str(refused.value).startswith(CONTROL) and _safe(str(refused.value))
    assert not is_web_url(url)


def test_percent_encoded_controls_are_text_and_surrounding_blanks_are_not_part_of_a_link():
    assert normalise_url("https://example.org/a%1B%5D0%3Bx%07?body=line%0Aline") == \
        "https://example.org/a%1B%5D0%3Bx%07?body=line%0Aline"
    assert normalise_url("  https://example.org/x \n") == "https://example.org/x"
    assert not has_control_characters("https://example.org/with space/é/🧩/\u200d")


HOSTILE_LIST = """\
# Shared list

## Safe\x1b[31m topic\u202e

- [Ti\x07t\u202ele](https://ok.example/1) - de\u200bscription\x9b \x1b]0;PWNED\x07
- [title setter](<https://evil.example/a\x1b]0;PWNED\x07b>) - sets the window title
- https://evil.example/c\x1b]52;c;cm0gLXJmIH4K\x07d
- <a href="https://evil.example/\x1b[31mred">html</a>
- [bidi](<https://evil.example/\u202etxt.exe>)
- [zero width](<https://evil.example/a\u200bb>)
- [percent](https://ok.example/%1B%5D0)
"""


def test_markdown_links_with_control_characters_are_skipped_with_their_line_and_reason():
    parsed = parse_markdown_list(HOSTILE_LIST.encode(), "shared.md")
    assert [(e.url, e.title, e.description, e.section) for e in parsed.entries] == [
        ("https://ok.example/1", "Title", "description", "Safe topic"),
        ("https://ok.example/%1B%5D0", "percent", None, "Safe topic"),
    ]
    assert [(s.line, s.reason) for s in parsed.skipped] == [(line, CONTROL) for line in range(6, 11)]


def test_list_names_curators_origins_and_skip_files_are_stored_clean(conn, clock):
    parsed = parse_markdown_list(HOSTILE_LIST.encode(), "evil\x1b]0;T\x07.md")
    summary = resources.import_list(conn, parsed, file="evil\x1b]0;T\x07.md", name="L\x1b[2Jist\u202e",
                                    curator="\u2066Ada\x07", now=clock.now(), today=clock.today())
    assert summary.added == 2 and summary.file == "evil.md"
    assert {s.file for s in summary.skipped} == {"evil.md"}
    [info] = resources.lists(conn)
    assert (info.name, info.curator, info.origin) == ("List", "Ada", "evil.md")
    for table in ("resource", "resource_list", "resource_list_item"):
        for row in conn.execute(f"SELECT * FROM {table}"):
            assert all(_safe(value) for value in row if isinstance(value, str)), tuple(row)


def test_a_lists_own_curator_and_description_are_cleaned_too(conn, clock):
    text = ("# Mine\n\nAbout \x1b]0;x\x07things\u202e.\n\nCurated by Eve\u200b\x1b[5m\n\n## A\n\n"
            "- [x](https://ok.example/x)\n")
    parsed = parse_markdown_list(text.encode(), "mine.md")
    resources.import_list(conn, parsed, file="mine.md", name="Mine", curator=None, now=clock.now(),
                          today=clock.today())
    [info] = resources.lists(conn)
    assert (info.curator, info.description) == ("Eve", "About things.")


def test_from_the_shell_nothing_that_reaches_the_terminal_carries_a_control_character(cli, tmp_path):
    source = tmp_path / "evil\x1b]0;T\x07\u202e.md"
    source.write_text(HOSTILE_LIST.replace("# Shared list\n\n", ""), encoding="utf-8")  # no title: the file's name
    imported = cli("res", "import", str(source), "--curator", "\x1b]52;c;eA==\x07Mallory")
    assert imported.status == 0, imported.err
    assert "2 added" in imported.out and f"skipped evil.md:4: {CONTROL}" in imported.out
    outputs = [imported.out, imported.err]
    for args in (("res", "list"), ("res", "list", "--json"), ("res", "lists"), ("res", "topics"),
                 ("res", "export")):
        result = cli(*args)
        assert result.status == 0, (args, result.err)
        outputs += [result.out, result.err]
    assert all(_safe(text) for text in outputs), [text for text in outputs if not _safe(text)]
    assert cli("res", "lists").out == "evil curated by Mallory: 2 resources (from evil.md)\n"
    assert {r["url"] for r in json.loads(cli("res", "list", "--json").out)} == {
        "https://ok.example/1", "https://ok.example/%1B%5D0"}


@pytest.mark.parametrize("name", ["title", "clipboard", "bidi", "zero-width", "c1-csi"])
def test_res_add_refuses_such_a_link_in_one_line(cli, name):
    result = cli("res", "add", f"https://example.org/x{HOSTILE[name]}y", "--title", "t")
    assert result.status == 2
    assert result.err.count("\n") == 1 and CONTROL in result.err and _safe(result.err)
    assert json.loads(cli("res", "list", "--json").out) == []


def test_an_edit_to_such_a_link_is_refused_and_the_old_one_kept(conn, clock):
    from studylog.domain.values import NewResource

    stored, _ = resources.add(conn, NewResource(url="https://ok.example/x", title="x"), now=clock.now(),
                              today=clock.today())
    with pytest.raises(NotAWebLink, match=CONTROL):
        resources.update(conn, stored.id, {"url": "https://ok.example/x\x1b]0;T\x07"}, now=clock.now(),
                         today=clock.today())
    assert resources.get(conn, stored.id).url == "https://ok.example/x"


def test_a_stored_link_is_exported_as_stored_and_a_legacy_control_character_is_percent_encoded(conn, clock):
    """A row stored before links were checked may hold a control character: the export never writes it
    raw (a `cat` of the file would set the terminal's title); it writes it percent-encoded, in the link's
    target and, for an untitled link, in its text alike, so the file reads back as one untitled link."""
    from datetime import date

    from studylog.io.markdown_list import ExportDoc, ExportItem, ExportSection, render_markdown_list

    legacy = "https://old.example/a\x1b]0;T\x07b"
    doc = ExportDoc("L", None, None, date(2026, 1, 1), (ExportSection("A", (
        ExportItem(None, legacy, None), ExportItem("t", "https://ok.example/(x)_y", None))),))
    text = render_markdown_list(doc)
    assert _safe(text)
    assert "- [https://old.example/a%1B\\]0;T%07b](https://old.example/a%1B]0;T%07b)" in text
    assert "- [t](<https://ok.example/(x)_y>)" in text
    parsed = parse_markdown_list(text.encode(), "l.md")
    assert [(e.url, e.title) for e in parsed.entries] == [("https://old.example/a%1B]0;T%07b", None),
                                                         ("https://ok.example/(x)_y", "t")]


# ------------------------------------------------------------------- the folders studylog makes ("Files")

@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX file modes")
def test_every_folder_studylog_makes_is_its_owners_only(cli, tmp_path, monkeypatch):
    """The data folder (and every missing folder above it), its backups folder and the settings folder
    are made 0700 whatever the umask; folders that were there are left as they were."""
    monkeypatch.setenv("STUDYLOG_HOME", str(tmp_path / "settings" / "deeper"))
    previous = os.umask(0o002)
    try:
        data = tmp_path / "made" / "by" / "studylog"
        assert cli("--db", str(data / "studylog.db"), "log", "write", "--words", "10").status == 0
        assert cli("--db", str(data / "studylog.db"), "db", "backup").status == 0
        assert cli("config", "set", "units", "imperial").status == 0
    finally:
        os.umask(previous)
    made = [tmp_path / "made", tmp_path / "made" / "by", data, data / "backups", tmp_path / "settings" / "deeper"]
    assert {str(folder.relative_to(tmp_path)): oct(folder.stat().st_mode & 0o777) for folder in made} == {
        str(folder.relative_to(tmp_path)): "0o700" for folder in made}
    assert oct((data / "studylog.db").stat().st_mode & 0o777) == "0o600"


def test_a_link_that_is_not_utf8_text_is_refused_in_one_line(cli):
    """Bytes that are not UTF-8 reach Python as lone surrogates (an argument, a file name)."""
    assert not is_web_url("https://example.org/caf\udce9")
    with pytest.raises(NotAWebLink, match="not UTF-8"):
        normalise_url("https://example.org/caf\udce9")
    result = cli("res", "add", "https://example.org/caf\udce9")
    assert result.status == 2 and result.err.count("\n") == 1 and "not UTF-8" in result.err


def test_names_that_are_not_utf8_are_stored_with_a_replacement_character(cli, tmp_path):
    source = tmp_path / "list.md"
    source.write_text("## A\n\n- [x](https://ok.example/x)\n", encoding="utf-8")
    assert cli("res", "import", str(source), "--list", "caf\udce9", "--curator", "\udcff").status == 0
    assert cli("res", "lists").out == "caf\ufffd curated by \ufffd: 1 resource (from list.md)\n"
    assert cli("res", "export", "--list", "caf\udce9").status == 0
    assert cli("res", "add", "https://ok.example/y", "--title", "t\udce9", "--topic", "T\udce9").status == 0
    assert cli("res", "list", "--topic", "T\udce9").status == 0


# ------------------------------------------------------------- a database edited by hand, in the shell

def _hand_edit(home, statements: list[str | tuple[str, tuple[str, ...]]]) -> None:
    import sqlite3

    conn = sqlite3.connect(home / "studylog.db")
    try:
        with conn:
            for statement in statements:
                sql, params = statement if isinstance(statement, tuple) else (statement, ())
                conn.execute(sql, params)
    finally:
        conn.close()


@pytest.mark.parametrize("name", sorted(set(HOSTILE) - {"tab", "newline"}))
def test_a_title_edited_by_hand_reaches_no_list_with_its_control_characters(cli, home, name):
    """The hostile tester wrote an escape sequence into a title with sqlite3: `list writing` printed it raw.
    Every table of the shell now shows cells as text, as the app does (what it drops, the app drops)."""
    assert cli("log", "write", "--words", "10", "--title", "Plain", "body").status == 0
    assert cli("log", "run", "5k", "28:30", "--title", "Plain run").status == 0
    bad = HOSTILE[name]
    _hand_edit(home, [("UPDATE writing_entry SET title = ?", (f"esc {bad} red",)),
                      ("UPDATE workout SET title = ?", (f"run {bad} red",))])
    for command in (("list", "writing"), ("list", "workouts")):
        result = cli(*command)
        assert result.status == 0 and "red" in result.out, result.out
        table = result.out.replace("\x1b[1m", "").replace("\x1b[0m", "")  # (the bold header, on a terminal)
        assert _safe(table), (command, table)


def test_a_day_that_is_not_a_date_is_said_in_one_line_not_a_traceback(cli, home):
    """A day edited by hand into something else: the lists and the streak say which value, and what finds
    every one (db check), instead of a Python traceback."""
    assert cli("log", "write", "--words", "10", "--date", "yesterday", "first").status == 0
    assert cli("log", "write", "--words", "10", "second").status == 0
    _hand_edit(home, ["UPDATE writing_entry SET day = 'garbage' WHERE id = 1"])
    listed = cli("list", "writing")
    assert listed.status == 1 and "Traceback" not in listed.err
    assert listed.err.strip() == (f"studylog: {home / 'studylog.db'} holds a day that is not a date ('garbage'), a "
                                  f"value no studylog stores (edited by hand?): 'studylog db check' names each one")
    streak = cli("streak")  # (the runs leave out a day that is not a date)
    assert streak.status == 0 and "Current streak: 1 day" in streak.out
    check = cli("db", "check")
    assert check.status == 1 and "writing_entry id 1" in check.out


def test_text_that_is_not_utf8_is_said_in_one_line_and_db_check_names_it(cli, home):
    """A title edited by hand into bytes that are no UTF-8: lists and reviews ended in a traceback, and db
    check stopped ("cannot use ...: Could not decode") without naming the row."""
    assert cli("log", "write", "--words", "10", "--title", "fine", "body").status == 0
    _hand_edit(home, ["UPDATE writing_entry SET title = CAST(x'68ff6c6c6f' AS TEXT) WHERE id = 1"])
    for command in (("list", "writing"), ("review", "week")):
        result = cli(*command)
        assert result.status == 1 and "Traceback" not in result.err, result.err
        assert result.err.strip() == (f"studylog: {home / 'studylog.db'} holds text that is not UTF-8 (column "
                                      f"title), a value no studylog stores (edited by hand?): 'studylog db check' "
                                      f"names each one")
    check = cli("db", "check")
    assert check.status == 1 and "Traceback" not in check.err
    assert "writing_entry id 1: title is not valid Unicode text (bytes that are no UTF-8)" in check.out


@pytest.mark.parametrize("today", ["9999-12-31", "0001-01-01", "2101-01-01", "1899-12-31"])
def test_a_today_no_date_typed_could_reach_is_refused_in_one_line(home, today):
    """STUDYLOG_TODAY at the ends of the calendar: OverflowError from the first week or year around it.
    It is held to the days a date typed may say (1900 to 2100)."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "studylog", "streak"], capture_output=True, text=True,
                            env=dict(os.environ, STUDYLOG_TODAY=today), timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == ("studylog: STUDYLOG_TODAY must be a date like 2026-11-24, from 1900-01-01 "
                                     "to 2100-12-31")
    assert not (home / "studylog.db").exists()  # (refused before anything was opened)
