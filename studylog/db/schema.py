"""The schema of a new database, kept as SQL beside this module (``schema.sql``): what running every
migration on an empty database makes, object for object (tables, indexes, triggers, the search index;
their SQL as sqlite_master holds it, in its order) and the alembic_version row. A new database at the
current schema is made from it in one transaction, without importing alembic or SQLAlchemy (about a
second less for the first command); `db check` compares a database's schema with it. Standard library
only.

A test (tests/test_schema_snapshot.py) runs the migrations on an empty database and compares the two;
after adding a migration, write the file again with

    .venv/bin/python -m studylog.db.migrate

(studylog.db.migrate.write_snapshot). The snapshot is used only while its revision is HEAD_REVISION: a
stale one is never stamped with a revision whose schema it does not have.
"""

from __future__ import annotations

import re
import sqlite3
from functools import cache
from pathlib import Path

SNAPSHOT = Path(__file__).with_name("schema.sql")

REGENERATE = ".venv/bin/python -m studylog.db.migrate"  # (studylog.db.migrate.write_snapshot)

_REVISION_LINE = re.compile(r"^-- revision: (\S+)$", re.MULTILINE)


@cache
def _text() -> str:
    try:
        return SNAPSHOT.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def snapshot_revision() -> str | None:
    """The revision the snapshot makes, or None when there is no snapshot."""
    found = _REVISION_LINE.search(_text())
    return found[1] if found else None


def statements(text: str | None = None) -> list[str]:
    """The snapshot's statements, one each (a trigger's body holds semicolons of its own)."""
    found: list[str] = []
    pending = ""
    for line in (_text() if text is None else text).splitlines(keepends=True):
        if not pending and (not line.strip() or line.startswith("--")):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            found.append(pending.strip())
            pending = ""
    if pending.strip():
        raise ValueError(f"the schema snapshot ends in the middle of a statement: {pending[:80]!r}")
    return found


# ------------------------------------------------------------------------- what a database's schema is

def _shadow_tables(conn: sqlite3.Connection) -> set[str]:
    """The tables a virtual table (the FTS5 search index) made for itself: made again with it."""
    return {row[1] for row in conn.execute("PRAGMA main.table_list") if row[2] == "shadow"}


def objects(conn: sqlite3.Connection) -> list[tuple[str, str, str, str | None]]:
    """Every object of the database (type, name, table, SQL), in sqlite_master's order: the schema."""
    return [tuple(row) for row in conn.execute(
        "SELECT type, name, tbl_name, sql FROM main.sqlite_master ORDER BY rowid")]


def render(conn: sqlite3.Connection) -> str:
    """The snapshot of the database ``conn`` is open on: its objects' SQL (SQLite's own and the search
    index's shadow tables aside: they are made with the tables they belong to) and its rows as INSERTs
    (of a new database: only alembic_version's)."""
    revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    shadow = _shadow_tables(conn)
    out = [f"-- The schema of a new studylog database: what running every migration on an empty database makes\n"
           f"-- (sqlite_master's SQL, in its order, and the rows). Generated, do not edit; after adding a\n"
           f"-- migration, write it again with: {REGENERATE}\n"
           f"-- revision: {revision}\n"]
    tables = []
    for kind, name, _table, sql in objects(conn):
        if sql is None or name.startswith("sqlite_") or name in shadow:
            continue
        out.append(f"{sql};\n")
        if kind == "table":
            tables.append(name)
    for name in tables:
        columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')]
        if not columns:  # (a virtual table's rows live in its shadow tables)
            continue
        quoted = ", ".join(f'quote("{c}")' for c in columns)
        names = ", ".join(f'"{c}"' for c in columns)
        for row in conn.execute(f'SELECT {quoted} FROM "{name}" ORDER BY rowid'):
            out.append(f'INSERT INTO "{name}" ({names}) VALUES ({", ".join(row)});\n')
    return "".join(out)


@cache
def head_objects() -> list[tuple[str, str, str, str | None]]:
    """The objects a database made from the snapshot holds (made in memory, once)."""
    conn = sqlite3.connect(":memory:")
    try:
        for statement in statements():
            conn.execute(statement)
        return objects(conn)
    finally:
        conn.close()


def forget() -> None:
    """Read the snapshot again at the next use (it was just written)."""
    _text.cache_clear()
    head_objects.cache_clear()
