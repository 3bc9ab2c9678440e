"""Search (issue 15, point 2): the top 20 for words of each class, in-process, on 1, 10 and 30 years of the
demo (goal <= 10 ms), and in the app: from a key typed in the Search screen's input to the frame painted
with its results, on the 10-year demo (goal <= 50 ms).

    .venv/bin/python bench/search.py [--dir /tmp/bdb] [--runs 21] [--keys 5] [--only in-process|app]

DIR holds y1.db, y10.db and y30.db (`studylog demo --years N`); they are copied to a temporary directory
first and never written to. The words: title-only ("wins", "refresher": only in titles of the demo),
common ("the", "and"), one letter ("a", "s"), rare ("essay": twelve records, and a few more that say
"essays"; "axler": an author of two reading items) and two words, the last one being typed ("deep learn").
In the app each word is typed but its last letter and left to settle, then the last key is timed.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

from goals import Timing, report  # noqa: E402

WORDS = {
    "title-only": ("wins", "refresher"),
    "common": ("the", "and"),
    "one letter": ("a", "s"),
    "rare": ("essay", "axler"),
    "two words": ("deep learn",),
}
SIZES = (1, 10, 30)
COLS, ROWS = 120, 40


def in_process(directory: Path, runs: int) -> list[str]:
    from studylog.db.sqlite import connect
    from studylog.services.search import search

    lines = [f"## Search top 20 in-process (median of {runs}; goal <= 10 ms)"]
    for years in SIZES:
        conn = connect(directory / f"y{years}.db")
        try:
            for kind, words in WORDS.items():
                for word in words:
                    timing = Timing.of(lambda conn=conn, word=word: search(conn, word, limit=20), runs=runs, warmup=2)
                    found = len(search(conn, word, limit=20))
                    lines.append(report(f"{years:>2} years, {kind:<10} {word!r:<12} ({found:>2} hits)", timing.values,
                                        goal=10))
        finally:
            conn.close()
    return lines


async def in_the_app(db: Path, keys: int) -> list[str]:
    """The Search screen on the 10-year demo: each word typed but its last letter, the screen left to settle,
    then the last key sent as a terminal would send it; timed to the first frame painted once the results
    of the whole word are on screen (the status line is updated with them, for that query)."""
    from datetime import date

    from textual import events
    from textual.widgets import Input, Label
    from tui import PaintClock

    from studylog.clock import FixedClock
    from studylog.config import Settings
    from studylog.paths import Locations
    from studylog.tui.app import StudylogApp

    app = StudylogApp(Locations(db=db, config=db.with_suffix(".toml")), FixedClock(date(2026, 11, 24)), Settings(),
                      watch=False)
    times: dict[str, list[float]] = {}
    async with app.run_test(size=(COLS, ROWS)) as pilot:
        clock = PaintClock(app)

        async def settle() -> None:
            for _ in range(10):
                running = [w for w in app.workers if not w.is_finished and w.group != "watch"]
                if running:
                    await app.workers.wait_for_complete(running)
                await pilot.pause()
                if not [w for w in app.workers if not w.is_finished and w.group != "watch"]:
                    return

        await settle()
        await pilot.press("s")
        await settle()
        screen = app.screen
        field = screen.query_one("#search-input", Input)
        status = screen.query_one("#search-status", Label)
        updates: list[tuple[float, str]] = []  # (when, for what query) the status line was updated

        update = status.update

        def noted(*args, **kwargs) -> None:  # noqa: ANN002, ANN003
            update(*args, **kwargs)
            updates.append((time.perf_counter(), field.value))

        async def painted(word: str, since: float) -> float:
            """Milliseconds from ``since`` to the first frame painted after the results of ``word`` were put
            on screen. (Not PaintClock.until: it spins on the event loop, and a spinning main thread takes
            the GIL from the search's worker thread; a person's terminal is idle while they wait.)"""
            deadline = since + 10
            while time.perf_counter() < deadline:
                shown = next((at for at, query in updates if query == word), None)
                if shown is not None:
                    frame = next((at for at, _screen in clock.frames if at >= shown), None)
                    if frame is not None:
                        return (frame - since) * 1000
                await asyncio.sleep(0.001)
            raise TimeoutError(f"no results painted for {word!r}: the input holds {field.value!r}")

        status.update = noted  # type: ignore[method-assign]
        for _ in range(keys + 1):
            for kind, words in WORDS.items():
                for word in words:
                    field.value = word[:-1]
                    field.cursor_position = len(field.value)
                    await settle()
                    await asyncio.sleep(0.05)  # (whatever the screen waits for before searching has passed)
                    await settle()
                    updates.clear()
                    clock.frames.clear()
                    t0 = time.perf_counter()
                    key = events.Key(word[-1], word[-1])
                    key.set_sender(app)
                    app._driver.send_message(key)  # type: ignore[union-attr]
                    times.setdefault(kind, []).append(await painted(word, t0))
                    await settle()
    for kind in times:
        times[kind] = times[kind][1:]  # the first round warms up
    every = [t for values in times.values() for t in values]
    lines = ["## Search in the app, 10-year demo: from the last key of a word to the frame with its results "
             "(goal <= 50 ms)"]
    lines += [report(f"{kind:<10} ({', '.join(WORDS[kind])})", values, goal=50) for kind, values in times.items()]
    lines.append(report("all words", every, goal=50))
    lines.append(f"    (slowest {max(every):.0f} ms; median of all {statistics.median(every):.0f} ms)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dbs", "--dir", dest="dir", type=Path, default=Path("/tmp/bdb"),
                        help="where y1.db, y10.db and y30.db are")
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--keys", type=int, default=5, help="rounds of keys in the app")
    parser.add_argument("--only", choices=("in-process", "app"), help="one of the two parts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        copies = Path(tmp)
        for years in SIZES:
            shutil.copyfile(args.dir / f"y{years}.db", copies / f"y{years}.db")
        if args.only != "app":
            print("\n".join(in_process(copies, args.runs)), flush=True)
        if args.only != "in-process":
            print("\n".join(asyncio.run(in_the_app(copies / "y10.db", args.keys))))


if __name__ == "__main__":
    main()
