"""Workouts from files, records and progress in words: recognised twice, fastest stretches, sentences."""

from __future__ import annotations

import json
from datetime import date, time, timedelta

import pytest

from studylog.domain.values import Effort, ImportedWorkout, NewWorkout, RecordEntry
from studylog.io.workouts import MILE, best_efforts, implausible, moving_track, sport_from
from studylog.reports.progress import sentences
from studylog.services import workouts

TODAY = date(2026, 11, 24)


def _run(day, km, seconds, *, start=time(7, 0), source="gpx", source_id=None, efforts=(), notes=()):
    return ImportedWorkout(NewWorkout(sport="run", day=day, start_time=start, distance_m=km * 1000,
                                      duration_s=seconds, source=source, source_id=source_id), efforts, notes)


# ------------------------------------------------------------------------------------------ the pieces

def test_best_effort_is_the_fastest_stretch_not_the_average():
    # 3 km at 5:00/km, then 1 km at 4:00/km, then 1 km at 6:00/km: the fastest km is 4:00.
    times, dists, t, d = [], [], 0.0, 0.0
    for pace, km in ((300, 3), (240, 1), (360, 1)):
        for _ in range(km * 10):
            times.append(t)
            dists.append(d)
            t += pace / 10
            d += 100
    times.append(t)
    dists.append(d)
    efforts = dict(best_efforts(times, dists, [1000, MILE, 5000, 10000]))
    assert efforts[1000] == pytest.approx(240, abs=0.5)
    assert efforts[5000] == pytest.approx(t, abs=0.5)
    assert 10000 not in efforts


def test_pauses_between_segments_are_not_moving_time():
    times, dists = moving_track([[(0, 0), (600, 2000)], [(3600, 0), (4200, 2000)]])
    assert times[-1] == 1200 and dists[-1] == 4000


@pytest.mark.parametrize(("sport", "metres", "seconds", "reason"), [
    ("run", 400_000, 48_000, "400.00 km, longer than anyone"), ("run", 10_000, 1200, "2:00 /km"), ("run", -5, 100, "negative"),
    ("swim", 5000, 600, "0:12 /100m), faster than anyone swims 5,000 m"),
])
def test_implausible_numbers_are_named(sport, metres, seconds, reason):
    assert reason in implausible(sport, metres, seconds)


def test_plausible_numbers_pass():
    assert implausible("run", 42195, 3 * 3600) is None and implausible("ride", 180_000, 6 * 3600) is None


@pytest.mark.parametrize(("text", "sport"), [("Running", "run"), ("9", "run"), ("1", "ride"), ("Virtual Ride", "ride"),
                                            ("Weight Training", "strength"), ("Surfing", None)])
def test_sport_names_and_stravas_old_codes(text, sport):
    assert sport_from(text) == sport


# ----------------------------------------------------------------------------------------- services

def test_importing_the_same_files_twice_adds_nothing(conn, clock):
    items = [("a.gpx", None, _run(TODAY, 5, 1500, source_id="abc")), ("b.gpx", None, _run(TODAY, 8, 2600,
                                                                                            start=time(18, 0),
                                                                                            source_id="def"))]
    first = workouts.import_workouts(conn, "2 files", items, [], now=clock.now())
    second = workouts.import_workouts(conn, "2 files", items, [], now=clock.now())
    assert (first.added, second.added, second.already) == (2, 0, 2)


def test_the_same_activity_from_strava_and_a_gpx_is_one_workout(conn, clock):
    csv_row = _run(TODAY, 10.0, 3000, start=time(7, 0, 0), source="strava", source_id="1472847905")
    track = (Effort(1000, 270.0), Effort(5000, 1450.0), Effort(10000, 2990.0))
    gpx = _run(TODAY, 10.2, 2995, start=time(7, 0, 40), source="gpx", source_id="ffff", efforts=track)
    workouts.import_workouts(conn, "activities.csv", [("activities.csv", 2, csv_row)], [], now=clock.now())
    summary = workouts.import_workouts(conn, "run.gpx", [("run.gpx", None, gpx)], [], now=clock.now())
    assert (summary.added, summary.already, summary.updated) == (0, 1, 1)
    assert workouts.count(conn) == 1
    found = workouts.records(conn, "run")
    best = {e.label: e for e in found.best_efforts}
    assert best["1 km"].duration_s == 270 and best["1 km"].from_track  # the track's efforts were added


def test_a_different_run_at_the_same_time_is_not_merged(conn, clock):
    workouts.import_workouts(conn, "x", [("a", None, _run(TODAY, 5, 1500, source_id="a"))], [], now=clock.now())
    other = workouts.import_workouts(conn, "x", [("b", None, _run(TODAY, 12, 3900, source_id="b"))], [],
                                     now=clock.now())
    assert other.added == 1


def test_implausible_workouts_and_notes_reach_the_summary(conn, clock):
    items = [("fast.gpx", None, _run(TODAY, 400, 48_000, source_id="x")),
             ("gpx.gpx", None, _run(TODAY, 5, 1500, source_id="y", notes=("no heart rate",)))]
    summary = workouts.import_workouts(conn, "2 files", items, [], now=clock.now())
    assert summary.added == 1
    assert summary.skipped[0].file == "fast.gpx" and "400.00 km" in summary.skipped[0].reason
    assert summary.notes[0].file == "gpx.gpx" and summary.notes[0].reason == "no heart rate"


def test_records_say_whether_they_come_from_a_track(conn, clock):
    workouts.add(conn, NewWorkout(sport="run", day=TODAY - timedelta(days=9), distance_m=5000, duration_s=1500),
                 now=clock.now())
    workouts.add(conn, NewWorkout(sport="run", day=TODAY - timedelta(days=2), distance_m=10000, duration_s=3100),
                 now=clock.now(), efforts=(Effort(5000, 1480.0),))
    found = workouts.records(conn, "run")
    best = {e.label: e for e in found.best_efforts}
    assert (best["5 km"].duration_s, best["5 km"].from_track) == (1480, True)
    assert (best["10 km"].duration_s, best["10 km"].from_track) == (3100, False)
    assert found.longest_distance.distance_m == 10000
    earlier = workouts.records(conn, "run", until=TODAY - timedelta(days=5))
    assert {e.label: e.duration_s for e in earlier.best_efforts}["5 km"] == 1500


def test_editing_a_manual_workout_updates_its_efforts(conn, clock):
    run = workouts.add(conn, NewWorkout(sport="run", day=TODAY, distance_m=5000, duration_s=1500), now=clock.now())
    workouts.update(conn, run.id, {"duration_s": 1400.0}, now=clock.now())
    assert {e.label: e.duration_s for e in workouts.records(conn, "run").best_efforts}["5 km"] == 1400


def test_weekly_totals(conn, clock):
    for n, km in ((0, 5), (1, 8), (8, 10)):
        workouts.add(conn, NewWorkout(sport="run", day=TODAY - timedelta(days=n), distance_m=km * 1000,
                                      duration_s=km * 330), now=clock.now())
    weeks = workouts.weekly_totals(conn, "run", since=TODAY - timedelta(days=30), until=TODAY)
    assert [(w.week_start, w.count, w.distance_m) for w in weeks] == [
        (date(2026, 11, 16), 1, 10000), (date(2026, 11, 23), 2, 13000)]


# ----------------------------------------------------------------------------------- progress in words

def test_progress_sentences_as_the_issue_writes_them():
    rows = []
    for week, longest in enumerate((5.0, 7.0, 9.0, 11.0, 13.0, 8.0, 8.0, 8.0)):
        monday = date(2026, 10, 5) + timedelta(weeks=week)
        rows += [(monday + timedelta(days=1), 5000.0, 1600.0), (monday + timedelta(days=5), longest * 1000, 4000.0)]
    firsts = [RecordEntry("half marathon", 21097.5, 7290.0, 9, date(2026, 10, 12), False),
              RecordEntry("5 km", 5000.0, 1500.0, 1, date(2025, 3, 1), False)]
    said = sentences("run", rows, firsts, today=TODAY, weeks=8)
    assert said == ["Longest run went from 5.0 km to 13.0 km in 4 weeks",
                    # this week's Saturday is still to come: it counts once it is run, not against the rest
                    "Ran 2 or more times in 7 of the last 7 weeks",
                    "First half marathon: 2:01:30 on 12 Oct"]


def test_swim_frequency_sentence():
    rows = []
    for week, times in enumerate((3, 3, 1, 3, 4, 3, 3, 0)):
        monday = date(2026, 10, 5) + timedelta(weeks=week)
        rows += [(monday + timedelta(days=d), 1500.0, 2400.0) for d in range(times)]
    said = sentences("swim", rows, [], today=TODAY, weeks=8)
    assert "Swam 3 or more times in 6 of the last 7 weeks" in said  # this week, just begun, counts when met
    rows += [(date(2026, 11, 23) + timedelta(days=d), 1500.0, 2400.0) for d in (0, 0, 1)]  # 3 by Tuesday
    assert "Swam 3 or more times in 7 of the last 8 weeks" in sentences("swim", rows, [], today=TODAY, weeks=8)


# ------------------------------------------------------------------------------------------------ CLI

def test_cli_records_and_progress(cli):
    cli("log", "run", "5k", "25:00", "--date", "10 days ago")
    cli("log", "run", "half marathon", "2:01:30", "--date", "3 days ago")
    out = cli("records").out
    assert "Run records" in out and "half marathon" in out and "2:01:30" in out and "whole: a whole workout" in out
    data = json.loads(cli("records", "--json").out)
    assert data["longest_distance"]["distance_m"] == 21097.5
    assert {e["label"] for e in data["best_efforts"]} >= {"1 km", "5 km", "half marathon"}
    progress = cli("progress", "--sport", "run").out
    assert "First half marathon: 2:01:30 on 21 Nov" in progress
    assert cli("progress", "--weeks", "0").status == 2


def test_cli_list_workouts_shows_pace_in_the_chosen_units(cli):
    cli("log", "run", "10k", "50:00")
    assert "5:00 /km" in cli("list", "workouts").out
    cli("config", "set", "units", "imperial")
    assert "8:03 /mi" in cli("list", "workouts").out


def test_the_dashboard_leads_with_firsts_then_growth(conn, clock):
    from studylog.services import dashboard

    for n, km in ((30, 8.0), (23, 12.0), (16, 16.0)):
        workouts.add(conn, NewWorkout(sport="run", day=TODAY - timedelta(days=n), distance_m=km * 1000,
                                      duration_s=km * 340), now=clock.now())
    workouts.add(conn, NewWorkout(sport="run", day=TODAY - timedelta(days=9), distance_m=21097.5,
                                  duration_s=7290), now=clock.now())
    data = dashboard.load(conn, TODAY)
    assert data.progress[0] == "First half marathon: 2:01:30 on 15 Nov"
    assert data.progress[1] == "Longest run went from 8.0 km to 21.1 km in 3 weeks"
