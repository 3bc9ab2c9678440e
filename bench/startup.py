"""Whole-process start-up costs (issue 15, point 5): `db check` against SQLite's own checks, and the
first command on a new database.

    .venv/bin/python bench/startup.py [-n 9] [--decade /tmp/bdb/y10.db]

(a) `studylog --db DECADE db check` against a floor process that only runs SQLite's integrity and
    foreign key checks on the same file (goal: ratio <= 3);
(b) `studylog log run 5k 28:30` with a new, empty STUDYLOG_HOME each run (goal: <= 0.5 s), beside the
    same command on an existing database, for comparison.

Runs alternate A B A B ..., as ../shared/bench/pair_time.py does; each is a whole process (fork + exec +
exit), its output thrown away. Medians and the spread are printed with goals.report(). The decade is
copied first and the copy brought to the current schema (the copy is checked, never the original).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from goals import report  # noqa: E402

DECADE = Path("/tmp/bdb/y10.db")
FLOOR = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA integrity_check').fetchall(); "
         "c.execute('PRAGMA foreign_key_check').fetchall()")


def run_once(cmd: list[str], env: dict[str, str] | None = None, *, expect: int = 0) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                          env=env)
    wall = time.perf_counter() - t0
    if proc.returncode != expect:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode(errors='replace')}")
    return wall


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} s ({min(values):.3f}-{max(values):.3f})"


def db_check(studylog: str, decade: Path, n: int, env: dict[str, str]) -> list[str]:
    check = [studylog, "--db", str(decade), "db", "check"]
    floor = [sys.executable, "-c", FLOOR, str(decade)]
    run_once(check, env)  # warm the page cache and the bytecode
    run_once(floor, env)
    ratios, a, b = [], [], []
    for _ in range(n):
        ta = run_once(check, env)
        tb = run_once(floor, env)
        a.append(ta)
        b.append(tb)
        ratios.append(ta / tb)
    return [report("db check of the decade / SQLite's integrity + foreign key checks", ratios, goal=3, unit="x"),
            f"      (db check {_spread(a)}; the floor, a bare python running both checks, {_spread(b)})",
            f"      (of which the check of every stored value, in-process: {_values_check(decade)})"]


def _values_check(decade: Path) -> str:
    """Where the time of `db check` goes once it imports nothing heavy: the values held to import
    json's rules (studylog.services.transfer.stored_value_problems), in this process."""
    from studylog.db.sqlite import connect
    from studylog.services.transfer import stored_value_problems

    conn = connect(decade, readonly=True)
    try:
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            stored_value_problems(conn)
            runs.append(time.perf_counter() - t0)
    finally:
        conn.close()
    return _spread(runs)


def first_command(studylog: str, n: int, env: dict[str, str], tmp: Path) -> list[str]:
    existing_home = tmp / "existing"
    command = [studylog, "log", "run", "5k", "28:30"]
    run_once(command, dict(env, STUDYLOG_HOME=str(existing_home)))  # creates it (not timed)
    fresh, again = [], []
    for i in range(n):
        home = tmp / f"new-{i}"
        fresh.append(run_once(command, dict(env, STUDYLOG_HOME=str(home))))
        again.append(run_once(command, dict(env, STUDYLOG_HOME=str(existing_home))))
        shutil.rmtree(home)
    return [report("first command on a new database (log run 5k 28:30)", fresh, goal=0.5, unit="s"),
            report("  the same command on an existing database (for comparison)", again, goal=0.5, unit="s")]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=9, help="runs of each command (alternated)")
    ap.add_argument("--decade", type=Path, default=DECADE, help="the 10-year demo database (only copied)")
    args = ap.parse_args()
    studylog = str(Path(sys.executable).parent / "studylog")
    if not args.decade.is_file():
        raise SystemExit(f"no decade at {args.decade}: make one with studylog demo --years 10 --db PATH --no-tui")
    with tempfile.TemporaryDirectory(prefix="studylog-startup-") as folder:
        tmp = Path(folder)
        env = dict(os.environ, STUDYLOG_HOME=str(tmp / "home"))
        decade = tmp / "y10.db"
        shutil.copyfile(args.decade, decade)
        os.chmod(decade, 0o600)
        # (at the current schema, as a person's database is after its first command: not timed)
        subprocess.run([studylog, "--db", str(decade), "db", "upgrade"], env=env, check=True, capture_output=True)
        lines = ["## start-up (whole processes, alternated; medians)"]
        lines += db_check(studylog, decade, args.n, env)
        lines += first_command(studylog, args.n, env, tmp)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
