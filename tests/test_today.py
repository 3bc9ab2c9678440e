"""`studylog today` (issue 14, point 3): what is due today across the challenge and the goals, one line;
--short for a shell prompt; --json; the dashboard's first panel says the same."""

from __future__ import annotations

import json

from test_tui import make_app, settle

# TODAY in conftest is Tuesday 2026-11-24: the week (Monday first) is 23 to 29 November, 6 days left.


def test_today_says_the_challenge_day_and_each_goal_as_it_stands(cli):
    for args in (("goal", "add", "swim 3 times a week"), ("goal", "add", "run 20 km per week"),
                 ("goal", "add", "write every day"), ("goal", "add", "study 5h per week"),
                 ("goal", "add", "read 24 books in 2026"), ("goal", "add", "run a half marathon by oct 15")):
        assert cli(*args).status == 0
    for n in range(12):  # days 1 to 12 of the challenge, up to yesterday
        assert cli("log", "write", "notes", "--words", "300", "--challenge", "30-day essays",
                   "--date", f"{12 - n} days ago" if n < 11 else "yesterday").status == 0
    assert cli("log", "swim", "1500m", "40min").status == 0
    assert cli("log", "study", "1h15", "--topic", "transformers").status == 0
    said = cli("today").out.strip()
    assert said == ("Write: Day 13 of 30 · Swim: 1 of 3 times this week, 6 days left · "
                    "Run: 0.0 of 20.0 km this week, 6 days left · Study: 1h15 of 5h this week, 6 days left · "
                    "Read: 0 of 24 books in 2026, 38 days left")
    # "write every day" is said once, as the challenge's day; the half marathon is no daily matter
    assert cli("today", "--short").out.strip() == "Write D13/30 Swim 1/3 Run 0.0/20.0km Study 1h15/5h Read 0/24 books"
    cli("log", "write", "today's", "--words", "400", "--challenge", "30-day essays")
    cli("log", "swim", "1000m", "30min")
    cli("log", "swim", "800m", "20min")  # (yesterday's swim would not count: the goal began today)
    after = cli("today").out.strip()
    assert after.startswith("Write: Day 13 of 30 ✓ · Swim: 3 of 3 times this week ✓ · ")
    assert "Write" not in cli("today", "--short").out and "Swim" not in cli("today", "--short").out
    rows = json.loads(cli("today", "--json").out)
    assert [(r["label"], r["done"]) for r in rows] == [("Write", True), ("Swim", True), ("Run", False),
                                                       ("Study", False), ("Read", False)]


def test_a_topic_goal_is_named_by_its_topic_and_a_day_goal_says_today(cli):
    cli("goal", "add", "study Transformers 2h per week")
    cli("goal", "add", "write 500 words per day")
    cli("log", "study", "45min", "--topic", "Deep Learning/Transformers")
    assert cli("today").out.strip() == ("Study Transformers: 45min of 2h this week, 6 days left · "
                                        "Write: 0 of 500 words today")


def test_nothing_due_is_said_and_short_prints_nothing(cli):
    assert cli("today").out.startswith("Nothing is due today")
    assert cli("today", "--short").out == ""
    cli("goal", "add", "write every day")
    assert cli("today").out.strip() == "Write"  # (a daily yes/no goal not done yet: its name alone)
    assert cli("today", "--short").out.strip() == "Write"


async def test_the_dashboard_shows_what_is_due_first(tmp_path):
    from studylog.api import admin, today

    app = make_app(tmp_path)  # (its writing: a 30-day essays challenge, day 12 written today; its goals)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        card = str(app.screen.query_one("#today-card").render()).splitlines()
    assert card[0].split() == ["Write", "Day", "12", "of", "30", "✓"]
    said = today.due(admin.session(tmp_path / "studylog.db", app.clock))
    assert [line.split() for line in card] == [f"{item.label}  {item.text}".split() for item in said]
