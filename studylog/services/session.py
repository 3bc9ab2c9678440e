"""A database for a long-running front end (the app): each call opens its own short connection, so it is
safe from any worker thread; the first call creates or upgrades the database (one thread does, the others
wait); a read-only folder is read as immutable; SQLite's errors come out as one-line DatabaseErrors."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from studylog.clock import Clock
from studylog.db.errors import translate
from studylog.db.opening import ensure_database, open_database
from studylog.db.sqlite import connect, error_kind


class Session:
    def __init__(self, path: Path, clock: Clock) -> None:
        self.path = path
        self.clock = clock
        self._ready = False
        self._read_only = False  # the folder cannot be written: the file is read as immutable
        self._ready_lock = threading.Lock()
        self._watcher: sqlite3.Connection | None = None

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        if not self._ready:
            with self._ready_lock:  # one thread creates or upgrades the database; the others wait
                if not self._ready:
                    self._read_only = ensure_database(self.path, self.clock)
                    self._ready = True
        try:  # (must exist: a file moved away meanwhile is not silently replaced by an empty one)
            conn = connect(self.path, must_exist=True, immutable=self._read_only)
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc
        try:
            yield conn
        except sqlite3.Error as exc:  # damaged, read-only, full, busy: the one-line message to show
            if error_kind(exc) is None:
                raise
            raise translate(exc, self.path) from exc
        finally:
            conn.close()

    def today(self) -> date:
        return self.clock.today()

    def change_counter(self) -> int:
        """A number that changes whenever another connection (a shell command, another app) commits.

        SQLite's data_version is per connection, so the watcher keeps one of its own; call this from one
        thread only (the app's watcher)."""
        if self._watcher is None:
            with self.connection():
                pass  # the database exists and is up to date
            self._watcher = connect(self.path, immutable=True) if self._read_only else connect(self.path, readonly=True)
        return self._watcher.execute("PRAGMA data_version").fetchone()[0]

    def close_watcher(self) -> None:
        """Close the watcher's connection (from the watcher's own thread, which made it)."""
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.close()



def make_demo(path: Path, clock: Clock, *, years: int = 1, seed: int = 7) -> tuple[int, int]:
    """A demo database at ``path``, made whole under another name and then renamed into place: a build
    that is killed or fails leaves no demo behind (its partial file is removed at the next start, see
    studylog.db.leftovers), never an empty one that looks made. Returns (writing entries, workouts)."""
    import os
    from contextlib import suppress

    from studylog.db.leftovers import partial_name
    from studylog.services import demo

    partial = partial_name(path)
    try:
        conn = open_database(partial, clock)
        try:
            made = demo.generate(conn, clock.today(), years=years, now=clock.now(), seed=seed)
        finally:
            conn.close()  # (the last connection: its -wal is folded in and removed)
        os.replace(partial, path)
        return made
    finally:
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm"), Path(f"{partial}-journal")):
            with suppress(OSError):
                leftover.unlink()
