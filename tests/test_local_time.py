"""An imported activity's day and start time are the wall clock where the person lives, at the offset in
force at that instant: summer time for a July run, even when it is imported in December (issue 11.4)."""

from __future__ import annotations

import io
import json
import time
from contextlib import redirect_stderr, redirect_stdout
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from studylog.cli import main
from studylog.clock import LOCAL, Clock, FixedClock, clock_from_env


@pytest.fixture
def berlin(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def run(home: Path, today: date, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            status = main(["--db", str(home / "studylog.db"), *args], clock=FixedClock(today, zone=LOCAL))
        except SystemExit as exc:
            status = int(exc.code or 0)
    return status, out.getvalue(), err.getvalue()


def gpx(first: str, second: str) -> bytes:
    return f"""<?xml version="1.0"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>
<trkpt lat="52.5200" lon="13.4050"><time>{first}</time></trkpt>
<trkpt lat="52.5290" lon="13.4050"><time>{second}</time></trkpt>
</trkseg></trk></gpx>""".encode()


def tcx(start: str, second: str) -> bytes:
    return f"""<?xml version="1.0"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
<Activities><Activity Sport="Running"><Id>{start}</Id><Lap StartTime="{start}"><TotalTimeSeconds>300</TotalTimeSeconds>
<DistanceMeters>1000</DistanceMeters><Track>
<Trackpoint><Time>{start}</Time><DistanceMeters>0</DistanceMeters></Trackpoint>
<Trackpoint><Time>{second}</Time><DistanceMeters>1000</DistanceMeters></Trackpoint>
</Track></Lap></Activity></Activities></TrainingCenterDatabase>""".encode()


def only_workout(home: Path, today: date) -> dict:
    status, out, err = run(home, today, "list", "workouts", "--json")
    assert status == 0, err
    rows = json.loads(out)
    assert len(rows) == 1, rows
    return rows[0]


def test_the_clock_s_zone_follows_summer_time(berlin):
    july = datetime(2026, 7, 1, 22, 30, tzinfo=UTC).astimezone(LOCAL)
    december = datetime(2026, 12, 1, 22, 30, tzinfo=UTC).astimezone(LOCAL)
    assert (july.date(), july.hour, july.minute) == (date(2026, 7, 2), 0, 30)
    assert (december.date(), december.hour) == (date(2026, 12, 1), 23)
    assert clock_from_env({"STUDYLOG_TODAY": "2026-12-01"}).zone() is LOCAL  # a fixed day keeps the real zone
    # the real clock's zone has the rules, not today's offset (which in winter would put July an hour off)
    zone = Clock().zone()
    assert zone.utcoffset(datetime(2026, 7, 1, 12)) == timedelta(hours=2)
    assert zone.utcoffset(datetime(2026, 12, 1, 12)) == timedelta(hours=1)


@pytest.mark.parametrize(("suffix", "make"), [("gpx", gpx), ("tcx", tcx)])
def test_a_july_run_imported_in_december_is_on_its_summer_wall_clock(berlin, tmp_path, suffix, make):
    path = tmp_path / f"run.{suffix}"
    path.write_bytes(make("2026-07-01T22:30:00Z", "2026-07-01T22:35:00Z"))
    status, out, err = run(tmp_path, date(2026, 12, 1), "import", suffix, str(path))
    assert status == 0 and "1 added" in out, (out, err)
    workout = only_workout(tmp_path, date(2026, 12, 1))
    assert (workout["day"], workout["start_time"]) == ("2026-07-02", "00:30:00")
    # the same file imported again in another season is the same workout
    status, out, _ = run(tmp_path, date(2027, 7, 15), "import", suffix, str(path))
    assert status == 0 and "0 added, 1 already there" in out, out
    assert only_workout(tmp_path, date(2027, 7, 15))["start_time"] == "00:30:00"


def test_a_winter_run_keeps_winter_time(berlin, tmp_path):
    path = tmp_path / "run.gpx"
    path.write_bytes(gpx("2026-01-10T07:00:00Z", "2026-01-10T07:05:00Z"))
    assert run(tmp_path, date(2026, 7, 1), "import", "gpx", str(path))[0] == 0
    workout = only_workout(tmp_path, date(2026, 7, 1))
    assert (workout["day"], workout["start_time"]) == ("2026-01-10", "08:00:00")


def test_a_strava_row_in_summer_uses_summer_time(berlin, tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    (export / "activities.csv").write_text(
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance\n"
        '1,"Jul 1, 2026, 10:30:00 PM",Night run,Run,1800,5.00\n', encoding="utf-8")
    status, out, err = run(tmp_path, date(2026, 12, 1), "import", "strava", str(export))
    assert status == 0, err
    workout = only_workout(tmp_path, date(2026, 12, 1))
    assert (workout["day"], workout["start_time"]) == ("2026-07-02", "00:30:00")
