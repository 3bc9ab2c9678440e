"""The hostile-input tally: how many inputs of each kind the property-based and hostile tests tried, and
how many of them failed (any failure also fails `make test`).

    make tally                      # or: .venv/bin/python bench/tally.py

Runs those tests with Hypothesis's statistics on, reads the number of examples each test ran from them
(a test without @given counts as one case per parameter set), groups them by kind and prints a
table; also written to bench/results/tally.txt. README's table is a copy of one run.
"""

from __future__ import annotations

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
]

HEADER = re.compile(r"^(tests/[\w.]+)::(.+?):\s*$")
COUNTS = re.compile(r"(\d+) passing, (\d+) failing, and (\d+) invalid")


def run() -> str:
    files = sorted({f"tests/{name}" for name, _, _ in KINDS})
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.xml"
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}",
                               "--hypothesis-show-statistics", *files], cwd=ROOT, capture_output=True, text=True)
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
    lines = ["| inputs | cases tried | failed |", "|---|---:|---:|"]
    for _, _, kind in KINDS:
        if kind in rows:
            tests, tried, failed = rows[kind]
            lines.append(f"| {kind} | {tried:,} | {failed} |")
    total = [sum(r[i] for r in rows.values()) for i in range(3)]
    lines.append(f"| all | {total[1]:,} | {total[2]} |")
    status = "every test passed" if proc.returncode == 0 else f"pytest exited {proc.returncode}: see its output"
    return "\n".join(lines) + f"\n\n{status}\n"


def main() -> None:
    text = run()
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "tally.txt").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
