"""What people type, read as DESIGN.md "Behaviour users expect" lists, and refused clearly otherwise."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studylog.domain.values import NewWorkout, NewWriting
from studylog.formatting import format_distance, format_duration
from studylog.parsing import (
    KILOMETRE,
    MILE,
    ParseError,
    parse_date,
    parse_distance,
    parse_duration,
    parse_pool,
    parse_quick_add,
    parse_swim_distance,
)

TODAY = date(2026, 11, 24)  # Tuesday


@pytest.mark.parametrize(("text", "metres"), [
    ("5k", 5000), ("5 km", 5000), ("5K", 5000), ("3.1mi", 3.1 * MILE), ("1500m", 1500), ("1,500 m", 1500),
    ("13.1 miles", 13.1 * MILE), ("400yd", 400 * 0.9144), ("12,5 km", 12500), ("half marathon", 21097.5),
    ("marathon", 42195), (".5 km", 500),
])
def test_distances_people_type(text, metres):
    assert parse_distance(text) == pytest.approx(metres)


def test_bare_number_uses_the_default_unit_only_when_there_is_one():
    assert parse_distance("5", KILOMETRE) == 5000
    with pytest.raises(ParseError, match="needs a unit"):
        parse_distance("5")


@pytest.mark.parametrize("text", ["", "fast", "5 parsecs", "-5k", "0k", "5k5", "1,50,0 m", "99999999 km"])
def test_bad_distances_name_the_value_and_give_an_example(text):
    with pytest.raises(ParseError) as err:
        parse_distance(text)
    message = str(err.value)
    assert repr(text) in message and "5k" in message and "\n" not in message


@pytest.mark.parametrize(("text", "seconds"), [
    ("28:30", 1710), ("1:02:03", 3723), ("45min", 2700), ("45 min", 2700), ("1h5m", 3900), ("1h 5m", 3900),
    ("1 hour 5 minutes", 3900), ("90s", 90), ("1.5h", 5400), ("45", 2700), ("75:00", 4500), ("2h", 7200),
])
def test_durations_people_type(text, seconds):
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "soon", "28:75", "5m1h", "1:2:3", "0:00", "h", "45 parsecs"])
def test_bad_durations_are_refused_with_an_example(text):
    with pytest.raises(ParseError, match="28:30"):
        parse_duration(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("today", TODAY), ("yesterday", date(2026, 11, 23)), ("2026-11-20", date(2026, 11, 20)),
    ("2026/11/20", date(2026, 11, 20)), ("nov 20", date(2026, 11, 20)), ("20 Nov", date(2026, 11, 20)),
    ("November 20", date(2026, 11, 20)), ("Nov 20, 2025", date(2025, 11, 20)),
    ("dec 25", date(2025, 12, 25)),  # no year given: the latest one not after today
    ("last monday", date(2026, 11, 23)), ("monday", date(2026, 11, 23)), ("tuesday", TODAY),
    ("last tuesday", date(2026, 11, 17)), ("3 days ago", date(2026, 11, 21)), ("a week ago", date(2026, 11, 17)),
    ("2 months ago", date(2026, 9, 24)), ("1 year ago", date(2025, 11, 24)),
])
def test_dates_people_type(text, expected):
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["", "someday", "feb 30", "2026-13-01", "13", "next week"])
def test_bad_dates_are_refused_with_an_example(text):
    with pytest.raises(ParseError) as err:
        parse_date(text, TODAY)
    assert repr(text) in str(err.value) and "yesterday" in str(err.value)


# ------------------------------------------------------------------------------------- quick-add phrases

def test_quick_add_run_with_date():
    draft = parse_quick_add("run 5k 28:30 yesterday", TODAY)
    assert draft == NewWorkout(sport="run", day=date(2026, 11, 23), distance_m=5000, duration_s=1710)


def test_quick_add_swim_keeps_metres_and_minutes_apart():
    draft = parse_quick_add("swim 1500m 40min", TODAY)
    assert isinstance(draft, NewWorkout)
    assert (draft.sport, draft.distance_m, draft.duration_s, draft.day) == ("swim", 1500, 2400, TODAY)


def test_quick_add_writing_with_title():
    draft = parse_quick_add("write 650 words Day 12: Prompting", TODAY)
    assert draft == NewWriting(day=TODAY, words=650, title="Day 12: Prompting")


@pytest.mark.parametrize(("phrase", "sport", "metres", "seconds", "day", "title", "tags"), [
    ("ran 5 km in 28:30 last monday #easy", "run", 5000, 1710, date(2026, 11, 23), None, ("easy",)),
    ("ride 40 km 1h 20m Sunday spin", "ride", 40000, 4800, TODAY, "Sunday spin", ()),
    ("walk 3.1mi nov 20", "walk", 3.1 * MILE, None, date(2026, 11, 20), None, ()),
    ("yoga 45min", "yoga", None, 2700, TODAY, None, ()),
    ("run 10 55:00 3 days ago Hill loop", "run", 10000, 3300, date(2026, 11, 21), "Hill loop", ()),
    ("swim 2000 45 yesterday", "swim", 2000, 2700, date(2026, 11, 23), None, ()),
])
def test_quick_add_workouts(phrase, sport, metres, seconds, day, title, tags):
    draft = parse_quick_add(phrase, TODAY)
    assert isinstance(draft, NewWorkout)
    assert draft.sport == sport and draft.day == day and draft.title == title and draft.tags == tags
    assert draft.distance_m == (pytest.approx(metres) if metres else None)
    assert draft.duration_s == seconds


def test_quick_add_writing_with_date_first_and_tags():
    draft = parse_quick_add("write yesterday 1,200 words on attention #ml", TODAY)
    assert draft == NewWriting(day=date(2026, 11, 23), words=1200, title="on attention", tags=("ml",))


@pytest.mark.parametrize(("phrase", "fragment"), [
    ("", "type what you did"), ("dance 5k", "can't tell what 'dance' is"),
    ("run 28:30", "needs a distance"), ("strength heavy", "needs a duration"),
])
def test_quick_add_refusals_say_what_to_type(phrase, fragment):
    with pytest.raises(ParseError, match=fragment):
        parse_quick_add(phrase, TODAY)


def test_imperial_bare_numbers_are_miles_and_yards():
    run = parse_quick_add("run 3 30:00", TODAY, units="imperial")
    swim = parse_quick_add("swim 1000 30min", TODAY, units="imperial")
    assert run.distance_m == pytest.approx(3 * MILE)
    assert swim.distance_m == pytest.approx(914.4)


# ------------------------------------------------------------------------------------ property tests

@given(st.integers(min_value=1, max_value=14 * 24 * 3600))
def test_every_formatted_duration_parses_back_to_itself(seconds):
    assert parse_duration(format_duration(seconds)) == seconds


@given(st.floats(min_value=10, max_value=1_000_000, allow_nan=False),
       st.sampled_from(["metric", "imperial"]), st.sampled_from(["run", "swim", "ride"]))
def test_every_formatted_distance_parses_back_to_itself(metres, units, sport):
    shown = format_distance(metres, units, sport)
    parsed = parse_distance(shown)
    assert format_distance(parsed, units, sport) == shown
    assert parsed == pytest.approx(metres, abs=10)  # display precision: 0.01 km / 0.01 mi / 1 m / 1 yd


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_every_formatted_date_parses_back_to_itself(day):
    assert parse_date(day.isoformat(), TODAY) == day


@given(st.text(max_size=40))
def test_random_text_raises_nothing_but_the_parse_error(text):
    for parse in (parse_distance, parse_duration, lambda t: parse_date(t, TODAY),
                  lambda t: parse_quick_add(t, TODAY)):
        with contextlib.suppress(ParseError):
            parse(text)


@given(st.sampled_from(["run", "swim", "write", "yoga", "ride"]),
       st.lists(st.sampled_from(["5k", "28:30", "yesterday", "#x", "3", "words", "650", "nov", "20", "ago",
                                 "1h", "5m", "last", "monday", ":", "Day", "1,500"]), max_size=6))
def test_random_phrases_raise_nothing_but_the_parse_error(kind, words):
    with contextlib.suppress(ParseError):
        parse_quick_add(" ".join([kind, *words]), TODAY)


# "last monday" means the same everywhere (README): the latest Monday before today, a week ago on a Monday;
# "monday" alone is the latest Monday, today included.
@pytest.mark.parametrize("offset", range(7))
@pytest.mark.parametrize("weekday", ["monday", "wednesday", "sunday"])
def test_last_weekday_is_the_latest_one_before_today_in_the_shell_and_in_quick_add(offset, weekday):
    from studylog.parsing import _WEEKDAYS

    today = date(2026, 11, 23) + timedelta(days=offset)  # Monday 23 Nov, then each day of that week
    target = _WEEKDAYS[weekday]
    back = (today.weekday() - target) % 7 or 7
    expected = today - timedelta(days=back)
    assert parse_date(f"last {weekday}", today) == expected
    assert parse_quick_add(f"run 5k 28:30 last {weekday}", today).day == expected
    assert parse_quick_add(f"swim 1500m 40min on last {weekday}", today).title is None
    plain = today - timedelta(days=(today.weekday() - target) % 7)
    assert parse_date(weekday, today) == plain and parse_date(f"on {weekday}", today) == plain


def test_last_monday_from_the_shell_uses_the_same_day(cli):
    import json

    # the cli fixture's today is Tuesday 24 November 2026
    assert json.loads(cli("log", "run", "5k", "28:30", "--date", "last monday", "--json").out)["day"] == "2026-11-23"
    assert json.loads(cli("log", "run", "5k", "28:30", "--date", "last tuesday", "--json").out)["day"] == "2026-11-17"


@pytest.mark.parametrize(("phrase", "title"), [
    ("run 5 km in 30 minutes", None),
    ("swim 1500m on monday", None),
    ("ride 40k for 1h20m", None),
    ("walk 3k at 35min", None),
    ("run 5k in 25:00 in the rain", "in the rain"),  # a title that begins with "in" keeps it
    ("write 500 words for the newsletter", "for the newsletter"),
    ("yoga for 45 min", None),
])
def test_little_words_joining_a_quantity_never_become_the_title(phrase, title):
    assert parse_quick_add(phrase, TODAY).title == title


def test_swims_in_lengths_of_a_pool():
    draft = parse_quick_add("swim 60 lengths 45min in a 25m pool", TODAY)
    assert (draft.distance_m, draft.pool_length_m, draft.title) == (1500, 25, None)
    assert parse_quick_add("swim 60 lengths 45min", TODAY, pool_m=25.0).distance_m == 1500
    assert parse_quick_add("swim 40 laps 30min of a 25 yd pool", TODAY).distance_m == pytest.approx(914.4)
    with pytest.raises(ParseError, match="'60 lengths' needs a pool length"):
        parse_quick_add("swim 60 lengths 45min", TODAY)
    with pytest.raises(ParseError, match="is it 60 m or 60 lengths"):
        parse_swim_distance("60", 25.0, 1.0, pool_typed=True)
    assert parse_swim_distance("60", 25.0, 1.0) == 60  # a usual pool alone: a bare number is still metres
    with pytest.raises(ParseError, match="pool length '300m' is not 5 to 100 m"):
        parse_pool("300m")
