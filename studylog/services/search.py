"""Full-text search over writing entries, workouts, reading items and resources.

The index is the contentless FTS5 table ``search_fts`` (migration 0004), kept in step by triggers on
the four tables: its rowid is ``ref * 4 + kind code``, ``title`` and ``body`` hold the row's words
(accents folded, any case); the text itself stays in its own table. A search is one statement: the
best matches (bm25, the title weighted above the body) joined to their rows, whose text gives the
title and the snippet, so a list of hits needs no query per hit.

Statements on the index are named ``FTS_*``; tests/test_services.py prepares them, with every other SQL
text of services/, against a database the migrations made (where the virtual table and its triggers are).
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from typing import NamedTuple

from studylog import text
from studylog.db.sqlite import from_sql_date, transaction
from studylog.domain.kinds import SEARCHED

KINDS = tuple(kind.name for kind in SEARCHED)
MAX_WORDS = 32  # words of a query beyond these are ignored (all must match: more only narrows)
SNIPPET_TOKENS = 12
TITLE_WEIGHT = 5.0  # bm25 weight of the title against 1.0 for the body

FTS_SEARCH = (
    "SELECT hit.code AS code, hit.ref AS ref, "
    "COALESCE(w.title, o.title, r.title, s.title) AS title, "
    "COALESCE(w.day, o.day, r.finished, r.added, s.added) AS day, "
    "COALESCE(w.note, o.note, r.review, s.description) AS text, "
    "COALESCE(w.tags, o.tags, r.tags) AS tags, r.authors AS authors, s.note AS resource_note, "
    "s.topic AS topic, o.sport AS sport, o.distance_m AS distance_m, s.url AS url "
    "FROM (SELECT rowid % 4 AS code, rowid / 4 AS ref, rank FROM search_fts "
    f"      WHERE search_fts MATCH :query AND rank MATCH 'bm25({TITLE_WEIGHT}, 1.0)' "
    "      AND (:kinds IS NULL OR rowid % 4 IN (SELECT value FROM json_each(:kinds))) "
    "      ORDER BY rank LIMIT :limit) AS hit "
    "LEFT JOIN writing_entry AS w ON hit.code = 0 AND w.id = hit.ref "
    "LEFT JOIN workout AS o ON hit.code = 1 AND o.id = hit.ref "
    "LEFT JOIN reading_item AS r ON hit.code = 2 AND r.id = hit.ref "
    "LEFT JOIN resource AS s ON hit.code = 3 AND s.id = hit.ref "
    "WHERE COALESCE(w.id, o.id, r.id, s.id) IS NOT NULL "
    "ORDER BY hit.rank"
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
    params = {"query": match, "limit": limit,
              "kinds": None if kinds is None else json.dumps([KINDS.index(k) for k in kinds])}
    words = [_fold(w) for w in match.replace('"', " ").replace("*", " ").split()]
    return [SearchHit(KINDS[row["code"]], row["ref"], _display_title(row),
                      _snippet(_body(row), words, mark) or _snippet(row["title"] or "", words, mark),
                      from_sql_date(row["day"]))
            for row in conn.execute(FTS_SEARCH, params)]


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


def _fold(word: str) -> str:
    """Lower case without accents, as the index compares words."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(ch))


def _snippet(body: str, words: list[str], mark: tuple[str, str]) -> str:
    """About SNIPPET_TOKENS words around the first match, matches between the markers ('' if none)."""
    if not body or not words:
        return ""
    # A word that is nowhere in the text (the match was in the title) needs no look at each token: the
    # text folded once says so (cheap for ASCII text, folded as the index folds it otherwise).
    folded_body = body.lower() if body.isascii() else _fold(body)
    if not any(w in folded_body for w in words):
        return ""
    tokens = body.split(" ")
    last = len(words) - 1

    def may_match(token: str) -> bool:
        folded = token.lower() if token.isascii() else _fold(token)
        return any(w in folded for w in words)

    def is_match(run: str) -> bool:
        core = _fold(run)
        return any(core == w or (i == last and core.startswith(w)) for i, w in enumerate(words))

    def marked(token: str) -> tuple[str, bool]:
        """The token with each matching word inside it (a token may be '[red]word[/red]') marked."""
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

    first = next((i for i, t in enumerate(tokens) if may_match(t) and marked(t)[1]), None)
    if first is None:
        return ""
    start = max(0, first - SNIPPET_TOKENS // 3)
    shown = [marked(t)[0] if may_match(t) else t for t in tokens[start:start + SNIPPET_TOKENS]]
    return ("…" if start else "") + " ".join(shown) + ("…" if start + SNIPPET_TOKENS < len(tokens) else "")


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
