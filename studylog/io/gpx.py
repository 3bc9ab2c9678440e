"""GPX files from a watch, a phone or an app (Strava, Garmin Connect, Apple Health...) -> one workout each.

A watch writes one activity per file, so every track and segment in a file makes ONE workout:

- **distance**: the length of every segment (gpxpy's 2-D distance between consecutive points) once its
  glitches are left out (``clean_track``: a point that would mean moving faster than the sport's top
  speed, or moving at the same instant as the point before, adds nothing; a jump to a new place is not
  distance; a note says how many); empty segments and single-point segments add nothing. The gap between
  two segments (or tracks) is not distance: the watch was paused.
- **duration** is moving time: the sum, over segments, of last time minus first time. Points whose time
  goes backwards are left out (with a note).
- **Points without time stamps**: the distance is kept and the duration is unknown (None, no best efforts,
  with a note). When only some points have times, the timed ones give duration and best efforts as long
  as they span at least ``MIN_TIMED_SHARE`` of the distance; otherwise the duration is unknown.
- **day / start_time**: the first timed point in ``tz`` (start_time only when the timing is trusted),
  else the file's own ``<time>`` for the day (a note says so), else the file is refused.
- **sport**: the first track's ``<type>`` (words or Strava's old numeric codes, see ``sport_from``), else
  the ``sport`` argument, else ``"run"``. A type studylog does not know gives the ``sport`` argument, else
  ``"other"``. The ``sport`` argument never overrides a type the file states (a note says so).
- **avg_hr**: the rounded mean of the ``hr`` values of Garmin's TrackPointExtension (matched by namespace
  URI, v1 or v2, whatever the prefix, in any of a point's ``<extensions>`` blocks).
- **elevation_gain_m**: gpxpy's uphill (lightly smoothed), None without elevations.
- **title**: the first track's name, else the file's name (``<metadata><name>``); **source_id** the first
  16 hex digits of the SHA-256 of the file's bytes.

Refused (``FileRejected``, one sentence naming the file): anything ``parse_xml`` refuses (empty, binary,
not XML, malformed or truncated, any DTD or entity declaration, elements nested more than 100 deep), XML
that is not ``<gpx>``, anything gpxpy cannot read, no track point or only one, impossible coordinates,
impossible time stamps (before 1970, from 2100 on, or every point at one instant while the track covers
ground), no time at all, and numbers no person achieves (``implausible``).

**Big files** (above ``STREAM_ABOVE``, 20 MB) are not handed to gpxpy, which holds the whole document
(a 200 MB file took 4 GB and 104 s): ``parse_gpx_stream`` reads them as a stream of elements, each removed
once read, into the same values gpxpy gives (positions, elevations, times and heart rates per point,
segments, tracks' names and types, the file's name and time) with gpxpy's own checks of the point
fields, and both go through the same ``_workout``: a file gives the same workout either way (the 200 MB
file: 36 s, 200 MB of memory). Smaller files are read the same way, in one pass (twice as quick as gpxpy),
unless gpxpy could see them otherwise (``parse_gpx``). MemoryError is left to the caller, which says it ran
out of memory.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import xml.etree.ElementTree as ET
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import pairwise
from typing import NamedTuple

import gpxpy
import gpxpy.geo

from studylog.domain.values import Effort, ImportedWorkout, NewWorkout
from studylog.io.common import MB, FileRejected, Parsed
from studylog.io.safexml import Stream, iterparse_xml, local, parse_xml
from studylog.io.workouts import (
    EFFORT_DISTANCES,
    TIME_ONLY,
    CleanTrack,
    TrackPoint,
    best_efforts,
    clean_track,
    ground_distance,
    implausible,
    impossible_moment,
    moving_track,
    sane_efforts,
    sport_from,
    track_note,
)
from studylog.text import clean

SOURCE = "gpx"
DEFAULT_SPORT = "run"
# Time stamps outside these bounds are a device's clock error (1901-12-13 is the smallest signed 32-bit
# Unix time), not a workout. The upper bound is fixed: an importer has no clock.
HEART_RATE_RANGE = (20.0, 250.0)  # beats per minute a person can have; 0 is a strap that lost contact
MIN_TIMED_SHARE = 0.9  # of the distance, spanned by timed points for a partly timed track to be timed
# Bigger files are read as a stream (parse_gpx_stream): gpxpy holds the whole document, about 20 times
# the file's size (a 200 MB file took 4 GB), where the stream holds a few numbers per point.
STREAM_ABOVE = 20 * MB
PROGRESS_EVERY = 1 * MB  # bytes read between two progress reports of a stream
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

_NAMESPACES = {"http://www.topografix.com/GPX/1/0": "1.0", "http://www.topografix.com/GPX/1/1": "1.1"}
_ENCODING = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?\sencoding\s*=\s*[\"']([A-Za-z][A-Za-z0-9._-]*)[\"']")
_DECLARATION = re.compile(r"\A\ufeff?\s*<\?xml[^>]*\?>")


# ------------------------------------------------------------------- shared with studylog.io.tcx

def utc(moment: datetime | None) -> datetime | None:
    """An aware UTC datetime (naive ones are taken as UTC, as GPX and TCX mean), None if unusable."""
    if moment is None:
        return None
    try:
        return moment.replace(tzinfo=UTC) if moment.utcoffset() is None else moment.astimezone(UTC)
    except (ValueError, OverflowError):  # an offset of 24 hours or more, a date that overflows
        return None


def impossible(moment: datetime) -> bool:
    """True for a time stamp that cannot be a workout's (a clock error): outside 1900-2100 (the one table
    of limits; days after today are refused when the import is stored)."""
    return impossible_moment(moment)


def wall_clock(moment: datetime, tz: tzinfo) -> tuple[date, time]:
    """The day and the time of day (whole seconds) at which an aware moment happened in ``tz``."""
    there = moment.astimezone(tz)
    return there.date(), there.time().replace(microsecond=0)


def heart_rate(text: str | None) -> float | None:
    """A heart rate from a file's text, None when missing or not one a person can have."""
    value = number(text)
    low, high = HEART_RATE_RANGE
    return value if value is not None and low <= value <= high else None


def number(text: str | None) -> float | None:
    """A finite number from a file's text, else None."""
    if text is None:
        return None
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def mean_heart_rate(values: Iterable[float]) -> int | None:
    values = list(values)
    return round(sum(values) / len(values)) if values else None


def uphill(elevations: Iterable[float | None]) -> float | None:
    """Elevation gain (metres) from altitudes in track order, as gpxpy counts it; None without any."""
    # (typed as gpxpy's calculate_uphill_downhill takes it)
    known: list[float | None] = [e for e in elevations if e is not None and math.isfinite(e)]
    if not known:
        return None
    gain = gpxpy.geo.calculate_uphill_downhill(known)[0]
    return round(gain, 1) if math.isfinite(gain) else None


def sport_note(stated: str, given: str | None) -> tuple[str, ...]:
    """The note for a --sport that was not applied because the file states its sport."""
    if given and given != stated:
        return (f"the file says {stated}: --sport {given} only applies to files that do not say",)
    return ()


# ---------------------------------------------------------------------------------------------- GPX

def parse_gpx(data: bytes, name: str, *, sport: str | None = None,
              tz: tzinfo = UTC) -> Parsed[ImportedWorkout]:
    """The one workout a GPX file records (see the module docstring for the rules).

    Read in one pass, as a stream (``_Streamed``): the same workout as gpxpy's reading gives
    (``parse_gpx_by_gpxpy``: the tests compare the two), in about half the time (that one parses the file
    twice, safely and then by gpxpy, and converts every field in Python). Where the two could differ, the
    file is read by gpxpy as before: a file whose namespaces gpxpy would not see as the stream does
    (``_names_alike``), one not in UTF-8, and one the stream refuses (so that the reason given is the same).
    Above ``STREAM_ABOVE`` bytes only the stream reads it (``parse_gpx_stream``)."""
    if len(data) > STREAM_ABOVE:
        return parse_gpx_stream(io.BytesIO(data), name, sport=sport, tz=tz)
    streamed = _Streamed(name)
    try:
        document: _Document | None = streamed.read(iterparse_xml(io.BytesIO(data), name, "GPX"))
    except FileRejected:
        document = None
    if document is not None and _names_alike(data, streamed.namespace):
        return _workout(document, name, sport, tz, hashlib.sha256(data).hexdigest()[:16])
    return parse_gpx_by_gpxpy(data, name, sport=sport, tz=tz)


# gpxpy drops the first default namespace declaration it finds in the text (with this pattern) and then
# reads the elements left without a namespace; the stream reads those of the root's namespace.
_GPXPY_DEFAULT_NS = re.compile(rb"""\sxmlns=(['"])[^'"]+\1""")
_ANY_DEFAULT_NS = re.compile(rb"xmlns\s*=")
_PREFIX_NS = re.compile(rb"""xmlns:[^\s=]+\s*=\s*(['"])([^'"]*)\1""")


def _names_alike(data: bytes, namespace: str) -> bool:
    """Whether gpxpy sees the file's GPX elements as the stream does (``namespace``: the root's): a UTF-8
    file with no default namespace declaration at all and a root without one, or one whose only default
    namespace declaration (anywhere in the text) is the root's, in a form gpxpy's pattern drops, and whose
    namespace no prefix stands for (gpxpy reads no prefixed element). Anything else is left to gpxpy."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    declared = _ENCODING.match(data)
    if declared and declared.group(1).decode("ascii").lower().replace("_", "-") not in ("utf-8", "utf8"):
        return False
    defaults = len(_ANY_DEFAULT_NS.findall(data))
    if not namespace:
        return defaults == 0
    if defaults != 1 or len(_GPXPY_DEFAULT_NS.findall(data)) != 1 or "'" in namespace or '"' in namespace:
        return False
    uri = namespace.encode("utf-8")
    return all(value != uri and b"&" not in value for _, value in _PREFIX_NS.findall(data))


def parse_gpx_by_gpxpy(data: bytes, name: str, *, sport: str | None = None,
                       tz: tzinfo = UTC) -> Parsed[ImportedWorkout]:
    """The workout of a GPX file as gpxpy reads it (after ``parse_xml`` has checked it is safe to): what
    ``parse_gpx`` must give, kept as the reference its tests compare with."""
    root = parse_xml(data, name, "GPX")
    if local(root.tag) != "gpx":
        raise FileRejected(f"{name} is XML but not GPX (its root element is <{local(root.tag)}>)")
    gpx = _read_with_gpxpy(data, name, _version(root))
    document = _from_gpxpy(gpx)
    expected, heart_rates = _track_points(root)
    if document.points != expected:
        raise FileRejected(f"{name} could not be read as GPX: its track points were not all understood "
                           f"({document.points} read of {expected})")
    document.heart_rates.extend(heart_rates)
    return _workout(document, name, sport, tz, hashlib.sha256(data).hexdigest()[:16])


def parse_gpx_file(file: Stream, name: str, *, size: int, sport: str | None = None, tz: tzinfo = UTC,
                   progress: Callable[[int], None] | None = None) -> Parsed[ImportedWorkout]:
    """A GPX file opened by the caller (``size`` bytes): read whole and parsed by gpxpy when small, read
    as a stream above ``STREAM_ABOVE`` (``progress(bytes read)`` is called as it goes)."""
    if size <= STREAM_ABOVE:
        data = file.read(STREAM_ABOVE + 1)
        if len(data) <= STREAM_ABOVE:
            return parse_gpx(data, name, sport=sport, tz=tz)
        file.seek(0)  # it grew meanwhile
    return parse_gpx_stream(file, name, sport=sport, tz=tz, progress=progress)


def parse_gpx_stream(source: Stream, name: str, *, sport: str | None = None, tz: tzinfo = UTC,
                     progress: Callable[[int], None] | None = None) -> Parsed[ImportedWorkout]:
    """The workout of a GPX file read as a stream, in memory that does not grow with the file's size
    beyond a few numbers per track point (gpxpy builds the whole document: about 20 times the file).

    The same values as ``parse_gpx`` gives through gpxpy: each track point's position, elevation, time
    and heart rate, the segments and tracks, the tracks' names and types, the file's name and time, and
    the same checks of the point fields gpxpy converts (a latitude that is not a number...). They then go
    through the same code (``_workout``), so a file gives the same workout whichever way it is read.
    ``source`` must be seekable; ``progress(bytes read)`` is called about every megabyte."""
    reader = _HashingReader(source, progress)
    document = _Streamed(name).read(iterparse_xml(reader, name, "GPX"))
    reader.finish()
    return _workout(document, name, sport, tz, reader.digest())


def _workout(document: _Document, name: str, given: str | None, tz: tzinfo,
             source_id: str) -> Parsed[ImportedWorkout]:
    """The workout a GPX file's tracks make, however the file was read."""
    segments = [segment for _, segment in document.segments if len(segment.lats)]
    points = document.points
    if points == 0:
        plans = " (only waypoints or a route, which is a plan, not a workout)" if document.plans else ""
        raise FileRejected(f"{name} has no track points{plans}")
    if points == 1:
        raise FileRejected(f"{name} has only one track point: there is no workout to measure")
    notes: list[str] = []

    sport_name, sport_notes = _sport(document.track_types, given)
    track = _Track(segments, name, sport_name)
    notes += sport_notes
    notes += track.notes

    if track.first_time is not None:
        day, start = wall_clock(track.first_time, tz)
        start_time: time | None = start if track.duration is not None else None
    else:
        file_time = utc(document.time)
        if file_time is None:
            raise FileRejected(f"{name} has no time at all: cannot tell which day it was")
        if impossible(file_time):
            raise FileRejected(f"{name} has impossible time stamps ({file_time.date().isoformat()})")
        day, start_time = wall_clock(file_time, tz)[0], None
        notes.append("the day comes from the file's own time stamp, which may be when it was exported")

    reason = implausible(sport_name, None if sport_name in TIME_ONLY else track.distance, track.duration)
    if reason:
        raise FileRejected(f"{name} was not imported: {reason}")
    if len(segments) > 1 and track.duration is not None:
        notes.append(f"{len(segments)} segments: the pauses between them count as neither time nor distance")

    efforts: tuple[Effort, ...] = ()
    if track.duration is not None:
        times, distances = moving_track(track.timeline)
        efforts = sane_efforts(sport_name, track.distance, track.duration,
                               best_efforts(times, distances, EFFORT_DISTANCES.get(sport_name, ())))
    workout = NewWorkout(
        sport=sport_name, day=day, start_time=start_time,
        # 0: no distance (a track that never moved); a yoga session's GPS drift is no distance
        distance_m=None if sport_name in TIME_ONLY else round(track.distance, 1) or None,
        duration_s=round(track.duration, 3) if track.duration is not None else None,
        elevation_gain_m=_uphill(document),
        avg_hr=mean_heart_rate(document.heart_rates),
        title=clean(document.track_names[0], multiline=False) or clean(document.name, multiline=False),
        source=SOURCE, source_id=source_id,
    )
    return Parsed(items=((None, ImportedWorkout(workout, efforts, tuple(notes))),), skipped=())


# ------------------------------------------------------------------- what a GPX file holds, read either way

class _Segment(NamedTuple):
    """One ``<trkseg>``'s points, as numbers (a point without a time or an elevation holds NaN there)."""

    lats: array[float]
    lons: array[float]
    times: array[float]  # seconds since 1970 (UTC), as ``utc(time).timestamp()``
    elevations: array[float]

    @classmethod
    def empty(cls) -> _Segment:
        return cls(array("d"), array("d"), array("d"), array("d"))

    def add(self, lat: float, lon: float, moment: datetime | None, elevation: float | None) -> None:
        self.lats.append(lat)
        self.lons.append(lon)
        moment = utc(moment)
        self.times.append(math.nan if moment is None else moment.timestamp())
        self.elevations.append(math.nan if elevation is None else elevation)


class _Document:
    """What studylog uses of a GPX file: its tracks' names and types, each segment (with the index of its
    track), the file's own name and time, whether it holds waypoints or routes, and the heart rates."""

    def __init__(self) -> None:
        self.track_names: list[str | None] = []
        self.track_types: list[str | None] = []
        self.segments: list[tuple[int, _Segment]] = []
        self.name: str | None = None
        self.time: datetime | None = None
        self.plans = False
        self.heart_rates = array("d")

    @property
    def points(self) -> int:
        return sum(len(segment.lats) for _, segment in self.segments)


def _from_gpxpy(gpx: gpxpy.gpx.GPX) -> _Document:
    document = _Document()
    document.name, document.time, document.plans = gpx.name, gpx.time, bool(gpx.waypoints or gpx.routes)
    for index, track in enumerate(gpx.tracks):
        document.track_names.append(track.name)
        document.track_types.append(track.type)
        for segment in track.segments:
            values = _Segment.empty()
            for point in segment.points:
                values.add(point.latitude, point.longitude, point.time, point.elevation)
            document.segments.append((index, values))
    return document


def _uphill(document: _Document) -> float | None:
    """gpxpy's elevation gain (``GPX.get_uphill_downhill``: segment by segment, track by track, summed in
    that order), None when no point has an elevation. "nan" or "inf" in the file is no elevation."""
    known = False
    by_track: dict[int, list[list[float | None]]] = {index: [] for index in range(len(document.track_names))}
    for index, segment in document.segments:
        elevations = [e if math.isfinite(e) else None for e in segment.elevations]
        known = known or any(e is not None for e in elevations)
        by_track[index].append(elevations)
    if not known:
        return None
    gain: float = 0
    for segments in by_track.values():
        track_gain: float = 0
        for elevations in segments:
            up = gpxpy.geo.calculate_uphill_downhill(elevations)[0] if elevations else 0
            track_gain += up or .0
        gain += track_gain or 0
    return round(gain, 1) if math.isfinite(gain) else None


def _version(root: ET.Element) -> str:
    """The GPX version to read the file as: its namespace says, else its version attribute, else 1.1."""
    namespace = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
    if namespace in _NAMESPACES:
        return _NAMESPACES[namespace]
    version = root.get("version")
    return version if version in ("1.0", "1.1") else "1.1"


def _read_with_gpxpy(data: bytes, name: str, version: str) -> gpxpy.gpx.GPX:
    """gpxpy's reading of a file ``parse_xml`` has already accepted (so: no DTD, well-formed, not deep)."""
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            declared = _ENCODING.match(data)
            encoding = declared.group(1).decode("ascii") if declared else "utf-8"
            utf8 = encoding.lower().replace("_", "-") in ("utf-8", "utf8")
            text = data.decode("utf-8-sig" if utf8 else encoding)
    except (LookupError, UnicodeDecodeError):
        raise FileRejected(f"{name} is not in an encoding that can be read; save it as UTF-8 and import it "
                           f"again") from None
    # gpxpy hands the text on as UTF-8: a declaration naming another encoding would now be wrong.
    text = _DECLARATION.sub("", text, count=1)
    try:
        return gpxpy.parse(text, version=version)
    except MemoryError:
        raise
    except Exception as exc:  # gpxpy raises GPXException, and whatever its converters let through
        if isinstance(exc.__cause__, MemoryError) or isinstance(exc.__context__, MemoryError):
            raise MemoryError from None  # gpxpy calls it "Error parsing XML": it is the memory
        detail = " ".join(str(exc).split())[:120]
        raise FileRejected(f"{name} could not be read as GPX ({detail or type(exc).__name__})") from None


def _children(element: ET.Element, name: str, namespace: str) -> list[ET.Element]:
    return [child for child in element if child.tag == f"{{{namespace}}}{name}" or
            (not namespace and child.tag == name)]


def _track_points(root: ET.Element) -> tuple[int, list[float]]:
    """How many track points the document holds (as gpxpy should see them), and their heart rates."""
    namespace = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
    count = 0
    heart_rates = []
    for trk in _children(root, "trk", namespace):
        for trkseg in _children(trk, "trkseg", namespace):
            for trkpt in _children(trkseg, "trkpt", namespace):
                count += 1
                found = _heart_rate(trkpt)
                if found is not None:
                    heart_rates.append(found)
    return count, heart_rates


def _heart_rate(trkpt: ET.Element) -> float | None:
    """The first heart rate in a Garmin TrackPointExtension (v1, v2...) in any ``<extensions>`` block."""
    for extensions in trkpt:
        tag = extensions.tag
        if not isinstance(tag, str) or not (tag == "extensions" or tag.endswith("}extensions")):
            continue
        for element in extensions.iter():
            tag = element.tag
            if (isinstance(tag, str) and tag.startswith("{") and tag.endswith("}hr")
                    and "TrackPointExtension" in tag[1:].partition("}")[0]):
                value = heart_rate(element.text)
                if value is not None:
                    return value
    return None


def _sport(types: list[str | None], given: str | None) -> tuple[str, tuple[str, ...]]:
    stated = next((t for t in (clean(kind, multiline=False) for kind in types) if t), None)
    if stated is None:  # (said when assumed: a hike without <type> was a run without a word, newcomer)
        return (given, ()) if given else (DEFAULT_SPORT, (f"the file names no activity type: imported as a "
                                                          f"{DEFAULT_SPORT} (choose another with --sport)",))
    known = sport_from(stated)
    if known:
        return known, sport_note(known, given)
    sport = given or "other"
    choose = "" if given else " (choose one with --sport)"
    return sport, (f"activity type “{stated[:40]}” is not one studylog knows: imported as {sport}{choose}",)


# ------------------------------------------------------------------------------------- reading as a stream

class _HashingReader:
    """A file read once from start to end: the SHA-256 of its bytes (the workout's source_id, as
    ``parse_gpx`` takes it of the whole file) and ``progress(bytes read)`` as it goes. Reading the start
    again (``seek``) does not count twice."""

    def __init__(self, source: Stream, progress: Callable[[int], None] | None) -> None:
        self.source = source
        self.start = source.tell()
        self.position = self.hashed = 0
        self.sha = hashlib.sha256()
        self.progress = progress
        self.reported = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.source.read(size)
        end = self.position + len(chunk)
        if end > self.hashed:
            self.sha.update(chunk[self.hashed - self.position:] if self.hashed > self.position else chunk)
            self.hashed = end
            if self.progress is not None and self.hashed - self.reported >= PROGRESS_EVERY:
                self.reported = self.hashed
                self.progress(self.hashed)
        self.position = end
        return chunk

    def seek(self, offset: int, whence: int = 0) -> int:
        assert whence == 0
        self.position = offset - self.start
        return self.source.seek(offset)

    def tell(self) -> int:
        return self.start + self.position

    def finish(self) -> None:
        """Read what the parser left (nothing, in a whole document), so that the digest is the file's."""
        self.seek(self.start + self.hashed)
        while self.read(1 << 20):
            pass
        if self.progress is not None:
            self.progress(self.hashed)

    def digest(self) -> str:
        return self.sha.hexdigest()[:16]


def _field_checks(fields: Sequence[object]) -> dict[str, gpxpy.gpxfield.GPXField]:
    """gpxpy's fields that convert an element's text (numbers, fix types), by tag: the checks gpxpy makes
    of a point or a track, made here on the same text with gpxpy's own converters and messages. (The
    fields of a 1.1 ``<link>`` are its own, not the point's: left out.)"""
    found: dict[str, gpxpy.gpxfield.GPXField] = {}
    nested = False
    for field in fields:
        if isinstance(field, str):
            nested = not field.startswith("/")
            continue
        if (not nested and isinstance(field, gpxpy.gpxfield.GPXField) and field.tag and not field.attribute
                and (field.type_converter or field.possible) and field.tag not in found):
            found[field.tag] = field
    return found


_POINT_CHECKS = {"1.0": _field_checks(gpxpy.gpx.GPXTrackPoint.gpx_10_fields),
                 "1.1": _field_checks(gpxpy.gpx.GPXTrackPoint.gpx_11_fields)}
_TRACK_CHECKS = {"1.0": _field_checks(gpxpy.gpx.GPXTrack.gpx_10_fields),
                 "1.1": _field_checks(gpxpy.gpx.GPXTrack.gpx_11_fields)}
_LATITUDE, _LONGITUDE = gpxpy.gpx.GPXTrackPoint.gpx_11_fields[:2]


class _Only:
    """One element as gpxpy's field readers see the node that holds it (``node.find(tag)``)."""

    __slots__ = ("element",)

    def __init__(self, element: ET.Element) -> None:
        self.element = element

    def find(self, _tag: str) -> ET.Element:
        return self.element


class _Streamed:
    """The ``_Document`` of a GPX file, from the events of ``iterparse_xml``; every element is removed
    from its parent once read (a track point when it ends), so the tree never holds more than one point."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.document = _Document()
        self.version = "1.1"
        self.namespace_kept = False
        self.namespace = ""  # the root's
        self.metadata_read = False  # (1.1: gpxpy reads the first <metadata> only)
        self.file_seen: set[str] = set()
        self.track_seen: set[str] = set()

    def read(self, events: Iterator[tuple[str, ET.Element]]) -> _Document:
        document = self.document
        stack: list[ET.Element] = []
        prefix = ""
        names = {}  # local name -> tag in the file's namespace
        track = segment = None
        in_point = False
        for event, element in events:
            if event == "start":
                stack.append(element)
                depth = len(stack)
                if depth == 1:
                    if local(element.tag) != "gpx":
                        raise FileRejected(f"{self.name} is XML but not GPX (its root element is "
                                           f"<{local(element.tag)}>)")
                    self.version = _version(element)
                    namespace = element.tag[1:].partition("}")[0] if element.tag.startswith("{") else ""
                    prefix = f"{{{namespace}}}" if namespace else ""
                    # gpxpy drops the root's default namespace with a pattern that stops at a quote: a
                    # namespace holding one stays, and gpxpy then finds no point (parse_gpx refuses that)
                    self.namespace_kept = "'" in namespace or '"' in namespace
                    self.namespace = namespace
                    names = {tag: prefix + tag for tag in ("trk", "trkseg", "trkpt", "name", "type", "time",
                                                           "metadata", "wpt", "rte")}
                elif depth == 2 and element.tag == names["trk"]:
                    track = element
                    document.track_names.append(None)
                    document.track_types.append(None)
                    self.track_seen = set()
                elif depth == 3 and stack[1] is track and element.tag == names["trkseg"]:
                    segment = _Segment.empty()
                    document.segments.append((len(document.track_names) - 1, segment))
                elif depth == 4 and segment is not None and stack[2].tag == names["trkseg"] and \
                        stack[1] is track and element.tag == names["trkpt"]:
                    in_point = True
                continue
            stack.pop()
            depth = len(stack)  # the depth of the parent
            if in_point:
                if depth > 3:
                    continue  # inside the point: read when the point ends
                in_point = False
                assert segment is not None  # (a point is read only inside a segment)
                self._point(element, segment, prefix)
            elif depth == 2 and stack[1] is track:
                self._track_field(element, names, prefix)
            elif depth == 2 and element.tag.startswith(prefix) and stack[1].tag == names["metadata"]:
                if self.version == "1.1":
                    self._file_field(element, names)
            elif depth == 1:
                if element.tag in (names["wpt"], names["rte"]):
                    document.plans = True
                elif self.version == "1.0":
                    self._file_field(element, names)
                if element is track:
                    track = None
                elif element.tag == names["metadata"] and self.version == "1.1":
                    self.metadata_read = True
            if depth:
                del stack[-1][-1]  # read: let it go
        if self.namespace_kept and document.points:
            raise FileRejected(f"{self.name} could not be read as GPX: its track points were not all understood "
                               f"(0 read of {document.points})")
        return document

    def _file_field(self, element: ET.Element, names: dict[str, str]) -> None:
        """The file's own name and time (1.0: children of <gpx>, 1.1: of the first <metadata>), the first
        of each, as gpxpy takes them."""
        if self.metadata_read:
            return
        seen = self.file_seen
        if element.tag in seen:
            return
        if element.tag == names["name"]:
            seen.add(element.tag)
            self.document.name = element.text
        elif element.tag == names["time"]:
            seen.add(element.tag)
            self.document.time = gpxpy.gpxfield.TIME_TYPE.from_string(element.text) if element.text else None

    def _track_field(self, element: ET.Element, names: dict[str, str], prefix: str) -> None:
        tag = element.tag
        if tag in self.track_seen or not tag.startswith(prefix):
            return
        self.track_seen.add(tag)
        key = tag[len(prefix):]
        if key == "name":
            self.document.track_names[-1] = element.text
        elif key == "type" and self.version == "1.1":
            self.document.track_types[-1] = element.text
        elif key in (checks := _TRACK_CHECKS[self.version]):
            _check(checks[key], element, self.name)

    def _point(self, element: ET.Element, segment: _Segment, prefix: str) -> None:
        lat = _coordinate(element.get("lat"), "latitude", self.name)
        lon = _coordinate(element.get("lon"), "longitude", self.name)
        checks = _POINT_CHECKS[self.version]
        elevation = moment = None
        seen = set()
        for child in element:
            tag = child.tag
            if not tag.startswith(prefix) or tag in seen:
                continue
            seen.add(tag)
            key = tag[len(prefix):]
            if key == "time":
                moment = _time(child.text) if child.text is not None else None
            elif key == "ele":
                elevation = _elevation(child, self.name)
            elif key in checks:
                _check(checks[key], child, self.name)
        segment.add(lat, lon, moment, elevation)
        found = _heart_rate(element)
        if found is not None:
            self.document.heart_rates.append(found)


# gpxpy's time stamps (RE_TIMESTAMP) in their usual form: 2024-05-04T07:30:00Z, with up to 6 decimals
_PLAIN_TIME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,6}))?Z?")


def _time(text: str) -> datetime | None:
    """The moment gpxpy reads from a ``<time>`` (``TIME_TYPE``: None when it is not one), the usual form
    read here (ten times quicker than gpxpy, the same moment), any other by gpxpy."""
    match = _PLAIN_TIME.fullmatch(text)
    if match is None:
        return gpxpy.gpxfield.TIME_TYPE.from_string(text)
    year, month, day, hour, minute, second, fraction = match.groups()
    try:
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second),
                        int(fraction.ljust(6, "0")) if fraction else 0, tzinfo=UTC)
    except ValueError:  # month 13, hour 24...: gpxpy's converter gives None too
        return None


def _coordinate(text: str | None, field: str, name: str) -> float:
    """A point's ``lat`` or ``lon``, refused as gpxpy refuses it (mandatory, a number)."""
    if text is None:
        raise FileRejected(f"{name} could not be read as GPX ({field} is mandatory in None (got None))")
    try:
        return float(text.strip())
    except ValueError as exc:
        detail = " ".join(f"Invalid value for <None>... {text} ({exc})".split())[:120]
        raise FileRejected(f"{name} could not be read as GPX ({detail})") from None


def _elevation(element: ET.Element, name: str) -> float | None:
    text = element.text
    if text is None:
        return None
    try:
        return float(text.strip())
    except ValueError:
        checked = _check(_POINT_CHECKS["1.1"]["ele"], element, name)  # (raises, with gpxpy's message)
        return checked if isinstance(checked, float) else None  # (gpxpy's float converter: a float or None)


def _check(field: gpxpy.gpxfield.GPXField, element: ET.Element, name: str, *, attribute: bool = False) -> object:
    """The value gpxpy's field gives for this element (or this attribute of it), refused as gpxpy refuses."""
    try:
        return field.from_xml(element if attribute else _Only(element), "1.1")
    except Exception as exc:  # gpxpy's GPXException
        detail = " ".join(str(exc).split())[:120]
        raise FileRejected(f"{name} could not be read as GPX ({detail or type(exc).__name__})") from None


class _Track:
    """Distance, moving time and the moving timeline of a file's non-empty segments, glitches left out."""

    def __init__(self, segments: list[_Segment], name: str, sport: str) -> None:
        self.notes: list[str] = []
        self.distance = 0.0
        self.timeline: list[list[tuple[float, float]]] = []  # per segment: (epoch seconds, metres in it)
        self.first_time: datetime | None = None
        points = timed = backwards = 0
        spanned = measured = 0.0
        one_time: float | None = None  # the time of every timed point, while they all have the same
        several_times = False
        cleaned: list[CleanTrack] = []
        for segment in segments:
            read: list[TrackPoint] = []
            for lat, lon, stamp in zip(segment.lats, segment.lons, segment.times, strict=True):
                _check_position(lat, lon, name)
                points += 1
                if stamp == stamp:  # (not NaN: the point has a time)
                    if impossible(moment := _moment(stamp)):
                        raise FileRejected(f"{name} has impossible time stamps ({moment.date().isoformat()})")
                    timed += 1
                    if one_time is None:
                        one_time = stamp
                    several_times = several_times or stamp != one_time
                read.append(TrackPoint(stamp if stamp == stamp else None, lat=lat, lon=lon))
            track = clean_track(sport, read)
            measured += sum(ground_distance(lat1, lon1, lat2, lon2) for (lat1, lon1), (lat2, lon2)
                            in pairwise(zip(segment.lats, segment.lons, strict=True)))
            del read
            cleaned.append(track)
            backwards += track.backwards
            self.distance += track.distance
            kept = track.timeline
            if kept:
                if self.first_time is None:
                    self.first_time = datetime.fromtimestamp(kept[0][0], UTC)
                spanned += kept[-1][1] - kept[0][1]
                self.timeline.append(kept)

        if timed >= 2 and not several_times and measured > 0:  # as read: cleaning would leave one point
            assert one_time is not None  # (the time of the first timed point)
            when = datetime.fromtimestamp(one_time, UTC).strftime("%Y-%m-%d %H:%M:%S")
            raise FileRejected(f"{name} has impossible time stamps (all {timed} points at {when} UTC)")
        share = spanned / self.distance if self.distance > 0 else timed / points
        trusted = timed >= 2 and (timed == points or share >= MIN_TIMED_SHARE)
        self.duration = sum(kept[-1][0] - kept[0][0] for kept in self.timeline) if trusted else None
        if self.duration is not None and self.duration <= 0 and self.distance > 0:
            raise FileRejected(f"{name} has impossible time stamps (it covers {self.distance:,.0f} m "
                               f"in no time)")
        if timed == 0:
            self.notes.append("no time stamps: distance kept, duration unknown")
        elif not trusted:
            self.notes.append(f"only {timed} of {points} points have time stamps: distance kept, "
                              f"duration unknown")
        elif timed < points:
            self.notes.append(f"{points - timed} of {points} points have no time stamp: duration and best "
                              f"efforts come from the timed ones")
        if backwards:
            one = backwards == 1
            self.notes.append(f"{backwards} point{'' if one else 's'} with a time earlier than the point before "
                              f"{'it was' if one else 'them were'} left out")
        if note := track_note(cleaned, sport, "the distance and the best efforts"):
            self.notes.append(note)
        if not trusted:
            self.timeline = []


def _moment(stamp: float) -> datetime:
    """The UTC moment of a time stamp a point was read with (``utc(time).timestamp()``)."""
    try:
        return _EPOCH + timedelta(seconds=stamp)
    except OverflowError:  # (a point in year 1, rounded below it)
        return datetime.min.replace(tzinfo=UTC)


def _check_position(lat: float, lon: float, name: str) -> None:
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise FileRejected(f"{name} has a track point at an impossible position (lat {lat:g}, lon {lon:g})")
