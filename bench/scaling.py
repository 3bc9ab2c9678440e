"""Everyday work costs the same on 30 years of history as on 1 (issue 15, point 3): the writing streak,
the weekly review, the dashboard's data and `log write`, timed in-process on copies of the 1-, 10- and
30-year demos, each reported as its 30-year / 1-year ratio (goal <= 1.2x); and the year in review of a
year on 30 years (goal <= 30 ms) and the weekly review on the decade (DESIGN.md: < 15 ms).

    .venv/bin/python bench/scaling.py [--dbs DIR] [-n 15]

``--dbs`` is a folder holding y1.db, y10.db and y30.db (made by ``studylog demo --years N``); they are
copied before use and never written to. Without it the demos are made in a temporary folder (slow).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from goals import report  # noqa: E402

TODAY = date(2026, 11, 24)
WEEK = date(2026, 11, 16)
YEARS = (1, 10, 30)


class _Database:
    """An application-layer database (see studylog.api.Database) over one open connection."""

    def __init__(self, conn: sqlite3.Connection, clock: object) -> None:
        self._conn = conn
        self.clock = clock

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        yield self._conn


def _demo(folder: Path, years: int, source: Path | None) -> Path:
    from studylog.clock import FixedClock
    from studylog.services.session import make_demo

    path = folder / f"y{years}.db"
    if source is not None and (source / f"y{years}.db").exists():
        shutil.copyfile(source / f"y{years}.db", path)  # (a copy: the demo itself is never written to)
    else:
        make_demo(path, FixedClock(TODAY), years=years)
    return path


def _log_write(db: _Database) -> Callable[[], float]:
    """One `log write` (store an entry, answer the streak it makes), in milliseconds; the entry is deleted
    again after its timing, so every run sees the same history."""
    from studylog.api import writing as api_writing
    from studylog.domain.values import NewWriting
    from studylog.services import writing

    def once() -> float:
        t0 = time.perf_counter()
        entry, _ = api_writing.log(db, NewWriting(day=TODAY, words=250, title="Bench", tags=("bench",)))
        took = (time.perf_counter() - t0) * 1000
        with db.connection() as conn:
            writing.delete(conn, entry.id)
        return took

    return once


def _timed(fn: Callable[[], object]) -> Callable[[], float]:
    def once() -> float:
        t0 = time.perf_counter()
        fn()
        return (time.perf_counter() - t0) * 1000

    return once


def tasks(conn: sqlite3.Connection, clock: object) -> dict[str, Callable[[], float]]:
    from studylog.reports.review import week_review, year_review
    from studylog.services import dashboard, review, writing

    return {
        "streak": _timed(lambda: writing.streak(conn, TODAY)),
        "week review": _timed(lambda: week_review(review.week_inputs(conn, WEEK, TODAY))),
        "year review 2026": _timed(lambda: year_review(review.year_inputs(conn, 2026, TODAY))),
        "dashboard data": _timed(lambda: dashboard.load(conn, TODAY)),
        "log write": _log_write(_Database(conn, clock)),
    }


def measure(paths: dict[int, Path], runs: int) -> dict[int, dict[str, list[float]]]:
    """Each task's runs on every size, alternated (1, 10, 30 years, then again), so that the load of a
    shared machine falls on all sizes alike and the ratios of runs taken side by side are fair."""
    from studylog.clock import FixedClock
    from studylog.db.opening import open_database

    clock = FixedClock(TODAY)
    conns = {years: open_database(path, clock) for years, path in paths.items()}
    try:
        by_size = {years: tasks(conn, clock) for years, conn in conns.items()}
        out: dict[int, dict[str, list[float]]] = {years: {} for years in paths}
        for name in by_size[YEARS[0]]:
            for years in paths:
                by_size[years][name]()  # (a warm-up each)
                out[years][name] = []
            for _ in range(runs):
                for years in paths:
                    out[years][name].append(by_size[years][name]())
        return out
    finally:
        for conn in conns.values():
            conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dbs", type=Path, help="folder with y1.db, y10.db, y30.db (copied, never written)")
    parser.add_argument("-n", "--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = measure({years: _demo(Path(tmp), years, args.dbs) for years in YEARS}, args.runs)
    names = list(results[1])
    print(f"medians in ms (in-process, today = {TODAY.isoformat()}, sizes alternated run by run)")
    print(f"    {'':18}" + "".join(f"{f'{y} y':>10}" for y in YEARS))
    for name in names:
        print(f"    {name:18}" + "".join(f"{statistics.median(results[y][name]):>10.2f}" for y in YEARS))
    print("flat with history (each 30-year run over the 1-year run taken just before it):")
    for name in ("streak", "week review", "dashboard data", "log write"):
        ratios = [b / a for a, b in zip(results[1][name], results[30][name], strict=True)]
        print(report(f"{name}, 30 y / 1 y", ratios, goal=1.2, unit="x"))
    print(report("year review of 2026, 30 years", results[30]["year review 2026"], goal=30))
    print(report("week review, 10 years", results[10]["week review"], goal=15))


if __name__ == "__main__":
    main()
