"""What an import reads (issue 12): only regular files, each format within a size limit that --max-size
lifts, a folder of workout files as the files in it, and what cannot be read said in one line, from the
shell and from the app. A named pipe and /dev/zero run in a subprocess with a time limit: before this
they hung, or read until the memory ran out."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from test_hostile import _seed

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="named pipes, sockets and /dev/zero")

COMMANDS = {  # what each importer is called from the shell, before the path
    "goodreads": ("import", "goodreads"), "storygraph": ("import", "storygraph"), "opml": ("import", "opml"),
    "markdown": ("res", "import"), "gpx": ("import", "gpx"), "tcx": ("import", "tcx"), "fit": ("import", "fit"),
    "strava": ("import", "strava"), "json": ("import", "json"),
}
FORMAT_OF = {"markdown": "markdown", "json": "json"}  # SIZE_LIMITS keys (the others are their own)
EMPTY_EXPORT = {"format": "studylog-export"}  # replaced by a real (empty) export where one is needed


def _one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def _valid(importer: str, folder: Path, cli) -> Path:
    """A valid small file for the importer (a studylog export of an empty database for json)."""
    folder.mkdir(parents=True, exist_ok=True)
    if importer == "json":
        path = folder / "export.json"
        assert cli("export", "json", "-o", str(path)).status == 0
        return path
    (folder / "seeds").mkdir(exist_ok=True)
    name, data = _seed(importer, folder / "seeds")
    path = folder / name
    path.write_bytes(data)
    return path


# ------------------------------------------------------------------ what is not a regular file, in-process

def _make(kind: str, folder: Path) -> Path:
    path = folder / f"thing-{kind.replace(' ', '-')}.x"
    if kind == "folder":
        path.mkdir()
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))  # (left bound: a path that is a socket)
    elif kind == "dangling link":
        path.symlink_to(folder / "gone")
    elif kind == "link loop":
        path.symlink_to(path)
    elif kind == "device":
        return Path("/dev/null")
    return path


SAID = {"folder": "is a folder, not a file", "socket": "is a socket, not a file",
        "dangling link": "is a symbolic link to a file that does not exist",
        "link loop": "is a symbolic link loop", "device": "is a device, not a file"}


@POSIX
@pytest.mark.parametrize(("importer", "kind"), [  # (a folder is what workout imports read: tested below)
    (importer, kind) for importer in sorted(COMMANDS) for kind in sorted(SAID)
    if kind != "folder" or importer not in ("gpx", "tcx", "fit", "strava")])
def test_what_is_not_a_regular_file_is_refused_in_one_line(cli, home, tmp_path, importer, kind):
    path = _make(kind, tmp_path)
    result = cli(*COMMANDS[importer], str(path))
    assert result.status == 1, (result.out, result.err)
    assert SAID[kind] in _one_line(result.err) and result.out == ""
    assert "Traceback" not in result.err


# ------------------------------------------------------------ a pipe and /dev/zero, in a time-limited process

DRIVER = textwrap.dedent("""
    import io, json, resource, sys
    from contextlib import redirect_stderr, redirect_stdout
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))  # /dev/zero read whole ends here, not the box
    from studylog.cli import main
    for argv in json.loads(sys.argv[1]):
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            try:
                status = main(argv)
            except SystemExit as exc:
                status = exc.code
            except BaseException as exc:
                status, err = repr(exc), io.StringIO(type(exc).__name__)
        print(json.dumps({"argv": argv, "status": status, "out": out.getvalue(), "err": err.getvalue()}),
              flush=True)
    if len(sys.argv) > 2:  # and the app's way in
        from studylog.clock import FixedClock
        from studylog.api import imports
        from studylog.api.admin import Session
        from datetime import date
        store = Session(__import__("pathlib").Path(sys.argv[2]), FixedClock(date(2026, 11, 24)))
        path = __import__("pathlib").Path(sys.argv[3])
        for name, call in (("goodreads", lambda: imports.import_reading_file(store, path, "goodreads")),
                           ("opml", lambda: imports.import_reading_file(store, path, "opml")),
                           ("markdown", lambda: imports.import_resource_file(store, path)),
                           ("workouts", lambda: imports.import_workout_files(store, [path]))):
            try:
                found = call()
                said = [s.reason for s in found.skipped]
            except Exception as exc:
                said = [f"{type(exc).__name__}: {exc}"]
            print(json.dumps({"app": name, "said": said}), flush=True)
""")


def _run_driver(home: Path, commands: list[list[str]], *store_args: str) -> list[dict]:
    env = {**os.environ, "STUDYLOG_HOME": str(home), "STUDYLOG_TODAY": "2026-11-24"}
    try:
        done = subprocess.run([sys.executable, "-c", DRIVER, json.dumps(commands), *store_args], env=env,
                              capture_output=True, text=True, timeout=90)
    except subprocess.TimeoutExpired as exc:
        finished = (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        pytest.fail(f"an import waited on it (timed out); finished before: {finished}")
    assert done.returncode == 0, done.stderr[-2000:]
    return [json.loads(line) for line in done.stdout.splitlines()]


@POSIX
@pytest.mark.parametrize(("kind", "said"), [("pipe", "is a named pipe (FIFO), not a file"),
                                            ("/dev/zero", "is a device, not a file")])
def test_a_pipe_or_an_endless_device_is_refused_without_reading_it(tmp_path, kind, said):
    path = tmp_path / "export.gpx"  # (named as a workout file too, for the app's workout import)
    if kind == "pipe":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    commands = [[*COMMANDS[importer], str(path)] for importer in sorted(COMMANDS)]
    results = _run_driver(tmp_path / "home", commands, str(tmp_path / "app.db"), str(path))
    shell, app = results[:len(commands)], results[len(commands):]
    for result in shell:
        assert result["status"] == 1, result
        assert said in _one_line(result["err"]) and result["out"] == "", result
    assert [r["app"] for r in app] == ["goodreads", "opml", "markdown", "workouts"]
    for result in app:
        assert len(result["said"]) == 1 and said in result["said"][0], result


# ---------------------------------------------------------------------------------------- size limits

def _sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as out:
        out.truncate(size)  # no disk space used
    return path


def test_a_goodreads_export_over_the_limit_says_its_size_and_the_way_past_it(cli, tmp_path):
    path = _sparse(tmp_path / "goodreads_library_export.csv", 612_000_000)
    result = cli("import", "goodreads", str(path))
    assert result.status == 1
    assert _one_line(result.err) == (f"studylog: {path} is 612 MB, more than studylog reads from a Goodreads "
                                     f"export (200 MB); --max-size 1GB reads it anyway")


@pytest.mark.parametrize("importer", sorted(COMMANDS))
def test_every_importer_has_a_size_limit(cli, tmp_path, importer):
    from studylog.io.common import SIZE_LIMITS, size_text

    fmt = FORMAT_OF.get(importer, importer)
    limit = SIZE_LIMITS[fmt]
    name = "activities.csv" if importer == "strava" else f"big.{importer}"
    path = _sparse(tmp_path / name, limit.size + 1)
    result = cli(*COMMANDS[importer], str(path))
    assert result.status == 1, result.out
    line = _one_line(result.err)
    assert f"more than studylog reads from {limit.what} ({size_text(limit.size)}); --max-size" in line
    assert "reads it anyway" in line


@pytest.mark.parametrize("importer", sorted(COMMANDS))
def test_max_size_reads_a_bigger_file_anyway(cli, tmp_path, monkeypatch, importer):
    from studylog.io.common import SIZE_LIMITS, Limit

    path = _valid(importer, tmp_path / "files", cli)
    if importer == "strava":
        path = path.rename(path.with_name("activities.csv"))
    fmt = FORMAT_OF.get(importer, importer)
    monkeypatch.setitem(SIZE_LIMITS, fmt, Limit(SIZE_LIMITS[fmt].what, 10))
    refused = cli(*COMMANDS[importer], str(path))
    assert refused.status == 1 and _one_line(refused.err).endswith("reads it anyway")
    read = cli(*COMMANDS[importer], str(path), "--max-size", "1MB")
    assert read.status == 0, read.err


@pytest.mark.parametrize(("text", "size"), [("1GB", 10**9), ("500MB", 500 * 10**6), ("500 mb", 500 * 10**6),
                                            ("1.5G", 15 * 10**8), ("64KiB", 65536), ("2GiB", 2 << 30),
                                            ("123", 123), ("2TB", 2 * 10**12)])
def test_max_size_values(text, size):
    from studylog.io.common import parse_size

    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["lots", "0", "0MB", "-5MB", "5 parsecs", ""])
def test_a_max_size_that_is_not_a_size_is_a_usage_error(cli, tmp_path, text):
    result = cli("import", "goodreads", str(tmp_path / "x.csv"), f"--max-size={text}")
    assert result.status == 2 and "--max-size" in result.err and "500MB" in result.err


def test_sizes_are_said_as_people_read_them():
    from studylog.io.common import size_text, too_big

    assert [size_text(n) for n in (1, 300, 12_000, 1_500_000, 612_000_000, 1_500_000_000)] == [
        "1 byte", "300 bytes", "12 KB", "1.5 MB", "612 MB", "1.5 GB"]
    assert too_big("t.gpx", 612_000_000, "gpx", 500_000_000).endswith("(500 MB); --max-size 1GB reads it anyway")
    assert too_big("t.gpx", 250_000_000, "gpx", 200_000_000).endswith("--max-size 500MB reads it anyway")
    assert too_big("t.gpx", 1_300_000_000, "gpx", 500_000_000).endswith("--max-size 2GB reads it anyway")


# --------------------------------------------------------------------------------- folders of workout files

def _gpx(day: int) -> str:
    points = "".join(f'<trkpt lat="46.0" lon="{14 + i * 0.001:.3f}"><time>2026-11-{day:02d}T07:{i:02d}:00Z</time>'
                     f"</trkpt>" for i in range(20))
    return ('<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">'
            f"<trk><type>running</type><trkseg>{points}</trkseg></trk></gpx>")


@POSIX
def test_a_folder_of_gpx_files_imports_each_gpx_file_in_it(cli, tmp_path):
    folder = tmp_path / "watch"
    (folder / "older").mkdir(parents=True)
    (folder / "a.gpx").write_text(_gpx(10))
    (folder / "B.GPX").write_text(_gpx(11))
    (folder / "older" / "c.gpx").write_text(_gpx(12))  # subfolders are not searched
    (folder / "notes.txt").write_text("not a workout")
    (folder / "loop.gpx").symlink_to(folder / "loop.gpx")
    (folder / "itself").symlink_to(folder)  # a folder that contains itself
    os.mkfifo(folder / "pipe.gpx")
    result = cli("import", "gpx", str(folder), "--json")
    assert result.status == 0, result.err
    summary = json.loads(result.out)
    assert summary["added"] == 2
    reasons = {s["file"]: s["reason"] for s in summary["skipped"]}
    assert set(reasons) == {"loop.gpx", "pipe.gpx"}
    assert "symbolic link loop" in reasons["loop.gpx"] and "named pipe" in reasons["pipe.gpx"]
    again = json.loads(cli("import", "gpx", str(folder), str(folder / "a.gpx"), "--json").out)
    assert (again["added"], again["already"]) == (0, 3)


def test_a_folder_without_files_of_the_format_is_one_line(cli, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "run.tcx").write_text("<x/>")
    result = cli("import", "gpx", str(tmp_path / "empty"))
    assert result.status == 1
    assert _one_line(result.err) == f"studylog: {tmp_path / 'empty'} is a folder without .gpx files; nothing was imported"


def test_one_workout_file_that_cannot_be_read_is_one_line_and_among_others_a_skipped_line(cli, tmp_path):
    good = tmp_path / "good.gpx"
    good.write_text(_gpx(10))
    alone = cli("import", "gpx", str(tmp_path / "missing.gpx"))
    assert alone.status == 1 and _one_line(alone.err) == f"studylog: no such file: {tmp_path / 'missing.gpx'}"
    among = cli("import", "gpx", str(good), str(tmp_path / "missing.gpx"), "--json")
    summary = json.loads(among.out)
    assert summary["added"] == 1 and summary["skipped"][0]["reason"].startswith("no such file")


# ----------------------------------------------------------------------------------- Strava activity files

STRAVA_ROWS = """Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Average Heart Rate,Filename
1,"Jan 1, 0001, 12:00:00 AM",Ancient,Run,1800,5.0,,
2,"Nov 3, 2026, 7:00:00 AM",Hot heart,Run,1800,5.0,1e300,
3,"Nov 4, 2026, 7:00:00 AM",Loop,Run,1800,5.0,,activities/3.gpx
4,"Nov 5, 2026, 7:00:00 AM",Fine,Run,1800,5.0,150,activities/4.gpx
5,"Nov 6, 2026, 7:00:00 AM",Pipe,Run,1800,5.0,150,activities/5.gpx
6,"Nov 7, 2026, 7:00:00 AM",Folder,Run,1800,5.0,150,activities/6.gpx
7,"Dec 31, 9999, 11:59:59 PM",Far future,Run,1800,5.0,,
"""


def _strava_export(folder: Path) -> Path:
    export = folder / "export"
    (export / "activities" / "6.gpx").mkdir(parents=True)
    (export / "activities.csv").write_text(STRAVA_ROWS)
    (export / "activities" / "3.gpx").symlink_to("3.gpx")
    (export / "activities" / "4.gpx").write_text(_gpx(5))
    os.mkfifo(export / "activities" / "5.gpx")
    return export


def _check_strava(added: int, skipped: list[tuple[int | None, str]], notes: list[tuple[int | None, str]]) -> None:
    assert added == 5  # rows 2 to 6
    assert [line for line, _ in skipped] == [2, 8]
    assert "0001-01-01 is impossible" in skipped[0][1] and "9999-12-31 is impossible" in skipped[1][1]
    said = dict(notes)
    assert "heart rate of 1e+300 bpm is not possible" in said[3]
    assert said[4] == "activities/3.gpx is a symbolic link loop: it never leads to a file"
    assert said[6] == "activities/5.gpx is a named pipe (FIFO), not a file"
    assert said[7] == "activities/6.gpx is a folder, not a file"
    assert 5 not in said  # its file was read


@POSIX
def test_strava_activity_files_that_cannot_be_read_are_a_note_on_their_row(cli, tmp_path):
    summary = json.loads(cli("import", "strava", str(_strava_export(tmp_path)), "--json").out)
    _check_strava(summary["added"], [(s["line"], s["reason"]) for s in summary["skipped"]],
                  [(n["line"], n["reason"]) for n in summary["notes"]])


@POSIX
def test_strava_activity_files_that_cannot_be_read_from_the_app(tmp_path):
    from studylog.api import imports
    from studylog.api.admin import Session
    from studylog.api.imports import workout_files
    from studylog.clock import FixedClock

    export = _strava_export(tmp_path)
    store = Session(tmp_path / "app.db", FixedClock(date(2026, 11, 24)))
    summary = imports.import_workout_files(store, workout_files(export))
    _check_strava(summary.added, [(s.line, s.reason) for s in summary.skipped], [(n.line, n.reason) for n in summary.notes])


@POSIX
def test_strava_dates_of_year_1_in_new_york_time_are_one_skipped_line_each(tmp_path):
    export = _strava_export(tmp_path)
    env = {**os.environ, "STUDYLOG_HOME": str(tmp_path / "home"), "STUDYLOG_TODAY": "2026-11-24",
           "TZ": "America/New_York"}
    done = subprocess.run([sys.executable, "-m", "studylog", "import", "strava", str(export), "--json"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    _check_strava(summary["added"], [(s["line"], s["reason"]) for s in summary["skipped"]],
                  [(n["line"], n["reason"]) for n in summary["notes"]])


# ------------------------------------------------------------------------------------------ out of memory

@pytest.mark.parametrize("reader", ["stream", "gpxpy"])
def test_running_out_of_memory_is_said_as_such_not_as_bad_xml(cli, tmp_path, monkeypatch, reader):
    """Whichever reads the file: the one-pass stream, or gpxpy (which calls it "Error parsing XML")."""
    import gpxpy

    from studylog.io import gpx

    def exhausted(*_args, **_kwargs):
        raise gpxpy.gpx.GPXXMLSyntaxException("Error parsing XML: ", MemoryError())

    def streamed_out(*_args, **_kwargs):
        raise MemoryError

    path = tmp_path / "track.gpx"
    path.write_text(_gpx(10))
    if reader == "gpxpy":
        monkeypatch.setattr(gpx, "_names_alike", lambda *_args: False)  # a file the stream leaves to gpxpy
        monkeypatch.setattr(gpxpy, "parse", exhausted)
    else:
        monkeypatch.setattr(gpx._Streamed, "read", streamed_out)
    from studylog.io.common import size_text

    result = cli("import", "gpx", str(path))
    assert result.status == 1
    size = size_text(path.stat().st_size)
    assert _one_line(result.err) == f"studylog: ran out of memory reading {path} ({size})"
    among = json.loads(cli("import", "gpx", str(path), str(tmp_path / "missing.gpx"), "--json").out)
    assert among["skipped"][0]["reason"] == f"ran out of memory reading {path} ({size})"


def test_running_out_of_memory_reading_a_stream_or_a_csv(cli, tmp_path, monkeypatch):
    from studylog.io import gpx

    path = tmp_path / "track.gpx"
    path.write_text(_gpx(10))
    monkeypatch.setattr(gpx, "STREAM_ABOVE", 100)

    def exhausted(*_args, **_kwargs):
        raise MemoryError

    monkeypatch.setattr(gpx._Streamed, "read", exhausted)
    assert "ran out of memory reading" in _one_line(cli("import", "gpx", str(path)).err)
    csv = tmp_path / "goodreads.csv"
    csv.write_text("Book Id,Title,Author,Exclusive Shelf\n1,A,B,read\n")
    monkeypatch.setattr("studylog.io.goodreads.parse_goodreads", exhausted)
    said = _one_line(cli("import", "goodreads", str(csv)).err)
    assert said == f"studylog: ran out of memory reading {csv} ({csv.stat().st_size} bytes)"
