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
not XML, malformed or truncated, any DTD or entity declaration), XML that is not ``<gpx>``, anything gpxpy
cannot read, no track point or only one, impossible coordinates, impossible time stamps (before 1970, from
2100 on, or every point at one instant while the track covers ground), no time at all, and numbers no
person achieves (``implausible``).
"""

from __future__ import annotations

import hashlib
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, tzinfo

import gpxpy
import gpxpy.geo

from studylog.domain.values import ImportedWorkout, NewWorkout
from studylog.io.common import FileRejected, Parsed
from studylog.io.safexml import local, parse_xml
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
    known = [e for e in elevations if e is not None and math.isfinite(e)]
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

def parse_gpx(data: bytes, name: str, *, sport: str | None = None, tz: tzinfo = UTC) -> Parsed:
    """The one workout a GPX file records (see the module docstring for the rules)."""
    root = parse_xml(data, name, "GPX")
    if local(root.tag) != "gpx":
        raise FileRejected(f"{name} is XML but not GPX (its root element is <{local(root.tag)}>)")
    gpx = _read_with_gpxpy(data, name, _version(root))
    segments = [segment.points for track in gpx.tracks for segment in track.segments if segment.points]
    points = sum(len(segment) for segment in segments)
    expected, heart_rates = _track_points(root)
    if points != expected:
        raise FileRejected(f"{name} could not be read as GPX: its track points were not all understood "
                           f"({points} read of {expected})")
    if points == 0:
        plans = ""
        if gpx.waypoints or gpx.routes:
            plans = " (only waypoints or a route, which is a plan, not a workout)"
        raise FileRejected(f"{name} has no track points{plans}")
    if points == 1:
        raise FileRejected(f"{name} has only one track point: there is no workout to measure")
    notes: list[str] = []

    sport_name, sport_notes = _sport(gpx, sport)
    track = _Track(segments, name, sport_name)
    notes += sport_notes
    notes += track.notes

    if track.first_time is not None:
        day, start = wall_clock(track.first_time, tz)
        start_time: time | None = start if track.duration is not None else None
    else:
        file_time = utc(gpx.time)
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

    efforts = ()
    if track.duration is not None:
        times, distances = moving_track(track.timeline)
        efforts = sane_efforts(sport_name, track.distance, track.duration,
                               best_efforts(times, distances, EFFORT_DISTANCES.get(sport_name, ())))
    workout = NewWorkout(
        sport=sport_name, day=day, start_time=start_time,
        # 0: no distance (a track that never moved); a yoga session's GPS drift is no distance
        distance_m=None if sport_name in TIME_ONLY else round(track.distance, 1) or None,
        duration_s=round(track.duration, 3) if track.duration is not None else None,
        elevation_gain_m=_uphill(gpx, segments),
        avg_hr=mean_heart_rate(heart_rates),
        title=clean(gpx.tracks[0].name, multiline=False) or clean(gpx.name, multiline=False),
        source=SOURCE, source_id=hashlib.sha256(data).hexdigest()[:16],
    )
    return Parsed(items=((None, ImportedWorkout(workout, efforts, tuple(notes))),), skipped=())


def _uphill(gpx: gpxpy.gpx.GPX, segments: list[list[gpxpy.gpx.GPXTrackPoint]]) -> float | None:
    """gpxpy's elevation gain (segment by segment), None when no point has an elevation."""
    known = False
    for point in (p for segment in segments for p in segment):
        if point.elevation is not None and not math.isfinite(point.elevation):
            point.elevation = None  # "nan" or "inf" in the file: no elevation
        known = known or point.elevation is not None
    if not known:
        return None
    gain = gpx.get_uphill_downhill().uphill
    return round(gain, 1) if math.isfinite(gain) else None


def _version(root: ET.Element) -> str:
    """The GPX version to read the file as: its namespace says, else its version attribute, else 1.1."""
    namespace = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
    if namespace in _NAMESPACES:
        return _NAMESPACES[namespace]
    return root.get("version") if root.get("version") in ("1.0", "1.1") else "1.1"


def _read_with_gpxpy(data: bytes, name: str, version: str) -> gpxpy.gpx.GPX:
    """gpxpy's reading of a file ``parse_xml`` has already accepted (so: no DTD, well-formed)."""
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
    except Exception as exc:  # gpxpy raises GPXException, and whatever its converters let through
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
        if local(extensions.tag) != "extensions":
            continue
        for element in extensions.iter():
            tag = element.tag
            if (isinstance(tag, str) and tag.startswith("{") and local(tag) == "hr"
                    and "TrackPointExtension" in tag[1:].partition("}")[0]):
                value = heart_rate(element.text)
                if value is not None:
                    return value
    return None


def _sport(gpx: gpxpy.gpx.GPX, given: str | None) -> tuple[str, tuple[str, ...]]:
    stated = next((t for t in (clean(track.type, multiline=False) for track in gpx.tracks) if t), None)
    if stated is None:
        return given or DEFAULT_SPORT, ()
    known = sport_from(stated)
    if known:
        return known, sport_note(known, given)
    sport = given or "other"
    choose = "" if given else " (choose one with --sport)"
    return sport, (f"activity type “{stated[:40]}” is not one studylog knows: imported as {sport}{choose}",)


class _Track:
    """Distance, moving time and the moving timeline of a file's non-empty segments, glitches left out."""

    def __init__(self, segments: list[list[gpxpy.gpx.GPXTrackPoint]], name: str, sport: str) -> None:
        self.notes: list[str] = []
        self.distance = 0.0
        self.timeline: list[list[tuple[float, float]]] = []  # per segment: (epoch seconds, metres in it)
        self.first_time: datetime | None = None
        points = timed = backwards = 0
        spanned = measured = 0.0
        all_times = set()
        cleaned: list[CleanTrack] = []
        for segment in segments:
            read: list[TrackPoint] = []
            for point in segment:
                _check_position(point, name)
                points += 1
                moment = utc(point.time)
                if moment is not None:
                    if impossible(moment):
                        raise FileRejected(f"{name} has impossible time stamps ({moment.date().isoformat()})")
                    timed += 1
                    all_times.add(moment.timestamp())
                read.append(TrackPoint(moment.timestamp() if moment is not None else None,
                                       lat=point.latitude, lon=point.longitude))
            track = clean_track(sport, read)
            measured += sum(ground_distance(a.lat, a.lon, b.lat, b.lon) for a, b in zip(read, read[1:], strict=False))
            cleaned.append(track)
            backwards += track.backwards
            self.distance += track.distance
            kept = track.timeline
            if kept:
                if self.first_time is None:
                    self.first_time = datetime.fromtimestamp(kept[0][0], UTC)
                spanned += kept[-1][1] - kept[0][1]
                self.timeline.append(kept)

        if timed >= 2 and len(all_times) == 1 and measured > 0:  # as read: cleaning would leave one point
            when = datetime.fromtimestamp(all_times.pop(), UTC).strftime("%Y-%m-%d %H:%M:%S")
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


def _check_position(point: gpxpy.gpx.GPXTrackPoint, name: str) -> None:
    lat, lon = point.latitude, point.longitude
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise FileRejected(f"{name} has a track point at an impossible position (lat {lat:g}, lon {lon:g})")
