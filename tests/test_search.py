"""Full-text search: the index follows every change through triggers, any typed text is a safe query,
the backfill of migration 0003 indexes what was stored before it, and rebuild agrees with the triggers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from studylog.clock import FixedClock
from studylog.db import migrate
from studylog.db.opening import open_database
from studylog.db.sqlite import connect
from studylog.domain.values import NewReading, NewResource, NewWorkout, NewWriting
from studylog.services import dbcheck, reading, resources, search, workouts, writing
from studylog.services.search import SearchHit, fts_query

TODAY = date(2026, 11, 24)


def _refs(hits: list[SearchHit]) -> list[tuple[str, int]]:
    return [(h.kind, h.ref) for h in hits]


def _add_writing(conn, clock, **fields) -> int:
    fields.setdefault("day", TODAY)
    return writing.add(conn, NewWriting(**fields), now=clock.now()).id


def _add_workout(conn, clock, **fields) -> int:
    fields.setdefault("sport", "run")
    fields.setdefault("day", TODAY)
    if not fields.get("distance_m"):
        fields.setdefault("duration_s", 1800.0)  # (a workout holds a distance or a time)
    return workouts.add(conn, NewWorkout(**fields), now=clock.now()).id


def _add_reading(conn, clock, **fields) -> int:
    return reading.add(conn, NewReading(**fields), now=clock.now(), today=TODAY).id


def _add_resource(conn, clock, **fields) -> int:
    stored, created = resources.add(conn, NewResource(**fields), now=clock.now(), today=TODAY)
    assert created
    return stored.id


def _index(conn) -> list[tuple]:
    """Every indexed word of every entry (rowid, column, word, position): what the contentless index holds."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab USING fts5vocab(main, search_fts, instance)")
    return [tuple(r) for r in conn.execute("SELECT doc, col, term, offset FROM temp.search_vocab "
                                           "ORDER BY doc, col, offset")]


def _entries(index: list[tuple]) -> int:
    return len({doc for doc, *_ in index})


def _words(conn, rowid: int) -> set[str]:
    return {term for doc, _col, term, _offset in _index(conn) if doc == rowid}


# ------------------------------------------------------------------------------- what is indexed, and when

def test_every_kind_is_found_after_insert_with_its_display_fields(conn, clock):
    w = _add_writing(conn, clock, title="Tokenizers", note="byte pair encoding", tags=("nlp", "essay"),
                     day=TODAY - timedelta(days=2))
    o = _add_workout(conn, clock, title="Hill repeats", note="legs felt heavy", sport="run", distance_m=8000,
                     duration_s=2700, tags=("hills",), day=TODAY - timedelta(days=1))
    r = _add_reading(conn, clock, title="The Pragmatic Programmer", authors=("Andrew Hunt", "David Thomas"),
                     review="timeless advice", tags=("craft",), status="finished", finished=date(2026, 3, 1))
    s = _add_resource(conn, clock, url="https://distill.pub/2016/augmented-rnns/", title="Augmented RNNs",
                      topic="Deep Learning/RNN", description="attention and memory", note="read twice")

    assert search.search(conn, "tokenizers") == [
        SearchHit("writing", w, "Tokenizers", "«Tokenizers»", TODAY - timedelta(days=2))]
    assert _refs(search.search(conn, "byte pair")) == [("writing", w)]
    assert _refs(search.search(conn, "essay")) == [("writing", w)]  # a tag
    assert _refs(search.search(conn, "heavy")) == [("workout", o)]
    assert _refs(search.search(conn, "hills")) == [("workout", o)]
    assert search.search(conn, "hill repeats")[0].day == TODAY - timedelta(days=1)
    assert _refs(search.search(conn, "thomas")) == [("reading", r)]  # an author
    assert _refs(search.search(conn, "timeless")) == [("reading", r)]
    hit = search.search(conn, "pragmatic")[0]
    assert (hit.title, hit.day) == ("The Pragmatic Programmer", date(2026, 3, 1))  # finished, not added
    assert _refs(search.search(conn, "memory")) == [("resource", s)]
    assert _refs(search.search(conn, "twice")) == [("resource", s)]
    assert _refs(search.search(conn, "rnn")) == [("resource", s)]  # title and topic
    assert _refs(search.search(conn, "distill")) == [("resource", s)]  # the host
    assert search.search(conn, "augmented")[0].day == TODAY  # added
    assert search.search(conn, "2016") == []  # the path of the URL is not indexed


def test_display_titles_for_rows_without_one(conn, clock):
    w = _add_writing(conn, clock, note="Morning pages about gradient descent and why it works at all, "
                                       "and a second line\nthat is not shown")
    o = _add_workout(conn, clock, sport="run", distance_m=5000, duration_s=1500, note="negative split")
    bare = _add_workout(conn, clock, sport="swim", note="drills only")
    s = _add_resource(conn, clock, url="https://example.org/gradients", description="gradient notes")
    assert search.search(conn, "morning")[0].title.startswith("Morning pages about gradient descent")
    assert len(search.search(conn, "morning")[0].title) <= 60
    assert search.search(conn, "negative") == [
        SearchHit("workout", o, "run 5.0 km", "«negative» split · run", TODAY)]
    assert search.search(conn, "drills")[0].title == "swim"
    assert search.search(conn, "gradient", kinds=["resource"])[0].title == "https://example.org/gradients"
    assert {("writing", w), ("resource", s)} <= set(_refs(search.search(conn, "gradient")))
    assert ("workout", bare) in _refs(search.search(conn, "swim"))


def test_json_lists_are_indexed_as_words_without_json_punctuation(conn, clock):
    r = _add_reading(conn, clock, title="SICP", authors=('Harold "Hal" Abelson', "Gerald Sussman"),
                     tags=("lisp", "classic"))
    assert _refs(search.search(conn, "hal")) == [("reading", r)]
    assert _refs(search.search(conn, "sussman classic")) == [("reading", r)]
    assert _words(conn, r * 4 + 2) == {"sicp", "harold", "hal", "abelson", "gerald", "sussman", "lisp", "classic"}


def test_a_row_with_broken_json_can_still_be_stored_and_found(conn):
    stamp = "2026-11-24 12:00:00.000000"
    conn.execute("INSERT INTO writing_entry (day, title, tags, created_at, updated_at) "
                 "VALUES ('2026-11-24', 'legacy row', '[not json', ?, ?)", (stamp, stamp))
    assert [h.title for h in search.search(conn, "legacy")] == ["legacy row"]


def _change_writing(conn, clock, ref, text):
    writing.update(conn, ref, {"title": text}, now=clock.now())


def _change_workout(conn, clock, ref, text):
    workouts.update(conn, ref, {"note": text}, now=clock.now())


def _change_reading(conn, clock, ref, text):
    reading.update(conn, ref, {"review": text}, now=clock.now())


def _change_resource(conn, clock, ref, text):
    # Straight SQL: the trigger is what is under test, whatever service does the editing.
    conn.execute("UPDATE resource SET description = ? WHERE id = ?", (text, ref))


KIND_CASES = {
    "writing": (lambda c, k: _add_writing(c, k, title="zebra crossing", note="stripes"), _change_writing,
                lambda c, ref: writing.delete(c, ref)),
    "workout": (lambda c, k: _add_workout(c, k, note="zebra crossing", distance_m=3000), _change_workout,
                lambda c, ref: workouts.delete(c, ref)),
    "reading": (lambda c, k: _add_reading(c, k, title="Stripes", review="zebra crossing"), _change_reading,
                lambda c, ref: reading.delete(c, ref)),
    "resource": (lambda c, k: _add_resource(c, k, url="https://example.org/z", description="zebra crossing"),
                 _change_resource, lambda c, ref: c.execute("DELETE FROM resource WHERE id = ?", (ref,))),
}


@pytest.mark.parametrize("kind", sorted(KIND_CASES))
def test_an_update_changes_what_is_found_and_a_delete_removes_the_hit(conn, clock, kind):
    add, change, delete = KIND_CASES[kind]
    other = _add_writing(conn, clock, note="a zebra elsewhere")  # untouched by the changes below
    ref = add(conn, clock)
    assert (kind, ref) in _refs(search.search(conn, "zebra crossing"))
    change(conn, clock, ref, "giraffe meadow")
    assert search.search(conn, "crossing") == []
    assert _refs(search.search(conn, "giraffe meadow")) == [(kind, ref)]
    assert _refs(search.search(conn, "zebra")) == [("writing", other)]
    delete(conn, ref)
    assert search.search(conn, "giraffe") == []
    assert _refs(search.search(conn, "zebra")) == [("writing", other)]
    assert conn.execute("SELECT COUNT(*) FROM search_fts").fetchone()[0] == 1


def test_a_change_to_a_column_that_is_not_indexed_leaves_the_entry_alone(conn, clock):
    ref = _add_resource(conn, clock, url="https://example.org/x", title="Kalman filters")
    before = _index(conn)
    traced: list[str] = []
    conn.set_trace_callback(traced.append)
    try:
        resources.set_status(conn, ref, "done", now=clock.now(), today=TODAY)
    finally:
        conn.set_trace_callback(None)
    assert not [sql for sql in traced if "search_fts" in sql]  # the update trigger did not fire
    assert _index(conn) == before
    assert search.search(conn, "kalman")[0].ref == ref


def test_the_index_has_its_twelve_triggers(conn):
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    expected = {f"{table}_search_fts_{action}" for table in ("writing_entry", "workout", "reading_item", "resource")
                for action in ("insert", "update", "delete")}
    # A batch migration that rebuilds one of these tables drops its triggers: this test says so.
    assert expected <= names


def test_a_stale_entry_without_its_row_is_not_returned(conn):
    conn.execute("INSERT INTO search_fts (rowid, title, body) VALUES (4000, 'ghost', '')")
    assert search.search(conn, "ghost") == []


# ------------------------------------------------------------------------------------------ the queries

@pytest.fixture
def library(conn, clock):
    """A few rows to search in; returns their ids by name."""
    return {
        "attention": _add_reading(conn, clock, title="Attention Is All You Need", kind="paper",
                                  authors=("Ashish Vaswani",), review="transformers from scratch"),
        "cafe": _add_writing(conn, clock, title="Notes from the café", note="deep learning over coffee"),
        "body": _add_writing(conn, clock, title="Weekly log", note="paid attention to sleep this week, "
                                                                   "and to deep work"),
        "run": _add_workout(conn, clock, title="Tempo run", note="deep focus, eyes on the attention span"),
        "markup": _add_writing(conn, clock, title="[bold]Rich[/] markup", note="literal [red]brackets[/red]"),
    }


def test_prefix_search_while_typing(conn, library):
    for typed in ("at", "att", "atten", "attent", "attention"):  # from the second letter on
        assert ("reading", library["attention"]) in _refs(search.search(conn, typed)), typed
    assert ("writing", library["cafe"]) in _refs(search.search(conn, "deep learn"))
    assert search.search(conn, "attentionx") == []


def test_accents_and_case_do_not_matter(conn, library):
    for typed in ("cafe", "café", "CAFÉ", "Cafe"):
        assert _refs(search.search(conn, typed)) == [("writing", library["cafe"])], typed
    assert "«café»" in search.search(conn, "cafe")[0].snippet
    assert _refs(search.search(conn, "VASWANI")) == [("reading", library["attention"])]


def test_several_words_must_all_match(conn, library):
    assert set(_refs(search.search(conn, "deep"))) == {
        ("writing", library["cafe"]), ("writing", library["body"]), ("workout", library["run"])}
    assert set(_refs(search.search(conn, "deep attention"))) == {
        ("writing", library["body"]), ("workout", library["run"])}
    assert _refs(search.search(conn, "deep attention sleep")) == [("writing", library["body"])]
    assert search.search(conn, "deep attention giraffe") == []


def test_kinds_filter(conn, library):
    assert _refs(search.search(conn, "attention", kinds=["workout"])) == [("workout", library["run"])]
    assert {h.kind for h in search.search(conn, "attention", kinds=("writing", "reading"))} == {"writing", "reading"}
    assert search.search(conn, "attention", kinds=[]) == []
    with pytest.raises(ValueError, match="unknown kind"):
        search.search(conn, "attention", kinds=["note"])


def test_limit(conn, library):
    assert len(search.search(conn, "attention")) == 3
    assert len(search.search(conn, "attention", limit=2)) == 2
    assert search.search(conn, "attention", limit=2) == search.search(conn, "attention")[:2]
    assert search.search(conn, "attention", limit=0) == []


def test_a_title_match_ranks_above_a_body_only_match(conn, clock, library):
    hits = _refs(search.search(conn, "attention"))
    assert hits[0] == ("reading", library["attention"])
    # Even against a body that says the word more often.
    _add_writing(conn, clock, title="Mostly about something else",
                 note="attention attention attention, and more attention")
    title = _add_writing(conn, clock, title="On attention", note="short")
    ranked = _refs(search.search(conn, "attention"))
    assert ranked.index(("writing", title)) < ranked.index(("writing", library["body"]))
    assert set(ranked[:2]) == {("writing", title), ("reading", library["attention"])}


def test_snippets_mark_the_match_with_the_callers_markers(conn, library):
    hit = search.search(conn, "sleep", mark=("[reverse]", "[/reverse]"))[0]
    assert "[reverse]sleep[/reverse]" in hit.snippet
    assert len(hit.snippet) < 120
    body_hit = next(h for h in search.search(conn, "span") if h.kind == "workout")
    assert "«span»" in body_hit.snippet and body_hit.title == "Tempo run"


def test_text_that_looks_like_markup_comes_back_as_it_is(conn, library):
    hit = search.search(conn, "brackets")[0]
    assert hit.title == "[bold]Rich[/] markup"
    assert hit.snippet == "literal [red]«brackets»[/red]"
    assert search.search(conn, "[bold]")[0].title == "[bold]Rich[/] markup"


def test_fts_query_quotes_every_word_and_makes_the_last_a_prefix():
    assert fts_query("deep learn") == '"deep" "learn"*'
    assert fts_query('  "deep"  AND   (learn*) ') == '"deep" "AND" "(learn*)"*'
    assert fts_query("node.js") == '"node.js"*'
    assert fts_query("a\x00b") == '"a" "b"'  # a one-letter last word is not a prefix (it would match all)
    assert fts_query("deep l") == '"deep" "l"'
    for nothing in ("", "   ", "***", '" " "', "- : ( ) ^ +", "🎉 🚀", "\x00"):
        assert fts_query(nothing) is None, nothing


HOSTILE = [
    '"', '""', '"""', "'", "attention\"", '"attention', "AND", "OR", "NOT", "NEAR", "attention AND",
    "OR attention", "NOT attention", "attention NOT", "NEAR(attention deep)", "NEAR(attention deep, 2)",
    "*", "**", "attention*", "*attention", "(", ")", "(attention", "attention)", "((()))", ":", "title:",
    "title:attention", "body: deep", "kind:writing", "-", "-attention", "attention -deep", "^", "^attention",
    "+", "+attention", "{title body}: deep", "attention + deep", "a\x00b", "\x00", "\\", "\\\"", "%", "_",
    "?", "'; DROP TABLE search_fts; --", "rank", "bm25", "漢字", "日本語のテキスト", "Ünïcödé", "ﬁne",
    "🎉", "attention 🎉", "🎉attention", "\u200b", "\u0301", "e\u0301", "\ud800", "x\udfffy", "\t\n\r",
    "attention " * 500, "a" * 100_000, "deep " * 20_000,
]


@pytest.mark.parametrize("typed", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_never_raise(conn, library, typed):
    hits = search.search(conn, typed)
    assert isinstance(hits, list) and len(hits) <= 20


def test_punctuation_only_queries_find_nothing(conn, library):
    for typed in ("", "   ", "***", '"', "()", "- : ^", "🎉"):
        assert search.search(conn, typed) == [], typed


@pytest.fixture(scope="module")
def shared_conn(tmp_path_factory):
    clock = FixedClock(TODAY)
    connection = open_database(tmp_path_factory.mktemp("search") / "studylog.db", clock)
    _add_writing(connection, clock, title="Attention", note="deep learning café [b]x[/b] NEAR AND OR")
    _add_reading(connection, clock, title="Deep Work", authors=("Cal Newport",))
    yield connection
    connection.close()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=st.text(), kinds=st.none() | st.lists(st.sampled_from(search.KINDS), unique=True),
       limit=st.integers(min_value=-1, max_value=50))
@example(typed='"deep" NEAR/2 (x', kinds=None, limit=5)
def test_any_text_is_a_safe_query(shared_conn, typed, kinds, limit):
    hits = search.search(shared_conn, typed, kinds=kinds, limit=limit)
    assert len(hits) <= max(limit, 0)
    assert all(kinds is None or h.kind in kinds for h in hits)


# ----------------------------------------------------------------------------- cost, migration, rebuild

def test_a_search_is_a_few_statements_whatever_the_number_of_hits(conn, clock):
    """The matches ranked and the page's text read: two statements, not one per hit (a word with more than
    CAP matches takes at most three more per kind)."""
    for i in range(40):
        _add_writing(conn, clock, title=f"entry {i}", note="common word" if i % 2 else "rare word")
    counted: list[str] = []
    # Statements studylog runs; FTS5's own lookups inside a statement are traced with a leading '-- '.
    conn.set_trace_callback(lambda sql: None if sql.startswith("-- ") else counted.append(sql))
    try:
        few = search.search(conn, "rare", limit=3)
        statements_few = len(counted)
        counted.clear()
        many = search.search(conn, "word", limit=40)
        statements_many = len(counted)
    finally:
        conn.set_trace_callback(None)
    assert (len(few), len(many)) == (3, 40)
    assert statements_few == statements_many == 2


def test_rows_stored_before_the_index_existed_are_searchable_after_the_upgrade(db_path, clock):
    migrate.upgrade(db_path, clock, target="0002")
    old = connect(db_path)
    assert old.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'search_fts'").fetchone()[0] == 0
    w = _add_writing(old, clock, title="Backfilled essay", note="written before search", tags=("legacy",))
    o = _add_workout(old, clock, sport="ride", distance_m=40000, duration_s=5400, note="windy backfill")
    r = _add_reading(old, clock, title="Old Book", authors=("Jane Backfill",), review="fine")
    s = _add_resource(old, clock, url="https://backfill.example.com/page", title="A page")
    stamp = "2026-11-24 12:00:00.000000"
    raw = old.execute("INSERT INTO writing_entry (day, note, tags, created_at, updated_at) "
                      "VALUES ('2026-11-01', 'raw sql backfill row', '[\"x\", \"y\"]', ?, ?)",
                      (stamp, stamp)).lastrowid
    old.close()

    conn = open_database(db_path, clock)  # upgrades to head
    try:
        found = set(_refs(search.search(conn, "backfill")))
        assert {("writing", raw), ("workout", o), ("reading", r), ("resource", s)} <= found
        assert _refs(search.search(conn, "backfilled legacy")) == [("writing", w)]
        assert search.search(conn, "windy")[0].title == "ride 40.0 km"
        # The triggers work on the upgraded database, and the backfill agrees with rebuild.
        _add_writing(conn, clock, title="After the upgrade")
        assert len(search.search(conn, "upgrade")) == 1
        before = _index(conn)
        assert search.rebuild(conn) == _entries(before) == 6
        assert _index(conn) == before
    finally:
        conn.close()
    assert migrate.schema_differences(db_path) == []
    assert dbcheck.check(db_path).ok


def test_downgrade_drops_the_index_and_its_triggers(db_path, clock):
    from alembic import command

    migrate.upgrade(db_path, clock)
    config = migrate.alembic_config()
    engine = migrate.make_engine(f"sqlite:///{db_path}")
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0002")
    finally:
        engine.dispose()
    conn = connect(db_path)
    try:
        left = conn.execute("SELECT name FROM sqlite_master WHERE name LIKE '%search_fts%'").fetchall()
        assert left == []
        _add_writing(conn, clock, title="still writable")
    finally:
        conn.close()


def test_rebuild_gives_what_the_triggers_gave(conn, clock, library):
    s = _add_resource(conn, clock, url="https://user:secret@www.Example.org:8443/a/b?q=1#part", title="Odd URL",
                      topic="Maths/Linear Algebra", description="matrices", note="first line\nsecond\tline")
    _add_workout(conn, clock, sport="hike", note="ridge\nwalk", tags=("alps", "snow"))
    writing.update(conn, library["body"], {"tags": ("review", "weekly")}, now=clock.now())
    reading.delete(conn, library["attention"])
    by_triggers = _index(conn)
    results = [search.search(conn, q) for q in ("deep", "attention", "example", "ridge", "weekly", "linear")]
    assert search.rebuild(conn) == _entries(by_triggers)
    assert _index(conn) == by_triggers
    assert [search.search(conn, q) for q in ("deep", "attention", "example", "ridge", "weekly", "linear")] == results
    assert _words(conn, s * 4 + 3) == {"odd", "url", "matrices", "first", "line", "second", "maths", "linear",
                                       "algebra", "www", "example", "org", "8443"}  # no "user", no "secret"


def test_rebuild_repairs_an_index_that_lost_entries(conn, clock, library):
    conn.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
    assert search.search(conn, "attention") == []
    assert search.rebuild(conn) == len(library)
    assert len(search.search(conn, "attention")) == 3


def test_migration_and_service_describe_the_same_indexed_text(db_path, clock):
    """Fill every field of every kind, then compare what the triggers stored with what rebuild stores."""
    conn = open_database(db_path, clock)
    try:
        _add_writing(conn, clock, title="t", note="n\n1", tags=("a", "b"), challenge="c", url="https://x.org")
        _add_workout(conn, clock, title="t", note="n\t2", sport="swim", tags=("c",), distance_m=1500)
        _add_reading(conn, clock, title="t", authors=("A B", "C D"), review="r\n3", tags=("d", "e"))
        _add_resource(conn, clock, url="http://h.example/p", title="t", topic="T/U", description="d", note="n")
        stored = _index(conn)
        search.rebuild(conn)
        assert _entries(stored) == 4
        assert _index(conn) == stored
    finally:
        conn.close()


def test_a_match_in_the_title_only_never_walks_the_notes_text(conn, clock, monkeypatch):
    """Issue 15: a word found only in titles ("wins") made a snippet attempt over every character of each
    hit's 300-word note (57,000 character checks for ten searches, 25-35 ms); the folded text now says at
    once that the word is not in it. A deterministic proxy for the time: the characters looked at."""
    from datetime import date, timedelta

    from studylog.domain.values import NewWriting
    from studylog.services import search as service
    from studylog.services import writing

    note = " ".join(["steady"] * 300)
    for n in range(20):
        writing.add(conn, NewWriting(day=date(2026, 11, 1) + timedelta(days=n), words=300, title=f"Small wins {n}",
                                     note=note), now=clock.now())
    looked_at = []
    real = service._is_word_char
    monkeypatch.setattr(service, "_is_word_char", lambda ch: looked_at.append(ch) or real(ch))
    hits = service.search(conn, "wins", limit=20)
    assert len(hits) == 20 and all("«wins»" in h.snippet for h in hits)  # (the title's words, marked)
    assert len(looked_at) < 20 * 40  # the titles' characters; the notes' 2,100 each are never looked at
