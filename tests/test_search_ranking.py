"""Search's order and its cost (issue 15, point 2): title matches first, then the rest, the newest first
in each; the rows a search reads are bounded by the length of the list asked for, not by the number of
matches (a deterministic proxy for "top 20 in under 10 ms for any word": nothing is timed here)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from studylog.domain.values import NewWorkout, NewWriting
from studylog.services import search, workouts, writing
from studylog.services.search import PER_KIND_SCAN, TITLED, WIDE

TODAY = date(2026, 11, 24)
STAMP = "2026-11-24 12:00:00.000000"


def _refs(hits) -> list[tuple[str, int]]:
    return [(h.kind, h.ref) for h in hits]


def _write(conn, clock, day: date, title: str | None, note: str = "") -> int:
    return writing.add(conn, NewWriting(day=day, title=title, note=note), now=clock.now()).id


def _many_writing(conn, n: int, note: str, *, first_day: date = date(2000, 1, 1), title: str = "Entry {i}") -> None:
    """``n`` writing entries, one a day from ``first_day`` (straight SQL: the index's triggers still run)."""
    rows = [((first_day + timedelta(days=i)).isoformat(), title.format(i=i), 100, note, "[]", None, None, STAMP, STAMP)
            for i in range(n)]
    conn.execute("BEGIN")
    conn.executemany(writing.SQL_INSERT, rows)
    conn.execute("COMMIT")


# ------------------------------------------------------------------------------------------------ order

def test_a_title_match_comes_before_newer_matches_in_notes(conn, clock):
    old_title = _write(conn, clock, TODAY - timedelta(days=900), "Tokenizers", "byte pairs")
    newer_notes = [_write(conn, clock, TODAY - timedelta(days=n), f"Day {n}", "more on tokenizers today")
                   for n in range(1, 6)]
    hits = _refs(search.search(conn, "tokenizers"))
    assert hits[0] == ("writing", old_title)
    assert hits[1:] == [("writing", ref) for ref in newer_notes]  # (then the notes, newest first)


def test_the_newest_of_equal_matches_comes_first_whatever_the_order_they_were_added_in(conn, clock):
    days = [TODAY - timedelta(days=d) for d in (30, 2, 400, 9, 1)]
    refs = {day: _write(conn, clock, day, None, "a morning swim") for day in days}
    same_day = _write(conn, clock, TODAY - timedelta(days=2), None, "an evening swim")  # added last on that day
    hits = _refs(search.search(conn, "swim"))
    expected = [refs[TODAY - timedelta(days=1)], same_day] + [refs[day] for day in sorted(days[:4], reverse=True)
                                                              if day != TODAY - timedelta(days=1)]
    assert hits == [("writing", ref) for ref in expected]


def test_title_matches_are_ordered_newest_first_too(conn, clock):
    a = _write(conn, clock, TODAY - timedelta(days=50), "Attention, part one")
    b = _write(conn, clock, TODAY - timedelta(days=3), "Attention, part two")
    c = _write(conn, clock, TODAY - timedelta(days=20), "Attention, part three")
    note = _write(conn, clock, TODAY, "Today", "attention attention attention")
    assert _refs(search.search(conn, "attention")) == [("writing", b), ("writing", c), ("writing", a),
                                                       ("writing", note)]


def test_a_kind_with_few_rows_is_not_crowded_out_by_one_with_many_newer_ids(conn, clock):
    """Ids of different kinds are unrelated: 600 writing entries have ids far above the few workouts' ids,
    yet the newest matching workouts are candidates of their own (each kind walks down from its newest)."""
    _many_writing(conn, 600, "thinking about the long run", first_day=date(2020, 1, 1))
    runs = [workouts.add(conn, NewWorkout(sport="run", day=TODAY - timedelta(days=n), distance_m=8000,
                                          duration_s=2700, title="Long run"), now=clock.now()).id for n in range(3)]
    hits = search.search(conn, "run", limit=20)
    assert _refs(hits)[:3] == [("workout", ref) for ref in runs]  # (title matches, newest first)
    assert {h.kind for h in hits[3:]} == {"writing"}


def test_a_prefix_finds_what_is_typed_so_far_titles_first(conn, clock):
    note = _write(conn, clock, TODAY, "Morning", "paid attention to breathing")
    title = _write(conn, clock, TODAY - timedelta(days=10), "Attention spans")
    assert _refs(search.search(conn, "atten")) == [("writing", title), ("writing", note)]
    assert _refs(search.search(conn, "morning atten")) == [("writing", note)]


def test_the_kinds_filter_and_the_limit_apply_to_the_ranked_list(conn, clock):
    _many_writing(conn, 30, "a long run by the river")
    run = workouts.add(conn, NewWorkout(sport="run", day=date(1999, 1, 1), distance_m=5000, duration_s=1500,
                                        note="river"), now=clock.now()).id
    assert _refs(search.search(conn, "river", kinds=["workout"])) == [("workout", run)]
    full = search.search(conn, "river", limit=31)
    assert len(full) == 31 and _refs(full)[-1] == ("workout", run)  # (the oldest: last)
    assert search.search(conn, "river", limit=7) == full[:7]


# ------------------------------------------------------------------------------------------------- cost

def _candidates(conn, monkeypatch, query: str, limit: int = 20) -> int:
    """How many rows the statement handed to the ranking step (the rows that were read and joined)."""
    seen: list[int] = []
    real = search._ranked
    monkeypatch.setattr(search, "_ranked", lambda rows, *a, **k: seen.append(len(rows)) or real(rows, *a, **k))
    search.search(conn, query, limit=limit)
    return seen[0]


def _steps(conn, query: str, limit: int = 20) -> int:
    """SQLite virtual machine steps of one search, in thousands: grows with every row the index hands over."""
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    conn.set_progress_handler(count, 1000)
    try:
        search.search(conn, query, limit=limit)
    finally:
        conn.set_progress_handler(None, 0)
    return steps[0]


@pytest.mark.parametrize("word", ["common", "comm", "c", "entry", "common entry"])
def test_the_rows_a_search_reads_are_bounded_by_the_list_not_by_the_matches(conn, monkeypatch, word):
    """Before: every match was scored (bm25 over 28,798 matches of "the" on 30 years: 84 ms)."""
    _many_writing(conn, 3000, "a common c word", title="Entry {i} common c")
    bound = 4 * 20 + TITLED + 2 * WIDE
    assert _candidates(conn, monkeypatch, word) <= bound
    assert len(search.search(conn, word)) == 20


def test_the_work_of_a_search_does_not_grow_with_the_matches(conn):
    """The same word in 300 and in 3,000 entries: about the same number of SQLite steps (bm25 over all the
    matches took ten times more for ten times the matches)."""
    _many_writing(conn, 300, "the common word")
    few = {word: _steps(conn, word) for word in ("common", "comm", "the")}
    _many_writing(conn, 2700, "the common word", first_day=date(2001, 1, 1))
    many = {word: _steps(conn, word) for word in ("common", "comm", "the")}
    for word in few:
        assert many[word] <= few[word] * 1.5 + 5, (word, few[word], many[word])
    # (the walk per kind is bounded too: a kind with no match stops after PER_KIND_SCAN rows)
    assert PER_KIND_SCAN <= 4000


def test_a_snippet_does_not_look_at_every_word_before_the_first_match(monkeypatch):
    """A long note with the word near its end: the tokens before it are skipped, not folded one by one."""
    looked_at: list[str] = []
    real = search._fold
    monkeypatch.setattr(search, "_fold", lambda text: looked_at.append(text) or real(text))
    body = " ".join(["steady"] * 3000 + ["quadratically", "at", "the", "end"]) + " · #tag"
    snippet = search._snippet(body, ["quadratically"], ("«", "»"))
    assert snippet == "…steady steady steady steady «quadratically» at the end · #tag"
    assert len(looked_at) < 40  # (the body once, the words shown; not 3,000 tokens)
