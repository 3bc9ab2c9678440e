"""The search index of the rows an import inserts, written in one statement rather than row by row.

Each table's ``AFTER INSERT`` trigger (migration 0004) adds a row's entry to ``search_fts`` as the row is
inserted; in an import of thousands of rows that was most of the time spent storing them (a Goodreads
export of 20,000 books: 1.3 s of the triggers' work, 0.2 s for the same entries in one statement).
``DeferredIndex`` sets the connection's authorizer, for the length of an import, to leave out the
trigger's insert into ``search_fts`` (SQLITE_IGNORE: the trigger does nothing, the rest of the statement
runs as ever), and writes the entries of the rows inserted meanwhile with the trigger's own expressions
(read from the trigger itself, so they are the trigger's whatever its version), in the import's
transaction. The schema is never touched. Putting the authorizer back expires the statements prepared
meanwhile, so that none of them is used again without its trigger.
"""

from __future__ import annotations

import re
import sqlite3
from types import TracebackType

_TRIGGER = re.compile(
    r"CREATE TRIGGER (?P<name>\w+) AFTER INSERT ON (?P<table>\w+) BEGIN "
    r"INSERT INTO search_fts \((?P<columns>[\w, ]+)\) VALUES \((?P<values>.*)\); END", re.DOTALL)


def _allow(*_args: object) -> int:
    return sqlite3.SQLITE_OK


class DeferredIndex:
    """``with DeferredIndex(conn, "reading_item") as index:`` inside an import's transaction: rows inserted
    into the table meanwhile get their search entries when the block ends (or at ``index.flush()``, which
    must come before a row inserted meanwhile is updated or deleted: its update trigger takes the entry
    out again, so the entry must be there). A table whose trigger is not of the usual form keeps it
    working row by row. The connection must have no authorizer of its own."""

    def __init__(self, conn: sqlite3.Connection, table: str) -> None:
        self.conn = conn
        self.table = table
        self._trigger: str | None = None  # the name of the insert trigger left out meanwhile
        self._fill = ""
        self.done = 0  # rows up to this id have their entries

    def __enter__(self) -> DeferredIndex:
        if not self.conn.in_transaction:
            raise RuntimeError("DeferredIndex is used inside the import's transaction")
        name = f"{self.table}_search_fts_insert"
        row = self.conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
                                "AND name = ?", (self.table, name)).fetchone()
        found = _TRIGGER.fullmatch(row[0].strip()) if row and row[0] else None
        if found is None or found["table"] != self.table or found["name"] != name:
            return self
        self._fill = (f"INSERT INTO search_fts ({found['columns']}) SELECT {found['values']} "
                      f"FROM {self.table} AS new WHERE new.id > ? ORDER BY new.id")
        # (AUTOINCREMENT: the rows inserted from now on have greater ids than any there is)
        self.done = self.conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {self.table}").fetchone()[0]
        self._trigger = name

        def authorize(action: int, target: str | None, _column: str | None, _database: str | None,
                      trigger: str | None) -> int:
            if action == sqlite3.SQLITE_INSERT and target == "search_fts" and trigger == name:
                return sqlite3.SQLITE_IGNORE
            return sqlite3.SQLITE_OK

        self.conn.set_authorizer(authorize)  # (expires the statements prepared before: prepared again)
        return self

    def pending(self, row_id: int) -> bool:
        """Whether the row ``row_id`` was inserted since and has no search entry yet."""
        return self._trigger is not None and row_id > self.done

    def flush(self) -> None:
        """Write the search entries of the rows inserted so far."""
        if self._trigger is None:
            return
        self.conn.execute(self._fill, (self.done,))
        self.done = self.conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {self.table}").fetchone()[0]

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._trigger is None:
            return
        try:
            if kind is None:  # (on an error the transaction is rolled back: nothing to index)
                self.flush()
        finally:
            self._trigger = None
            # Setting an authorizer expires every prepared statement (clearing one does not): the ones
            # prepared without the trigger's insert are prepared again, with it, before they run again.
            self.conn.set_authorizer(_allow)
            self.conn.set_authorizer(None)
