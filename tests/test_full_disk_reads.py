"""A full disk still reads. SQLite reads a WAL database through its -shm file, which it creates (and
grows) beside the database; on a full disk it cannot, and every read failed with "disk I/O error". Reads
now fall back to a read-only open, so `list`, the app and `export json` to another disk rescue the data,
and each write is refused in one line. Pages still in the -wal are read too (through a read-only -shm);
when no -shm can be made for them, that is said in one line rather than showing stale data.

The real tests mount a small tmpfs in a private mount namespace (Linux: `unshare`), fill it, and run the
installed entry point there; one more test fakes the failure in-process, for any platform."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from studylog.clock import FixedClock
from studylog.db.opening import open_database
from studylog.domain.values import NewWriting
from studylog.services import writing

TODAY = date(2026, 11, 24)  # as in conftest
CLOCK = FixedClock(TODAY)
STUDYLOG = [sys.executable, "-m", "studylog"]


def _can_mount() -> bool:
    if sys.platform != "linux" or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(_namespace("mount -t tmpfs -o size=1m tmpfs /mnt && true", []), capture_output=True)
    return probe.returncode == 0


def _namespace(script: str, argv: list[str]) -> list[str]:
    """``script`` (then ``argv``) run as root of a private mount namespace (a user namespace of its own
    first when not root), so it may mount a tmpfs that no one else sees."""
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    return ["unshare", "-m" if root else "-Urm", "sh", "-c", script, "sh", *argv]


MOUNTS = pytest.mark.skipif(not _can_mount(), reason="needs Linux mount namespaces (unshare -m / -Urm)")

# Runs inside the namespace: every command on the full disk, each result as one JSON line.
DRIVER = """
import json, subprocess, sys
commands = json.loads(sys.argv[1])
for argv in commands:
    run = subprocess.run(argv, capture_output=True, text=True)
    print(json.dumps([run.returncode, run.stdout, run.stderr]))
"""

STORE = """
import sys
from datetime import date
from pathlib import Path
from studylog.clock import FixedClock
from studylog.domain.values import NewWriting
from studylog.api import records, writing
from studylog.api.admin import Session
from studylog.db.errors import DatabaseError

store = Session(Path(sys.argv[1]), FixedClock(date(2026, 11, 24)))
print(sorted(e.note for e in writing.entries(store)), store.change_counter() >= 0)
try:
    records.add(store, NewWriting(day=date(2026, 11, 24), words=5))
except DatabaseError as exc:
    print("refused:", exc)
"""


def _database(folder: Path, *, pending: bool = False) -> None:
    """studylog.db in ``folder`` with one entry ("before"); with ``pending``, a second one ("newest") is
    still in its -wal (copied while the connection that wrote it was open, as a full disk leaves it when
    the checkpoint on close cannot grow the file), and no -shm."""
    folder.mkdir(parents=True)
    work = folder.parent / "work"
    work.mkdir()
    conn = open_database(work / "studylog.db", CLOCK)
    writing.add(conn, NewWriting(day=TODAY, words=10, note="before"), now=CLOCK.now())
    conn.close()
    conn = open_database(work / "studylog.db", CLOCK)
    if pending:
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        writing.add(conn, NewWriting(day=TODAY, words=20, note="newest"), now=CLOCK.now())
    for name in ("studylog.db", "studylog.db-wal") if pending else ("studylog.db",):
        shutil.copyfile(work / name, folder / name)
    conn.close()
    assert pending == (folder / "studylog.db-wal").exists() and not (folder / "studylog.db-shm").exists()


def _on_a_full_disk(tmp_path: Path, commands: list[list[str]], *, pending: bool = False,
                    no_inodes: bool = False) -> tuple[Path, list[tuple[int, str, str]], set[str]]:
    """Run ``commands`` with STUDYLOG_HOME on a tmpfs that is full (no block left; with ``no_inodes``,
    no new file either: not even an empty -shm); returns (home, results, the files in home after)."""
    source = tmp_path / "source" / "home"
    _database(source, pending=pending)
    mount = tmp_path / "disk"
    mount.mkdir()
    home = mount / "home"
    inodes = ",nr_inodes=16" if no_inodes else ""
    script = (f"mount -t tmpfs -o size=2m{inodes} tmpfs '{mount}' && cp -r '{source}' '{home}' && "
              f"(dd if=/dev/zero of='{mount}/filler' bs=4k 2>/dev/null; n=0; "
              f"while [ $n -lt 64 ] && touch '{mount}/f'$n 2>/dev/null; do n=$((n+1)); done; true) && "
              f"\"$@\" && ls -a '{home}'")
    env = dict(os.environ, STUDYLOG_HOME=str(home), STUDYLOG_TODAY=TODAY.isoformat())
    run = subprocess.run(_namespace(script, [sys.executable, "-c", DRIVER, json.dumps(commands)]), env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    results = [tuple(json.loads(line)) for line in lines[:len(commands)]]
    files = {name for name in lines[len(commands):] if name not in (".", "..")}
    return home, results, files


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@MOUNTS
@pytest.mark.parametrize("no_inodes", [False, True], ids=["no-blocks", "no-blocks-nor-inodes"])
def test_a_full_disk_still_lists_exports_and_opens_the_app_and_refuses_writes_in_one_line(tmp_path, no_inodes):
    rescue = tmp_path / "other-disk" / "rescue.json"
    rescue.parent.mkdir()
    home, results, files = _on_a_full_disk(tmp_path, [
        [*STUDYLOG, "list", "writing", "--json"],
        [*STUDYLOG, "export", "json", "-o", str(rescue)],
        [*STUDYLOG, "log", "write", "--words", "5", "after"],
        [sys.executable, "-c", STORE, str(tmp_path / "disk" / "home" / "studylog.db")],
    ], no_inodes=no_inodes)
    (listed, exported, write, store) = results
    assert listed[0] == 0, listed[2]
    assert [e["note"] for e in json.loads(listed[1])] == ["before"]
    assert exported[0] == 0, exported[2]
    assert [e["note"] for e in json.loads(rescue.read_text())["writing_entry"]] == ["before"]
    assert write[0] == 1
    assert _one_line(write[2]) == f"studylog: cannot write to {home / 'studylog.db'}: no space left on device; " \
                                  f"nothing was changed"
    assert store[0] == 0, store[2]
    shown, refused = store[1].splitlines()
    assert shown == "['before'] True"
    assert refused.startswith("refused: cannot write to") and "no space left on device" in refused
    # Nothing half-made is left: at most an empty -wal and the few bytes of -shm SQLite could make.
    assert files <= {"studylog.db", "studylog.db-wal", "studylog.db-shm"}, files


@MOUNTS
def test_pages_still_in_the_wal_are_read_on_a_full_disk(tmp_path):
    home, results, _ = _on_a_full_disk(tmp_path, [
        [*STUDYLOG, "list", "writing", "--json"],
        [sys.executable, "-c", STORE, str(tmp_path / "disk" / "home" / "studylog.db")],
    ], pending=True)
    (listed, store) = results
    assert listed[0] == 0, listed[2]
    assert sorted(e["note"] for e in json.loads(listed[1])) == ["before", "newest"]
    assert store[0] == 0, store[2]
    assert store[1].splitlines()[0] == "['before', 'newest'] True"


@MOUNTS
def test_pages_in_the_wal_that_cannot_be_read_are_said_in_one_line_never_shown_stale(tmp_path):
    home, results, files = _on_a_full_disk(tmp_path, [[*STUDYLOG, "list", "writing", "--json"]], pending=True,
                                           no_inodes=True)
    [(status, out, err)] = results
    assert status == 1 and out == ""
    line = _one_line(err)
    assert line.startswith(f"studylog: cannot read {home / 'studylog.db'}: ")
    assert "studylog.db-wal" in line and "free some space" in line
    assert "studylog.db-shm" not in files


# --------------------------------------------------------------------------------- in-process, faked

class _StatvfsFull:
    """os.statvfs of a full file system (as a user without the reserved blocks sees it)."""

    def __init__(self, real) -> None:  # noqa: ANN001
        self.real = real

    def __call__(self, path):  # noqa: ANN001
        found = self.real(path)
        fields = {name: getattr(found, name) for name in dir(found) if name.startswith("f_")}
        fields.update(f_bavail=0, f_bfree=0, f_favail=0, f_ffree=0, f_flag=found.f_flag & ~os.ST_RDONLY)
        return type("statvfs_result", (), fields)()


@pytest.mark.skipif(not hasattr(os, "statvfs"), reason="POSIX statvfs")
def test_reads_fall_back_to_a_read_only_open_when_the_shm_cannot_be_made(cli, home, monkeypatch):
    assert cli("log", "write", "--words", "10", "before").status == 0
    db = home / "studylog.db"
    before = db.read_bytes()
    real = sqlite3.connect

    class NoShm(sqlite3.Connection):
        """What SQLite answers when it cannot size the -shm file: the first statement that reads fails."""

        def execute(self, sql, *args):  # noqa: ANN001, ANN002
            if not sql.lstrip().upper().startswith("PRAGMA"):
                error = sqlite3.OperationalError("disk I/O error")
                error.sqlite_errorname = "SQLITE_IOERR_SHMSIZE"
                raise error
            return super().execute(sql, *args)

    def patched(database, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        if "immutable=1" in str(database) or "readonly_shm=1" in str(database):
            return real(database, *args, **kwargs)
        return real(database, *args, factory=NoShm, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", patched)
    monkeypatch.setattr(os, "statvfs", _StatvfsFull(os.statvfs))
    listed = cli("list", "writing", "--json")
    assert listed.status == 0, listed.err
    assert [e["note"] for e in json.loads(listed.out)] == ["before"]
    write = cli("log", "write", "--words", "5")
    assert write.status == 1
    assert _one_line(write.err) == f"studylog: cannot write to {db}: no space left on device; nothing was changed"
    assert db.read_bytes() == before
