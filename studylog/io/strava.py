"""A Strava bulk export (``activities.csv`` and the activity files it names) -> workouts.

Columns are found by name, and the header is read as a list because names repeat: the first
``Distance`` is the display value (km with 2 decimals, metres with a thousands comma for swims), the
second the raw value in metres. The legacy (2018) export has ten lower-case columns and ``distance`` in
metres. Dates are UTC in both layouts; ``tz`` says in which zone the day and start time are kept.

When a row names an activity file and ``read`` can give it, the file (GPX, TCX or FIT, gzipped or not)
fills in what the CSV lacks: best efforts from its track, heart rate, climbing. Pure: the caller reads
(``studylog.io.common.activity_reader``: only regular files inside the export folder). An activity file
that cannot be read (a link loop, a pipe, too big, out of memory) is a note on its row, whose CSV values
are still imported.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo

from studylog.domain.values import Effort, ImportedWorkout, NewWorkout, Skipped
from studylog.io.common import FileRejected, Parsed, decode_text, out_of_memory
from studylog.io.csvfile import clean_line, column_key, html_to_text, long_fields, records
from studylog.io.workouts import (
    TIME_ONLY,
    implausible,
    impossible_moment,
    sane_efforts,
    sport_from,
)
from studylog.limits import HEART_RATE
from studylog.text import clean, tag

SOURCE = "strava"
WHAT = "a Strava activities.csv"
MODERN = ("Activity ID", "Activity Date", "Activity Type")
LEGACY = ("id", "date", "type")
# Activity types that mean "some workout" rather than a sport studylog has no name for.
GENERIC_TYPES = frozenset({"workout", "other", ""})
MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
MAX_ACTIVITY_FILE = 256 * 1024 * 1024  # a gzipped file that unpacks to more than this is not an activity

Read = Callable[[str], "bytes | None"]
"""``read(filename)``: the bytes of an activity file the CSV names; None when it is not there; raises
``FileRejected`` (one sentence naming it) when it is there but cannot be read."""


def parse_strava(data: bytes, name: str, *, read: Read | None = None,
                 tz: tzinfo = UTC) -> Parsed[ImportedWorkout]:
    """The activities of a Strava export, in file order; rows that cannot be workouts are skipped with
    their line and reason. A CSV that is not a Strava export is refused."""
    text = decode_text(data, name, WHAT)
    items: list[tuple[int | None, ImportedWorkout]] = []
    skipped: list[Skipped] = []
    columns: _Columns | None = None
    with long_fields():
        for start, row in records(text, name):
            if columns is None:
                columns = _Columns(row, name)
                continue
            if len(row) != columns.width:
                skipped.append(Skipped(name, start, f"the row has {len(row)} fields where the header has "
                                                    f"{columns.width}"))
                continue
            result = _activity(columns, row, read, tz)
            if isinstance(result, str):
                skipped.append(Skipped(name, start, result))
            else:
                items.append((start, result))
    if columns is None:
        _Columns([], name)  # refuses the file, naming the missing columns
    return Parsed(tuple(items), tuple(skipped))


# ----------------------------------------------------------------------------------------------- columns

class _Columns:
    """Where each column is, every copy of a repeated name kept in order."""

    def __init__(self, header: list[str], name: str) -> None:
        self.width = len(header)
        self.positions: dict[str, list[int]] = {}
        for position, cell in enumerate(header):
            if "<" in cell:  # '<span class="translation_missing" ...>Type</span>'
                cell = html_to_text(cell) or ""
            self.positions.setdefault(column_key(cell), []).append(position)
        self.legacy = column_key(MODERN[0]) not in self.positions and all(
            column_key(column) in self.positions for column in LEGACY)
        if not self.legacy:
            missing = [column for column in MODERN if column_key(column) not in self.positions]
            if missing:
                raise FileRejected(f"{name} does not look like {WHAT}: it has no {_names(missing)} column")

    def get(self, row: list[str], column: str, copy: int = 0) -> str:
        """The value of the ``copy``-th column of that name (0: the first), "" when there is none."""
        found = self.positions.get(column_key(column), ())
        return row[found[copy]].strip() if copy < len(found) else ""

    def has(self, column: str, copy: int = 0) -> bool:
        return copy < len(self.positions.get(column_key(column), ()))


def _names(columns: list[str]) -> str:
    return columns[0] if len(columns) == 1 else f"{', '.join(columns[:-1])} or {columns[-1]}"


# ------------------------------------------------------------------------------------------------ values

_MODERN_DATE = re.compile(r"([A-Za-z]{3})[A-Za-z]*\.? +([0-9]{1,2}), *([0-9]{4}),? +"
                          r"([0-9]{1,2}):([0-9]{2}):([0-9]{2}) *([AaPp])\.? *[Mm]\.?")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[ T]([0-9]{2}):([0-9]{2}):([0-9]{2})"
                       r"(?:\.[0-9]{1,9})?(?:Z|[+-]00:?00)?")


def parse_date(value: str) -> datetime | None:
    """'Jan 4, 2020, 2:57:37 PM' or '2018-03-26 12:43:54' (both UTC) as an aware datetime; None if it is
    neither. English month names are matched here, not through the locale."""
    value = value.strip()
    try:
        if match := _MODERN_DATE.fullmatch(value):
            month = MONTHS.get(match[1].lower())
            hour = int(match[4])
            if month is None or not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if match[7] in "Pp" else 0)
            return datetime(int(match[3]), month, int(match[2]), hour, int(match[5]), int(match[6]),
                            tzinfo=UTC)
        if match := _ISO_DATE.fullmatch(value):
            year, month, day, hour, minute, second = (int(part) for part in match.groups())
            return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:  # 'Feb 30', hour 25
        return None
    return None


_PLAIN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?")
_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]+,[0-9]{1,2}")


def number(value: str) -> float | None:
    """'3631.0', '1609.300048828125', '1,609' (a thousands comma), '9,60' (a decimal comma) -> float;
    None when empty or not a number."""
    value = value.strip()
    if _PLAIN.fullmatch(value):
        result = float(value)
    elif _THOUSANDS.fullmatch(value):
        result = float(value.replace(",", ""))
    elif _DECIMAL_COMMA.fullmatch(value):
        result = float(value.replace(",", "."))
    else:
        return None
    return result if abs(result) != float("inf") else None


def _sport(activity_type: str) -> tuple[str, tuple[str, ...]]:
    """'Run' -> run; 'Surfing' -> other, tagged 'surfing'; 'Workout' -> other."""
    found = sport_from(activity_type)
    if found:
        return found, ()
    key = " ".join(activity_type.lower().split())
    return "other", (() if key in GENERIC_TYPES else (tag(key),))


def _distance(columns: _Columns, row: list[str], sport: str) -> tuple[float | None, str | None]:
    """Metres (None for 0 or nothing), and what was not understood."""
    if columns.legacy:
        raw, metres = columns.get(row, "distance"), True
    else:
        raw, metres = columns.get(row, "Distance", 1), True
        if not raw:  # only the display copy: km, except for swims (metres, '1,609')
            raw, metres = columns.get(row, "Distance"), sport == "swim"
    if not raw:
        return None, None
    value = number(raw)
    if value is None:
        return None, f"distance {raw!r} not understood"
    # One decimal: the raw copy is a float32 ('1609.300048828125' is 1609.3 m).
    return round(value if metres else value * 1000, 1) or None, None


def _duration(columns: _Columns, row: list[str]) -> float | None:
    """Moving time, else elapsed time (the raw second copy, else the first), in seconds."""
    if columns.legacy:
        return number(columns.get(row, "elapsed_time"))
    for column, copy in (("Moving Time", 0), ("Elapsed Time", 1), ("Elapsed Time", 0)):
        value = number(columns.get(row, column, copy))
        if value:
            return value
    return None


def _positive(value: str) -> float | None:
    result = number(value)
    return result if result is not None and result > 0 else None


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _true(value: str) -> bool:
    return value.strip().lower() in ("true", "1", "1.0", "yes")


# -------------------------------------------------------------------------------------------------- rows

def _activity(columns: _Columns, row: list[str], read: Read | None, tz: tzinfo) -> ImportedWorkout | str:
    """The workout of one row, or why the row is skipped."""
    get = columns.get
    legacy = columns.legacy
    activity_id = clean_line(get(row, "id" if legacy else "Activity ID"))
    if not activity_id:
        return "the row has no activity id"
    raw_date = get(row, "date" if legacy else "Activity Date")
    started = parse_date(raw_date)
    if started is None:
        shown = clean_line(raw_date[:40])
        return f"the date {shown!r} is not understood" if shown else "the row has no date"
    if impossible_moment(started):
        return f"the date {started.date().isoformat()} is impossible for an activity (1970 to 2100)"
    activity_type = clean_line(get(row, "type" if legacy else "Activity Type")) or ""
    sport, tags = _sport(activity_type)
    notes: list[str] = []
    distance, problem = _distance(columns, row, sport)
    if sport in TIME_ONLY:
        distance = None  # a yoga session's GPS drift is no distance
    # A distance given as 0 means "none": the activity file's GPS drift does not replace it.
    said_distance = distance is not None or any(
        get(row, *column) for column in ((("distance", 0),) if legacy else (("Distance", 0), ("Distance", 1))))
    if problem:
        notes.append(problem)
    duration = _duration(columns, row)
    why = implausible(sport, distance, duration)
    if why:
        return f"activity {activity_id} is {why}"
    if _true(get(row, "commute" if legacy else "Commute")):
        tags = (*tags, "commute")
    local = started.astimezone(tz)
    hr = _positive(get(row, "Average Heart Rate"))
    if hr is not None and not HEART_RATE[0] <= hr <= HEART_RATE[1]:
        notes.append(f"an average heart rate of {hr:.6g} bpm is not possible: left out")
        hr = None
    workout = NewWorkout(
        sport=sport,
        day=local.date(),
        distance_m=distance,
        duration_s=duration,
        start_time=local.time().replace(microsecond=0, tzinfo=None),
        elevation_gain_m=_rounded(number(get(row, "Elevation Gain"))) if distance else None,
        avg_hr=round(hr) if hr else None,
        pool_length_m=_positive(get(row, "Pool Length")) if sport == "swim" else None,
        title=clean(get(row, "name" if legacy else "Activity Name"), multiline=False),
        note=clean(get(row, "description" if legacy else "Activity Description")),
        tags=tags,
        source=SOURCE,
        source_id=activity_id,
    )
    efforts: tuple[Effort, ...] | None = None
    filename = clean_line(get(row, "filename" if legacy else "Filename"))
    if filename and read is not None:
        from_file, file_notes = _from_file(filename, read, sport, tz)
        notes.extend(file_notes)
        if from_file is not None:
            workout, efforts = _join(workout, from_file, keep_distance=said_distance)
            if sport in TIME_ONLY:
                workout, efforts = workout._replace(distance_m=None), ()
            changed = (workout.distance_m, workout.duration_s) != (distance, duration)
            if changed and (why := implausible(sport, workout.distance_m, workout.duration_s)):
                return f"activity {activity_id} is {why} (numbers from {filename})"
    if efforts is None:
        efforts = ()  # no activity file: the store counts the whole workout at its average pace
    # the file's efforts are for the file's numbers: keep those that fit the CSV's
    efforts = sane_efforts(sport, workout.distance_m, workout.duration_s, efforts)
    return ImportedWorkout(workout, efforts, tuple(notes))


# ------------------------------------------------------------------------------------------ activity files

def _from_file(filename: str, read: Read, sport: str, tz: tzinfo) -> tuple[ImportedWorkout | None, list[str]]:
    """The workout in an activity file the CSV names, and notes on what went wrong with it."""
    try:
        data = read(filename)
    except FileRejected as exc:  # a link loop, a pipe, a folder, too big...
        return None, [str(exc)]
    except MemoryError:
        return None, [out_of_memory(filename, None)]
    if data is None:
        return None, [f"{filename}: missing"]
    inner = filename
    if filename.lower().endswith(".gz"):
        inner = filename[:-3]
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as archive:
                data = archive.read(MAX_ACTIVITY_FILE + 1)
        except (OSError, EOFError, zlib.error):
            return None, [f"{filename}: not a readable gzip archive"]
        except MemoryError:
            return None, [f"ran out of memory unpacking {filename}"]
        if len(data) > MAX_ACTIVITY_FILE:
            return None, [f"{filename}: unpacks to more than {MAX_ACTIVITY_FILE // 2**20} MB"]
    parse = _parser(inner.rsplit(".", 1)[-1].lower() if "." in inner else "")
    if parse is None:
        return None, [f"{filename}: not a GPX, TCX or FIT file"]
    try:
        parsed = parse(data, filename, sport=sport, tz=tz)
    except FileRejected as exc:
        return None, [str(exc)]
    except MemoryError:
        return None, [out_of_memory(filename, len(data))]
    workouts = [item for _, item in parsed.items if isinstance(item, ImportedWorkout)]
    if not workouts:
        reason = parsed.skipped[0].reason if parsed.skipped else "no workout in it"
        return None, [f"{filename}: {reason}"]
    first = workouts[0]
    return first, [f"{filename}: {note}" for note in first.notes]


def _parser(extension: str) -> Callable[..., Parsed] | None:
    """The importer for an activity file's extension, imported only when a row needs it."""
    if extension == "gpx":
        from studylog.io.gpx import parse_gpx
        return parse_gpx
    if extension == "tcx":
        from studylog.io.tcx import parse_tcx
        return parse_tcx
    if extension == "fit":
        from studylog.io.fit import parse_fit
        return parse_fit
    return None


def _join(row: NewWorkout, found: ImportedWorkout, *, keep_distance: bool
          ) -> tuple[NewWorkout, tuple[Effort, ...] | None]:
    """The CSV's workout completed from its activity file: the CSV's own values win (distance, time,
    sport, title, date); the file adds what the CSV lacks. A distance of 0 in the CSV stays "none"
    (``keep_distance``): GPS drift during yoga is not a distance. The file's best efforts are kept when
    it is the same sport (they are for that sport's distances); None leaves them to the caller."""
    file = found.workout
    distance = row.distance_m if keep_distance else file.distance_m
    joined = row._replace(
        elevation_gain_m=row.elevation_gain_m if row.elevation_gain_m is not None or not distance
        else file.elevation_gain_m,
        avg_hr=row.avg_hr if row.avg_hr is not None else file.avg_hr,
        pool_length_m=row.pool_length_m if row.pool_length_m is not None or row.sport != "swim"
        else file.pool_length_m,
        title=row.title or file.title,
        note=row.note or file.note,
        start_time=row.start_time if row.start_time is not None else file.start_time,
        distance_m=distance,
        duration_s=row.duration_s if row.duration_s is not None else file.duration_s,
    )
    efforts = found.efforts if file.sport == row.sport and found.efforts and distance else None
    return joined, efforts
