"""Faults that must not lose data: two writers at once, a process killed in the middle of an import, a
damaged database file, a read-only or full disk. Each test fails if a row is lost, a file that should be
left alone changes, or the user gets a traceback (or "database is locked") instead of one clear line."""

from __future__ import annotations

import errno
import json
import os
import pathlib
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest

from studylog.api import records
from studylog.api import writing as api_writing
from studylog.api.admin import Session
from studylog.clock import FixedClock
from studylog.db import files, migrate
from studylog.db.errors import DatabaseError
from studylog.db.opening import ensure_database, open_database
from studylog.db.sqlite import connect, exclusive_lock, to_sql_ts, transaction
from studylog.domain.values import NewWriting
from studylog.services import writing

pytestmark = pytest.mark.slow  # outside the fast lane: `make test-all` runs it

TODAY = date(2026, 11, 24)  # as in conftest
STUDYLOG = [sys.executable, "-m", "studylog"]
POSIX_ONLY = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and file modes")


def _env(home: Path) -> dict[str, str]:
    return dict(os.environ, STUDYLOG_HOME=str(home), STUDYLOG_TODAY=TODAY.isoformat())


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")} if folder.exists() else set()


def _count(db: Path, table: str = "writing_entry") -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


# ------------------------------------------------------------------------------------ two writers at once

def test_two_writers_and_200_shell_commands_at_once_lose_nothing_and_never_say_locked(tmp_path):
    """The app's store adding in a loop, a thread holding write transactions for 0.1 s at a time, and 200
    `studylog log write` commands (4 at a time) all start on a database that does not exist yet."""
    db = tmp_path / "data" / "studylog.db"
    env = _env(tmp_path / "home")
    clock = FixedClock(TODAY)
    stamp = to_sql_ts(clock.now())
    stop = threading.Event()
    stored: list[int] = []
    held: list[int] = []
    failures: list[BaseException] = []

    def app_like() -> None:
        store = Session(db, clock)
        n = 0
        while not stop.is_set():
            n += 1
            records.add(store, NewWriting(day=TODAY, words=n, note=f"app {n}"))
            stored.append(n)
            time.sleep(0.01)

    def long_transactions() -> None:
        ensure_database(db, clock)
        conn = connect(db)
        try:
            n = 0
            while not stop.is_set():
                n += 1
                with transaction(conn):
                    conn.execute(writing.SQL_INSERT, (TODAY.isoformat(), None, n, f"long {n}", "[]", None, None,
                                                      stamp, stamp))
                    time.sleep(0.1)
                held.append(n)
                time.sleep(0.1)
        finally:
            conn.close()

    def guarded(work) -> None:  # noqa: ANN001
        try:
            work()
        except BaseException as exc:  # noqa: BLE001
            failures.append(exc)

    def shell(n: int) -> subprocess.CompletedProcess:
        return subprocess.run([*STUDYLOG, "--db", str(db), "log", "write", "--words", str(n), f"note {n}"],
                              env=env, capture_output=True, text=True, timeout=60)

    threads = [threading.Thread(target=guarded, args=(work,)) for work in (app_like, long_transactions)]
    for thread in threads:
        thread.start()
    try:
        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(shell, range(1, 201)))
    finally:
        stop.set()
        for thread in threads:
            thread.join(30)
    assert failures == []
    problems = [(r.returncode, r.stderr) for r in results if r.returncode != 0 or "locked" in r.stderr.lower()]
    assert problems == []
    conn = sqlite3.connect(db)
    rows = Counter(conn.execute("SELECT note, words FROM writing_entry"))
    conn.close()
    assert {(f"note {n}", n): 1 for n in range(1, 201)}.items() <= rows.items()
    assert {(f"app {n}", n): 1 for n in stored}.items() <= rows.items()
    assert {(f"long {n}", n): 1 for n in held}.items() <= rows.items()
    assert sum(rows.values()) == 200 + len(stored) + len(held)
    assert stored and held
    assert not Path(f"{db}.lock").exists()


@POSIX_ONLY
def test_opening_the_database_again_keeps_the_locks_of_connections_already_open(tmp_path):
    """Closing any descriptor of a file drops all of a process's POSIX locks on it. If studylog's own
    look at the file's header did that, a shell command closing its connection would think it was the
    last one, checkpoint and delete the WAL under the app's open connections (found by the test above)."""
    db = tmp_path / "studylog.db"
    clock = FixedClock(TODAY)
    ensure_database(db, clock)
    app = connect(db)
    try:
        app.execute("SELECT COUNT(*) FROM writing_entry").fetchone()  # holds the file as a reader
        ensure_database(db, clock)  # what a second worker, or the CLI's code in this process, does
        records.add(Session(db, clock), NewWriting(day=TODAY, words=1))
        shell = subprocess.run([*STUDYLOG, "--db", str(db), "log", "write", "--words", "2"],
                               env=_env(tmp_path / "home"), capture_output=True, text=True)
        assert shell.returncode == 0, shell.stderr
        assert Path(f"{db}-wal").exists()  # the shell's process did not take itself for the last one
        assert app.execute("SELECT COUNT(*) FROM writing_entry").fetchone()[0] == 2
    finally:
        app.close()
    assert _count(db) == 2


def test_the_lock_beside_the_database_admits_one_at_a_time_and_goes_away(tmp_path):
    db = tmp_path / "data" / "studylog.db"
    with exclusive_lock(db):
        assert Path(f"{db}.lock").exists()
        with (pytest.raises(TimeoutError, match="being created, upgraded or restored by another studylog"),
              exclusive_lock(db, timeout=0.2)):
            pass
    assert not Path(f"{db}.lock").exists()
    with exclusive_lock(db, timeout=0.2):
        pass


# ------------------------------------------------------------------------------ killed in the middle

def _goodreads_csv(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Book Id,Title,Author,Exclusive Shelf,My Rating,Date Read,Date Added\n")
        for i in range(1, rows + 1):
            fh.write(f"{i},Book number {i} of the big shelf,Author {i % 5000} Person{i},read,{i % 6},"
                     f"2020/01/{i % 28 + 1:02d},2019/12/{i % 28 + 1:02d}\n")
    return path


def _kill_while_storing(proc: subprocess.Popen, db: Path) -> bool:
    """SIGKILL once the import's transaction has spilled 2 MB into the WAL; False if it finished first."""
    wal = Path(f"{db}-wal")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            size = wal.stat().st_size
        except FileNotFoundError:
            size = 0
        if size > 2_000_000:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.005)
    proc.kill()
    raise AssertionError("the import neither finished nor started storing within 2 minutes")


@POSIX_ONLY
def test_an_import_killed_mid_transaction_leaves_all_or_nothing_and_runs_again(tmp_path):
    home = tmp_path / "home"
    env = _env(home)
    db = home / "studylog.db"
    rows = 200_000
    for _attempt in range(3):
        for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            stale.unlink(missing_ok=True)
        subprocess.run([*STUDYLOG, "log", "write", "--words", "1"], env=env, check=True, capture_output=True)
        big = _goodreads_csv(tmp_path / "goodreads_library_export.csv", rows)
        proc = subprocess.Popen([*STUDYLOG, "import", "goodreads", str(big)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if _kill_while_storing(proc, db):
            break
        rows *= 2  # this machine stored it all before the kill: try a bigger file
    else:
        pytest.fail("the import always finished before it could be killed")
    conn = connect(db)
    try:
        assert [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]
        assert conn.execute("SELECT COUNT(*) FROM reading_item").fetchone()[0] in (0, rows)
        assert conn.execute("SELECT COUNT(*) FROM writing_entry").fetchone()[0] == 1
    finally:
        conn.close()
    again = subprocess.run([*STUDYLOG, "import", "goodreads", str(big)], env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert _count(db, "reading_item") == rows
    conn = connect(db)
    try:
        assert [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]
    finally:
        conn.close()


# ----------------------------------------------------------------------------------- a damaged file

def _filled_database(db: Path, clock: FixedClock, entries: int = 400) -> None:
    conn = open_database(db, clock)
    try:
        for n in range(entries):
            writing.add(conn, NewWriting(day=TODAY, words=n, title=f"Entry {n}", note="words " * 60), now=clock.now())
    finally:
        conn.close()


def _middle_page_of_writing(db: Path) -> int:
    """A page in the middle of the writing_entry table (what `list writing` reads)."""
    conn = sqlite3.connect(db)
    try:
        try:
            pages = [r[0] for r in conn.execute(
                "SELECT pageno FROM dbstat WHERE name = 'writing_entry' AND pagetype = 'leaf' ORDER BY pageno")]
        except sqlite3.OperationalError:  # SQLite built without dbstat: the middle of the file
            pages = [conn.execute("PRAGMA page_count").fetchone()[0] // 2]
    finally:
        conn.close()
    return pages[len(pages) // 2]


def _damage(db: Path, how: str) -> None:
    size = db.stat().st_size
    page = 4096
    rng = random.Random(7)
    if how == "truncated":
        os.truncate(db, size // 2)
        return
    number = 1 if how == "first page" else _middle_page_of_writing(db)
    with db.open("r+b") as fh:
        fh.seek((number - 1) * page)
        fh.write(bytes([0xFF]) + rng.randbytes(page - 1))


def _backed_up_database(cli, home: Path, clock: FixedClock) -> tuple[Path, list[dict]]:
    db = home / "studylog.db"
    _filled_database(db, clock)
    assert cli("db", "backup").status == 0
    kept = json.loads(cli("list", "writing", "--limit", "0", "--json").out)
    cli("log", "write", "--words", "5", "written after the backup")
    return db, kept


@pytest.mark.parametrize("how", ["truncated", "first page", "middle page"])
def test_a_damaged_database_is_reported_in_one_line_never_changed_and_restored_from_a_backup(
        cli, home, clock, how):
    db, backed_up = _backed_up_database(cli, home, clock)
    _damage(db, how)
    damaged = db.read_bytes()

    result = cli("list", "writing", "--limit", "0")
    line = _one_line(result.err)
    assert result.status == 1
    assert f"{db} is damaged (" in line
    newest = files.list_backups(db)[-1]
    assert f"'studylog db restore' puts back the newest good backup (from {files.backup_time(newest)})" in line
    assert db.read_bytes() == damaged

    with pytest.raises(DatabaseError, match="is damaged"):
        api_writing.entries(Session(db, clock), limit=None)
    assert db.read_bytes() == damaged

    check = cli("db", "check")
    assert check.status == 1 and "Traceback" not in check.err
    assert "PROBLEMS FOUND: the database is damaged" in check.out
    assert db.read_bytes() == damaged

    refused = cli("db", "restore", stdin="n\n")
    assert refused.status == 0 and "Nothing restored" in refused.out and "damaged" in refused.out
    assert db.read_bytes() == damaged

    restored = cli("db", "restore", "--yes")
    assert restored.status == 0, restored.err
    assert "Moved the damaged database aside to" in restored.out and "Restored" in restored.out
    kept = [p for p in home.glob("studylog.db.damaged-*") if not p.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    assert json.loads(cli("list", "writing", "--limit", "0", "--json").out) == backed_up
    assert cli("db", "check").status == 0
    assert cli("log", "write", "--words", "7").status == 0


def test_restore_takes_a_given_backup_skips_damaged_ones_and_says_when_there_is_none(cli, home, clock):
    db = home / "studylog.db"
    _filled_database(db, clock, entries=3)
    first = Path(cli("db", "backup").out.strip().rsplit(" ", 1)[-1])
    cli("log", "write", "--words", "5")
    second = Path(cli("db", "backup").out.strip().rsplit(" ", 1)[-1])
    os.utime(second, (time.time() + 10, time.time() + 10))  # the newest, whatever the clock resolution
    _damage(second, "first page")  # the newest backup is damaged: the one before it is used
    assert files.newest_good_backup(db) == first
    _damage(db, "first page")
    result = cli("db", "restore", "--yes")
    assert result.status == 0, result.err
    assert first.name in result.out
    assert len(json.loads(cli("list", "writing", "--json").out)) == 3

    bad = cli("db", "restore", "--yes", "--backup", str(second))
    assert bad.status == 1 and "cannot be restored" in _one_line(bad.err)
    # a whole database can be replaced by an older backup too; it is kept as '.replaced-'
    given = cli("db", "restore", "--yes", "--backup", str(first))
    assert given.status == 0 and "previous database aside" in given.out
    assert list(home.glob("studylog.db.replaced-*"))


def test_a_damaged_database_without_a_backup_says_so(cli, home, clock):
    db = home / "studylog.db"
    _filled_database(db, clock, entries=3)
    _damage(db, "truncated")
    before = db.read_bytes()
    result = cli("log", "write", "--words", "5")
    line = _one_line(result.err)
    assert result.status == 1 and "is damaged" in line and "there is no good backup" in line
    assert "no backups" in _one_line(cli("db", "restore", "--yes").err)
    assert db.read_bytes() == before


def test_a_file_cut_short_while_its_wal_holds_pages_is_left_to_sqlite(tmp_path, clock):
    """A checkpoint in progress (or killed) can leave the file shorter than its header says while the
    -wal file still holds the pages: that is not damage. Without a -wal, the same file is cut short."""
    from studylog.db.files import header_problem

    whole = tmp_path / "whole.db"
    _filled_database(whole, clock, entries=50)
    for n, wal in enumerate((b"x" * 4096, b"")):
        db = tmp_path / f"short{n}.db"
        db.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
        Path(f"{db}-wal").write_bytes(wal)
        if wal:
            assert header_problem(db) is None
        else:
            assert header_problem(db).startswith("it is cut short")


# --------------------------------------------------------------------------- read-only and full disks

class _Patched:
    """sqlite3.connect made to give connections that fail the way a read-only or full disk does."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.real = sqlite3.connect
        self.monkeypatch = monkeypatch

    def pragma(self, statement: str) -> None:
        real = self.real

        def patched(*args, **kwargs):  # noqa: ANN002, ANN003
            conn = real(*args, **kwargs)
            conn.execute(statement.format(pages=conn.execute("PRAGMA page_count").fetchone()[0]))
            return conn

        self._install(patched)

    def _install(self, patched) -> None:  # noqa: ANN001
        self.monkeypatch.setattr(sqlite3, "connect", patched)
        self.monkeypatch.setattr(sqlite3.dbapi2, "connect", patched)  # what SQLAlchemy (migrations) calls

    def raising(self, message: str, *, on: tuple[str, ...] = ("INSERT", "UPDATE", "DELETE")) -> None:
        real = self.real

        class FailingCursor(sqlite3.Cursor):
            def execute(self, sql, *args):  # noqa: ANN001, ANN002
                if sql.lstrip().upper().startswith(on):
                    raise sqlite3.OperationalError(message)
                return super().execute(sql, *args)

        class Failing(sqlite3.Connection):
            def cursor(self, factory=FailingCursor):  # noqa: ANN001  (Connection.execute uses it too)
                return super().cursor(factory)

            def execute(self, sql, *args):  # noqa: ANN001, ANN002
                return self.cursor().execute(sql, *args)

            def backup(self, *args, **kwargs):  # noqa: ANN002, ANN003
                raise sqlite3.OperationalError(message)

        def patched(*args, **kwargs):  # noqa: ANN002, ANN003
            return real(*args, factory=Failing, **kwargs)

        self._install(patched)


def _existing(cli, home: Path) -> Path:
    assert cli("log", "write", "--words", "10", "before").status == 0
    return home / "studylog.db"


BIG_NOTE = "many words " * 40_000  # needs new pages whatever the free space


@pytest.mark.parametrize(("failure", "says"), [
    ("PRAGMA query_only = ON", "cannot write to"),
    ("attempt to write a readonly database", "cannot write to"),
    ("PRAGMA max_page_count = {pages}", "no space left on device"),
    ("database or disk is full", "no space left on device"),
])
def test_a_write_to_a_read_only_or_full_disk_is_one_line_and_changes_nothing(cli, home, monkeypatch,
                                                                              failure, says):
    db = _existing(cli, home)
    before, files = db.read_bytes(), _files(home)
    with monkeypatch.context() as patching:  # (not monkeypatch.undo(): that would drop STUDYLOG_HOME too)
        patch = _Patched(patching)
        if failure.startswith("PRAGMA"):
            patch.pragma(failure)
        else:
            patch.raising(failure)
        for args in (("log", "write", BIG_NOTE), ("log", "run", "5k", "28:30", "--title", BIG_NOTE),
                     ("read", "add", BIG_NOTE)):
            result = cli(*args)
            assert result.status == 1, (args, result.err)
            line = _one_line(result.err)
            assert says in line and str(db) in line
    assert db.read_bytes() == before and _files(home) == files
    assert _count(db) == 1 and _count(db, "workout") == 0


@pytest.mark.parametrize(("failure", "says"), [
    ("PRAGMA max_page_count = 1", "no space left on device"),
    ("database or disk is full", "no space left on device"),
])
def test_creating_a_database_on_a_full_disk_leaves_nothing_behind(cli, home, monkeypatch, failure, says):
    patch = _Patched(monkeypatch)
    if failure.startswith("PRAGMA"):
        patch.pragma(failure)
    else:
        patch.raising(failure, on=("CREATE",))
    result = cli("log", "write", "--words", "10")
    assert result.status == 1
    assert says in _one_line(result.err)
    assert _files(home) == set()


@pytest.mark.parametrize(("code", "says"), [(errno.EROFS, "read-only file system"),
                                            (errno.EACCES, "permission denied"),
                                            (errno.ENOSPC, "no space left on device")])
def test_a_folder_that_cannot_be_written_is_one_line_and_leaves_nothing(cli, home, monkeypatch, code, says):
    def refuse(path: Path) -> None:
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(migrate, "make_private_file", refuse)
    result = cli("log", "write", "--words", "10")
    assert result.status == 1
    line = _one_line(result.err)
    assert line == f"studylog: cannot write to {home / 'studylog.db'}: {says}"
    assert _files(home) == set()


def test_a_backup_that_fails_half_way_is_removed(cli, home, monkeypatch):
    db = _existing(cli, home)
    before = db.read_bytes()
    with monkeypatch.context() as patching:
        _Patched(patching).raising("database or disk is full")
        result = cli("db", "backup")
    assert result.status == 1 and "no space left on device" in _one_line(result.err)
    assert db.read_bytes() == before
    assert files.list_backups(db) == []
    assert _files(home / "backups") == set()


def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _without_root_powers(argv: list[str]) -> list[str]:
    """Root writes through any file mode; in a new user namespace (`unshare -U`) the same user keeps its
    files but loses that power, so the modes hold again. Other users run the command as it is."""
    return ["unshare", "-U", *argv] if _as_root() else argv


def _read_only(folder: Path, argv: list[str]) -> list[str]:
    """``argv`` run with ``folder`` mounted read-only, in a private mount namespace (root may mount there
    itself; another user becomes root of a user namespace of its own first)."""
    script = f"mount --bind '{folder}' '{folder}' && mount -o remount,bind,ro '{folder}' && exec \"$@\""
    return ["unshare", "-m" if _as_root() else "-Urm", "sh", "-c", script, "sh", *argv]


LINUX_ONLY = pytest.mark.skipif(sys.platform != "linux", reason="Linux namespaces (unshare)")


def _home_with_one_entry(tmp_path: Path) -> tuple[Path, dict[str, str], Path]:
    """A data folder whose database holds one writing entry ("before"): (folder, environment, database)."""
    home = tmp_path / "home"
    env = _env(home)
    subprocess.run([*STUDYLOG, "log", "write", "--words", "10", "before"], env=env, check=True, capture_output=True)
    return home, env, home / "studylog.db"


@LINUX_ONLY
def test_a_read_only_data_folder_by_permissions(tmp_path):
    home, env, db = _home_with_one_entry(tmp_path)
    before, files = db.read_bytes(), _files(home)
    home.chmod(0o500)
    try:
        write = subprocess.run(_without_root_powers([*STUDYLOG, "log", "write", "--words", "5"]), env=env,
                               capture_output=True, text=True)
        listed = subprocess.run(_without_root_powers([*STUDYLOG, "list", "writing", "--json"]), env=env,
                                capture_output=True, text=True)
    finally:
        home.chmod(0o700)
    assert write.returncode == 1
    line = _one_line(write.stderr)
    assert "cannot write to" in line and "permission denied" in line
    assert listed.returncode == 0, listed.stderr
    assert [e["note"] for e in json.loads(listed.stdout)] == ["before"]
    assert db.read_bytes() == before and _files(home) == files


STORE_IN_A_READ_ONLY_FOLDER = """
import sys
from datetime import date
from pathlib import Path
from studylog.clock import FixedClock
from studylog.domain.values import NewWriting
from studylog.api import dashboard, records, writing
from studylog.api.admin import Session
from studylog.db.errors import DatabaseError


store = Session(Path(sys.argv[1]), FixedClock(date(2026, 11, 24)))
print([e.note for e in writing.entries(store)], dashboard.load(store).week_words, store.change_counter() >= 0)
try:
    records.add(store, NewWriting(day=date(2026, 11, 24), words=5))
except DatabaseError as exc:
    print("refused:", exc)
"""


@LINUX_ONLY
def test_the_apps_store_reads_a_database_in_a_read_only_folder_and_refuses_writes(tmp_path):
    """What the app does (its services, its change watcher) where the shell can only read."""
    home, env, db = _home_with_one_entry(tmp_path)
    before, files = db.read_bytes(), _files(home)
    home.chmod(0o500)
    try:
        run = subprocess.run(_without_root_powers([sys.executable, "-c", STORE_IN_A_READ_ONLY_FOLDER, str(db)]),
                             env=env, capture_output=True, text=True)
    finally:
        home.chmod(0o700)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "['before'] 10 True"
    assert lines[1].startswith(f"refused: cannot write to {home}") and "permission denied" in lines[1]
    assert db.read_bytes() == before and _files(home) == files


@LINUX_ONLY
def test_a_read_only_file_system_reads_and_refuses_writes_in_one_line(tmp_path):
    """For real: the data folder mounted read-only in a private mount namespace."""
    home, env, db = _home_with_one_entry(tmp_path)
    before, files = db.read_bytes(), _files(home)

    def read_only(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(_read_only(home, [*STUDYLOG, *args]), env=env, capture_output=True, text=True)

    write = read_only("log", "write", "--words", "5")
    assert write.returncode == 1, write.stderr
    assert _one_line(write.stderr) == f"studylog: cannot write to {home}: read-only file system; nothing was changed"
    listed = read_only("list", "writing", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [e["note"] for e in json.loads(listed.stdout)] == ["before"]
    fresh = read_only("--db", str(home / "sub" / "new.db"), "log", "write", "--words", "5")
    assert fresh.returncode == 1 and "read-only file system" in _one_line(fresh.stderr)
    assert db.read_bytes() == before and _files(home) == files


# ------------------------------------------------------------------------------------------ exports

def _failing_write_text(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pathlib.Path.write_text

    def half_then_full(self, data, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        real(self, data[: len(data) // 2], *args, **kwargs)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))

    monkeypatch.setattr(pathlib.Path, "write_text", half_then_full)


@pytest.mark.parametrize("command", [("res", "export"), ("review", "week")])
def test_an_export_that_fails_leaves_no_partial_file(cli, tmp_path, monkeypatch, command):
    cli("res", "add", "https://example.org/attention", "--topic", "ML")
    cli("log", "write", "--words", "300")
    out = tmp_path / "out" / "export.md"
    out.parent.mkdir()
    _failing_write_text(monkeypatch)
    result = cli(*command, "-o", str(out))
    assert result.status == 1
    assert "no space left on device" in _one_line(result.err).lower()
    assert _files(out.parent) == set()
    out.write_bytes(b"the earlier export")
    again = cli(*command, "-o", str(out), "--force")
    assert again.status == 1
    assert _files(out.parent) == {"export.md"} and out.read_bytes() == b"the earlier export"


def test_saving_settings_on_a_full_disk_leaves_the_old_file_and_no_temporary_one(cli, home, monkeypatch):
    assert cli("config", "set", "units", "imperial").status == 0
    before = _files(home)
    with monkeypatch.context() as patching:
        _failing_write_text(patching)
        result = cli("config", "set", "units", "metric")
    assert result.status == 1 and "no space left on device" in _one_line(result.err)
    assert _files(home) == before
    assert cli("config", "get", "units").out.strip() == "imperial"
