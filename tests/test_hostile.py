"""Hostile input: markup-looking text and escape sequences from every way in, arbitrary bytes to every
importer, file names that try to leave their folder. The counts of examples here are the ones README gives."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_io_fit_strava import fit_file, run_session
from test_io_gpx_tcx import _TCX

from studylog.io.common import FileRejected
from studylog.io.markdown_list import parse_markdown_list
from studylog.io.registry import READING_FORMATS, STRAVA, WORKOUT_FORMATS
from studylog.text import safe_filename

EVIL = "[bold red]x[/] \x1b[31mRED\x1b[0m [link=https://evil.example]y[/link] \x07bell"
SHOWN = "[bold red]x[/] RED [link=https://evil.example]y[/link] bell"  # what must be stored and shown
FUZZ_EXAMPLES = 300  # per importer (README's tally)

IMPORTERS = {**{name: imp.load() for name, imp in READING_FORMATS.items()},
             **{name: imp.load() for name, imp in WORKOUT_FORMATS.items()},
             "strava": STRAVA.load(), "markdown": parse_markdown_list}


@pytest.mark.parametrize("name", sorted(IMPORTERS))
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2048))
def test_arbitrary_bytes_never_crash_an_importer(name, data):
    with contextlib.suppress(FileRejected):
        IMPORTERS[name](data, f"fuzz.{name}")


ODD_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=FUZZ_EXAMPLES, deadline=None)
@given(title=ODD_TEXT, author=ODD_TEXT, review=ODD_TEXT)
def test_well_formed_but_odd_goodreads_rows_import_as_text(title, author, review):
    import csv
    import io

    from studylog.io.goodreads import parse_goodreads

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Book Id", "Title", "Author", "Exclusive Shelf", "My Review"])
    writer.writerow(["1", title, author, "read", review])
    try:
        parsed = parse_goodreads(out.getvalue().encode(), "odd.csv")
    except FileRejected:  # e.g. a NUL byte: the file is binary, refused whole
        return
    for _, item in parsed.items:
        for value in (item.title, item.review or "", *item.authors):
            assert "\x1b" not in value and "\x00" not in value


# --------------------------------------------------------------- markup and escapes, from every way in

def _files(tmp: Path) -> dict[str, Path]:
    esc = EVIL.replace("&", "&amp;").replace("<", "&lt;").replace("\x1b", "&#27;").replace("\x07", "")
    files = {
        "goodreads": ("books.csv", "Book Id,Title,Author,Exclusive Shelf,My Rating,Date Read,Date Added\n"
                                   f'7,"{EVIL}",Someone,read,4,2026/11/01,2026/10/01\n'),
        "storygraph": ("sg.csv", "Title,Authors,ISBN/UID,Read Status,Date Added,Dates Read,Star Rating,Tags\n"
                                 f'"{EVIL} (sg)",Someone,,read,2026/10/01,2026/11/02,4.5,\n'),
        "opml": ("feeds.opml", '<?xml version="1.0"?><opml version="2.0"><body>'
                               '<outline text="Folder"><outline text="Blog ' + EVIL.replace("\x1b", "").replace(
                                   "\x07", "") + '" xmlUrl="https://blog.example/feed" htmlUrl="https://blog.example"/>'
                               "</outline></body></opml>"),
        "strava": ("activities.csv", "id,date,name,type,description,elapsed_time,distance,commute,gear,filename\n"
                                     f'9,2026-11-03 07:00:00,"{EVIL}",Run,"{EVIL}",1800,5000.0,false,,\n'),
        "gpx": ("run.gpx", '<?xml version="1.0"?><gpx version="1.1" creator="t" '
                           f'xmlns="http://www.topografix.com/GPX/1/1"><trk><name>{esc} gpx</name><type>running</type>'
                           "<trkseg>" + "".join(f'<trkpt lat="46.0" lon="{14 + i * 0.001:.3f}"><time>2026-11-04T07:'
                                                f"{i:02d}:00Z</time></trkpt>" for i in range(20)) + "</trkseg></trk></gpx>"),
    }
    out = {}
    for fmt, (name, content) in files.items():
        path = tmp / name
        path.write_text(content, encoding="utf-8")
        out[fmt] = path
    md = tmp / "list.md"
    md.write_text(f"# List\n\n## Topic\n\n- [{EVIL}](https://res.example/a) - {EVIL}\n", encoding="utf-8")
    out["markdown"] = md
    return out


def test_markup_and_escape_sequences_are_stored_as_text_and_printed_as_typed(cli, home, tmp_path):
    files = _files(tmp_path)
    for fmt in ("goodreads", "storygraph", "opml", "strava", "gpx"):
        result = cli("import", fmt, str(files[fmt]))
        assert result.status == 0, (fmt, result.err)
    assert cli("res", "import", str(files["markdown"])).status == 0
    assert cli("log", "write", EVIL, "--title", EVIL, "--tag", "x").status == 0
    assert cli("log", "run", "5k", "25:00", "--title", EVIL, "--date", "2 days ago").status == 0
    conn = sqlite3.connect(home / "studylog.db")
    text_columns = {"writing_entry": ("title", "note"), "workout": ("title", "note"), "reading_item": ("title",),
                    "feed": ("title", "url", "tags"), "resource": ("title", "description")}
    for table, columns in text_columns.items():
        for column in columns:
            for (value,) in conn.execute(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL"):
                assert "\x1b" not in value and "\x07" not in value, (table, column, value)
    conn.close()
    outputs = [cli("list", "writing").out, cli("list", "workouts").out, cli("read", "list").out,
               cli("res", "list").out, cli("review", "week", "--format", "text").out]
    for out in outputs:
        assert "\x1b" not in out
    assert "[bold red]x[/]" in outputs[0] and "[bold red]x[/]" in outputs[1] and "[bold red]x[/]" in outputs[2]
    assert "[link=https://evil.example]y[/link]" in outputs[3]


async def test_markup_is_shown_literally_in_every_screen(tmp_path, monkeypatch):
    from test_tui import CLOCK, TODAY, make_app, settle

    from studylog.db.opening import open_database
    from studylog.domain.values import NewReading, NewResource, NewStudy, NewWorkout, NewWriting
    from studylog.services import habits, reading, resources, study, workouts, writing

    conn = open_database(tmp_path / "studylog.db", CLOCK)
    now = CLOCK.now()
    writing.add(conn, NewWriting(day=TODAY, words=5, title=EVIL, note=EVIL), now=now)
    workouts.add(conn, NewWorkout(sport="run", day=TODAY, distance_m=5000, duration_s=1500, title=EVIL), now=now)
    reading.add(conn, NewReading(title=EVIL, authors=(EVIL,)), now=now, today=TODAY)
    resources.add(conn, NewResource(url="https://res.example/a", title=EVIL, topic="T"), now=now, today=TODAY)
    study.add(conn, NewStudy(day=TODAY, duration_s=600, topic=EVIL, note=EVIL), now=now)
    habits.add(conn, EVIL, now=now)
    conn.close()
    app = make_app(tmp_path, seeded=False)
    async with app.run_test(size=(160, 40)) as pilot:
        for key in ("1", "2", "3", "4", "5", "8", "9"):
            await pilot.press(key)
            await settle(pilot)
            screen_text = _visible_text(app)
            assert "[bold red]x[/]" in screen_text, key
            assert "\x1b" not in screen_text
        await pilot.press("s", *"RED")
        await settle(pilot)
        assert "[bold red]x[/]" in _visible_text(app)


def _visible_text(app) -> str:
    """What the terminal would show: the screenshot's text, tags and entities undone."""
    import html
    import re

    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


# ---------------------------------------------------------------------------------- file names

@pytest.mark.parametrize(("name", "expected"), [
    ("../../etc/passwd", "etc-passwd"), ("/abs/path", "abs-path"), (".hidden", "hidden"), ("a/../b", "a-.-b"),
    ("CON\x00x", "CON-x"), ("", "export"), ("..", "export"), ("GPUs: a list", "GPUs-a-list"),
])
def test_file_names_made_from_titles_stay_in_their_folder(name, expected):
    assert safe_filename(name) == expected
    assert "/" not in safe_filename(name) and not safe_filename(name).startswith(".")


def test_exporting_into_a_folder_names_the_file_safely(cli, tmp_path):
    md = tmp_path / "l.md"
    md.write_text("# ../../outside\n\n## T\n\n- [a](https://a.example/x)\n")
    assert cli("res", "import", str(md)).status == 0
    folder = tmp_path / "out"
    folder.mkdir()
    result = cli("res", "export", "--list", "../../outside", "-o", str(folder))
    assert result.status == 0, result.err
    assert [p.name for p in folder.iterdir()] == ["outside.md"]
    assert not (tmp_path.parent / "outside.md").exists()
    assert cli("review", "week", "-o", str(folder)).status == 0
    assert sorted(p.name for p in folder.iterdir()) == ["outside.md", "review-2026-W48.md"]
    assert json.loads(cli("review", "week", "--format", "json").out)["label"] == "2026-W48"


# ------------------------------------------------------- damaged files through the shell, into a database

SHELL_EXAMPLES = 150  # per format (README's tally)
COUNTED = ("writing_entry", "workout", "workout_effort", "reading_item", "feed", "resource", "resource_list",
           "resource_list_item")
ADDS_TO = {"goodreads": "reading_item", "storygraph": "reading_item", "opml": "feed", "strava": "workout",
           "gpx": "workout", "tcx": "workout", "fit": "workout", "markdown": "resource"}


def _seed(fmt: str, folder: Path) -> tuple[str, bytes]:
    """A valid file of the format (its name, its bytes), holding markup-like text where it can."""
    if fmt == "tcx":
        return "ride.tcx", _TCX
    if fmt == "fit":
        return "run.fit", fit_file(run_session())
    path = _files(folder)[fmt]
    return path.name, path.read_bytes()


def _empty_database(folder: Path) -> Path:
    """An empty database at the newest schema, made once per test (copying it is quicker than migrating)."""
    template = folder / "empty-template.db"
    if not template.exists():
        from studylog.clock import FixedClock
        from studylog.db.opening import open_database
        from studylog.db.sqlite import connect

        open_database(template, FixedClock(date(2026, 11, 24))).close()
        conn = connect(template)
        conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file to copy
        conn.close()
    return template


def _counts(db: Path) -> dict[str, int]:
    if not db.exists():
        return dict.fromkeys(COUNTED, 0)
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in COUNTED}
    finally:
        conn.close()


def _flip(data: bytes, edits: list[tuple[int, str, int]]) -> bytes:
    out = bytearray(data)
    for at, action, value in edits:
        if not out:
            break
        at %= len(out)
        if action == "delete":
            del out[at]
        elif action == "cut":
            del out[at:]
        else:
            out[at:at + (action == "set")] = bytes([value])
    return bytes(out)


EDITS = st.lists(st.tuples(st.integers(0, 1 << 20), st.sampled_from(["set", "insert", "delete", "cut"]),
                           st.integers(0, 255)), min_size=1, max_size=6)


@pytest.mark.slow  # full Hypothesis count through the shell
@pytest.mark.parametrize("fmt", sorted(ADDS_TO))
@settings(max_examples=SHELL_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=EDITS)
def test_a_damaged_file_imports_whole_or_not_at_all_and_never_twice(cli, home, tmp_path, fmt, edits):
    """From the shell, into a real database: the command ends with a summary or one line (never a
    traceback); what it says it added is what arrived, nothing else changed; the same file again adds
    nothing."""
    name, valid = _seed(fmt, tmp_path)
    path = tmp_path / "fuzz" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(_flip(valid, edits))
    db = tmp_path / "example.db"  # a new, empty database for each example
    for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        stale.unlink(missing_ok=True)
    shutil.copyfile(_empty_database(tmp_path), db)
    command = ("res", "import") if fmt == "markdown" else ("import", fmt)
    for attempt in (1, 2):
        before = _counts(db)
        result = cli("--db", str(db), *command, str(path), "--json")
        assert "Traceback" not in result.err
        after = _counts(db)
        if attempt == 1:
            event("refused whole" if result.status else "imported" if json.loads(result.out)["added"] else
                  "nothing to add")
        if result.status != 0:
            assert result.status in (1, 2) and len(result.err.strip().splitlines()) == 1, result.err
            assert after == before
            return
        added = json.loads(result.out)["added"]
        target = ADDS_TO[fmt]
        assert after[target] - before[target] == added
        untouched = {t for t in COUNTED if t != target} - {"workout_effort", "resource_list", "resource_list_item"}
        assert {t: after[t] for t in untouched} == {t: before[t] for t in untouched}
        if attempt == 2:
            assert added == 0 and after == before


# ------------------------------------------------------------------------------ links that are not web

async def test_only_http_links_are_opened_in_a_browser(tmp_path, monkeypatch):
    """A resource can hold another kind of link (from an edited database or a JSON export): `o` opens
    http(s) links only."""
    from test_tui import CLOCK, TODAY, make_app, settle

    from studylog.db.opening import open_database
    from studylog.domain.values import NewResource
    from studylog.services import resources

    conn = open_database(tmp_path / "studylog.db", CLOCK)
    resources.add(conn, NewResource(url="https://ok.example/a", title="Web", topic="T"), now=CLOCK.now(), today=TODAY)
    bad = resources.add(conn, NewResource(url="https://placeholder.example/b", title="Not web", topic="T"),
                        now=CLOCK.now(), today=TODAY)[0]
    conn.execute("UPDATE resource SET url = ? WHERE id = ?", ("javascript:alert(1)", bad.id))
    conn.execute("INSERT INTO resource (url, title, topic, kind, status, added, created_at, updated_at) "
                 "SELECT 'file:///etc/passwd', 'A file', 'T', kind, status, added, created_at, updated_at "
                 "FROM resource WHERE id = ?", (bad.id,))
    conn.close()
    app = make_app(tmp_path, seeded=False)
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        table = app.screen.query_one("#resources")
        table.focus()
        titles = []
        for row in range(table.row_count):
            table.move_cursor(row=row)
            await pilot.press("o")
            await pilot.pause()
            titles.append(str(table.get_row_at(row)[1]))
    assert opened == ["https://ok.example/a"], (opened, titles)
    assert sum("Only http(s) links are opened" in str(n.message) for n in app._notifications) == 2


# ------------------------------------------------------------- elements nested 200,000 deep (issue 12)

DEEP = 200_000


def _deep(fmt: str) -> tuple[str, bytes]:
    """A document of the format with 200,000 elements nested in one of its extension blocks."""
    nest = "<x>" * DEEP + "</x>" * DEEP
    if fmt == "gpx":
        point = '<trkpt lat="46.0" lon="13.{}"><time>2026-11-20T07:0{}:00Z</time>{}</trkpt>'
        return "track.gpx", ('<?xml version="1.0"?><gpx version="1.1" creator="t" '
                             'xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
                             + point.format(0, 0, f"<extensions>{nest}</extensions>") + point.format(1, 1, "")
                             + "</trkseg></trk></gpx>").encode()
    if fmt == "tcx":
        return "ride.tcx", ('<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/'
                            'TrainingCenterDatabase/v2"><Activities><Activity Sport="Running"><Id>2026-11-20T07:00:00Z'
                            '</Id><Lap StartTime="2026-11-20T07:00:00Z"><TotalTimeSeconds>600</TotalTimeSeconds>'
                            f"<DistanceMeters>2000</DistanceMeters><Extensions>{nest}</Extensions></Lap></Activity>"
                            "</Activities></TrainingCenterDatabase>").encode()
    return "feeds.opml", ('<?xml version="1.0"?><opml version="2.0"><body>' + '<outline text="a">' * DEEP
                          + "</outline>" * DEEP + "</body></opml>").encode()


@pytest.mark.slow  # a subprocess per format
@pytest.mark.parametrize(("fmt", "depth", "what"), [("gpx", "200,005", "a GPX"), ("tcx", "200,005", "a TCX"),
                                                   ("opml", "200,002", "an OPML")])
def test_elements_nested_200000_deep_are_refused_in_one_line_without_a_crash(tmp_path, fmt, depth, what):
    """From the shell, in a process of its own: gpxpy's deepcopy of such an <extensions> block killed the
    process with SIGSEGV before the depth was limited."""
    import os
    import subprocess
    import sys

    name, data = _deep(fmt)
    path = tmp_path / name
    path.write_bytes(data)
    env = {**os.environ, "STUDYLOG_HOME": str(tmp_path / "home"), "STUDYLOG_TODAY": "2026-11-24"}
    done = subprocess.run([sys.executable, "-m", "studylog", "import", fmt, str(path)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode >= 0, f"killed by signal {-done.returncode}"
    said = f"{name} nests elements {depth} deep (at most 100): not {what} file studylog can read"
    if fmt == "opml":  # one file of feeds: refused whole
        assert done.returncode == 1 and done.stderr == f"studylog: {said}; nothing was imported\n"
    else:  # workout files are each read on their own: a skipped line of the summary
        assert done.returncode == 0 and f"  skipped {name}: {said}\n" in done.stdout, done.stderr
        assert "0 added" in done.stdout


@pytest.mark.parametrize(("raw", "kept"), [
    ("a\x9b31mred", "ared"),  # (hostile tester: "31m" was left behind, the 8-bit CSI alone removed)
    ("up\x9b2A", "up"),
    ("A\x9bB", "AB"),  # (no parameters: the letter after a lone one stays, as text decoded wrongly holds them)
    ("\x9b1;2Hmoved", "moved"),
    ("\x1b[31mred\x1b[0m and \x9b0m", "red and"),
])
def test_the_8_bit_csi_goes_with_its_sequence(raw, kept):
    from studylog.text import clean

    assert clean(raw) == kept
