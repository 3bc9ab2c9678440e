"""Imports from the shell: each real export, twice (the second adds nothing), and files that lie."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures"
needs_fixtures = pytest.mark.skipif(not FIXTURES.exists(), reason="../shared/fixtures is not beside the repository")


def _summary(result) -> dict:
    assert result.status == 0, result.err
    return json.loads(result.out)


@needs_fixtures
@pytest.mark.parametrize(("fmt", "folder", "pattern"), [
    ("goodreads", "goodreads", "*.csv"), ("storygraph", "storygraph", "*.csv"), ("opml", "opml", "*.opml"),
])
def test_every_real_file_imports_once(cli, fmt, folder, pattern):
    files = sorted((FIXTURES / folder).glob(pattern))
    assert files
    for path in files:
        first = _summary(cli("import", fmt, str(path), "--json"))
        second = _summary(cli("import", fmt, str(path), "--json"))
        assert first["added"] + first["already"] > 10, path.name
        assert second["added"] == 0 and second["already"] == first["added"] + first["already"], path.name


@needs_fixtures
def test_goodreads_then_storygraph_of_the_same_reader_merges_books(cli):
    gr = _summary(cli("import", "goodreads", str(FIXTURES / "goodreads" /
                                                  "bsanser-mapmyreads__goodreads_library_export.csv"), "--json"))
    sg = _summary(cli("import", "storygraph", str(FIXTURES / "storygraph" /
                                                  "bsanser-mapmyreads__storygraph_export.csv"), "--json"))
    assert gr["added"] > 100
    assert sg["already"] > 50  # the same books, recognised by ISBN or by title and author
    items = json.loads(cli("read", "list", "--json").out)
    isbns = [i["isbn"] for i in items if i["isbn"]]
    assert len(isbns) == len(set(isbns))


@needs_fixtures
def test_the_text_summary_names_what_was_done(cli):
    out = cli("import", "opml", str(FIXTURES / "opml" / "engineering-blogs__engineering_blogs.opml")).out
    lines = out.splitlines()
    assert lines[0] == ("Imported engineering-blogs__engineering_blogs.opml (opml): 420 added, 0 already there, "
                        "2 skipped")
    assert lines[1].startswith("  skipped engineering-blogs__engineering_blogs.opml:66: ")


@pytest.mark.parametrize(("fmt", "content", "fragment"), [
    ("goodreads", b"\x89PNG\r\n\x1a\n" + bytes(64), "PNG"),
    ("goodreads", b"", "empty"),
    ("goodreads", b"name,age\nbob,3\n", "Goodreads"),
    ("storygraph", b"Title,Authors,Read Status\n\xff\xfe\xfa bad bytes\n", "UTF-8"),
    ("opml", b"<rss><channel/></rss>", "not OPML"),
    ("opml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
             b'<opml><body><outline xmlUrl="https://x.org/&b;"/></body></opml>', "refused"),
])
def test_files_that_are_not_what_they_claim_write_nothing(cli, tmp_path, fmt, content, fragment):
    path = tmp_path / f"upload.{'opml' if fmt == 'opml' else 'csv'}"
    path.write_bytes(content)
    result = cli("import", fmt, str(path))
    assert result.status == 1
    assert fragment in result.err and "nothing was imported" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert json.loads(cli("read", "list", "--json").out) == []


def test_a_missing_file_is_named(cli, tmp_path):
    result = cli("import", "goodreads", str(tmp_path / "nope.csv"))
    assert result.status == 1 and "no such file" in result.err


def test_markup_and_escape_sequences_from_files_are_stored_as_plain_text(cli, tmp_path):
    path = tmp_path / "gr.csv"
    path.write_text("Book Id,Title,Author,Exclusive Shelf,My Rating,Date Read,Date Added\n"
                    '1,"[bold red]Loud[/] \x1b[31mRed\x1b[0m",Someone,read,4,2026/01/02,2025/12/01\n')
    _summary(cli("import", "goodreads", str(path), "--json"))
    [item] = json.loads(cli("read", "list", "--json").out)
    assert item["title"] == "[bold red]Loud[/] Red"
    table = cli("read", "list").out
    assert "[bold red]Loud[/] Red" in table and "\x1b" not in table
