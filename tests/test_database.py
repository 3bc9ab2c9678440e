"""The store: created at the current schema, upgraded with a backup first, refused when too new."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from studylog.clock import FixedClock
from studylog.db import backups, files, migrate
from studylog.db.errors import NotAStudylogDatabase, SchemaTooNew
from studylog.db.files import HEAD_REVISION
from studylog.db.opening import open_database
from studylog.db.sqlite import connect
from studylog.services import dbcheck


def test_head_revision_constant_matches_the_newest_migration():
    assert migrate.head_revision() == HEAD_REVISION


@pytest.mark.real_migrations  # how a new database is made is what this tests
def test_empty_database_upgraded_to_head_matches_the_models(db_path, clock):
    migrate.upgrade(db_path, clock)
    assert migrate.schema_differences(db_path) == []
    assert dbcheck.check(db_path).ok


def _made(path: Path) -> tuple:
    conn = sqlite3.connect(path)
    try:
        schema = sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())
        modes = [conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("journal_mode", "user_version")]
        version = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    finally:
        conn.close()
    return schema, modes, version, stat.S_IMODE(path.stat().st_mode)


def test_the_test_suites_template_makes_the_database_the_migrations_make(tmp_path, clock):
    """The fast lane copies a migrated template for each new database (conftest): what a test gets is
    what a person's first command makes (in a subprocess, where the real migrations run)."""
    copied = tmp_path / "copied.db"
    open_database(copied, clock).close()
    real = tmp_path / "real" / "studylog.db"
    subprocess.run([sys.executable, "-m", "studylog", "--db", str(real), "db", "upgrade"], check=True,
                   capture_output=True, env=dict(os.environ, STUDYLOG_HOME=str(tmp_path / "home")))
    assert _made(copied) == _made(real)
    assert _made(copied)[1][0] == "wal"


def test_every_entity_of_the_design_is_a_table_in_the_first_revision(db_path, clock):
    migrate.upgrade(db_path, clock, target="0001")
    conn = connect(db_path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert {"writing_entry", "workout", "reading_item", "resource", "resource_list", "resource_list_item",
            "goal", "reflection", "skip_day"} <= tables


@pytest.mark.real_migrations  # how a new database is made is what this tests
def test_connections_use_wal_foreign_keys_and_a_busy_timeout(conn):
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


@pytest.mark.real_migrations  # how a new database is made is what this tests
def test_database_and_its_folder_are_private_to_the_owner(db_path, clock):
    open_database(db_path, clock).close()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700


def test_newer_database_is_refused_and_left_untouched(db_path, clock):
    open_database(db_path, clock).close()
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(SchemaTooNew, match="newer studylog"):
        open_database(db_path, clock)
    assert db_path.read_bytes() == before
    assert files.list_backups(db_path) == []


def test_a_foreign_sqlite_file_is_refused(db_path, clock):
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    with pytest.raises(NotAStudylogDatabase, match="not a studylog one"):
        open_database(db_path, clock)


def test_a_file_that_is_not_a_database_is_refused(db_path, clock):
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(NotAStudylogDatabase):
        open_database(db_path, clock)
    assert db_path.read_bytes() == b"this is not sqlite" * 100


# ---------------------------------------------------------------------------- upgrades with a later revision

EXTRA_REVISION = '''
"""test-only: a batch migration that rebuilds resource_list, the parent of resource_list_item"""
import sqlalchemy as sa
from alembic import op

revision = "0099"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    conn = op.get_bind()
    fk = conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
    conn.exec_driver_sql(f"CREATE TABLE migration_probe (foreign_keys INTEGER)")
    conn.exec_driver_sql(f"INSERT INTO migration_probe VALUES ({{fk}})")
    with op.batch_alter_table("resource_list", recreate="always") as batch:
        batch.add_column(sa.Column("colour", sa.String(), nullable=True))


def downgrade():
    pass
'''


@pytest.fixture
def scripts_with_extra_revision(tmp_path: Path) -> Path:
    folder = tmp_path / "migrations"
    shutil.copytree(migrate.migrations_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "0099_test_extra.py").write_text(EXTRA_REVISION.format(head=HEAD_REVISION))
    return folder


def _fill(db_path: Path) -> None:
    conn = connect(db_path)
    stamp = "2026-11-24 12:00:00.000000"
    conn.execute("INSERT INTO writing_entry (day, words, tags, created_at, updated_at) "
                 "VALUES ('2026-11-20', 650, '[]', ?, ?)", (stamp, stamp))
    conn.execute("INSERT INTO resource_list (id, name, created_at) VALUES (1, 'GPUs', ?)", (stamp,))
    for i in range(3):
        conn.execute("INSERT INTO resource (id, url, kind, status, created_at, updated_at) "
                     "VALUES (?, ?, 'article', 'new', ?, ?)", (i + 1, f"https://example.org/{i}", stamp, stamp))
        conn.execute("INSERT INTO resource_list_item (list_id, resource_id, position) VALUES (1, ?, ?)",
                     (i + 1, i))
    conn.close()


def test_upgrade_keeps_rows_backs_up_first_and_runs_batch_migrations_with_foreign_keys_off(
        db_path, clock, scripts_with_extra_revision):
    migrate.upgrade(db_path, clock)
    _fill(db_path)
    config = migrate.alembic_config(scripts_with_extra_revision)
    result = migrate.upgrade(db_path, clock, config=config)
    assert (result.from_revision, result.to_revision) == (HEAD_REVISION, "0099")
    conn = connect(db_path)
    assert conn.execute("SELECT foreign_keys FROM migration_probe").fetchone()[0] == 0
    # The rebuilt parent table did not cascade-delete its children, and nothing else was lost.
    assert conn.execute("SELECT COUNT(*) FROM resource_list_item").fetchone()[0] == 3
    assert conn.execute("SELECT words FROM writing_entry").fetchone()[0] == 650
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    conn.close()
    # The backup holds the database as it was before the upgrade, readable by the owner only.
    assert result.backup is not None and result.backup.exists()
    assert stat.S_IMODE(result.backup.stat().st_mode) == 0o600
    old = sqlite3.connect(result.backup)
    assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD_REVISION
    assert old.execute("SELECT COUNT(*) FROM resource_list_item").fetchone()[0] == 3
    old.close()


@pytest.mark.real_migrations  # how a new database is made is what this tests
def test_a_new_database_is_not_backed_up(db_path, clock):
    migrate.upgrade(db_path, clock)
    assert files.list_backups(db_path) == []


def test_only_the_last_five_automatic_backups_are_kept(db_path, clock):
    migrate.upgrade(db_path, clock)
    manual = backups.backup(db_path, clock, reason="manual")
    made = [backups.backup(db_path, FixedClock(clock.day), reason="auto") for _ in range(8)]
    kept = files.list_backups(db_path)
    assert manual in kept
    assert [p for p in kept if p != manual] == made[-5:]


def test_migrations_are_shipped_inside_the_package_source_tree():
    folder = migrate.migrations_dir()
    assert (folder / "env.py").exists() and any((folder / "versions").glob("0001_*.py"))
