"""A complete, lossless copy of the database as JSON (``studylog export json``), and its restore.

The file is one object: a header (``format``, ``version``, ``schema``: the alembic revision of the
database it came from, ``exported_at``, ``settings``), then every table's rows in a fixed order (parents
before children), each row an object keyed by column name in id order (composite keys: sorted), and
``id_sequences``: SQLite's AUTOINCREMENT counters, so that an id deleted before the export is not handed
out again after the restore. Values are exactly as stored: dates, times and timestamps as their text,
JSON-list columns (tags, authors: those whose default is '[]') as lists when the stored text is what
studylog would write for that list, otherwise as the stored text itself. The search index is not
exported: it is derived, and the triggers rebuild it as the rows are restored.

Columns are read from ``PRAGMA table_info``, so a column added by a later migration is exported without
a change here, and a database at an older revision (a table not created yet) exports what it has.

A restore goes into an empty database in one transaction, keeping the ids; anything wrong in the file
raises TransferError (a ValueError) with one clear sentence, and nothing is written. Every value is
checked as typed input is checked (``rules()``: the kinds of studylog.domain.values and the limits of
studylog.limits; no day after the export was made), and text is cleaned of control characters as the
services clean it (studylog.text.clean); a link or a key that holds one is refused, since cleaning it
would make it another. ``stored_value_problems`` holds a database's rows to the same rules (`db check`).
An export from an older schema can be restored as it is (its columns all exist now), or first brought
up to date by ``upgrade_export``, which replays the migrations on it so that their data steps (0002's
best efforts) run on the restored rows as they did on the original database.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from studylog import limits
from studylog.db.files import HEAD_REVISION, current_revision
from studylog.db.sqlite import snapshot, to_json_list, transaction
from studylog.domain import kinds as registry
from studylog.domain import values as kinds
from studylog.domain.errors import NotEmpty, TransferError
from studylog.text import clean, not_utf8

if TYPE_CHECKING:
    from pathlib import Path

    from studylog.clock import Clock

FORMAT = "studylog-export"
VERSION = 1
# Every table of the data, parents before children: the order of the file and of a restore.
TABLES = tuple(table.name for table in registry.TABLES)  # (studylog.domain.kinds says them)
HEADER = ("format", "version", "schema", "exported_at", "settings")
SEQUENCES = "id_sequences"
NOT_EMPTY = "the database is not empty; import into a new one: studylog --db new.db import json FILE"
JSON_LIST_DEFAULT = "'[]'"  # how PRAGMA table_info shows the default of a JSON-list column
INT64 = (-(2**63), 2**63 - 1)
REVISION = re.compile(r"\d{4}")

SQL_SEQUENCES = "SELECT name, seq FROM sqlite_sequence"
SQL_SEQUENCE_GET = "SELECT seq FROM sqlite_sequence WHERE name = ?"
SQL_SEQUENCE_ADD = "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)"
SQL_SEQUENCE_SET = "UPDATE sqlite_sequence SET seq = ? WHERE name = ?"
TABLE_EXISTS = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"


class Column(NamedTuple):
    name: str
    type: str  # the declared type, upper case: INTEGER, FLOAT, VARCHAR, DATE, DATETIME, TIME, BOOLEAN
    notnull: bool
    key: int  # position in the primary key (1, 2...), 0 when not part of it
    json_list: bool
    has_default: bool = False  # a DEFAULT clause: a row without this column gets it


def table_columns(conn: sqlite3.Connection, table: str) -> list[Column] | None:
    """The columns of a table in their order, or None when the database has no such table (yet)."""
    rows = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
    if not rows:
        return None
    return [Column(r[1], (r[2] or "").upper(), bool(r[3]), r[5], r[4] == JSON_LIST_DEFAULT, r[4] is not None)
            for r in rows]


def ident(name: str) -> str:
    """A table's or column's name as SQL reads it, whatever it holds (a name with '"' in a file edited by
    hand made every query of its table a syntax error)."""
    return '"' + name.replace('"', '""') + '"'


def _key_order(columns: list[Column]) -> str:
    keys = sorted((c for c in columns if c.key), key=lambda c: c.key)
    return ", ".join(ident(c.name) for c in keys) if keys else "rowid"


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute(TABLE_EXISTS, (name,)).fetchone() is not None


# ------------------------------------------------------------------------------------------------ export

def export_all(conn: sqlite3.Connection, *, settings: Mapping[str, Any], now: datetime,
               progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Every row of every table (those the database has), with the header; the same database always
    gives the same result apart from ``exported_at``, which is ``now``.

    The tables are read in one read transaction: a write from elsewhere while the export runs is either
    wholly in it or not at all. ``progress(tables done, tables)`` may raise Cancelled to stop."""
    with snapshot(conn):  # deferred: one state of the WAL, without blocking writers
        schema = current_revision(conn)
        if schema is None:
            raise TransferError("the database has no schema revision: it is not a studylog database")
        out: dict[str, Any] = {"format": FORMAT, "version": VERSION, "schema": schema,
                               "exported_at": now.astimezone(UTC).isoformat(), "settings": dict(settings)}
        for n, table in enumerate(TABLES):
            if progress:
                progress(n, len(TABLES))
            columns = table_columns(conn, table)
            if columns is None:
                continue
            names = ", ".join(ident(c.name) for c in columns)
            rows = conn.execute(f'SELECT {names} FROM "{table}" ORDER BY {_key_order(columns)}')
            out[table] = [{c.name: _exported(table, c, value, row) for c, value in zip(columns, row, strict=True)}
                          for row in rows]
        sequences = {}
        if _has_table(conn, "sqlite_sequence"):
            sequences = dict(tuple(r) for r in conn.execute(SQL_SEQUENCES))
        out[SEQUENCES] = {table: sequences[table] for table in TABLES if table in sequences}
    if progress:
        progress(len(TABLES), len(TABLES))
    return out


def export_file(conn: sqlite3.Connection, path: Path, *, settings: Mapping[str, Any], now: datetime,
                progress: Callable[[int, int], None] | None = None) -> tuple[int, str]:
    """``export_all`` written to ``path``, readable by the owner only (it holds everything) and whole or
    not at all; returns (rows written, schema revision)."""
    from studylog.atomic import write_atomically

    data = export_all(conn, settings=settings, now=now, progress=progress)
    write_atomically(path, dumps(data), private=True)
    return sum(len(data.get(table, [])) for table in TABLES), data["schema"]


def _exported(table: str, column: Column, value: Any, row: Any) -> Any:
    if isinstance(value, bytes):
        raise TransferError(f"{table} row {tuple(row)[0]}: {column.name} holds binary data, which a JSON "
                            f"export cannot carry")
    if column.json_list and isinstance(value, str):
        try:
            items = json.loads(value)
        except (ValueError, RecursionError):
            return value
        if (isinstance(items, list) and all(isinstance(v, str) for v in items)
                and to_json_list(items) == value):
            return items
    return value


def dumps(data: Mapping[str, Any]) -> str:
    """The export as text: the header, then one line per row (readable, and diffs stay small)."""
    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    parts = []
    for key, value in data.items():
        if key in TABLES and isinstance(value, list) and value:
            rows = ",\n".join(f"    {one(row)}" for row in value)
            parts.append(f"  {one(key)}: [\n{rows}\n  ]")
        else:
            parts.append(f"  {one(key)}: {one(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def loads(text: str | bytes) -> dict[str, Any]:
    """Parse an export file's text (not yet checked: see check_export)."""
    try:
        data = json.loads(text)
    except UnicodeDecodeError:
        raise TransferError("not a studylog export (it is not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        raise TransferError(f"not a studylog export (not JSON: {exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise TransferError("not a studylog export (JSON nested too deeply)") from None
    if not isinstance(data, dict):
        raise TransferError("not a studylog export (the JSON is not an object)")
    return data


# ------------------------------------------------------------------------------------------------ import

def check_export(data: Any) -> None:
    """Refuse what is not a studylog export this studylog can read (nothing about the rows yet)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TransferError(f'not a studylog export (it has no "format": "{FORMAT}")')
    version = data.get("version")
    if type(version) is not int or version < 1:
        raise TransferError(f"not a studylog export (unknown version {version!r})")
    if version > VERSION:
        raise TransferError(f"written by a newer studylog (export version {version}; this one reads "
                            f"{VERSION}): upgrade studylog to import it")
    schema = data.get("schema")
    if not isinstance(schema, str) or not REVISION.fullmatch(schema) or int(schema) < 1:
        raise TransferError(f"not a studylog export (unknown schema revision {schema!r})")
    if int(schema) > int(HEAD_REVISION):
        raise TransferError(f"written by a newer studylog (schema {schema}; this one knows up to "
                            f"{HEAD_REVISION}): upgrade studylog to import it")
    if not isinstance(data.get("settings", {}), dict):
        raise TransferError("not a studylog export (its settings are not an object)")
    exported_at = data.get("exported_at")
    if not isinstance(exported_at, str | None):
        raise TransferError("not a studylog export (exported_at is not text)")
    if isinstance(exported_at, str) and _export_day(exported_at) is None:
        raise TransferError(f"not a studylog export (exported_at must be a timestamp such as "
                            f"2026-11-24T12:00:00+00:00, not {_shown(exported_at)})")
    unknown = sorted(set(data) - {*HEADER, *TABLES, SEQUENCES})
    if unknown:
        raise TransferError(f"the export holds parts this studylog does not know: {_names(unknown)}")
    for table in TABLES:
        rows = data.get(table, [])
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise TransferError(f"{table} is not a list of rows (objects)")
    sequences = data.get(SEQUENCES, {})
    valid = all(table in TABLES and type(seq) is int and 0 <= seq <= INT64[1]
                for table, seq in sequences.items()) if isinstance(sequences, dict) else False
    if not valid:
        raise TransferError(f"{SEQUENCES} must map table names to whole numbers")


def settings_in(data: Mapping[str, Any]) -> dict[str, Any]:
    """The settings an export carries (the caller decides whether to write them)."""
    check_export(data)
    return dict(data.get("settings", {}))


def is_empty(conn: sqlite3.Connection) -> bool:
    """True when none of the tables holds a row (the only kind of database an import goes into)."""
    return not any(_has_table(conn, table) and conn.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone()
                   for table in TABLES)


def import_all(conn: sqlite3.Connection, data: Mapping[str, Any], *, now: datetime) -> dict[str, int]:
    """Restore an export into an empty database, ids kept, in one transaction; the rows restored per table.

    Raises TransferError (a ValueError) for a database that is not empty, a file that is not a studylog
    export, one from a newer studylog, or rows this database cannot take (a column it does not have, a
    value of the wrong kind or out of range, a broken reference); then nothing is written. The rows keep
    their own timestamps; no day a thing was done on may come after the export was made, nor after
    ``now`` (with a day's grace for time zones).
    """
    check_export(data)
    checking = _import_checking(data.get("exported_at"), now)
    schema, revision = data["schema"], current_revision(conn)
    if revision is not None and REVISION.fullmatch(revision) and int(schema) > int(revision):
        raise TransferError(f"the export is at schema {schema}, the database at {revision}: "
                            f"upgrade the database first (studylog db upgrade)")
    counts: dict[str, int] = {}
    try:
        with transaction(conn):
            if not is_empty(conn):
                raise NotEmpty(NOT_EMPTY)
            for table in TABLES:
                columns = table_columns(conn, table)
                rows = data.get(table, [])
                if columns is None:
                    if rows:
                        raise TransferError(f"the export has {table} rows but the database has no {table} "
                                            f"table (schema {revision})")
                    continue
                counts[table] = _restore_table(conn, table, columns, rows, checking)
            _restore_sequences(conn, data.get(SEQUENCES, {}))
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                table, rowid, parent = tuple(broken[0])[:3]
                raise TransferError(f"{table} row {rowid} points to a missing {parent} row")
    except sqlite3.Error as exc:  # anything the checks above did not foresee; rolled back
        raise TransferError(f"the rows could not be restored ({exc})") from None
    return counts


def _restore_table(conn: sqlite3.Connection, table: str, columns: list[Column], rows: list[dict],
                   checking: Checking) -> int:
    by_name = {c.name: c for c in columns}
    unknown = sorted({name for row in rows for name in row} - set(by_name))
    if unknown:
        raise TransferError(f"{table} has columns this database does not: {_names(unknown)}")
    keys = [c.name for c in sorted((c for c in columns if c.key), key=lambda c: c.key)]
    # a row without a column gets NULL there (or the column's DEFAULT): the rules judge what is stored
    null_when_missing = [c.name for c in columns if not c.has_default and not c.key]
    statements: dict[tuple[str, ...], str] = {}
    for n, row in enumerate(rows, 1):
        where = f"{table} row {n}"
        for key in keys:
            if row.get(key) is None:
                raise TransferError(f"{where} has no {key}")
        where += f" ({_key_label(keys, row)})"
        missing = [name for name in null_when_missing if name not in row]
        if missing:
            row = {**row, **dict.fromkeys(missing)}
        names = tuple(row)
        sql = statements.get(names)
        if sql is None:
            quoted, marks = ", ".join(ident(name) for name in names), ", ".join("?" * len(names))
            sql = statements[names] = f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})'
        stored = {name: _stored(by_name[name], value, where) for name, value in row.items()}
        cleaned, problems = check_row(table, stored, checking, first_only=True)
        if problems:
            raise TransferError(f"{where}: {problems[0].said}")
        try:
            conn.execute(sql, list(cleaned.values()))
        except sqlite3.IntegrityError as exc:
            raise TransferError(f"{where} cannot be restored: {exc}") from None
    return len(rows)


def _key_label(keys: list[str], row: Mapping[str, Any]) -> str:
    """'id 17', or for a composite key 'workout_id 17, distance_m 5000.0'."""
    return ", ".join(f"{key} {_key_shown(row.get(key))}" for key in keys)


def _key_shown(value: Any) -> str:
    if type(value) is int or (type(value) is float and math.isfinite(value)):
        return repr(value)  # (the usual case, made for every row: quick)
    return _shown(value)


def _restore_sequences(conn: sqlite3.Connection, sequences: Mapping[str, int]) -> None:
    for table in TABLES:
        seq = sequences.get(table)
        if seq is None:
            continue
        if not _has_table(conn, table):
            raise TransferError(f"{SEQUENCES} names {table}, a table the database does not have")
        current = conn.execute(SQL_SEQUENCE_GET, (table,)).fetchone()
        if current is None:
            conn.execute(SQL_SEQUENCE_ADD, (table, seq))
        elif current[0] < seq:
            conn.execute(SQL_SEQUENCE_SET, (seq, table))


def _stored(column: Column, value: Any, where: str) -> Any:
    """The value to store for a value of the file, checked against the column's declared type."""
    if value is None:
        return None
    name, declared = column.name, column.type
    if column.json_list:
        if isinstance(value, list):
            if not all(isinstance(v, str) for v in value):
                raise TransferError(f"{where}: {name} must be a list of strings")
            value = to_json_list([_text(v, name, where) for v in value])
        elif not isinstance(value, str) or not _is_json_list(value):
            raise TransferError(f"{where}: {name} must be a list of strings")
        return _text(value, name, where)
    if "BOOL" in declared:
        if isinstance(value, bool):
            return int(value)
        if type(value) is int and value in (0, 1):
            return value
        raise TransferError(f"{where}: {name} must be true or false, not {value!r}")
    if "INT" in declared:
        if type(value) is int and INT64[0] <= value <= INT64[1]:
            return value
        raise TransferError(f"{where}: {name} must be a whole number, not {_shown(value)}")
    if any(word in declared for word in ("REAL", "FLOA", "DOUB", "NUMERIC", "DECIMAL")):
        if type(value) is float:  # (not finite: refused by the column's rule, in its unit)
            return value
        if type(value) is int and INT64[0] <= value <= INT64[1]:
            return value
        raise TransferError(f"{where}: {name} must be a number, not {_shown(value)}")
    if declared in ("DATE", "DATETIME", "TIMESTAMP", "TIME"):
        if isinstance(value, str) and _is_moment(declared, value):
            return _text(value, name, where)
        raise TransferError(f"{where}: {name} must be a {_MOMENTS[declared]} such as "
                            f"{_EXAMPLES[declared]}, not {_shown(value)}")
    if isinstance(value, str):
        return _text(value, name, where)
    if declared in ("", "BLOB", "ANY") and type(value) in (int, float):
        return value
    raise TransferError(f"{where}: {name} must be text, not {_shown(value)}")


_EXAMPLES = {"DATE": "2026-11-24", "DATETIME": "2026-11-24 12:00:00.000000",
             "TIMESTAMP": "2026-11-24 12:00:00.000000", "TIME": "07:30:00.000000"}
_MOMENTS = {"DATE": "date", "DATETIME": "timestamp", "TIMESTAMP": "timestamp", "TIME": "time"}


def _is_moment(declared: str, value: str) -> bool:
    """A date as studylog writes it (ISO: text order is date order); times and timestamps as it reads them
    (printable ASCII: CPython's fromisoformat takes '...10:00:00.123456' followed by a NUL and anything)."""
    if not (value.isascii() and value.isprintable()):
        return False
    try:
        if declared == "DATE":
            return date.fromisoformat(value).isoformat() == value
        if declared == "TIME":
            time.fromisoformat(value)
        else:
            datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_json_list(text: str) -> bool:
    try:
        return isinstance(json.loads(text), list)
    except (ValueError, RecursionError):
        return False


def _text(value: str, name: str, where: str) -> str:
    if not_utf8(value):
        raise TransferError(f"{where}: {name} is not valid Unicode text")
    return value


def _names(names: list[str]) -> str:
    """Names from the file, as they are unless they hold anything that would need quoting."""
    return ", ".join(name if name.isidentifier() else json.dumps(name, ensure_ascii=False) for name in names)


def _shown(value: Any) -> str:
    """A value of the file as JSON spells it (Infinity, NaN, "text"), on one line, never holding a character
    a terminal would act on (those are escaped: "\\u001b"), shortened to 40 characters."""
    if isinstance(value, float):
        shown = ("NaN" if math.isnan(value) else "Infinity" if value > 0 else "-Infinity") \
            if not math.isfinite(value) else repr(value)
    elif isinstance(value, bytes):
        shown = f"<{len(value):,} bytes>"
    else:
        try:
            shown = json.dumps(value, ensure_ascii=False)
            if clean(shown, multiline=False) != shown:
                shown = json.dumps(value)
        except (TypeError, ValueError):
            shown = ascii(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


# -------------------------------------------------------------------------------------------- value rules
#
# Each column's rule, as typed input and the services hold it: the kinds of studylog.domain.values, the
# limits of studylog.limits, days (none after the export was made, or after today for `db check`), and
# text cleaned as the services clean it before storing (titles on one line). A rule returns the value to
# store (text cleaned) and, when the value cannot be stored, what it must be ("must be ..."). ``check_row``
# adds the rules that join columns (a workout's distance and time, a best effort and its workout, a book
# finished after it was started, a goal's period) and is the one place import json and `db check` share.

class BadValue(NamedTuple):
    """A value that breaks a rule: its column, the value, and the sentence saying so."""

    column: str
    value: Any
    said: str  # "duration_s must be a finite number of seconds, not Infinity"


class Checking:
    """What the rules need beyond one row: the last day a thing can have been done on (and how to name
    it), whether text is cleaned (import) or its control characters reported (`db check`), and the
    workouts met so far (a best effort is held to its workout)."""

    def __init__(self, last_day: date, last_day_is: str, *, cleaning: bool) -> None:
        self.last_day = last_day
        self.last_day_is = last_day_is
        self.cleaning = cleaning
        self.workouts: dict[Any, tuple[str, float | None, float | None]] = {}
        # (while ``_plain_row`` builds a row's condition: the columns each text test is to read, in one call
        # a row rather than one a value)
        self.texts: dict[str, list[str]] | None = None


Rule = Callable[[Any, Checking], tuple[Any, "str | None"]]

# `db check` reads in Python only the rows that may break a rule: each rule can say in SQL when a value
# surely keeps it (``plain``: the column's quoted name and the Checking -> an SQL condition). The
# conditions are strict (a value they pass always passes the rule; one they do not pass is simply read and
# checked as before), and test_db_check_reads_only_suspect_rows_and_finds_what_a_full_read_finds holds them
# to that over hostile values of every column.
Plain = Callable[[str, Checking], str]


def _plain(rule: Rule, plain: Plain) -> Rule:
    rule.plain = plain  # type: ignore[attr-defined]
    return rule


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


_DIGITS = {"Y": "[0-9][0-9][0-9][0-9]", "d": "[0-9][0-9]"}
_DAY_GLOB = f"{_DIGITS['Y']}-{_DIGITS['d']}-{_DIGITS['d']}"
_TIME_GLOB = f"{_DIGITS['d']}:{_DIGITS['d']}:{_DIGITS['d']}"
_FRACTION_GLOB = "." + "[0-9]" * 6
# Text a rule never objects to: printable ASCII, tabs and line breaks (text.clean keeps those; _holds_control
# ignores them). Anything else (a control character, an accent, an emoji) is read and checked in Python.
# SQLite's GLOB with a character class walks long notes slowly (0.65 s over a decade's notes), so the
# test is a function of the connection (``PLAIN_TEXT``, registered by ``_register_plain``), given the text's
# UTF-8 bytes (no str made of each note: 11 ms over the decade's notes, where a regex over str took 70):
# ASCII, and no byte a control character is. A row's text columns are given to it together, joined
# (``_plain_row``): a byte test holds for the join exactly when it holds for each (a call a row, not one a
# value: the decade's 52,000 calls took about 60 ms).
_CONTROL_BYTES = bytes(range(32)).replace(b"\t", b"").replace(b"\n", b"") + b"\x7f"
_CONTROL_LINE_BYTES = bytes(range(32)) + b"\x7f"
PLAIN_TEXT = "studylog_plain_text"
PLAIN_LINE = "studylog_plain_line"
PLAIN_ROW = "studylog_plain_row"  # (a row's text columns and its one-line columns, joined: one call a row)


def _plain_bytes(value: object, controls: bytes) -> bool:
    return isinstance(value, bytes) and value.isascii() and len(value.translate(None, controls)) == len(value)


def _plain_text(value: object) -> bool:
    return _plain_bytes(value, _CONTROL_BYTES)


def _plain_line(value: object) -> bool:
    return _plain_bytes(value, _CONTROL_LINE_BYTES)


def _plain_row_bytes(text: object, line: object) -> bool:
    return _plain_bytes(text, _CONTROL_BYTES) and _plain_bytes(line, _CONTROL_LINE_BYTES)


def _register_plain(conn: sqlite3.Connection) -> None:
    conn.create_function(PLAIN_TEXT, 1, _plain_text, deterministic=True)
    conn.create_function(PLAIN_LINE, 1, _plain_line, deterministic=True)
    conn.create_function(PLAIN_ROW, 2, _plain_row_bytes, deterministic=True)


def _plain_sql(function: str, column: str, checking: Checking) -> str:
    """SQL true when ``column`` (text) holds only plain bytes; when a row's condition is being built, "1",
    and the column is tested with the row's others (``Checking.texts``)."""
    if checking.texts is None:
        return f"{function}(CAST({column} AS BLOB))"
    checking.texts.setdefault(function, []).append(column)
    return "1"


def _sql_day_within(column: str, first: date, last: date) -> str:
    """A day as studylog writes it, from ``first`` to ``last`` (SQLite's date() with a modifier normalises
    2026-02-30 to 2026-03-02, so only real days equal themselves; and what it writes is YYYY-MM-DD, so no
    GLOB of the shape is needed: it cost as much as date() itself)."""
    return (f"(typeof({column}) = 'text' AND date({column}, '+0 days') IS {column} "
            f"AND {column} >= '{first.isoformat()}' AND {column} <= '{last.isoformat()}')")


def _number_kind(value: Any) -> bool:
    return type(value) in (int, float)


def _whole(low: int, high: int, unit: str = "") -> Rule:
    shown = f"from {low:,} to {high:,}{' ' + unit if unit else ''}"

    def rule(value: Any, checking: Checking) -> tuple[Any, str | None]:
        if value is None:
            return value, None
        if type(value) is not int:
            return value, f"must be a whole number {shown}"
        return value, None if low <= value <= high else f"must be {shown}"
    return _plain(rule, lambda c, _: f"({c} IS NULL OR (typeof({c}) = 'integer' AND {c} BETWEEN {low} AND {high}))")


def _n(number: float) -> str:
    """5, 0.5, 50,000, 1,000,000,000."""
    return f"{number:,g}" if abs(number) < 1e6 else f"{number:,.0f}"


def _number(low: float | None = None, high: float | None = None, unit: str = "", *,
            above: float | None = None) -> Rule:
    """A finite number: from ``low`` (or more than ``above``) to ``high``."""
    of = f" of {unit}" if unit else ""
    suffix = f" {unit}" if unit else ""

    def rule(value: Any, checking: Checking) -> tuple[Any, str | None]:
        if value is None:
            return value, None
        if not _number_kind(value) or not math.isfinite(value):
            return value, f"must be a finite number{of}"
        if low is not None and high is not None and not low <= value <= high:
            return value, f"must be from {_n(low)} to {_n(high)}{suffix}"
        if low is not None and value < low:
            return value, "must not be negative" if low == 0 else f"must be at least {_n(low)}{suffix}"
        if above is not None and value <= above:
            return value, f"must be more than {_n(above)}{suffix}"
        if high is not None and value > high:
            return value, f"must be at most {_n(high)}{suffix}"
        return value, None

    def plain(c: str, _: Checking) -> str:
        bounds = [f"{c} > -1e308", f"{c} < 1e308"]  # (finite: infinities are outside)
        bounds += [f"{c} >= {low!r}"] if low is not None else []
        bounds += [f"{c} <= {high!r}"] if high is not None else []
        bounds += [f"{c} > {above!r}"] if above is not None else []
        return f"({c} IS NULL OR (typeof({c}) IN ('integer', 'real') AND {' AND '.join(bounds)}))"
    return _plain(rule, plain)


def _bool(value: Any, checking: Checking) -> tuple[Any, str | None]:
    return value, None if value is None or (type(value) is int and value in (0, 1)) else "must be true or false"


_plain(_bool, lambda c, _: f"({c} IS NULL OR (typeof({c}) = 'integer' AND {c} IN (0, 1)))")


def _choice(options: tuple[str, ...]) -> Rule:
    def rule(value: Any, checking: Checking) -> tuple[Any, str | None]:
        return value, None if value is None or (isinstance(value, str) and value in options) else \
            f"must be one of {', '.join(options)}"
    listed = ", ".join(_sql_text(option) for option in options)
    return _plain(rule, lambda c, _: f"({c} IS NULL OR (typeof({c}) = 'text' AND {c} COLLATE BINARY IN ({listed})))")


def _parsed_day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and _is_moment("DATE", value) else None


def _done_day(first: date) -> Rule:
    """The day a thing was done: from ``first`` to the last day (the export's, or today)."""
    def rule(value: Any, checking: Checking) -> tuple[Any, str | None]:
        if value is None:
            return value, None
        day = _parsed_day(value)
        if day is None:
            return value, "must be a date such as 2026-11-24"
        if day < first:
            return value, f"must not be before {first.isoformat()}"
        if day > checking.last_day:
            return value, f"must not be after {checking.last_day_is}"
        return value, None
    return _plain(rule, lambda c, checking: f"({c} IS NULL OR {_sql_day_within(c, first, checking.last_day)})")


def _any_day(value: Any, checking: Checking) -> tuple[Any, str | None]:
    """A day of a plan (a goal's window, deadline or life, a rest day): the years studylog knows."""
    if value is None:
        return value, None
    day = _parsed_day(value)
    if day is None:
        return value, "must be a date such as 2026-11-24"
    return value, None if limits.FIRST_DAY <= day <= date(limits.LAST_YEAR, 12, 31) else \
        f"must be from {limits.FIRST_DAY.isoformat()} to {limits.LAST_YEAR}-12-31"


_plain(_any_day, lambda c, _: f"({c} IS NULL OR {_sql_day_within(c, limits.FIRST_DAY, date(limits.LAST_YEAR, 12, 31))})")


def _moment(declared: str) -> Rule:
    what = f"must be a {_MOMENTS[declared]} such as {_EXAMPLES[declared]}"

    def rule(value: Any, checking: Checking) -> tuple[Any, str | None]:
        return value, None if value is None or (isinstance(value, str) and _is_moment(declared, value)) else what

    def plain(c: str, _: Checking) -> str:
        """As studylog writes them, with or without microseconds; only real moments (a modifier makes
        SQLite normalise 24:00 or 30 February, so only real ones equal themselves)."""
        if declared == "TIME":
            shape, real = f"{_TIME_GLOB}", f"time({c}, '+0 seconds') IS substr({c}, 1, 8)"
        elif declared == "DATE":
            return f"({c} IS NULL OR (typeof({c}) = 'text' AND substr({c}, 1, 4) >= '0001' AND date({c}, '+0 days') IS {c}))"
        else:  # (datetime() is strftime's '%Y-%m-%d %H:%M:%S', a third cheaper)
            shape = f"{_DAY_GLOB} {_TIME_GLOB}"
            real = f"substr({c}, 1, 4) >= '0001' AND datetime({c}, '+0 seconds') IS substr({c}, 1, 19)"
        short = len(shape.replace("[0-9]", "0"))  # (the length first: a GLOB is dearer than length())
        # (in bytes, as a BLOB: a text's length(), GLOB, substr() and datetime() stop at a NUL, whatever
        # follows it; the GLOB then vouches for every byte the length counts)
        size = f"length(CAST({c} AS BLOB))"
        return (f"({c} IS NULL OR (typeof({c}) = 'text' AND ({size} = {short} AND {c} GLOB '{shape}' OR "
                f"{size} = {short + 7} AND {c} GLOB '{shape}{_FRACTION_GLOB}') AND {real}))")
    return _plain(rule, plain)


def _holds_control(value: str) -> bool:
    """Whether text holds a character studylog.text.clean removes (tabs and line breaks aside)."""
    if clean(value) == value:
        return False
    return any(clean(f"a{ch}a") != f"a{ch}a" for ch in set(value) if ch not in "\t\n")


def _cleaned(*, multiline: bool, required: bool = False, cleaner: Callable[[str], str | None] | None = None) -> Rule:
    """Text cleaned as the services clean it (``cleaner``, else studylog.text.clean); cleaning is not a
    refusal. `db check` reports control characters instead."""
    def rule(value: Any, checking: Checking) -> tuple[Any, str | None]:
        if value is None:
            return value, "must not be empty" if required else None
        if not isinstance(value, str):
            return value, "must be text"
        if not_utf8(value):
            return value, "is not valid Unicode text (bytes that are no UTF-8)"
        cleaned = cleaner(value) if cleaner else clean(value, multiline=multiline)
        if required and not cleaned:
            return value, "must not be empty"
        if checking.cleaning:
            return cleaned, None
        return value, "holds control characters" if _holds_control(value) else None

    def plain(c: str, checking: Checking) -> str:
        text = f"(typeof({c}) = 'text' AND {_plain_sql(PLAIN_TEXT, c, checking)}"
        # (required: not blank; `trim` of the ASCII blanks, the only ones plain text holds)
        text += f" AND trim({c}, ' ' || char(9, 10)) != '')" if required else ")"
        return text if required else f"({c} IS NULL OR {text})"
    return _plain(rule, plain)


def _exact(*, link: bool = False, web: bool = False, required: bool = False) -> Rule:
    """A link or a key: stored as it is, or refused (cleaned, it would be another link or key); ``web``:
    an http(s) link, the only kind the app opens."""
    def rule(value: Any, checking: Checking) -> tuple[Any, str | None]:
        if value is None:
            return value, ("must be an http(s) link" if web else "must not be empty") if required else None
        if not isinstance(value, str):
            return value, "must be text"
        if clean(value, multiline=False) != value:
            return value, "must be a link without control characters or line breaks" if link or web \
                else "must hold no control characters or line breaks"
        if web:
            from studylog.io.urls import is_web_url

            if not is_web_url(value):
                return value, "must be an http(s) link"
        return value, None

    def plain(c: str, checking: Checking) -> str:
        """Printable ASCII on one line, no blank at either end or two together (so clean leaves it as it is);
        a web link also begins with http(s):// and a letter or digit, and holds no ':', '@', '[' or ']'
        after that (where a port, a user or an IPv6 host could make it no link)."""
        text = (f"(typeof({c}) = 'text' AND {c} != '' AND {_plain_sql(PLAIN_LINE, c, checking)} AND {c} NOT GLOB ' *' "
                f"AND {c} NOT GLOB '* ' AND {c} NOT GLOB '*  *'")
        if web:
            rest = f"substr({c}, instr({c}, '://') + 3)"
            text += (f" AND ({c} GLOB 'http://[a-zA-Z0-9]*' OR {c} GLOB 'https://[a-zA-Z0-9]*')"
                     + "".join(f" AND instr({rest}, '{ch}') = 0" for ch in ":@[]"))
        text += ")"
        return text if required else f"({c} IS NULL OR {text})"
    return _plain(rule, plain)


def _string_list(value: Any, checking: Checking) -> tuple[Any, str | None]:
    """A JSON list of strings (tags, authors), each cleaned to one line; left as written when clean."""
    if value is None:
        return value, None
    try:
        items = json.loads(value) if isinstance(value, str) else None
    except (ValueError, RecursionError):
        items = None
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        return value, "must be a list of strings"
    cleaned = [c for c in (clean(item, multiline=False) for item in items) if c]
    if cleaned == items:
        return value, None
    if checking.cleaning:
        return to_json_list(cleaned), None
    return value, "holds control characters" if any(_holds_control(item) for item in items) else None


# '[]', or valid JSON with no backslash (no escaped character, which could be a control character or no
# string at all, and no '"' but those around strings), an array holding no array or object (no '[' past
# the first character, no '{'): its items are strings, numbers, true, false or null, and they are all
# strings when there are twice as many '"' as items. (json_each, a table a row, cost 4 times as much.)
_plain(_string_list, lambda c, checking: (
    f"({c} IS NULL OR (typeof({c}) = 'text' AND {_plain_sql(PLAIN_LINE, c, checking)} AND ({c} = '[]' OR "
    f"(instr({c}, '\\') = 0 AND instr({c}, '{{') = 0 AND instr(substr({c}, 2), '[') = 0 "
    f"AND CASE WHEN json_valid({c}) THEN json_type({c}) = 'array' "
    f"AND length({c}) - length(replace({c}, '\"', '')) = 2 * json_array_length({c}) ELSE 0 END))))"))


def _topic(value: str) -> str | None:
    from studylog.services.resources import clean_topic

    return clean_topic(value)


_ID = _whole(1, limits.MAX_ID)
_LINE = _cleaned(multiline=False)
_NAME = _cleaned(multiline=False, required=True)
_NOTE = _cleaned(multiline=True)
_TOPIC = _cleaned(multiline=False, cleaner=_topic)
_KEY = _exact()
_LINK = _exact(link=True)
_WEB = _exact(web=True)
_STAMP = _moment("DATETIME")
_DONE = _done_day(limits.FIRST_DAY)
_STAMPS = {"created_at": _STAMP, "updated_at": _STAMP}


def _goal_target_max() -> float:
    from studylog.goal_phrases import MAX_TARGET

    return MAX_TARGET


def _rules() -> dict[str, dict[str, Rule]]:
    from studylog.reports.streaks import MAX_CHALLENGE_DAYS

    return {
        "writing_entry": {"id": _ID, "day": _DONE, "title": _LINE, "words": _whole(0, limits.MAX_WORDS, "words"),
                          "note": _NOTE, "tags": _string_list, "challenge": _LINE, "url": _LINK, **_STAMPS},
        "workout": {"id": _ID, "sport": _choice(kinds.SPORTS), "day": _done_day(limits.FIRST_WORKOUT_DAY),
                    "start_time": _moment("TIME"), "distance_m": _number(0, unit="metres"),
                    "duration_s": _number(0, unit="seconds"),
                    "elevation_gain_m": _number(0, limits.MAX_ELEVATION_GAIN_M, "metres"),
                    "avg_hr": _whole(*limits.HEART_RATE, "beats per minute"),
                    "pool_length_m": _number(*limits.POOL_LENGTH_M, "metres"), "title": _LINE, "note": _NOTE,
                    "tags": _string_list, "source": _KEY, "source_id": _KEY, **_STAMPS},
        "workout_effort": {"workout_id": _ID, "distance_m": _number(above=0, unit="metres"),
                           "duration_s": _number(above=0, unit="seconds"), "from_track": _bool},
        "reading_item": {"id": _ID, "kind": _choice(kinds.READING_KINDS), "title": _NAME, "authors": _string_list,
                         "url": _LINK, "isbn": _LINE, "pages": _whole(0, limits.MAX_PAGES, "pages"),
                         "status": _choice(kinds.READING_STATUSES), "added": _DONE, "started": _DONE,
                         "finished": _DONE, "rating": _number(0, 5), "review": _NOTE, "tags": _string_list,
                         "source": _KEY, "source_id": _KEY, **_STAMPS},
        "resource": {"id": _ID, "url": _exact(web=True, required=True), "title": _LINE, "topic": _TOPIC,
                     "kind": _choice(kinds.RESOURCE_KINDS), "description": _LINE,
                     "status": _choice(kinds.RESOURCE_STATUSES), "added": _DONE, "done": _DONE, "note": _NOTE,
                     **_STAMPS},
        "study_session": {"id": _ID, "day": _DONE, "duration_s": _whole(1, 24 * 3600, "seconds"), "topic": _TOPIC,
                          "resource_id": _ID, "note": _NOTE, **_STAMPS},
        "resource_list": {"id": _ID, "name": _NAME, "curator": _LINE, "description": _LINE, "origin": _LINE,
                          **_STAMPS},
        "resource_list_item": {"id": _ID, "list_id": _ID, "resource_id": _ID, "position": _whole(0, limits.MAX_ID),
                               "section": _TOPIC},
        "goal": {"id": _ID, "kind": _choice(kinds.GOAL_KINDS), "activity": _choice(kinds.GOAL_ACTIVITIES),
                 "metric": _choice(kinds.GOAL_METRICS), "target": _number(above=0, high=_goal_target_max()),
                 "period": _choice(kinds.GOAL_PERIODS), "start_day": _any_day, "end_day": _any_day,
                 "title": _NAME, "archived": _bool, "active_from": _any_day, "archived_on": _any_day,
                 "subject": _TOPIC, **_STAMPS},
        "reflection": {"id": _ID, "period_kind": _choice(("week", "year")), "period": _NAME, "planned": _NOTE,
                       "achieved": _NOTE, "learned": _NOTE, **_STAMPS},
        "skip_day": {"id": _ID, "habit": _NAME, "day": _any_day, "reason": _LINE,  # (an activity or a habit's name)
                     **_STAMPS},
        "challenge": {"id": _ID, "key": _NAME, "name": _NAME, "days": _whole(1, MAX_CHALLENGE_DAYS, "days"),
                      **_STAMPS},
        "habit": {"id": _ID, "key": _NAME, "name": _NAME, "unit": _LINE, **_STAMPS},
        "habit_log": {"id": _ID, "habit_id": _ID, "day": _DONE, "amount": _number(above=0, high=1_000_000.0),
                      **_STAMPS},
        "feed": {"id": _ID, "kind": _choice(kinds.FEED_KINDS), "title": _NAME, "url": _WEB,
                 "tags": _string_list, "added": _DONE, "source": _KEY, "source_id": _KEY, **_STAMPS},
    }


_RULES: dict[str, dict[str, Rule]] = {}


def rules() -> dict[str, dict[str, Rule]]:
    """The rule of each column of each table (built once, on first use: it imports a few modules)."""
    if not _RULES:
        _RULES.update(_rules())
    return _RULES


def check_row(table: str, row: Mapping[str, Any], checking: Checking, *,
              first_only: bool = False) -> tuple[dict[str, Any], list[BadValue]]:
    """A row's values as they are to be stored (text cleaned, when ``checking.cleaning``), and the values
    that break a rule, in column order and then the rules joining columns (only the first with
    ``first_only``). Values are as the database holds them: JSON lists as their text, booleans as 0/1."""
    table_rules = rules().get(table, {})
    out: dict[str, Any] = {}
    problems: list[BadValue] = []
    for name, value in row.items():
        rule = table_rules.get(name)
        if rule is not None:
            value, why = rule(value, checking)
        else:  # a column this studylog has no rule for (a later one): finite numbers still
            why = "must be a finite number" if isinstance(value, float) and not math.isfinite(value) else None
        out[name] = value
        if why:
            problems.append(BadValue(name, value, f"{name} {why}, not {_shown(value)}"))
            if first_only:
                return out, problems
    bad = {p.column for p in problems}
    joined = _joined(table, out, checking, bad)
    if joined is not None:
        problems.append(joined)
    return out, problems


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _joined(table: str, row: Mapping[str, Any], checking: Checking, bad: set[str]) -> BadValue | None:
    """The rules that join columns (or tables), for the columns that passed their own."""
    def ok(*names: str) -> bool:
        return not bad.intersection(names)

    if table == "workout" and ok("sport", "distance_m", "duration_s") and "sport" in row:
        sport, distance, duration = row["sport"], row.get("distance_m"), row.get("duration_s")
        why = limits.workout_problem(sport, distance, duration)
        if why:
            return BadValue("distance_m", distance,
                            f"distance_m {_shown(distance)} and duration_s {_shown(duration)}: {why}")
        if "id" in row:
            checking.workouts[row["id"]] = (sport, distance, duration)
    elif table == "workout_effort" and ok("distance_m", "duration_s"):
        workout = checking.workouts.get(row.get("workout_id"))
        metres, seconds = row.get("distance_m"), row.get("duration_s")
        if workout is not None and metres is not None and seconds is not None:
            from studylog.domain.values import Effort
            from studylog.io.workouts import sane_efforts

            sport, distance, duration = workout
            if not sane_efforts(sport, distance, duration, [Effort(metres, seconds)]):
                return BadValue("distance_m", metres,
                                f"distance_m {_shown(metres)} and duration_s {_shown(seconds)} is not a best effort "
                                f"workout {row['workout_id']} can hold (a {sport} of {_shown(distance)} m in "
                                f"{_shown(duration)} s)")
    elif table == "reading_item" and ok("started", "finished"):
        started, finished = _parsed_day(row.get("started")), _parsed_day(row.get("finished"))
        if started and finished and finished < started:
            return BadValue("finished", row["finished"], f"finished must not be before started "
                                                         f"({started.isoformat()}), not {_shown(row['finished'])}")
    elif table == "goal" and ok("kind", "period") and row.get("kind") not in (None, "milestone") \
            and "period" in row and row["period"] is None:
        return BadValue("period", None, f"period must be one of {', '.join(kinds.GOAL_PERIODS)} for "
                                        f"{_a(row['kind'])} goal, not null")
    elif table == "reflection" and ok("period_kind", "period") and isinstance(row.get("period"), str):
        if row.get("period_kind") == "week" and not _is_week(row["period"]):
            return BadValue("period", row["period"], f"period must be a week such as 2026-W47, not "
                                                     f"{_shown(row['period'])}")
        if row.get("period_kind") == "year" and not _is_year(row["period"]):
            return BadValue("period", row["period"], f"period must be a year such as 2026, not "
                                                     f"{_shown(row['period'])}")
    return None


# The rules joining columns or rows, said in SQL for the rows whose every value is vouched for (``plain``):
# true only when the rule surely finds nothing (bounds a little inside the rule's, for the rounding of a
# division made as a product). A row they vouch for is not given to ``_joined`` (a workout is only noted
# for its best efforts, as ``_joined`` notes it); one they do not is checked there as before.
# test_db_check_prefilter holds them to that. Columns are qualified with the table: the best efforts'
# condition reads their workout.
_INSIDE = 1 - 1e-9


def _slowest_record(sport_limits: limits.SportLimits) -> float | None:
    """A speed no more than ``limits.record_speed`` at any distance (it is the table's points, or a line
    between two of them), or None for a sport without records (no speed is too fast)."""
    return min(speed for _, speed in sport_limits.record_speeds) * _INSIDE if sport_limits.record_speeds else None


def _sql_zero(column: str) -> str:
    return f"({column} IS NULL OR {column} = 0)"


def _sql_pace(sport: str, metres: str, seconds: str) -> str:
    """SQL true only when ``limits.workout_problem`` finds nothing in a workout of a known sport (numbers
    already vouched for as finite and not negative, or NULL)."""
    cases = []
    for name, sport_limits in limits.SPORT_LIMITS.items():
        if sport_limits.max_distance_m is None:
            distance = _sql_zero(metres)
        else:
            distance = f"({_sql_zero(metres)} OR {metres} BETWEEN {limits.MIN_DISTANCE_M!r} AND " \
                       f"{sport_limits.max_distance_m!r})"
        duration = f"({_sql_zero(seconds)} OR {seconds} BETWEEN {limits.MIN_DURATION_S!r} AND " \
                   f"{sport_limits.max_duration_s!r})"
        slowest = _slowest_record(sport_limits)
        speed = f" AND ({_sql_zero(metres)} OR {_sql_zero(seconds)} OR {metres} <= {seconds} * {slowest!r})" \
            if slowest is not None and sport_limits.max_distance_m is not None else ""
        timed = f"({_sql_zero(metres)} OR {seconds} IS NULL OR {seconds} > 0)"
        cases.append(f"WHEN {_sql_text(name)} THEN {distance} AND {duration} AND {timed}{speed}")
    return (f"(typeof({sport}) = 'text' AND typeof({metres}) IN ('null', 'integer', 'real') "
            f"AND typeof({seconds}) IN ('null', 'integer', 'real') "
            f"AND CASE {sport} COLLATE BINARY {' '.join(cases)} ELSE 0 END)")


def _sql_effort(effort: str, workout: str) -> str:
    """SQL true only when ``io.workouts.sane_efforts`` keeps a best effort (numbers vouched for as finite
    and more than 0) beside its workout, when ``_joined`` noted the workout (an effort whose workout it did
    not note is held to nothing)."""
    from studylog.io.workouts import EFFORT_SLACK_M, EFFORT_SLACK_RATIO, EFFORT_SLACK_S

    metres, seconds = f'"{effort}"."distance_m"', f'"{effort}"."duration_s"'
    w_metres, w_seconds = "w.distance_m", "w.duration_s"
    speeds = []
    for name, sport_limits in limits.SPORT_LIMITS.items():
        slowest = _slowest_record(sport_limits)
        speeds.append(f"WHEN {_sql_text(name)} THEN "
                      + (f"{metres} <= {seconds} * {slowest!r}" if slowest is not None else "1"))
    return (f"EXISTS (SELECT 1 FROM \"{workout}\" AS w WHERE w.id = \"{effort}\".\"workout_id\" "
            f"AND typeof({w_metres}) IN ('integer', 'real') AND {w_metres} > 0 AND {w_metres} < 1e308 "
            f"AND {metres} <= ({w_metres} * {1 + EFFORT_SLACK_RATIO!r} + {EFFORT_SLACK_M!r}) * {_INSIDE!r} "
            f"AND ({_sql_zero(w_seconds)} OR (typeof({w_seconds}) IN ('integer', 'real') AND {seconds} <= "
            f"({w_seconds} * {1 + EFFORT_SLACK_RATIO!r} + {EFFORT_SLACK_S!r}) * {_INSIDE!r})) "
            f"AND typeof(w.sport) = 'text' AND CASE w.sport COLLATE BINARY {' '.join(speeds)} ELSE 0 END)")


_JOINED_READS = {"workout": {"id", "sport", "distance_m", "duration_s"},
                 "workout_effort": {"workout_id", "distance_m", "duration_s"}, "reading_item": {"started", "finished"}}


def _joined_plain(conn: sqlite3.Connection, table: str, names: list[str]) -> str | None:
    """An SQL condition true for the rows (their own values vouched for) that the rules joining columns
    or rows surely pass (None: every row is given to ``_joined``, as for a schema without the columns)."""
    if not _JOINED_READS.get(table, {"?"}).issubset(names):
        return None
    if table == "workout_effort":
        workout = table_columns(conn, "workout")
        if workout is None or not _JOINED_READS["workout"].issubset(c.name for c in workout):
            return None
        if [c.name for c in workout if c.key] != ["id"]:  # (ids not unique: ``_joined`` holds an effort to the
            return None                                    # last workout of its id, EXISTS to any of them)
    if table == "workout":
        return _sql_pace('"workout"."sport"', '"workout"."distance_m"', '"workout"."duration_s"')
    if table == "workout_effort":
        return _sql_effort("workout_effort", "workout")
    if table == "reading_item":  # (days vouched for: their text's order is theirs)
        return '("reading_item"."started" IS NULL OR "reading_item"."finished" IS NULL ' \
               'OR "reading_item"."finished" >= "reading_item"."started")'
    return None


def _noted(table: str, names: list[str]) -> tuple[int, ...] | None:
    """Where a row of ``table`` holds what ``_joined`` notes of it when it passes every rule (a workout, for
    its best efforts: its id, then sport, distance and duration), or None when nothing is noted. (A
    workout is vouched for only when it has all four columns: ``_joined_plain``.)"""
    wanted = ("id", "sport", "distance_m", "duration_s")
    if table not in _NOTED_TABLES or not set(wanted).issubset(names):
        return None
    return tuple(names.index(name) for name in wanted)


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"\d{4}", text)) and limits.FIRST_YEAR <= int(text) <= limits.LAST_YEAR


def _is_week(text: str) -> bool:
    match = re.fullmatch(r"(\d{4})-W(\d{2})", text)
    if not match or not _is_year(match[1]):
        return False
    try:
        date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        return False
    return True


def _export_day(exported_at: str) -> date | None:
    """The day (UTC) an export was made, from its ``exported_at``; None when that is not a timestamp."""
    try:
        moment = datetime.fromisoformat(exported_at)
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).date()


def _import_checking(exported_at: str | None, now: datetime | None) -> Checking:
    """No day after the export was made, nor after ``now``; a day's grace, since both are in UTC and the
    days in the file are the person's own (east of Greenwich the 25th begins on the 24th)."""
    made = _export_day(exported_at) if isinstance(exported_at, str) else None
    today = now.astimezone(UTC).date() if now is not None else None
    if made is not None and (today is None or made <= today):
        last, named = made, f"the day the export was made ({made.isoformat()})"
    elif today is not None:
        last, named = today, f"today ({today.isoformat()})"
    else:
        last, named = date(limits.LAST_YEAR, 12, 31), f"{limits.LAST_YEAR}-12-31"
    return Checking(min(last + timedelta(days=1), date.max), named, cleaning=True)


# A column that usually holds its twin's value, under the same rule: a row that was never edited was
# updated when it was created. Bytewise equal to a value the rule vouches for, it is vouched for (a text
# equals only a text, with the same bytes), and the string comparison costs a fraction of the rule's test.
_TWINS = {"updated_at": "created_at"}


def _plain_row(conn: sqlite3.Connection, table: str, names: list[str], checking: Checking) -> str | None:
    """An SQL condition true for the rows of ``table`` whose every value its rule vouches for (None when a
    rule cannot say so in SQL: every row is then checked in Python)."""
    _register_plain(conn)
    table_rules = rules().get(table, {})
    plain: list[str] = []
    checking.texts = {}
    try:
        for name in names:
            # (BINARY: a column of a file edited by hand may compare under RTRIM or NOCASE, where a day with a
            # blank after it equals the day date() makes of it)
            column = f"({ident(name)} COLLATE BINARY)"
            rule = table_rules.get(name)
            if rule is None:  # a column this studylog has no rule for: finite numbers still
                plain.append(f"(typeof({column}) != 'real' OR ({column} > -1e308 AND {column} < 1e308))")
            elif hasattr(rule, "plain"):
                condition = rule.plain(column, checking)
                twin = _TWINS.get(name)
                if twin in names and table_rules.get(twin) is rule:  # (most rows: as the twin, already tested)
                    condition = f"({column} IS {ident(twin)} OR {condition})"  # (the left's BINARY decides)
                plain.append(condition)
            else:
                return None
        texts = checking.texts
    finally:
        checking.texts = None
    if texts:  # (NULL as no text: a column's own condition says what it may be)
        joined = [" || ".join(f"coalesce({column}, '')" for column in texts.get(function, ())) or "''"
                  for function in (PLAIN_TEXT, PLAIN_LINE)]
        plain.append(f"{PLAIN_ROW}(CAST({joined[0]} AS BLOB), CAST({joined[1]} AS BLOB))")
    return " AND ".join(plain) if plain else "1"


def stored_value_problems(conn: sqlite3.Connection, *, today: date | None = None,
                          prefilter: bool = True) -> list[str]:
    """Each value a database holds that import json would refuse (or text it would clean of control
    characters), one line each: 'workout id 17: duration_s must be a finite number of seconds, not
    Infinity'. Days after ``today`` are among them (without it, after the last year studylog knows). Only
    reads.

    With ``prefilter`` (False is for the tests to compare) only the rows SQL cannot vouch for are read
    into Python and checked column by column (the decade's 23,000 rows took a second). The rules joining
    columns or rows (a workout's pace, a best effort and its workout, a book's days, a goal's period, a
    reflection's week) still see every row of their tables, the vouched-for ones with no bad column."""
    if today is not None:
        checking = Checking(today, f"today ({today.isoformat()})", cleaning=False)
    else:
        checking = Checking(date(limits.LAST_YEAR, 12, 31), f"{limits.LAST_YEAR}-12-31", cleaning=False)
    if prefilter and conn.execute("PRAGMA encoding").fetchone()[0] != "UTF-8":
        prefilter = False  # (the byte tests read UTF-8: in UTF-16, U+202E is the printable bytes 2E 20)
    found: list[str] = []
    for table in TABLES:
        columns = table_columns(conn, table)
        if columns is None:
            continue
        keys = [c.name for c in sorted((c for c in columns if c.key), key=lambda c: c.key)]
        names = [c.name for c in columns]
        quoted = ", ".join(ident(name) for name in names)
        plain = _plain_row(conn, table, names, checking) if prefilter else None
        joined = table in _JOINED_TABLES
        both = _joined_plain(conn, table, names) if plain is not None and joined else None
        if plain is None:
            query = f'SELECT {quoted}, 0 FROM "{table}"'
        elif joined and table in _NOTED_TABLES:
            # every row, and whether its columns (1) and the rules joining them (2) are vouched for (a row
            # vouched for is still noted: the next table's rules read it)
            level = f"CASE WHEN ({both}) THEN 2 ELSE 1 END" if both is not None else "1"
            query = f'SELECT {quoted}, CASE WHEN ({plain}) THEN {level} ELSE 0 END FROM "{table}"'
        elif joined:  # the rows SQL cannot vouch for whole, and whether their own columns (1) are
            where = f' WHERE NOT (({plain}) AND ({both}))' if both is not None else ""
            query = f'SELECT {quoted}, CASE WHEN ({plain}) THEN 1 ELSE 0 END FROM "{table}"{where}'
        else:
            query = f'SELECT {quoted}, 0 FROM "{table}" WHERE NOT ({plain})'
        noted = _noted(table, names)
        for *values, vouched in conn.execute(f"{query} ORDER BY {_key_order(columns)}"):
            if vouched == 2:
                if noted is not None:
                    checking.workouts[values[noted[0]]] = tuple(values[i] for i in noted[1:])
                continue
            row = dict(zip(names, values, strict=True))
            if vouched:
                problem = _joined(table, row, checking, set())
                problems = [problem] if problem is not None else []
            else:
                _, problems = check_row(table, row, checking)
            if problems:
                label = f"{table} id {_shown(row['id'])}" if keys == ["id"] else f"{table} ({_key_label(keys, row)})"
                found.extend(f"{label}: {problem.said}" for problem in problems)
    return found


_JOINED_TABLES = frozenset({"workout", "workout_effort", "reading_item", "goal", "reflection"})
_NOTED_TABLES = frozenset({"workout"})  # (``_noted`` says what is noted of a row vouched for)


# ------------------------------------------------------------------------------------ older exports

def upgrade_export(data: Mapping[str, Any], clock: Clock) -> dict[str, Any]:
    """An export from an older schema as this studylog's schema would hold it: restored into a scratch
    database at its own revision, upgraded there by the migrations (their data steps included), and
    exported again. An export at the current schema is returned as it is."""
    check_export(data)
    if data["schema"] == HEAD_REVISION:
        return dict(data)
    import tempfile
    from pathlib import Path

    from studylog.db import migrate
    from studylog.db.sqlite import connect

    with tempfile.TemporaryDirectory(prefix="studylog-import-") as folder:
        path = Path(folder) / "upgrade.db"
        migrate.upgrade(path, clock, target=data["schema"])
        conn = connect(path)
        try:
            import_all(conn, data, now=clock.now())
        finally:
            conn.close()
        migrate.upgrade(path, clock)
        conn = connect(path)
        try:
            upgraded = export_all(conn, settings=data.get("settings", {}), now=clock.now())
        finally:
            conn.close()
    upgraded["exported_at"] = data.get("exported_at")
    return upgraded

