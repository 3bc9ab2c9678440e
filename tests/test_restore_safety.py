"""Restores and backups lose nothing (issue 12): a database reached through a link is restored into the
link's target and the link stays; a killed restore or backup leaves nothing that is taken for a good
backup, and its leftovers are removed at the next start; a backup from a newer studylog is refused."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from studylog.db import files
from studylog.db.leftovers import remove_leftovers
from studylog.db.opening import open_database


def _entries(cli, *args: str) -> list[dict]:
    return json.loads(cli(*args, "list", "writing", "--limit", "0", "--json").out)


def test_restoring_a_database_reached_through_a_link_keeps_the_link(cli, home, tmp_path):
    synced = tmp_path / "synced"
    synced.mkdir()
    target = synced / "studylog.db"
    link = tmp_path / "linked.db"
    link.symlink_to(target)
    assert cli("--db", str(link), "log", "write", "--words", "300").status == 0
    backup = Path(cli("--db", str(link), "db", "backup").out.strip().rsplit(" ", 1)[-1])
    assert cli("--db", str(link), "log", "write", "--words", "5").status == 0
    result = cli("--db", str(link), "db", "restore", "--yes", "--backup", str(backup))
    assert result.status == 0, result.err
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert [e["words"] for e in _entries(cli, "--db", str(target))] == [300]
    # later writes through the link reach the synced file
    cli("--db", str(link), "log", "write", "--words", "42")
    assert sorted(e["words"] for e in _entries(cli, "--db", str(target))) == [42, 300]


def test_a_backup_from_a_newer_studylog_is_refused(cli, home):
    cli("log", "write", "--words", "300")
    backup = Path(cli("db", "backup").out.strip().rsplit(" ", 1)[-1])
    conn = sqlite3.connect(backup)
    conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.commit()
    conn.close()
    result = cli("db", "restore", "--yes", "--backup", str(backup))
    assert result.status == 1 and "written by a newer studylog (schema 0099" in result.err
    assert result.err.count("\n") == 1
    assert files.newest_good_backup(home / "studylog.db") is None  # never taken for a good one


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_the_leftovers_of_a_killed_restore_or_backup_go_at_the_next_start_and_are_never_backups(home, clock):
    db = home / "studylog.db"
    open_database(db, clock).close()
    folder = home / "backups"
    folder.mkdir(exist_ok=True)
    pid = _dead_pid()
    leftovers = [home / f".studylog.db.restoring-{pid}", home / f".studylog.db.restoring-{pid}-wal",
                 folder / f".studylog-20261124T070000000000Z-auto.db.partial-{pid}",
                 folder / f".studylog-20261124T070000000000Z-auto.db.partial-{pid}-journal"]
    for path in leftovers:
        path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    mine = home / f".studylog.db.restoring-{os.getpid()}"  # a restore still running: left alone
    mine.write_bytes(b"x")
    assert files.list_backups(db) == []  # a half-made backup never carries a backup's name
    open_database(db, clock).close()  # the next start
    assert not any(p.exists() for p in leftovers)
    assert mine.exists()
    mine.unlink()
    assert remove_leftovers(db) == []


@pytest.mark.slow  # a fault: a real SIGKILL
def test_a_backup_killed_half_way_leaves_no_backup_behind(home, clock, tmp_path):
    """A real SIGKILL in the middle of `studylog db backup` of a big database."""
    db = home / "studylog.db"
    conn = open_database(db, clock)
    conn.execute("CREATE TABLE IF NOT EXISTS filler (x BLOB)")
    conn.executemany("INSERT INTO filler VALUES (randomblob(65536))", [()] * 3000)  # ~200 MB
    conn.commit()
    conn.close()
    env = {**os.environ, "STUDYLOG_HOME": str(home)}
    proc = subprocess.Popen([sys.executable, "-m", "studylog", "db", "backup"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    folder = home / "backups"
    import time
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (folder.exists() and any(folder.iterdir())):
        time.sleep(0.005)
    proc.kill()
    proc.wait()
    if proc.returncode == 0:  # it finished first (a fast disk): then its backup must be whole
        assert all(files.backup_problem(p) is None for p in files.list_backups(db))
        return
    assert all(files.backup_problem(p) is None for p in files.list_backups(db))
    open_database(db, clock).close()
    assert [p.name for p in folder.iterdir() if ".partial-" in p.name] == []
