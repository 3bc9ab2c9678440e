"""The app against a bare Textual app (Header + 1,000-row DataTable + Footer, ../shared/bench/tui_app.py):
first complete frame in a real pseudo-terminal, peak memory, and in-process screen switches and filtering.

    .venv/bin/python bench/tui.py [-n 15] [--db DEMO.db]

A "complete frame" is the first output that holds both the marker (data on screen: "Day 12 of 30" from
the demo for studylog, "ROW0000" for the bare app) and the footer. Runs alternate A, B, A, B...; the median
of the per-pair ratios is quoted (the machine is shared and noisy).
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARE = ROOT.parent / "shared" / "bench" / "tui_app.py"
COLS, ROWS = 120, 40


def first_frame(argv: list[str], marker: bytes, footer: bytes, env: dict[str, str],
                timeout: float = 30.0) -> tuple[float | None, float]:
    """(milliseconds to the first complete frame, peak RSS in MiB) of one run; 'q' ends it."""
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        os.execve(argv[0], argv, env)
    seen = b""
    frame = None
    deadline = start + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.02)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if b"\x1b[6n" in chunk:  # a cursor position query: answer as a terminal would
                os.write(fd, b"\x1b[1;1R")
            if frame is None and marker in seen and footer in seen:
                frame = (time.monotonic() - start) * 1000
                os.write(fd, b"q")
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            os.close(fd)
            return frame, usage.ru_maxrss / 1024
    os.kill(pid, signal.SIGKILL)
    _, _, usage = os.wait4(pid, 0)
    os.close(fd)
    return frame, usage.ru_maxrss / 1024


def pty_pairs(n: int, db: Path, env: dict[str, str]) -> str:
    studylog = [str(Path(sys.executable).parent / "studylog"), "--db", str(db)]
    bare = [sys.executable, str(BARE), "stay"]
    frames, memories = [], []
    for run in range(n + 2):
        a = first_frame(studylog, b"Day 12 of 30", b"palette", env)
        b = first_frame(bare, b"ROW0000", b"palette", env)
        if run >= 2 and a[0] and b[0]:  # two warm-up pairs
            frames.append((a[0], b[0]))
            memories.append((a[1], b[1]))
    if not frames:
        return "## TUI first frame: no complete frames seen\n"
    fa, fb = [f[0] for f in frames], [f[1] for f in frames]
    ma, mb = [m[0] for m in memories], [m[1] for m in memories]
    sys.path.insert(0, str(ROOT / "bench"))
    from goals import report

    return (f"## TUI first complete frame and peak memory, 10-year demo vs the bare app\n"
            f"    studylog {statistics.median(fa):.0f} ms, bare app {statistics.median(fb):.0f} ms; "
            f"studylog {statistics.median(ma):.0f} MiB, bare app {statistics.median(mb):.0f} MiB\n"
            + report("first complete frame, ratio to the bare app", [a / b for a, b in frames], goal=1.15, unit="x")
            + "\n" + report("peak memory, ratio to the bare app", [a / b for a, b in memories], goal=1.25, unit="x")
            + "\n")


class PaintClock:
    """When the app last painted a frame, and of which screen: App._display is where Textual hands a
    finished frame to the terminal (the headless driver included)."""

    def __init__(self, app) -> None:  # noqa: ANN001
        self.frames: list[tuple[float, object]] = []
        real = app._display

        def display(screen, renderable) -> None:  # noqa: ANN001
            real(screen, renderable)
            self.frames.append((time.perf_counter(), screen))

        app._display = display

    async def until(self, done, since: float) -> float:  # noqa: ANN001
        """Milliseconds from ``since`` to the first frame painted once ``done()`` holds."""
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline:
            for at, screen in self.frames:
                if at >= since and done(screen):
                    return (at - since) * 1000
            self.frames.clear()
            await asyncio.sleep(0.001)  # (not 0: a spinning event loop takes the GIL from the loading worker)
        raise TimeoutError("no frame painted within 10 s")


class Pauses:
    """The garbage collector's pauses (milliseconds, wall clock), from gc's callbacks."""

    def __init__(self) -> None:
        self.values: list[float] = []
        self._start = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.values.append((time.perf_counter() - self._start) * 1000)


KEYS = {"writing": "2", "workouts": "3", "reading": "4", "resources": "5", "goals": "6", "review": "7", "study": "8",
        "habits": "9", "dashboard": "1"}


async def in_process(db: Path, rounds: int = 22) -> str:
    """Inside one running app (headless), timed from the key to the first frame painted with its result: what
    a person waits for. First visits of each screen, the Review screen's keys, switching between visited
    screens and filtering a long list; the garbage collector's pauses over all the switches (9 x ``rounds``).
    Next to it, a bare Textual app switching between a plain screen and a 100-row DataTable."""
    import gc

    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from datetime import date

    from goals import report
    from textual.app import App
    from textual.screen import Screen
    from textual.widgets import DataTable, Footer, Header, Input, Static

    from studylog.clock import FixedClock
    from studylog.config import Settings
    from studylog.paths import Locations
    from studylog.tui.app import StudylogApp
    from studylog.tui.screens.base import DataScreen

    class Plain(Screen):
        def compose(self):  # noqa: ANN202
            yield Header()
            yield Static("plain")
            yield Footer()

    class Table(Screen):
        def compose(self):  # noqa: ANN202
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("date", "sport", "distance", "time", "title")
            table.add_rows([("2026-01-01", "run", f"{i % 20}.00 km", "28:30", f"title {i}") for i in range(100)])

    class Bare(App):
        MODES = {"plain": Plain, "table": Table}  # noqa: RUF012
        DEFAULT_MODE = "plain"

    bare_times: list[float] = []
    bare = Bare()
    async with bare.run_test(size=(COLS, ROWS)) as pilot:
        clock = PaintClock(bare)
        await pilot.pause()
        for _ in range(8):
            for mode in ("table", "plain"):
                t0 = time.perf_counter()
                bare.switch_mode(mode)
                took = await clock.until(lambda screen: screen is bare.screen, t0)
                await pilot.pause()
                if mode == "table":
                    bare_times.append(took)
    bare_times = bare_times[1:]  # the first visit builds the screen

    shown: list[object] = []  # the screens that have shown what changed (loaded data), in order
    real_settled = DataScreen.settled

    def counting(self) -> None:  # noqa: ANN001
        real_settled(self)
        shown.append(self)

    DataScreen.settled = counting  # type: ignore[method-assign]
    modes = ("writing", "workouts", "reading", "resources", "goals", "review", "study", "habits", "dashboard")
    app = StudylogApp(Locations(db=db, config=db.with_suffix(".toml")), FixedClock(date(2026, 11, 24)), Settings(),
                      watch=False)
    first: dict[str, float] = {}
    review: dict[str, list[float]] = {}
    switches: list[float] = []
    filters: list[float] = []
    pauses = Pauses()
    async with app.run_test(size=(COLS, ROWS)) as pilot:
        clock = PaintClock(app)

        async def settle() -> None:
            for _ in range(10):
                running = [w for w in app.workers if not w.is_finished]
                if running:
                    await app.workers.wait_for_complete(running)
                await pilot.pause()
                if not [w for w in app.workers if not w.is_finished]:
                    return

        async def key_to_data(key: str) -> float:
            """From the key to the first frame painted after the screen showed what it loaded."""
            before = len(shown)
            t0 = time.perf_counter()
            await pilot.press(key)
            took = await clock.until(lambda screen: len(shown) > before and screen is app.screen, t0)
            await settle()
            return took

        await settle()
        for mode in modes[:-1]:  # the first visit builds the screen and loads its data
            first[mode] = await key_to_data(KEYS[mode])
        await pilot.press(KEYS["review"])
        await settle()
        for _ in range(5):
            for key in ("left_square_bracket", "right_square_bracket", "y", "left_square_bracket", "y"):
                review.setdefault({"left_square_bracket": "[", "right_square_bracket": "]"}.get(key, key),
                                  []).append(await key_to_data(key))
        gc.callbacks.append(pauses)
        for _ in range(rounds):
            for mode in modes:
                t0 = time.perf_counter()
                await pilot.press(KEYS[mode])
                switches.append(await clock.until(lambda screen: screen is app.screen, t0))
                await settle()
        await pilot.press(KEYS["writing"])
        await settle()
        screen = app.screen
        await pilot.press("slash", "a")  # the first letter reads every row once; later ones filter in memory
        await settle()
        entries = len(screen.loaded)
        status = screen.query_one("#records-status", Static)
        for word in ("attention", "pool", "habits", "day 1", "notes", "kernels", "swim") * 3:
            field = screen.query_one("#filter", Input)
            field.value = ""
            app.collector.input_seen()
            await settle()
            t0 = time.perf_counter()
            app.collector.input_seen()  # (as the keys typing the word would: the idle sweep waits for a pause)
            field.value = word
            filters.append(await clock.until(lambda _screen, word=word: f"“{word}”" in str(status.content), t0))
            await settle()
        gc.callbacks.remove(pauses)
    DataScreen.settled = real_settled  # type: ignore[method-assign]
    lines = ["## In-process, 10-year demo: from the key to the frame that shows its result",
             report("bare Textual app, switch to a 100-row DataTable screen (for comparison)", bare_times,
                    goal=100)]
    lines += [report(f"Review screen: {key}", values, goal=100) for key, values in review.items()]
    lines += [report(f"first visit of {mode}", [ms], goal=100 if mode == "review" else 150)
              for mode, ms in first.items()]
    lines.append(report(f"switch between visited screens ({len(switches)} switches)", switches, goal=100))
    lines.append(report(f"filter the {entries:,} writing entries as you type", filters, goal=100))
    lines.append(report(f"longest garbage-collector pause over the switches and filtering "
                        f"({len(pauses.values):,} collections)", max(pauses.values, default=0.0), goal=100))
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=15)
    parser.add_argument("--db", type=Path, help="a 10-year demo database (made if not given)")
    parser.add_argument("--in-process", action="store_true", help="only the in-process timings (no pty runs)")
    args = parser.parse_args()
    env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor", STUDYLOG_TODAY="2026-11-24")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "decade.db"
            subprocess.run([str(Path(sys.executable).parent / "studylog"), "demo", "--years", "10", "--db", str(db),
                            "--no-tui"], env=env, check=True, capture_output=True)
        env["STUDYLOG_HOME"] = str(Path(tmp) / "home")
        if not args.in_process:
            print(pty_pairs(args.n, db, env))
        print(asyncio.run(in_process(db)))


if __name__ == "__main__":
    main()
