"""``studylog db check``: SQLite's integrity and foreign key checks, the schema compared with the models,
and every value held to the rules import json holds a file to. The file is only read.

A schema that is, object for object, the one the migrations make at HEAD_REVISION (the schema snapshot,
studylog.db.schema) matches the models (tests/test_database.py); any other is compared with the models by
alembic, which names each difference."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from studylog.db import schema
from studylog.db.errors import translate
from studylog.db.files import HEAD_REVISION, current_revision, header_problem, one_line
from studylog.db.sqlite import connect, error_kind


@dataclass(frozen=True)
class CheckReport:
    revision: str | None
    integrity: list[str]
    foreign_keys: list[str]
    schema_differences: list[str]
    # values no studylog would store, one line each ("workout id 17: duration_s must be a finite number of
    # seconds, not Infinity"): those import json refuses, and text holding control characters
    values: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (self.revision == HEAD_REVISION and self.integrity == ["ok"] and not self.foreign_keys
                and not self.schema_differences and not self.values)

    @property
    def damaged(self) -> bool:
        return self.integrity != ["ok"]


def check(path: Path, *, today: date | None = None) -> CheckReport:
    """SQLite's integrity check, the foreign key check, a comparison of the schema with the models, and
    every value held to the rules import json holds a file to (studylog.services.transfer.check_row: kinds,
    finite numbers in range, days up to ``today``, text without control characters).

    A damaged file gives a report (its integrity list says what is wrong) rather than an exception; the
    file is only read."""
    problem = header_problem(path)
    if problem:
        return CheckReport(None, [problem], [], [])
    values: list[str] = []
    try:
        conn = connect(path, readonly=True)
        try:
            revision = current_revision(conn)
            schema_objects = schema.objects(conn)
            integrity = [one_line(r[0]) for r in conn.execute("PRAGMA integrity_check")]
            fks = [f"{r[0]} row {r[1]} -> {r[2]}" for r in conn.execute("PRAGMA foreign_key_check")]
            if integrity == ["ok"]:
                from studylog.services.transfer import stored_value_problems

                values = stored_value_problems(conn, today=today)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if error_kind(exc) == "damaged":
            return CheckReport(None, [str(exc)], [], [])
        raise translate(exc, path) from None
    if integrity != ["ok"]:
        return CheckReport(revision, integrity, fks, [])
    if revision == HEAD_REVISION and schema_objects == head_objects():
        return CheckReport(revision, integrity, fks, [], values)  # what the migrations make: in step
    return CheckReport(revision, integrity, fks, _schema_differences(path), values)


def head_objects() -> list[tuple[str, str, str, str | None]]:
    """The objects of a database at HEAD_REVISION as the migrations make it (the schema snapshot, when it
    is at HEAD_REVISION; else none: every database is then compared with the models by alembic)."""
    return schema.head_objects() if schema.snapshot_revision() == HEAD_REVISION else []


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
