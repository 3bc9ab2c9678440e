"""TCX files (Garmin Training Center XML, also from Fitbit, Polar, Wahoo...) -> one workout per activity.

Elements are matched by local name, so any prefix (``ns3``, ``ext``, none) reads the same. Each
``Activities/Activity`` (also inside a ``MultiSportSession``) becomes one workout:

- **sport** from the ``Sport`` attribute: ``Running`` -> run, ``Biking`` -> ride, ``Other`` (TCX has no swim)
  -> the ``sport`` argument, else ``"other"``. The ``sport`` argument never overrides Running or Biking.
  An ``Other`` activity that looks like a pool swim (no GPS position anywhere, and distance advancing in
  pool lengths, or only lap distances) gets a note suggesting ``--sport swim``.
- **duration**: the sum of the laps' ``TotalTimeSeconds`` (timer time: pauses excluded); a lap without it
  counts the time its track points span. **distance**: the sum of the laps' ``DistanceMeters``; when a lap
  lacks it, how far the track points' ``DistanceMeters`` count from the activity's start (even in a file
  trimmed so that its first point is kilometres in), glitches left out (``clean_track``: a step faster
  than the sport goes is measured by the positions, else not counted; a spike adds nothing). A distance
  or a duration of 0 is None.
- **avg_hr**: the laps' ``AverageHeartRateBpm`` weighted by lap time, else the mean of the track points'
  heart rates. **elevation_gain_m** from the points' ``AltitudeMeters`` (as for GPX), None without any.
- **pool_length_m** (swims without GPS positions: a pool): the most common positive step between track
  points' ``DistanceMeters`` when it is a pool length (15-100 m).
- **day / start_time**: the ``<Id>`` (the start time; offsets such as ``+01:00`` are honoured) in ``tz``,
  else the first lap's ``StartTime``. **source_id** is that ``<Id>`` in UTC, ``YYYY-MM-DDTHH:MM:SSZ``.
- **title**: ``<Notes>`` on one line. **efforts**: from the track points' (time, ``DistanceMeters``), each
  ``Track`` of each lap a segment joined by ``moving_track``; points without ``DistanceMeters`` (pause
  markers, lost sensor) are left out, and so are the stream's glitches (``clean_track``: checked against
  the time and, where the points have a ``Position``, against the positions); then only the efforts that
  fit the workout are kept (``sane_efforts``).

Skipped, with the activity's line: no laps, neither distance nor time, no start time, impossible time
stamps (before 1970, from 2100 on) and numbers no person achieves (``implausible``); the file's other
activities still import.
Refused (``FileRejected``): anything ``parse_xml`` refuses, XML that is not ``<TrainingCenterDatabase>``,
and a file without any activity.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, tzinfo
from typing import NamedTuple

from studylog.domain.values import ImportedWorkout, NewWorkout, Skipped
from studylog.io.common import FileRejected, Parsed
from studylog.io.gpx import (
    heart_rate,
    impossible,
    mean_heart_rate,
    number,
    sport_note,
    uphill,
    utc,
    wall_clock,
)
from studylog.io.safexml import local, parse_xml
from studylog.io.workouts import (
    EFFORT_DISTANCES,
    TIME_ONLY,
    TrackPoint,
    best_efforts,
    clean_track,
    implausible,
    moving_track,
    sane_efforts,
    sport_from,
    track_note,
)
from studylog.text import clean

SOURCE = "tcx"
SPORTS = {"running": "run", "biking": "ride"}
POOL_LENGTHS = (15.0, 100.0)  # metres: the shortest and longest pools a step between points can be


class _Skip(Exception):
    """This activity cannot be imported; the message says why."""


class _Point(NamedTuple):
    time: datetime | None
    distance: float | None
    heart_rate: float | None
    altitude: float | None
    positioned: bool  # it has a <Position> (a pool swim has none)
    lat: float | None = None
    lon: float | None = None

    def track_point(self) -> TrackPoint:
        return TrackPoint(self.time.timestamp() if self.time else None, self.distance, self.lat, self.lon)


class _Lap(NamedTuple):
    start: datetime | None
    seconds: float | None
    distance: float | None
    avg_hr: float | None
    tracks: list[list[_Point]]

    @property
    def points(self) -> Iterator[_Point]:
        return (point for track in self.tracks for point in track)


def parse_tcx(data: bytes, name: str, *, sport: str | None = None,
              tz: tzinfo = UTC) -> Parsed[ImportedWorkout]:
    """Every activity in a TCX file as a workout (see the module docstring for the rules)."""
    lines: dict[ET.Element, int] = {}
    root = parse_xml(data, name, "TCX", lines=lines)
    if local(root.tag) != "TrainingCenterDatabase":
        raise FileRejected(f"{name} is XML but not TCX (its root element is <{local(root.tag)}>)")
    activities = list(_activities(root))
    if not activities:
        courses = any(local(child.tag) == "Courses" and len(child) for child in root)
        plans = " (only courses, which are planned routes, not workouts)" if courses else ""
        raise FileRejected(f"{name} has no activities{plans}")
    items: list[tuple[int | None, ImportedWorkout]] = []
    skipped: list[Skipped] = []
    for activity in activities:
        line = lines.get(activity)
        try:
            items.append((line, _workout(activity, sport, tz)))
        except _Skip as exc:
            skipped.append(Skipped(name, line, str(exc)))
    return Parsed(items=tuple(items), skipped=tuple(skipped))


def _activities(root: ET.Element) -> Iterator[ET.Element]:
    for activities in _all(root, "Activities"):
        for child in activities:
            if local(child.tag) == "Activity":
                yield child
            elif local(child.tag) == "MultiSportSession":
                for leg in child:
                    yield from _all(leg, "Activity")


def _all(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if local(child.tag) == name]


def _first(element: ET.Element | None, *path: str) -> ET.Element | None:
    for name in path:
        if element is None:
            return None
        element = next((child for child in element if local(child.tag) == name), None)
    return element


def _text(element: ET.Element | None, *path: str) -> str | None:
    found = _first(element, *path)
    return found.text.strip() if found is not None and found.text is not None else None


def _time(text: str | None) -> datetime | None:
    """An xsd:dateTime (``Z``, ``+01:00``, fractions of any length) as aware UTC; None if unusable."""
    if not text:
        return None
    try:
        return utc(datetime.fromisoformat(text.strip()))
    except ValueError:
        return None


def _point(element: ET.Element) -> _Point:
    return _Point(time=_time(_text(element, "Time")), distance=number(_text(element, "DistanceMeters")),
                  heart_rate=heart_rate(_text(element, "HeartRateBpm", "Value")),
                  altitude=number(_text(element, "AltitudeMeters")),
                  positioned=_first(element, "Position") is not None, **_position(element))


def _position(element: ET.Element) -> dict[str, float]:
    """The latitude and longitude of a Trackpoint's Position, when it has one that is a place."""
    lat, lon = number(_text(element, "Position", "LatitudeDegrees")), number(_text(element, "Position",
                                                                                   "LongitudeDegrees"))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return {}
    return {"lat": lat, "lon": lon}


def _lap(element: ET.Element) -> _Lap:
    seconds = number(_text(element, "TotalTimeSeconds"))
    distance = number(_text(element, "DistanceMeters"))
    return _Lap(start=_time(element.get("StartTime")),
                seconds=seconds if seconds is not None and seconds >= 0 else None,
                distance=distance if distance is not None and distance >= 0 else None,
                avg_hr=heart_rate(_text(element, "AverageHeartRateBpm", "Value")),
                tracks=[[_point(p) for p in _all(track, "Trackpoint")] for track in _all(element, "Track")])


def _workout(activity: ET.Element, given: str | None, tz: tzinfo) -> ImportedWorkout:
    laps = [_lap(lap) for lap in _all(activity, "Lap")]
    if not laps:
        raise _Skip("the activity has no laps: nothing to import")
    points = [point for lap in laps for point in lap.points]
    identifier = _text(activity, "Id")
    started = _time(identifier)
    start = started or next((lap.start for lap in laps if lap.start), None) or next(
        (p.time for p in points if p.time), None)
    if start is None:
        raise _Skip("the activity has no start time: cannot tell which day it was")
    for moment in (start, *(lap.start for lap in laps), *(p.time for p in points)):
        if moment is not None and impossible(moment):
            raise _Skip(f"impossible time stamps ({moment.date().isoformat()})")

    notes: list[str] = []
    stated = (activity.get("Sport") or "").strip()
    known = SPORTS.get(stated.lower()) or (sport_from(stated) if stated.lower() != "other" else None)
    if known:
        sport = known
        notes += sport_note(known, given)
    else:
        sport = given or "other"

    distance = _distance(laps, points, sport, start) or None  # 0 m: nothing covered (a gym session)
    if sport in TIME_ONLY:
        distance = None  # a yoga session's GPS drift is no distance
    duration = _duration(laps) or None
    if distance is None and duration is None:
        raise _Skip("the activity records neither a distance nor a time: nothing to import")
    reason = implausible(sport, distance, duration)
    if reason:
        raise _Skip(f"not imported: {reason}")

    step = _pool_step(points)
    if not known and not given and _looks_like_pool(laps, points, step):
        lengths = f"distance in {step:g} m lengths" if step else "only lap distances"
        notes.append(f"looks like a pool swim (no GPS positions, {lengths}); TCX has no swim sport, so it "
                     f"was read as other: use --sport swim for pool swims")
    pool_length = step if sport == "swim" and not any(p.positioned for p in points) else None

    cleaned = [clean_track(sport, [p.track_point() for p in _in_order(track)])
               for lap in laps for track in lap.tracks]
    times, distances = moving_track([track.timeline for track in cleaned if track.timeline])
    efforts = sane_efforts(sport, distance, duration, best_efforts(times, distances, EFFORT_DISTANCES.get(sport, ())))
    if note := track_note(cleaned, sport):
        notes.append(note)

    day, start_time = wall_clock(start, tz)
    source_id = (started.strftime("%Y-%m-%dT%H:%M:%SZ") if started
                 else clean(identifier, multiline=False) or start.strftime("%Y-%m-%dT%H:%M:%SZ"))
    workout = NewWorkout(
        sport=sport, day=day, start_time=start_time,
        distance_m=round(distance, 3) or None if distance is not None else None,
        duration_s=round(duration, 3) if duration is not None else None,
        elevation_gain_m=uphill(p.altitude for p in points),
        avg_hr=_average_heart_rate(laps, points),
        pool_length_m=pool_length,
        title=clean(_text(activity, "Notes"), multiline=False),
        source=SOURCE, source_id=source_id,
    )
    return ImportedWorkout(workout, efforts, tuple(notes))


def _distance(laps: list[_Lap], points: list[_Point], sport: str, start: datetime) -> float | None:
    """The laps' distances, else how far the track points counted from the start, glitches left out
    (``clean_track``, from the start at 0 m), else the farthest an untimed point counted."""
    lap_distances = [lap.distance for lap in laps if lap.distance is not None]
    if len(lap_distances) == len(laps):  # every lap has its distance
        return sum(lap_distances)
    timed = [p.track_point() for p in points if p.time is not None and p.distance is not None]
    if timed:
        times = [p.time for p in timed if p.time is not None]  # (every one: they were picked for their time)
        origin = TrackPoint(min(start.timestamp(), *times), 0.0)
        return clean_track(sport, timed, origin=origin).distance
    counted = [p.distance for p in points if p.distance is not None and p.distance >= 0]
    if counted:
        return max(counted)
    known = [lap.distance for lap in laps if lap.distance is not None]
    return sum(known) if known else None


def _duration(laps: list[_Lap]) -> float | None:
    """Timer time: the laps' TotalTimeSeconds, or for a lap without it the time its points span."""
    total = None
    for lap in laps:
        seconds = lap.seconds
        if seconds is None:
            times = [p.time for p in lap.points if p.time is not None]
            seconds = (max(times) - min(times)).total_seconds() if len(times) > 1 else None
        if seconds is not None:
            total = (total or 0.0) + seconds
    return total


def _average_heart_rate(laps: list[_Lap], points: list[_Point]) -> int | None:
    weighted = [(lap.avg_hr, lap.seconds or 0.0) for lap in laps if lap.avg_hr is not None]
    if weighted:
        weight = sum(seconds for _, seconds in weighted)
        if weight > 0:
            return round(sum(hr * seconds for hr, seconds in weighted) / weight)
        return mean_heart_rate(hr for hr, _ in weighted)
    return mean_heart_rate(p.heart_rate for p in points if p.heart_rate is not None)


def _in_order(track: list[_Point]) -> list[_Point]:
    """A track's points that have a time and a distance, leaving out any whose time goes backwards."""
    kept: list[_Point] = []
    last: datetime | None = None  # the time of the last point kept
    for point in track:
        if point.time is None or point.distance is None:
            continue
        if last is not None and point.time < last:
            continue
        kept.append(point)
        last = point.time
    return kept


def _pool_step(points: list[_Point]) -> float | None:
    """The most common positive step between consecutive track point distances, if a pool's length."""
    distances = [p.distance for p in points if p.distance is not None]
    steps = Counter(round(b - a, 1) for a, b in zip(distances, distances[1:], strict=False) if b - a > 0.05)
    if not steps:
        return None
    step = steps.most_common(1)[0][0]
    return step if POOL_LENGTHS[0] <= step <= POOL_LENGTHS[1] else None


def _looks_like_pool(laps: list[_Lap], points: list[_Point], step: float | None) -> bool:
    """No GPS anywhere, and the distance grows in whole pool lengths (or is only given per lap)."""
    if any(p.positioned for p in points):
        return False
    distances = [p.distance for p in points if p.distance is not None]
    if not distances:
        return any(lap.distance for lap in laps)
    if step is None:
        return False
    steps = [b - a for a, b in zip(distances, distances[1:], strict=False) if b - a > 0.05]
    whole = sum(1 for s in steps if abs(s / step - round(s / step)) * step < 0.5)
    return whole >= 0.9 * len(steps)
