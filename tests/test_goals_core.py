"""Goals, pure parts: phrases read into a GoalSpec, and a goal's period, status, streak and habit strength."""

from __future__ import annotations

import ast
import json
import math
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studylog.domain.values import (
    GOAL_ACTIVITIES,
    GOAL_KINDS,
    GOAL_METRICS,
    GOAL_PERIODS,
    GOAL_STATUSES,
    GoalSpec,
)
from studylog.goal_phrases import parse_goal
from studylog.parsing import MILE, ParseError
from studylog.reports.goals import WINDOW_DAYS, evaluate, habit_strength, period_bounds, periods_met

TODAY = date(2026, 11, 24)  # a Tuesday
MONDAY = date(2026, 11, 23)
Y2026 = (date(2026, 1, 1), date(2026, 12, 31))


def days(start: date, count: int, step: int = 1) -> list[date]:
    return [start + timedelta(days=i * step) for i in range(count)]


def freq(activity: str, target: float, period: str, title: str = "") -> GoalSpec:
    return GoalSpec("frequency", activity, "count", float(target), period, title)


def amount(activity: str, metric: str, target: float, period: str | None, title: str,
           start: date | None = None, end: date | None = None) -> GoalSpec:
    return GoalSpec("amount", activity, metric, float(target), period, title, start, end)


def milestone(activity: str, metric: str, target: float, title: str, deadline: date) -> GoalSpec:
    return GoalSpec("milestone", activity, metric, float(target), None, title, None, deadline)


# ============================================================================================ phrases

@pytest.mark.parametrize(("phrase", "spec"), [
    # frequency
    ("swim >= 3 per week", freq("swim", 3, "week", "Swim 3 times per week")),
    ("Swim 3 times a week", freq("swim", 3, "week", "Swim 3 times a week")),
    ("swim 3x a week", freq("swim", 3, "week", "Swim 3 times a week")),
    ("swim ≥ 3 per week", freq("swim", 3, "week", "Swim 3 times per week")),
    ("swim at least 3 times each week", freq("swim", 3, "week", "Swim 3 times each week")),
    ("swim 3 times every week", freq("swim", 3, "week", "Swim 3 times every week")),
    ("  SWIM   3   TIMES   A   WEEK ", freq("swim", 3, "week", "Swim 3 times a week")),
    ("swim 3/week", freq("swim", 3, "week", "Swim 3 times per week")),
    ("swim once a week", freq("swim", 1, "week", "Swim once a week")),
    ("swim 1 time a week", freq("swim", 1, "week", "Swim once a week")),
    ("swim weekly", freq("swim", 1, "week", "Swim weekly")),
    ("swim three times a week", freq("swim", 3, "week", "Swim three times a week")),
    ("write every day", freq("write", 1, "day", "Write every day")),
    ("write daily", freq("write", 1, "day", "Write daily")),
    ("write >= 5 per week", freq("write", 5, "week", "Write 5 times per week")),
    ("journal each day", freq("write", 1, "day", "Journal each day")),
    ("run 4 times per month", freq("run", 4, "month", "Run 4 times per month")),
    ("yoga twice a week", freq("yoga", 2, "week", "Yoga twice a week")),
    ("hike thrice a month", freq("hike", 3, "month", "Hike thrice a month")),
    ("workout 5 times a week", freq("workout", 5, "week", "Workout 5 times a week")),
    ("exercise 4 times a week", freq("workout", 4, "week", "Exercise 4 times a week")),
    ("train 4 times a week", freq("workout", 4, "week", "Train 4 times a week")),
    ("gym 3 times a week", freq("strength", 3, "week", "Gym 3 times a week")),
    ("lift 2 times a week", freq("strength", 2, "week", "Lift 2 times a week")),
    ("cycle 2 times a week", freq("ride", 2, "week", "Cycle 2 times a week")),
    ("bike 2 times a week", freq("ride", 2, "week", "Bike 2 times a week")),
    ("walk every day", freq("walk", 1, "day", "Walk every day")),
    ("read 3 times a week", freq("read", 3, "week", "Read 3 times a week")),
    ("study 2 sessions a week", freq("study", 2, "week", "Study 2 sessions a week")),
    ("learn 4 times a month", freq("study", 4, "month", "Learn 4 times a month")),
    ("write 2 times a day", freq("write", 2, "day", "Write 2 times a day")),
    ("swim 12 times a year", freq("swim", 12, "year", "Swim 12 times a year")),
    # amount
    ("run >= 20 km per week", amount("run", "distance_m", 20000, "week", "Run 20 km per week")),
    ("run 20km a week", amount("run", "distance_m", 20000, "week", "Run 20 km a week")),
    ("run at least 20 km per week", amount("run", "distance_m", 20000, "week", "Run 20 km per week")),
    ("swim 5000 m per week", amount("swim", "distance_m", 5000, "week", "Swim 5000 m per week")),
    ("swim 1,500 m a day", amount("swim", "distance_m", 1500, "day", "Swim 1,500 m a day")),
    ("ride 100 miles per month", amount("ride", "distance_m", 100 * MILE, "month", "Ride 100 miles per month")),
    ("ride 12000 km in 2026", amount("ride", "distance_m", 12_000_000, "year", "Ride 12000 km in 2026", *Y2026)),
    ("run 3 hours per week", amount("run", "duration_s", 3 * 3600, "week", "Run 3 hours per week")),
    ("yoga 2h per week", amount("yoga", "duration_s", 7200, "week", "Yoga 2h per week")),
    ("yoga 30 min daily", amount("yoga", "duration_s", 1800, "day", "Yoga 30 min daily")),
    ("yoga 30m a day", amount("yoga", "duration_s", 1800, "day", "Yoga 30 m a day")),
    ("strength 1h30m per week", amount("strength", "duration_s", 5400, "week", "Strength 1h30m per week")),
    ("swim an hour a week", amount("swim", "duration_s", 3600, "week", "Swim an hour a week")),
    ("workout 5 hours a week", amount("workout", "duration_s", 18000, "week", "Workout 5 hours a week")),
    ("yoga 400 hours a year", amount("yoga", "duration_s", 400 * 3600, "year", "Yoga 400 hours a year")),
    ("write >= 500 words per day", amount("write", "words", 500, "day", "Write 500 words per day")),
    ("write 500 words daily", amount("write", "words", 500, "day", "Write 500 words daily")),
    ("write 10000 words per month", amount("write", "words", 10000, "month", "Write 10000 words per month")),
    ("write 10,000 words per month", amount("write", "words", 10000, "month", "Write 10,000 words per month")),
    ("read 24 books in 2026", amount("read", "books", 24, "year", "Read 24 books in 2026", *Y2026)),
    ("24 books in 2026", amount("read", "books", 24, "year", "Read 24 books in 2026", *Y2026)),
    ("read 12 books this year", amount("read", "books", 12, "year", "Read 12 books in 2026", *Y2026)),
    ("read 12 books a year", amount("read", "books", 12, "year", "Read 12 books a year")),
    ("read 12 books yearly", amount("read", "books", 12, "year", "Read 12 books yearly")),
    ("read a book a week", amount("read", "books", 1, "week", "Read a book a week")),
    ("read 300 pages per week", amount("read", "pages", 300, "week", "Read 300 pages per week")),
    ("read 2 papers per week", amount("read", "papers", 2, "week", "Read 2 papers per week")),
    ("read 5 articles a week", amount("read", "articles", 5, "week", "Read 5 articles a week")),
    ("read 40 items in 2026", amount("read", "items", 40, "year", "Read 40 items in 2026", *Y2026)),
    ("read 12 books by end of year",
     amount("read", "books", 12, "year", "Read 12 books by 2026-12-31", TODAY, date(2026, 12, 31))),
    ("study 10 resources per month", amount("study", "resources", 10, "month", "Study 10 resources per month")),
    ("study 3 papers a week", amount("study", "resources", 3, "week", "Study 3 papers a week")),
    ("learn 5 videos a week", amount("study", "resources", 5, "week", "Learn 5 videos a week")),
    # milestone
    ("run >= 21.1 km once by 2027-10-15",
     milestone("run", "distance_m", 21100, "Run 21.1 km once by 2027-10-15", date(2027, 10, 15))),
    ("one run >= 21.1 km by 2027-10-15",
     milestone("run", "distance_m", 21100, "Run 21.1 km by 2027-10-15", date(2027, 10, 15))),
    ("run a half marathon by 2027-10-15",
     milestone("run", "distance_m", 21097.5, "Run a half marathon by 2027-10-15", date(2027, 10, 15))),
    ("run a marathon by 2027-04-20",
     milestone("run", "distance_m", 42195, "Run a marathon by 2027-04-20", date(2027, 4, 20))),
    ("swim 1500m once by oct 15",  # oct 15 has passed this year: the next one
     milestone("swim", "distance_m", 1500, "Swim 1500 m once by 2027-10-15", date(2027, 10, 15))),
    ("swim 1500m once by dec 15",
     milestone("swim", "distance_m", 1500, "Swim 1500 m once by 2026-12-15", date(2026, 12, 15))),
    ("ride 100 km by 2027-06-01", milestone("ride", "distance_m", 100000, "Ride 100 km by 2027-06-01", date(2027, 6, 1))),
    ("run 10k by friday", milestone("run", "distance_m", 10000, "Run 10k by 2026-11-27", date(2026, 11, 27))),
    ("run 10k by today", milestone("run", "distance_m", 10000, "Run 10k by 2026-11-24", TODAY)),
    ("run a marathon by feb 29",
     milestone("run", "distance_m", 42195, "Run a marathon by 2028-02-29", date(2028, 2, 29))),
    ("run a half marathon by October",  # this October has passed: the next one, to its last day
     milestone("run", "distance_m", 21097.5, "Run a half marathon by 2027-10-31", date(2027, 10, 31))),
    ("run a half marathon by december",
     milestone("run", "distance_m", 21097.5, "Run a half marathon by 2026-12-31", date(2026, 12, 31))),
    ("run a half marathon by october 2027",
     milestone("run", "distance_m", 21097.5, "Run a half marathon by 2027-10-31", date(2027, 10, 31))),
    ("run a marathon by end of year",
     milestone("run", "distance_m", 42195, "Run a marathon by 2026-12-31", date(2026, 12, 31))),
    ("run 10k by the end of the month",
     milestone("run", "distance_m", 10000, "Run 10k by 2026-11-30", date(2026, 11, 30))),
    ("run 10k by end of 2027", milestone("run", "distance_m", 10000, "Run 10k by 2027-12-31", date(2027, 12, 31))),
    ("ride 3 hours once by 2027-06-01",
     milestone("ride", "duration_s", 10800, "Ride 3 hours once by 2027-06-01", date(2027, 6, 1))),
])
def test_goal_phrases(phrase, spec):
    got = parse_goal(phrase, TODAY)
    assert got._replace(target=pytest.approx(spec.target)) == spec
    assert got.target == pytest.approx(spec.target)


def test_the_brief_s_milestones_dated_2026_10_15_are_past_on_the_test_day():
    with pytest.raises(ParseError, match="the deadline 2026-10-15 has passed"):
        parse_goal("run >= 21.1 km once by 2026-10-15", TODAY)
    assert parse_goal("run a half marathon by 2026-10-15", date(2026, 6, 1)).end_day == date(2026, 10, 15)


@pytest.mark.parametrize(("phrase", "names", "example"), [
    ("", "type a goal", "swim 3 times a week"),
    ("swim lots", "no number of times or amount found", "run 20 km per week"),
    ("swim", "no number of times or amount found", "swim 3 times a week"),
    ("swim a week", "no number of times or amount found", "swim 3 times a week"),
    ("swim lots a week", "the amount 'lots'", "swim 3 times a week"),
    ("run 20 klicks a week", "the amount '20 klicks'", "run 20 km per week"),
    ("dance 3 times a week", "unknown activity 'dance' in goal 'dance 3 times a week'",
     "write, run, swim, ride, walk, hike, strength, yoga, workout, read or study"),
    ("swim 3 times a fortnight", "the period 'fortnight'", "day, week, month or year"),
    ("read 2 books per decade", "the period 'decade'", "day, week, month or year"),
    ("run 20 km", "no period found", "per week"),
    ("read a book", "no period found", "every day"),
    ("write 5 km per week", "a distance (km) goal needs a sport such as run or ride, not write", "run 20 km"),
    ("read a marathon by 2027-01-01", "a distance (marathon) goal needs a sport", "run 20 km"),
    ("workout 10 km a week", "a distance (km) goal needs a sport such as run or ride, not workout", "run 20 km"),
    ("write 30 min a day", "a time (min) goal needs a sport", "yoga 2 hours per week"),
    ("run 500 words a day", "a goal in words is for write, not run", "write 500 words per day"),
    ("write 3 books a year", "a goal in books is for read or study, not write", "read 24 books in 2026"),
    ("study 300 pages a week", "a goal in pages is for read, not study", "read 24 books in 2026"),
    ("swim 0 times a week", "target must be more than zero", "swim 3 times a week"),
    ("run 0 km per week", "target must be more than zero", "run 20 km per week"),
    ("swim 2.5 times a week", "must be a whole number", "swim 3 times a week"),
    ("read 1.5 books a week", "the number of books", "swim 3 times a week"),
    ("run 99999999999999999999 km a week", "too large", "run 20 km per week"),
    ("run 20 km by 2025-01-01", "the deadline 2025-01-01 has passed", "by oct 15"),
    ("run 10k by 3 days ago", "the deadline 2026-11-21 has passed", "by oct 15"),
    ("run 10k by last friday", "the deadline 2026-11-20 has passed", "by oct 15"),
    ("run 20 km by someday", "the deadline 'someday'", "2027-10-15 or oct 15"),
    ("read 24 books in 1800", "the year 1800", "read 24 books in 2026"),
    ("read 24 books in 2101", "1900 to 2100", "read 24 books in 2026"),
    ("read 24 books in 99999", "the year 99999", "read 24 books in 2026"),
    ("swim 3 times by oct 15", "one workout reaching a distance or a time", "run a half marathon by oct 15"),
    ("swim 3 times by end of year", "one workout reaching a distance or a time", "swim 3 times a week"),
    ("run a marathon by october 2025", "has passed", "run a half marathon by oct 15"),
    ("run 20 km once a week", "'once' in goal 'run 20 km once a week' goes with a deadline", "run 20 km per week"),
    ("20 km per week", "start with what you will do", "run 20 km per week"),
])
def test_goals_that_cannot_be_read_say_which_part_and_show_an_example(phrase, names, example):
    with pytest.raises(ParseError) as err:
        parse_goal(phrase, TODAY)
    message = str(err.value)
    assert names in message
    assert example in message
    assert "\n" not in message and "\r" not in message


_WORDS = ["swim", "run", "write", "read", "study", "yoga", "workout", "ride", "dance", "3", "0", "2.5", "1,500",
          "twice", "once", "times", "x", "3x", "20", "km", "20km", "m", "h", "2h", "1h30m", "28:30", "words",
          "books", "pages", "papers", "resources", "a", "per", "every", "each", "day", "week", "month", "year",
          "fortnight", "daily", "weekly", "in", "2026", "1800", "99999", "this", "by", "oct", "15", "feb", "29",
          "2027-10-15", "2025-01-01", "friday", "last", "ago", "days", "half", "marathon", ">=", "≥", "at",
          "least", "/", "one", "an", "today", "tomorrow", "9999999999999999999999", "٣", "½", "-"]


def _check(phrase: str) -> None:
    try:
        spec = parse_goal(phrase, TODAY)
    except ParseError as err:
        message = str(err)
        assert message and "\n" not in message
        return
    assert spec.kind in GOAL_KINDS and spec.metric in GOAL_METRICS and spec.activity in GOAL_ACTIVITIES
    assert spec.period in (*GOAL_PERIODS, None)
    assert 0 < spec.target < math.inf
    assert spec.title and spec.title[0] == spec.title[0].upper() and "\n" not in spec.title
    assert (spec.kind == "milestone") == (spec.period is None)
    if spec.kind == "milestone":
        assert spec.end_day is not None and spec.end_day >= TODAY and spec.start_day is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_random_text_gives_a_goal_or_a_parse_error(phrase):
    _check(phrase)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=8).map(" ".join))
def test_random_goal_like_words_give_a_goal_or_a_parse_error(phrase):
    _check(phrase)


# ====================================================================================== period bounds

@pytest.mark.parametrize(("period", "day", "expected"), [
    ("day", TODAY, (TODAY, TODAY)),
    ("week", TODAY, (MONDAY, date(2026, 11, 29))),
    ("week", MONDAY, (MONDAY, date(2026, 11, 29))),
    ("week", date(2026, 11, 29), (MONDAY, date(2026, 11, 29))),
    ("month", TODAY, (date(2026, 11, 1), date(2026, 11, 30))),
    ("month", date(2026, 12, 31), (date(2026, 12, 1), date(2026, 12, 31))),
    ("month", date(2028, 2, 10), (date(2028, 2, 1), date(2028, 2, 29))),
    ("month", date(2027, 2, 10), (date(2027, 2, 1), date(2027, 2, 28))),
    ("year", TODAY, Y2026),
    ("year", date(2026, 1, 1), Y2026),
])
def test_period_bounds(period, day, expected):
    assert period_bounds(period, day) == expected


@pytest.mark.parametrize(("week_start", "first"), [
    (0, date(2026, 11, 23)), (1, date(2026, 11, 24)), (2, date(2026, 11, 18)), (3, date(2026, 11, 19)),
    (4, date(2026, 11, 20)), (5, date(2026, 11, 21)), (6, date(2026, 11, 22)),
])
def test_weeks_start_on_the_day_asked(week_start, first):
    assert period_bounds("week", TODAY, week_start) == (first, first + timedelta(days=6))


@given(st.dates(date(1971, 1, 1), date(2099, 12, 31)), st.sampled_from(GOAL_PERIODS), st.integers(0, 6))
def test_every_day_lies_in_its_period_and_periods_tile(day, period, week_start):
    first, last = period_bounds(period, day, week_start)
    assert first <= day <= last
    assert period_bounds(period, first, week_start) == (first, last)
    assert period_bounds(period, last, week_start) == (first, last)
    assert period_bounds(period, last + timedelta(days=1), week_start)[0] == last + timedelta(days=1)
    if period == "week":
        assert first.weekday() == week_start and (last - first).days == 6


@pytest.mark.parametrize(("period", "week_start"), [("fortnight", 0), ("week", 7), ("week", -1)])
def test_period_bounds_refuses_what_it_does_not_know(period, week_start):
    with pytest.raises(ValueError):
        period_bounds(period, TODAY, week_start)


# ============================================================================================= status

SWIM3 = freq("swim", 3, "week", "Swim 3 times a week")
WRITE = freq("write", 1, "day", "Write every day")
BOOKS_2026 = amount("read", "books", 24, "year", "Read 24 books in 2026", *Y2026)
HALF = milestone("run", "distance_m", 21100, "Run 21.1 km once by 2026-12-31", date(2026, 12, 31))
RUN20 = amount("run", "distance_m", 20000, "week", "Run 20 km per week")
WED, THU, SUN = date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 29)


def test_a_weekly_goal_is_met_once_the_target_is_reached():
    progress = evaluate(SWIM3, {MONDAY: 1, TODAY: 1, WED: 1}, (), WED)
    assert (progress.period_start, progress.period_end) == (MONDAY, SUN)
    assert progress.actual == 3 and progress.target == 3 and progress.status == "met"


def test_pace_counts_the_days_already_over_not_today():
    assert evaluate(SWIM3, {MONDAY: 1}, (), WED).status == "on track"  # 1 >= 3 x 2/7
    assert evaluate(SWIM3, {MONDAY: 1}, (), THU).status == "behind"  # 1 < 3 x 3/7
    assert evaluate(SWIM3, {}, (), MONDAY).status == "on track"  # nothing expected yet
    assert evaluate(SWIM3, {}, (), TODAY).status == "behind"


def test_a_daily_goal_is_on_track_until_the_day_ends():
    progress = evaluate(WRITE, {}, (), TODAY)
    assert (progress.period_start, progress.period_end, progress.status) == (TODAY, TODAY, "on track")
    assert evaluate(WRITE, {TODAY: 1}, (), TODAY).status == "met"


def test_skip_days_are_taken_out_of_the_expected_pace():
    # Monday and Tuesday skipped: on Thursday, 1 of the 5 remaining days is over: 3 x 1/5 = 0.6 expected.
    assert evaluate(SWIM3, {WED: 1}, (), THU).status == "behind"
    assert evaluate(SWIM3, {WED: 1}, {MONDAY, TODAY}, THU).status == "on track"
    assert evaluate(SWIM3, {}, {MONDAY, TODAY}, THU).status == "behind"


def test_a_skip_day_counts_as_done_for_an_every_day_goal():
    progress = evaluate(WRITE, {}, {TODAY}, TODAY)
    assert progress.status == "met" and progress.actual == 0


def test_a_week_made_only_of_skip_days_asks_nothing():
    assert evaluate(SWIM3, {}, days(MONDAY, 7), THU).status == "met"


def test_a_goal_made_mid_week_is_paced_from_its_first_day_and_counts_only_what_came_after():
    assert evaluate(SWIM3, {}, (), SUN).status == "behind"
    assert evaluate(SWIM3, {}, (), SUN, since=SUN).status == "on track"
    assert evaluate(SWIM3, {MONDAY: 1}, (), SUN, since=SUN).actual == 0  # a swim before the goal existed
    assert evaluate(SWIM3, {MONDAY: 1, SUN: 1}, (), SUN, since=SUN).actual == 1


def test_weeks_follow_week_start():
    progress = evaluate(SWIM3, {date(2026, 11, 22): 1}, (), TODAY, week_start=6)
    assert (progress.period_start, progress.period_end, progress.actual) == (
        date(2026, 11, 22), date(2026, 11, 28), 1)


def test_amount_goals_sum_the_period_and_ignore_days_after_today():
    daily = {MONDAY: 8000.0, TODAY: 7000.0, WED: 9000.0, date(2026, 11, 16): 30000.0}
    progress = evaluate(RUN20, daily, (), TODAY)
    assert progress.actual == 15000 and progress.status == "on track"  # 15 >= 20 x 1/7
    assert evaluate(RUN20, {MONDAY: 7033.34, TODAY: 7033.33, WED: 7033.33}, (), SUN).status == "met"


def test_a_goal_with_its_own_window_uses_it():
    books = dict.fromkeys(days(date(2026, 1, 10), 20, 14), 1.0)  # 20 books, one a fortnight
    progress = evaluate(BOOKS_2026, books, (), TODAY)
    assert (progress.period_start, progress.period_end, progress.actual) == (*Y2026, 20)
    assert progress.status == "behind"  # 24 x 327/365 = 21.5
    books[date(2026, 11, 20)] = books[date(2026, 11, 21)] = 1.0
    assert evaluate(BOOKS_2026, books, (), TODAY).status == "on track"
    late = evaluate(BOOKS_2026, books, (), TODAY, since=date(2026, 11, 1))  # "--from nov 1": only its books
    assert (late.actual, late.status) == (2, "behind")  # 24 x 23/61 days = 9 expected by now
    assert evaluate(BOOKS_2026, books, (), date(2027, 1, 5)).status == "missed"
    books.update(dict.fromkeys(days(date(2026, 12, 1), 2), 1.0))
    assert evaluate(BOOKS_2026, books, (), date(2027, 1, 5)).status == "met"
    assert evaluate(BOOKS_2026, {}, (), date(2025, 12, 1)).status == "on track"  # not begun


def test_a_milestone_is_the_best_single_workout_against_its_deadline():
    since = date(2026, 11, 1)
    runs = {date(2026, 11, 3): 6000.0, date(2026, 11, 10): 6000.0, date(2026, 10, 1): 15000.0}
    progress = evaluate(HALF, runs, (), TODAY, since=since)
    assert progress.actual == 6000  # the best run since the goal began, never a sum
    assert (progress.period_start, progress.period_end) == (since, date(2026, 12, 31))
    assert progress.status == "behind"  # 23 of 61 days over: 21.1 x 23/61 = 7.96 km expected
    assert progress.streak == 0 and progress.strength is None
    runs[date(2026, 11, 20)] = 10000.0
    assert evaluate(HALF, runs, (), TODAY, since=since).status == "on track"
    assert evaluate(HALF, runs, (), date(2027, 1, 1), since=since).status == "missed"
    runs[date(2026, 12, 20)] = 21100.0
    assert evaluate(HALF, runs, (), date(2027, 1, 1), since=since).status == "met"
    assert evaluate(HALF, runs, (), TODAY, since=since).actual == 10000  # the future is ignored
    assert evaluate(HALF, runs, (), date(2027, 1, 1)).period_start == date(2026, 10, 1)


def test_a_milestone_is_not_met_by_resting():
    since = date(2026, 11, 1)
    rest = days(since, 61)
    assert evaluate(HALF, {}, rest, date(2027, 1, 1), since=since).status == "missed"


def test_statuses_are_the_known_ones():
    for goal in (SWIM3, WRITE, BOOKS_2026, HALF, RUN20):
        assert evaluate(goal, {}, (), TODAY).status in GOAL_STATUSES


# ============================================================================================= streak

def test_streak_counts_the_current_period_once_it_is_met():
    assert evaluate(WRITE, dict.fromkeys(days(TODAY - timedelta(days=4), 5), 1), (), TODAY).streak == 5


def test_a_period_still_running_does_not_break_the_streak():
    assert evaluate(WRITE, dict.fromkeys(days(TODAY - timedelta(days=4), 4), 1), (), TODAY).streak == 4


def test_a_gap_ends_the_streak():
    written = [TODAY, TODAY - timedelta(days=1), *days(TODAY - timedelta(days=10), 5)]
    assert evaluate(WRITE, dict.fromkeys(written, 1), (), TODAY).streak == 2
    assert evaluate(WRITE, {}, (), TODAY).streak == 0


def test_skip_days_bridge_a_daily_streak_without_counting():
    written = {TODAY: 1, TODAY - timedelta(days=2): 1}
    assert evaluate(WRITE, written, {TODAY - timedelta(days=1)}, TODAY).streak == 2
    assert evaluate(WRITE, written, (), TODAY).streak == 1


def _weeks_met(*mondays: date) -> dict[date, float]:
    return {m + timedelta(days=offset): 1.0 for m in mondays for offset in (0, 2, 4)}


def test_weekly_streak_skips_weeks_made_of_skip_days():
    w = [MONDAY - timedelta(weeks=n) for n in range(6)]  # w[0] is this week
    swims = _weeks_met(w[1], w[3], w[4])
    assert evaluate(SWIM3, swims, (), TODAY).streak == 1  # this week runs on; week 2 is a gap
    assert evaluate(SWIM3, swims, days(w[2], 7), TODAY).streak == 3  # a rest week bridges it
    assert evaluate(SWIM3, swims, days(w[2], 6), TODAY).streak == 1  # a partly rested week does not
    swims.update(_weeks_met(w[0]))
    assert evaluate(SWIM3, swims, days(w[2], 7), WED + timedelta(days=2)).streak == 4


def test_streak_counts_only_periods_from_since():
    w = [MONDAY - timedelta(weeks=n) for n in range(6)]
    swims = _weeks_met(*w)
    assert evaluate(SWIM3, swims, (), SUN).streak == 6
    assert evaluate(SWIM3, swims, (), SUN, since=w[2]).streak == 3
    # the week it was added in counts only if it was met in the days it lived: here Monday's swims are before
    assert evaluate(SWIM3, swims, (), SUN, since=w[2] + timedelta(days=3)).streak == 2
    assert evaluate(SWIM3, swims, (), SUN, since=SUN + timedelta(days=1)).streak == 0


def test_streak_of_amount_goals_and_of_goals_with_their_own_window():
    runs = {MONDAY - timedelta(weeks=n): 20000.0 for n in range(1, 4)}
    assert evaluate(RUN20, runs, (), TODAY).streak == 3
    books = dict.fromkeys(days(date(2026, 1, 5), 24, 7), 1.0)
    assert evaluate(BOOKS_2026, books, (), TODAY).streak == 0  # one window: no periods in a row
    assert evaluate(BOOKS_2026, {}, (), TODAY).streak == 0


# ==================================================================================== habit strength

START = date(2026, 1, 1)


def test_a_perfect_daily_habit_reaches_80_percent_in_30_days_and_96_in_60():
    done = dict.fromkeys(days(START, 60), 1.0)
    assert habit_strength(WRITE, done, (), START, START + timedelta(days=29)) == pytest.approx(0.798, abs=0.01)
    assert habit_strength(WRITE, done, (), START, START + timedelta(days=59)) == pytest.approx(0.959, abs=0.01)
    progress = evaluate(WRITE, done, (), START + timedelta(days=29))
    assert progress.strength == pytest.approx(0.798, abs=0.01)


def test_strength_follows_loop_s_formula_day_by_day():
    m = 0.5 ** (1 / 13)
    assert habit_strength(WRITE, {START: 1}, (), START, START) == pytest.approx(1 - m)
    later = START + timedelta(days=3)
    assert habit_strength(WRITE, {START: 1}, (), START, later) == pytest.approx((1 - m) * m ** 3)


def test_a_weekly_habit_done_perfectly_climbs_more_slowly():
    monday = date(2025, 12, 29)
    swims = _weeks_met(*[monday + timedelta(weeks=n) for n in range(10)])
    written = dict.fromkeys(days(monday, 70), 1.0)
    for n in (29, 59):
        day = monday + timedelta(days=n)
        weekly = habit_strength(SWIM3, swims, (), monday, day)
        assert 0.3 < weekly < habit_strength(WRITE, written, (), monday, day)
    assert habit_strength(SWIM3, swims, (), monday, monday + timedelta(days=69)) > 0.85  # it gets there


def test_missing_days_lowers_strength():
    perfect = dict.fromkeys(days(START, 60), 1.0)
    missed = {d: v for d, v in perfect.items() if d.day not in (10, 20, 30)}
    end = START + timedelta(days=59)
    assert habit_strength(WRITE, missed, (), START, end) < habit_strength(WRITE, perfect, (), START, end)
    before, after = (habit_strength(WRITE, perfect, (), START, end + timedelta(days=n)) for n in (0, 1))
    assert after < before


def test_skip_days_leave_strength_unchanged():
    end = START + timedelta(days=29)
    done = dict.fromkeys(days(START, 30), 1.0)
    rest = days(end + timedelta(days=1), 5)
    before = habit_strength(WRITE, done, (), START, end)
    assert habit_strength(WRITE, done, rest, START, end + timedelta(days=5)) == pytest.approx(before)
    assert habit_strength(WRITE, done, (), START, end + timedelta(days=5)) < before


def test_a_day_not_over_yet_is_no_miss_before_it_is_done():
    """Every morning the strength used to drop, as if the day's writing were missed before it was written;
    now today counts once it raises the strength, and a day that is over counts as ever."""
    m = 0.5 ** (1 / 13)
    done = dict.fromkeys(days(START, 30), 1.0)  # written every day up to START + 29
    yesterday, today = START + timedelta(days=29), START + timedelta(days=30)
    by_yesterday = evaluate(WRITE, done, (), yesterday).strength
    assert by_yesterday == pytest.approx(1 - m ** 30)  # (30 days of S = S m + (1 - m), from 0)
    assert evaluate(WRITE, done, (), today).strength == pytest.approx(by_yesterday)  # the morning: unchanged
    written = evaluate(WRITE, {**done, today: 1.0}, (), today).strength
    assert written == pytest.approx(by_yesterday * m + (1 - m)) and written > by_yesterday
    # the next morning the day is over: not written, it is missed (and the new day is not, yet)
    assert evaluate(WRITE, done, (), today + timedelta(days=1)).strength == pytest.approx(by_yesterday * m)
    assert evaluate(WRITE, done, (), today + timedelta(days=2)).strength == pytest.approx(by_yesterday * m * m)
    # a goal's last day (archived on it) is held as a day that is over, when today is later
    assert evaluate(WRITE, done, (), today + timedelta(days=5), until=today).strength == pytest.approx(
        by_yesterday * m)
    # the weekly amount goal: half the week's distance by today raises it; nothing yet leaves it
    week = {START + timedelta(days=7 * n): 20000.0 for n in range(4)}
    end = START + timedelta(days=28)  # the day after the last of four full weeks
    before = habit_strength(RUN20, week, (), START, end - timedelta(days=1))
    assert habit_strength(RUN20, week, (), START, end, day_running=True) == pytest.approx(before)
    assert habit_strength(RUN20, week, (), START, end) < before  # (the same day, over)


def test_amount_goals_complete_once_per_period():
    runs = {START + timedelta(days=7 * n): 20000.0 for n in range(12)}
    half = {d: v / 2 for d, v in runs.items()}
    end = START + timedelta(days=83)
    full = habit_strength(RUN20, runs, (), START, end)
    assert 0.5 < full <= 1
    assert habit_strength(RUN20, half, (), START, end) == pytest.approx(full / 2)


def test_strength_starts_on_the_goal_s_first_day_and_history_before_it_never_moves_it():
    done = dict.fromkeys(days(START, 30), 1.0)
    end = START + timedelta(days=29)
    alone = evaluate(WRITE, done, (), end).strength  # no first day: from the first data
    assert alone == pytest.approx(habit_strength(WRITE, done, (), START, end))
    later = START + timedelta(days=10)
    assert evaluate(WRITE, done, (), end, since=later).strength == pytest.approx(
        habit_strength(WRITE, done, (), later, end))
    assert evaluate(WRITE, done, (), end, since=later).strength < alone
    # Years of history before the goal began change nothing at all.
    history = dict.fromkeys(days(START - timedelta(days=800), 700), 1.0)
    assert evaluate(WRITE, {**history, **done}, (), end, since=later) == evaluate(WRITE, done, (), end, since=later)
    # Empty days before the first data keep a strength of 0 at 0: an earlier since changes nothing.
    assert evaluate(WRITE, done, (), end, since=START - timedelta(days=30)).strength == pytest.approx(alone)
    assert evaluate(WRITE, {}, (), end).strength == 0


def test_milestones_have_no_habit_strength():
    with pytest.raises(ValueError):
        habit_strength(HALF, {}, (), START, TODAY)


_GOALS = [SWIM3, WRITE, RUN20, BOOKS_2026, freq("run", 4, "month"), freq("write", 2, "day"),
          amount("write", "words", 500, "day", "w"), amount("read", "books", 12, "year", "b")]


@settings(max_examples=200, deadline=None)
@given(goal=st.sampled_from(_GOALS),
       daily=st.dictionaries(st.dates(date(2025, 1, 1), date(2027, 1, 31)),
                             st.floats(allow_nan=True, allow_infinity=True) | st.integers(-3, 5), max_size=80),
       skips=st.sets(st.dates(date(2025, 1, 1), date(2027, 1, 31)), max_size=40),
       start=st.dates(date(2024, 6, 1), date(2026, 12, 31)),
       today=st.dates(date(2025, 1, 1), date(2027, 1, 31)),
       since=st.none() | st.dates(date(2024, 6, 1), date(2027, 1, 31)))
def test_strength_stays_between_0_and_1(goal, daily, skips, start, today, since):
    assert 0 <= habit_strength(goal, daily, skips, start, today) <= 1
    progress = evaluate(goal, daily, skips, today, since=since)
    assert progress.strength is not None and 0 <= progress.strength <= 1
    assert progress.status in GOAL_STATUSES and progress.streak >= 0
    assert progress.period_start <= progress.period_end


# ============================================================================================== purity

ROOT = Path(__file__).resolve().parents[1]
MODULES = ("studylog/goal_phrases.py", "studylog/reports/goals.py")


@pytest.mark.parametrize("path", MODULES)
def test_goal_modules_import_only_the_standard_library_and_small_studylog_modules(path):
    allowed = {"studylog.parsing", "studylog.domain.values", "studylog.limits", "studylog.weeks"}
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            assert name in allowed or (top != "studylog" and top in sys.stdlib_module_names), name
            assert top not in ("dataclasses", "sqlite3"), name


def test_importing_the_goal_modules_stays_cheap():
    code = ("import sys, json; import studylog.goal_phrases, studylog.reports.goals; "
            "print(json.dumps(sorted(sys.modules)))")
    modules = set(json.loads(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                            text=True, cwd=ROOT).stdout))
    assert not {m.split(".")[0] for m in modules} & {"dateutil", "dataclasses", "textual", "sqlite3",
                                                     "sqlmodel", "sqlalchemy", "rich"}
    assert not {m for m in modules if m.startswith(("studylog.db", "studylog.services"))}


def test_window_days_cover_every_period():
    assert set(WINDOW_DAYS) == set(GOAL_PERIODS)


# ------------------------------------------------------------------------------------ a goal's life

def _every(first: date, last: date, step: int = 1) -> list[date]:
    return [first + timedelta(days=n) for n in range(0, (last - first).days + 1, step)]


def test_a_weekly_goal_added_in_september_counts_only_the_weeks_it_lived():
    swims = {d: 1.0 for d in _every(date(2026, 1, 5), date(2026, 12, 31)) if d.weekday() in (1, 3, 5)}
    added = date(2026, 9, 1)  # a Tuesday: that week it lived Tuesday to Sunday, and swam 3 times
    met, total = periods_met(SWIM3, swims, (), date(2026, 1, 1), date(2026, 12, 31), since=added)
    # Aug 31 to Dec 27: 17 weeks (Dec 28 - Jan 3 ends next year); Jan to August never counted
    assert (met, total) == (17, 17)


def test_a_goal_added_on_sunday_has_not_missed_that_week():
    swims = {d: 1.0 for d in _every(date(2026, 1, 19), date(2026, 12, 31)) if d.weekday() in (0, 2, 4)}
    met, total = periods_met(SWIM3, swims, (), date(2026, 1, 1), date(2026, 12, 31), since=date(2026, 1, 18))
    assert total == 49 and met == 49  # Jan 19 - Dec 27; the week of Sunday Jan 18 is left out


def test_an_archived_goal_counts_only_until_it_was_archived():
    run3 = freq("run", 3, "week", "Run 3 times a week")
    runs = {d: 1.0 for d in _every(date(2026, 1, 1), date(2026, 12, 31)) if d.weekday() in (0, 2, 4)}
    met, total = periods_met(run3, runs, (), date(2026, 1, 1), date(2026, 12, 31),
                             since=date(2026, 1, 18), until=date(2026, 3, 6))
    # Jan 19 - Mar 1: 6 whole weeks; the week of Mar 2 lived Monday to Friday and was met (3 runs)
    assert (met, total) == (7, 7)
    runs.pop(date(2026, 3, 6))
    assert periods_met(run3, runs, (), date(2026, 1, 1), date(2026, 12, 31),
                       since=date(2026, 1, 18), until=date(2026, 3, 6)) == (6, 6)


def test_write_every_day_from_february_counts_334_days_not_365():
    writing = dict.fromkeys(_every(date(2026, 1, 1), date(2026, 12, 31), 2), 1.0)
    met, total = periods_met(WRITE, writing, (), date(2026, 1, 1), date(2026, 12, 31), since=date(2026, 2, 1))
    assert total == 334
    assert met == sum(1 for d in writing if d >= date(2026, 2, 1))


def test_an_archived_goal_stands_as_it_did_on_its_last_day():
    swims = _weeks_met(MONDAY - timedelta(weeks=1), MONDAY - timedelta(weeks=2))
    archived = MONDAY - timedelta(days=1)
    progress = evaluate(SWIM3, {**swims, TODAY: 1.0}, (), TODAY, since=MONDAY - timedelta(weeks=2), until=archived)
    assert (progress.period_start, progress.actual, progress.streak) == (MONDAY - timedelta(weeks=1), 3, 2)


def test_a_milestone_is_met_on_the_day_one_workout_reached_it_and_stays_met():
    since = date(2026, 6, 1)
    runs = {date(2026, 9, 6): 16000.0, date(2026, 10, 18): 21100.0, date(2026, 11, 1): 12000.0}
    progress = evaluate(HALF, runs, (), TODAY, since=since)
    assert (progress.status, progress.met_on, progress.actual) == ("met", date(2026, 10, 18), 21100.0)
    before = evaluate(HALF, runs, (), date(2026, 10, 17), since=since)
    assert before.status != "met" and before.met_on is None
    # a half marathon run before the goal was set is not this goal's
    assert evaluate(HALF, runs, (), TODAY, since=date(2026, 10, 19)).met_on is None
