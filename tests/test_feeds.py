"""Feeds (OPML subscriptions): a kind of their own, never on the reading list and never counted as reading."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from studylog.db import migrate
from studylog.db.files import HEAD_REVISION
from studylog.db.opening import read_revision
from studylog.db.sqlite import connect
from studylog.domain.values import NewFeed, NewReading, Skipped
from studylog.io.opml import parse_opml
from studylog.services import feeds, reading, review

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def opml(body: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n<head><title>Subs</title></head>\n'
            f"<body>\n{body}\n</body>\n</opml>\n").encode()


def outline(xml_url: str, text: str, **attrs: str) -> str:
    extra = "".join(f' {key}="{value}"' for key, value in attrs.items())
    return f'<outline type="rss" text="{text}" xmlUrl="{xml_url}"{extra}/>\n'


TWO_FOLDERS = opml('<outline text="Tech">' + outline("https://a.example/feed", "A Blog", htmlUrl="https://a.example/")
                   + outline("https://x.substack.com/feed", "Letter") + "</outline>"
                   + '<outline text="Podcasts">' + outline("https://p.example/pod.xml", "Talky") + "</outline>")


def _import(conn, data: bytes, name: str = "subs.opml"):
    parsed = parse_opml(data, name)
    return feeds.import_feeds(conn, name, parsed.items, parsed.skipped, now=NOW, today=TODAY)


# ---------------------------------------------------------------------------------------------- service

def test_an_opml_file_becomes_feeds_and_nothing_on_the_reading_list(conn):
    summary = _import(conn, TWO_FOLDERS)
    assert (summary.file, summary.added, summary.already, summary.updated, summary.skipped) == (
        "subs.opml", 3, 0, 0, ())
    listed = feeds.list_feeds(conn)
    assert [(f.title, f.kind, f.url, f.tags, f.added, f.source) for f in listed] == [
        ("Talky", "podcast", "https://p.example/pod.xml", ("podcasts",), TODAY, "opml"),
        ("Letter", "newsletter", "https://x.substack.com/feed", ("tech",), TODAY, "opml"),
        ("A Blog", "blog", "https://a.example/", ("tech",), TODAY, "opml"),
    ]
    assert feeds.count(conn) == 3 and feeds.count(conn, kind="podcast") == 1
    assert [f.title for f in feeds.list_feeds(conn, kind="newsletter")] == ["Letter"]
    assert [f.title for f in feeds.list_feeds(conn, limit=1, offset=1)] == ["Letter"]
    assert reading.count(conn) == 0 and reading.list_items(conn) == []
    assert reading.touched(conn, TODAY, TODAY) == []


def test_feeds_never_count_as_reading_in_the_week_review(conn):
    _import(conn, TWO_FOLDERS)
    reading.add(conn, NewReading(title="Deep Work", authors=("Cal Newport",)), now=NOW, today=TODAY)
    inputs = review.week_inputs(conn, date(2026, 11, 23), TODAY)
    assert [item.title for item in inputs.reading] == ["Deep Work"]


def test_the_same_file_twice_adds_nothing(conn):
    _import(conn, TWO_FOLDERS)
    again = _import(conn, TWO_FOLDERS)
    assert (again.added, again.already, again.updated) == (0, 3, 0)
    assert feeds.count(conn) == 3


def test_the_same_feed_from_another_file_is_recognised_and_its_new_folders_join_the_tags(conn):
    _import(conn, TWO_FOLDERS)
    other = opml('<outline text="Favourites">' + outline("https://A.example/feed/?utm_source=x", "A again")
                 + outline("https://new.example/feed", "New") + "</outline>"
                 + '<outline text="Tech">' + outline("https://x.substack.com/feed", "Letter") + "</outline>")
    summary = _import(conn, other, "other.opml")
    assert (summary.added, summary.already, summary.updated) == (1, 2, 1)
    by_title = {f.title: f for f in feeds.list_feeds(conn)}
    assert set(by_title) == {"A Blog", "Letter", "Talky", "New"}  # the stored title is kept
    assert by_title["A Blog"].tags == ("tech", "favourites")
    assert by_title["Letter"].tags == ("tech",)
    assert by_title["A Blog"].updated_at == NOW
    assert _import(conn, other, "other.opml")[1:] == (0, 3, (), 0, ())


def test_merged_tags_stop_at_the_limit(conn):
    many = tuple(f"t{n}" for n in range(feeds.MAX_TAGS))
    feeds.import_feeds(conn, "a.opml", [(1, NewFeed(title="A", tags=many, source="opml", source_id="https://a/f"))],
                       [], now=NOW, today=TODAY)
    summary = feeds.import_feeds(conn, "b.opml", [(1, NewFeed(title="A", tags=("more",), source="opml",
                                                                 source_id="https://a/f"))],
                                 [], now=NOW, today=TODAY)
    assert (summary.already, summary.updated) == (1, 0)
    assert feeds.list_feeds(conn)[0].tags == many


def test_text_is_cleaned_and_unusable_feeds_are_skipped_with_their_line(conn):
    found = [
        (3, NewFeed(title="\x1b[31mRed\x1b[0m [bold]x[/]", kind="blog", url="https://r.example/\x07",
                    tags=("a\x1b[2Jb", "a\x1b[2Jb", " "), source="opml", source_id="https://r.example/f")),
        (4, NewFeed(title="  ", source="opml", source_id="https://empty.example/f")),
        (5, NewFeed(title="Talk", kind="talk", source="opml", source_id="https://t.example/f")),
    ]
    summary = feeds.import_feeds(conn, "subs.opml", found, [Skipped("subs.opml", 2, "from the file")],
                                 now=NOW, today=TODAY)
    assert summary.added == 1
    assert summary.skipped == (Skipped("subs.opml", 2, "from the file"),
                               Skipped("subs.opml", 4, "a feed needs a title"),
                               Skipped("subs.opml", 5, "unknown kind 'talk'; one of newsletter, blog, podcast"))
    (stored,) = feeds.list_feeds(conn)
    assert (stored.title, stored.url, stored.tags) == ("Red [bold]x[/]", "https://r.example/", ("ab",))


def test_add_get_and_delete(conn):
    feed = feeds.add(conn, NewFeed(title="Mine", kind="newsletter", url="https://m.example/"), now=NOW,
                     today=TODAY)
    assert (feed.title, feed.kind, feed.source, feed.added) == ("Mine", "newsletter", "manual", TODAY)
    assert feeds.get(conn, feed.id) == feed
    assert feeds.delete(conn, feed.id) == feed
    with pytest.raises(feeds.NotFound):
        feeds.get(conn, feed.id)
    with pytest.raises(ValueError, match="unknown kind"):
        feeds.add(conn, NewFeed(title="X", kind="book"), now=NOW, today=TODAY)


def test_cancelling_an_import_writes_nothing(conn):
    from studylog.domain.values import Cancelled

    found = [(n, NewFeed(title=f"F{n}", source="opml", source_id=f"https://f{n}.example/f")) for n in range(2500)]

    def stop(done: int) -> None:
        if done >= 2000:
            raise Cancelled

    with pytest.raises(Cancelled):
        feeds.import_feeds(conn, "big.opml", found, [], now=NOW, today=TODAY, progress=stop)
    assert feeds.count(conn) == 0


# -------------------------------------------------------------------------------------------- migration

def test_opml_reading_items_at_0004_move_to_feeds_on_upgrade(tmp_path, clock):
    path = tmp_path / "old" / "studylog.db"
    migrate.upgrade(path, clock, target="0004")
    assert read_revision(path) == "0004"
    ts = "2026-11-01 06:00:00.000000"
    rows = [  # (kind, title, status, finished, rating, review, tags, source, source_id)
        ("book", "Deep Work", "finished", "2026-10-01", 4.0, None, "[]", "goodreads", "123"),
        ("blog", "A Blog", "reading", None, None, None, '["tech"]', "opml", "https://a.example/feed"),
        ("talk", "Talky", "reading", None, None, None, '["podcasts"]', "opml", "https://p.example/pod.xml"),
        ("newsletter", "Letter", "reading", None, None, None, '["tech"]', "opml", "https://x.substack.com/feed"),
        ("newsletter", "Read it all", "finished", "2026-10-20", None, None, "[]", "opml", "https://done.example/f"),
        ("blog", "Rated", "reading", None, 5.0, None, "[]", "opml", "https://rated.example/f"),
        ("article", "Typed in", "to-read", None, None, None, "[]", "manual", None),
    ]
    conn = connect(path)
    try:
        for kind, title, status, finished, rating, text, tags, source, source_id in rows:
            conn.execute(
                "INSERT INTO reading_item (kind, title, authors, url, status, added, finished, rating, review, "
                "tags, source, source_id, created_at, updated_at) VALUES (?, ?, '[]', ?, ?, '2026-11-01', ?, ?, ?, "
                "?, ?, ?, ?, ?)",
                (kind, title, f"https://{kind}.example/", status, finished, rating, text, tags, source, source_id,
                 ts, ts))
    finally:
        conn.close()

    result = migrate.upgrade(path, clock)
    assert result.to_revision == HEAD_REVISION
    conn = connect(path)
    try:
        moved = {f.title: f for f in feeds.list_feeds(conn)}
        assert set(moved) == {"A Blog", "Talky", "Letter"}
        assert (moved["Talky"].kind, moved["Talky"].tags, moved["Talky"].added) == (
            "podcast", ("podcasts",), date(2026, 11, 1))
        assert (moved["A Blog"].kind, moved["A Blog"].url, moved["A Blog"].source_id) == (
            "blog", "https://blog.example/", "https://a.example/feed")
        assert moved["Letter"].kind == "newsletter"
        assert {i.title for i in reading.list_items(conn)} == {"Deep Work", "Read it all", "Rated", "Typed in"}
        # the moved feeds are recognised when the same OPML file is imported again
        again = _import(conn, opml(outline("https://a.example/feed", "A Blog")
                                   + outline("https://p.example/pod.xml", "Talky")))
        assert (again.added, again.already) == (0, 2)
    finally:
        conn.close()
