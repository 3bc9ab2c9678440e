from __future__ import annotations

import io
import sqlite3
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from studylog.clock import FixedClock
from studylog.db.schema import open_database

TODAY = date(2026, 11, 24)  # a Tuesday
SHARED_FIXTURES = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(TODAY)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """STUDYLOG_HOME in a temporary folder, and the clock fixed on TODAY for subprocesses too."""
    folder = tmp_path / "home"
    monkeypatch.setenv("STUDYLOG_HOME", str(folder))
    monkeypatch.setenv("STUDYLOG_TODAY", TODAY.isoformat())
    return folder


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "studylog.db"


@pytest.fixture
def conn(db_path: Path, clock: FixedClock) -> Iterator[sqlite3.Connection]:
    connection = open_database(db_path, clock)
    yield connection
    connection.close()


@dataclass
class Result:
    status: int
    out: str
    err: str


@pytest.fixture
def cli(home: Path, clock: FixedClock):
    """Run the real entry point in-process, as a shell would, and capture what it prints."""
    from studylog.cli import main

    def run(*args: str, stdin: str | None = None) -> Result:
        out, err = io.StringIO(), io.StringIO()
        if stdin is not None:
            import sys

            old = sys.stdin
            sys.stdin = io.StringIO(stdin)
        try:
            with redirect_stdout(out), redirect_stderr(err):
                try:
                    status = main(list(args), clock=clock)
                except SystemExit as exc:  # argparse
                    status = int(exc.code or 0)
        finally:
            if stdin is not None:
                sys.stdin = old
        return Result(status, out.getvalue(), err.getvalue())

    return run
