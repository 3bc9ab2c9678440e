"""The hostile-input tally: how many inputs of each kind the property-based and hostile tests tried, and
how many of them failed (any failure also fails `make test`).

    make tally                      # or: .venv/bin/python bench/tally.py

Runs those tests with Hypothesis's statistics on, reads the number of examples each test ran from them
(a test without @given counts as one case per parameter set), groups them by kind and prints a
table; also written to bench/results/tally.txt. README's table is a copy of one run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET  # noqa: N817  (pytest's own report, not input from elsewhere)
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"

# test file, a pattern of test names (with their parameters), and the kind of input it tries
KINDS: list[tuple[str, str, str]] = [
    ("test_hostile.py", r"test_arbitrary_bytes_never_crash_an_importer", "arbitrary bytes, to each of the 8 importers"),
    ("test_io_gpx_tcx.py", r"test_arbitrary_bytes_either_parse_as_(gpx|tcx)", "GPX and TCX: arbitrary bytes and "
                                                                             "damaged documents"),
    ("test_io_fit_strava.py", r"test_any_bytes_given_to_parse_(fit|strava)", "FIT files and Strava CSVs: arbitrary "
                                                                            "bytes and damaged files"),
    ("test_io_opml.py", r"test_(arbitrary_bytes|generated_opml)", "OPML: arbitrary bytes, damaged and generated "
                                                                  "documents"),
    ("test_io_markdown.py", r"test_any_(bytes|markdownish)", "Markdown lists: arbitrary bytes and Markdown-like "
                                                             "text"),
    ("test_io_reading.py", r"test_any_(bytes|rows)", "Goodreads and StoryGraph: arbitrary bytes, random rows "
                                                     "under a real header"),
    ("test_hostile.py", r"test_well_formed_but_odd_goodreads", "Goodreads rows with any Unicode text"),
    ("test_hostile.py", r"test_a_damaged_file_imports_whole", "a valid file of each of the 8 formats with bytes "
                                                              "changed, inserted, deleted or cut, imported from the "
                                                              "shell into a new database, then again"),
    ("test_transfer.py", r"test_random_input", "`studylog import json` of exports with random changes"),
    ("test_io_gpx_tcx.py", r"test_unsafe_and_foreign_files", "XML bombs, external entities and foreign files "
                                                             "(GPX, TCX)"),
    ("test_io_opml.py", r"test_(refused_by|an_external_entity)", "XML bombs, external entities, parameter "
                                                                 "entities and foreign files (OPML)"),
    ("test_hostile.py", r"test_markup", "markup and escape sequences in every field of every format and of the "
                                        "shell commands, read back from the shell and from every screen"),
    ("test_hostile.py", r"test_(file_names|exporting_into)", "export file names that try to leave their folder"),
    ("test_parsing.py", r"test_(every_formatted|random)", "what people type: distances, durations, dates, "
                                                          "quick-add phrases"),
    ("test_goals_core.py", r"test_random", "goal phrases"),
    ("test_search.py", r"test_any_text", "search queries"),
    # added with issues 11 and 12
    ("test_argv_property.py", r"test_", "every shell command with random and extreme arguments (huge and Unicode "
                                        "numbers, control characters, odd dates, names that are not UTF-8)"),
    ("test_limits.py", r"test_", "workouts, dates and numbers no person could log, typed in the shell"),
    ("test_effort_sanity.py", r"test_", "tracks with GPS spikes, jumps, duplicate and backward time stamps, and "
                                        "distance streams that jump (GPX, TCX, FIT, Strava)"),
    ("test_import_json_values.py", r"test_", "`import json` of values out of range, of the wrong kind, not finite "
                                             "or holding escape sequences"),
    ("test_bad_values_in_the_database.py", r"test_", "a database holding values no command would store, read by "
                                                     "every command and the app"),
    ("test_terminal_safety.py", r"test_", "control characters, escapes, bidi and zero-width characters in links, "
                                          "names and file names"),
    ("test_files_and_sizes.py", r"test_", "files that are not regular files (FIFO, /dev/zero, folders, link "
                                          "loops), too big, or beyond memory"),
    ("test_hostile.py", r"test_elements_nested", "XML nested 200,000 deep (GPX, TCX, OPML)"),
    ("test_big_gpx.py", r"test_", "GPX read as a stream and whole, on varied, damaged and big documents"),
    ("test_outputs.py", r"test_", "exports and reviews aimed at the database, its journal, a backup, the settings"),
    ("test_restore_safety.py", r"test_", "restores through links, killed backups and restores, newer backups"),
    ("test_full_disk_reads.py", r"test_", "a full disk with and without room for SQLite's -shm"),
]

# Defects a person found by hand in each class (the issues' own findings and this session's hostile tester
# and newcomer), all fixed and each pinned by a test in the class's file. Counted from their reports; a
# class without an entry had none found by hand.
DEFECTS_FOUND = {
    "every shell command with random and extreme arguments (huge and Unicode numbers, control characters, odd "
    "dates, names that are not UTF-8)": 10,  # --words 99..9, ², 0001-01-01, TZ=XYZ+24:00, EDITOR, --opt=--,
    # names not UTF-8, a '?' in --db, raw file names printed, an ambiguous title on several stderr lines
    # 500k in 2:30:00, 5k in 2:30, 10000k, 1500m in 1min, tomorrow, yoga with a distance, a pool on a run, 1e-7 m,
    # 999 m faster than the 1 km record, Unicode digits half read, 1e308 in a message, impossible goal targets,
    # quick add reading "feb 29 2025" as "feb 29", "60 in a 25m pool" as metres
    "workouts, dates and numbers no person could log, typed in the shell": 14,
    "tracks with GPS spikes, jumps, duplicate and backward time stamps, and distance streams that jump (GPX, TCX, "
    "FIT, Strava)": 6,
    "`import json` of values out of range, of the wrong kind, not finite or holding escape sequences": 4,
    "a database holding values no command would store, read by every command and the app": 2,
    "control characters, escapes, bidi and zero-width characters in links, names and file names": 4,
    "files that are not regular files (FIFO, /dev/zero, folders, link loops), too big, or beyond memory": 4,
    "XML nested 200,000 deep (GPX, TCX, OPML)": 1,
    "exports and reviews aimed at the database, its journal, a backup, the settings": 3,
    "restores through links, killed backups and restores, newer backups": 3,
    "a full disk with and without room for SQLite's -shm": 1,
    "GPX read as a stream and whole, on varied, damaged and big documents": 1,
}

HEADER = re.compile(r"^(tests/[\w.]+)::(.+?):\s*$")
COUNTS = re.compile(r"(\d+) passing, (\d+) failing, and (\d+) invalid")


def run() -> str:
    files = sorted({f"tests/{name}" for name, _, _ in KINDS})
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.xml"
        # the whole lane, as CI runs it: every test (slow ones too) at Hypothesis's full counts
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}",
                               "-m", "slow or not slow", "--hypothesis-show-statistics", *files], cwd=ROOT,
                              capture_output=True, text=True, env={**os.environ, "STUDYLOG_TEST_LANE": "all"})
        outcome: dict[tuple[str, str], str] = {}  # (tests/file.py, test[params]) -> passed / failed
        for case in ET.parse(report).getroot().iter("testcase"):
            path = "tests/" + case.get("classname", "").split(".")[-1] + ".py"
            bad = case.find("failure") is not None or case.find("error") is not None
            outcome[(path, case.get("name", ""))] = "FAILED" if bad else "PASSED"
    examples: dict[tuple[str, str], list[int]] = {}  # test -> [passing, failing]
    current = None
    for line in proc.stdout.splitlines():
        header = HEADER.match(line)
        if header:
            current = (header.group(1), header.group(2))
            continue
        counts = COUNTS.search(line)
        if counts and current is not None:
            tally = examples.setdefault(current, [0, 0])
            tally[0] += int(counts.group(1))
            tally[1] += int(counts.group(2))
    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # kind -> [tests, inputs, failed]
    for (path, test), result in outcome.items():
        name = Path(path).name
        kind = next((k for f, pattern, k in KINDS if f == name and re.match(pattern, test)), None)
        if kind is None:
            continue
        tried, failing = examples.get((path, test), [1, 0])  # no statistics: a plain test, one input
        row = rows[kind]
        row[0] += 1
        row[1] += tried + failing
        row[2] += failing + (result != "PASSED" and not failing)
    lines = ["| inputs | cases tried | defects found by hand (fixed) | failing now |", "|---|---:|---:|---:|"]
    seen = set()
    for _, _, kind in KINDS:
        if kind in rows and kind not in seen:
            seen.add(kind)
            tests, tried, failed = rows[kind]
            lines.append(f"| {kind} | {tried:,} | {DEFECTS_FOUND.get(kind, 0)} | {failed} |")
    total = [sum(r[i] for r in rows.values()) for i in range(3)]
    lines.append(f"| all ({len(seen)} classes) | {total[1]:,} | {sum(DEFECTS_FOUND.values())} | {total[2]} |")
    status = "every test passed" if proc.returncode == 0 else f"pytest exited {proc.returncode}: see its output"
    return "\n".join(lines) + f"\n\n{status}\n"


def main() -> None:
    text = run()
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "tally.txt").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
