"""studylog benchmarks: every speed and memory goal, measured and printed next to its goal.

    make bench                      # or: .venv/bin/python bench/run.py [-n 15]

1. Whole processes against the tools a user would otherwise run, with the side-by-side timers in
   ../shared/bench (pair_time.py alternates A and B and reports the median ratio; the machine is shared
   and noisy, so only ratios are quoted). jrnl 4.6 is installed into bench/.jrnl-venv on first use.
2. The scripts beside this one, on the 1-, 10- and 30-year demos made here once (`studylog demo --years
   N`): inprocess.py (DESIGN.md's in-process goals on the decade), scaling.py (everyday work flat from 1
   to 30 years), search.py (each class of word, and in the app), imports.py (against their floors),
   startup.py (db check, a new database), tui.py (first frame, memory, screens, the garbage collector).
Each figure is printed with its goal, "met" or "MISS", and the spread of its runs; a summary of the misses
ends the report. Results are printed and written to bench/results/latest.txt.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_BENCH = ROOT.parent / "shared" / "bench"
JRNL_VENV = ROOT / "bench" / ".jrnl-venv"
RESULTS = ROOT / "bench" / "results"


def jrnl_command() -> Path:
    found = shutil.which("jrnl")
    if found:
        return Path(found)
    exe = JRNL_VENV / "bin" / "jrnl"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(JRNL_VENV)], check=True)
        subprocess.run([str(JRNL_VENV / "bin" / "pip"), "install", "--quiet", "jrnl==4.6"], check=True)
    return exe


def small_journal(folder: Path) -> Path:
    """A jrnl config (../shared/bench/jrnl.yaml, pointed at ``folder``) and a journal of a few entries."""
    folder.mkdir(parents=True, exist_ok=True)
    journal = folder / "journal.txt"
    journal.write_text("".join(f"[2026-11-{d:02d} 09:00:00 AM] Wrote {d * 50} words.\n\n" for d in range(1, 8)))
    config = (SHARED_BENCH / "jrnl.yaml").read_text().replace("/tmp/jrnl/journal.txt", str(journal))
    path = folder / "jrnl.yaml"
    path.write_text(config)
    return path


def decade_journal(folder: Path) -> Path:
    """A jrnl journal of ten years, an entry a day of about 300 words (a heavy user's, like the demo)."""
    import datetime as dt

    folder.mkdir(parents=True, exist_ok=True)
    journal = folder / "journal.txt"
    words = ["attention", "gradient", "memory", "kernel", "run", "swim", "pool", "long", "easy", "page", "chapter",
             "essay", "habit", "streak", "note", "idea", "draft", "example", "matrix", "vector", "tiling", "warp",
             "block", "layer", "token", "model", "paper", "read", "write"]
    day = dt.date(2016, 11, 25)
    with journal.open("w") as fh:
        n = 0
        while day <= dt.date(2026, 11, 24):
            body = " ".join(words[(n * 7 + k) % len(words)] for k in range(300))
            fh.write(f"[{day.isoformat()} 09:00:00 AM] Entry {n}. {body}\n\n")
            day += dt.timedelta(days=1)
            n += 1
    config = (SHARED_BENCH / "jrnl.yaml").read_text().replace("/tmp/jrnl/journal.txt", str(journal))
    path = folder / "jrnl.yaml"
    path.write_text(config)
    return path


def pair(label: str, a: list[str], b: list[str], n: int, env: dict[str, str]) -> str:
    import shlex

    out = subprocess.run([sys.executable, str(SHARED_BENCH / "pair_time.py"), "-n", str(n),
                          "--vs", shlex.join(b), "--", *a], env=env, check=True, capture_output=True,
                         text=True).stdout
    ratio = next(line for line in out.splitlines() if line.startswith("A/B"))
    verdict = ""
    goal = re.search(r"\(goal <= ([0-9.]+)\)", label)
    numbers = re.search(r"median ([0-9.]+) \(min ([0-9.]+), max ([0-9.]+)\)", ratio)
    if goal and numbers:
        median, low, high = (float(x) for x in numbers.groups())
        met = "met" if median <= float(goal.group(1)) else "MISS"
        verdict = (f"    {label.split(' (goal')[0]}: {median:.2f}x (goal <= {float(goal.group(1)):.2f}x) {met}, "
                   f"spread {low:.2f}x-{high:.2f}x over {n} pairs\n")
    return f"## {label}\n{out.strip()}\n=> {ratio}\n{verdict}"


GOODREADS_HEADER = ("Book Id,Title,Author,Author l-f,Additional Authors,ISBN,ISBN13,My Rating,Average Rating,"
                    "Publisher,Binding,Number of Pages,Year Published,Original Publication Year,Date Read,"
                    "Date Added,Bookshelves,Bookshelves with positions,Exclusive Shelf,My Review,Spoiler,"
                    "Private Notes,Read Count,Owned Copies\n")


def synthetic_goodreads(path: Path, rows: int) -> None:
    """A Goodreads export of ``rows`` distinct books with a review each (about 500 bytes a row)."""
    review = "A long review with <br/>line breaks and <b>bold</b> words. " * 6
    with path.open("w", encoding="utf-8") as fh:
        fh.write(GOODREADS_HEADER)
        for n in range(rows):
            fh.write(f'{n + 1},"Book number {n} of the bench",Author {n % 997},"{n % 997}, Author",,'
                     f'"=""""","=""""",{n % 6},3.9,Press,Paperback,{100 + n % 400},2001,2001,'
                     f'2020/01/{n % 28 + 1:02d},2019/12/01,,,read,"{review}",,,1,0\n')


def import_scaling(studylog: str, env: dict[str, str], tmp: Path) -> str:
    """Import time per megabyte for a file five times bigger should stay about the same."""
    import time

    lines = ["## importing a Goodreads export: time in proportion to size (goal: ratio of per-MB times ~1)"]
    per_mb = []
    for rows in (10_000, 50_000):
        path = tmp / f"goodreads-{rows}.csv"
        synthetic_goodreads(path, rows)
        size = path.stat().st_size / 1e6
        best = None
        for attempt in range(3):
            db = tmp / f"import-{rows}-{attempt}.db"
            t0 = time.perf_counter()
            subprocess.run([studylog, "--db", str(db), "import", "goodreads", str(path)], env=env, check=True,
                           capture_output=True)
            elapsed = time.perf_counter() - t0
            best = elapsed if best is None else min(best, elapsed)
        per_mb.append(best / size)
        lines.append(f"    {rows:,} books, {size:.1f} MB: {best:.2f} s ({best / size * 1000:.0f} ms per MB)")
    lines.append(f"=> per-MB time ratio, big/small: {per_mb[1] / per_mb[0]:.2f}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=15)
    args = parser.parse_args()
    if not SHARED_BENCH.exists():
        sys.exit(f"bench: {SHARED_BENCH} is missing (the shared benchmark tools sit beside the repository)")
    studylog = str(Path(sys.executable).parent / "studylog")
    jrnl = str(jrnl_command())
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        env = dict(os.environ, STUDYLOG_HOME=str(tmp_path / "studylog"))
        # Installed packages run from compiled bytecode; a setting that forbids writing it would make
        # every studylog start recompile its modules while jrnl (compiled by pip) would not.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run([studylog, "db", "upgrade"], env=env, check=True, capture_output=True)
        jrnl_cfg = small_journal(tmp_path / "jrnl")
        jrnl_add = [jrnl, "--config-file", str(jrnl_cfg), "today: wrote 500 words"]
        big = tmp_path / "tenyears.db"
        # The demos end on the day the in-process scripts take as today (and the app's first frame waits for
        # the demo's "Day 12 of 30" of that day).
        demo_env = dict(env, STUDYLOG_TODAY="2026-11-24")
        subprocess.run([studylog, "demo", "--years", "10", "--db", str(big), "--no-tui"], env=demo_env, check=True,
                       capture_output=True)
        report = [
            f"# studylog benchmarks ({os.cpu_count()} cores, Python {sys.version.split()[0]})\n",
            pair("quick add: studylog log run 5k 28:30 vs jrnl adding an entry (goal <= 0.5)",
                 [studylog, "log", "run", "5k", "28:30"], jrnl_add, args.n, env),
            pair("quick add on a 10-year database vs an empty one (goal <= 1.1)",
                 [studylog, "--db", str(big), "log", "run", "5k", "28:30"],
                 [studylog, "log", "run", "5k", "28:30"], args.n, env),
            pair("streak vs jrnl -n 5 (goal <= 0.5)", [studylog, "--db", str(big), "streak"],
                 [jrnl, "--config-file", str(jrnl_cfg), "-n", "5"], args.n, env),
            pair("list writing --limit 5 vs jrnl -n 5 (goal <= 0.5)",
                 [studylog, "--db", str(big), "list", "writing", "--limit", "5"],
                 [jrnl, "--config-file", str(jrnl_cfg), "-n", "5"], args.n, env),
            pair("review year over the 10-year database vs jrnl -n 5 on a 10-year journal (goal <= 0.8)",
                 [studylog, "--db", str(big), "review", "year"],
                 [jrnl, "--config-file", str(decade_journal(tmp_path / "jrnl10")), "-n", "5"], args.n, env),
            pair("jrnl adding an entry: a 10-year journal vs a small one (for comparison: jrnl slows down)",
                 [jrnl, "--config-file", str(tmp_path / "jrnl10" / "jrnl.yaml"), "today: wrote 500 words"],
                 jrnl_add, args.n, env),
            import_scaling(studylog, env, tmp_path),
        ]
        demos = tmp_path / "demos"
        demos.mkdir()
        shutil.copy(big, demos / "y10.db")
        for years in (1, 30):
            subprocess.run([studylog, "demo", "--years", str(years), "--db", str(demos / f"y{years}.db"), "--no-tui"],
                           env=demo_env, check=True, capture_output=True)
        bench = ROOT / "bench"
        for script, extra in (("inprocess.py", ["--db", str(demos / "y10.db")]),
                              ("scaling.py", ["--dbs", str(demos)]),
                              ("search.py", ["--dbs", str(demos)]),
                              ("imports.py", []),
                              ("startup.py", ["--decade", str(demos / "y10.db")]),
                              ("tui.py", ["-n", str(args.n), "--db", str(demos / "y10.db")])):
            done = subprocess.run([sys.executable, str(bench / script), *extra], capture_output=True, text=True)
            report.append(done.stdout if done.returncode == 0 else
                          f"## {script} failed (exit {done.returncode})\n{done.stdout}\n{done.stderr[-2000:]}\n")
    text = "\n".join(report)
    misses = [line.strip() for line in text.splitlines() if ") MISS" in line]
    met = sum(1 for line in text.splitlines() if ") met" in line)
    text += (f"\n# Goals: {met} met, {len(misses)} missed\n" + "".join(f"    MISS {line}\n" for line in misses))
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.txt").write_text(text)


if __name__ == "__main__":
    main()
