"""Full-text search over writing entries, workouts, reading items and resources.

The index is the contentless FTS5 table ``search_fts`` (migration 0004), kept in step by triggers on
the four tables: its rowid is ``ref * 4 + kind code``, ``title`` and ``body`` hold the row's words
(accents folded, any case); the text itself stays in its own table.

The order (issue 15): **records whose title holds the words first, then the rest; in each, the newest
first** (the record's day: written, worked out, finished or else added reading, added resource; then the
last added first). Someone searching their own log is looking for a thing they wrote or did: its title
names it, and of many mentions the recent ones are the ones they remember and the ones still true. bm25
("best match") was the order before; it was dropped because it has to score every match (84 ms for "the"
over 30 years: FTS5 reads each match's position lists and lengths) and because, for the common words that
make it slow, it says little (a word in most records has next to no weight; the shortest records win).

The list is exactly the first ``limit`` of ALL the matches in that order, whatever the order the records
were added in (an import of years of old history after recent entries, a book added long ago and finished
today) and whatever ``limit`` is. What matches: every word, the last one as typed; the last one is read as
a prefix ('atten' finds attention) only while the words as typed find fewer than ``PREFIX_BELOW`` records
(of the kinds asked for) -- a rule that does not depend on the list's length, so the first N of a list of
M are the list of N. (A prefix makes FTS5 merge the postings of every word it begins, which is not free.)
Whether a title holds the words is asked of the index itself (``{title}: ...``), as it matched them.

How, without ranking every match of a common word (the index can only be walked in rowid order, that is
the order records were added, not their days):
- ``FTS_ALL``: a walk down the index for the query, rowids only, that stops after ``CAP + 1``. When it
  stops before (up to ``CAP`` matches, which covers nearly every word), those are all the matches: they are
  joined to their rows (their day), the title matches found, sorted, and the page taken, in one statement.
  A join costs 2-4 microseconds a row on 30 years of the demo (the rows are not all in SQLite's cache),
  which is what bounds ``CAP``.
- Beyond ``CAP`` (a common word), each kind asked for gives its own first ``limit`` (``_common``), and the
  list is the first ``limit`` of those. A kind's ``WALK`` records of the newest days are read by its day
  (writing entries, workouts and resources through the index of their day, migration 0009 for resources;
  reading items, finished else added, have none: they are few, sorted whole, and that order is kept per
  connection until the database changes: ``PRAGMA data_version`` or a change made through the connection).
  Which of them match, anywhere or in the title, is asked of the index over the spans of rowids they cover, all kinds at once (``FTS_SPANS``: one read of a common word's postings per span, where
  testing each record alone would cost some 20 microseconds; one span for a prefix, whose postings FTS5
  merges again for each). When those hold ``limit`` matches (``limit`` title matches), they are the kind's
  newest, exactly; when the kind has no more records, they are all its matches. Otherwise the word (the
  word in a title) is rare in that kind's recent records, and every match (title match) of the kind is
  joined to its row, the newest ``limit`` kept (``FTS_NEWEST``, ``FTS_NEWEST_TITLED``: one walk of all
  the word's postings for all such kinds at once, joins for those kinds' only; a join is 1-3 microseconds,
  each looking in its own table only). The non-title matches are not looked for so when the walks already
  found ``limit`` title matches. (Walking eight times as many records first was tried: dearer on the demo.)
So a search reads at most ``CAP + 1`` rowids and joins at most ``CAP`` rows for a word with few matches;
for a common word it reads per kind ``WALK`` records by day and the postings over their spans, and, only
for a kind where the word is rare among its recent records, the word's postings and that kind's matches
(the one cost that grows with the matches: a word common in a kind's old records and absent from its
recent ones, or found in few of its recent titles, as "and" in writing titles on the demo: 595 joined).
Over 30 years of the demo the top 20 takes 1-13 ms for the words of bench/search.py (``CAP`` 1,000; "the":
28,797 matches; `make bench` has the latest figures).

Statements on the index are named ``FTS_*``; tests/test_services.py prepares them, with every other SQL
text of services/, against a database the migrations made (where the virtual table and its triggers are).
"""

from __future__ import annotations

import heapq
import json
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from typing import NamedTuple

from studylog import text
from studylog.db.sqlite import from_sql_date, transaction
from studylog.domain.kinds import SEARCHED

KINDS = tuple(kind.name for kind in SEARCHED)
TABLES = ("writing_entry", "workout", "reading_item", "resource")  # by kind code (the rowid's ref * 4 + code)
MAX_WORDS = 32  # words of a query beyond these are ignored (all must match: more only narrows)
SNIPPET_TOKENS = 12
CAP = 1000  # matches up to which all of them are ranked (beyond: the word is common, see the docstring)
WALK = 200  # records of one kind looked at newest day first, for a common word, before its matches are joined
GAP = 32  # ids between two of those records beyond which the index is read over two spans, not one
PREFIX_BELOW = 20  # the last word is read as a prefix while the words as typed find fewer records than this

# The day of a record as the list shows it (t: the kind's table), by kind code.
DAYS = ("t.day", "t.day", "COALESCE(t.finished, t.added)", "t.added")
_IN_TITLE = "'{title}: (' || :match || ')'"
_KINDS_WANTED = "(:codes IS NULL OR instr(:codes, rowid % 4))"  # (:codes: the kinds wanted, as digits)
_JOINED = (  # (each hit's row, looked up in its own table only: the other three are asked for NULL, at no cost)
    "LEFT JOIN writing_entry AS w ON w.id = CASE hit.code WHEN 0 THEN hit.ref END "
    "LEFT JOIN workout AS o ON o.id = CASE hit.code WHEN 1 THEN hit.ref END "
    "LEFT JOIN reading_item AS r ON r.id = CASE hit.code WHEN 2 THEN hit.ref END "
    "LEFT JOIN resource AS s ON s.id = CASE hit.code WHEN 3 THEN hit.ref END "
)

FTS_ALL = (
    # Every match (of the kinds wanted), as long as there are no more than :cap: a walk down the index that
    # reads rowids only. Then, only if it ended within :cap, the title matches and each match's day, and the
    # first :limit in the list's order. The first column says how many matches were found (:cap + 1: more).
    "WITH cand(id) AS MATERIALIZED (SELECT rowid FROM search_fts WHERE search_fts MATCH :match "
    f"  AND {_KINDS_WANTED} ORDER BY rowid DESC LIMIT :cap + 1), "
    "total(n) AS (SELECT count(*) FROM cand), "
    "titled(id) AS MATERIALIZED (SELECT rowid FROM search_fts "
    f"  WHERE search_fts MATCH {_IN_TITLE} AND (SELECT n FROM total) <= :cap), "
    "hit(code, ref, titled) AS (SELECT id % 4, id / 4, id IN titled FROM cand WHERE (SELECT n FROM total) <= :cap), "
    "page(code, ref, titled, day) AS (SELECT hit.code, hit.ref, hit.titled, "
    "  COALESCE(w.day, o.day, r.finished, r.added, s.added) AS day FROM hit " + _JOINED
    + "  WHERE COALESCE(w.id, o.id, r.id, s.id) IS NOT NULL "
    "  ORDER BY hit.titled DESC, day DESC, hit.ref DESC, hit.code ASC LIMIT :limit) "
    "SELECT (SELECT n FROM total) AS total, page.code AS code, page.ref AS ref, page.titled AS titled, "
    "page.day AS day FROM (SELECT 1) LEFT JOIN page"
)


def _walk(code: int) -> str:
    """A common word, one kind: its :walk records of the newest days (and ids), newest first."""
    table, day = TABLES[code], DAYS[code]
    return f"SELECT t.id AS ref, {day} AS day FROM {table} AS t ORDER BY {day} DESC, t.id DESC LIMIT :walk"


def _found(match: str, titled: int) -> str:
    return (f"SELECT search_fts.rowid AS id, {titled} AS titled FROM span CROSS JOIN search_fts "
            f"WHERE search_fts MATCH {match} AND search_fts.rowid BETWEEN span.lo AND span.hi "
            "AND search_fts.rowid + 0 IN walked")  # (+ 0: the spans, not these rowids, are what the index is asked)


FTS_SPANS = (
    # Which of the records walked (:ids, their rowids) match, anywhere (titled 0) or in the title (1): the
    # index is read over spans of rowids (:spans, a JSON array of [lo, hi]), a common word's postings in one go.
    "WITH span(lo, hi) AS (SELECT value ->> 0, value ->> 1 FROM json_each(:spans)), "
    "walked(id) AS (SELECT value FROM json_each(:ids)) "
    f"{_found(':match', 0)} UNION ALL {_found(_IN_TITLE, 1)}"
)


FTS_WALK = tuple(_walk(code) for code in range(len(TABLES)))


def _newest_matches(match: str) -> str:
    """A common word, the kinds (:codes, digits) whose newest records hold too few of its matches: every
    match of those kinds (``match``: the words, or the words in a title), joined to its record, the newest
    :limit of each kind. (One walk of the word's postings, whatever the number of kinds.)"""
    return ("WITH hit(code, ref) AS (SELECT rowid % 4, rowid / 4 FROM search_fts "
            f"  WHERE search_fts MATCH {match} AND instr(:codes, rowid % 4)), "
            "dated(code, ref, day) AS (SELECT hit.code, hit.ref, COALESCE(w.day, o.day, r.finished, r.added, s.added) "
            "  FROM hit " + _JOINED + "WHERE COALESCE(w.id, o.id, r.id, s.id) IS NOT NULL), "
            "ranked(code, ref, day, n) AS (SELECT code, ref, day, "
            "  row_number() OVER (PARTITION BY code ORDER BY day DESC, ref DESC) FROM dated) "
            "SELECT code, ref, day FROM ranked WHERE n <= :limit")


FTS_NEWEST = _newest_matches(":match")
FTS_NEWEST_TITLED = _newest_matches(_IN_TITLE)

FTS_SHOW = (
    # The hits of a page, their text: :ids, the page's rowids (ref * 4 + code) as a JSON array.
    "WITH hit(code, ref) AS (SELECT value % 4, value / 4 FROM json_each(:ids)) "
    "SELECT hit.code AS code, hit.ref AS ref, "
    "COALESCE(w.title, o.title, r.title, s.title) AS title, "
    "COALESCE(w.day, o.day, r.finished, r.added, s.added) AS day, "
    "COALESCE(w.note, o.note, r.review, s.description) AS text, "
    "COALESCE(w.tags, o.tags, r.tags) AS tags, r.authors AS authors, s.note AS resource_note, "
    "s.topic AS topic, o.sport AS sport, o.distance_m AS distance_m, s.url AS url "
    "FROM hit " + _JOINED + "WHERE COALESCE(w.id, o.id, r.id, s.id) IS NOT NULL"
)
FTS_CLEAR = "INSERT INTO search_fts (search_fts) VALUES ('delete-all')"
FTS_OPTIMIZE = "INSERT INTO search_fts (search_fts) VALUES ('optimize')"
FTS_COUNT = "SELECT COUNT(*) FROM search_fts"


class SearchHit(NamedTuple):
    kind: str  # writing | workout | reading | resource
    ref: int  # the row's id in its table
    title: str  # a display title (a writing entry without one: the start of its note)
    snippet: str  # a short piece of the matching text, the matches between the caller's markers
    day: date | None  # writing/workout day; reading finished (else added); resource added


# ---------------------------------------------------------------------------------------- the query

def _is_word_char(ch: str) -> bool:
    # What FTS5's unicode61 tokenizer keeps as part of a word: letters, numbers, marks, private use.
    category = unicodedata.category(ch)
    return category[0] in "LNM" or category == "Co"


def fts_query(typed: str) -> str | None:
    """What a person typed as a safe FTS5 query: each word quoted (so nothing in it is FTS5 syntax), all
    words required, the last one a prefix (typing 'deep learn' finds 'deep learning'); None when there
    is no word to look for.

    Words are split at white space only; inside the quotes FTS5 splits them as it split the indexed
    text, so 'node.js' is the phrase 'node js'. Quotes and control characters are dropped (FTS5 reads
    a NUL as the end of the query), as are lone surrogates (they cannot be sent to SQLite).
    """
    cleaned = "".join(" " if ch == '"' or unicodedata.category(ch) in ("Cc", "Cs") else ch for ch in typed)
    words = [w for w in cleaned.split() if any(_is_word_char(ch) for ch in w)][:MAX_WORDS]
    if not words:
        return None
    # A one-letter word is not a prefix: "a*" matches nearly every entry and tells the reader nothing yet.
    return " ".join(f'"{w}"' for w in words) + ("*" if len(words[-1]) > 1 else "")


# --------------------------------------------------------------------------------------------- search

def _display_title(row: sqlite3.Row) -> str:
    if row["title"]:
        return row["title"]
    kind = KINDS[row["code"]]
    if kind == "writing":
        return text.one_line(row["text"], 60) or f"writing on {row['day']}"
    if kind == "workout":
        if row["distance_m"]:
            return f"{row['sport']} {row['distance_m'] / 1000:.1f} km"
        return row["sport"]
    if kind == "resource":
        return row["url"]
    return f"{kind} #{row['ref']}"


def search(conn: sqlite3.Connection, query: str, *, limit: int = 20, kinds: Sequence[str] | None = None,
           mark: tuple[str, str] = ("«", "»")) -> list[SearchHit]:
    """What a person typed, found: title matches first, then the rest, the newest first in each (see the
    module's docstring); any text is a query (it never raises for odd input).

    At most ``limit`` hits; ``kinds`` keeps some of writing/workout/reading/resource. The hits are the first
    ``limit`` of all the matches in that order, whatever ``limit`` is. A few statements whatever the number
    of hits; the rows read are bounded by ``CAP`` and ``limit`` for most words (see the docstring). Titles
    and snippets are the stored text as it is (markup included): show them as text.
    """
    if kinds is not None:
        unknown = [k for k in kinds if k not in KINDS]
        if unknown:
            raise ValueError(f"unknown kind {unknown[0]!r}; one of {', '.join(KINDS)}")
    typed = fts_query(query)
    if typed is None or limit <= 0 or (kinds is not None and not kinds):
        return []
    exact = typed.removesuffix("*")
    codes = sorted({KINDS.index(k) for k in kinds}) if kinds is not None else list(range(len(KINDS)))
    cap = max(CAP, PREFIX_BELOW)  # (the number found tells whether the prefix is needed)
    params: dict[str, str | int | None] = {"match": exact, "cap": cap, "limit": limit,
              "codes": None if kinds is None else "".join(str(code) for code in codes)}
    rows = conn.execute(FTS_ALL, params).fetchall()
    if rows[0]["total"] < PREFIX_BELOW and typed != exact:  # (the words as typed find too little: the prefix)
        params["match"] = typed
        rows = conn.execute(FTS_ALL, params).fetchall()
    if rows[0]["total"] <= cap:
        page = [_Key(row["titled"], row["day"] or "", row["ref"], row["code"]) for row in rows
                if row["code"] is not None]
    else:
        page = _common(conn, codes, str(params["match"]), limit)
    page = sorted(page, key=_order, reverse=True)[:limit]
    shown = {(row["code"], row["ref"]): row for row in conn.execute(
        FTS_SHOW, {"ids": json.dumps([key.ref * 4 + key.code for key in page])})}
    match = str(params["match"])
    words = [_fold(w) for w in match.replace('"', " ").replace("*", " ").split()]
    hits = []
    for key in page:
        row = shown.get((key.code, key.ref))
        if row is not None:
            hits.append(SearchHit(KINDS[row["code"]], row["ref"], _display_title(row),
                                  _snippet(_body(row), words, mark) or _snippet(row["title"] or "", words, mark),
                                  from_sql_date(row["day"])))
    return hits


_ASCII_RUN = re.compile(r"[A-Za-z0-9]+")


class _Key(NamedTuple):
    """Where a match goes in the list: title matches first, then the newest day, then the newest id."""
    titled: int
    day: str
    ref: int
    code: int


def _order(key: _Key) -> tuple[int, str, int, int]:
    return (key.titled, key.day, key.ref, -key.code)  # (descending)


_WALKS_LOCK = threading.Lock()
_WALKS: dict[int, tuple[sqlite3.Connection, tuple[int, int], dict[tuple[int, int], list[tuple[int, str]]]]] = {}


def _newest_records(conn: sqlite3.Connection, code: int, walk: int) -> list[tuple[int, str]]:
    """The ``walk`` records of a kind of the newest days (then ids): (id, day). Writing entries, workouts and
    resources have an index on their day; reading items (finished, else added) do not, and are sorted whole
    (1,800 over 30 years of the demo), so those are kept per connection until the database changes (its
    data_version, or a change made through the connection)."""
    if code != 2:
        return [(row["ref"], row["day"] or "") for row in conn.execute(FTS_WALK[code], {"walk": walk})]
    stamp = (conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes)
    with _WALKS_LOCK:  # (searches run in worker threads)
        kept = _WALKS.get(id(conn))
        if kept is None or kept[0] is not conn or kept[1] != stamp:
            kept = _WALKS[id(conn)] = (conn, stamp, {})  # (the connection held: its id is not reused meanwhile)
            while len(_WALKS) > 4:
                del _WALKS[next(iter(_WALKS))]
    walks = kept[2]
    if (code, walk) not in walks:
        walks[(code, walk)] = [(row["ref"], row["day"] or "") for row in conn.execute(FTS_WALK[code], {"walk": walk})]
    return walks[(code, walk)]


def _common(conn: sqlite3.Connection, codes: list[int], match: str, limit: int) -> list[_Key]:
    """A word with more than CAP matches: the first ``limit`` in the list's order, exactly.

    Each kind's records are looked at newest day first (WALK of them); those of them that match, in order,
    are its newest matches when there are ``limit`` of them or the kind has no more records; the same for
    the title matches. Otherwise (a kind where the word,
    or the word in a title, is rare among its recent records) every match of the kind (every title match) is
    joined to its record, the first ``limit`` kept."""
    keys: dict[tuple[int, int], _Key] = {}
    more: dict[int, dict[str, bool]] = {}
    _walk_kinds(conn, codes, match, limit, max(WALK, limit), keys, more)
    if sum(key.titled for key in keys.values()) >= limit:
        for wanted in more.values():  # (the list is full of title matches: only titles could enter it)
            wanted["all"] = False
    again = [code for code in codes if any(more[code].values())]
    titled = "".join(str(code) for code in again if more[code]["titled"])
    if titled:
        for row in conn.execute(FTS_NEWEST_TITLED, {"match": match, "limit": limit, "codes": titled}):
            keys[(row["code"], row["ref"])] = _Key(1, row["day"] or "", row["ref"], row["code"])
    anywhere = "".join(str(code) for code in again if more[code]["all"])
    if anywhere:  # (one of these that is a title match but was not found as one is not on the page: ``limit``
        #           title matches of its kind come before it)
        for row in conn.execute(FTS_NEWEST, {"match": match, "limit": limit, "codes": anywhere}):
            keys.setdefault((row["code"], row["ref"]), _Key(0, row["day"] or "", row["ref"], row["code"]))
    return heapq.nlargest(limit, keys.values(), key=_order)


def _walk_kinds(conn: sqlite3.Connection, codes: list[int], match: str, limit: int, walk: int,
                keys: dict[tuple[int, int], _Key], more: dict[int, dict[str, bool]]) -> None:
    """The matches among the ``walk`` newest records of each kind (into ``keys``), and whether a kind needs
    more to know its first ``limit`` (into ``more``: of all its matches, of its title matches)."""
    walked = {code: _newest_records(conn, code, walk) for code in codes}
    ids = sorted(ref * 4 + code for code in codes for ref, _day in walked[code])
    ranges: list[list[int]] = []
    for rowid in ids:  # (spans of rowids, all kinds together: a record's rowid is in one span only)
        if ranges and rowid - ranges[-1][1] <= 4 * GAP:
            ranges[-1][1] = rowid
        else:
            ranges.append([rowid, rowid])
    if match.endswith("*") and ids:  # (FTS5 merges a prefix's postings again for each span: one span, then)
        ranges = [[ids[0], ids[-1]]]
    found: dict[int, int] = {}
    for row in conn.execute(FTS_SPANS, {"match": match, "ids": json.dumps(ids), "spans": json.dumps(ranges)}):
        found[row[0]] = found.get(row[0], 0) | row[1]
    for code in codes:
        hits = [_Key(found[ref * 4 + code], day, ref, code) for ref, day in walked[code] if ref * 4 + code in found]
        keys.update(((code, key.ref), key) for key in hits)
        everything = len(walked[code]) < walk  # (the kind has no more records than that)
        more[code] = {"all": len(hits) < limit and not everything,
                      "titled": sum(key.titled for key in hits) < limit and not everything}


def _body(row: sqlite3.Row) -> str:
    """The text a snippet is cut from: as the index has it (tags, authors, topic included)."""
    parts = [row["text"], row["resource_note"], row["topic"], row["sport"]]
    for column in ("authors", "tags"):
        try:
            values = json.loads(row[column]) if row[column] else []
        except ValueError:
            values = []
        if isinstance(values, list):
            parts.append(" ".join(f"#{v}" if column == "tags" else str(v) for v in values))
    return " · ".join(" ".join(p.split()) for p in parts if p)


_ASCII_BYTES = bytes(range(128))


def _fold(word: str) -> str:
    """Lower case without accents, as the index compares words."""
    folded = word.casefold()
    if folded.isascii():
        return folded
    # Most text is ASCII with a few other characters ('·', '—'): look at those only (found at C speed).
    others = set(_not_ascii(folded))
    if unicodedata.is_normalized("NFKD", "".join(others)) and not any(unicodedata.combining(ch) for ch in others):
        return folded
    folded = unicodedata.normalize("NFKD", folded)
    for mark in {ch for ch in _not_ascii(folded) if unicodedata.combining(ch)}:
        folded = folded.replace(mark, "")
    return folded


def _not_ascii(text: str) -> str:
    return text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")


def _snippet(body: str, words: list[str], mark: tuple[str, str]) -> str:
    """About SNIPPET_TOKENS words around the first match, matches between the markers ('' if none)."""
    if not body or not words:
        return ""
    # A word that is nowhere in the text (the match was in the title) needs no look at each token: the
    # text folded once says so (cheap for ASCII text, folded as the index folds it otherwise).
    folded_body = body.lower() if body.isascii() else _fold(body)
    if not any(w in folded_body for w in words):
        return ""
    last = len(words) - 1

    def may_match(token: str) -> bool:
        folded = token.lower() if token.isascii() else _fold(token)
        return any(w in folded for w in words)

    def is_match(run: str) -> bool:
        core = _fold(run)
        return any(core == w or (i == last and core.startswith(w)) for i, w in enumerate(words))

    def marked(token: str) -> tuple[str, bool]:
        """The token with each matching word inside it (a token may be '[red]word[/red]') marked."""
        if token.isascii():  # (the words of ASCII text are its runs of letters and digits)
            found = False

            def one(run: re.Match[str]) -> str:
                nonlocal found
                if is_match(run[0]):
                    found = True
                    return f"{mark[0]}{run[0]}{mark[1]}"
                return run[0]

            return _ASCII_RUN.sub(one, token), found
        out: list[str] = []
        run: list[str] = []
        hit = False

        def flush() -> None:
            nonlocal hit
            if run:
                piece = "".join(run)
                if is_match(piece):
                    out.append(f"{mark[0]}{piece}{mark[1]}")
                    hit = True
                else:
                    out.append(piece)
                run.clear()

        for ch in token:
            if _is_word_char(ch):
                run.append(ch)
            else:
                flush()
                out.append(ch)
        flush()
        return "".join(out), hit

    def shown(tokens: list[str], before: bool, after: bool) -> str:
        text = " ".join(marked(t)[0] if may_match(t) else t for t in tokens)
        return ("…" if before else "") + text + ("…" if after else "")

    # No token before the first place a word occurs at all can match: when the folded text lines up with
    # the text, character for character, look from there, a token at a time, and cut only the tokens shown
    # (the text is split at single spaces, as body.split(" ") would).
    if len(folded_body) == len(body):
        # (where a word starts a word of the text: every place the index would call a match is one of these)
        found = (re.search(rf"(?<![^\W_]){re.escape(w)}" + ("" if i == last else r"(?![^\W_])"), folded_body)
                 for i, w in enumerate(words))
        at = min((m.start() for m in found if m), default=len(body))
        pos = body.rfind(" ", 0, at) + 1
        while pos <= len(body):
            end = body.find(" ", pos)
            end = len(body) if end < 0 else end
            token = body[pos:end]
            if may_match(token) and marked(token)[1]:
                break
            pos = end + 1
        if pos <= len(body):
            start = pos
            for _ in range(SNIPPET_TOKENS // 3):
                if not start:
                    break
                start = body.rfind(" ", 0, start - 1) + 1
            window: list[str] = []
            pos = start
            while len(window) < SNIPPET_TOKENS and pos <= len(body):
                end = body.find(" ", pos)
                end = len(body) if end < 0 else end
                window.append(body[pos:end])
                pos = end + 1
            return shown(window, start > 0, pos <= len(body))
    tokens = body.split(" ")
    first = next((i for i, t in enumerate(tokens) if may_match(t) and marked(t)[1]), None)
    if first is None:
        return ""
    start = max(0, first - SNIPPET_TOKENS // 3)
    return shown(tokens[start:start + SNIPPET_TOKENS], start > 0, start + SNIPPET_TOKENS < len(tokens))


# -------------------------------------------------------------------------------------------- rebuild
# The indexed text, as the triggers of migration 0004 write it (a test keeps the two the same).

def _one_line(expr: str) -> str:
    return f"replace(replace({expr}, char(10), ' '), char(9), ' ')"


def _json_words(expr: str, separator: str, prefix: str = "") -> str:
    head = f"'{prefix}' || " if prefix else ""
    return (f"(SELECT group_concat({head}value, '{separator}') "
            f"FROM json_each(CASE WHEN json_valid({expr}) THEN {expr} ELSE '[]' END))")


def _host(url: str) -> str:
    rest = f"substr({url}, instr({url}, '://') + 3)"
    cut = f"(replace(replace({rest}, '?', '/'), '#', '/') || '/')"
    host = f"substr({cut}, 1, instr({cut}, '/') - 1)"
    return f"substr({host}, instr({host}, '@') + 1)"


def _joined(*parts: str) -> str:
    selects = " UNION ALL ".join(f"SELECT {part} AS part" for part in parts)
    return f"(SELECT group_concat(part, ' · ') FROM ({selects}))"


def _fill(kind: str, code: int, table: str, body: str) -> str:
    del kind
    return (f"INSERT INTO search_fts (rowid, title, body) "
            f"SELECT t.id * 4 + {code}, t.title, {body} FROM {table} AS t")


FTS_FILL = (
    _fill("writing", 0, "writing_entry", _joined(_one_line("t.note"), _json_words("t.tags", " ", "#"))),
    _fill("workout", 1, "workout", _joined(_one_line("t.note"), "t.sport", _json_words("t.tags", " ", "#"))),
    _fill("reading", 2, "reading_item",
          _joined(_json_words("t.authors", ", "), _one_line("t.review"), _json_words("t.tags", " ", "#"))),
    _fill("resource", 3, "resource", _joined("t.description", _one_line("t.note"), "t.topic", _host("t.url"))),
)


def rebuild(conn: sqlite3.Connection, *, progress: Callable[[int, int], None] | None = None) -> int:
    """Refill the index from the tables (a repair: the triggers keep it in step); returns the entries.

    ``progress(done, steps)`` is called before each step; it may raise Cancelled, which rolls the
    rebuild back and leaves the index as it was."""
    steps = len(FTS_FILL) + 2  # clear and fill each table, optimize
    with transaction(conn):
        if progress:
            progress(0, steps)
        conn.execute(FTS_CLEAR)
        for n, statement in enumerate(FTS_FILL, 1):
            if progress:
                progress(n, steps)
            conn.execute(statement)
        if progress:
            progress(steps - 1, steps)
        conn.execute(FTS_OPTIMIZE)
        return conn.execute(FTS_COUNT).fetchone()[0]
