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
    assert lines[0] == ("Imported engineering-blogs__engineering_blogs.opml (opml): 420 feeds added, 0 already "
                        "there, 2 skipped")
    assert lines[1].startswith("  skipped engineering-blogs__engineering_blogs.opml:66: ")
    assert json.loads(cli("read", "list", "--json").out) == []  # subscriptions are not on the reading list
    assert len(json.loads(cli("feeds", "--limit", "0", "--json").out)) == 420


SUBSCRIPTIONS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n<head><title>Feeds</title></head>\n<body>\n'
    '<outline text="Machine Learning">\n'
    '  <outline type="rss" text="Distill" xmlUrl="https://distill.pub/rss.xml" htmlUrl="https://distill.pub/"/>\n'
    '  <outline type="rss" text="The Batch" xmlUrl="https://thebatch.substack.com/feed"/>\n'
    "</outline>\n"
    '<outline text="Podcasts">\n'
    '  <outline type="rss" text="Talking Machines" xmlUrl="https://example.org/talking-machines/podcast.xml"/>\n'
    "</outline>\n</body>\n</opml>\n"
)


def test_opml_feeds_are_subscriptions_not_reading(cli, tmp_path):
    path = tmp_path / "subscriptions.opml"
    path.write_text(SUBSCRIPTIONS, encoding="utf-8")
    assert cli("read", "add", "Deep Work", "--author", "Cal Newport").status == 0
    first = cli("import", "opml", str(path))
    assert first.status == 0, first.err
    assert first.out.splitlines()[0] == "Imported subscriptions.opml (opml): 3 feeds added, 0 already there, 0 skipped"

    books = cli("read", "list")
    assert "Deep Work" in books.out
    assert not any(name in books.out for name in ("Distill", "The Batch", "Talking Machines"))
    assert [item["title"] for item in json.loads(cli("read", "list", "--json").out)] == ["Deep Work"]

    table = cli("feeds").out.splitlines()
    assert table[0].split() == ["ID", "Kind", "Title", "Site", "Tags"]
    rows = {line.split()[2]: line for line in table[1:]}
    assert len(table) == 4
    assert "podcast" in rows["Talking"] and "#podcasts" in rows["Talking"]
    assert "blog" in rows["Distill"] and "https://distill.pub/" in rows["Distill"]
    assert "#machine-learning" in rows["Distill"]
    assert "newsletter" in rows["The"] and "#machine-learning" in rows["The"]
    listed = json.loads(cli("feeds", "--json").out)
    assert {(f["title"], f["kind"], tuple(f["tags"])) for f in listed} == {
        ("Distill", "blog", ("machine-learning",)), ("The Batch", "newsletter", ("machine-learning",)),
        ("Talking Machines", "podcast", ("podcasts",))}
    assert [f["title"] for f in json.loads(cli("feeds", "--kind", "podcast", "--json").out)] == ["Talking Machines"]

    again = cli("import", "opml", str(path))
    assert again.out.splitlines() == ["Imported subscriptions.opml (opml): 0 feeds added, 3 already there, 0 skipped"]
    assert len(json.loads(cli("feeds", "--json").out)) == 3


def test_feeds_list_a_first_page_and_say_how_to_see_all(cli, tmp_path):
    path = tmp_path / "many.opml"
    path.write_text('<opml version="2.0"><body>' + "".join(
        f'<outline text="Feed {n}" xmlUrl="https://f{n}.example/rss"/>' for n in range(25)) + "</body></opml>",
        encoding="utf-8")
    one = tmp_path / "one.opml"
    one.write_text('<opml><body><outline text="Solo" xmlUrl="https://solo.example/rss"/></body></opml>')
    assert cli("feeds").out.startswith("No feeds yet. Import a feed reader's export: studylog import opml ")
    assert cli("import", "opml", str(one)).out.startswith("Imported one.opml (opml): 1 feed added, 0 already there")
    assert "25 feeds added" in cli("import", "opml", str(path)).out
    lines = cli("feeds").out.splitlines()
    assert len(lines) == 1 + 20 + 1
    assert lines[-1] == "20 of 26 shown; use --limit N (0 for all) for more"
    assert len(cli("feeds", "--limit", "0").out.splitlines()) == 1 + 26
    assert len(json.loads(cli("feeds", "--limit", "5", "--json").out)) == 5
    assert cli("feeds", "--limit", "lots").status == 2


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
    assert json.loads(cli("feeds", "--json").out) == []


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


def test_feed_titles_from_files_are_printed_as_typed(cli, tmp_path):
    path = tmp_path / "evil.opml"
    path.write_text('<opml><body><outline text="Shop &amp; Co"><outline text="[bold red]Loud[/] &#x9b;31mRed" '
                    'xmlUrl="https://evil.example/rss" htmlUrl="https://evil.example/&#x9b;2J"/></outline>'
                    "</body></opml>", encoding="utf-8")
    assert cli("import", "opml", str(path)).status == 0
    out = cli("feeds").out
    assert "[bold red]Loud[/]" in out and "#shop-&-co" in out
    assert "\x9b" not in out and "\x1b" not in out
