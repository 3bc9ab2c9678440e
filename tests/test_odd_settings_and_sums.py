"""Issue 12, point 2: any TZ value, a bad settings file, and sums of huge numbers give one line at most,
never a traceback; the settings file is readable by its owner only."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys

import pytest


@pytest.mark.slow  # a subprocess per value
@pytest.mark.parametrize("tz", ["XYZ+24:00", "XYZ-24:59", "XYZ+25", "Pacific/Kiritimati", "Nowhere/At_All", ""])
def test_any_tz_value_gives_an_answer_not_a_traceback(home, tz):
    env = {**os.environ, "STUDYLOG_HOME": str(home), "TZ": tz}
    env.pop("STUDYLOG_TODAY", None)  # today from the real clock, in that zone
    for argv in (["log", "run", "5k", "28:30"], ["streak"], ["review", "week"]):
        proc = subprocess.run([sys.executable, "-m", "studylog", *argv], env=env, capture_output=True, text=True,
                              timeout=120)
        assert proc.returncode == 0, (tz, argv, proc.stderr)
        assert "Traceback" not in proc.stderr and proc.stderr.count("\n") <= 1


def test_a_bad_setting_is_said_once_with_its_file_and_key_and_config_set_repairs_it(cli, home):
    home.mkdir(parents=True, exist_ok=True)
    config = home / "config.toml"
    config.write_text('theme = "solarized"\nunits = "imperial"\n', encoding="utf-8")
    result = cli("log", "run", "5k", "28:30")
    assert result.status == 0 and "3.11 mi" in result.out  # the good setting is used
    assert result.err == (f"studylog: {config}: theme: theme must be one of textual-dark, textual-light, nord, "
                          f"gruvbox, monokai, dracula, tokyo-night, not 'solarized'; using 'textual-dark' "
                          f"(studylog config set theme VALUE fixes it)\n")
    fixed = cli("config", "set", "theme", "nord")
    assert fixed.status == 0 and cli("streak").err == ""
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    config.write_bytes(b"\xff\xfe not text")
    result = cli("list", "workouts")
    assert result.status == 0 and result.err.count("\n") == 1 and "not UTF-8 text" in result.err


def test_sums_of_huge_word_counts_never_break_a_command(cli, home):
    cli("log", "write", "--words", "5")
    db = home / "studylog.db"
    conn = sqlite3.connect(db)
    stamp = "2026-11-24 12:00:00.000000"
    conn.executemany("INSERT INTO writing_entry (day, words, tags, created_at, updated_at) VALUES (?, ?, '[]', ?, ?)",
                     [("2026-11-23", 2**62, stamp, stamp)] * 3)  # written by hand: more than SQLite's integers
    conn.commit()
    conn.close()
    for argv in (("review", "week", "last"), ("review", "year"), ("streak",), ("goal", "list"),
                 ("goal", "add", "write 500 words per day", "--from", "2026-11-20")):
        result = cli(*argv)
        assert result.status in (0, 1) and result.err.count("\n") <= 1 and "Traceback" not in result.err, argv
    assert cli("db", "check").status == 1  # the value is named there
