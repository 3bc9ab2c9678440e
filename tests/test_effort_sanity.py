"""Records survive bad data: best efforts come from the track after its glitches are left out, and no
stored effort is longer than its workout, faster than anyone goes, or faster than a shorter one.

Each defect a tester saw is rebuilt here from a small file (GPX, TCX, FIT) and checked the way a person
would see it: the records and "firsts" the app shows after the import.
"""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

import pytest
from garmin_fit_sdk import Encoder, Profile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studylog.domain.values import Effort, ImportedWorkout, NewWorkout
from studylog.io.common import FileRejected
from studylog.io.fit import parse_fit
from studylog.io.gpx import parse_gpx
from studylog.io.strava import parse_strava
from studylog.io.tcx import parse_tcx
from studylog.io.workouts import (
    EFFORT_SLACK_M,
    EFFORT_SLACK_RATIO,
    EFFORT_SLACK_S,
    MARATHON,
    MILE,
    TrackPoint,
    clean_track,
    sane_efforts,
    stored_efforts,
)
from studylog.limits import SPORT_LIMITS, record_speed
from studylog.services import workouts

FIXTURES = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures"
T0 = datetime(2024, 5, 4, 7, 30, tzinfo=UTC)
EARTH = 6378.137 * 1000
METRE = 1 / (2 * math.pi * EARTH / 360)  # degrees of latitude per metre, as gpxpy measures
MESG = Profile["mesg_num"]
SEMICIRCLE = 2**31 / 180


# ------------------------------------------------------------------------------------------- the invariant

def assert_sane(sport: str, distance_m: float | None, duration_s: float | None, efforts) -> None:
    """Invariant 3, as a person reading the records would state it."""
    efforts = sorted(efforts, key=lambda e: e.distance_m)
    for e in efforts:
        assert distance_m, f"an effort ({e}) on a workout without a distance"
        assert e.distance_m <= distance_m * (1 + EFFORT_SLACK_RATIO) + EFFORT_SLACK_M, (e, distance_m)
        if duration_s:
            assert e.duration_s <= duration_s * (1 + EFFORT_SLACK_RATIO) + EFFORT_SLACK_S, (e, duration_s)
        assert e.duration_s > 0
        fastest = record_speed(sport, e.distance_m)
        assert fastest is None or e.distance_m / e.duration_s <= fastest, (e, fastest)
    for short, long_ in zip(efforts, efforts[1:], strict=False):
        assert long_.duration_s > short.duration_s, f"{long_} is faster than {short}"


def labels(found) -> dict[str, float]:
    return {e.label: e.duration_s for e in found}


def store(conn, clock, item: ImportedWorkout, name: str = "file") -> None:
    summary = workouts.import_workouts(conn, name, [(name, None, item)], [], now=clock.now())
    assert summary.added == 1, summary


# ------------------------------------------------------------------------------------------------- GPX

def trkpt(metres: float, at: datetime | None, *, east: float = 0.0) -> str:
    """A point ``metres`` north (and ``east`` metres east) of 46°N 13°E."""
    lon = 13 + east * METRE / math.cos(math.radians(46))
    when = f"<time>{at.isoformat().replace('+00:00', 'Z')}</time>" if at else ""
    return f'<trkpt lat="{46 + metres * METRE:.10f}" lon="{lon:.10f}">{when}</trkpt>\n'


def gpx(*points: str, kind: str = "running") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="t" '
            f'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>{kind}</type><trkseg>\n'
            f"{''.join(points)}</trkseg></trk></gpx>\n").encode()


def steady(metres: float, seconds: float, every: float = 5.0, *, start_m: float = 0.0,
           start: datetime = T0) -> list[tuple[datetime, float]]:
    """(time, metres) every ``every`` seconds at an even pace."""
    n = round(seconds / every)
    return [(start + timedelta(seconds=i * every), start_m + metres * i / n) for i in range(n + 1)]


def read_gpx(data: bytes) -> ImportedWorkout:
    ((_, item),) = parse_gpx(data, "run.gpx").items
    return item


def test_a_gpx_point_that_jumps_2_km_away_and_back_is_left_out(conn, clock):
    # 5 km at 5:00/km, a point every 5 s; one point, 2 km east of the track, a second after the one before.
    track = steady(5000, 1500)
    points = [trkpt(m, t) for t, m in track]
    spike_at = 100
    t_spike = track[spike_at][0] + timedelta(seconds=1)
    points.insert(spike_at + 1, trkpt(track[spike_at][1], t_spike, east=2000))
    item = read_gpx(gpx(*points))
    assert item.workout.distance_m == pytest.approx(5000, abs=1)  # not 9 km: the spike adds nothing
    found = {e.distance_m: e.duration_s for e in item.efforts}
    assert found[1000.0] == pytest.approx(300, abs=1)  # was "1 km 0:00"
    assert found[5000.0] == pytest.approx(1500, abs=1)
    assert any("1 track point" in note and "left out" in note for note in item.notes)
    store(conn, clock, item)
    assert labels(workouts.records(conn, "run").best_efforts) == pytest.approx(
        {"1 km": 300, "1 mile": MILE * 0.3, "5 km": 1500}, abs=1)


def test_duplicate_time_stamps_never_make_a_mile_faster_than_a_kilometre(conn, clock):
    # The first two points share a time stamp but are 1,200 m apart, then 5 km at 5:00/km.
    track = steady(5000, 1500, start_m=1200)
    points = [trkpt(0, T0)] + [trkpt(m, t) for t, m in track]
    item = read_gpx(gpx(*points))
    assert_sane("run", item.workout.distance_m, item.workout.duration_s, item.efforts)
    found = {e.distance_m: e.duration_s for e in item.efforts}
    assert found[MILE] == pytest.approx(MILE * 0.3, abs=1) and found[1000.0] == pytest.approx(300, abs=1)
    assert item.workout.distance_m == pytest.approx(5000, abs=1)
    store(conn, clock, item)
    best = labels(workouts.records(conn, "run").best_efforts)
    assert best["1 mile"] > best["1 km"]


def test_duplicate_time_stamps_in_the_middle_of_a_track():
    track = steady(6000, 1800, every=10)
    points = [trkpt(m, t) for t, m in track]
    # Each of ten points is written twice: once where it is, once 300 m further on at the same instant.
    for i in range(10, 100, 9):
        t, m = track[i]
        points.insert(points.index(trkpt(m, t)) + 1, trkpt(m + 300, t))
    item = read_gpx(gpx(*points))
    assert_sane("run", item.workout.distance_m, item.workout.duration_s, item.efforts)
    assert {e.distance_m: round(e.duration_s) for e in item.efforts} == {1000.0: 300, MILE: 483, 5000.0: 1500}
    assert item.workout.distance_m == pytest.approx(6000, abs=1)


def test_a_gpx_track_that_starts_with_a_glitch_keeps_the_rest():
    """The watch's first fix was 3 km away: the run after it is kept, the jump is not distance."""
    track = steady(3000, 900)
    points = [trkpt(0, T0 - timedelta(seconds=5), east=3000)] + [trkpt(m, t) for t, m in track]
    item = read_gpx(gpx(*points))
    assert item.workout.distance_m == pytest.approx(3000, abs=1)
    assert {e.distance_m: round(e.duration_s) for e in item.efforts} == {1000.0: 300, MILE: 483}


# ------------------------------------------------------------------------------------------------- TCX

TCD = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"


def tcx(points: list[tuple[datetime, float, float | None]], *, lap_distance: float | None,
        seconds: float, positions: bool = True) -> bytes:
    """One running activity, one lap: (time, DistanceMeters, metres north for the position) per point."""
    trackpoints = []
    for at, stream, north in points:
        where = (f"<Position><LatitudeDegrees>{46 + north * METRE:.9f}</LatitudeDegrees>"
                 f"<LongitudeDegrees>13</LongitudeDegrees></Position>") if positions and north is not None else ""
        trackpoints.append(f"<Trackpoint><Time>{at:%Y-%m-%dT%H:%M:%SZ}</Time>{where}"
                           f"<DistanceMeters>{stream}</DistanceMeters></Trackpoint>\n")
    lap_fields = f"<TotalTimeSeconds>{seconds}</TotalTimeSeconds>"
    lap_fields += f"<DistanceMeters>{lap_distance}</DistanceMeters>" if lap_distance is not None else ""
    return (f'<?xml version="1.0"?>\n<TrainingCenterDatabase xmlns="{TCD}"><Activities>'
            f'<Activity Sport="Running"><Id>{T0:%Y-%m-%dT%H:%M:%SZ}</Id>'
            f'<Lap StartTime="{T0:%Y-%m-%dT%H:%M:%SZ}">{lap_fields}<Track>\n{"".join(trackpoints)}</Track></Lap>'
            f"</Activity></Activities></TrainingCenterDatabase>\n").encode()


def read_tcx(data: bytes) -> ImportedWorkout:
    parsed = parse_tcx(data, "run.tcx")
    assert parsed.skipped == ()
    ((_, item),) = parsed.items
    return item


@pytest.mark.parametrize("positions", [True, False])
def test_a_distance_stream_that_spikes_and_comes_back_adds_nothing(positions):
    points = [(t, m, m) for t, m in steady(5000, 1500)]
    at, stream, north = points[150]
    points[150] = (at, stream + 90_000, north)
    for lap_distance in (5000.0, None):  # the lap's total, else the track's
        item = read_tcx(tcx(points, lap_distance=lap_distance, seconds=1500, positions=positions))
        assert item.workout.distance_m == pytest.approx(5000, abs=20)
        assert {e.distance_m: round(e.duration_s) for e in item.efforts} == {1000.0: 300, MILE: 483, 5000.0: 1500}


@pytest.mark.parametrize("positions", [True, False])
def test_a_distance_stream_that_jumps_for_good_does_not_add_the_jump(positions):
    points = [(t, m + (40_000 if i >= 150 else 0), m) for i, (t, m) in enumerate(steady(5000, 1500))]
    item = read_tcx(tcx(points, lap_distance=None, seconds=1500, positions=positions))
    # The positions measure the jump's step; without them the step is lost (a few metres, never the jump).
    assert item.workout.distance_m == pytest.approx(5000, abs=20)
    assert_sane("run", item.workout.distance_m, item.workout.duration_s, item.efforts)
    assert MARATHON not in {e.distance_m for e in item.efforts}
    assert {e.distance_m: e.duration_s for e in item.efforts}[1000.0] == pytest.approx(300, abs=3)


def test_a_stream_that_disagrees_badly_with_the_positions_gives_way_to_them():
    # Every 20th step the stream says 30 m more than the runner moved (9 m/s: possible, but not so).
    points, extra = [], 0.0
    for i, (t, m) in enumerate(steady(3000, 900)):
        extra += 30 if i % 20 == 10 else 0
        points.append((t, m + extra, m))
    item = read_tcx(tcx(points, lap_distance=None, seconds=900))
    assert item.workout.distance_m == pytest.approx(3000, abs=15)
    assert {e.distance_m: round(e.duration_s) for e in item.efforts} == {1000.0: 300, MILE: 483}


def _shifted(match: re.Match, offset: int) -> tuple[int, int]:
    return match.start(1) + offset, match.end(1) + offset


def _real_tcx() -> bytes:
    folder = FIXTURES / "tcx"
    if not folder.is_dir():
        pytest.skip(f"shared fixtures not found at {folder}")
    # python-tcxparser's tests/files/test.tcx (BSD-2-Clause): read at run time, never copied in.
    return (folder / "tcxparser__test.tcx").read_bytes()


@pytest.mark.parametrize(("which", "value"), [(5, "99999.0"), (100, "99999.0"), (200, "1e6"), (300, "45000"),
                                              (382, "99999.0"), (150, "0.0")])
def test_the_real_tcx_with_one_distance_changed_gives_the_same_records(cli, tmp_path, which, value):
    data = _real_tcx()
    # the DistanceMeters of the track points (not the laps' totals)
    stream = [_shifted(m, point.start()) for point in re.finditer(rb"<Trackpoint>.*?</Trackpoint>", data, re.S)
              for m in re.finditer(rb"<DistanceMeters>([^<]+)</DistanceMeters>", point.group())]
    assert len(stream) == 383
    target = stream[which]
    broken = data[:target[0]] + value.encode() + data[target[1]:]
    clean, bad = read_tcx(data), read_tcx(broken)
    assert bad.workout == clean.workout  # 4.69 km in 33:13
    assert 4600 < bad.workout.distance_m < 4800
    assert_sane("run", bad.workout.distance_m, bad.workout.duration_s, bad.efforts)
    assert {e.distance_m for e in bad.efforts} == {1000.0, MILE}  # was: every distance up to a marathon
    for good, got in zip(clean.efforts, bad.efforts, strict=True):
        assert got.duration_s == pytest.approx(good.duration_s, abs=3)

    path = tmp_path / "test.tcx"
    path.write_bytes(broken)
    assert cli("import", "tcx", str(path), "--json").status == 0
    shown = json.loads(cli("records", "--json").out)
    efforts = {e["label"]: e["duration_s"] for e in shown["best_efforts"]}
    assert set(efforts) == {"1 km", "1 mile"}  # no "marathon 0:23" on a 4.69 km run
    assert efforts["1 km"] > 200 and efforts["1 mile"] > efforts["1 km"]


# ------------------------------------------------------------------------------------------------- FIT

def fit(total_m: float, seconds: float, records: list[tuple[float, float, float | None]]) -> bytes:
    """A FIT run: ``records`` are (seconds after T0, distance field, metres north or None)."""
    encoder = Encoder()
    encoder.write_mesg({"mesg_num": MESG["FILE_ID"], "type": "activity", "manufacturer": "garmin",
                        "time_created": T0, "serial_number": 1234})
    for at, distance, north in records:
        message = {"mesg_num": MESG["RECORD"], "timestamp": T0 + timedelta(seconds=at), "distance": distance}
        if north is not None:
            message["position_lat"] = round((46 + north * METRE) * SEMICIRCLE)
            message["position_long"] = round(13 * SEMICIRCLE)
        encoder.write_mesg(message)
    encoder.write_mesg({"mesg_num": MESG["SESSION"], "start_time": T0, "timestamp": T0 + timedelta(seconds=seconds),
                        "sport": "running", "total_distance": total_m, "total_timer_time": seconds,
                        "total_elapsed_time": seconds})
    return bytes(encoder.close())


def read_fit(data: bytes) -> ImportedWorkout:
    parsed = parse_fit(data, "run.fit")
    assert parsed.skipped == ()
    ((_, item),) = parsed.items
    return item


def ten_k(positions: bool = False) -> list[tuple[float, float, float | None]]:
    """10 km in 50 minutes, a record every 5 s."""
    return [((t - T0).total_seconds(), m, m if positions else None) for t, m in steady(10_000, 3000)]


@pytest.mark.parametrize("positions", [False, True])
def test_a_fit_distance_spike_makes_no_first_marathon(conn, clock, positions):
    records = ten_k(positions)
    at, distance, north = records[300]
    records[300] = (at, distance + 60_000, north)  # one record says 65 km
    item = read_fit(fit(10_000, 3000, records))
    assert_sane("run", item.workout.distance_m, item.workout.duration_s, item.efforts)
    assert {e.distance_m: round(e.duration_s) for e in item.efforts} == {
        1000.0: 300, MILE: 483, 5000.0: 1500, 10_000.0: 3000}
    store(conn, clock, item)
    firsts = labels(workouts.firsts(conn, "run"))
    assert "marathon" not in firsts and "half marathon" not in firsts  # was "First marathon: 0:10"
    assert firsts["10 km"] == pytest.approx(3000, abs=1)


def test_a_fit_distance_that_jumps_for_good_does_not_add_the_jump():
    records = [(at, d + (25_000 if i > 200 else 0), north) for i, (at, d, north) in enumerate(ten_k())]
    item = read_fit(fit(10_000, 3000, records))
    assert_sane("run", item.workout.distance_m, item.workout.duration_s, item.efforts)
    found = {e.distance_m: e.duration_s for e in item.efforts}
    # the record at the jump is lost (its 17 m with it): the track is a little short of 10 km
    assert set(found) == {1000.0, MILE, 5000.0}
    assert found[1000.0] == pytest.approx(300, abs=1) and found[5000.0] == pytest.approx(1500, abs=6)


def test_fit_duplicate_records_at_one_instant():
    records = ten_k()
    records[200:200] = [(records[199][0], records[199][1] + 900, None)]
    item = read_fit(fit(10_000, 3000, records))
    assert_sane("run", item.workout.distance_m, item.workout.duration_s, item.efforts)
    assert {e.distance_m: round(e.duration_s) for e in item.efforts}[1000.0] == 300


# ------------------------------------------------------------------------------------------ the rules

def test_efforts_longer_or_slower_than_their_workout_are_left_out():
    found = sane_efforts("run", 4690, 1993, [Effort(1000, 250), Effort(MILE, 420), Effort(5000, 1300),
                                             Effort(MARATHON, 23)])
    assert found == (Effort(1000, 250), Effort(MILE, 420))
    # a little slack: a watch's 4.99 km still holds a 5 km effort
    assert sane_efforts("run", 4990, 1600, [Effort(5000, 1500)]) == (Effort(5000, 1500),)
    assert sane_efforts("run", 5000, 1400, [Effort(5000, 1500)]) == ()  # longer than the workout took
    assert sane_efforts("run", None, 1400, [Effort(1000, 300)]) == ()  # no distance: no stretch of it


def test_efforts_faster_than_anyone_are_left_out():
    assert sane_efforts("run", 10_000, 3000, [Effort(1000, 100), Effort(5000, 1300)]) == (Effort(5000, 1300),)
    assert sane_efforts("swim", 1500, 1800, [Effort(100, 30), Effort(400, 300)]) == (Effort(400, 300),)
    assert sane_efforts("ride", 50_000, 6000, [Effort(10_000, 300), Effort(40_000, 4000)]) == (
        Effort(40_000, 4000),)


def test_a_longer_effort_faster_than_a_shorter_one_is_the_one_left_out():
    # the mile is faster than the kilometre: the mile goes (and the 5 km, which is fine, stays)
    assert sane_efforts("run", 6000, 1900, [Effort(1000, 300), Effort(MILE, 280), Effort(5000, 1500)]) == (
        Effort(1000, 300), Effort(5000, 1500))
    # not faster, but 609 m in 10 s more: impossible too (12.5 m/s at most for the difference)
    assert sane_efforts("run", 6000, 1900, [Effort(1000, 300), Effort(MILE, 310)]) == (Effort(1000, 300),)
    # of two at one distance the faster is the best effort
    assert sane_efforts("run", 6000, 1900, [Effort(1000, 320), Effort(1000, 300)]) == (Effort(1000, 300),)


def test_a_track_effort_wins_over_the_whole_workout_at_its_average_pace():
    # 21.1 km at 6:00/km with a fast mile in it; the track's 1 km was lost: the whole workout's 1 km
    # (6:00) would contradict the 4:00/km mile, so it is not stored.
    stored = stored_efforts("run", 21_100, 7596, [Effort(MILE, 386), Effort(5000, 1500)])
    assert [(e.distance_m, track) for e, track in stored] == [
        (MILE, True), (5000.0, True), (10_000.0, False), (21_097.5, False)]


def test_clean_track_drops_spikes_duplicates_and_backwards_points():
    points = [TrackPoint(0, 0), TrackPoint(10, 30), TrackPoint(11, 2030), TrackPoint(20, 60),
              TrackPoint(20, 400), TrackPoint(15, 45), TrackPoint(30, 90)]
    track = clean_track("run", points)
    assert track.points == ((0, 0), (10, 30), (20, 60), (30, 90))
    assert (track.left_out, track.backwards, track.jumps) == (2, 1, 0)


# ------------------------------------------------------------------------------------------- editing

def test_editing_the_distance_or_time_drops_the_efforts_that_no_longer_fit(conn, clock):
    track = (Effort(1000, 240), Effort(MILE, 400), Effort(5000, 1300), Effort(10_000, 2700))
    run = workouts.add(conn, NewWorkout(sport="run", day=clock.today(), distance_m=10_500, duration_s=2900),
                       now=clock.now(), efforts=track)
    workouts.update(conn, run.id, {"distance_m": 6000.0}, now=clock.now())
    best = workouts.records(conn, "run").best_efforts
    assert [(e.label, e.duration_s, e.from_track) for e in best] == [
        ("1 km", 240, True), ("1 mile", 400, True), ("5 km", 1300, True)]  # no 10 km on a 6 km run
    workouts.update(conn, run.id, {"duration_s": 1000.0}, now=clock.now())
    best = workouts.records(conn, "run").best_efforts
    assert [(e.label, e.duration_s, e.from_track) for e in best] == [
        ("1 km", 240, True), ("1 mile", 400, True), ("5 km", pytest.approx(833.3, abs=0.1), False)]
    # a new distance the workout covers at its average pace is filled in again from the new numbers
    workouts.update(conn, run.id, {"distance_m": 5000.0, "duration_s": 1500.0}, now=clock.now())
    best = workouts.records(conn, "run").best_efforts
    assert [(e.label, e.duration_s, e.from_track) for e in best] == [
        ("1 km", 240, True), ("1 mile", 400, True), ("5 km", 1500, False)]


def test_a_workout_stored_with_impossible_efforts_keeps_only_the_possible_ones(conn, clock):
    efforts = (Effort(1000, 0.04), Effort(MILE, 0.06), Effort(5000, 1300), Effort(MARATHON, 1.7))
    workouts.add(conn, NewWorkout(sport="run", day=clock.today(), distance_m=6000, duration_s=1900),
                 now=clock.now(), efforts=efforts)
    best = workouts.records(conn, "run").best_efforts
    assert [(e.label, round(e.duration_s), e.from_track) for e in best] == [
        ("1 km", 317, False), ("1 mile", 510, False), ("5 km", 1300, True)]


def test_a_strava_row_keeps_only_the_file_efforts_that_fit_its_numbers():
    track = steady(5000, 1500)
    files = {"activities/1.gpx": gpx(*(trkpt(m, t) for t, m in track))}
    header = "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Moving Time,Filename\n"
    row = "1,\"May 4, 2024, 7:30:00 AM\",Run,Run,1200,3.00,1200,activities/1.gpx\n"
    parsed = parse_strava((header + row).encode(), "activities.csv", read=files.get)
    ((_, item),) = parsed.items
    assert (item.workout.distance_m, item.workout.duration_s) == (3000.0, 1200.0)
    assert_sane("run", 3000.0, 1200.0, item.efforts)
    assert 5000.0 not in {e.distance_m for e in item.efforts}


# ---------------------------------------------------------------------------------------------- properties

class Glitchy(NamedTuple):
    points: list[tuple[float, float, float]]  # (seconds, metres north, metres east)
    distance: float  # what the runner covered
    glitches: int
    every: float  # seconds between points
    seconds: float  # how long the run took


@st.composite
def glitchy_tracks(draw) -> Glitchy:
    """A steady run with a few spikes, duplicate and backward time stamps, and jumps."""
    n = draw(st.integers(min_value=20, max_value=160))
    pace = draw(st.floats(min_value=160, max_value=600))  # s/km
    every = draw(st.sampled_from([1.0, 3.0, 5.0, 10.0]))
    points = [(i * every, i * every * 1000 / pace, 0.0) for i in range(n)]
    glitches = draw(st.integers(min_value=0, max_value=n // 5))
    for _ in range(glitches):
        i = draw(st.integers(min_value=0, max_value=len(points) - 1))
        t, north, east = points[i]
        kind = draw(st.sampled_from(["spike", "duplicate", "backwards", "jump"]))
        far = draw(st.floats(min_value=50, max_value=30_000))
        if kind == "spike":
            points.insert(i + 1, (t + draw(st.floats(min_value=0, max_value=every)), north, east + far))
        elif kind == "duplicate":
            points.insert(i + 1, (t, north + far, east))
        elif kind == "backwards":
            points.insert(i + 1, (t - draw(st.floats(min_value=1, max_value=600)), north + far, east))
        else:
            points[i:] = [(pt, pn, pe + far) for pt, pn, pe in points[i:]]
    return Glitchy(points, (n - 1) * every * 1000 / pace, glitches, every, (n - 1) * every)


def _gpx_of(points: list[tuple[float, float, float]]) -> bytes:
    return gpx(*(trkpt(north, T0 + timedelta(seconds=t), east=east) for t, north, east in points))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(glitchy_tracks())
def test_any_glitchy_gpx_track_imports_with_sane_efforts(track):
    """A run with a few glitches is imported, its distance is what was run give or take what a glitch could
    add at the sport's top speed (a small jump looks like running), and its efforts are sane. It may be
    refused as too fast only when what the glitches could add makes it so."""
    most = track.distance + track.glitches * 2 * SPORT_LIMITS["run"].top_speed * track.every + 1
    try:
        ((_, item),) = parse_gpx(_gpx_of(track.points), "glitchy.gpx").items
    except FileRejected as refused:
        assert "was not imported: a run of" in str(refused)
        assert most / track.seconds > record_speed("run", most)  # refused only if the glitches could make it so
        return
    workout = item.workout
    assert_sane(workout.sport, workout.distance_m, workout.duration_s, item.efforts)
    assert workout.distance_m <= most


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(glitchy_tracks(), st.booleans())
def test_any_glitchy_fit_distance_stream_gives_sane_efforts(track, positioned):
    points = track.points
    records = [(float(int(t)), north + east, north if positioned else None) for t, north, east in points if t >= 0]
    records.sort(key=lambda r: r[0])
    if len(records) < 2:
        return
    total = max(records[-1][1], 1.0)
    seconds = max(records[-1][0], 1.0)
    if total / seconds > 6.0:  # a session the importer refuses anyway
        return
    parsed = parse_fit(fit(total, seconds, records), "glitchy.fit")
    for _, item in parsed.items:
        assert_sane("run", item.workout.distance_m, item.workout.duration_s, item.efforts)


EFFORTS = st.lists(st.builds(Effort, st.sampled_from([100.0, 400.0, 1000.0, MILE, 1500.0, 5000.0, 10_000.0,
                                                      21_097.5, MARATHON, 100_000.0]),
                             st.one_of(st.floats(min_value=-10, max_value=40_000), st.just(math.nan), st.just(math.inf))),
                   max_size=12)


@given(st.sampled_from(["run", "walk", "hike", "swim", "ride"]),
       st.one_of(st.none(), st.floats(min_value=0, max_value=200_000)),
       st.one_of(st.none(), st.floats(min_value=0, max_value=50_000)), EFFORTS)
def test_whatever_efforts_come_in_what_is_kept_is_sane(sport, distance, duration, efforts):
    kept = sane_efforts(sport, distance, duration, efforts)
    assert_sane(sport, distance, duration, kept)
    assert set(kept) <= set(efforts)
    stored = stored_efforts(sport, distance, duration, efforts)
    assert_sane(sport, distance, duration, [e for e, _ in stored])
    assert [e for e, track in stored if track] == list(kept)  # a track effort is never dropped for an average


# ------------------------------------------------------------------------------- the same run twice

def _row(km: float, seconds: float | None, **fields) -> ImportedWorkout:
    return ImportedWorkout(NewWorkout(sport="run", day=T0.date(), start_time=T0.time(), distance_m=km * 1000,
                                      duration_s=seconds, source="strava", source_id="42", **fields))


def test_a_file_of_a_run_already_stored_adds_only_efforts_that_fit_the_stored_run(conn, clock):
    store(conn, clock, _row(4.8, 1450), "activities.csv")  # the watch said 4.8 km; its GPS track, 5 km
    item = read_gpx(gpx(*(trkpt(m, t) for t, m in steady(5000, 1500))))
    summary = workouts.import_workouts(conn, "run.gpx", [("run.gpx", None, item)], [], now=clock.now())
    assert (summary.added, summary.already, summary.updated) == (0, 1, 1)
    best = workouts.records(conn, "run").best_efforts
    assert [(e.label, round(e.duration_s), e.from_track) for e in best] == [("1 km", 300, True),
                                                                            ("1 mile", 483, True)]


def test_a_time_filled_in_from_a_file_gives_the_run_its_efforts(conn, clock):
    store(conn, clock, _row(5.0, None), "activities.csv")
    assert workouts.records(conn, "run").best_efforts == ()
    file = ImportedWorkout(NewWorkout(sport="run", day=T0.date(), start_time=T0.time(), distance_m=5000,
                                      duration_s=1500, source="fit", source_id="7"))
    summary = workouts.import_workouts(conn, "run.fit", [("run.fit", None, file)], [], now=clock.now())
    assert summary.updated == 1
    assert labels(workouts.records(conn, "run").best_efforts) == pytest.approx(
        {"1 km": 300, "1 mile": MILE * 0.3, "5 km": 1500})


# ------------------------------------------------------------------------------------------ the upgrade

def test_the_upgrade_to_0005_removes_efforts_no_one_could_have_run(tmp_path, clock):
    from studylog.db import migrate
    from studylog.db.files import HEAD_REVISION
    from studylog.db.sqlite import connect

    path = tmp_path / "old" / "studylog.db"
    migrate.upgrade(path, clock, target="0004")
    ts = "2026-11-01 06:00:00.000000"
    conn = connect(path)
    try:
        conn.execute("INSERT INTO workout (id, sport, day, distance_m, duration_s, tags, source, created_at, "
                     "updated_at) VALUES (1, 'run', '2026-10-01', 4690, 1500, '[]', 'tcx', ?, ?)", (ts, ts))
        conn.executemany("INSERT INTO workout_effort VALUES (1, ?, ?, ?)", [
            (1000.0, 290.0, 1), (1609.344, 470.0, 1),
            (42195.0, 1380.0, 1),  # "marathon 0:23" on a 4.69 km run
            (5000.0, 1.0, 1),  # longer than the workout, and impossibly fast
        ])
        conn.execute("INSERT INTO workout (id, sport, day, distance_m, duration_s, tags, source, created_at, "
                     "updated_at) VALUES (2, 'run', '2026-10-02', 10000, 3000, '[]', 'gpx', ?, ?)", (ts, ts))
        conn.executemany("INSERT INTO workout_effort VALUES (2, ?, ?, ?)", [
            (1000.0, 0.5, 1),  # "1 km 0:00"
            (1609.344, 420.0, 1), (5000.0, 1450.0, 1), (10000.0, 3000.0, 1)])
    finally:
        conn.close()
    assert migrate.upgrade(path, clock).to_revision == HEAD_REVISION
    conn = connect(path)
    try:
        kept = {(w, d): (t, bool(f)) for w, d, t, f in conn.execute("SELECT * FROM workout_effort")}
    finally:
        conn.close()
    assert kept == {
        (1, 1000.0): (290.0, True), (1, 1609.344): (470.0, True),
        # the 1 km effort was a glitch: the whole run's pace stands in (the mile, 7:00, still holds it up)
        (2, 1000.0): (300.0, False), (2, 1609.344): (420.0, True), (2, 5000.0): (1450.0, True),
        (2, 10000.0): (3000.0, True),
    }
