"""FIT files and Strava bulk exports read into workouts, as a user who imports them would check them.

FIT files are built here with Garmin's own encoder; no binary fixture is checked in.
"""

from __future__ import annotations

import csv
import gzip
import io
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from garmin_fit_sdk import CrcCalculator, Encoder, Profile
from hypothesis import given, settings
from hypothesis import strategies as st

from studylog.domain.values import Effort, ImportedWorkout, NewWorkout, Skipped
from studylog.io.common import FileRejected
from studylog.io.fit import parse_fit
from studylog.io.strava import parse_date, parse_strava
from studylog.io.workouts import MILE, whole_workout_efforts

FIXTURES = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures"
PLUS_TWO = timezone(timedelta(hours=2))
MESG = Profile["mesg_num"]
T0 = datetime(2024, 5, 1, 7, 0, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40)


# ------------------------------------------------------------------------------------------- FIT builders

def fit_file(*sessions: dict, records: list[tuple[float, float]] = (), serial: int | None = 3456789012,
             events: list[tuple[float, str]] = (), file_type: str = "activity") -> bytes:
    """A FIT file: file_id, timer events and records (seconds after T0, metres), then the sessions
    (field names as in the SDK's profile; times may be given as seconds after T0)."""
    encoder = Encoder()
    file_id = {"mesg_num": MESG["FILE_ID"], "type": file_type, "manufacturer": "garmin", "time_created": T0}
    if serial is not None:
        file_id["serial_number"] = serial
    encoder.write_mesg(file_id)
    timeline = [(s, 0, {"mesg_num": MESG["EVENT"], "timestamp": T0 + timedelta(seconds=s), "event": "timer",
                        "event_type": kind}) for s, kind in events]
    timeline += [(s, 1, {"mesg_num": MESG["RECORD"], "timestamp": T0 + timedelta(seconds=s), "distance": d,
                         "heart_rate": 150}) for s, d in records]
    for _, _, message in sorted(timeline, key=lambda item: item[:2]):
        encoder.write_mesg(message)
    for session in sessions:
        message = {"mesg_num": MESG["SESSION"]}
        for key, value in session.items():
            at = key in ("start_time", "timestamp") and isinstance(value, (int, float))
            message[key] = T0 + timedelta(seconds=value) if at else value
        encoder.write_mesg(message)
    return bytes(encoder.close())


def run_session(**fields) -> dict:
    """A 3 km run from T0: 15 minutes on the timer, 16 elapsed."""
    return {"start_time": 0, "timestamp": 960, "sport": "running", "total_distance": 3000.0,
            "total_timer_time": 900.0, "total_elapsed_time": 960.0, "avg_heart_rate": 151,
            "total_ascent": 42, **fields}


def even_records(seconds: float, metres: float, every: float = 10, start: float = 0, offset: float = 0
                 ) -> list[tuple[float, float]]:
    """Records at an even pace: ``metres`` in ``seconds``, starting ``start`` s after T0 at ``offset`` m."""
    count = int(seconds // every)
    return [(start + i * every, offset + metres * i / count) for i in range(count + 1)]


def fast_then_slow() -> list[tuple[float, float]]:
    """1 km in 4 minutes, then 2 km in 11 minutes: the best kilometre is 240 s, the average 300 s."""
    return even_records(240, 1000) + even_records(660, 2000, start=240, offset=1000)[1:]


def one(parsed) -> ImportedWorkout:
    assert parsed.skipped == ()
    [(_, item)] = parsed.items
    return item


def effort(found: ImportedWorkout, metres: float) -> float:
    return next(e.duration_s for e in found.efforts if e.distance_m == metres)


# -------------------------------------------------------------------------------------------------- FIT

def test_a_fit_run_becomes_the_workout_the_watch_showed():
    data = fit_file(run_session(), records=fast_then_slow())
    parsed = parse_fit(data, "Morning_Run.fit")
    assert parsed.skipped == ()
    [(line, found)] = parsed.items
    assert line is None
    assert found.workout == NewWorkout(
        sport="run", day=date(2024, 5, 1), distance_m=3000.0, duration_s=900.0, start_time=time(7, 0, 0),
        elevation_gain_m=42.0, avg_hr=151, pool_length_m=None, title=None, note=None, tags=(),
        source="fit", source_id="3456789012-2024-05-01T07:00:00Z")
    assert [e.distance_m for e in found.efforts] == [1000.0, MILE]
    assert effort(found, 1000.0) == pytest.approx(240, abs=0.01)  # from the track, not the 300 s average
    assert found.notes == ()


def test_fit_day_and_start_time_are_in_the_zone_asked_for():
    data = fit_file(run_session(start_time=16.5 * 3600, timestamp=16.5 * 3600 + 960))
    found = one(parse_fit(data, "late.fit", tz=PLUS_TWO)).workout
    assert (found.day, found.start_time) == (date(2024, 5, 2), time(1, 30))
    assert found.source_id == "3456789012-2024-05-01T23:30:00Z"  # the id stays in UTC


def test_a_fit_file_without_a_serial_number_gets_a_generic_id_and_whole_workout_efforts():
    found = one(parse_fit(fit_file(run_session(), serial=None), "a.fit"))
    assert found.workout.source_id == "fit-2024-05-01T07:00:00Z"
    assert found.efforts == ()  # no track: the store counts the whole workout at its pace, as such
    assert "no distance records" in found.notes[0]


def test_fit_elapsed_time_is_used_when_there_is_no_timer_time():
    session = run_session()
    del session["total_timer_time"]
    found = one(parse_fit(fit_file(session), "a.fit"))
    assert found.workout.duration_s == 960.0
    assert any("elapsed time" in note for note in found.notes)


@pytest.mark.parametrize(("fields", "argument", "sport", "tags"), [
    ({"sport": "running"}, None, "run", ()),
    ({"sport": "cycling"}, "run", "ride", ()),  # the file says: --sport is not used
    ({"sport": "swimming"}, None, "swim", ()),
    ({"sport": "walking"}, None, "walk", ()),
    ({"sport": "hiking"}, None, "hike", ()),
    ({"sport": "training"}, None, "strength", ()),
    ({"sport": "training", "sub_sport": "yoga"}, None, "yoga", ()),
    ({"sport": "fitness_equipment", "sub_sport": "treadmill"}, None, "run", ()),
    ({"sport": "e_biking"}, None, "ride", ()),
    ({"sport": "generic"}, "ride", "ride", ()),
    ({"sport": "generic"}, None, "other", ()),
    ({}, "walk", "walk", ()),
    ({"sport": "rowing"}, None, "other", ("rowing",)),
    ({"sport": "stand_up_paddleboarding"}, "ride", "ride", ("stand-up-paddleboarding",)),
])
def test_fit_sports_come_from_the_session_then_from_the_users_choice(fields, argument, sport, tags):
    session = {"start_time": 0, "timestamp": 1800, "total_timer_time": 1800.0, "total_distance": 2000.0,
               **fields}
    found = one(parse_fit(fit_file(session), "a.fit", sport=argument)).workout
    assert (found.sport, found.tags) == (sport, tags)


@pytest.mark.parametrize(("length", "unit", "expected"), [
    (25.0, "metric", 25.0),
    (22.86, "statute", 22.86),  # a 25-yard pool, stored in metres as the FIT profile says
    (25.0, "statute", 22.86),   # a writer that put the yards themselves in the field
    (50.0, None, 50.0),
])
def test_fit_swims_keep_their_pool_length_in_metres(length, unit, expected):
    session = {"start_time": 0, "timestamp": 1800, "sport": "swimming", "sub_sport": "lap_swimming",
               "total_distance": 1500.0, "total_timer_time": 1800.0, "pool_length": length}
    if unit:
        session["pool_length_unit"] = unit
    found = one(parse_fit(fit_file(session), "swim.fit")).workout
    assert (found.sport, found.pool_length_m) == ("swim", pytest.approx(expected, abs=0.01))


def test_a_run_has_no_pool_length():
    found = one(parse_fit(fit_file(run_session(pool_length=25.0)), "a.fit")).workout
    assert found.pool_length_m is None


def test_each_fit_session_is_a_workout_with_efforts_from_its_own_records():
    ride = {"start_time": 0, "timestamp": 1200, "sport": "cycling", "total_distance": 10000.0,
            "total_timer_time": 1200.0, "total_elapsed_time": 1200.0}
    run = {"start_time": 1300, "timestamp": 2500, "sport": "running", "total_distance": 3000.0,
           "total_timer_time": 1200.0, "total_elapsed_time": 1200.0}
    transition = {"start_time": 1200, "timestamp": 1300, "sport": "transition", "total_timer_time": 100.0}
    records = even_records(1200, 10000) + even_records(1200, 3000, start=1300, offset=10000)
    parsed = parse_fit(fit_file(ride, transition, run, records=records), "brick.fit")
    assert [found.workout.sport for _, found in parsed.items] == ["ride", "run"]
    [(_, ridden), (_, ran)] = parsed.items
    assert ridden.efforts == (Effort(10000.0, pytest.approx(1200.0)),)
    assert effort(ran, 1000.0) == pytest.approx(400.0)  # the ride's fast metres are not in the run
    assert ran.workout.start_time == time(7, 21, 40)
    assert parsed.skipped == (Skipped("brick.fit", None,
                                      "session 2 of 3 is a transition between two sports, not a workout"),)


def test_a_pause_in_a_fit_file_counts_neither_as_time_nor_as_distance():
    # 500 m in 120 s, a 10-minute stop (the watch still writes a record when it stops), 500 m in 120 s.
    records = even_records(120, 500) + even_records(120, 500, start=720, offset=500)
    events = [(0, "start"), (120, "stop_all"), (720, "start"), (840, "stop_all")]
    session = run_session(timestamp=840, total_distance=1000.0, total_timer_time=240.0,
                          total_elapsed_time=840.0)
    found = one(parse_fit(fit_file(session, records=records, events=events), "a.fit"))
    assert found.efforts == (Effort(1000.0, pytest.approx(240.0)),)


def test_an_implausible_fit_session_is_skipped_and_the_others_kept():
    fine = run_session()
    absurd = run_session(start_time=3600, timestamp=4000, total_distance=50000.0, total_timer_time=400.0,
                         total_elapsed_time=400.0)
    parsed = parse_fit(fit_file(fine, absurd), "a.fit")
    assert len(parsed.items) == 1
    [skipped] = parsed.skipped
    assert skipped.file == "a.fit" and skipped.line is None
    assert skipped.reason.startswith("session 2 of 2 (2024-05-01 08:00) is a run of 50.00 km in 6:40 (0:08 /km), faster "
                                     "than anyone runs 50.00 km")


def test_a_fit_file_without_a_session_is_refused():
    with pytest.raises(FileRejected, match=r"^a\.fit has no activity session$"):
        parse_fit(fit_file(records=even_records(60, 100)), "a.fit")
    with pytest.raises(FileRejected, match=r"^c\.fit has no activity session \(it is a course file\)$"):
        parse_fit(fit_file(file_type="course"), "c.fit")


def test_damaged_and_foreign_files_are_refused_with_one_sentence_naming_them():
    good = fit_file(run_session(), records=fast_then_slow())
    flipped = bytearray(good)
    flipped[len(good) // 2] ^= 0x40
    cases = {
        "cut.fit": (good[: len(good) // 2], r"is damaged or cut short \(the header announces"),
        "end.fit": (good[:-1], r"is damaged or cut short"),
        "crc.fit": (bytes(flipped), r"is damaged or cut short \(its checksum does not match"),
        "image.fit": (PNG, r"is a PNG image, not a FIT file"),
        "empty.fit": (b"", r"is empty"),
        "text.fit": (b"timestamp,distance\n1,2\n", r"is not a FIT file"),
        "header.fit": (good[:14], r"is damaged or cut short"),
        "gz.fit": (gzip.compress(good), r"is a gzip archive, not a FIT file"),
    }
    for name, (data, message) in cases.items():
        with pytest.raises(FileRejected, match=rf"^{name.replace('.', '[.]')} {message}") as caught:
            parse_fit(data, name)
        assert "\n" not in str(caught.value)


_GOOD = fit_file(run_session(), records=even_records(60, 200), events=[(0, "start"), (60, "stop_all")])


def _mutated(position: int, mask: int, fix_crc: bool) -> bytes:
    """The good file with one byte changed; with ``fix_crc`` the checksums are made right again, so that
    the decoder reads the damaged content instead of stopping at the checksum."""
    data = bytearray(_GOOD)
    data[position % len(data)] ^= mask
    if fix_crc:
        data[12:14] = CrcCalculator.calculate_crc(data, 0, 12).to_bytes(2, "little")
        data[-2:] = CrcCalculator.calculate_crc(data, 0, len(data) - 2).to_bytes(2, "little")
    return bytes(data)


@settings(max_examples=400, deadline=None)
@given(st.one_of(
    st.binary(max_size=300),
    st.integers(0, len(_GOOD)).map(lambda cut: _GOOD[:cut]),
    st.builds(_mutated, st.integers(0, len(_GOOD) - 1), st.integers(1, 255), st.booleans()),
))
def test_any_bytes_given_to_parse_fit_parse_or_are_refused(data):
    try:
        parsed = parse_fit(data, "x.fit")
    except FileRejected as exc:
        assert str(exc).startswith("x.fit ")
        assert "\n" not in str(exc)
    else:
        for line, found in parsed.items:
            assert line is None and isinstance(found, ImportedWorkout)
            assert found.workout.distance_m is None or found.workout.distance_m >= 0


# --------------------------------------------------------------------------------------- Strava helpers

# The 2026 layout, cut down but keeping every repeated name (Elapsed Time, Distance, Max Heart Rate,
# Relative Effort, Commute) in its place.
MODERN_HEADER = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,"
    "Max Heart Rate,Relative Effort,Commute,Activity Private Note,Activity Gear,Filename,Athlete Weight,"
    "Bike Weight,Elapsed Time,Moving Time,Distance,Max Speed,Average Speed,Elevation Gain,Elevation Loss,"
    "Max Heart Rate,Average Heart Rate,Relative Effort,Commute,Pool Length,Media"
)
MODERN = MODERN_HEADER.split(",")
LEGACY_HEADER = "id,date,name,type,description,elapsed_time,distance,commute,gear,filename"
LEGACY = LEGACY_HEADER.split(",")
SPAN = ('<span class="translation_missing" title="translation missing: '
        'en-US.lib.export.portability_exporter.activities.horton_values.{}">{}</span>')


def keyed(columns: list[str]) -> list[str]:
    """Column names with the second copy of a repeated name called 'Name 2'."""
    seen: dict[str, int] = {}
    keys = []
    for column in columns:
        seen[column] = seen.get(column, 0) + 1
        keys.append(column if seen[column] == 1 else f"{column} {seen[column]}")
    return keys


def strava_csv(*rows: dict[str, str], header: list[str] = MODERN, cells: list[str] | None = None) -> bytes:
    """An activities.csv; rows give columns by (keyed) name, the others are empty."""
    keys = keyed(header)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(cells or header)
    for row in rows:
        assert not set(row) - set(keys), set(row) - set(keys)
        writer.writerow([row.get(key, "") for key in keys])
    return out.getvalue().encode()


def activity(**values: str) -> dict[str, str]:
    """A modern row: an 8 km run on Jan 4, 2020 at 14:57:37 UTC, 40 minutes moving."""
    row = {"Activity ID": "2981234567", "Activity Date": "Jan 4, 2020, 2:57:37 PM",
           "Activity Name": "Afternoon Run", "Activity Type": "Run", "Elapsed Time": "2500",
           "Distance": "8.00", "Elapsed Time 2": "2500.0", "Moving Time": "2400.0", "Distance 2": "8000.0",
           "Commute": "false", "Commute 2": "0.0"}
    row.update({key.replace("_", " "): value for key, value in values.items()})
    return row


def strava_one(*rows: dict[str, str], **kwargs) -> ImportedWorkout:
    return one(parse_strava(strava_csv(*rows), "activities.csv", **kwargs))


# --------------------------------------------------------------------------------------------- Strava CSV

def test_a_strava_row_becomes_the_workout_the_user_saw():
    found = strava_one(activity(**{"Activity Description": "Felt good 💪\nsecond line\x1b[31m",
                                   "Elevation Gain": "35.30000305175781", "Average Heart Rate": "152.6",
                                   "Max Heart Rate": "180", "Max Heart Rate 2": "181.0"}))
    assert found.workout == NewWorkout(
        sport="run", day=date(2020, 1, 4), distance_m=8000.0, duration_s=2400.0, start_time=time(14, 57, 37),
        elevation_gain_m=35.3, avg_hr=153, pool_length_m=None, title="Afternoon Run",
        note="Felt good 💪\nsecond line", tags=(), source="strava", source_id="2981234567")
    assert found.efforts == ()  # no activity file: the store counts the whole workout, not as a track
    assert found.notes == ()


def test_a_description_longer_than_the_csv_module_s_default_limit_is_read():
    """Second hostile tester: the Strava importer kept the csv module's 131,072-character limit that the
    reading importers had lost (a long description refused as "probably a quote that is never closed")."""
    long = "Long ride diary. " * 9_000  # 153,000 characters
    assert strava_one(activity(Activity_Description=long)).workout.note == long.strip()
    assert csv.field_size_limit() == 131072  # (given back)
    with pytest.raises(FileRejected, match=r"a field is longer than 1048576 characters, probably a quote"):
        parse_strava(strava_csv(activity()) + b'2981234568,"' + b"x" * 1_100_000 + b"\n", "activities.csv")
    assert csv.field_size_limit() == 131072


def test_the_second_distance_column_is_used_when_it_is_there():
    assert strava_one(activity(Distance="9.60", Distance_2="9612.3")).workout.distance_m == 9612.3
    assert strava_one(activity(Distance="9.61", Distance_2="")).workout.distance_m == 9610.0


def test_a_swims_display_distance_is_in_metres_with_a_thousands_comma():
    swim = {"Activity Type": "Swim", "Activity Name": "Morning Swim", "Moving Time": "1318.0"}
    assert strava_one(activity(**swim, Distance="1,609", Distance_2="")).workout.distance_m == 1609.0
    assert strava_one(activity(**swim, Distance="750", Distance_2="")).workout.distance_m == 750.0
    found = strava_one(activity(**swim, Distance="1,609", Distance_2="1609.300048828125",
                                Pool_Length="25.0"))
    assert (found.workout.sport, found.workout.distance_m, found.workout.pool_length_m) == ("swim", 1609.3, 25.0)
    assert found.efforts == ()  # no activity file: the store counts 100 m, 400 m and 1,500 m at its pace


def test_moving_time_is_the_duration_else_elapsed_time():
    assert strava_one(activity(Moving_Time="2400.0")).workout.duration_s == 2400.0
    assert strava_one(activity(Moving_Time="")).workout.duration_s == 2500.0
    assert strava_one(activity(Moving_Time="", Elapsed_Time_2="")).workout.duration_s == 2500.0


def test_html_header_cells_are_read_by_their_text():
    cells = [SPAN.format(column.lower().replace(" ", "_"), column)
             if column in ("Activity Type", "Moving Time", "Distance") else column for column in MODERN]
    data = strava_csv(activity(Activity_Type="Ride", Moving_Time="2000"), cells=cells)
    found = one(parse_strava(data, "activities.csv")).workout
    assert (found.sport, found.duration_s, found.distance_m) == ("ride", 2000.0, 8000.0)


def test_the_legacy_2018_layout_has_metres_and_lower_case_columns():
    data = (",".join(LEGACY) + "\n"
            "1472847905,2018-03-26 12:43:54,Afternoon Run,Run,,331,462.0,false,,activities/1472847905.gpx\n"
            "1610628230,2018-06-01 18:21:19,Evening Ride,Ride,to work,6673,21562.8,true,Bar2o2a,\n").encode()
    parsed = parse_strava(data, "activities.csv")
    assert parsed.skipped == ()
    [(line1, run), (line2, ride)] = parsed.items
    assert (line1, line2) == (2, 3)
    assert run.workout == NewWorkout(
        sport="run", day=date(2018, 3, 26), distance_m=462.0, duration_s=331.0, start_time=time(12, 43, 54),
        title="Afternoon Run", source="strava", source_id="1472847905")
    assert (ride.workout.sport, ride.workout.distance_m, ride.workout.note, ride.workout.tags) == (
        "ride", 21562.8, "to work", ("commute",))


@pytest.mark.parametrize(("text", "expected"), [
    ("Jan 4, 2020, 2:57:37 PM", datetime(2020, 1, 4, 14, 57, 37, tzinfo=UTC)),
    ("Oct 3, 2021, 1:23:34 PM", datetime(2021, 10, 3, 13, 23, 34, tzinfo=UTC)),
    ("Aug 28, 2019, 3:21:51 AM", datetime(2019, 8, 28, 3, 21, 51, tzinfo=UTC)),
    ("Dec 31, 2019, 12:05:00 AM", datetime(2019, 12, 31, 0, 5, tzinfo=UTC)),
    ("May 13, 2026, 12:54:42 PM", datetime(2026, 5, 13, 12, 54, 42, tzinfo=UTC)),
    ("Sept 9, 2020, 9:09:30 pm", datetime(2020, 9, 9, 21, 9, 30, tzinfo=UTC)),
    ("2018-03-26 12:43:54", datetime(2018, 3, 26, 12, 43, 54, tzinfo=UTC)),
    ("2018-03-26T12:43:54Z", datetime(2018, 3, 26, 12, 43, 54, tzinfo=UTC)),
    ("Feb 30, 2020, 1:00:00 PM", None),
    ("Jan 4, 2020, 13:57:37 PM", None),
    ("Foo 4, 2020, 2:57:37 PM", None),
    ("4 janv. 2020, 14:57:37", None),
    ("", None),
])
def test_strava_dates_are_read_without_the_locale(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(("row", "tz", "day", "start"), [
    (activity(), UTC, date(2020, 1, 4), time(14, 57, 37)),
    (activity(), PLUS_TWO, date(2020, 1, 4), time(16, 57, 37)),
    (activity(Activity_Date="Dec 31, 2019, 11:30:00 PM"), PLUS_TWO, date(2020, 1, 1), time(1, 30)),
    (activity(Activity_Date="Jan 1, 2020, 12:30:00 AM"), timezone(timedelta(hours=-5)), date(2019, 12, 31),
     time(19, 30)),
])
def test_modern_strava_dates_are_utc_and_kept_in_the_users_zone(row, tz, day, start):
    found = strava_one(row, tz=tz).workout
    assert (found.day, found.start_time) == (day, start)


def test_legacy_strava_dates_are_utc_too():
    data = (",".join(LEGACY) + "\n1,2018-03-26 23:43:54,Night Run,Run,,331,462.0,false,,\n").encode()
    found = one(parse_strava(data, "activities.csv", tz=PLUS_TWO)).workout
    assert (found.day, found.start_time) == (date(2018, 3, 27), time(1, 43, 54))


@pytest.mark.parametrize(("activity_type", "sport", "tags"), [
    ("Run", "run", ()), ("Ride", "ride", ()), ("Virtual Ride", "ride", ()), ("Swim", "swim", ()),
    ("Walk", "walk", ()), ("Hike", "hike", ()), ("Weight Training", "strength", ()), ("Yoga", "yoga", ()),
    ("Workout", "other", ()), ("Surfing", "other", ("surfing",)),
    ("Stand Up Paddling", "other", ("stand-up-paddling",)),
])
def test_strava_types_become_sports_and_unknown_ones_a_tag(activity_type, sport, tags):
    found = strava_one(activity(Activity_Type=activity_type, Distance="0", Distance_2="0.0")).workout
    assert (found.sport, found.tags) == (sport, tags)


def test_a_row_without_distance_has_none():
    found = strava_one(activity(Activity_Type="Yoga", Distance="0", Distance_2="0.0", Moving_Time="1187.0",
                                Elevation_Gain="0.0", Average_Heart_Rate="82.0"))
    assert (found.workout.distance_m, found.workout.duration_s, found.workout.elevation_gain_m,
            found.workout.avg_hr, found.efforts) == (None, 1187.0, None, 82, ())


def test_implausible_rows_and_bad_dates_are_skipped_with_their_line_and_the_others_kept():
    data = strava_csv(
        activity(Activity_ID="1"),
        activity(Activity_ID="2", Distance="100.00", Distance_2="100000.0", Moving_Time="600"),
        activity(Activity_ID="3", Activity_Date="yesterday"),
        activity(Activity_ID="4", Moving_Time="-5"),
        activity(Activity_ID="5", Activity_Type="Ride"),
    )
    parsed = parse_strava(data, "activities.csv")
    assert [(line, found.workout.source_id) for line, found in parsed.items] == [(2, "1"), (6, "5")]
    assert parsed.skipped == (
        Skipped("activities.csv", 3, "activity 2 is a run of 100.00 km in 10:00 (0:06 /km), faster than anyone runs "
                                    "100.00 km (at best 3:20 /km)"),
        Skipped("activities.csv", 4, "the date 'yesterday' is not understood"),
        Skipped("activities.csv", 5, "activity 4 is a negative duration (-5 s)"),
    )


def test_rows_keep_the_files_order_and_lines_count_embedded_newlines():
    data = strava_csv(activity(Activity_ID="9", Activity_Date="May 13, 2026, 9:54:42 AM",
                               Activity_Description="201 Training Load\n-- from COROS"),
                      activity(Activity_ID="7", Activity_Date="Jan 4, 2020, 2:57:37 PM"),
                      activity(Activity_ID="8", Activity_Date="Jul 14, 2025, 10:12:10 AM"))
    parsed = parse_strava(data, "activities.csv")
    assert [(line, found.workout.source_id) for line, found in parsed.items] == [(2, "9"), (4, "7"), (5, "8")]
    assert parsed.items[0][1].workout.note == "201 Training Load\n-- from COROS"


@pytest.mark.parametrize(("data", "message"), [
    (b"Title,Author,Exclusive Shelf\nDune,Frank Herbert,read\n",
     r"^x\.csv does not look like a Strava activities\.csv: it has no Activity ID, Activity Date or "
     r"Activity Type column$"),
    (b"Activity ID,Activity Name,Distance\n1,Run,5.00\n",
     r"^x\.csv does not look like a Strava activities\.csv: it has no Activity Date or Activity Type column$"),
    (b"id,date,name\n1,2018-03-26 12:43:54,Run\n", r"it has no Activity ID, Activity Date or Activity Type"),
    (b"", r"^x\.csv is empty$"),
    (b"\n\n", r"^x\.csv is empty$"),
    (PNG, r"^x\.csv is a PNG image"),
    (b'Activity ID,Activity Date,Activity Type\n1,"Jan 4\x00', r"^x\.csv holds binary data"),
])
def test_a_csv_that_is_not_a_strava_export_is_refused(data, message):
    with pytest.raises(FileRejected, match=message):
        parse_strava(data, "x.csv")


def test_importing_the_same_export_twice_gives_the_same_ids():
    data = strava_csv(activity(Activity_ID="11"), activity(Activity_ID="12"))
    first, second = parse_strava(data, "a.csv"), parse_strava(data, "b.csv")
    ids = [(found.workout.source, found.workout.source_id) for _, found in first.items]
    assert ids == [("strava", "11"), ("strava", "12")]
    assert ids == [(found.workout.source, found.workout.source_id) for _, found in second.items]


# -------------------------------------------------------------------------------- Strava activity files

def gpx_track(points: list[tuple[float, float]]) -> bytes:
    """A GPX 1.1 track due north from 48°N: (seconds after T0, metres), climbing 1 m every 100 m."""
    trkpts = "".join(
        f'<trkpt lat="{48 + metres / 111_194.93:.7f}" lon="14.0000000"><ele>{300 + metres / 100:.1f}</ele>'
        f"<time>{(T0 + timedelta(seconds=seconds)):%Y-%m-%dT%H:%M:%SZ}</time></trkpt>\n"
        for seconds, metres in points)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<gpx creator="StravaGPX" version="1.1" '
            'xmlns="http://www.topografix.com/GPX/1/1">\n<trk><name>Track</name><trkseg>\n'
            f"{trkpts}</trkseg></trk></gpx>\n").encode()


def reader(files: dict[str, bytes]):
    asked: list[str] = []

    def read(path: str) -> bytes | None:
        asked.append(path)
        return files.get(path)
    read.asked = asked  # type: ignore[attr-defined]
    return read


def test_a_gzipped_gpx_file_gives_efforts_from_its_track_while_the_csv_distance_wins():
    read = reader({"activities/123.gpx.gz": gzip.compress(gpx_track(fast_then_slow()))})
    row = activity(Filename="activities/123.gpx.gz", Distance="3.05", Distance_2="3050.0", Moving_Time="900",
                   Activity_Date="May 1, 2024, 7:00:00 AM")
    found = strava_one(row, read=read)
    assert read.asked == ["activities/123.gpx.gz"]
    assert (found.workout.distance_m, found.workout.duration_s, found.workout.title) == (
        3050.0, 900.0, "Afternoon Run")
    assert effort(found, 1000.0) == pytest.approx(240, rel=0.02)  # the track's fast first kilometre
    assert effort(found, 1000.0) < whole_workout_efforts("run", 3050.0, 900.0)[0].duration_s - 40
    assert found.workout.elevation_gain_m == pytest.approx(30, abs=3)  # the CSV had none
    assert not any("missing" in note for note in found.notes)


def test_a_gzipped_fit_file_fills_in_heart_rate_and_climbing():
    fit = fit_file(run_session(total_distance=2990.0, total_timer_time=905.0), records=fast_then_slow())
    read = reader({"activities/19594322202.fit.gz": gzip.compress(fit)})
    row = activity(Filename="activities/19594322202.fit.gz", Distance="3.00", Distance_2="3000.0",
                   Moving_Time="900.0", Activity_Date="May 1, 2024, 7:00:00 AM", Elevation_Gain="")
    found = strava_one(row, read=read, tz=PLUS_TWO)
    workout = found.workout
    assert (workout.distance_m, workout.duration_s, workout.avg_hr, workout.elevation_gain_m) == (
        3000.0, 900.0, 151, 42.0)
    assert (workout.source, workout.source_id, workout.start_time) == ("strava", "2981234567", time(9, 0))
    assert effort(found, 1000.0) == pytest.approx(240.0, abs=0.01)
    assert found.notes == ()


def tcx_activity(sport: str, points: list[tuple[float, float]], avg_hr: int) -> bytes:
    trackpoints = "".join(f"<Trackpoint><Time>{T0 + timedelta(seconds=seconds):%Y-%m-%dT%H:%M:%SZ}</Time>"
                          f"<DistanceMeters>{metres:.1f}</DistanceMeters></Trackpoint>" for seconds, metres in points)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<TrainingCenterDatabase '
            'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities>'
            f'<Activity Sport="{sport}"><Id>{T0:%Y-%m-%dT%H:%M:%SZ}</Id>'
            f'<Lap StartTime="{T0:%Y-%m-%dT%H:%M:%SZ}"><TotalTimeSeconds>{points[-1][0]}</TotalTimeSeconds>'
            f"<DistanceMeters>{points[-1][1]}</DistanceMeters>"
            f"<AverageHeartRateBpm><Value>{avg_hr}</Value></AverageHeartRateBpm>"
            f"<Track>{trackpoints}</Track></Lap></Activity></Activities></TrainingCenterDatabase>").encode()


def test_a_gzipped_tcx_file_is_read_too():
    # 10 km in 15 minutes, then 10 km in 25: the best 10 km is 900 s, the average 1,200 s.
    track = even_records(900, 10000) + even_records(1500, 10000, start=900, offset=10000)[1:]
    read = reader({"activities/6105928638.tcx.gz": gzip.compress(tcx_activity("Biking", track, 141))})
    row = activity(Activity_Type="Ride", Filename="activities/6105928638.tcx.gz", Distance="20.10",
                   Distance_2="20100.0", Moving_Time="2400.0", Activity_Date="May 1, 2024, 7:00:00 AM")
    found = strava_one(row, read=read)
    assert (found.workout.sport, found.workout.distance_m, found.workout.avg_hr) == ("ride", 20100.0, 141)
    assert effort(found, 10000.0) == pytest.approx(900.0, abs=0.5)
    assert effort(found, 20000.0) == pytest.approx(2400.0, abs=0.5)


def test_the_csvs_values_win_over_the_files():
    fit = fit_file({"start_time": 0, "timestamp": 1800, "sport": "cycling", "total_distance": 12000.0,
                    "total_timer_time": 1800.0, "avg_heart_rate": 120, "total_ascent": 5})
    read = reader({"activities/5.fit": fit})
    row = activity(Filename="activities/5.fit", Average_Heart_Rate="140.0", Elevation_Gain="12.0")
    found = strava_one(row, read=read)
    assert (found.workout.sport, found.workout.distance_m, found.workout.avg_hr,
            found.workout.elevation_gain_m) == ("run", 8000.0, 140, 12.0)
    assert found.efforts == ()  # a ride's efforts do not count


def test_a_distance_of_0_stays_none_whatever_the_file_says():
    fit = fit_file({"start_time": 0, "timestamp": 1187, "sport": "training", "sub_sport": "yoga",
                    "total_distance": 31.0, "total_timer_time": 1187.0, "avg_heart_rate": 82, "total_ascent": 2},
                   records=even_records(1180, 31.0))
    read = reader({"activities/15769940998.fit.gz": gzip.compress(fit)})
    row = activity(Activity_Type="Yoga", Distance="0", Distance_2="0.0", Moving_Time="1187.0",
                   Filename="activities/15769940998.fit.gz")
    found = strava_one(row, read=read)
    assert (found.workout.sport, found.workout.distance_m, found.workout.elevation_gain_m,
            found.workout.avg_hr, found.efforts) == ("yoga", None, None, 82, ())


def test_an_empty_csv_distance_is_taken_from_the_file():
    fit = fit_file(run_session(), records=fast_then_slow())
    read = reader({"activities/7.fit": fit})
    found = strava_one(activity(Distance="", Distance_2="", Filename="activities/7.fit"), read=read)
    assert (found.workout.distance_m, found.workout.duration_s) == (3000.0, 2400.0)
    assert effort(found, 1000.0) == pytest.approx(240.0, abs=0.01)


@pytest.mark.parametrize(("files", "note"), [
    ({}, "activities/123.gpx.gz: missing"),
    ({"activities/123.gpx.gz": b"not gzip at all"}, "activities/123.gpx.gz: not a readable gzip archive"),
    ({"activities/123.gpx.gz": gzip.compress(b"")}, "activities/123.gpx.gz is empty"),
    ({"activities/123.gpx.gz": gzip.compress(PNG)}, "activities/123.gpx.gz is a PNG image"),
])
def test_a_missing_or_refused_activity_file_keeps_the_row_with_a_note(files, note):
    found = strava_one(activity(Filename="activities/123.gpx.gz"), read=reader(files))
    assert found.workout.distance_m == 8000.0
    assert found.efforts == ()  # the file gave nothing: the store counts the whole workout at its pace
    assert found.notes[0].startswith(note)


def test_a_damaged_fit_file_in_an_export_is_noted_not_fatal():
    fit = fit_file(run_session(), records=fast_then_slow())
    read = reader({"activities/1.fit.gz": gzip.compress(fit[:-20]), "activities/2.tcx.zip": b"PK\x03\x04"})
    parsed = parse_strava(strava_csv(activity(Activity_ID="1", Filename="activities/1.fit.gz"),
                                     activity(Activity_ID="2", Filename="activities/2.tcx.zip")),
                          "activities.csv", read=read)
    assert [found.notes for _, found in parsed.items] == [
        (f"activities/1.fit.gz is damaged or cut short (the header announces {len(fit):,} bytes, the file "
         f"has {len(fit) - 20:,})",),
        ("activities/2.tcx.zip: not a GPX, TCX or FIT file",)]
    assert [found.workout.distance_m for _, found in parsed.items] == [8000.0, 8000.0]


def test_without_read_the_filename_is_ignored():
    found = strava_one(activity(Filename="activities/123.gpx.gz"))
    assert found.notes == ()


@settings(max_examples=200, deadline=None)
@given(st.one_of(
    st.binary(max_size=400),
    st.text(alphabet=st.sampled_from('ab,"\n\r1:.- <>/APM'), max_size=300).map(
        lambda body: ("Activity ID,Activity Date,Activity Type,Distance,Distance,Filename\n" + body).encode()),
    st.text(max_size=200).map(lambda body: (",".join(LEGACY) + "\n" + body).encode()),
))
def test_any_bytes_given_to_parse_strava_parse_or_are_refused(data):
    try:
        parsed = parse_strava(data, "x.csv", read=lambda path: None)
    except FileRejected as exc:
        assert str(exc).startswith("x.csv ")
    else:
        for line, found in parsed.items:
            assert isinstance(line, int) and isinstance(found, ImportedWorkout)


# ------------------------------------------------------------------------------------------ real exports

def fixture(*parts: str) -> Path:
    if not FIXTURES.is_dir():
        pytest.skip(f"the shared fixtures are not at {FIXTURES}")
    return FIXTURES.joinpath(*parts)


def by_id(parsed) -> dict[str, ImportedWorkout]:
    return {found.workout.source_id: found for _, found in parsed.items}


@pytest.mark.parametrize("name", ["Mattwasd-Strava__activities.csv",
                                  "MaryaPanova-strava-cycling-analysis__activities.csv",
                                  "AhmedAldahshoury-StravaData__activities_legacy2018.csv"])
def test_every_row_of_a_real_export_is_imported_or_skipped(name):
    path = fixture("strava", name)
    data = path.read_bytes()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))[1:]
    parsed = parse_strava(data, name)
    assert len(parsed.items) + len(parsed.skipped) == len(rows)
    assert parsed.skipped == ()
    lines = [line for line, _ in parsed.items]
    assert lines == sorted(lines)  # file order
    assert len({found.workout.source_id for _, found in parsed.items}) == len(rows)


def test_the_2021_export_with_html_headers_comes_out_right():
    parsed = parse_strava(fixture("strava", "Mattwasd-Strava__activities.csv").read_bytes(), "activities.csv")
    found = by_id(parsed)
    run = found["2657863231"].workout
    assert (run.sport, run.day, run.start_time, run.distance_m, run.duration_s, run.title) == (
        "run", date(2019, 8, 28), time(3, 21, 51), 9600.0, 3009.0, "Late late night run, #FTB")
    hike = found["5821613908"].workout
    assert (hike.sport, hike.distance_m, hike.duration_s, hike.avg_hr, hike.elevation_gain_m) == (
        "hike", 1445.8, 1032.0, 168, 319.5)
    swim = found["6058365171"].workout
    assert (swim.sport, swim.distance_m, swim.duration_s, swim.start_time) == (
        "swim", 1609.3, 1318.0, time(13, 23, 34))
    surf = found["5841827503"].workout
    assert (surf.sport, surf.tags, surf.distance_m, surf.duration_s) == ("other", ("surfing",), None, 7200.0)
    gym = found["5885133281"].workout
    assert (gym.sport, gym.distance_m) == ("strength", None)


def test_the_2026_export_comes_out_right_in_file_order():
    parsed = parse_strava(fixture("strava", "MaryaPanova-strava-cycling-analysis__activities.csv").read_bytes(),
                          "activities.csv", tz=PLUS_TWO)
    found = by_id(parsed)
    zwift = found["18488946585"].workout
    assert (zwift.sport, zwift.day, zwift.start_time, zwift.distance_m, zwift.duration_s, zwift.avg_hr,
            zwift.elevation_gain_m) == ("ride", date(2026, 5, 13), time(11, 54, 42), 32851.9, 3577.0, 152, 53.0)
    assert zwift.note == "🗺️ Tempus Fugit in Watopia"
    assert found["14777047096"].workout[:3] == ("yoga", date(2025, 6, 10), None)
    assert found["15109639874"].workout.distance_m == 6837.0
    assert found["15109639874"].workout.duration_s == 3290.0
    assert sum("\n" in (item.workout.note or "") for item in found.values()) > 10
    # The file is newest first by date but not by id: the rows come out exactly in the file's order.
    ids = [item.workout.source_id for _, item in parsed.items]
    assert ids != sorted(ids, key=int, reverse=True)
    text = fixture("strava", "MaryaPanova-strava-cycling-analysis__activities.csv").read_text(encoding="utf-8")
    assert ids == [row[0] for row in list(csv.reader(io.StringIO(text, newline="")))[1:]]


def test_the_legacy_export_joins_its_gpx_file():
    gpx = fixture("gpx", "stravaexport-AhmedAldahshoury__1472847905.gpx").read_bytes()
    read = reader({"activities/1472847905.gpx": gpx})
    parsed = parse_strava(fixture("strava", "AhmedAldahshoury-StravaData__activities_legacy2018.csv")
                          .read_bytes(), "activities.csv", read=read)
    found = by_id(parsed)
    run = found["1472847905"]
    assert (run.workout.sport, run.workout.day, run.workout.start_time, run.workout.distance_m,
            run.workout.duration_s) == ("run", date(2018, 3, 26), time(12, 43, 54), 462.0, 331.0)
    assert run.workout.elevation_gain_m is not None  # from the GPX: the legacy CSV has no climbing
    assert not any(note.startswith("activities/1472847905.gpx") for note in run.notes)
    # 462 m is shorter than the shortest run effort (1 km): the track gives none, and neither does the row.
    assert run.efforts == ()
    assert found["1636510221"].notes == ("activities/1636510221.gpx: missing",)
    named = [row["filename"] for row in csv.DictReader(io.StringIO(fixture(
        "strava", "AhmedAldahshoury-StravaData__activities_legacy2018.csv").read_text(encoding="utf-8")))
        if row["filename"]]
    assert read.asked == named  # each named file asked for once, in file order
