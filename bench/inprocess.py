"""In-process timings on a heavy user's decade (studylog demo --years 10), against the goals of
DESIGN.md: year in review < 60 ms, streak < 10 ms, weekly review < 15 ms, 100 GPX files < 10 s, the
database < 20 MB. (Search has its own script, search.py; the 5,000-link Markdown list is in imports.py.)

    .venv/bin/python bench/inprocess.py [--db DECADE.db]    # the database is copied, never written
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TODAY = date(2026, 11, 24)


def timed(fn, runs: int = 30) -> list[float]:  # noqa: ANN001
    """Milliseconds of ``runs`` calls of ``fn()`` (after one warm-up call)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from goals import Timing

    return Timing.of(fn, runs=runs).values


def gpx_file(n: int) -> bytes:
    """A 5 km run with a point every 5 seconds (about 300 points)."""
    start = date(2026, 1, 1) + timedelta(days=n)
    points = "".join(
        f'<trkpt lat="{46.0 + i * 0.00015:.6f}" lon="14.0"><ele>{300 + i % 7}</ele>'
        f"<time>{start.isoformat()}T07:{(i * 5) // 60:02d}:{(i * 5) % 60:02d}Z</time></trkpt>"
        for i in range(330))
    return (f'<?xml version="1.0"?><gpx version="1.1" creator="bench" xmlns="http://www.topografix.com/GPX/1/1">'
            f"<trk><name>Run {n}</name><type>running</type><trkseg>{points}</trkseg></trk></gpx>").encode()


def markdown_list(links: int) -> bytes:
    lines = ["# A big list", ""]
    for section in range(links // 100):
        lines += [f"## Topic {section}", ""]
        lines += [f"- [Link {section}-{i}](https://example.org/{section}/{i}) - item {i} of topic {section}"
                  for i in range(100)]
        lines.append("")
    return "\n".join(lines).encode()


def main() -> None:
    from studylog.clock import FixedClock
    from studylog.db.opening import open_database
    from studylog.io.gpx import parse_gpx
    from studylog.reports.review import week_review, year_review
    from studylog.services import demo, review, workouts, writing

    sys.path.insert(0, str(ROOT / "bench"))
    from goals import report

    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    clock = FixedClock(TODAY)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        db = args.db
        if db is None:
            db = tmp_path / "decade.db"
            conn = open_database(db, clock)
            t0 = time.perf_counter()
            demo.generate(conn, TODAY, years=10, now=clock.now())
            made = time.perf_counter() - t0
            conn.close()
        else:
            made = None
            db = Path(shutil.copy(db, tmp_path / "decade.db"))
        conn = open_database(db, clock)
        counts = [conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                  for t in ("writing_entry", "workout", "reading_item", "resource")]
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size_mb = db.stat().st_size / 1e6
        rows = [
            ("year in review, 2026 (gather + build)", 60,
             timed(lambda: year_review(review.year_inputs(conn, 2026, TODAY)))),
            ("weekly review, last week", 15,
             timed(lambda: week_review(review.week_inputs(conn, date(2026, 11, 16), TODAY)))),
            ("writing streak (current and longest)", 10, timed(lambda: writing.streak(conn, TODAY))),
        ]
        conn.close()

        big = open_database(tmp_path / "import.db", clock)
        files = [gpx_file(n) for n in range(100)]
        t0 = time.perf_counter()
        found = []
        for n, raw in enumerate(files):
            found += [(f"run{n}.gpx", line, item) for line, item in parse_gpx(raw, f"run{n}.gpx").items]
        workouts.import_workouts(big, "100 files", found, [], now=clock.now())
        gpx_seconds = time.perf_counter() - t0
        big.close()

    print(f"# In-process on a 10-year demo: {counts[0]:,} writing entries (300-word notes), {counts[1]:,} workouts, "
          f"{counts[2]:,} reading items, {counts[3]:,} resources")
    if made is not None:
        print(report("demo made", made, goal=5, unit="s"))
    for label, goal, values in rows:
        print(report(label, values, goal=goal))
    print(report("importing 100 GPX files (330 points each)", gpx_seconds, goal=10, unit="s"))
    print(report("database on disk", size_mb, goal=20, unit="MB"))


if __name__ == "__main__":
    main()
