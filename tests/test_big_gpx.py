"""Big GPX files (issue 12): above studylog.io.gpx.STREAM_ABOVE a file is read as a stream instead of by
gpxpy (which holds the whole document: a 200 MB file took 104 s and 4.1 GB), and gives the same workout.
The 200 MB import, measured for memory in a process of its own, is marked slow (``pytest -m slow``)."""

from __future__ import annotations

import json
import math
import os
import resource
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_io_gpx_tcx import _GPX, FIXTURES, GPX10, T0, TPX_V1, _mutated, gpx, steady, trkpt

from studylog.io import gpx as gpx_module
from studylog.io.common import FileRejected
from studylog.io.gpx import parse_gpx, parse_gpx_by_gpxpy, parse_gpx_file

MB = 1_000_000
POINT_BYTES = 331  # what one point below takes in the file


def write_gpx(path: Path, megabytes: float, *, segments: int = 8) -> int:
    """A ride recorded every second for days, Garmin-style (elevation, heart rate, cadence), of about
    ``megabytes`` MB, one segment a day; deterministic. Returns how many points it holds."""
    start = datetime(2026, 6, 1, 6, 0, tzinfo=UTC)
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<gpx version="1.1" creator="Garmin Connect" xmlns="http://www.topografix.com/GPX/1/1" '
            f'xmlns:gpxtpx="{TPX_V1}">\n'
            '  <metadata>\n    <name>Long ride</name>\n    <time>2026-06-01T06:00:00Z</time>\n  </metadata>\n'
            '  <trk>\n    <name>Days on the bike</name>\n    <type>cycling</type>\n')
    per_segment = max(2, int(megabytes * MB - len(head)) // POINT_BYTES // segments)
    i = 0
    lat, lon = 46.0, 13.0
    with open(path, "w", encoding="utf-8") as out:
        out.write(head)
        for day in range(segments):
            out.write("    <trkseg>\n")
            first = start + timedelta(days=day)
            for second in range(per_segment):
                speed = 1.8 + 0.6 * math.sin(i / 500.0)
                lat += speed / 111_195.0 * math.cos(i / 3000.0)
                lon += speed / (111_195.0 * math.cos(math.radians(lat))) * math.sin(i / 3000.0)
                when = (first + timedelta(seconds=second)).strftime("%Y-%m-%dT%H:%M:%SZ")
                out.write(f'      <trkpt lat="{lat:.7f}" lon="{lon:.7f}">\n'
                          f'        <ele>{300 + 200 * math.sin(i / 7000.0):.1f}</ele>\n'
                          f'        <time>{when}</time>\n        <extensions>\n'
                          f'          <gpxtpx:TrackPointExtension>\n'
                          f'            <gpxtpx:hr>{120 + int(20 * math.sin(i / 900.0))}</gpxtpx:hr>\n'
                          f'            <gpxtpx:cad>{80 + i % 7}</gpxtpx:cad>\n'
                          f'          </gpxtpx:TrackPointExtension>\n        </extensions>\n      </trkpt>\n')
                i += 1
            out.write("    </trkseg>\n")
        out.write("  </trk>\n</gpx>\n")
    return i


def _both_ways(data: bytes, monkeypatch: pytest.MonkeyPatch, name: str = "ride.gpx") -> tuple[object, object]:
    """What gpxpy's reading and the stream give for the same bytes (the refusal message when refused)."""

    def read(threshold: int) -> object:
        monkeypatch.setattr(gpx_module, "STREAM_ABOVE", threshold)
        try:
            return parse_gpx(data, name) if threshold < 0 else parse_gpx_by_gpxpy(data, name)
        except FileRejected as exc:
            return str(exc)

    return read(10**12), read(-1)


@pytest.mark.slow  # tens of MB of generated GPX
def test_a_gpx_above_the_stream_size_is_streamed_and_gives_what_gpxpy_gives(tmp_path, monkeypatch):
    path = tmp_path / "ride.gpx"
    points = write_gpx(path, 3)
    data = path.read_bytes()
    by_gpxpy = parse_gpx_by_gpxpy(data, "ride.gpx")  # (3 MB: under the real threshold)

    def no_gpxpy(*_args, **_kwargs):
        raise AssertionError("gpxpy was asked to read a file above STREAM_ABOVE")

    monkeypatch.setattr(gpx_module, "STREAM_ABOVE", MB)
    monkeypatch.setattr(gpx_module, "_read_with_gpxpy", no_gpxpy)
    streamed = parse_gpx(data, "ride.gpx")
    with open(path, "rb") as file:
        from_file = parse_gpx_file(file, "ride.gpx", size=len(data))
    assert streamed == by_gpxpy == from_file
    ((_, workout),) = streamed.items
    assert workout.workout.sport == "ride" and workout.workout.duration_s == points - 8  # 8 days, no pauses
    assert workout.workout.avg_hr is not None and workout.workout.elevation_gain_m > 0 and workout.efforts


def _documents() -> dict[str, bytes]:
    """Small GPX documents with what varies between files: versions, tracks and segments, points without
    time or elevation, heart rates under any prefix, names, types, waypoints, glitches, broken values."""
    hr = f' xmlns:g="{TPX_V1}"'
    ext = '<extensions><g:TrackPointExtension><g:hr>{}</g:hr></g:TrackPointExtension></extensions>'
    three = steady(0, 3000, 10, T0, 300)
    docs = {
        "steady": gpx(three, kind="running", name="Morning"),
        "segments": gpx(steady(0, 1000, 10, T0, 300), steady(1000, 2000, 10, T0 + timedelta(hours=1), 280)),
        "untimed": gpx(steady(0, 2000, 10, None, 300), metadata=f"<time>{T0.isoformat()}</time>"),
        "partly timed": gpx(steady(0, 500, 10, T0, 300) + steady(510, 2000, 10, None, 300)),
        "heart rate": gpx("".join(trkpt(i * 10, T0 + timedelta(seconds=i * 3), ext=ext.format(140 + i % 9))
                                  for i in range(200)), namespaces=hr),
        "elevations": gpx("".join(trkpt(i * 10, T0 + timedelta(seconds=i * 3), ele=["nan", 100 + i, "", 7][i % 4])
                                  for i in range(100))),
        "spike": gpx(steady(0, 1000, 10, T0, 300).replace('lon="13.0"', 'lon="14.0"', 1)),
        "gpx 1.0": gpx(three, version="1.0", kind="9", name="Old").replace(
            b'<trk>', f"<name>File</name><time>{T0.isoformat()}</time><trk>".encode(), 1),
        "two tracks": gpx(three).replace(b"</trk>", b"</trk><trk><type>Hike</type><trkseg>"
                                         + steady(3000, 4000, 10, T0 + timedelta(hours=2), 600).encode()
                                         + b"</trkseg></trk>", 1),
        "waypoints only": gpx("").replace(b"<trk>", b'<wpt lat="46" lon="13"/><trk>'),
        "one point": gpx(trkpt(0, T0)),
        "bad latitude": gpx(three.replace('lat="46.0000000000"', 'lat="north"', 1)),
        "no latitude": gpx(three.replace('lat="46.0000000000" ', "", 1)),
        "bad elevation": gpx(trkpt(0, T0, ele="high") + trkpt(10, T0 + timedelta(seconds=4))),
        "bad fix": gpx(trkpt(0, T0, ext="<fix>5d</fix>") + trkpt(10, T0 + timedelta(seconds=4))),
        "1901": gpx(steady(0, 100, 10, datetime(1901, 12, 13, 20, 45, 52, tzinfo=UTC), 300)),
        "odd times": gpx("".join(trkpt(i * 10).replace("</trkpt>", f"<time>{t}</time></trkpt>")
                                 for i, t in enumerate(["2024-05-04T07:30:00+02:00", "2024-05-04 07:30:05",
                                                        "2024-5-4T7:30:10Z", "2024-05-04T07:30:15.123456789Z",
                                                        "garbage", "2024-05-04T07:30:25.5Z", "2024-13-04T07:30:30Z"]))),
        "no namespace": gpx(three).replace(b' xmlns="http://www.topografix.com/GPX/1/1"', b""),
        "gpx 1.0 with metadata": gpx(three, version="1.0").replace(
            b"<trk>", f"<metadata><name>M</name></metadata><name>File</name><time>{T0.isoformat()}</time><trk>".encode(), 1),
        "gpx 1.1 with two metadata": gpx(steady(0, 2000, 10, None, 300)).replace(
            b"<trk>", f"<metadata><name>A</name></metadata><metadata><time>{T0.isoformat()}</time></metadata>"
                      f"<trk>".encode(), 1),
        "gpx 1.0 by its version only": gpx(three, version="1.0").replace(f' xmlns="{GPX10}"'.encode(), b""),
    }
    for path in sorted((FIXTURES / "gpx").glob("*.gpx")) if FIXTURES.exists() else ():
        docs[path.name] = path.read_bytes()
    return docs


@pytest.mark.parametrize("name", sorted(_documents()))
def test_every_kind_of_gpx_reads_the_same_from_a_stream_and_from_gpxpy(monkeypatch, name):
    by_gpxpy, streamed = _both_ways(_documents()[name], monkeypatch)
    assert streamed == by_gpxpy


@pytest.mark.slow  # tens of MB of generated GPX
def test_a_file_over_20_mb_takes_the_stream_and_says_how_far_it_has_got(tmp_path, monkeypatch):
    path = tmp_path / "ride.gpx"
    write_gpx(path, 21)
    size = path.stat().st_size
    assert size > gpx_module.STREAM_ABOVE  # the real threshold, not a lowered one

    def no_gpxpy(*_args, **_kwargs):
        raise AssertionError("gpxpy was asked to read a big file")

    monkeypatch.setattr(gpx_module, "_read_with_gpxpy", no_gpxpy)
    seen: list[int] = []
    with open(path, "rb") as file:
        parsed = parse_gpx_file(file, "ride.gpx", size=size, progress=seen.append)
    ((_, workout),) = parsed.items
    assert workout.workout.sport == "ride" and workout.workout.distance_m > 100_000
    assert seen == sorted(seen) and len(seen) >= 20 and seen[-1] == size


def test_the_shell_shows_a_progress_bar_for_a_streamed_file(cli, tmp_path, monkeypatch):
    from contextlib import contextmanager

    from studylog.cli import imports

    path = tmp_path / "ride.gpx"
    write_gpx(path, 3)
    bars: list[tuple[str, int, list[int]]] = []

    @contextmanager
    def progress_bar(message, total, *, big):
        done: list[int] = []
        if big:
            bars.append((message, total, done))
        yield done.append if big else None

    monkeypatch.setattr(gpx_module, "STREAM_ABOVE", MB)
    monkeypatch.setattr(gpx_module, "PROGRESS_EVERY", 100_000)
    monkeypatch.setattr(imports, "progress_bar", progress_bar)
    result = cli("import", "gpx", str(path), "--json")
    assert result.status == 0 and json.loads(result.out)["added"] == 1
    [(message, total, done)] = bars
    assert message == "Reading ride.gpx" and total == path.stat().st_size and done[-1] == total and len(done) > 20


def test_the_app_says_how_far_it_has_got_in_a_streamed_file(tmp_path, monkeypatch):
    from datetime import date

    from studylog.api.admin import Session
    from studylog.api.imports import import_workout_files
    from studylog.clock import FixedClock

    path = tmp_path / "ride.gpx"
    write_gpx(path, 3)
    monkeypatch.setattr(gpx_module, "STREAM_ABOVE", MB)
    monkeypatch.setattr(gpx_module, "PROGRESS_EVERY", 100_000)
    calls: list[tuple[int, int]] = []
    summary = import_workout_files(Session(tmp_path / "app.db", FixedClock(date(2026, 11, 24))),
        [path], progress=lambda done, total: calls.append((done, total)))
    assert summary.added == 1
    total = calls[0][1]
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert len({done for done, _ in calls if 0 < done < total}) > 20  # the bar moves while the file is read
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


# ----------------------------------------------------------------------------------- 200 MB, measured

MEASURE = textwrap.dedent("""
    import json, resource, sys, time
    from studylog.cli import main
    started = time.perf_counter()
    status = main(["import", "gpx", sys.argv[1], "--json"])
    with open(sys.argv[2], "w") as out:
        json.dump({"status": status, "seconds": time.perf_counter() - started,
                   "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}, out)
""")


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss in KiB and a pseudo-terminal")
def test_a_200_mb_gpx_imports_in_bounded_memory_with_a_progress_bar(tmp_path):
    """The whole shell import (reading, cleaning, storing) of a 200 MB file in a process of its own,
    stderr on a pseudo-terminal: peak memory under 500 MB (gpxpy: 4.1 GB), and a progress bar."""
    import pty

    path = tmp_path / "ride.gpx"
    points = write_gpx(path, 200)
    report = tmp_path / "report.json"
    env = {**os.environ, "STUDYLOG_HOME": str(tmp_path / "home"), "STUDYLOG_TODAY": "2026-11-24",
           "COLUMNS": "100"}
    master, slave = pty.openpty()
    shown = bytearray()

    def drain() -> None:  # (a pseudo-terminal nobody reads blocks the writer)
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MEASURE, str(path), str(report)], env=env, stdout=subprocess.PIPE,
                          stderr=slave, timeout=600)
    os.close(slave)
    reader.join(timeout=10)
    os.close(master)
    measured = json.loads(report.read_text())
    print(f"\n200 MB GPX ({points:,} points): {measured['seconds']:.1f} s, peak {measured['peak_mb']:.0f} MB "
          f"(whole process {time.perf_counter() - started:.1f} s)")
    assert done.returncode == 0 and measured["status"] == 0
    assert json.loads(done.stdout)["added"] == 1
    assert measured["peak_mb"] < 500
    text = shown.decode(errors="replace")
    assert "Reading ride.gpx" in text and "%" in text
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 < 2000  # (this process did not read it)


# -------------------------------------------------------------------------------- damaged files, both ways

DAMAGED_EXAMPLES = int(os.environ.get("STUDYLOG_GPX_EXAMPLES", "300"))
_SAMPLE = gpx("".join(trkpt(i * 12, T0 + timedelta(seconds=i * 4), ele=100 + i % 5,
                            ext=f"<extensions><g:TrackPointExtension><g:hr>{130 + i}</g:hr></g:TrackPointExtension>"
                                f"</extensions>") for i in range(12)),
              "".join(trkpt(200 + i * 12, T0 + timedelta(seconds=100 + i * 4)) for i in range(6)),
              kind="running", name="Track", metadata=f"<name>File</name><time>{T0.isoformat()}</time>",
              namespaces=f' xmlns:g="{TPX_V1}"')


@st.composite
def _values_changed(draw, valid: bytes) -> bytes:
    """A valid document with some of its numbers' characters changed (coordinates, times, elevations,
    heart rates): mostly still well-formed, so both readers get to the values."""
    data = bytearray(valid)
    places = [i for i, byte in enumerate(data) if chr(byte) in "0123456789.-:"]
    for _ in range(draw(st.integers(1, 6))):
        data[draw(st.sampled_from(places))] = ord(draw(st.sampled_from("0123456789.-+eE:TZ n")))
    return bytes(data)


def _accepted_or_refused(result: object) -> object:
    return result if not isinstance(result, str) else "refused"


@settings(max_examples=DAMAGED_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=300), _mutated(_GPX), _mutated(_SAMPLE), _values_changed(_SAMPLE)))
def test_a_damaged_gpx_reads_the_same_both_ways(monkeypatch, data):
    """A damaged file that gpxpy reads gives the same workout from the stream; one it refuses, the stream
    refuses too (the reason may be another of the file's faults: the stream stops at the first it meets)."""
    by_gpxpy, streamed = _both_ways(data, monkeypatch)
    assert _accepted_or_refused(streamed) == _accepted_or_refused(by_gpxpy), (by_gpxpy, streamed)
    if not isinstance(by_gpxpy, str):
        assert streamed == by_gpxpy
