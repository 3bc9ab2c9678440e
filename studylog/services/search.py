"""Full-text search over writing entries, workouts, reading items and resources.

The index is the contentless FTS5 table ``search_fts`` (migration 0004), kept in step by triggers on
the four tables: its rowid is ``ref * 4 + kind code``, ``title`` and ``body`` hold the row's words
(accents folded, any case); the text itself stays in its own table. A search is one statement: a
bounded set of candidates joined to their rows, whose text gives the title, the day and the snippet, so
a list of hits needs no query per hit.

The order (issue 15): **records whose title holds the words first, then the rest; in each, the newest
first** (the record's day: written, worked out, finished or else added reading, added resource; the last
added first on one day). Someone searching their own log is looking for a thing they wrote or did: its
title names it, and of many mentions the recent ones are the ones they remember and the ones still true.
bm25 ("best match") was the order before; it was dropped because it has to score every match (84 ms for
"the" over 30 years: FTS5 reads each match's position lists and lengths) and because, for the common
words that make it slow, it says little (a word in most records has next to no weight; the shortest
records win). For a rare word every match is a candidate, so the order is simply newest first.

The candidates, each a walk down the index from its highest rowid that stops early (nothing is scored;
the index can only be walked in rowid order, so "newest" there means "added last", highest id first):
- per kind, the last ``limit`` records added that the words as typed find (whole words: a word's postings
  are read lazily, so this is cheap however common it is), looking through at most ``PER_KIND_SCAN``
  matches from that kind's highest id down; per kind, because ids of different kinds are unrelated and
  the kind with the most rows would otherwise fill the list;
- the last ``TITLED`` records added whose title holds the words as typed;
- only when those are fewer than ``limit``: the last ``WIDE`` records added found with the last word as a
  prefix ('atten' finds attention), and the last ``WIDE`` of those with it in the title. A prefix makes
  FTS5 merge the postings of every word it begins before the first row (2 ms for "the*" over 30 years),
  which is why it is asked for only while the words as typed find too little: once "run" fills a list,
  records that only say "running" are not looked for.
While no kind has more matches than the list is long, every match is a candidate and the order is exact.
Beyond that the candidates are the records added last, which are the newest as long as records are added
in the order they happened; after a later import of older history (old days, new ids) the imported
records can push recent ones of the same kind off the first page for a word they share.
So a search reads at most ``4 * limit + TITLED + 2 * WIDE`` rows (or ``7 * limit`` for lists longer than
those), whatever the word, and ranks them in Python (is the title a match: its words, folded as the index
folds them). Over 30 years of the demo the top 20 takes 2-4 ms for any word (84 ms for "the" by bm25).

Statements on the index are named ``FTS_*``; tests/test_services.py prepares them, with every other SQL
text of services/, against a database the migrations made (where the virtual table and its triggers are).
"""

from __future__ import annotations

import json
import re
import sqlite3
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
PER_KIND_SCAN = 2000  # matches looked through, at most, for the newest records of one kind
TITLED = 50  # records whose title has the words as typed taken, at most (the newest), beside the per-kind ones
WIDE = 100  # records found with the last word as a prefix taken, at most (the newest), when the words as typed
#             do not fill the list


def _newest_of_kind(code: int) -> str:
    """The newest records (highest ids) of one kind that the words as typed find: at most :per_kind of them,
    among the first :scan matches from that kind's newest record down (other kinds' rows are interleaved).
    (:codes, the kinds wanted as digits, is tested before the index is read: it holds no subquery.)"""
    return (f"SELECT id FROM (SELECT rowid AS id FROM search_fts WHERE search_fts MATCH :exact "
            f"AND rowid <= COALESCE((SELECT max(id) FROM {TABLES[code]}), -1) * 4 + 3 ORDER BY rowid DESC LIMIT :scan) "
            f"WHERE id % 4 = {code} AND (:codes IS NULL OR instr(:codes, '{code}')) "
            f"LIMIT :per_kind")


def _newest(match: str, most: str) -> str:
    """The newest records of the kinds wanted (highest rowids) that ``match`` finds: at most ``most``, among
    the first :scan matches."""
    return (f"SELECT id FROM (SELECT rowid AS id FROM search_fts WHERE search_fts MATCH {match} "
            f"ORDER BY rowid DESC LIMIT :scan) WHERE :codes IS NULL OR instr(:codes, id % 4) LIMIT {most}")


_IN_TITLE = "'{title}: (' || %s || ')'"

FTS_SEARCH = (
    # The candidates: rowids of the index (ref * 4 + kind code), each step a bounded walk down the index.
    "WITH exact(id) AS MATERIALIZED ("
    + " UNION ALL ".join(f"SELECT * FROM ({_newest_of_kind(code)})" for code in range(len(TABLES))) + "), "
    f"titled(id) AS MATERIALIZED ({_newest(_IN_TITLE % ':exact', ':titled')}), "
    # Only when the words as typed find fewer than a list: the last one as a prefix ('atten' -> attention).
    # (The one-row gate is looked at first: a prefix merges every word it begins, which is not free.)
    "gate(open) AS (SELECT 1 WHERE :prefix IS NOT NULL AND (SELECT count(*) FROM exact) < :limit), "
    f"wide(id) AS (SELECT wide.id FROM gate CROSS JOIN ({_newest(':prefix', ':wide')}) AS wide), "
    f"wide_titled(id) AS (SELECT wide.id FROM gate CROSS JOIN ({_newest(_IN_TITLE % ':prefix', ':wide')}) AS wide), "
    "hit(code, ref) AS (SELECT id % 4, id / 4 FROM "
    "  (SELECT id FROM exact UNION SELECT id FROM titled UNION SELECT id FROM wide UNION SELECT id FROM wide_titled)) "
    "SELECT hit.code AS code, hit.ref AS ref, "
    "COALESCE(w.title, o.title, r.title, s.title) AS title, "
    "COALESCE(w.day, o.day, r.finished, r.added, s.added) AS day, "
    "COALESCE(w.note, o.note, r.review, s.description) AS text, "
    "COALESCE(w.tags, o.tags, r.tags) AS tags, r.authors AS authors, s.note AS resource_note, "
    "s.topic AS topic, o.sport AS sport, o.distance_m AS distance_m, s.url AS url "
    "FROM hit "
    "LEFT JOIN writing_entry AS w ON hit.code = 0 AND w.id = hit.ref "
    "LEFT JOIN workout AS o ON hit.code = 1 AND o.id = hit.ref "
    "LEFT JOIN reading_item AS r ON hit.code = 2 AND r.id = hit.ref "
    "LEFT JOIN resource AS s ON hit.code = 3 AND s.id = hit.ref "
    "WHERE COALESCE(w.id, o.id, r.id, s.id) IS NOT NULL"
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

    At most ``limit`` hits; ``kinds`` keeps some of writing/workout/reading/resource. One SQL statement
    whatever the number of hits; the rows it reads are bounded by ``limit``, not by the matches. Titles and
    snippets are the stored text as it is (markup included): show them as text.
    """
    if kinds is not None:
        unknown = [k for k in kinds if k not in KINDS]
        if unknown:
            raise ValueError(f"unknown kind {unknown[0]!r}; one of {', '.join(KINDS)}")
    match = fts_query(query)
    if match is None or limit <= 0 or (kinds is not None and not kinds):
        return []
    exact = match.removesuffix("*")
    params = {"exact": exact, "prefix": match if match != exact else None, "limit": limit, "per_kind": limit,
              "scan": max(PER_KIND_SCAN, 4 * limit), "titled": max(TITLED, limit), "wide": max(WIDE, limit),
              "codes": None if kinds is None else "".join(str(KINDS.index(k)) for k in kinds)}
    phrases = [_tokens(phrase) for phrase in _PHRASE.findall(match)]
    rows = _ranked(conn.execute(FTS_SEARCH, params).fetchall(), phrases, prefix=match != exact)[:limit]
    words = [_fold(w) for w in match.replace('"', " ").replace("*", " ").split()]
    return [SearchHit(KINDS[row["code"]], row["ref"], _display_title(row),
                      _snippet(_body(row), words, mark) or _snippet(row["title"] or "", words, mark),
                      from_sql_date(row["day"]))
            for row in rows]


_PHRASE = re.compile(r'"([^"]*)"')
_ASCII_WORD = re.compile(r"[a-z0-9]+")
_ASCII_RUN = re.compile(r"[A-Za-z0-9]+")


def _tokens(text: str) -> list[str]:
    """The words of a text as the index splits and folds them (unicode61, diacritics removed)."""
    folded = text.lower() if text.isascii() else _fold(text)
    if folded.isascii():
        return _ASCII_WORD.findall(folded)
    words: list[str] = []
    run: list[str] = []
    for ch in folded:
        if _is_word_char(ch):
            run.append(ch)
        elif run:
            words.append("".join(run))
            run.clear()
    if run:
        words.append("".join(run))
    return words


def _holds(words: list[str], phrases: list[list[str]], *, prefix: bool) -> bool:
    """Whether ``words`` (a text's tokens) hold every phrase, its words in a row; with ``prefix`` the very
    last word of the query may begin a longer one (as FTS5 reads '"deep" "learn"*')."""
    for n, phrase in enumerate(phrases):
        if not phrase:
            continue
        open_end = prefix and n == len(phrases) - 1
        size = len(phrase)
        for start in range(len(words) - size + 1):
            if words[start:start + size - 1] == phrase[:-1] and (
                    words[start + size - 1].startswith(phrase[-1]) if open_end
                    else words[start + size - 1] == phrase[-1]):
                break
        else:
            return False
    return True


def _ranked(rows: list[sqlite3.Row], phrases: list[list[str]], *, prefix: bool) -> list[sqlite3.Row]:
    """Title matches first, then the newest (the record's day; the last added of one day first)."""
    flat = [word for phrase in phrases for word in phrase]

    def titled(row: sqlite3.Row) -> bool:
        title = row["title"]
        if not title:
            return False
        folded = title.lower() if title.isascii() else _fold(title)
        return all(word in folded for word in flat) and _holds(_tokens(title), phrases, prefix=prefix)

    return sorted(rows, key=lambda row: (titled(row), row["day"] or "", row["ref"], -row["code"]), reverse=True)


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
