"""``studylog db check``: SQLite's integrity and foreign key checks, the schema compared with the models,
and every value held to the rules import json holds a file to. The file is only read.

A schema that is, object for object, the one the migrations make at HEAD_REVISION (the schema snapshot,
studylog.db.schema) matches the models (tests/test_database.py). Objects are compared as a set, keyed by
type and name, with their SQL (whitespace outside quotes aside): their order in sqlite_master is not the
schema (VACUUM changes it). Any other schema is compared object by object with the snapshot (what alembic
cannot see: triggers, views, the search index and its tables, a column's default; and tables and indexes,
named in words) and with the models by alembic (columns, types, NOT NULL), each difference said once.

A database at an older revision is not compared: `studylog db upgrade` makes it current (the differences
the upgrade makes are no problem); the report says so."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from datetime import date
from functools import cache
from pathlib import Path
from typing import NamedTuple

from studylog.db import schema
from studylog.db.errors import translate
from studylog.db.files import HEAD_REVISION, KNOWN_REVISIONS, current_revision, header_problem, one_line
from studylog.db.sqlite import connect, error_kind


class CheckReport(NamedTuple):  # (no dataclass: `db check` is a quick command, dataclasses costs 20 ms to import)
    revision: str | None
    integrity: list[str]
    foreign_keys: list[str]
    schema_differences: list[str]
    # values no studylog would store, one line each ("workout id 17: duration_s must be a finite number of
    # seconds, not Infinity"): those import json refuses, and text holding control characters
    values: list[str]
    # what the triggers keep from the records (the writing streak's runs) and is not what the records make
    derived: list[str]

    @property
    def ok(self) -> bool:
        return (self.revision == HEAD_REVISION and self.integrity == ["ok"] and not self.foreign_keys
                and not self.schema_differences and not self.values and not self.derived)

    @property
    def damaged(self) -> bool:
        return self.integrity != ["ok"]

    @property
    def needs_upgrade(self) -> bool:
        """At an older revision than this studylog's: `studylog db upgrade` makes it current (its schema is
        not compared: the upgrade's changes are no problem)."""
        return self.revision in KNOWN_REVISIONS and self.revision != HEAD_REVISION

    @property
    def upgrade_hint(self) -> str:
        return (f"the database is at schema revision {self.revision}, older than this studylog's "
                f"{HEAD_REVISION}: `studylog db upgrade` brings it to {HEAD_REVISION} (keeping a backup of it "
                f"first); then check it again")

    @property
    def schema_hint(self) -> str:
        """How to mend a schema other than studylog's (empty when it is studylog's)."""
        if not self.schema_differences or self.revision != HEAD_REVISION:
            return ""
        foreign = any(line.startswith("unexpected trigger ") for line in self.schema_differences)
        return (("until it is mended, add or change no record (the unexpected trigger runs whenever its table "
                 "changes); " if foreign else "")
                + "to keep every record, `studylog export json -o studylog.json` and then `studylog --db NEW.db "
                  "import json studylog.json` make a database with studylog's own schema and search index, to "
                  "use in place of this one (`studylog db path` says where it is); or put back a backup from "
                  "before the change with `studylog db restore` (the newest; `--backup FILE` for another)")


def _undecodable_kept(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def check(path: Path, *, today: date | None = None) -> CheckReport:
    """SQLite's integrity check, the foreign key check, a comparison of the schema with the models, and
    every value held to the rules import json holds a file to (studylog.services.transfer.check_row: kinds,
    finite numbers in range, days up to ``today``, text without control characters).

    A damaged file gives a report (its integrity list says what is wrong) rather than an exception; the
    file is only read."""
    problem = header_problem(path)
    if problem:
        return CheckReport(None, [problem], [], [], [], [])
    values: list[str] = []
    derived: list[str] = []
    try:
        conn = connect(path, readonly=True)
        try:
            revision = current_revision(conn)
            schema_objects = keyed(schema.objects(conn))
            integrity = [one_line(r[0]) for r in conn.execute("PRAGMA integrity_check")]
            fks = [f"{r[0]} row {r[1]} -> {r[2]}" for r in conn.execute("PRAGMA foreign_key_check")]
            if integrity == ["ok"]:
                from studylog.services.transfer import stored_value_problems

                try:
                    values = stored_value_problems(conn, today=today)
                except sqlite3.OperationalError as exc:
                    if "Could not decode to UTF-8" not in str(exc):
                        raise
                    # text stored as bytes that are no UTF-8 (edited by hand): read again with those bytes
                    # kept as lone surrogates, which the rules name ("is not valid Unicode text")
                    conn.text_factory = _undecodable_kept
                    values = stored_value_problems(conn, today=today)
                if revision == HEAD_REVISION:
                    derived = _derived_problems(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if error_kind(exc) == "damaged":
            return CheckReport(None, [str(exc)], [], [], [], [])
        raise translate(exc, path) from None
    if integrity != ["ok"]:
        return CheckReport(revision, integrity, fks, [], [], [])
    if revision in KNOWN_REVISIONS and revision != HEAD_REVISION:
        return CheckReport(revision, integrity, fks, [], values, [])  # (not compared: the upgrade makes it current)
    if revision == HEAD_REVISION and head_objects() and schema_objects == keyed(head_objects()):
        return CheckReport(revision, integrity, fks, [], values, derived)  # what the migrations make: in step
    if revision != HEAD_REVISION:  # (none, or a newer studylog's: alembic alone)
        return CheckReport(revision, integrity, fks, _schema_differences(path), values, [])
    wanted = _reference_objects()
    if wanted is None:
        return CheckReport(revision, integrity, fks, _schema_differences(path), values, derived)
    found_lines, tables = object_differences(schema_objects, wanted, _column_defaults(path, tables_of(wanted)))
    alembic = [line for line in _schema_differences(path) if not line.startswith(SEEN_BY_OBJECTS)]
    lines = found_lines + alembic
    for table in tables:  # a table whose SQL differs in a way neither the defaults nor alembic name
        if not any(_names_table(line, table) for line in lines):
            lines.append(f"table {table} is not as studylog makes it: its SQL differs (a constraint or a check?)")
    return CheckReport(revision, integrity, fks, lines, values, derived)


def _derived_problems(conn: sqlite3.Connection) -> list[str]:
    """What the triggers keep and the records do not make: the writing streak's runs (only a database edited
    by hand, or whose triggers were dropped, has any; a schema without the runs' table is said by the schema
    comparison)."""
    from studylog.services import writing

    try:
        astray, scratch = writing.runs_out_of_step(conn), writing.scratch_rows(conn)
    except sqlite3.OperationalError as exc:  # (a table dropped or changed by hand: the schema comparison names it)
        return [f"the writing streak's runs could not be compared with the entries ({one_line(str(exc))}): "
                f"the streaks shown may be wrong"]
    lines = []
    if scratch:
        lines.append(f"the writing streak's scratch table (writing_run_change) holds {scratch:,} "
                     f"row{'s' if scratch != 1 else ''}; it is empty but while a change is made: `studylog db "
                     f"reindex` empties it")
    if astray:
        lines.append(f"the writing streak's runs (table writing_run) are out of step with the entries and skipped "
                     f"days ({astray:,} run{'s differ' if astray != 1 else ' differs'}): the streaks shown would be "
                     f"wrong; `studylog db reindex` makes them again")
    return lines


def head_objects() -> list[tuple[str, str, str, str | None]]:
    """The objects of a database at HEAD_REVISION as the migrations make it (the schema snapshot, when it
    is at HEAD_REVISION; else none: every database then takes the slow path, where the objects to compare
    with are made by the migrations, in a temporary file)."""
    return schema.head_objects() if schema.snapshot_revision() == HEAD_REVISION else []


# ------------------------------------------------------------------------- the objects, compared as sets

Object = tuple[str, str, str, "str | None"]
Keyed = dict[tuple[str, str], tuple[str, str]]  # (type, name) -> (table, SQL with whitespace normalised)

_QUOTED = re.compile(r"""('(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\])""")

# alembic's lines for what the object comparison says in words (tables and indexes, added or missing)
SEEN_BY_OBJECTS = ("('add_index'", "('remove_index'", "('add_table'", "('remove_table'")

SHADOW_SUFFIXES = ("_data", "_idx", "_docsize", "_config", "_content")

# what studylog's search triggers do, by the table they are on and the event ("writing_entry_search_fts_insert")
SEARCHED_TABLES = {"writing_entry": "writing", "workout": "workouts", "reading_item": "reading items",
                   "resource": "resources"}
TRIGGER_DUTY = {"insert": "new {} would not be found by search",
                "update": "edits to {} would not reach search (it would keep the words from before the edit)",
                "delete": "the words of deleted {} would stay in the search index"}
# what the triggers keeping the writing streak's runs do (migration 0009)
RUN_TABLES = {"writing_entry": "writing entries", "skip_day": "skipped days"}
RUN_DUTY = {"insert": "new {}", "update": "{} edited", "delete": "{} deleted"}


def normalised(sql: str | None) -> str:
    """SQL with each run of whitespace outside quotes made one space (as SQLite reads it: the same)."""
    if sql is None:
        return ""
    return "".join(part if n % 2 else re.sub(r"\s+", " ", part)
                   for n, part in enumerate(_QUOTED.split(sql))).strip()


def keyed(objects: Iterable[Object]) -> Keyed:
    """A schema as a set of objects keyed by (type, name), whatever their order; SQLite's own objects
    (sqlite_sequence, statistics, the indexes of UNIQUE constraints: their table's SQL says them) aside."""
    return {(kind, name): (table, normalised(sql)) for kind, name, table, sql in objects
            if not name.startswith("sqlite_")}


def tables_of(objects: Keyed) -> list[str]:
    return sorted(name for (kind, name), (_, sql) in objects.items()
                  if kind == "table" and not sql.upper().startswith("CREATE VIRTUAL TABLE"))


def _virtual(objects: Keyed) -> set[str]:
    return {name for (kind, name), (_, sql) in objects.items()
            if kind == "table" and sql.upper().startswith("CREATE VIRTUAL TABLE")}


def _shadow_of(name: str, virtual: set[str]) -> str | None:
    """The virtual table ``name`` is a shadow table of (search_fts_data: search_fts), if any."""
    for suffix in SHADOW_SUFFIXES:
        if name.endswith(suffix) and name[:-len(suffix)] in virtual:
            return name[:-len(suffix)]
    return None


def _what(kind: str, name: str, table: str, virtual: set[str]) -> str:
    if kind == "table" and name in virtual:
        return f"virtual table {name}"
    if kind in ("index", "trigger") and table:
        return f"{kind} {name} on {table}"
    return f"{kind} {name}"


def _missing(kind: str, name: str, table: str, virtual: set[str], shadows: list[str]) -> str:
    if kind == "table" and name in virtual:
        also = f" (and its tables {', '.join(shadows)})" if shadows else ""
        return (f"the search index, virtual table {name}{also}, is missing: adding or changing a record, and "
                f"searching, would fail")
    shadow_of = _shadow_of(name, virtual) if kind == "table" else None
    if shadow_of:
        return f"table {name} of the search index {shadow_of} is missing: searching would fail"
    if kind == "table":
        return f"table {name} is missing: studylog could not read or store what it holds"
    if kind == "index":
        return f"index {name} on {table} is missing: some lists and reports would be slower"
    if kind == "trigger":
        event = name.rsplit("_", 1)[-1]
        if name == f"{table}_search_fts_{event}" and table in SEARCHED_TABLES and event in TRIGGER_DUTY:
            return f"trigger {name} is missing: {TRIGGER_DUTY[event].format(SEARCHED_TABLES[table])}"
        if name == f"{table}_runs_{event}" and table in RUN_TABLES and event in RUN_DUTY:
            return (f"trigger {name} is missing: the streaks shown would not follow "
                    f"{RUN_DUTY[event].format(RUN_TABLES[table])}")
    return f"{_what(kind, name, table, virtual)} is missing"


def _changed(kind: str, name: str, table: str, virtual: set[str]) -> str:
    what = _what(kind, name, table, virtual)
    if kind == "table" and name in virtual:
        return f"{what} is not studylog's search index (its SQL differs): searching may fail or find wrongly"
    shadow_of = _shadow_of(name, virtual) if kind == "table" else None
    if shadow_of:
        return f"table {name} of the search index {shadow_of} is not as SQLite makes it: searching may fail"
    if kind == "trigger":
        return f"{what} is not studylog's own (its SQL differs): it may change records or the search index wrongly"
    if kind == "index":
        return f"{what} is not studylog's own (its SQL differs): it may refuse records or make lists slower"
    return f"{what} is not studylog's own (its SQL differs)"


def _unexpected(kind: str, name: str, table: str, virtual: set[str]) -> str:
    return f"unexpected {_what(kind, name, table, virtual)}: it is not studylog's"


ORDER = {"table": 0, "index": 1, "trigger": 2, "view": 3}


def object_differences(found: Keyed, wanted: Keyed, defaults: dict[str, dict[str, tuple[str | None, str | None]]]
                       ) -> tuple[list[str], list[str]]:
    """What differs between a database's objects (``found``) and those the migrations make (``wanted``),
    one line each in words: what is missing, what differs, what is not studylog's; and the tables whose SQL
    differs (alembic names their columns' changes). ``defaults``: table -> column -> (found, wanted)
    defaults, for the tables of both."""
    def order(key: tuple[str, str]) -> tuple[int, str]:
        return ORDER.get(key[0], 4), key[1]

    lines: list[str] = []
    changed_tables: list[str] = []
    virtual_wanted, virtual_found = _virtual(wanted), _virtual(found)
    missing = sorted(set(wanted) - set(found), key=order)
    missing_virtual = {name for kind, name in missing if kind == "table" and name in virtual_wanted}
    for kind, name in missing:
        if kind == "table" and _shadow_of(name, missing_virtual):
            continue  # (said with its virtual table)
        shadows = sorted(n for k, n in missing if k == "table" and _shadow_of(n, {name}) == name)
        lines.append(_missing(kind, name, wanted[kind, name][0], virtual_wanted, shadows))
    for kind, name in sorted(set(wanted) & set(found), key=order):
        if found[kind, name] == wanted[kind, name]:
            continue
        if kind == "table" and name not in virtual_wanted and _shadow_of(name, virtual_wanted) is None:
            changed_tables.append(name)
            for column, (has, should) in defaults.get(name, {}).items():
                lines.append(f"column {column} of table {name} has the default {has or 'none'}, not studylog's "
                             f"{should or 'none'}: new records would get it")
            continue
        lines.append(_changed(kind, name, found[kind, name][0], virtual_wanted))
    extra = sorted(set(found) - set(wanted), key=order)
    extra_virtual = {name for kind, name in extra if kind == "table" and name in virtual_found}
    for kind, name in extra:
        if kind == "table" and _shadow_of(name, extra_virtual):
            continue  # (made with the virtual table: said with it)
        lines.append(_unexpected(kind, name, found[kind, name][0], virtual_found))
    return lines, changed_tables


def _names_table(line: str, table: str) -> bool:
    return f"'{table}'" in line or f"table=<{table}>" in line or f"table {table} " in line


def _column_defaults(path: Path, tables: list[str]) -> dict[str, dict[str, tuple[str | None, str | None]]]:
    """For each table of ``tables`` in both, the columns whose default differs from the snapshot's:
    column -> (the database's, studylog's). (alembic does not compare defaults.)"""
    wanted = _reference_defaults()
    conn = connect(path, readonly=True)
    try:
        differ: dict[str, dict[str, tuple[str | None, str | None]]] = {}
        for table in tables:
            found = {row[1]: row[4] for row in conn.execute(f'PRAGMA main.table_xinfo("{table}")')}
            should = wanted.get(table, {})
            columns = {c: (found[c], should[c]) for c in found if c in should and found[c] != should[c]}
            if columns:
                differ[table] = columns
        return differ
    finally:
        conn.close()


def _reference_objects() -> Keyed | None:
    """The objects of a database at HEAD_REVISION: the snapshot's, or when it is stale, those the
    migrations make (None when they cannot be made: alembic alone compares then)."""
    objects = head_objects()
    if objects:
        return keyed(objects)
    try:
        return keyed(_migrated()[0])
    except Exception:  # noqa: BLE001  (no reference: alembic's comparison stands alone)
        return None


def _reference_defaults() -> dict[str, dict[str, str | None]]:
    if head_objects():
        return _defaults_of(tuple(schema.statements()))
    try:
        return _migrated()[1]
    except Exception:  # noqa: BLE001
        return {}


@cache
def _defaults_of(statements: tuple[str, ...]) -> dict[str, dict[str, str | None]]:
    conn = sqlite3.connect(":memory:")
    try:
        for statement in statements:
            conn.execute(statement)
        return _defaults(conn)
    finally:
        conn.close()


def _defaults(conn: sqlite3.Connection) -> dict[str, dict[str, str | None]]:
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                             "AND name NOT LIKE 'sqlite%'")]
    return {t: {row[1]: row[4] for row in conn.execute(f'PRAGMA main.table_xinfo("{t}")')} for t in tables}


@cache
def _migrated() -> tuple[list[Object], dict[str, dict[str, str | None]]]:
    """The objects and column defaults of a database the migrations make (for a stale snapshot only)."""
    import tempfile

    from studylog.db import migrate

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "head.db"
        migrate.from_migrations(path)
        conn = sqlite3.connect(path)
        try:
            return schema.objects(conn), _defaults(conn)
        finally:
            conn.close()


def _schema_differences(path: Path) -> list[str]:
    """What alembic's autogenerate would change to make the database match the models (the slow path:
    alembic and SQLAlchemy, for a schema that is not, object for object, the one the migrations make)."""
    try:
        from studylog.db.migrate import schema_differences

        return schema_differences(path)
    except Exception as exc:
        orig = getattr(exc, "orig", exc)
        if isinstance(orig, sqlite3.Error):
            raise translate(orig, path) from None
        raise
