"""The shell commands as a person uses them: one line per stored record, JSON on request, clear refusals."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest


def _count(home: Path, table: str) -> int:
    path = home / "studylog.db"
    if not path.exists():
        return 0
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_log_run_answers_with_one_line_naming_what_was_stored(cli):
    result = cli("log", "run", "5k", "28:30")
    assert result.status == 0, result.err
    assert result.out.strip() == "Stored run #1: 5.00 km in 28:30 (5:42 /km) on 2026-11-24 (today)"


def test_log_write_reports_streak_and_challenge_day(cli):
    cli("log", "write", "--words", "400", "--date", "yesterday", "--challenge", "30-day essays")
    result = cli("log", "write", "A short essay about attention.", "--title", "Day 2: Attention",
                 "--challenge", "30-day essays", "--tag", "ml", "--tag", "essay")
    assert result.status == 0, result.err
    line = result.out.strip()
    assert line.startswith('Stored writing #2: 5 words on 2026-11-24 (today) · "Day 2: Attention"')
    assert "2-day streak · Day 2 of 30 (30-day essays)" in line
    assert "#ml #essay" in line


def test_log_json_gives_the_stored_record(cli):
    result = cli("log", "swim", "1,500 m", "40min", "--date", "nov 20", "--pool", "25m", "--json")
    record = json.loads(result.out)
    assert record["sport"] == "swim" and record["day"] == "2026-11-20"
    assert record["distance_m"] == 1500 and record["duration_s"] == 2400 and record["pool_length_m"] == 25
    assert record["id"] == 1


def test_time_sports_take_a_duration(cli):
    result = cli("log", "yoga", "45min", "--title", "Evening flow", "--json")
    record = json.loads(result.out)
    assert (record["sport"], record["duration_s"], record["distance_m"]) == ("yoga", 2700, None)


@pytest.mark.parametrize(("args", "bad"), [
    (("log", "run", "5 parsecs", "28:30"), "'5 parsecs'"),
    (("log", "run", "5k", "soon"), "'soon'"),
    (("log", "write", "--words", "many"), "'many'"),
    (("log", "write", "hi", "--date", "someday"), "'someday'"),
    (("log", "swim", "1500m", "--pool", "big"), "'big'"),
])
def test_a_value_it_cannot_read_is_one_line_on_stderr_exit_2_and_nothing_written(cli, home, args, bad):
    result = cli(*args)
    assert result.status == 2
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and bad in lines[0] and "try" in lines[0] or "such as" in lines[0]
    assert _count(home, "workout") == 0 and _count(home, "writing_entry") == 0


def test_list_shows_a_table_newest_first_and_json(cli):
    cli("log", "run", "5k", "28:30", "--date", "3 days ago", "--title", "[bold red]not markup[/]")
    cli("log", "run", "10k", "55:00", "--date", "yesterday")
    cli("log", "swim", "2000", "50min")
    table = cli("list", "workouts").out
    lines = [ln for ln in table.splitlines() if ln.strip()]
    assert lines[0].split()[:4] == ["ID", "Date", "Sport", "Distance"]
    assert [ln.split()[1] for ln in lines[1:]] == ["2026-11-24", "2026-11-23", "2026-11-21"]
    assert "[bold red]not markup[/]" in table  # user text is shown as text
    assert "5:30 /km" in table and "2:30 /100m" in table
    runs = json.loads(cli("list", "workouts", "--sport", "run", "--json").out)
    assert [r["distance_m"] for r in runs] == [10000, 5000]
    window = json.loads(cli("list", "workouts", "--since", "2 days ago", "--until", "yesterday", "--json").out)
    assert [r["day"] for r in window] == ["2026-11-23"]


def test_list_writing_limits_and_says_how_many_more(cli):
    for n in range(1, 26):
        cli("log", "write", "--words", str(n * 10), "--date", f"{n} days ago")
    out = cli("list", "writing").out
    assert "20 of 25 shown" in out
    assert len(json.loads(cli("list", "writing", "--limit", "0", "--json").out)) == 25
    assert len(json.loads(cli("list", "writing", "--limit", "3", "--json").out)) == 3


def test_empty_list_says_how_to_start(cli):
    assert "studylog log write" in cli("list", "writing").out


def test_edit_changes_only_the_given_fields(cli):
    cli("log", "run", "5k", "28:30", "--title", "Park")
    result = cli("edit", "workout", "1", "--distance", "6k", "--date", "yesterday")
    assert result.status == 0, result.err
    assert "changed: date, distance" in result.out
    record = json.loads(cli("list", "workouts", "--json").out)[0]
    assert (record["distance_m"], record["day"], record["title"], record["duration_s"]) == (
        6000, "2026-11-23", "Park", 1710)
    assert cli("edit", "writing", "7", "--words", "5").status == 1
    assert cli("edit", "workout", "1").status == 2


def test_delete_asks_and_yes_skips_the_question(cli, home):
    cli("log", "write", "--words", "300")
    kept = cli("delete", "writing", "1", stdin="n\n")
    assert "Delete writing #1" in kept.out and "Nothing deleted" in kept.out
    assert _count(home, "writing_entry") == 1
    confirmed = cli("delete", "writing", "1", stdin="y\n")
    assert "Deleted writing #1" in confirmed.out
    cli("log", "write", "--words", "300")
    assert cli("delete", "writing", "2", "--yes").status == 0
    assert _count(home, "writing_entry") == 0
    assert cli("delete", "workout", "9", "--yes").status == 1


def test_streak_json_has_the_documented_shape(cli):
    for n in (5, 4, 2, 1):
        cli("log", "write", "--words", "300", "--date", f"{n} days ago", "--challenge", "30-day essays")
    data = json.loads(cli("streak", "--json").out)
    assert data == {
        "current": {"days": 2, "start": "2026-11-22", "end": "2026-11-23"},
        "longest": {"days": 2, "start": "2026-11-22", "end": "2026-11-23"},
        "challenge": {"name": "30-day essays", "day": 4, "of": 30},
        "today": {"words": 0, "target": 500},
    }
    text = cli("streak").out
    assert "Current streak: 2 days (2026-11-22 to 2026-11-23)" in text
    assert "write today to make it 3" in text


def test_streak_on_an_empty_database(cli):
    data = json.loads(cli("streak", "--json").out)
    assert data["current"] == {"days": 0, "start": None, "end": None} and data["challenge"] is None


def test_studylog_home_and_db_option_choose_the_file(cli, home, tmp_path):
    assert cli("db", "path").out.strip() == str(home / "studylog.db")
    other = tmp_path / "elsewhere" / "x.db"
    assert cli("--db", str(other), "db", "path").out.strip() == str(other)
    cli("--db", str(other), "log", "write", "--words", "10")
    assert other.exists() and not (home / "studylog.db").exists()
    assert len(json.loads(cli("--db", str(other), "list", "writing", "--json").out)) == 1


def test_db_check_backup_and_upgrade(cli, home):
    cli("log", "write", "--words", "10")
    check = cli("db", "check")
    assert check.status == 0 and "integrity check: ok" in check.out and check.out.strip().endswith("OK")
    backup = cli("db", "backup")
    assert backup.status == 0 and "backups" in backup.out
    assert "already at the newest schema" in cli("db", "upgrade").out


def test_db_check_reports_a_changed_schema(cli, home):
    cli("log", "write", "--words", "10")
    conn = sqlite3.connect(home / "studylog.db")
    conn.execute("DROP INDEX ix_writing_entry_day")
    conn.commit()
    conn.close()
    check = cli("db", "check")
    assert check.status == 1 and "schema matches the models: no" in check.out


def test_config_set_changes_units_for_display(cli):
    assert cli("config", "set", "units", "imperial").status == 0
    assert cli("config", "get", "units").out.strip() == "imperial"
    assert "3.11 mi" in cli("log", "run", "5k", "28:30").out
    assert "3.00 mi" in cli("log", "run", "3", "27:00").out  # a bare number is in miles now
    bad = cli("config", "set", "units", "furlongs")
    assert bad.status == 2 and "metric" in bad.err


def test_demo_never_touches_an_existing_file(cli, tmp_path):
    target = tmp_path / "mine.db"
    target.write_text("precious")
    result = cli("demo", "--db", str(target), "--no-tui")
    assert result.status == 2 and "already exists" in result.err
    assert target.read_text() == "precious"


def test_demo_creates_a_database_without_opening_the_app(cli, tmp_path):
    target = tmp_path / "demo.db"
    result = cli("demo", "--years", "2", "--db", str(target), "--no-tui")
    assert result.status == 0, result.err
    assert "writing entries" in result.out
    entries = json.loads(cli("--db", str(target), "list", "writing", "--limit", "0", "--json").out)
    assert len(entries) > 600
    assert "Day 12 of 30" in cli("--db", str(target), "streak").out
    cohort = tmp_path / "demo-cohort"
    assert sorted(p.name for p in cohort.iterdir()) == ["ada.md", "bob.md", "cy.md"]
    assert cohort.stat().st_mode & 0o777 == 0o700  # (as every folder studylog makes: the newcomer found 755)


def test_newer_database_is_refused_in_one_line(cli, home):
    cli("log", "write", "--words", "10")
    conn = sqlite3.connect(home / "studylog.db")
    conn.execute("UPDATE alembic_version SET version_num = 'ffff'")
    conn.commit()
    conn.close()
    result = cli("log", "write", "--words", "10")
    assert result.status == 1 and "newer studylog" in result.err and len(result.err.strip().splitlines()) == 1


def test_db_reindex_refills_a_search_index_that_lost_its_entries(cli, home):
    cli("log", "write", "Notes on attention heads", "--words", "10")
    conn = sqlite3.connect(home / "studylog.db")
    conn.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
    conn.commit()
    conn.close()
    from studylog.db.sqlite import connect
    from studylog.services.search import search

    def found() -> int:
        c = connect(home / "studylog.db")
        try:
            return len(search(c, "attention"))
        finally:
            c.close()

    assert found() == 0
    result = cli("db", "reindex")
    assert result.status == 0 and "Rebuilt the search index" in result.out
    assert result.out.rstrip().endswith(": 1 record; and the writing streak's runs: 1")
    assert found() == 1
