"""No export or review may be written over studylog's own files (issue 12): the database, its -wal, -shm
or -journal, a backup, the settings; not through a link either; and `-o ''` is a mistake, not the folder."""

from __future__ import annotations

import os

import pytest


@pytest.mark.parametrize("command", [
    ("review", "week"), ("export", "json"), ("res", "export", "--topic", "GPUs"),
])
@pytest.mark.parametrize("target", ["studylog.db", "studylog.db-wal", "studylog.db-shm", "config.toml",
                                    "backups", "link-to-db"])
def test_an_output_over_studylog_s_own_files_is_refused_even_with_force(cli, home, command, target):
    cli("log", "write", "--words", "300")
    cli("res", "add", "https://horace.io/brrr_intro.html", "--topic", "GPUs")
    cli("config", "set", "units", "metric")
    assert cli("db", "backup").status == 0
    db = home / "studylog.db"
    before = db.read_bytes()
    os.symlink(db, home / "link-to-db")
    result = cli(*command, "-o", str(home / target), "--force")
    assert result.status == 2 and result.err.startswith("studylog: will not write there:"), result
    assert result.err.count("\n") == 1
    assert db.read_bytes() == before
    assert cli("list", "writing", "--json").status == 0


def test_an_empty_output_name_is_refused(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("review", "week", "-o", "")
    assert result.status == 2 and "a file name is needed" in result.err and result.err.count("\n") == 1
    assert not list(tmp_path.glob("*.md"))  # nothing written into the current folder
