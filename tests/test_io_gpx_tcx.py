"""GPX and TCX workout import (studylog.io.gpx, studylog.io.tcx): inline documents for each rule, then the
real files in the shared fixtures folder."""

from __future__ import annotations

import math
import re
import time
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta, timezone
from datetime import time as clock
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studylog.domain.values import ImportedWorkout, NewWorkout, Skipped
from studylog.io.common import FileRejected, Parsed
from studylog.io.gpx import parse_gpx
from studylog.io.tcx import parse_tcx
from studylog.io.workouts import HALF_MARATHON, MILE

FIXTURES = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures"
GPX11 = "http://www.topografix.com/GPX/1/1"
GPX10 = "http://www.topografix.com/GPX/1/0"
TPX_V1 = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
TPX_V2 = "http://www.garmin.com/xmlschemas/TrackPointExtension/v2"
TCD = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
AX = "http://www.garmin.com/xmlschemas/ActivityExtension/v2"
EARTH = 6378.137 * 1000  # the radius gpxpy measures with
METRE = 1 / (2 * math.pi * EARTH / 360)  # degrees of latitude per metre, along a meridian
T0 = datetime(2024, 5, 4, 7, 30, tzinfo=UTC)


# ------------------------------------------------------------------------------------------- builders

def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def trkpt(metres: float, at: datetime | None = None, *, ele: float | str | None = None, ext: str = "",
          lon: float = 13.0) -> str:
    """A track point ``metres`` north of latitude 46 on a meridian."""
    inner = f"<ele>{ele}</ele>" if ele is not None else ""
    inner += f"<time>{stamp(at)}</time>" if at is not None else ""
    return f'<trkpt lat="{46 + metres * METRE:.10f}" lon="{lon}">{inner}{ext}</trkpt>\n'


def steady(start_m: float, end_m: float, step_m: float, start: datetime | None, pace_s_per_km: float) -> str:
    """Points every ``step_m`` metres at an even pace (no times when ``start`` is None)."""
    points = []
    n = round((end_m - start_m) / step_m)
    for i in range(n + 1):
        metres = start_m + i * step_m
        at = start + timedelta(seconds=i * step_m * pace_s_per_km / 1000) if start else None
        points.append(trkpt(metres, at))
    return "".join(points)


def gpx(*segments: str, kind: str | None = None, name: str | None = None, metadata: str = "",
        namespaces: str = "", version: str = "1.1") -> bytes:
    """A GPX document with one track holding the given segments."""
    head = f"<name>{name}</name>" if name else ""
    head += f"<type>{kind}</type>" if kind else ""
    body = "".join(f"<trkseg>\n{segment}</trkseg>\n" for segment in segments)
    ns = GPX11 if version == "1.1" else GPX10
    meta = f"<metadata>{metadata}</metadata>\n" if metadata and version == "1.1" else metadata
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="{version}" creator="test" xmlns="{ns}"'
            f"{namespaces}>\n{meta}<trk>{head}\n{body}</trk>\n</gpx>\n").encode()


def only(parsed: Parsed) -> ImportedWorkout:
    assert parsed.skipped == ()
    ((_, item),) = parsed.items
    assert isinstance(item, ImportedWorkout)
    return item


def read_gpx(data: bytes, **kwargs) -> ImportedWorkout:
    return only(parse_gpx(data, "track.gpx", **kwargs))


def efforts(item: ImportedWorkout) -> dict[float, float]:
    return {effort.distance_m: effort.duration_s for effort in item.efforts}


# -------------------------------------------------------------------------------------------- GPX

def test_a_gpx_track_becomes_one_workout():
    data = gpx(steady(0, 3000, 25, T0, 300), kind="running", name="Morning\n\t Run \u0085",
               metadata="<time>2024-05-04T09:00:00Z</time>")
    item = read_gpx(data)
    workout = item.workout
    assert workout._replace(distance_m=round(workout.distance_m), elevation_gain_m=None) == NewWorkout(
        sport="run", day=date(2024, 5, 4), distance_m=3000, duration_s=900.0, start_time=clock(7, 30),
        title="Morning Run", source="gpx", source_id=workout.source_id)
    assert re.fullmatch(r"[0-9a-f]{16}", workout.source_id)
    assert workout.source_id == read_gpx(data).workout.source_id != read_gpx(data + b"\n").workout.source_id
    assert item.notes == ()


def test_steady_run_gives_the_best_efforts_it_covers():
    item = read_gpx(gpx(steady(0, 10_500, 25, T0, 240)))  # 10.5 km at 4:00/km
    found = efforts(item)
    assert set(found) == {1000.0, MILE, 5000.0, 10_000.0}  # no half marathon, no marathon
    assert found[5000.0] == pytest.approx(1200, abs=1)
    assert found[10_000.0] == pytest.approx(2400, abs=1)
    assert found[MILE] == pytest.approx(MILE * 0.24, abs=1)
    assert HALF_MARATHON not in found
    assert item.workout.duration_s == pytest.approx(2520)


def test_a_faster_middle_stretch_is_the_best_effort():
    slow_1 = steady(0, 2000, 25, T0, 360)
    fast = steady(2025, 3000, 25, T0 + timedelta(seconds=720 + 25 * 0.24), 240)
    slow_2 = steady(3025, 5100, 25, T0 + timedelta(seconds=720 + 240 + 25 * 0.36), 360)
    item = read_gpx(gpx(slow_1 + fast + slow_2))
    assert efforts(item)[1000.0] == pytest.approx(240, abs=1)
    assert efforts(item)[MILE] == pytest.approx(240 + (MILE - 1000) * 0.36, abs=1)


def test_segments_are_joined_without_the_pause_between_them():
    first = steady(0, 1000, 25, T0, 300)
    # ten minutes later, 100 m further on: neither the time nor the gap counts
    second = steady(1100, 2100, 25, T0 + timedelta(seconds=300 + 600), 300)
    item = read_gpx(gpx(first, "", second))  # an empty segment in between is ignored
    assert item.workout.duration_s == pytest.approx(600)
    assert item.workout.distance_m == pytest.approx(2000, abs=1)
    assert item.workout.start_time == clock(7, 30)
    assert efforts(item)[1000.0] == pytest.approx(300, abs=1)
    assert efforts(item)[MILE] == pytest.approx(MILE * 0.3, abs=1)  # across the join, pause left out
    assert "2 segments: the pauses between them count as neither time nor distance" in item.notes


def test_several_tracks_are_one_workout_and_the_first_name_is_the_title():
    data = (f'<gpx version="1.1" xmlns="{GPX11}"><metadata><name>File name</name></metadata>'
            f"<trk><name>First</name><trkseg>{steady(0, 500, 25, T0, 300)}</trkseg></trk>"
            f"<trk><name>Second</name><trkseg>{steady(500, 1000, 25, T0 + timedelta(minutes=5), 300)}"
            f"</trkseg></trk></gpx>").encode()
    item = read_gpx(data)
    assert item.workout.title == "First"
    assert item.workout.distance_m == pytest.approx(1000, abs=1)
    assert item.workout.duration_s == pytest.approx(300)
    untitled = data.replace(b"<name>First</name>", b"").replace(b"<name>Second</name>", b"")
    assert read_gpx(untitled).workout.title == "File name"
    assert read_gpx(untitled.replace(b"<name>File name</name>", b"")).workout.title is None


def test_single_point_segments_add_no_distance():
    item = read_gpx(gpx(steady(0, 1000, 25, T0, 300), trkpt(5000, T0 + timedelta(minutes=10))))
    assert item.workout.distance_m == pytest.approx(1000, abs=1)
    assert item.workout.duration_s == pytest.approx(300)


def test_points_without_times_keep_the_distance_and_leave_the_duration_unknown():
    item = read_gpx(gpx(steady(0, 2000, 50, None, 0), metadata="<time>2024-05-04T23:30:00Z</time>"),
                    tz=timezone(timedelta(hours=2)))
    assert item.workout.distance_m == pytest.approx(2000, abs=1)
    assert item.workout.duration_s is None and item.workout.start_time is None
    assert item.workout.day == date(2024, 5, 5)  # the file's own time, in tz
    assert item.efforts == ()
    assert "no time stamps: distance kept, duration unknown" in item.notes
    assert any("the day comes from the file's own time stamp" in note for note in item.notes)


def test_a_gpx_without_any_time_is_refused():
    with pytest.raises(FileRejected, match=r"^track.gpx has no time at all: cannot tell which day it was$"):
        parse_gpx(gpx(steady(0, 2000, 50, None, 0)), "track.gpx")


def test_partly_timed_tracks_use_the_timed_points():
    points = steady(0, 2000, 25, T0, 300).splitlines(keepends=True)
    points[40] = re.sub(r"<time>.*</time>", "", points[40])  # one point lost its time stamp
    item = read_gpx(gpx("".join(points), kind="running"))
    assert item.workout.duration_s == pytest.approx(600)
    assert efforts(item)[1000.0] == pytest.approx(300, abs=1)
    assert item.notes == (
        "1 of 81 points have no time stamp: duration and best efforts come from the timed ones",)


def test_a_point_whose_time_goes_back_is_left_out_of_distance_and_timing():
    points = steady(0, 2000, 25, T0, 300).splitlines(keepends=True)
    points.insert(41, trkpt(1500, T0 + timedelta(minutes=1)))  # at 1,000 m after 5 minutes: a stale fix
    item = read_gpx(gpx("".join(points), kind="running"))
    assert item.workout.distance_m == pytest.approx(2000, abs=0.5)  # not 2,000 + 2 x 500 m
    assert item.workout.duration_s == pytest.approx(600)
    assert efforts(item)[1000.0] == pytest.approx(300, abs=1)
    assert item.notes == ("1 point with a time earlier than the point before it was left out",)


def test_a_gps_spike_is_left_out_of_distance_and_best_efforts_with_a_note():
    points = steady(0, 3000, 25, T0, 300).splitlines(keepends=True)
    points.insert(61, trkpt(1500, T0 + timedelta(seconds=451), lon=13.05))  # 3.9 km east, for a second
    item = read_gpx(gpx("".join(points), kind="running"))
    assert item.workout.distance_m == pytest.approx(3000, abs=0.5)
    assert efforts(item) == {1000.0: pytest.approx(300, abs=1), MILE: pytest.approx(MILE * 0.3, abs=1)}
    assert item.notes == ("1 track point was left out of the distance and the best efforts (moving faster than "
                          "12.5 m/s, or in no time: GPS or sensor glitches)",)


def test_a_few_timed_points_on_a_long_untimed_track_give_no_duration():
    untimed = steady(0, 5000, 50, None, 0)
    timed = steady(5000, 5100, 25, T0, 300)
    item = read_gpx(gpx(untimed, timed))
    assert item.workout.duration_s is None and item.workout.start_time is None and item.efforts == ()
    assert item.workout.day == date(2024, 5, 4)  # from the timed points
    assert item.workout.distance_m == pytest.approx(5100, abs=2)
    assert "only 5 of 106 points have time stamps: distance kept, duration unknown" in item.notes


@pytest.mark.parametrize(("when", "message"), [
    ("1901-12-13T20:45:52.2073437Z", r"^track.gpx has impossible time stamps \(1901-12-13\)$"),
    ("1969-12-31T23:59:59Z", r"impossible time stamps \(1969-12-31\)"),
    ("2150-01-01T00:00:00Z", r"impossible time stamps \(2150-01-01\)"),
])
def test_absurd_times_are_refused(when, message):
    points = "".join(f'<trkpt lat="46.{i:04d}" lon="13.0"><time>{when}</time></trkpt>' for i in range(5))
    with pytest.raises(FileRejected, match=message):
        parse_gpx(gpx(points), "track.gpx")


def test_all_points_at_one_instant_are_refused():
    points = steady(0, 1000, 100, None, 0).replace("</trkpt>", "<time>2010-12-14T06:17:04Z</time></trkpt>")
    with pytest.raises(FileRejected, match=r"time stamps \(all 11 points at 2010-12-14 06:17:04 UTC\)$"):
        parse_gpx(gpx(points), "track.gpx")


@pytest.mark.parametrize(("body", "message"), [
    (trkpt(0, T0), r"^track.gpx has only one track point"),
    ("", r"^track.gpx has no track points$"),
])
def test_too_few_points_are_refused(body, message):
    with pytest.raises(FileRejected, match=message):
        parse_gpx(gpx(body), "track.gpx")


def test_waypoints_only_are_refused_as_a_plan():
    data = f'<gpx version="1.1" xmlns="{GPX11}"><wpt lat="46" lon="13"><name>Top</name></wpt></gpx>'.encode()
    with pytest.raises(FileRejected, match=r"has no track points \(only waypoints or a route"):
        parse_gpx(data, "track.gpx")


def hr_ext(hr: int, prefix: str = "gpxtpx") -> str:
    return f"<extensions><{prefix}:TrackPointExtension><{prefix}:hr>{hr}</{prefix}:hr>" \
           f"</{prefix}:TrackPointExtension></extensions>"


def test_heart_rate_is_matched_by_namespace_uri_not_prefix():
    points = "".join(trkpt(i * 25, T0 + timedelta(seconds=i * 6), ext=hr_ext(hr, "zz"))
                     for i, hr in enumerate([120, 130, 141]))
    item = read_gpx(gpx(points, namespaces=f' xmlns:zz="{TPX_V2}"'))
    assert item.workout.avg_hr == 130
    # the usual prefix bound to some other namespace is not a heart rate
    item = read_gpx(gpx(points.replace("zz:", "gpxtpx:"), namespaces=' xmlns:gpxtpx="http://example.com/other"'))
    assert item.workout.avg_hr is None


def test_heart_rate_in_a_second_extensions_block_and_missing_on_some_points():
    power = "<extensions><gpxtpx:PowerExtension><gpxtpx:PowerInWatts>170</gpxtpx:PowerInWatts>" \
            "</gpxtpx:PowerExtension></extensions>"
    points = (trkpt(0, T0, ext=power)  # no heart rate
              + trkpt(25, T0 + timedelta(seconds=6), ext=power + hr_ext(150))
              + trkpt(50, T0 + timedelta(seconds=12), ext=hr_ext(0) + power)  # 0: the strap lost contact
              + trkpt(75, T0 + timedelta(seconds=18), ext=hr_ext(155) + power))
    item = read_gpx(gpx(points, namespaces=f' xmlns:gpxtpx="{TPX_V1}"'))
    assert item.workout.avg_hr == 152  # mean of 150 and 155, rounded


@pytest.mark.parametrize(("kind", "sport"), [("9", "run"), ("1", "ride"), ("running", "run"),
                                             ("Cycling", "ride"), ("hiking", "hike"), ("Trail Run", "run")])
def test_the_track_type_gives_the_sport(kind, sport):
    item = read_gpx(gpx(steady(0, 1000, 25, T0, 600), kind=kind))
    assert item.workout.sport == sport


def test_the_sport_argument_is_used_only_when_the_file_does_not_say():
    assert read_gpx(gpx(steady(0, 1000, 25, T0, 600))).workout.sport == "run"
    assert read_gpx(gpx(steady(0, 1000, 25, T0, 600)), sport="walk").workout.sport == "walk"
    stated = read_gpx(gpx(steady(0, 1000, 25, T0, 200), kind="1"), sport="walk")
    assert stated.workout.sport == "ride"
    assert "the file says ride: --sport walk only applies to files that do not say" in stated.notes


def test_an_unknown_type_is_other_unless_a_sport_is_given():
    item = read_gpx(gpx(steady(0, 1000, 25, T0, 600), kind="kayaking"))
    assert item.workout.sport == "other" and item.efforts == ()
    assert any("kayaking" in note and "--sport" in note for note in item.notes)
    assert read_gpx(gpx(steady(0, 1000, 25, T0, 600), kind="kayaking"), sport="swim").workout.sport == "swim"


def test_gpx_10_with_top_level_name_and_time():
    data = gpx(steady(0, 1000, 25, T0, 300), version="1.0",
               metadata="<name>Old file</name><time>2024-05-04T12:00:00Z</time>")
    data = data.replace(b"<trk>", b"<trk><name></name>")
    item = read_gpx(data)
    assert item.workout.title == "Old file"
    assert item.workout.day == date(2024, 5, 4) and item.workout.start_time == clock(7, 30)


def test_day_and_start_time_are_in_the_given_zone():
    late = datetime(2024, 5, 4, 23, 10, 5, 700_000, tzinfo=UTC)
    item = read_gpx(gpx(steady(0, 1000, 25, late, 300)), tz=timezone(timedelta(hours=2)))
    assert (item.workout.day, item.workout.start_time) == (date(2024, 5, 5), clock(1, 10, 5))


def test_elevation_gain_from_gpxpy_and_none_without_elevations():
    climb = "".join(trkpt(i * 25, T0 + timedelta(seconds=i * 10), ele=100 + 2 * i) for i in range(21))
    assert read_gpx(gpx(climb)).workout.elevation_gain_m == pytest.approx(40, abs=0.5)
    assert read_gpx(gpx(steady(0, 500, 25, T0, 300))).workout.elevation_gain_m is None


def test_an_implausible_gpx_is_refused_with_the_reason():
    fast = steady(0, 400_000, 1000, T0, 120)  # 400 km at 2:00/km
    with pytest.raises(FileRejected, match=r"^track.gpx was not imported: a run of 400.00 km, longer than anyone goes in one session \(at most 350.00 km\)$"):
        parse_gpx(gpx(fast), "track.gpx")
    with pytest.raises(FileRejected, match=r"a run of 10.00 km in 10:00 \(1:00 /km\), faster than anyone runs"):
        parse_gpx(gpx(steady(0, 10_000, 100, T0, 60)), "track.gpx")


@pytest.mark.parametrize(("lat", "shown"), [("91", "91"), ("nan", "nan"), ("-1e400", "-inf")])
def test_impossible_coordinates_are_refused(lat, shown):
    data = gpx(trkpt(0, T0) + f'<trkpt lat="{lat}" lon="13"><time>2024-05-04T07:31:00Z</time></trkpt>')
    message = rf"^track.gpx has a track point at an impossible position \(lat {shown}, lon 13\)$"
    with pytest.raises(FileRejected, match=message):
        parse_gpx(data, "track.gpx")


def test_an_elevation_that_is_not_a_number_is_no_elevation():
    data = gpx(trkpt(0, T0, ele=100) + trkpt(25, T0 + timedelta(seconds=8), ele="nan")
               + trkpt(50, T0 + timedelta(seconds=16), ele=103))
    assert read_gpx(data).workout.elevation_gain_m == pytest.approx(3)


@pytest.mark.parametrize("data", [
    b'<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>',
    f'<TrainingCenterDatabase xmlns="{TCD}"><Activities/></TrainingCenterDatabase>'.encode(),
])
def test_xml_that_is_not_gpx_is_refused(data):
    with pytest.raises(FileRejected, match=r"^track.gpx is XML but not GPX \(its root element is <"):
        parse_gpx(data, "track.gpx")


def test_what_gpxpy_cannot_read_is_refused_naming_the_file():
    data = gpx(trkpt(0, T0) + '<trkpt lon="13.0"><time>2024-05-04T07:31:00Z</time></trkpt>')  # no lat
    with pytest.raises(FileRejected, match=r"^track.gpx could not be read as GPX \("):
        parse_gpx(data, "track.gpx")


def test_a_prefixed_gpx_namespace_is_not_silently_read_as_empty():
    data = gpx(steady(0, 500, 25, T0, 300)).decode()
    data = re.sub(r"<(/?)(\w+)", r"<\1g:\2", data).replace(f'xmlns="{GPX11}"', f'xmlns:g="{GPX11}"')
    with pytest.raises(FileRejected, match=r"could not be read as GPX: its track points were not all"):
        parse_gpx(data.encode(), "track.gpx")


def test_other_encodings_are_read_as_declared():
    data = gpx(steady(0, 500, 25, T0, 300), name="Lauf über die Brücke").decode()
    data = data.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').encode("latin-1")
    assert read_gpx(data).workout.title == "Lauf über die Brücke"
    with_bom = b"\xef\xbb\xbf" + gpx(steady(0, 500, 25, T0, 300))
    assert read_gpx(with_bom).workout.distance_m == pytest.approx(500, abs=1)


# -------------------------------------------------------------------------------------- safety (both)

BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
                  + b"".join(b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;")
                                                           * 10) for i in range(1, 10))
                  + b"]>\n<gpx><trk><name>&lol9;</name></trk></gpx>")
EXTERNAL = (b'<?xml version="1.0"?>\n<!DOCTYPE gpx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
            b"<gpx><trk><name>&x;</name></trk></gpx>")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40)


@pytest.mark.parametrize("parse", [parse_gpx, parse_tcx], ids=["gpx", "tcx"])
@pytest.mark.parametrize(("data", "message"), [
    pytest.param(BILLION_LAUGHS, "declares a DTD or entities", id="billion-laughs"),
    pytest.param(EXTERNAL, "declares a DTD or entities", id="external-entity"),
    pytest.param(PNG, "is a PNG image, not", id="png"),
    pytest.param(b"", "is empty", id="empty"),
    pytest.param(b"lat,lon\n46,13\n", "is not XML", id="csv"),
])
def test_unsafe_and_foreign_files_are_refused_quickly(parse, data, message):
    started = time.perf_counter()
    with pytest.raises(FileRejected, match=message) as caught:
        parse(data, "upload.xml")
    assert time.perf_counter() - started < 10  # a hang guard, not a speed goal: refused before parsing
    assert str(caught.value).startswith("upload.xml ")
    assert "root:" not in str(caught.value)  # nothing of /etc/passwd


def test_a_truncated_file_is_refused():
    data = gpx(steady(0, 2000, 25, T0, 300))
    with pytest.raises(FileRejected, match=r"^track.gpx is not well-formed XML"):
        parse_gpx(data[: len(data) // 2], "track.gpx")
    data = tcx(activity(lap(points(0, 1000, 50, T0, 300), seconds=300, distance=1000)))
    with pytest.raises(FileRejected, match=r"^run.tcx is not well-formed XML"):
        parse_tcx(data[: len(data) // 2], "run.tcx")


# -------------------------------------------------------------------------------------------- TCX

def tcx(*activities: str, extra_ns: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<TrainingCenterDatabase xmlns="{TCD}"{extra_ns}>\n'
            f"<Activities>\n{''.join(activities)}</Activities>\n</TrainingCenterDatabase>\n").encode()


def activity(*laps: str, sport: str = "Running", start: str | None = None, notes: str | None = None) -> str:
    ident = f"<Id>{start or stamp(T0)}</Id>\n"
    extra = f"<Notes>{notes}</Notes>\n" if notes else ""
    return f'<Activity Sport="{sport}">\n{ident}{extra}{"".join(laps)}</Activity>\n'


def lap(track: str, *, seconds: float | None = None, distance: float | None = None, avg_hr: int | None = None,
        start: str | None = None) -> str:
    fields = f"<TotalTimeSeconds>{seconds}</TotalTimeSeconds>" if seconds is not None else ""
    fields += f"<DistanceMeters>{distance}</DistanceMeters>" if distance is not None else ""
    fields += f"<AverageHeartRateBpm><Value>{avg_hr}</Value></AverageHeartRateBpm>" if avg_hr else ""
    return f'<Lap StartTime="{start or stamp(T0)}">{fields}<Intensity>Active</Intensity>\n' \
           f"<Track>\n{track}</Track>\n</Lap>\n"


def tp(at: datetime | str | None, distance: float | None = None, *, hr: int | None = None,
       alt: float | None = None, position: bool = True) -> str:
    inner = f"<Time>{at if isinstance(at, str) else stamp(at)}</Time>" if at is not None else ""
    if position and distance is not None:
        inner += (f"<Position><LatitudeDegrees>{46 + distance * METRE:.8f}</LatitudeDegrees>"
                  f"<LongitudeDegrees>13</LongitudeDegrees></Position>")
    inner += f"<AltitudeMeters>{alt}</AltitudeMeters>" if alt is not None else ""
    inner += f"<DistanceMeters>{distance}</DistanceMeters>" if distance is not None else ""
    inner += f"<HeartRateBpm><Value>{hr}</Value></HeartRateBpm>" if hr is not None else ""
    return f"<Trackpoint>{inner}</Trackpoint>\n"


def points(start_m: float, end_m: float, step_m: float, start: datetime, pace_s_per_km: float,
           **kwargs) -> str:
    n = round((end_m - start_m) / step_m)
    seconds = step_m * pace_s_per_km / 1000
    return "".join(tp(start + timedelta(seconds=i * seconds), start_m + i * step_m, **kwargs)
                   for i in range(n + 1))


def read_tcx(data: bytes, **kwargs) -> ImportedWorkout:
    return only(parse_tcx(data, "run.tcx", **kwargs))


def test_a_tcx_activity_becomes_a_workout():
    data = tcx(activity(lap(points(0, 1000, 10, T0, 300, hr=150), seconds=300.0, distance=1000.0),
                        lap(points(1000, 2000, 10, T0 + timedelta(seconds=300), 240, hr=160), seconds=240.0,
                            distance=1000.0, start=stamp(T0 + timedelta(seconds=300))),
                        notes="Tempo\nwith friends"))
    item = read_tcx(data)
    assert item.workout == NewWorkout(sport="run", day=date(2024, 5, 4), distance_m=2000.0, duration_s=540.0,
                                      start_time=clock(7, 30), avg_hr=155, title="Tempo with friends",
                                      source="tcx", source_id="2024-05-04T07:30:00Z")
    assert efforts(item)[1000.0] == pytest.approx(240, abs=1)
    assert efforts(item)[MILE] == pytest.approx(240 + (MILE - 1000) * 0.3, abs=1)
    assert item.notes == ()


def test_lap_heart_rates_are_weighted_by_lap_time():
    data = tcx(activity(lap(points(0, 1000, 100, T0, 300, hr=100), seconds=300, distance=1000, avg_hr=140),
                        lap(points(1000, 1500, 100, T0 + timedelta(seconds=300), 300, hr=100), seconds=100,
                            distance=500, avg_hr=180)))
    assert read_tcx(data).workout.avg_hr == 150  # (140 * 300 + 180 * 100) / 400


def test_offsets_are_converted_to_the_given_zone():
    start = "2020-12-27T00:30:00.000+01:00"
    pts = tp("2020-12-27T00:30:00.000+01:00", 0.0) + tp("2020-12-27T00:40:00.000+01:00", 3000.0)
    data = tcx(activity(lap(pts, seconds=600, distance=3000.0, start=start), sport="Biking", start=start))
    in_utc = read_tcx(data).workout
    assert (in_utc.day, in_utc.start_time, in_utc.source_id) == (date(2020, 12, 26), clock(23, 30),
                                                                  "2020-12-26T23:30:00Z")
    there = read_tcx(data, tz=timezone(timedelta(hours=1))).workout
    assert (there.day, there.start_time) == (date(2020, 12, 27), clock(0, 30))
    assert there.source_id == in_utc.source_id
    assert read_tcx(data, tz=timezone(timedelta(hours=-5))).workout.start_time == clock(18, 30)


@pytest.mark.parametrize(("attribute", "given", "sport"), [
    ("Running", None, "run"), ("Biking", None, "ride"), ("Other", None, "other"), ("Other", "yoga", "yoga"),
    ("Running", "ride", "run"), ("Biking", "run", "ride"),
])
def test_the_sport_attribute(attribute, given, sport):
    data = tcx(activity(lap(points(0, 1000, 50, T0, 300), seconds=300, distance=1000), sport=attribute))
    item = read_tcx(data, sport=given)
    assert item.workout.sport == sport
    assert any("--sport" in note for note in item.notes) == (given is not None and attribute != "Other")


def pool(length: float, lengths: int) -> str:
    """A pool swim as a watch writes it: no position, no heart rate, distance in whole lengths."""
    return "".join(tp(T0 + timedelta(seconds=i * length), i * length, position=False)
                   for i in range(lengths + 1))


@pytest.mark.parametrize("length", [25.0, 50.0])
def test_other_with_pool_length_steps_suggests_swim(length):
    data = tcx(activity(lap(pool(length, 40), seconds=40 * length, distance=40 * length), sport="Other"))
    item = read_tcx(data)
    assert item.workout.sport == "other" and item.workout.pool_length_m is None and item.efforts == ()
    (note,) = item.notes
    assert f"looks like a pool swim (no GPS positions, distance in {length:g} m lengths)" in note
    assert "--sport swim" in note
    swim = read_tcx(data, sport="swim")
    assert swim.workout.sport == "swim" and swim.workout.pool_length_m == length and swim.notes == ()
    assert efforts(swim)[100.0] == pytest.approx(100)
    assert efforts(swim)[400.0] == pytest.approx(400)
    assert read_tcx(data, sport="yoga").notes == ()  # a sport was given: no suggestion


def test_lap_distance_only_without_positions_also_suggests_swim():
    pts = tp(T0) + tp(T0 + timedelta(minutes=30))
    item = read_tcx(tcx(activity(lap(pts, seconds=1800, distance=1500), sport="Other")))
    assert "only lap distances" in item.notes[0]
    assert read_tcx(tcx(activity(lap(pts, seconds=1800, distance=1500), sport="Other")),
                    sport="swim").workout.pool_length_m is None


def test_other_with_gps_does_not_suggest_swim():
    data = tcx(activity(lap(points(0, 2000, 50, T0, 900), seconds=1800, distance=2000), sport="Other"))
    assert read_tcx(data).notes == ()
    assert read_tcx(data, sport="swim").workout.pool_length_m is None  # 50 m steps, but with GPS: open water


def test_two_activities_in_one_file_and_an_implausible_one_skipped():
    later = T0 + timedelta(hours=5)
    data = tcx(activity(lap(points(0, 5000, 100, T0, 300), seconds=1500, distance=5000)),
               activity(lap(points(0, 400_000, 1000, later, 120), seconds=48_000, distance=400_000,
                            start=stamp(later)), start=stamp(later)),
               activity(lap(points(0, 20_000, 500, later, 120), seconds=2400, distance=20_000,
                            start=stamp(later)), sport="Biking", start=stamp(later)))
    parsed = parse_tcx(data, "run.tcx")
    lines = [n for n, text in enumerate(data.decode().splitlines(), 1) if text.startswith("<Activity ")]
    assert [(line, item.workout.sport, item.workout.distance_m) for line, item in parsed.items] == [
        (lines[0], "run", 5000.0), (lines[2], "ride", 20_000.0)]
    assert parsed.skipped == (Skipped("run.tcx", lines[1], "not imported: a run of 400.00 km, longer than anyone goes in one session "
                                                   "(at most 350.00 km)"),)
    fast = tcx(activity(lap(points(0, 10_000, 1000, T0, 120), seconds=1200, distance=10_000)))
    assert parse_tcx(fast, "run.tcx").skipped[0].reason == (
        "not imported: a run of 10.00 km in 20:00 (2:00 /km), faster than anyone runs 10.00 km (at best 2:35 /km)")


def test_prefixes_do_not_matter():
    body = activity(lap(points(0, 1000, 50, T0, 300, hr=140), seconds=300, distance=1000))
    plain = read_tcx(tcx(body)).workout
    prefixed = tcx(body).decode()
    prefixed = re.sub(r"<(/?)(?!\?)(\w+)", r"<\1tcd:\2", prefixed)
    prefixed = prefixed.replace(f'xmlns="{TCD}"', f'xmlns:tcd="{TCD}"')
    assert read_tcx(prefixed.encode()).workout == plain
    with_ext = tcx(body.replace("</Trackpoint>", "<Extensions><ns3:TPX><ns3:Speed>3.3</ns3:Speed></ns3:TPX>"
                                                 "<ns3:TPX/></Extensions></Trackpoint>"),
                   extra_ns=f' xmlns:ns3="{AX}"')
    assert read_tcx(with_ext).workout == plain


def test_a_trimmed_track_and_pause_markers():
    """The first point is kilometres in (the file was trimmed); points with only a time are pauses."""
    pts = tp(T0 + timedelta(minutes=16)) + points(2600, 4600, 20, T0 + timedelta(minutes=16), 150) + \
        tp(T0 + timedelta(minutes=30)) + tp(T0 + timedelta(minutes=31))
    item = read_tcx(tcx(activity(lap(pts, seconds=2283.0, distance=6839.97), sport="Biking")))
    assert item.workout.distance_m == 6839.97 and item.workout.duration_s == 2283.0
    assert efforts(item) == {}  # 2 km of track: shorter than a ride's shortest effort (10 km)
    run = read_tcx(tcx(activity(lap(pts, seconds=2283.0, distance=6839.97), sport="Running")))
    assert efforts(run)[1000.0] == pytest.approx(150, abs=1)  # the pause markers add no time


def test_distance_falls_back_to_track_points_and_duration_to_their_times():
    pts = points(0, 3000, 100, T0, 300)
    item = read_tcx(tcx(activity(lap(pts))))
    assert item.workout.distance_m == 3000.0 and item.workout.duration_s == pytest.approx(900)


def test_elevation_gain_from_altitudes():
    climb = "".join(tp(T0 + timedelta(seconds=10 * i), 25.0 * i, alt=100 + 2 * i) for i in range(21))
    assert read_tcx(tcx(activity(lap(climb, seconds=200, distance=500)))).workout.elevation_gain_m == \
        pytest.approx(40, abs=0.5)
    flat = points(0, 500, 25, T0, 300)
    assert read_tcx(tcx(activity(lap(flat, seconds=150, distance=500)))).workout.elevation_gain_m is None


@pytest.mark.parametrize(("data", "message"), [
    (f'<TrainingCenterDatabase xmlns="{TCD}"><Activities/></TrainingCenterDatabase>'.encode(),
     r"^run.tcx has no activities$"),
    (f'<TrainingCenterDatabase xmlns="{TCD}"><Courses><Course><Name>Loop</Name></Course></Courses>'
     f"</TrainingCenterDatabase>".encode(), r"has no activities \(only courses"),
    (gpx(steady(0, 500, 25, T0, 300)), r"^run.tcx is XML but not TCX \(its root element is <gpx>\)$"),
])
def test_files_without_activities_are_refused(data, message):
    with pytest.raises(FileRejected, match=message):
        parse_tcx(data, "run.tcx")


def test_activities_without_laps_or_with_absurd_times_are_skipped():
    data = tcx(activity(""), activity(lap(points(0, 1000, 50, T0, 300), seconds=300, distance=1000),
                                      start="1901-12-13T20:45:52Z"),
               activity(lap(points(0, 1000, 50, T0, 300), seconds=300, distance=1000)),
               activity(lap(tp(T0), seconds=0, distance=0)))
    parsed = parse_tcx(data, "run.tcx")
    assert len(parsed.items) == 1
    assert [s.reason for s in parsed.skipped] == [
        "the activity has no laps: nothing to import", "impossible time stamps (1901-12-13)",
        "the activity records neither a distance nor a time: nothing to import"]


def test_a_session_without_distance_keeps_its_time():
    item = read_tcx(tcx(activity(lap(tp(T0) + tp(T0 + timedelta(minutes=45)), seconds=2700, distance=0),
                                 sport="Other"), ), sport="strength")
    workout = item.workout
    assert (workout.sport, workout.distance_m, workout.duration_s) == ("strength", None, 2700.0)
    assert item.efforts == ()


# ------------------------------------------------------------------------------------------ properties

_GPX = gpx(trkpt(0, T0, ele=100, ext=hr_ext(120)) + trkpt(30, T0 + timedelta(seconds=9), ext=hr_ext(125)),
           name="x", kind="9", namespaces=f' xmlns:gpxtpx="{TPX_V1}"')
_TCX = tcx(activity(lap(tp(T0, 0.0, hr=120, alt=5.0) + tp(T0 + timedelta(seconds=9), 30.0, hr=125),
                        seconds=9, distance=30, avg_hr=122), notes="x"))


@st.composite
def _mutated(draw, valid: bytes) -> bytes:
    """A valid document with a few bytes changed, inserted or deleted."""
    data = bytearray(valid)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["set", "insert", "delete"]))
        if action == "delete":
            del data[at]
        else:
            data[at:at + (action == "set")] = bytes([draw(st.integers(0, 255))])
    return bytes(data)


def _either_parses_or_is_refused(parse, data: bytes) -> None:
    try:
        parsed = parse(data, "fuzz.xml")
    except FileRejected as exc:
        assert str(exc).startswith("fuzz.xml ")
        return
    assert isinstance(parsed, Parsed)
    for line, item in parsed.items:
        assert line is None or line > 0
        assert isinstance(item.workout, NewWorkout)
        assert item.workout.distance_m is None or item.workout.distance_m >= 0
        assert item.workout.duration_s is None or item.workout.duration_s >= 0
    assert all(isinstance(s, Skipped) for s in parsed.skipped)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=300), _mutated(_GPX)))
def test_arbitrary_bytes_either_parse_as_gpx_or_are_refused(data):
    _either_parses_or_is_refused(parse_gpx, data)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=300), _mutated(_TCX)))
def test_arbitrary_bytes_either_parse_as_tcx_or_are_refused(data):
    _either_parses_or_is_refused(parse_tcx, data)


# --------------------------------------------------------------------------- the real files (shared)

def _fixtures(kind: str) -> Path:
    folder = FIXTURES / kind
    if not folder.is_dir():
        pytest.skip(f"shared fixtures not found at {folder}")
    return folder


def _haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lat1, lon1), (lat2, lon2) = ((math.radians(x), math.radians(y)) for x, y in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def _ns_local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _gpx_facts(data: bytes) -> dict:
    """What the file implies, worked out here without gpxpy: segments, distance, moving time, heart rate."""
    root = ET.fromstring(data)
    segments = []
    for element in root.iter():
        if _ns_local(element.tag) == "trkseg":
            pts = []
            for pt in element:
                if _ns_local(pt.tag) != "trkpt":
                    continue
                when = next((c.text for c in pt if _ns_local(c.tag) == "time"), None)
                pts.append(((float(pt.get("lat")), float(pt.get("lon"))),
                            datetime.fromisoformat(when[:19] + "+00:00") if when else None))
            if pts:
                segments.append(pts)
    distance = sum(_haversine(a[0], b[0]) for seg in segments for a, b in zip(seg, seg[1:], strict=False))
    times = [[t for _, t in seg if t] for seg in segments]
    hrs = [int(v) for v in re.findall(rb"<\w+:hr>(\d+)</\w+:hr>", data)]
    return {"segments": len(segments), "distance": distance,
            "moving": sum((ts[-1] - ts[0]).total_seconds() for ts in times if ts),
            "first": next((ts[0] for ts in times if ts), None),
            "hr": round(sum(hrs) / len(hrs)) if hrs else None}


GPX_EXPECTED = {
    "togeojson__run_gpxtpx.gpx": dict(sport="run", day=date(2015, 1, 19), start=clock(21, 24, 20),
                                      segments=1),
    "togeojson__run.gpx": dict(sport="run", day=date(2012, 10, 24), start=clock(23, 29, 40), segments=1),
    "togeojson__Friday-Evening-Run.gpx": dict(sport="run", day=date(2025, 5, 2), start=clock(15, 51, 15),
                                               segments=3, title="Friday Evening Run"),
    "togeojson__apple_watch_route.gpx": dict(sport="run", day=date(2019, 12, 15), start=clock(20, 19, 55),
                                              segments=1),
    "gpxpy__track-with-empty-segment.gpx": dict(sport="run", day=date(2013, 7, 6), start=clock(17, 26, 26),
                                                 segments=1),
    "stravaexport-AhmedAldahshoury__1472847905.gpx": dict(sport="run", day=date(2018, 3, 26),
                                                           start=clock(12, 43, 54), segments=1,
                                                           title="Afternoon Run"),
    "gpxpy__cerknicko-without-times.gpx": dict(sport="run", day=date(2010, 8, 5), start=None, segments=7,
                                                title="ACTIVE LOG"),
}


def test_every_real_gpx_file_is_accounted_for():
    names = {path.name for path in _fixtures("gpx").glob("*.gpx")}
    assert names == set(GPX_EXPECTED) | {"gpxpy__Mojstrovka.gpx"}


@pytest.mark.parametrize("file_name", sorted(GPX_EXPECTED))
def test_real_gpx_files(file_name):
    data = (_fixtures("gpx") / file_name).read_bytes()
    expected = GPX_EXPECTED[file_name]
    facts = _gpx_facts(data)
    item = only(parse_gpx(data, file_name))
    workout = item.workout
    assert facts["segments"] == expected["segments"]
    assert workout.sport == expected["sport"]
    assert (workout.day, workout.start_time) == (expected["day"], expected["start"])
    assert workout.distance_m == pytest.approx(facts["distance"], rel=0.01)
    assert workout.avg_hr == facts["hr"]
    assert workout.source == "gpx" and len(workout.source_id) == 16
    if "title" in expected:
        assert workout.title == expected["title"]
    if expected["start"] is None:
        assert workout.duration_s is None and item.efforts == ()
    else:
        assert workout.duration_s == pytest.approx(facts["moving"], abs=1)
        assert facts["first"].date() == workout.day
    if expected["segments"] > 1 and workout.duration_s is not None:
        pauses = f"{expected['segments']} segments: the pauses between them count as neither time nor"
        assert pauses + " distance" in item.notes


def test_real_gpx_friday_run_heart_rate_from_13_of_17_points_and_pauses_left_out():
    data = (_fixtures("gpx") / "togeojson__Friday-Evening-Run.gpx").read_bytes()
    workout = only(parse_gpx(data, "friday.gpx")).workout
    rates = [int(v) for v in re.findall(rb"<gpxtpx:hr>(\d+)</gpxtpx:hr>", data)]
    assert (data.count(b"<trkpt "), len(rates)) == (17, 13)
    assert workout.avg_hr == round(sum(rates) / 13)
    stamps = [datetime.fromisoformat(t.decode()) for t in re.findall(rb"<time>([^<]+)</time>", data)]
    elapsed = (stamps[-1] - stamps[0]).total_seconds()
    assert workout.duration_s < elapsed / 2  # the pauses between the three segments are not moving time


def test_real_gpx_mojstrovka_is_refused_for_its_1901_times():
    data = (_fixtures("gpx") / "gpxpy__Mojstrovka.gpx").read_bytes()
    with pytest.raises(FileRejected, match=r"^Mojstrovka.gpx has impossible time stamps \(1901-12-13\)$"):
        parse_gpx(data, "Mojstrovka.gpx")


def test_real_gpx_cerknicko_is_imported_without_duration_and_with_a_note():
    data = (_fixtures("gpx") / "gpxpy__cerknicko-without-times.gpx").read_bytes()
    item = only(parse_gpx(data, "cerknicko.gpx"))
    assert item.workout.duration_s is None and item.workout.distance_m > 4000
    assert set(item.notes) == {"only 5 of 296 points have time stamps: distance kept, duration unknown",
                               # (a hike, "ACTIVE LOG" of 2010: the newcomer saw it become a run without a word)
                               "the file names no activity type: imported as a run (choose another with --sport)"}
    assert item.workout.sport == "run"
    hike = only(parse_gpx(data, "cerknicko.gpx", sport="hike"))
    assert hike.workout.sport == "hike" and len(hike.notes) == 1  # (--sport said it: nothing assumed)


def test_real_gpx_strava_numeric_type_matches_the_csv_row():
    data = (_fixtures("gpx") / "stravaexport-AhmedAldahshoury__1472847905.gpx").read_bytes()
    workout = only(parse_gpx(data, "1472847905.gpx", sport="ride")).workout  # the file says 9: a run
    assert (workout.sport, workout.day, workout.start_time) == ("run", date(2018, 3, 26), clock(12, 43, 54))


def _tcx_facts(data: bytes) -> list[dict]:
    root = ET.fromstring(data)
    found = []
    for element in root.iter():
        if _ns_local(element.tag) != "Activity":
            continue
        laps = [lap for lap in element if _ns_local(lap.tag) == "Lap"]

        def value(parent, name):
            return next(float(c.text) for c in parent if _ns_local(c.tag) == name)

        hrs = [(value(next(c for c in lap if _ns_local(c.tag) == "AverageHeartRateBpm"), "Value"),
                value(lap, "TotalTimeSeconds"))
               for lap in laps if any(_ns_local(c.tag) == "AverageHeartRateBpm" for c in lap)]
        point_hrs = [value(bpm, "Value") for bpm in element.iter() if _ns_local(bpm.tag) == "HeartRateBpm"]
        found.append({
            "sport": element.get("Sport"), "laps": len(laps),
            "distance": sum(value(lap, "DistanceMeters") for lap in laps),
            "duration": sum(value(lap, "TotalTimeSeconds") for lap in laps),
            "hr": (round(sum(h * s for h, s in hrs) / sum(s for _, s in hrs)) if hrs
                   else round(sum(point_hrs) / len(point_hrs)) if point_hrs else None),
            "id": datetime.fromisoformat(next(c.text for c in element if _ns_local(c.tag) == "Id")),
        })
    return found


TCX_EXPECTED = {
    "tcxparser__test.tcx": dict(sport="run", laps=3, title="Aerobics"),
    "tcx-test-files__pool_swim-activity_1.tcx": dict(sport="other", laps=1, title=None),
    "togeojson__tour_hr.tcx": dict(sport="ride", laps=1, title=None),
}


def test_every_real_tcx_file_is_accounted_for():
    assert {path.name for path in _fixtures("tcx").glob("*.tcx")} == set(TCX_EXPECTED)


@pytest.mark.parametrize("file_name", sorted(TCX_EXPECTED))
def test_real_tcx_files(file_name):
    data = (_fixtures("tcx") / file_name).read_bytes()
    expected = TCX_EXPECTED[file_name]
    (facts,) = _tcx_facts(data)
    item = only(parse_tcx(data, file_name))
    workout = item.workout
    assert facts["laps"] == expected["laps"]
    assert workout.sport == expected["sport"] and workout.title == expected["title"]
    assert workout.distance_m == pytest.approx(facts["distance"], abs=0.01)
    assert workout.duration_s == pytest.approx(facts["duration"], abs=0.01)
    assert workout.avg_hr == facts["hr"]
    start = facts["id"].astimezone(UTC)
    assert (workout.day, workout.start_time) == (start.date(), start.time().replace(microsecond=0))
    assert workout.source_id == start.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_real_tcx_running_file_with_mile_laps():
    data = (_fixtures("tcx") / "tcxparser__test.tcx").read_bytes()
    item = only(parse_tcx(data, "test.tcx", sport="swim"))
    assert item.workout.sport == "run" and item.workout.day == date(2012, 12, 26)
    assert 4600 < item.workout.distance_m < 4800 and item.workout.avg_hr is not None
    assert set(efforts(item)) == {1000.0, MILE}
    assert efforts(item)[MILE] <= 608.47 + 1  # at least as fast as the first mile lap


def test_real_tcx_pool_swim():
    data = (_fixtures("tcx") / "tcx-test-files__pool_swim-activity_1.tcx").read_bytes()
    item = only(parse_tcx(data, "pool.tcx"))
    workout = item.workout
    assert (workout.sport, workout.distance_m, workout.duration_s) == ("other", 1500.0, 1530.668)
    assert item.workout.avg_hr is None and item.workout.pool_length_m is None
    assert any("--sport swim" in note and "50 m lengths" in note for note in item.notes)
    swim = only(parse_tcx(data, "pool.tcx", sport="swim"))
    assert (swim.workout.sport, swim.workout.pool_length_m) == ("swim", 50.0)
    assert set(efforts(swim)) == {100.0, 400.0, 1500.0}
    assert efforts(swim)[1500.0] == pytest.approx(1529, abs=2)


def test_real_tcx_tour_is_a_ride_with_its_offset_converted():
    data = (_fixtures("tcx") / "togeojson__tour_hr.tcx").read_bytes()
    workout = only(parse_tcx(data, "tour.tcx")).workout
    assert (workout.sport, workout.day, workout.start_time) == ("ride", date(2020, 12, 27), clock(14, 43, 49))
    assert workout.source_id == "2020-12-27T14:43:49Z"
    assert workout.distance_m == pytest.approx(6839.97)  # the laps', not the trimmed track's
    there = only(parse_tcx(data, "tour.tcx", tz=timezone(timedelta(hours=1)))).workout
    assert (there.day, there.start_time) == (date(2020, 12, 27), clock(15, 43, 49))


@pytest.mark.parametrize("path", ["gpx", "tcx"])
def test_real_files_cut_in_half_are_refused(path):
    for file in sorted(_fixtures(path).glob(f"*.{path}")):
        data = file.read_bytes()
        parse = parse_gpx if path == "gpx" else parse_tcx
        with pytest.raises(FileRejected, match=rf"^{re.escape(file.name)} is not well-formed XML"):
            parse(data[: len(data) // 2], file.name)


# ------------------------------------------------------------------- nesting depth (issue 12)

def _nested(levels: int, inner: str = "") -> str:
    return "<x>" * levels + inner + "</x>" * levels


@pytest.mark.parametrize("parse", [parse_gpx, parse_tcx], ids=["gpx", "tcx"])
def test_elements_nested_deeper_than_100_are_refused_before_any_tree_is_built(parse):
    """A track point's <extensions> holds 7 levels in real files; 150 is no file a watch writes. (The
    shell test in test_hostile.py nests 200,000 levels, which crashed gpxpy.)"""
    extensions = f"<extensions>{_nested(150)}</extensions>"
    if parse is parse_gpx:
        data = gpx(trkpt(0, T0, ext=extensions) + trkpt(10, T0 + timedelta(seconds=5)))
    else:
        data = _TCX.replace(b"</Lap>", f"<Extensions>{_nested(150)}</Extensions></Lap>".encode())
    with pytest.raises(FileRejected) as refused:
        parse(data, "deep.xml")
    assert re.fullmatch(r"deep\.xml nests elements 15\d deep \(at most 100\): not a (GPX|TCX) file studylog can "
                        r"read", str(refused.value))


def test_exactly_100_levels_are_read_and_tags_in_comments_or_cdata_do_not_count():
    from studylog.io.safexml import parse_xml

    inner = "<!-- " + "<c>" * 500 + " --><![CDATA[" + "<d>" * 500 + "]]>"
    root = parse_xml(f"<r>{_nested(99, inner)}</r>".encode(), "ok.xml", "GPX")
    assert sum(1 for _ in root.iter()) == 100
    with pytest.raises(FileRejected, match="nests elements 101 deep"):
        parse_xml(f"<r>{_nested(100)}</r>".encode(), "deep.xml", "GPX")


def test_a_document_too_deep_and_cut_short_is_refused_for_its_depth():
    from studylog.io.safexml import parse_xml

    with pytest.raises(FileRejected, match=r"nests elements 5,000 deep"):
        parse_xml(("<x>" * 5000).encode(), "cut.xml", "OPML")
