"""Full-text search over writing entries, workouts, reading items and resources.

The index is the FTS5 table ``search_fts`` (migration 0003), kept in step by triggers on the four
tables: its rowid is ``ref * 4 + kind code``, ``kind`` and ``ref`` name the row, ``title`` and ``body``
hold its words (accents folded, any case). A search is one statement: the best matches (bm25, the
title weighted above the body) joined to their rows, so a list of hits needs no query per hit.

Statements on the index are named ``FTS_*``, not ``SQL_*``: the test that prepares every ``SQL_*``
statement runs against the SQLModel tables alone, which do not include the virtual table.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from studylog import text
from studylog.db.sqlite import from_sql_date, transaction

KINDS = ("writing", "workout", "reading", "resource")
MAX_WORDS = 32  # words of a query beyond these are ignored (all must match: more only narrows)
SNIPPET_TOKENS = 12
TITLE_WEIGHT = 5.0  # bm25 weight of the title against 1.0 for the body

FTS_SEARCH = (
    "SELECT search_fts.kind AS kind, search_fts.ref AS ref, "
    "snippet(search_fts, -1, :open, :close, '…', :tokens) AS snippet, "
    "COALESCE(w.title, o.title, r.title, s.title) AS title, "
    "COALESCE(w.day, o.day, r.finished, r.added, s.added) AS day, "
    "substr(w.note, 1, 200) AS note, o.sport AS sport, o.distance_m AS distance_m, s.url AS url "
    "FROM search_fts "
    "LEFT JOIN writing_entry AS w ON search_fts.kind = 'writing' AND w.id = search_fts.ref "
    "LEFT JOIN workout AS o ON search_fts.kind = 'workout' AND o.id = search_fts.ref "
    "LEFT JOIN reading_item AS r ON search_fts.kind = 'reading' AND r.id = search_fts.ref "
    "LEFT JOIN resource AS s ON search_fts.kind = 'resource' AND s.id = search_fts.ref "
    f"WHERE search_fts MATCH :query AND rank MATCH 'bm25(0.0, 0.0, {TITLE_WEIGHT}, 1.0)' "
    "AND (:kinds IS NULL OR search_fts.kind IN (SELECT value FROM json_each(:kinds))) "
    "AND COALESCE(w.id, o.id, r.id, s.id) IS NOT NULL "
    "ORDER BY rank LIMIT :limit"
)
FTS_CLEAR = "DELETE FROM search_fts"
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
    return " ".join(f'"{w}"' for w in words) + "*"


# --------------------------------------------------------------------------------------------- search

def _display_title(row: sqlite3.Row) -> str:
    if row["title"]:
        return row["title"]
    kind = row["kind"]
    if kind == "writing":
        return text.one_line(row["note"], 60) or f"writing on {row['day']}"
    if kind == "workout":
        if row["distance_m"]:
            return f"{row['sport']} {row['distance_m'] / 1000:.1f} km"
        return row["sport"]
    if kind == "resource":
        return row["url"]
    return f"{kind} #{row['ref']}"


def search(conn: sqlite3.Connection, query: str, *, limit: int = 20, kinds: Sequence[str] | None = None,
           mark: tuple[str, str] = ("«", "»")) -> list[SearchHit]:
    """Best matches first for what a person typed (any text: it never raises for odd input).

    At most ``limit`` hits; ``kinds`` keeps some of writing/workout/reading/resource. One SQL statement
    whatever the number of hits. Titles and snippets are the stored text as it is (markup included):
    show them as text.
    """
    if kinds is not None:
        unknown = [k for k in kinds if k not in KINDS]
        if unknown:
            raise ValueError(f"unknown kind {unknown[0]!r}; one of {', '.join(KINDS)}")
    match = fts_query(query)
    if match is None or limit <= 0 or (kinds is not None and not kinds):
        return []
    params = {"query": match, "open": mark[0], "close": mark[1], "tokens": SNIPPET_TOKENS, "limit": limit,
              "kinds": None if kinds is None else json.dumps(list(kinds))}
    return [SearchHit(row["kind"], row["ref"], _display_title(row), row["snippet"] or "",
                      from_sql_date(row["day"]))
            for row in conn.execute(FTS_SEARCH, params)]


# -------------------------------------------------------------------------------------------- rebuild
# The indexed text, as the triggers of migration 0003 write it (a test keeps the two the same).

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
    return (f"INSERT INTO search_fts (rowid, kind, ref, title, body) "
            f"SELECT t.id * 4 + {code}, '{kind}', t.id, t.title, {body} FROM {table} AS t")


FTS_FILL = (
    _fill("writing", 0, "writing_entry", _joined(_one_line("t.note"), _json_words("t.tags", " ", "#"))),
    _fill("workout", 1, "workout", _joined(_one_line("t.note"), "t.sport", _json_words("t.tags", " ", "#"))),
    _fill("reading", 2, "reading_item",
          _joined(_json_words("t.authors", ", "), _one_line("t.review"), _json_words("t.tags", " ", "#"))),
    _fill("resource", 3, "resource", _joined("t.description", _one_line("t.note"), "t.topic", _host("t.url"))),
)


def rebuild(conn: sqlite3.Connection) -> int:
    """Refill the index from the tables (a repair: the triggers keep it in step); returns the entries."""
    with transaction(conn):
        conn.execute(FTS_CLEAR)
        for statement in FTS_FILL:
            conn.execute(statement)
        conn.execute(FTS_OPTIMIZE)
        return conn.execute(FTS_COUNT).fetchone()[0]
