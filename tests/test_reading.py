"""The reading list: typed in, started, finished, rated; imports that never add a book twice."""

from __future__ import annotations

import json
from datetime import date

import pytest

from studylog.domain.values import NewReading, Skipped
from studylog.services import reading

TODAY = date(2026, 11, 24)


def test_add_start_finish_rate(conn, clock):
    item = reading.add(conn, NewReading(title="Deep Work", authors=("Cal Newport",)), now=clock.now(), today=TODAY)
    assert (item.status, item.added) == ("to-read", TODAY)
    started = reading.start(conn, item.id, date(2026, 11, 1), now=clock.now())
    assert (started.status, started.started) == ("reading", date(2026, 11, 1))
    done = reading.finish(conn, item.id, TODAY, now=clock.now(), rating=4.5, review="Focus is a skill.")
    assert (done.status, done.started, done.finished, done.rating, done.review) == (
        "finished", date(2026, 11, 1), TODAY, 4.5, "Focus is a skill.")


def test_find_by_id_exact_title_or_unique_part(conn, clock):
    a = reading.add(conn, NewReading(title="Deep Work"), now=clock.now(), today=TODAY)
    b = reading.add(conn, NewReading(title="Deep Learning"), now=clock.now(), today=TODAY)
    assert reading.find(conn, str(b.id)) == b
    assert reading.find(conn, "deep work") == a
    assert reading.find(conn, "Learn") == b
    with pytest.raises(reading.Ambiguous) as many:
        reading.find(conn, "Deep")
    assert {m.id for m in many.value.matches} == {a.id, b.id}
    with pytest.raises(reading.NotFound):
        reading.find(conn, "Dune")


def test_ratings_out_of_range_are_refused(conn, clock):
    item = reading.add(conn, NewReading(title="X"), now=clock.now(), today=TODAY)
    with pytest.raises(ValueError, match="between 0 and 5"):
        reading.finish(conn, item.id, TODAY, now=clock.now(), rating=6)


def _found(*items):
    return [(n + 2, item) for n, item in enumerate(items)]


def test_import_twice_adds_nothing_the_second_time(conn, clock):
    books = _found(NewReading(title="Dune", authors=("Frank Herbert",), source="goodreads", source_id="234225"),
                   NewReading(title="Emma", authors=("Jane Austen",), source="goodreads", source_id="6969"))
    first = reading.import_items(conn, "gr.csv", books, [], now=clock.now(), today=TODAY)
    second = reading.import_items(conn, "gr.csv", books, [], now=clock.now(), today=TODAY)
    assert (first.added, first.already) == (2, 0)
    assert (second.added, second.already) == (0, 2)
    assert reading.count(conn) == 2


def test_the_same_book_from_goodreads_and_storygraph_is_one_item(conn, clock):
    gr = NewReading(title="The Silk Roads: A New History of the World", authors=("Peter Frankopan",),
                    isbn="9781408839973", status="to-read", source="goodreads", source_id="25812847")
    sg_by_isbn = NewReading(title="The Silk Roads", authors=("Peter Frankopan",), isbn="9781408839973",
                            status="finished", finished=date(2025, 8, 1), rating=4.25, source="storygraph",
                            source_id="9781408839973")
    sg_by_title = NewReading(title="Ninth House (Alex Stern, #1)", authors=("Leigh Bardugo",),
                             source="storygraph", source_id="ninth house|leigh bardugo", status="finished",
                             finished=date(2025, 7, 1))
    gr_title = NewReading(title="Ninth House", authors=("Leigh Bardugo",), source="goodreads", source_id="43263680")
    reading.import_items(conn, "gr.csv", _found(gr, gr_title), [], now=clock.now(), today=TODAY)
    summary = reading.import_items(conn, "sg.csv", _found(sg_by_isbn, sg_by_title), [], now=clock.now(),
                                   today=TODAY)
    assert (summary.added, summary.already, summary.updated) == (0, 2, 2)
    items = {i.title: i for i in reading.list_items(conn)}
    assert len(items) == 2
    silk = items["The Silk Roads: A New History of the World"]
    assert (silk.status, silk.finished, silk.rating) == ("finished", date(2025, 8, 1), 4.25)


def test_feeds_with_the_same_title_are_not_merged(conn, clock):
    feeds = _found(NewReading(title="Engineering Blog", kind="blog", source="opml", source_id="https://a.com/feed"),
                   NewReading(title="Engineering Blog", kind="blog", source="opml", source_id="https://b.com/feed"))
    assert reading.import_items(conn, "x.opml", feeds, [], now=clock.now(), today=TODAY).added == 2


def test_import_keeps_the_importers_skips_and_adds_its_own(conn, clock):
    bad = NewReading(title="   ", source="goodreads", source_id="1")
    summary = reading.import_items(conn, "gr.csv", [(7, bad)], [Skipped("gr.csv", 3, "no title")],
                                   now=clock.now(), today=TODAY)
    assert summary.added == 0
    assert summary.skipped == (Skipped("gr.csv", 3, "no title"), Skipped("gr.csv", 7, "a reading item needs a title"))


def test_import_runs_in_one_transaction(conn, clock):
    good = NewReading(title="Good", source="goodreads", source_id="1")

    def items():  # the second row fails half-way through the import
        yield 2, good
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        reading.import_items(conn, "gr.csv", items(), [], now=clock.now(), today=TODAY)
    assert reading.count(conn) == 0


# ------------------------------------------------------------------------------------------------ CLI

def test_cli_read_add_start_finish_list(cli):
    assert cli("read", "add", "Deep Work", "--author", "Cal Newport", "--pages", "296").out.startswith(
        'Stored book #1: "Deep Work" by Cal Newport · to-read')
    cli("read", "add", "Deep Learning", "--author", "Ian Goodfellow")
    assert "reading · started 2026-11-24" in cli("read", "start", "Deep Work").out
    early = cli("read", "finish", "deep work", "--date", "yesterday")  # before it was started
    assert early.status == 2 and early.err == ("studylog: finished on 2026-11-23, before it was started on "
                                               "2026-11-24\n")
    assert "reading · started 2026-11-21" in cli("read", "start", "Deep Work", "--date", "3 days ago").out
    out = cli("read", "finish", "deep work", "--date", "yesterday", "--rating", "4.5").out
    assert "finished · finished 2026-11-23 · rated 4.5/5" in out
    rows = json.loads(cli("read", "list", "--status", "finished", "--json").out)
    assert [r["title"] for r in rows] == ["Deep Work"]
    assert json.loads(cli("read", "list", "--year", "2026", "--json").out)[0]["title"] == "Deep Learning"
    table = cli("read", "list").out
    assert "Deep Work" in table and "Cal Newport" in table


def test_cli_ambiguous_title_lists_matches_and_changes_nothing(cli):
    cli("read", "add", "Deep Work")
    cli("read", "add", "Deep Learning")
    result = cli("read", "finish", "Deep")
    assert result.status == 1
    assert "2 items match 'Deep'" in result.err and result.err.count("\n") == 1
    assert "Deep Work" in result.out and "Deep Learning" in result.out
    assert all(r["status"] == "to-read" for r in json.loads(cli("read", "list", "--json").out))


def test_cli_bad_rating_is_refused(cli):
    cli("read", "add", "Dune")
    result = cli("read", "finish", "Dune", "--rating", "4.3")
    assert result.status == 2 and "half steps" in result.err


def test_an_import_skips_reading_dated_after_today_and_keeps_the_rest(cli, tmp_path):
    header = ("Book Id,Title,Author,Exclusive Shelf,Date Read,Date Added,My Rating\n")
    rows = ("1,Fine Book,Some One,read,2026/11/01,2026/10/01,4\n"
            "2,From the Future,Some One,read,2027/01/05,2026/10/01,4\n")
    path = tmp_path / "goodreads_library_export.csv"
    path.write_text(header + rows, encoding="utf-8")
    out = cli("import", "goodreads", str(path)).out
    assert "1 added" in out and "finished 2027-01-05 is after today (2026-11-24)" in out
    assert [r["title"] for r in json.loads(cli("read", "list", "--json").out)] == ["Fine Book"]


def test_the_same_link_or_book_is_not_put_on_the_list_twice(cli):
    first = cli("read", "add", "Scaling Laws for Neural Language Models", "--kind", "paper",
                "--url", "https://arxiv.org/abs/2001.08361?utm_source=twitter")
    assert first.status == 0
    again = cli("read", "add", "Scaling laws (again)", "--kind", "paper", "--url", "https://arxiv.org/abs/2001.08361")
    assert again.status == 2 and again.err.startswith("studylog: already on your reading list: #1 ")
    assert cli("read", "add", "Deep Work", "--author", "Cal Newport").status == 0
    assert cli("read", "add", "deep work", "--author", "Cal Newport").status == 2
    assert cli("read", "add", "Deep Work", "--author", "Someone Else").status == 0  # another book
    rows = json.loads(cli("read", "list", "--json").out)
    assert len(rows) == 3 and rows[-1]["url"] == "https://arxiv.org/abs/2001.08361"  # the tracking part dropped


def test_two_reads_of_one_book_from_two_sources_are_never_paired_into_an_impossible_read(conn, clock):
    """Found by the newcomer: Neverwhere finished in 2012 (Goodreads) and read again from 2023-05-23 to
    2023-06-07 (StoryGraph) was stored started 2023-05-23, finished 2012-04-06, which `db check` then
    called out of range and `import json` refused: one person's export could not be restored."""
    from studylog.services.transfer import stored_value_problems

    old_read = NewReading(title="Neverwhere", authors=("Neil Gaiman",), status="finished", finished=date(2012, 4, 6),
                          rating=4, source="goodreads", source_id="14497")
    re_read = NewReading(title="Neverwhere", authors=("Neil Gaiman",), status="finished", started=date(2023, 5, 23),
                         finished=date(2023, 6, 7), pages=370, source="storygraph", source_id="neverwhere|neil gaiman")
    reading.import_items(conn, "gr.csv", _found(old_read), [], now=clock.now(), today=TODAY)
    summary = reading.import_items(conn, "sg.csv", _found(re_read), [], now=clock.now(), today=TODAY)
    [item] = reading.list_items(conn)
    assert (item.started, item.finished) == (None, date(2012, 4, 6))  # the stored read, whole
    assert item.pages == 370 and summary.updated == 1  # what it lacked is still filled in
    assert stored_value_problems(conn, today=TODAY) == []
    # the other way round: a read started in 2023 is not given a finish day from 2012
    conn.execute("DELETE FROM reading_item")
    reading.import_items(conn, "sg.csv", _found(re_read._replace(finished=None, status="reading")), [],
                         now=clock.now(), today=TODAY)
    reading.import_items(conn, "gr.csv", _found(old_read), [], now=clock.now(), today=TODAY)
    [item] = reading.list_items(conn)
    assert item.started == date(2023, 5, 23) and item.finished in (None, date(2023, 6, 7))
    assert stored_value_problems(conn, today=TODAY) == []
