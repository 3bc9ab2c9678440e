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
raises TransferError (a ValueError) with one clear sentence, and nothing is written. An export from an
older schema can be restored as it is (its columns all exist now), or first brought up to date by
``upgrade_export``, which replays the migrations on it so that their data steps (0002's best efforts)
run on the restored rows as they did on the original database.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any, NamedTuple

from studylog.db.schema import HEAD_REVISION, current_revision
from studylog.db.sqlite import snapshot, to_json_list, transaction

if TYPE_CHECKING:
    from pathlib import Path

    from studylog.clock import Clock

FORMAT = "studylog-export"
VERSION = 1
# Every table of the data, parents before children: the order of the file and of a restore.
TABLES = ("writing_entry", "workout", "workout_effort", "reading_item", "resource", "resource_list",
          "resource_list_item", "goal", "reflection", "skip_day", "challenge", "feed")
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


class TransferError(ValueError):
    """An export that cannot be written or a file that cannot be restored, in one sentence."""


class Column(NamedTuple):
    name: str
    type: str  # the declared type, upper case: INTEGER, FLOAT, VARCHAR, DATE, DATETIME, TIME, BOOLEAN
    notnull: bool
    key: int  # position in the primary key (1, 2...), 0 when not part of it
    json_list: bool


def table_columns(conn: sqlite3.Connection, table: str) -> list[Column] | None:
    """The columns of a table in their order, or None when the database has no such table (yet)."""
    rows = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
    if not rows:
        return None
    return [Column(r[1], (r[2] or "").upper(), bool(r[3]), r[5], r[4] == JSON_LIST_DEFAULT) for r in rows]


def _key_order(columns: list[Column]) -> str:
    keys = sorted((c for c in columns if c.key), key=lambda c: c.key)
    return ", ".join(f'"{c.name}"' for c in keys) if keys else "rowid"


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
            names = ", ".join(f'"{c.name}"' for c in columns)
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
    if not isinstance(data.get("exported_at"), str | None):
        raise TransferError("not a studylog export (exported_at is not text)")
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
    value of the wrong kind, a broken reference); then nothing is written. ``now`` is unused: the rows
    keep their own timestamps.
    """
    del now
    check_export(data)
    schema, revision = data["schema"], current_revision(conn)
    if revision is not None and REVISION.fullmatch(revision) and int(schema) > int(revision):
        raise TransferError(f"the export is at schema {schema}, the database at {revision}: "
                            f"upgrade the database first (studylog db upgrade)")
    counts: dict[str, int] = {}
    try:
        with transaction(conn):
            if not is_empty(conn):
                raise TransferError(NOT_EMPTY)
            for table in TABLES:
                columns = table_columns(conn, table)
                rows = data.get(table, [])
                if columns is None:
                    if rows:
                        raise TransferError(f"the export has {table} rows but the database has no {table} "
                                            f"table (schema {revision})")
                    continue
                counts[table] = _restore_table(conn, table, columns, rows)
            _restore_sequences(conn, data.get(SEQUENCES, {}))
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                table, rowid, parent = tuple(broken[0])[:3]
                raise TransferError(f"{table} row {rowid} points to a missing {parent} row")
    except sqlite3.Error as exc:  # anything the checks above did not foresee; rolled back
        raise TransferError(f"the rows could not be restored ({exc})") from None
    return counts


def _restore_table(conn: sqlite3.Connection, table: str, columns: list[Column], rows: list[dict]) -> int:
    by_name = {c.name: c for c in columns}
    unknown = sorted({name for row in rows for name in row} - set(by_name))
    if unknown:
        raise TransferError(f"{table} has columns this database does not: {_names(unknown)}")
    keys = [c.name for c in sorted((c for c in columns if c.key), key=lambda c: c.key)]
    statements: dict[tuple[str, ...], str] = {}
    for n, row in enumerate(rows, 1):
        where = f"{table} row {n}"
        for key in keys:
            if row.get(key) is None:
                raise TransferError(f"{where} has no {key}")
        names = tuple(row)
        sql = statements.get(names)
        if sql is None:
            quoted, marks = ", ".join(f'"{name}"' for name in names), ", ".join("?" * len(names))
            sql = statements[names] = f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})'
        values = [_stored(by_name[name], value, where) for name, value in row.items()]
        try:
            conn.execute(sql, values)
        except sqlite3.IntegrityError as exc:
            raise TransferError(f"{where} cannot be restored: {exc}") from None
    return len(rows)


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
        if type(value) is float and not math.isnan(value):
            return value
        if type(value) is int and INT64[0] <= value <= INT64[1]:
            return value
        raise TransferError(f"{where}: {name} must be a number, not {_shown(value)}")
    if declared in ("DATE", "DATETIME", "TIMESTAMP", "TIME"):
        if isinstance(value, str) and _is_moment(declared, value):
            return _text(value, name, where)
        raise TransferError(f"{where}: {name} must be a {declared.lower()} such as "
                            f"{_EXAMPLES[declared]}, not {_shown(value)}")
    if isinstance(value, str):
        return _text(value, name, where)
    if declared in ("", "BLOB", "ANY") and type(value) in (int, float):
        return value
    raise TransferError(f"{where}: {name} must be text, not {_shown(value)}")


_EXAMPLES = {"DATE": "2026-11-24", "DATETIME": "2026-11-24 12:00:00.000000",
             "TIMESTAMP": "2026-11-24 12:00:00.000000", "TIME": "07:30:00.000000"}


def _is_moment(declared: str, value: str) -> bool:
    """A date as studylog writes it (ISO: text order is date order); times and timestamps as it reads them."""
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
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise TransferError(f"{where}: {name} is not valid Unicode text") from None
    return value


def _names(names: list[str]) -> str:
    """Names from the file, as they are unless they hold anything that would need quoting."""
    return ", ".join(name if name.isidentifier() else json.dumps(name, ensure_ascii=False) for name in names)


def _shown(value: Any) -> str:
    shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, float) else repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


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

