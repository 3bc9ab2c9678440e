"""Search's order and its cost (issue 15, point 2): the first page is exactly the first of ALL the matches
sorted (title matches first, then the newest day, then the newest id), whatever order the records were added
in and whatever the list's length; the rows a search reads stay bounded for a common word (a deterministic
proxy for "top 20 in under 10 ms for any word": nothing is timed here)."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pytest

from studylog.domain.values import NewReading, NewWorkout, NewWriting
from studylog.services import reading, search, workouts, writing
from studylog.services.search import CAP, WALK

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


# ------------------------------------------------------- the order whatever the order things were added in

def _many_workouts(conn, n: int, note: str, *, first_day: date = date(2000, 1, 1)) -> None:
    rows = [("run", (first_day + timedelta(days=i)).isoformat(), None, 5000, 1500, None, None, None, None,
             note.format(i=i), "[]", "manual", None, STAMP, STAMP) for i in range(n)]
    conn.execute("BEGIN")
    conn.executemany(workouts.SQL_INSERT, rows)
    conn.execute("COMMIT")


@pytest.mark.parametrize("imported", [25, CAP + 200])
def test_old_history_imported_after_recent_entries_does_not_push_them_off_the_page(conn, clock, imported):
    """The hostile tester's repro: ten entries of this month, then years of old history imported (new ids,
    old days). Before: the candidates were the last added, so all 20 hits were from the import."""
    recent = [_write(conn, clock, date(2026, 11, 10 + i), None, f"knee felt fine today {i}") for i in range(1, 11)]
    _many_writing(conn, imported, "old journal: knee sore", first_day=date(2019, 1, 2), title="Old {i}")
    hits = search.search(conn, "knee")
    assert _refs(hits)[:10] == [("writing", ref) for ref in reversed(recent)]
    assert [h.day for h in hits] == sorted((h.day for h in hits), reverse=True)
    assert search.search(conn, "knee", limit=10_000_000)[:20] == hits


def test_a_book_finished_today_is_on_the_first_page_among_many_added_after_it(conn, clock):
    """The book was added years ago (a low id); many books sharing its tag were added since, long read."""
    finished = reading.add(conn, NewReading(title="Dune", tags=("scifi",), status="finished",
                                            added=date(2015, 1, 1), finished=TODAY), now=clock.now(), today=TODAY).id
    rows = [("book", f"Book {i}", "[]", None, None, None, "finished", "2016-01-01", None,
             (date(2016, 1, 1) + timedelta(days=i)).isoformat(), None, None, '["scifi"]', "manual", None, STAMP, STAMP)
            for i in range(CAP + 100)]
    conn.execute("BEGIN")
    conn.executemany(reading.SQL_INSERT, rows)
    conn.execute("COMMIT")
    for limit in (1, 20):
        assert _refs(search.search(conn, "scifi", limit=limit))[0] == ("reading", finished)


@pytest.mark.parametrize("many", [300, CAP + 1500])
def test_a_kind_finds_its_rare_match_among_many_matches_of_another_kind(conn, many):
    """The repro: thousands of writing entries say "zzz", and of thousands of workouts only the first does.
    Before: the per-kind walk looked through 2,000 matches of all kinds, found no workout, said "No matches"."""
    _many_writing(conn, many, "zzz")
    _many_workouts(conn, many, "tempo {i}")
    conn.execute("UPDATE workout SET note = 'zzz tempo' WHERE id = 1")
    assert _refs(search.search(conn, "zzz", kinds=["workout"])) == [("workout", 1)]
    assert ("workout", 1) in _refs(search.search(conn, "zzz", limit=many + 1))


# ------------------------------------------------- the first page is the first of all the matches, sorted

DAY_OF = {"writing": "day", "workout": "day", "reading": "COALESCE(finished, added)", "resource": "added"}
TABLE_OF = {"writing": "writing_entry", "workout": "workout", "reading": "reading_item", "resource": "resource"}


def _every_match(conn, typed: str, kinds=None) -> list[tuple[str, int]]:
    """Brute force: every match, each looked up, sorted as the list promises (title, day, id newest first)."""
    query = search.fts_query(typed)
    if query is None:
        return []
    exact = query.removesuffix("*")

    def matching(q: str) -> set[int]:
        return {r[0] for r in conn.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH ?", (q,))}

    wanted = {search.KINDS.index(k) for k in (kinds or search.KINDS)}
    found, used = {i for i in matching(exact) if i % 4 in wanted}, exact
    if len(found) < search.PREFIX_BELOW and query != exact:  # (the words as typed find too little: a prefix)
        found, used = {i for i in matching(query) if i % 4 in wanted}, query
    in_title = matching("{title}: (" + used + ")")
    keys = []
    for rowid in found:
        kind, ref = search.KINDS[rowid % 4], rowid // 4
        day = conn.execute(f"SELECT {DAY_OF[kind]} FROM {TABLE_OF[kind]} WHERE id = ?", (ref,)).fetchone()
        if day is not None:
            keys.append((rowid in in_title, day[0] or "", ref, -(rowid % 4), kind))
    return [(kind, ref) for _titled, _day, ref, _code, kind in sorted(keys, reverse=True)]


WORDS = ("common", "half", "rare", "run", "ru", "runn", "common half", "tempo run", "zzz")


def _history(conn, seed: int, n: int = 240) -> None:
    """Records of every kind, added in a shuffled order of their days: some old history imported late,
    books finished long after they were added, titles that hold the words or a longer word they begin."""
    rng = random.Random(seed)

    def text() -> str:
        words = ["common"] if rng.random() < 0.9 else []
        words += ["half"] if rng.random() < 0.4 else []
        words += ["rare"] if rng.random() < 0.03 else []
        words += [rng.choice(["run", "running", "runner", "tempo run", "walk"])] if rng.random() < 0.5 else []
        return " ".join(words + ["filler"])

    def day() -> str:
        return (date(2026, 11, 24) - timedelta(days=int(rng.expovariate(1 / 400)))).isoformat()

    def title() -> str | None:
        return rng.choice([None, None, text(), "Running notes", "Run", "Half a common title"])

    conn.execute("BEGIN")
    for i in range(n):
        kind = rng.choice(search.KINDS)
        if kind == "writing":
            conn.execute(writing.SQL_INSERT, (day(), title(), 10, text(), "[]", None, None, STAMP, STAMP))
        elif kind == "workout":
            conn.execute(workouts.SQL_INSERT, (rng.choice(["run", "swim"]), day(), None, 5000, 1500, None, None,
                                               None, title(), text(), "[]", "manual", None, STAMP, STAMP))
        elif kind == "reading":
            added = day()
            finished = rng.choice([None, max(added, day())])
            conn.execute(reading.SQL_INSERT, ("book", title() or "Untitled", "[]", None, None, None,
                                              "finished" if finished else "to-read", added, None, finished, None,
                                              text(), json.dumps(["half"] if rng.random() < 0.3 else []),
                                              "manual", None, STAMP, STAMP))
        else:
            conn.execute("INSERT INTO resource (url, title, kind, description, status, added, created_at, "
                         "updated_at) VALUES (?, ?, 'article', ?, 'new', ?, ?, ?)",
                         (f"https://example.org/{i}", title(), text(), rng.choice([day(), None]), STAMP, STAMP))
    conn.execute("COMMIT")


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("sizes", [None, (6, 4, 2), (40, 10, 3)], ids=["as-shipped", "tiny", "small"])
def test_the_first_page_is_the_first_of_every_match_sorted(conn, monkeypatch, seed, sizes):
    """Seeded histories against a brute-force sort of every match; with small CAP/WALK/GAP too, so that the
    way for common words (the newest records of each kind walked, the rest joined when too few) is taken."""
    if sizes:
        for name, value in zip(("CAP", "WALK", "GAP"), sizes, strict=True):
            monkeypatch.setattr(search, name, value)
    _history(conn, seed)
    for word in WORDS:
        for kinds in (None, ["workout"], ["reading", "resource"]):
            for limit in (1, 7, 20, 1000):
                got = _refs(search.search(conn, word, limit=limit, kinds=kinds))
                assert got == _every_match(conn, word, kinds)[:limit], (word, kinds, limit)


@pytest.mark.parametrize("sizes", [None, (6, 4, 2)], ids=["as-shipped", "tiny"])
def test_the_order_does_not_depend_on_the_length_of_the_list(conn, monkeypatch, sizes):
    """The first N of a list of M are the list of N (N <= M): a title that matches only as a prefix is not
    first in a long list and missing from a short one."""
    if sizes:
        for name, value in zip(("CAP", "WALK", "GAP"), sizes, strict=True):
            monkeypatch.setattr(search, name, value)
    _history(conn, 7, n=150)
    for word in WORDS:
        longest = search.search(conn, word, limit=10_000_000)
        for m in (1, 3, 20, 50):
            page = search.search(conn, word, limit=m)
            assert page == longest[:m], (word, m)


# ------------------------------------------------------------------------------------------------- cost

class _Counting:
    """A connection that counts the rows its statements hand back (what the search reads into Python)."""

    def __init__(self, conn) -> None:
        self.conn, self.rows = conn, 0

    def __getattr__(self, name):
        return getattr(self.conn, name)

    def execute(self, sql, params=()):
        rows = self.conn.execute(sql, params).fetchall()
        self.rows += len(rows)
        return _Rows(rows)


class _Rows(list):
    def fetchall(self):
        return list(self)

    def fetchone(self):
        return self[0] if self else None


def _rows_read(conn, query: str, limit: int = 20) -> int:
    counting = _Counting(conn)
    search.search(counting, query, limit=limit)  # type: ignore[arg-type]
    return counting.rows


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
def test_the_rows_a_search_reads_are_bounded_by_the_list_not_by_the_matches(conn, word):
    """Before: every match was scored (bm25 over 28,798 matches of "the" on 30 years: 84 ms). Now a word with
    more than CAP matches reads, per kind, its WALK newest records and those of them that match (twice: in
    a title, anywhere), then the page."""
    _many_writing(conn, 3 * CAP, "a common c word", title="Entry {i} common c")
    bound = 2 + 4 * (WALK + 2 * WALK + 2 * 20) + 20
    assert _rows_read(conn, word) <= bound
    # Inside SQLite: some 25,000-30,000 virtual machine steps here; joining and sorting all 3,000 matches
    # (CAP without a bound) takes 300,000.
    assert _steps(conn, word) <= 80, _steps(conn, word)
    assert len(search.search(conn, word)) == 20


def test_the_work_of_a_search_does_not_grow_with_the_matches(conn):
    """The same word in CAP + 1 entries and in ten times as many: about the same number of SQLite steps (bm25
    over all the matches took ten times more for ten times the matches; so would ranking them all)."""
    _many_writing(conn, CAP + 1, "the common word")
    few = {word: _steps(conn, word) for word in ("common", "comm", "the")}
    _many_writing(conn, 9 * CAP, "the common word", first_day=date(1970, 1, 1))
    many = {word: _steps(conn, word) for word in ("common", "comm", "the")}
    for word in few:
        assert many[word] <= few[word] * 1.5 + 5, (word, few[word], many[word])


def test_a_snippet_does_not_look_at_every_word_before_the_first_match(monkeypatch):
    """A long note with the word near its end: the tokens before it are skipped, not folded one by one."""
    looked_at: list[str] = []
    real = search._fold
    monkeypatch.setattr(search, "_fold", lambda text: looked_at.append(text) or real(text))
    body = " ".join(["steady"] * 3000 + ["quadratically", "at", "the", "end"]) + " · #tag"
    snippet = search._snippet(body, ["quadratically"], ("«", "»"))
    assert snippet == "…steady steady steady steady «quadratically» at the end · #tag"
    assert len(looked_at) < 40  # (the body once, the words shown; not 3,000 tokens)
