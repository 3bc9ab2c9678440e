"""Imports against their floors (issue 15, point 4), each printed next to its goal with ``goals.report``.

    .venv/bin/python bench/imports.py [-n RUNS] [--gpx-files N] [--goodreads-rows N] [--only NAME ...]

The floors, and what is measured against them (each import runs the application layer, as the shell and
the app do: read the file(s), parse, store in one transaction into a fresh, already migrated database):

- **Goodreads**, 20,000 rows (``bench/run.py``'s ``synthetic_goodreads``: a review of ~350 bytes a row).
  Floor: reading the same CSV with the csv module and inserting the same number of rows, with as many
  columns as ``reading_item`` has (17), into a plain SQLite table (no index, no trigger) in one
  transaction with ``executemany``. Measured: ``api.imports.import_reading_file(db, path, "goodreads")``.
  Goal: <= 3x the floor (medians of alternated runs; the ratio's spread is that of the paired runs).
- **GPX**, 200 files of a 5 km run (``bench/inprocess.py``'s ``gpx_file``, 330 points each; 200 rather
  than 1,000 to keep the script near a minute: the ratio does not depend on the count).
  Floor: ``gpxpy.parse`` of each file's text (read from disk). Measured:
  ``api.imports.import_workout_files(db, paths)``. Goal: <= 1.5x.
- **A 50,000-link Markdown list** (``bench/inprocess.py``'s ``markdown_list``): the peak resident memory
  (``ru_maxrss`` from ``os.wait4``) of a ``studylog res import`` subprocess storing it into a fresh
  database. Goal: <= 100 MB. (For scale: the same process for a 100-link list is printed too.)
- **A 5,000-link Markdown list**, in-process: ``read_resource_list`` + ``store_resource_list`` into a
  fresh database. Goal: < 1 s (DESIGN.md).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

from goals import report  # noqa: E402
from inprocess import gpx_file, markdown_list  # noqa: E402
from run import synthetic_goodreads  # noqa: E402

TODAY = date(2026, 11, 24)


class _Db:
    """A database for the application layer: a clock and one connection (as the shell's Context)."""

    def __init__(self, path: Path) -> None:
        from studylog.clock import FixedClock
        from studylog.db.opening import open_database

        self.clock = FixedClock(TODAY)
        self._conn = open_database(path, self.clock)

    @contextlib.contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        yield self._conn

    def close(self) -> None:
        self._conn.close()


def _fresh(template: Path, folder: Path, name: str) -> Path:
    path = folder / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, path)
    return path


def _seconds(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def paired(runs: int, measured: Callable[[], object], floor: Callable[[], object]) -> tuple[list[float], float, float]:
    """Ratios measured/floor of ``runs`` alternated pairs (after one warm-up of each), and the median
    seconds of each side."""
    measured()
    floor()
    ratios, ours, theirs = [], [], []
    for n in range(runs):
        if n % 2:
            b = _seconds(floor)
            a = _seconds(measured)
        else:
            a = _seconds(measured)
            b = _seconds(floor)
        ours.append(a)
        theirs.append(b)
        ratios.append(a / b)
    return ratios, statistics.median(ours), statistics.median(theirs)


# ------------------------------------------------------------------------------------------- Goodreads

def goodreads(tmp: Path, template: Path, rows: int, runs: int) -> list[str]:
    from studylog.api.imports import import_reading_file

    path = tmp / f"goodreads-{rows}.csv"
    synthetic_goodreads(path, rows)

    def ours() -> None:
        db = _Db(_fresh(template, tmp, "goodreads.db"))
        try:
            summary = import_reading_file(db, path, "goodreads")
            assert summary.added == rows, summary
        finally:
            db.close()

    def floor() -> None:
        target = tmp / "floor.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        conn = sqlite3.connect(target)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE t (" + ", ".join(f"c{i}" for i in range(17)) + ")")
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh)
            next(reader)
            values = [tuple(row[:17]) for row in reader]
        with conn:
            conn.executemany(f"INSERT INTO t VALUES ({', '.join('?' * 17)})", values)
        assert len(values) == rows
        conn.close()

    def stored_floor() -> None:
        """The same CSV's rows inserted as they are (no check, no cleaning, no duplicate lookup) into
        studylog's own table, with its 7 indexes, and their search entries written in one statement (as the
        import writes them), in one transaction."""
        db = _Db(_fresh(template, tmp, "stored-floor.db"))
        try:
            with path.open(newline="", encoding="utf-8") as fh:
                reader = csv.reader(fh)
                header = next(reader)
                at = {name: header.index(name) for name in ("Book Id", "Title", "Author", "ISBN13", "Number of Pages",
                                                             "Date Read", "Date Added", "My Rating", "My Review")}
                values = [(r[at["Title"]], f'["{r[at["Author"]]}"]', r[at["ISBN13"]], r[at["Number of Pages"]],
                           r[at["Date Added"]], r[at["Date Read"]], r[at["My Rating"]], r[at["My Review"]],
                           r[at["Book Id"]]) for r in reader]
            with db.connection() as conn:
                from studylog.services.indexing import DeferredIndex

                conn.execute("BEGIN")
                with DeferredIndex(conn, "reading_item"):  # (the search entries in one statement, as the import)
                    conn.executemany("INSERT INTO reading_item (kind, title, authors, isbn, pages, status, added, finished, "
                                     "rating, review, tags, source, source_id, created_at, updated_at) VALUES ('book', "
                                     "?, ?, ?, ?, 'finished', ?, ?, ?, ?, '[]', 'goodreads', ?, '2026-11-24 12:00:00', "
                                     "'2026-11-24 12:00:00')", values)
                conn.execute("COMMIT")
            assert len(values) == rows
        finally:
            db.close()

    ratios, a, b = paired(runs, ours, floor)
    stored, _, c = paired(max(3, runs // 2), ours, stored_floor)
    return [report(f"Goodreads, {rows:,} rows: import / csv-and-executemany floor "
                   f"({a * 1000:.0f} ms / {b * 1000:.0f} ms)", ratios, goal=3, unit="x"),
            f"      (for scale: the same rows inserted as they are into studylog's own table, its indexes and "
            f"search index, take {c * 1000:.0f} ms, {c / b:.1f}x the floor; the import is "
            f"{statistics.median(stored):.1f}x that)"]


# ------------------------------------------------------------------------------------------------ GPX

def gpx(tmp: Path, template: Path, files: int, runs: int) -> list[str]:
    import gpxpy

    from studylog.api.imports import import_workout_files

    folder = tmp / "gpx"
    folder.mkdir(exist_ok=True)
    paths = []
    for n in range(files):
        path = folder / f"run{n:04d}.gpx"
        path.write_bytes(gpx_file(n))
        paths.append(path)

    def ours() -> None:
        db = _Db(_fresh(template, tmp, "gpx.db"))
        try:
            summary = import_workout_files(db, paths)
            assert summary.added == files, summary
        finally:
            db.close()

    def floor() -> None:
        for path in paths:
            gpxpy.parse(path.read_bytes().decode("utf-8"))

    ratios, a, b = paired(runs, ours, floor)
    return [report(f"GPX, {files:,} files of 330 points: import / gpxpy.parse ({a * 1000:.0f} ms / {b * 1000:.0f} ms)",
                   ratios, goal=1.5, unit="x")]


# ------------------------------------------------------------------------------------- Markdown lists

# Run from a small Python of its own: a child forked from this (big) process would count this one's pages
# in its ru_maxrss until it execs.
_PEAK = """
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def _peak_mb(command: list[str], env: dict[str, str]) -> float:
    """The peak resident memory of a subprocess, in MB (ru_maxrss is in KiB on Linux)."""
    out = subprocess.run([sys.executable, "-c", _PEAK, *command], env=env, check=True, capture_output=True,
                         text=True).stdout.split()
    if out[0] != "0":
        raise RuntimeError(f"{command} failed with exit status {out[0]}")
    return int(out[1]) * 1024 / 1e6


def list_memory(tmp: Path, template: Path, runs: int) -> list[str]:
    studylog = str(Path(sys.executable).parent / "studylog")
    env = dict(os.environ, STUDYLOG_HOME=str(tmp / "home"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    lines = []
    for links, goal in ((100, None), (50_000, 100.0)):
        path = tmp / f"list-{links}.md"
        path.write_bytes(markdown_list(links))
        peaks = []
        for _ in range(runs):
            db = _fresh(template, tmp, "list.db")
            peaks.append(_peak_mb([studylog, "--db", str(db), "res", "import", str(path)], env))
        if goal is None:
            lines.append(f"    (for scale: `studylog res import` of a {links}-link list peaks at "
                         f"{statistics.median(peaks):.0f} MB)")
        else:
            lines.append(report(f"`studylog res import` of a {links:,}-link list ({path.stat().st_size / 1e6:.1f} MB), "
                                "peak memory", peaks, goal=goal, unit="MB"))
    return lines


def list_time(tmp: Path, template: Path, runs: int) -> list[str]:
    from studylog.api.imports import read_resource_list, store_resource_list

    path = tmp / "list-5000.md"
    path.write_bytes(markdown_list(5000))

    def once() -> float:
        db = _Db(_fresh(template, tmp, "list5k.db"))
        try:
            t0 = time.perf_counter()
            parsed = read_resource_list(path)
            summary = store_resource_list(db, parsed, file=path.name, name="big")
            elapsed = time.perf_counter() - t0
            assert summary.added == 5000, summary
        finally:
            db.close()
        return elapsed

    once()
    values = [once() for _ in range(runs)]
    return [report("importing a 5,000-link Markdown list, in-process", values, goal=1, unit="s")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=5, help="runs of each measurement (default 5)")
    parser.add_argument("--gpx-files", type=int, default=200)
    parser.add_argument("--goodreads-rows", type=int, default=20_000)
    parser.add_argument("--only", nargs="*", choices=("goodreads", "gpx", "memory", "list"))
    args = parser.parse_args()
    from studylog.clock import FixedClock
    from studylog.db.opening import open_database

    only = set(args.only or ("goodreads", "gpx", "memory", "list"))
    lines = ["# Imports against their floors (issue 15, point 4)"]
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        template = tmp / "template.db"
        open_database(template, FixedClock(TODAY)).close()  # migrated once; each run copies it
        for suffix in ("-wal", "-shm"):
            Path(f"{template}{suffix}").unlink(missing_ok=True)
        if "goodreads" in only:
            lines += goodreads(tmp, template, args.goodreads_rows, args.n)
        if "gpx" in only:
            lines += gpx(tmp, template, args.gpx_files, max(3, args.n // 2))
        if "memory" in only:
            lines += list_memory(tmp, template, max(1, min(3, args.n)))
        if "list" in only:
            lines += list_time(tmp, template, args.n)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
