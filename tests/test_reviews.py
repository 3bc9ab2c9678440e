"""Goals, skip days, reflections, and the weekly review and year in review (golden files pin the Markdown)."""

from __future__ import annotations

import json
import os
from datetime import date, time, timedelta
from pathlib import Path

import pytest

from studylog.clock import FixedClock
from studylog.db.opening import open_database
from studylog.domain.values import Effort, NewReading, NewResource, NewStudy, NewWorkout, NewWriting
from studylog.goal_phrases import parse_goal
from studylog.io.review_markdown import as_text, week_markdown, year_markdown
from studylog.reports.review import week_review, year_review
from studylog.services import goals, reading, reflections, resources, review, study, workouts, writing

TODAY = date(2026, 11, 24)  # Tuesday of 2026-W48
CLOCK = FixedClock(TODAY)
GOLDEN = Path(__file__).parent / "golden"


def fixed_dataset(path: Path):
    """A small, hand-made history: every section of both reviews has something to show."""
    conn = open_database(path, CLOCK)
    now = CLOCK.now()
    w47 = date(2026, 11, 16)
    for n in range(40):  # writing every day for 40 days but two, a 30-day challenge at the end
        day = TODAY - timedelta(days=n + 1)
        if n in (20, 33):
            continue
        challenge = "30-day essays" if n < 12 else None
        writing.add(conn, NewWriting(day=day, words=300 + (n * 37) % 700, title=f"Essay {40 - n}",
                                     challenge=challenge), now=now)
    writing.add(conn, NewWriting(day=date(2025, 6, 1), words=800, title="Last year"), now=now)
    goals.skip(conn, "write", TODAY - timedelta(days=21), reason="travel", now=now)
    for week in range(6):  # runs and swims, a little more each week
        monday = w47 - timedelta(weeks=5 - week)
        for offset, km in ((1, 5 + week * 0.5), (5, 8 + week * 1.5)):
            day = monday + timedelta(days=offset)
            if day < TODAY:
                workouts.add(conn, NewWorkout(sport="run", day=day, start_time=time(7, 0), distance_m=km * 1000,
                                              duration_s=km * (330 - week * 3)), now=now)
        for offset in (0, 2, 4)[: 2 + week % 2]:
            workouts.add(conn, NewWorkout(sport="swim", day=monday + timedelta(days=offset), distance_m=1500,
                                          duration_s=2400 - week * 20, pool_length_m=25), now=now)
    workouts.add(conn, NewWorkout(sport="run", day=w47 + timedelta(days=6), start_time=time(9, 0),
                                  distance_m=21097.5, duration_s=7290, title="City half marathon"), now=now,
                 efforts=(Effort(1000, 298.0), Effort(5000, 1640.0), Effort(10000, 3390.0), Effort(21097.5, 7290.0)))
    workouts.add(conn, NewWorkout(sport="yoga", day=w47 + timedelta(days=3), duration_s=2700), now=now)
    workouts.add(conn, NewWorkout(sport="run", day=date(2025, 5, 3), distance_m=4000, duration_s=1500), now=now)
    for title, author, status, started, finished, rating, pages in (
            ("Deep Work", "Cal Newport", "finished", date(2026, 11, 2), date(2026, 11, 18), 4.5, 296),
            ("Range", "David Epstein", "reading", date(2026, 11, 17), None, None, 339),
            ("Bird by Bird", "Anne Lamott", "finished", date(2026, 3, 1), date(2026, 3, 20), 5.0, 237),
            ("[b]Not markup[/b] | pipes", "Some One", "to-read", None, None, None, None)):
        reading.add(conn, NewReading(title=title, authors=(author,), status=status, started=started,
                                     finished=finished, rating=rating, pages=pages, added=date(2026, 11, 19)),
                    now=now, today=TODAY)
    ids = []
    for n, (topic, url) in enumerate((("Deep Learning/Transformers", "https://jalammar.github.io/illustrated-transformer"),
                                      ("GPUs", "https://horace.io/brrr_intro.html"),
                                      ("GPUs", "https://siboehm.com/articles/22/CUDA-MMM"))):
        res, _ = resources.add(conn, NewResource(url=url, topic=topic, title=f"Resource {n}"), now=now,
                               today=w47 + timedelta(days=n))
        resources.set_status(conn, res.id, "done", now=now, today=w47 + timedelta(days=n + 1))
        ids.append(res.id)
    # study: W46 45min GPUs + 1h25 Transformers = 2h10; W47 2h Transformers (Resource 0, twice) + 1h10 GPUs
    # (Resource 1) + 1h without a topic = 4h10; 2026: 6h20 in 6 sessions; 2025: 1h30
    for day, minutes, topic, resource in ((date(2026, 11, 10), 45, "GPUs", None),
                                          (date(2026, 11, 12), 85, "Deep Learning/Transformers", None),
                                          (w47, 60, None, ids[0]), (w47 + timedelta(days=2), 60, None, ids[0]),
                                          (w47 + timedelta(days=3), 70, None, ids[1]),
                                          (w47 + timedelta(days=5), 60, None, None),
                                          (date(2025, 6, 2), 90, "GPUs", None)):
        study.add(conn, NewStudy(day=day, duration_s=minutes * 60, topic=topic, resource_id=resource), now=now)
    for phrase in ("Swim 3 times a week", "write every day", "run >= 20 km per week", "read 24 books in 2026"):
        goals.add(conn, parse_goal(phrase, date(2026, 10, 1)), now=now, today=date(2026, 10, 1))
    reflections.save(conn, "week", "2026-W47", {"planned": "Long run on Sunday, three swims.",
                                                "achieved": "Ran my first half marathon!",
                                                "learned": "Pacing *early* matters.\n\nSleep too."}, now=now)
    reflections.save(conn, "week", "2026-W48", {"planned": "Easy week: recover, write daily."}, now=now)
    reflections.save(conn, "year", "2026", {"learned": "Consistency beats intensity."}, now=now)
    return conn


@pytest.fixture
def dataset(tmp_path):
    conn = fixed_dataset(tmp_path / "golden.db")
    yield conn
    conn.close()


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") or not path.exists():
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; rerun with UPDATE_GOLDEN=1 if meant"


def test_weekly_review_golden(dataset):
    built = week_review(review.week_inputs(dataset, date(2026, 11, 16), TODAY))
    markdown = week_markdown(built)
    _golden("week-2026-W47.md", markdown)
    assert "- Fastest 1 km and half marathon run yet: 4:58, 2:01:30 (Sun 22 Nov)" in markdown  # records, in words
    assert "| Swim 3 times a week | 3 times | 3 times | ✓ met |" in markdown
    assert "| Write every day | 7 days | 7 days | ✓ met |" in markdown
    assert "Ran my first half marathon!" in markdown and "Pacing \\*early\\* matters." in markdown
    assert "Easy week: recover, write daily." in markdown  # next week's plan
    # study, by hand: 1h + 1h + 1h10 + 1h = 4h10; the week before 45min + 1h25 = 2h10
    assert "## Learning\n\nStudied 4h10 (2h10 last week): Transformers 2h, GPUs 1h10, (no topic) 1h.\n" in markdown


def test_year_review_golden(dataset):
    built = year_review(review.year_inputs(dataset, 2026, TODAY))
    markdown = year_markdown(built)
    _golden("year-2026.md", markdown)
    assert "| Books finished | 2 | 0 | new |" in markdown
    assert "\\[b\\]Not markup\\[/b\\]" not in markdown  # it was never finished, so not listed
    assert "Consistency beats intensity." in markdown
    # study, by hand: 2h10 + 4h10 = 6h20 (2025: 1h30, so +322%); Transformers 1h25 + 2h = 3h25 (205 of 380 min:
    # 54%), GPUs 45min + 1h10 = 1h55 (30%), no topic 1h (16%)
    assert "| Time studied | 6h20 | 1h30 | +322% |" in markdown
    assert ("| Transformers | 3h25 | 3 | 54% |\n| GPUs | 1h55 | 2 | 30% |\n| (no topic) | 1h | 1 | 16% |\n\n"
            "Studied 6h20 in 6 sessions.") in markdown
    assert "| Resource 0 | 2h |\n| Resource 1 | 1h10 |\n\n## Learning" in markdown


def test_reviews_do_not_change_with_the_clock(tmp_path):
    """A past week's review reads the same whatever today is."""
    conn = fixed_dataset(tmp_path / "a.db")
    first = week_markdown(week_review(review.week_inputs(conn, date(2026, 11, 9), TODAY)))
    later = week_markdown(week_review(review.week_inputs(conn, date(2026, 11, 9), TODAY + timedelta(days=40))))
    conn.close()
    assert first == later


def test_markdown_renders_as_text_for_a_pager(dataset):
    text = as_text(week_markdown(week_review(review.week_inputs(dataset, date(2026, 11, 16), TODAY))))
    assert "Week 2026-W47" in text and "Highlights" in text and "**" not in text


def _tables(text: str) -> list[list[str]]:
    """The tables of a review laid out as text: the lines under each header rule, up to the blank line."""
    lines = text.splitlines()
    found = []
    for i, line in enumerate(lines):
        if line.strip().startswith("─"):
            rows = []
            for row in lines[i + 1:]:
                if not row.strip():
                    break
                rows.append(row)
            found.append(rows)
    return found


@pytest.mark.parametrize("units", ["metric", "imperial"])
def test_at_80_columns_review_tables_fit_no_number_is_cut_and_no_cell_wraps_over_two_lines(tmp_path, units):
    import re

    from studylog.services import demo

    conn = open_database(tmp_path / "demo.db", CLOCK)
    demo.generate(conn, TODAY, years=2, now=CLOCK.now())
    year = year_review(review.year_inputs(conn, 2026, TODAY, units=units, word_target=500))
    week = week_review(review.week_inputs(conn, date(2026, 11, 16), TODAY, units=units, word_target=500))
    conn.close()
    cells = 30  # what `review --format text` cuts titles to at 80 columns
    year_text = as_text(year_markdown(year, units, cell_chars=cells), width=80)
    week_text = as_text(week_markdown(week, units, cell_chars=cells), width=80)
    for text in (year_text, week_text):
        assert max(len(line.rstrip()) for line in text.splitlines()) <= 80
        for line in text.splitlines():  # only a title or an author is ever cut, never a number
            assert not re.search(r"[0-9,.:]…", line), line
    year_tables = _tables(year_text)
    # Totals and Month by month: one line for each row, nothing wrapped
    assert len(year_tables[0]) == len(year.totals) and len(year_tables[1]) == len(year.months) == 11
    for table, rows in zip(year_tables[2:], (year.sports, year.books, year.papers), strict=False):
        assert len(table) <= 2 * len(rows), table
    week_tables = _tables(week_text)
    assert len(week_tables[0]) <= 2 * len(week.sports) and len(week_tables[1]) <= 2 * len(week.goals)


def test_json_reviews_carry_numbers_in_base_units(cli):
    cli("log", "run", "10k", "55:00", "--date", "yesterday")
    cli("log", "swim", "60 lengths", "45min", "--pool", "25m", "--date", "yesterday")
    cli("log", "write", "--words", "600", "--date", "yesterday")
    cli("goal", "add", "run 20 km per week", "--from", "monday")
    cli("goal", "add", "run a half marathon by end of year", "--from", "yesterday")
    week = json.loads(cli("review", "week", "--format", "json").out)
    run20 = next(g for g in week["goals"] if g["title"] == "Run 20 km per week")
    assert (run20["metric"], run20["target_value"], run20["actual_value"]) == ("distance_m", 20000, 10000)
    assert run20["target"] == "20.00 km" and run20["actual"] == "10.00 km"
    swims = next(s for s in week["sports"] if s["sport"] == "swim")
    assert (swims["distance_m"], swims["duration_s"], swims["pools_m"]) == (1500, 2700, [25])
    assert (week["word_target"], week["days_at_target"]) == (500, 1)
    year = json.loads(cli("review", "year", "--format", "json").out)
    runs = next(t for t in year["totals"] if t["label"] == "Runs: distance")
    assert (runs["number"], runs["unit"], runs["value"]) == (10000, "metres", "10.00 km")
    half = next(g for g in year["goals"] if g["title"].startswith("Run a half marathon"))
    assert (half["met"], half["periods"], half["reached"], half["met_on"], half["metric"]) == (
        0, 1, 10000, None, "distance_m")
    assert half["text"] == "Run a half marathon by 2026-12-31: not met yet (best 10.00 km)"


# ------------------------------------------------------------------------------------------------ CLI

def test_cli_goals_add_list_edit_archive(cli):
    for n in range(3):
        cli("log", "swim", "1500m", "40min", "--date", f"{n} days ago")
    added = cli("goal", "add", "Swim 3 times a week")  # on Tuesday: Monday's swim came before the goal
    assert added.status == 0 and added.out.startswith("Stored goal #1: Swim 3 times a week · 1 of 3 times")
    again = cli("goal", "add", "swim 3 times a week")
    assert again.status == 2 and again.err == "studylog: that goal is already there: #1 Swim 3 times a week " \
        "(edit or archive it instead)\n"
    backdated = cli("goal", "add", "swim twice a week", "--from", "monday")
    assert backdated.out.startswith("Stored goal #2: Swim twice a week · 2 of 2 times · met"), backdated
    assert cli("goal", "archive", "2").status == 0
    assert cli("goal", "add", "--activity", "run", "--amount", "20 km", "--per", "week").out.startswith(
        "Stored goal #3: Run 20 km per week")
    rows = json.loads(cli("goal", "list", "--json").out)
    assert [r["goal"]["title"] for r in rows] == ["Swim 3 times a week", "Run 20 km per week"]
    assert rows[0]["progress"]["status"] == "on track" and rows[0]["progress"]["strength"] > 0
    assert "Swim 3 times a week" in cli("goal", "list").out
    assert cli("goal", "edit", "3", "run 25 km per week").out == "Updated goal #3: Run 25 km per week\n"
    assert cli("goal", "archive", "3").status == 0
    assert len(json.loads(cli("goal", "list", "--json").out)) == 1
    everything = json.loads(cli("goal", "list", "--all", "--json").out)
    assert len(everything) == 3 and everything[2]["goal"]["archived_on"] == "2026-11-24"
    assert "archived on 24 Nov" in cli("goal", "list", "--all").out
    assert cli("goal", "add", "--from", "tomorrow", "write every day").status == 2


def test_cli_goal_phrases_it_cannot_read(cli):
    result = cli("goal", "add", "swim lots")
    assert result.status == 2 and "'swim lots'" in result.err and "try" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert json.loads(cli("goal", "list", "--json").out) == []


def test_cli_skip_keeps_the_streak(cli):
    for n in (3, 2):
        cli("log", "write", "--words", "300", "--date", f"{n} days ago")
    assert json.loads(cli("streak", "--json").out)["current"]["days"] == 0
    out = cli("skip", "write", "--date", "yesterday", "--reason", "ill").out
    assert "rest day for write (ill)" in out
    assert json.loads(cli("streak", "--json").out)["current"]["days"] == 2
    undone = cli("skip", "write", "--date", "yesterday", "--undo").out
    assert undone.startswith("Removed the rest day for write on ")  # (not "skip day": newcomer)
    assert json.loads(cli("streak", "--json").out)["current"]["days"] == 0


def test_cli_reflect_with_text_and_with_an_editor(cli, tmp_path, monkeypatch):
    out = cli("reflect", "week", "last", "--planned", "Three swims", "--learned", "Go slower").out
    assert out.startswith("Saved the reflection for week 2026-W47 (16 Nov – 22 Nov 2026): planned, learned")
    editor = tmp_path / "editor.py"
    editor.write_text("import sys\np = sys.argv[1]\ntext = open(p).read()\n"
                      "text = text.replace('## Achieved\\n', '## Achieved\\nSwam twice\\n')\nopen(p, 'w').write(text)\n")
    monkeypatch.setenv("EDITOR", f"python3 {editor}")
    assert "planned, achieved, learned" in cli("reflect", "week", "2026-W47").out
    markdown = cli("review", "week", "last").out
    assert "Three swims" in markdown and "Swam twice" in markdown and "Go slower" in markdown


def test_cli_review_formats_and_files(cli, tmp_path):
    cli("log", "run", "5k", "25:00", "--date", "yesterday")
    cli("log", "write", "--words", "400")
    md = cli("review", "week").out
    assert md.startswith("# Week 2026-W48\n\nMon 23 Nov – Sun 29 Nov 2026 (in progress)")
    data = json.loads(cli("review", "week", "--format", "json").out)
    assert data["label"] == "2026-W48" and data["words"] == 400 and data["sports"][0]["sport"] == "run"
    text = cli("review", "year", "--format", "text").out
    assert "2026 in review" in text and "#" not in text.splitlines()[0]
    target = tmp_path / "week.md"
    assert cli("review", "week", "-o", str(target)).status == 0 and target.read_text() == md
    refused = cli("review", "week", "-o", str(target))
    assert refused.status == 2 and "--force" in refused.err
    assert cli("review", "week", "-o", str(target), "--force").status == 0


@pytest.mark.parametrize(("args", "fragment"), [
    (("review", "week", "2026-W54"), "2026 has 53 weeks"),
    (("review", "week", "2025-W53"), "2025 has 52 weeks"),
    (("review", "year", "1850"), "outside 1900-2100"),
    (("review", "year", "soon"), "can't read year"),
    (("reflect", "week", "W47"), "can't read week"),
])
def test_cli_refuses_weeks_and_years_that_do_not_exist(cli, args, fragment):
    result = cli(*args)
    assert result.status == 2 and fragment in result.err and len(result.err.strip().splitlines()) == 1


def test_a_goal_for_a_year_edited_into_a_weekly_one_is_judged_from_the_edit_not_from_january(cli):
    """A newcomer edited "Read 24 books in 2026" into "run 25 km per week": it was judged from 1 January
    (met in 0 of 47 weeks, last week missed) for a goal asked for today."""
    cli("log", "run", "10k", "55min", "--date", "2026-11-17")
    assert cli("goal", "add", "read 24 books in 2026").status == 0
    assert cli("goal", "edit", "1", "run 25 km per week").status == 0
    goal = json.loads(cli("goal", "list", "--json").out)[0]
    assert goal["goal"]["active_from"] == "2026-11-24"  # (the tests' today)
    assert "Run 25 km per week" not in cli("review", "week", "2026-11-16").out  # not judged before it existed
    assert "met in 0 of" not in cli("review", "year", "2026").out


def test_a_changed_target_starts_a_new_life_and_past_weeks_keep_the_old_one(cli):
    for n in range(1, 22, 2):
        cli("log", "run", "8k", "45min", "--date", f"{n} days ago")
    cli("goal", "add", "run 20 km per week", "--from", "21 days ago")
    before = cli("review", "week", "2026-11-09").out
    assert "| Run 20 km per week | 20.00 km | 32.00 km | ✓ met |" in before
    edited = cli("goal", "edit", "1", "run 40 km per week")
    assert edited.out.startswith("Archived goal #1: Run 20 km per week (its past periods keep their target); "
                                 "stored goal #2: Run 40 km per week, from 2026-11-24"), edited
    assert cli("review", "week", "2026-11-09").out == before  # the past is not judged again
    goals = json.loads(cli("goal", "list", "--all", "--json").out)
    assert [(g["goal"]["id"], g["goal"]["archived_on"], g["goal"]["active_from"]) for g in goals] == [
        (2, None, "2026-11-24"), (1, "2026-11-23", "2026-11-03")]
    # a title alone changes in place, and --from re-judges the past on purpose
    assert cli("goal", "edit", "2", "--title", "Forty a week").out == "Updated goal #2: Forty a week\n"
    assert cli("goal", "edit", "2", "run 30 km per week", "--from", "2026-11-09").out == \
        "Updated goal #2: Run 30 km per week\n"


def test_the_year_review_counts_this_week_once_its_goal_is_met(cli):
    """Found by a newcomer: a weekly goal met on Tuesday was in the weekly review and `goal list`
    ("met") but missing from the year in review until the week was over."""
    assert cli("goal", "add", "swim twice a week", "--from", "monday").status == 0
    assert cli("goal", "add", "run 3 times a week", "--from", "monday").status == 0
    assert cli("log", "swim", "1000m", "30min", "--date", "monday").status == 0
    assert cli("log", "swim", "1000m", "30min").status == 0
    assert cli("log", "run", "5k", "28:00").status == 0
    year = cli("review", "year").out
    assert "- Swim twice a week: met in 1 of 1 week" in year
    assert "Run 3 times a week" not in year  # its week is not over and not met: not counted yet


def test_a_week_after_today_says_it_has_not_begun_not_that_it_is_in_progress(tmp_path):
    """A newcomer paged forward to next week: it said "(in progress)"; the year already said "not begun"."""
    import subprocess
    import sys

    env = {"STUDYLOG_TODAY": "2026-12-02", "STUDYLOG_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    def week(label: str) -> str:
        return subprocess.run([sys.executable, "-m", "studylog", "--db", str(tmp_path / "s.db"), "review", "week",
                               label], capture_output=True, text=True, env=env, check=True).stdout

    assert "Mon 7 Dec – Sun 13 Dec 2026 (not begun yet)" in week("2026-W50")
    assert "*This week has not begun yet.*" in week("2026-W50")
    this_week = week("2026-W49")
    assert "Mon 30 Nov – Sun 6 Dec 2026 (in progress)" in this_week and "not begun" not in this_week
    last_week = week("2026-W48")
    assert "Sun 29 Nov 2026\n" in last_week and "in progress" not in last_week and "not begun" not in last_week
