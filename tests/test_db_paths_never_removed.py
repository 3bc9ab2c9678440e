"""A database that could not be made is removed again, and only then: `db upgrade --db` a pipe, a device
or a link to a pipe removed it (run as root, `--db /dev/null db upgrade` removed /dev/null)."""

from __future__ import annotations

import os
import stat

import pytest

from studylog.db import migrate


@pytest.mark.parametrize("command", [["db", "upgrade"], ["db", "check"], ["log", "write", "300"], ["streak"]])
def test_a_pipe_or_a_link_to_one_given_as_the_database_is_refused_and_left_there(cli, tmp_path, command):
    pipe = tmp_path / "pipe.db"
    os.mkfifo(pipe)
    link = tmp_path / "link.db"
    link.symlink_to(pipe)
    for given in (pipe, link):
        result = cli("--db", str(given), *command)
        assert result.status != 0 and "named pipe" in result.out + result.err
    assert stat.S_ISFIFO(pipe.stat().st_mode) and link.is_symlink()


def test_the_upgrade_itself_refuses_a_special_file_before_anything(tmp_path):
    pipe = tmp_path / "pipe.db"
    os.mkfifo(pipe)
    with pytest.raises(migrate.NotAStudylogDatabase, match="is a named pipe, not a database file"):
        migrate.upgrade(pipe, None)  # type: ignore[arg-type]  (refused before the clock is needed)
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_only_a_missing_path_or_an_empty_file_without_a_log_is_new(tmp_path):
    """A 0-byte database whose -wal holds pages (copied mid-checkpoint) is no new database: made anew, its
    rows in the log would be lost."""
    db = tmp_path / "studylog.db"
    assert migrate._is_new(db)
    db.write_bytes(b"")
    assert migrate._is_new(db)
    (tmp_path / "studylog.db-wal").write_bytes(b"\x37\x7f\x06\x82" + bytes(28))
    assert not migrate._is_new(db)
    link = tmp_path / "link.db"
    link.symlink_to(tmp_path / "elsewhere.db")
    assert migrate._is_new(link)  # (a link to where the database is to be: it is made there)


def test_a_creation_that_fails_removes_only_what_it_made(tmp_path, monkeypatch):
    from studylog.clock import FixedClock
    from studylog.db import schema

    def broken():  # noqa: ANN202
        yield "CREATE TABLE ok (x)"
        yield "NOT SQL"

    monkeypatch.setattr(schema, "statements", broken)
    made = tmp_path / "new.db"
    with pytest.raises(Exception):  # noqa: B017, PT011  (whatever the error: the file must go)
        migrate.upgrade(made, FixedClock(__import__("datetime").date(2026, 11, 24)))
    assert not made.exists()
    link = tmp_path / "link.db"
    link.symlink_to(tmp_path / "target.db")
    with pytest.raises(Exception):  # noqa: B017, PT011
        migrate.upgrade(link, FixedClock(__import__("datetime").date(2026, 11, 24)))
    assert link.is_symlink() and not (tmp_path / "target.db").exists()  # the link stays, its file goes
    kept = tmp_path / "kept.db"
    kept.write_bytes(b"")  # the person's own empty file: never removed
    with pytest.raises(Exception):  # noqa: B017, PT011
        migrate.upgrade(kept, FixedClock(__import__("datetime").date(2026, 11, 24)))
    assert kept.exists()
