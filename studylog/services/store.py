"""One object a long-running front end (the TUI) holds: each call opens its own short connection, so it
is safe to call from any worker thread, and the first call creates or upgrades the database."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from studylog.clock import Clock
from studylog.db.schema import ensure_database
from studylog.db.sqlite import connect
from studylog.domain.values import Dashboard, NewWorkout, NewWriting, Workout, WritingEntry
from studylog.services import dashboard, workouts, writing


class Store:
    def __init__(self, path: Path, clock: Clock) -> None:
        self.path = path
        self.clock = clock
        self._ready = False
        self._ready_lock = threading.Lock()

    @contextmanager
    def _conn(self) -> Iterator[sqlite3.Connection]:
        if not self._ready:
            with self._ready_lock:  # one thread creates or upgrades the database; the others wait
                if not self._ready:
                    ensure_database(self.path, self.clock)
                    self._ready = True
        conn = connect(self.path)
        try:
            yield conn
        finally:
            conn.close()

    def today(self) -> date:
        return self.clock.today()

    def dashboard(self, *, week_start: int = 0) -> Dashboard:
        with self._conn() as conn:
            return dashboard.load(conn, self.clock.today(), week_start=week_start)

    def writing(self, *, limit: int | None = 1000) -> list[WritingEntry]:
        with self._conn() as conn:
            return writing.list_entries(conn, limit=limit)

    def workouts(self, *, limit: int | None = 1000) -> list[Workout]:
        with self._conn() as conn:
            return workouts.list_workouts(conn, limit=limit)

    def add(self, draft: NewWriting | NewWorkout) -> WritingEntry | Workout:
        with self._conn() as conn:
            if isinstance(draft, NewWriting):
                return writing.add(conn, draft, now=self.clock.now())
            return workouts.add(conn, draft, now=self.clock.now())

    def delete(self, record: WritingEntry | Workout) -> WritingEntry | Workout:
        with self._conn() as conn:
            if isinstance(record, WritingEntry):
                return writing.delete(conn, record.id)
            return workouts.delete(conn, record.id)
