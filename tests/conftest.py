from __future__ import annotations

import io
import os
import sqlite3
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from studylog.clock import FixedClock
from studylog.db.opening import open_database

TODAY = date(2026, 11, 24)  # a Tuesday

# Two lanes: `make test` (the fast lane: tests not marked slow, 30 examples for a property without its
# own count) and `make test-all` (STUDYLOG_TEST_LANE=all: every test, Hypothesis's 100 examples). No
# deadline in either: a property's examples are timed by benchmarks, not by a shared 2-core machine.
LANE = "all" if os.environ.get("STUDYLOG_TEST_LANE") == "all" else "fast"
hypothesis_settings.register_profile("fast", max_examples=30, deadline=None)
hypothesis_settings.register_profile("all", deadline=None)
hypothesis_settings.load_profile(LANE)


def pytest_report_header() -> str:
    return f"studylog test lane: {LANE} (make test: fast, make test-all: all)"
SHARED_FIXTURES = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures"


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database brought to head by the real migrations, once per test session."""
    path = tmp_path_factory.mktemp("template") / "head.db"
    open_database(path, FixedClock(TODAY)).close()
    return path


@pytest.fixture(autouse=True)
def _new_databases_from_the_template(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new database that goes through alembic in this process is a copy of the template instead (a new
    file is normally made from the schema snapshot and never reaches alembic; while the snapshot is stale
    after a new migration, this keeps the suite from running the migrations for every new database). Only
    a new, empty file going to head is copied; upgrades of older files and every other call run alembic.
    Tests of how a database is created are marked ``real_migrations``; subprocesses run the real code."""
    if request.node.get_closest_marker("real_migrations"):
        return
    from studylog.db import files, migrate

    template = request.getfixturevalue("migrated_template")
    real = migrate.run_migrations

    ours = str(migrate.migrations_dir())

    def from_template(path: Path, config, target: str) -> None:  # noqa: ANN001
        if config.get_main_option("script_location") != ours:  # a test's own migrations: run them
            real(path, config, target)
            return
        conn = sqlite3.connect(path)
        try:
            empty = conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0
            if empty and target in ("head", files.HEAD_REVISION):
                source = sqlite3.connect(template)
                try:
                    source.backup(conn)
                finally:
                    source.close()
                return
        finally:
            conn.close()
        real(path, config, target)

    monkeypatch.setattr(migrate, "run_migrations", from_template)


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


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A year of the demo, with a row in every table (a feed too): the template the `db check` tests copy
    and spoil (never changed in place)."""
    from studylog.services import demo

    path = tmp_path_factory.mktemp("template") / "studylog.db"
    conn = open_database(path, FixedClock(TODAY))
    demo.generate(conn, TODAY, years=1, now=FixedClock(TODAY).now())
    conn.execute("INSERT INTO feed (kind, title, url, tags, added, created_at, updated_at) VALUES "
                 "('blog', 'A feed', 'https://example.org/feed', '[]', '2026-11-01', '2026-11-01 00:00:00', "
                 "'2026-11-01 00:00:00')")
    conn.commit()
    conn.close()
    return path

