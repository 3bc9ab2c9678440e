"""Workout history from files, through the shell: every real file, twice, and bad files among good ones."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures"
needs_fixtures = pytest.mark.skipif(not FIXTURES.exists(), reason="../shared/fixtures is not beside the repository")


def _summary(result) -> dict:
    assert result.status == 0, result.err
    return json.loads(result.out)


@needs_fixtures
def test_all_gpx_files_at_once_then_again(cli):
    files = sorted(str(p) for p in (FIXTURES / "gpx").glob("*.gpx"))
    first = _summary(cli("import", "gpx", *files, "--json"))
    assert first["added"] == len(files) - 1  # Mojstrovka's 1901 time stamps are refused...
    [refused] = first["skipped"]
    assert refused["file"] == "gpxpy__Mojstrovka.gpx" and "1901" in refused["reason"]
    assert any("duration unknown" in n["reason"] for n in first["notes"])  # ...cerknicko has no times
    second = _summary(cli("import", "gpx", *files, "--json"))
    assert (second["added"], second["already"]) == (0, len(files) - 1)


@needs_fixtures
def test_tcx_files_and_the_pool_swim_suggestion(cli):
    files = sorted(str(p) for p in (FIXTURES / "tcx").glob("*.tcx"))
    summary = _summary(cli("import", "tcx", *files, "--json"))
    assert summary["added"] == 3
    assert any("--sport swim" in n["reason"] for n in summary["notes"])
    pool = str(FIXTURES / "tcx" / "tcx-test-files__pool_swim-activity_1.tcx")
    again = _summary(cli("import", "tcx", pool, "--sport", "swim", "--json"))
    assert (again["added"], again["already"], again["updated"]) == (0, 1, 1)
    swims = json.loads(cli("list", "workouts", "--sport", "swim", "--json").out)
    assert len(swims) == 1 and swims[0]["distance_m"] == 1500


@needs_fixtures
@pytest.mark.parametrize("name", ["Mattwasd-Strava__activities.csv", "MaryaPanova-strava-cycling-analysis__activities.csv",
                                  "AhmedAldahshoury-StravaData__activities_legacy2018.csv"])
def test_strava_exports_import_once(cli, tmp_path, name):
    export = tmp_path / "export"
    export.mkdir()
    shutil.copy(FIXTURES / "strava" / name, export / "activities.csv")
    first = _summary(cli("import", "strava", str(export), "--json"))
    second = _summary(cli("import", "strava", str(export / "activities.csv"), "--json"))
    assert first["added"] > 10
    assert second["added"] == 0 and second["already"] == first["added"]


@needs_fixtures
def test_a_gpx_that_is_also_in_the_strava_export_adds_nothing(cli, tmp_path):
    export = tmp_path / "export"
    (export / "activities").mkdir(parents=True)
    shutil.copy(FIXTURES / "strava" / "AhmedAldahshoury-StravaData__activities_legacy2018.csv",
                export / "activities.csv")
    gpx = FIXTURES / "gpx" / "stravaexport-AhmedAldahshoury__1472847905.gpx"
    (export / "activities" / "1472847905.gpx.gz").write_bytes(gzip.compress(gpx.read_bytes()))
    strava = _summary(cli("import", "strava", str(export), "--json"))
    again = _summary(cli("import", "gpx", str(gpx), "--json"))
    assert (again["added"], again["already"]) == (0, 1)
    runs = [w for w in json.loads(cli("list", "workouts", "--limit", "0", "--json").out)
            if w["day"] == "2018-03-26" and w["start_time"].startswith("12:43")]
    assert len(runs) == 1 and runs[0]["source"] == "strava"
    assert runs[0]["elevation_gain_m"] is not None  # from the GPX the CSV names (the CSV has no elevation)
    assert strava["added"] >= 20


def test_a_bad_file_among_good_ones_is_skipped_with_its_reason(cli, tmp_path):
    good = tmp_path / "good.gpx"
    good.write_text(
        '<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><trk>'
        "<type>running</type><trkseg>"
        + "".join(f'<trkpt lat="46.0" lon="{14 + i * 0.001:.3f}"><time>2026-11-20T07:{i:02d}:00Z</time></trkpt>'
                  for i in range(30))
        + "</trkseg></trk></gpx>")
    laughs = tmp_path / "laughs.gpx"
    laughs.write_text('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
                      '<gpx version="1.1"><trk><name>&lol2;</name></trk></gpx>')
    png = tmp_path / "photo.gpx"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(50))
    cut = tmp_path / "cut.gpx"
    cut.write_text(good.read_text()[:300])
    summary = _summary(cli("import", "gpx", str(good), str(laughs), str(png), str(cut), "--json"))
    assert summary["added"] == 1
    reasons = {s["file"]: s["reason"] for s in summary["skipped"]}
    assert set(reasons) == {"laughs.gpx", "photo.gpx", "cut.gpx"}
    assert "DTD" in reasons["laughs.gpx"] and "PNG" in reasons["photo.gpx"]
    [run] = json.loads(cli("list", "workouts", "--json").out)
    assert run["sport"] == "run" and 2.0 < run["distance_m"] / 1000 < 2.4 and run["duration_s"] == 29 * 60


def test_an_absurd_workout_in_a_file_is_not_imported(cli, tmp_path):
    csv = tmp_path / "activities.csv"
    csv.write_text("id,date,name,type,description,elapsed_time,distance,commute,gear,filename\n"
                   "1,2026-11-01 07:00:00,Rocket,Run,,12000,400000.0,false,,\n"
                   "2,2026-11-02 07:00:00,Easy,Run,,1800,5000.0,false,,\n")
    summary = _summary(cli("import", "strava", str(csv), "--json"))
    assert summary["added"] == 1
    assert summary["skipped"][0]["line"] == 2 and "400.00 km" in summary["skipped"][0]["reason"]


def test_activities_of_one_strava_export_that_start_together_are_never_merged(cli, tmp_path):
    """Seen: a Weight Training at 07:00, a 10 km Run at 07:01:30, a Run at 07:00 and a Ride at 07:00:40 gave
    "2 added, 2 already there", and the strength session became "10.00 km 1:00 /km"."""
    export = tmp_path / "export"
    export.mkdir()
    (export / "activities.csv").write_text(
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance\n"
        '101,"Nov 20, 2026, 7:00:00 AM",Gym,Weight Training,3600,\n'
        '102,"Nov 20, 2026, 7:01:30 AM",Run,Run,3000,10.00\n'
        '103,"Nov 20, 2026, 7:00:00 AM",Run too,Run,1800,5.00\n'
        '104,"Nov 20, 2026, 7:00:40 AM",Ride,Ride,3600,30.00\n', encoding="utf-8")
    result = cli("import", "strava", str(export), "--json")
    summary = json.loads(result.out)
    assert (summary["added"], summary["already"]) == (4, 0), result
    rows = {w["title"]: w for w in json.loads(cli("list", "workouts", "--json").out)}
    assert rows["Gym"]["sport"] == "strength" and rows["Gym"]["distance_m"] is None
    assert rows["Run"]["distance_m"] == 10000 and rows["Run too"]["distance_m"] == 5000
    assert rows["Ride"]["sport"] == "ride"
    # the same export again adds nothing
    again = json.loads(cli("import", "strava", str(export), "--json").out)
    assert (again["added"], again["already"]) == (0, 4)


def test_a_gpx_and_a_typed_workout_of_another_sport_at_the_same_time_stay_two(cli, tmp_path):
    gpx = tmp_path / "walk.gpx"
    gpx.write_bytes(b"""<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">
<trk><type>walking</type><trkseg><trkpt lat="46.0" lon="13.0"><time>2026-11-20T07:00:00Z</time></trkpt>
<trkpt lat="46.01" lon="13.0"><time>2026-11-20T07:20:00Z</time></trkpt></trkseg></trk></gpx>""")
    cli("import", "gpx", str(gpx))
    run = tmp_path / "run.gpx"
    run.write_bytes(gpx.read_bytes().replace(b"walking", b"running").replace(b"07:20:00", b"07:06:00"))
    summary = json.loads(cli("import", "gpx", str(run), "--json").out)
    assert summary["added"] == 1  # a run and a walk at the same time and distance are two workouts
