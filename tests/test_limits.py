"""Plausible or refused (issue 11.2): what no person could have logged is refused in one line saying what
was read and why, exit status 2, and nothing is stored; the same table of limits for typed entries and
every importer."""

from __future__ import annotations

import json

import pytest

from studylog.limits import SPORT_LIMITS, record_speed, workout_problem


@pytest.mark.parametrize(("args", "said"), [
    (("log", "run", "500k", "2:30:00"), "a run of 500.00 km, longer than anyone goes in one session"),
    (("log", "run", "5k", "2:30"), "a run of 5.00 km in 2:30 (0:30 /km), faster than anyone runs 5.00 km"),
    (("log", "run", "10000k", "1:00"), "a run of 10,000.00 km, longer than anyone goes"),
    (("log", "swim", "1500m", "1min"), "a swim of 1,500 m in 1:00 (0:04 /100m), faster than anyone swims"),
    (("log", "ride", "100k", "30min"), "a ride of 100.00 km in 30:00 (200.0 km/h), faster than anyone rides"),
    (("log", "run", "5k", "28:30", "--date", "tomorrow"), "2026-11-25 is after today (2026-11-24)"),
    (("log", "run", "5k", "28:30", "--date", "1960-05-01"), "1960-05-01 is before 1970-01-01"),
    (("log", "write", "--words", "99999999999999999999999"), "word count 99999999999999999999999 is out of range"),
    (("log", "write", "--words", "²"), "can't read word count '²'"),
    (("log", "write", "--words", "500001"), "word count 500001 is out of range: give 0 to 500,000"),
    (("log", "run", "5k", "28:30", "--hr", "300"), "heart rate 300 is out of range: give 20 to 250"),
    (("log", "swim", "60", "45min", "--pool", "25m"), "is it 60 m or 60 lengths?"),
    (("log", "swim", "60 lengths", "45min"), "'60 lengths' needs a pool length"),
    (("log", "swim", "1500m", "40min", "--pool", "300m"), "pool length '300m' is not 5 to 100 m"),
    (("log", "yoga", "0.0001"), "less than a second"),
    (("review", "week", "0001-01-01"), "week '0001-01-01' is outside 1900-2100"),
    (("review", "year", "99999"), "can't read year '99999': try 2026"),
    (("review", "year", "1850"), "year '1850' is outside 1900-2100"),
    (("list", "writing", "--limit", "99999999999"), "limit 99999999999 is out of range"),
    (("delete", "writing", "99999999999999999999999"), "is out of range"),
    (("goal", "add", "yoga 25h per day"), "cannot be reached in a day (at most 24 hours)"),
])
def test_what_no_one_could_have_logged_is_refused_in_one_line_and_nothing_is_stored(cli, args, said):
    result = cli(*args)
    assert result.status == 2, result
    assert result.err.count("\n") == 1 and said in result.err, result.err
    assert "Traceback" not in result.err
    assert json.loads(cli("list", "workouts", "--json").out) == []
    assert json.loads(cli("list", "writing", "--json").out) == []


def test_a_plausible_workout_at_the_edge_is_kept(cli):
    # a 10 km in 27:30 (world-class, 6.06 m/s) is possible; the table's margin lets it in
    assert cli("log", "run", "10k", "27:30").status == 0
    assert cli("log", "run", "400m", "55s").status == 0  # a sprinter's lap
    assert cli("log", "swim", "100m", "58s").status == 0


@pytest.mark.parametrize("sport", [s for s, limits in SPORT_LIMITS.items() if limits.record_speeds])
def test_the_record_envelope_never_gets_faster_for_a_longer_distance(sport):
    distances = [50 * 1.1 ** n for n in range(120)]
    speeds = [record_speed(sport, d) for d in distances]
    assert all(a >= b - 1e-9 for a, b in zip(speeds, speeds[1:], strict=False))


def test_one_table_for_typed_entries_and_importers():
    """The importers ask studylog.limits too (io.workouts.implausible is workout_problem)."""
    from studylog.io.workouts import implausible

    for args in (("run", 5000.0, 150.0), ("swim", 1500.0, 60.0), ("run", 350_001.0, 100_000.0),
                 ("yoga", 5000.0, 3600.0), ("ride", 40_000.0, 3600.0)):
        assert implausible(*args) == workout_problem(*args)
