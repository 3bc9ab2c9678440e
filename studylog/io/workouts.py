"""What every workout importer shares: sport names, sanity limits, and best efforts from a track.

Records survive bad data: a track is cleaned (``clean_track``: GPS spikes, duplicate time stamps and
jumps of a distance stream left out, against the sport's ``limits.top_speed``) before ``best_efforts``
measures it, and the efforts kept are only those that fit their workout (``sane_efforts``, and
``stored_efforts`` for what the store keeps): every importer and the store use these, and nothing else.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import NamedTuple

from studylog.domain.values import Effort
from studylog.limits import FIRST_WORKOUT_DAY, LAST_YEAR, SPORT_LIMITS, record_speed, workout_problem

MILE = 1609.344
HALF_MARATHON = 21097.5
MARATHON = 42195.0

# The standard distances a best effort is kept for, by sport.
EFFORT_DISTANCES: dict[str, tuple[float, ...]] = {
    "run": (1000.0, MILE, 5000.0, 10000.0, HALF_MARATHON, MARATHON),
    "walk": (1000.0, MILE, 5000.0, 10000.0, HALF_MARATHON, MARATHON),
    "hike": (1000.0, MILE, 5000.0, 10000.0, HALF_MARATHON, MARATHON),
    "swim": (100.0, 400.0, 1500.0),
    "ride": (10000.0, 20000.0, 40000.0, 100000.0),
}

EFFORT_NAMES = {1000.0: "1 km", MILE: "1 mile", 5000.0: "5 km", 10000.0: "10 km", HALF_MARATHON: "half marathon",
                MARATHON: "marathon", 100.0: "100 m", 400.0: "400 m", 1500.0: "1,500 m", 20000.0: "20 km",
                40000.0: "40 km", 100000.0: "100 km"}

# Words and Strava's old numeric activity codes -> studylog sports.
SPORT_WORDS = {
    "run": "run", "running": "run", "trail run": "run", "trailrun": "run", "treadmill": "run", "virtual run": "run",
    "virtualrun": "run", "jog": "run",
    "ride": "ride", "cycling": "ride", "biking": "ride", "bike": "ride", "road biking": "ride",
    "mountain biking": "ride", "virtual ride": "ride", "virtualride": "ride", "e-bike ride": "ride",
    "ebikeride": "ride", "gravel ride": "ride", "mountain bike ride": "ride", "velomobile": "ride",
    "swim": "swim", "swimming": "swim", "pool swim": "swim", "lap swimming": "swim", "open water swimming": "swim",
    "walk": "walk", "walking": "walk",
    "hike": "hike", "hiking": "hike",
    "weight training": "strength", "weighttraining": "strength", "strength": "strength",
    "strength training": "strength", "crossfit": "strength", "training": "strength",
    "yoga": "yoga", "pilates": "yoga",
}
STRAVA_CODES = {"1": "ride", "4": "hike", "9": "run", "10": "walk", "16": "swim", "17": "ride", "18": "ride",
                "11": "other"}

# Sports without a distance: a watch's GPS drift during a yoga or strength session is no distance.
TIME_ONLY = frozenset({"strength", "yoga"})


def sport_from(text: str | None) -> str | None:
    """'Running', 'running', 'Trail Run', '9' (Strava's old code for Run) -> 'run'; None if unknown."""
    if text is None:
        return None
    key = " ".join(text.strip().lower().replace("_", " ").split())
    if key in STRAVA_CODES:
        return STRAVA_CODES[key]
    return SPORT_WORDS.get(key) or SPORT_WORDS.get(key.replace(" ", ""))


def implausible(sport: str, distance_m: float | None, duration_s: float | None) -> str | None:
    """Why these numbers cannot be a real workout (negative, absurd, faster than anyone goes), or None:
    the one table of limits in studylog.limits, as typed entries are checked."""
    return workout_problem(sport, distance_m, duration_s)


def impossible_moment(moment: datetime) -> bool:
    """True for a time stamp no workout can have (a clock error): before 1970 or after 2100 (the one table
    of limits). Days after today are refused when the import is stored (services.workouts.import_workouts)."""
    return moment.date() < FIRST_WORKOUT_DAY or moment.year > LAST_YEAR


def best_efforts(times: Sequence[float], distances: Sequence[float], targets: Sequence[float]) -> tuple[Effort, ...]:
    """The fastest stretch covering each target distance, from a track's (seconds, cumulative metres).

    ``times`` and ``distances`` are non-decreasing and of equal length (moving time: leave pauses out).
    The end of a stretch is interpolated between points, so a 5 km effort is 5 km, not the next point
    after it. Targets longer than the track are left out. O(points) per target.
    """
    n = len(times)
    if n < 2 or n != len(distances):
        return ()
    found = []
    total = distances[-1] - distances[0]
    slack = 0.5  # metres: a track measured as 4,999.9999 m still has a 5 km effort
    for target in targets:
        if target > total + slack:
            continue
        best = None
        j = 0
        for i in range(n):
            goal = min(distances[i] + target, distances[-1]) if target <= total + slack else distances[i] + target
            if goal > distances[-1] + 1e-9 or distances[-1] - distances[i] < target - slack:
                break
            if j < i:
                j = i
            while j < n and distances[j] < goal - 1e-9:
                j += 1
            if j >= n:
                break
            d0, d1 = distances[j - 1] if j > i else distances[j], distances[j]
            t0, t1 = times[j - 1] if j > i else times[j], times[j]
            end = t1 if d1 == d0 else t0 + (t1 - t0) * (goal - d0) / (d1 - d0)
            elapsed = end - times[i]
            if elapsed > 0 and (best is None or elapsed < best):
                best = elapsed
        if best is not None:
            found.append(Effort(target, best))
    return tuple(found)


def whole_workout_efforts(sport: str, distance_m: float | None, duration_s: float | None) -> tuple[Effort, ...]:
    """Without a track, a workout counts for each standard distance it covers, at its average pace."""
    if not distance_m or not duration_s:
        return ()
    return tuple(Effort(target, duration_s * target / distance_m)
                 for target in EFFORT_DISTANCES.get(sport, ()) if target <= distance_m + 1e-6)


def moving_track(segments: Sequence[Sequence[tuple[float, float]]]) -> tuple[list[float], list[float]]:
    """Join segments of (seconds since epoch, cumulative metres within the segment) into one moving
    timeline: the pause between two segments counts neither as time nor as distance."""
    times: list[float] = []
    distances: list[float] = []
    t_offset = d_offset = 0.0
    for segment in segments:
        if len(segment) < 1:
            continue
        t_start, d_start = segment[0]
        base_t = times[-1] if times else 0.0
        base_d = distances[-1] if distances else 0.0
        t_offset, d_offset = base_t - t_start, base_d - d_start
        for t, d in segment:
            times.append(t + t_offset)
            distances.append(max(d + d_offset, distances[-1] if distances else 0.0))
    return times, distances



# ------------------------------------------------------------------------------------ sane tracks, sane efforts

# How much an effort may exceed its workout (the track and the file's totals are measured differently).
EFFORT_SLACK_RATIO = 0.01  # 1% of the workout's distance and duration...
EFFORT_SLACK_M = 10.0  # ...plus 10 m
EFFORT_SLACK_S = 5.0  # ...plus 5 s
MONOTONE_TOLERANCE_S = 0.5  # best_efforts starts stretches at points only, so it can be this much off
# A stream step and a position step that differ by more than this (and by more than half the larger of
# the two) disagree: one of them is a glitch.
DISAGREE_M = 20.0
DISAGREE_RATIO = 0.5
# Points in a row that move plausibly among themselves but not from the last kept point: a real jump (the
# track starts again elsewhere, or the earlier point was the glitch), kept without counting the jump.
JUMP_RUN = 3
MAX_LEFT_OUT = 0.5  # of a track's timed points: leaving out more is not cleaning glitches (see _as_read)
ONE_DEGREE = 2 * math.pi * 6_378_137.0 / 360  # metres per degree of latitude, as gpxpy measures


class TrackPoint(NamedTuple):
    """One point of a track: the time (seconds on any scale; None when the file gives none), the file's own
    cumulative distance (TCX ``DistanceMeters``, FIT ``distance``) and the position, when it has them."""

    time: float | None
    distance: float | None = None
    lat: float | None = None
    lon: float | None = None


class CleanTrack(NamedTuple):
    """A track with its glitches left out: (time or None, metres from the first point) of each kept point."""

    points: tuple[tuple[float | None, float], ...]
    left_out: int = 0  # points that would mean moving faster than the sport's top speed, or moving in no time
    backwards: int = 0  # points whose time is before the point kept before them
    jumps: int = 0  # jumps to a new place (or a new level of the distance stream) not counted as distance
    as_read: bool = False  # True: most of it is faster than the sport, so it was measured as it is

    @property
    def distance(self) -> float:
        return self.points[-1][1] if self.points else 0.0

    @property
    def timeline(self) -> list[tuple[float, float]]:
        """(time, metres) of the kept points that have a time, for ``moving_track``."""
        return [(t, d) for t, d in self.points if t is not None]


def ground_distance(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Metres between two positions, as gpxpy's 2-D distance measures them (so that a GPX track measures
    the same here as in gpxpy): flat near by, haversine beyond 0.2 degrees."""
    if abs(lat1 - lat2) > 0.2 or abs(lon1 - lon2) > 0.2:
        dlat, dlon = math.radians(lat1 - lat2), math.radians(lon1 - lon2)
        a = math.sin(dlat / 2) ** 2 + math.sin(dlon / 2) ** 2 * math.cos(math.radians(lat1)) * math.cos(
            math.radians(lat2))
        return 2 * 6_378_137.0 * math.asin(min(1.0, math.sqrt(a)))
    x = lat1 - lat2
    y = (lon1 - lon2) * math.cos(math.radians(lat1))
    return math.sqrt(x * x + y * y) * ONE_DEGREE


def _ground(a: TrackPoint, b: TrackPoint) -> float | None:
    """Metres between two points' positions (``ground_distance``); None when either has no position."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    return ground_distance(a.lat, a.lon, b.lat, b.lon)


def _step(a: TrackPoint, b: TrackPoint, top: float, *, via: TrackPoint | None = None,
          path: float = 0.0) -> float | None:
    """Metres moved from ``a`` to ``b``, or None when ``b`` cannot follow ``a``: faster than ``top``, or
    moving in no time, or back in time. (``via``: the last untimed point kept since ``a``, and ``path`` the
    metres kept up to it: positions are measured from there.)

    The distance stream is trusted for the step when its speed is possible; when the positions also give
    a possible step and the two disagree badly, the shorter is taken (a glitch adds distance far more
    often than it takes some away, and a record must not come from metres nobody covered). When the
    stream is impossible (a spike up, a drop back down, a reset) the positions measure the step."""
    assert a.time is not None and b.time is not None
    limit = top * (b.time - a.time)
    start = via or a
    stream = b.distance - a.distance if a.distance is not None and b.distance is not None else None
    between = _ground(start, b)
    ground = path + between if between is not None else None
    stream_ok = stream if stream is not None and 0 <= stream <= limit else None  # (None: not possible)
    ground_ok = ground if ground is not None and ground <= limit else None
    if stream_ok is not None and ground_ok is not None:
        if abs(stream_ok - ground_ok) > max(DISAGREE_M, DISAGREE_RATIO * max(stream_ok, ground_ok)):
            return min(stream_ok, ground_ok)
        return stream_ok
    if stream_ok is not None:
        return stream_ok
    if ground_ok is not None:
        return ground_ok
    if stream is None and ground is None and limit >= 0:
        return 0.0  # nothing says it moved (a point with only a time)
    return None


def clean_track(sport: str, points: Sequence[TrackPoint], *, origin: TrackPoint | None = None,
                _retries: int = 0) -> CleanTrack:
    """The track with its glitches left out, measured: every importer's best efforts (and a GPX file's
    distance) come from this.

    Each timed point is measured from the last kept timed point (``_step``): a point that would mean
    moving faster than the sport's ``limits.top_speed`` is left out (a GPS spike: a point that jumps away
    and back costs nothing), and so is one that moves at the same instant as that point (duplicate time
    stamps) or goes back in time. When ``JUMP_RUN`` points in a row move plausibly among themselves but
    not from the last kept point, the jump was real (or the kept point was the glitch): they are kept,
    and the jump adds no distance. So a distance stream that jumps up for good never adds the jump, and
    one that spikes and comes back adds nothing. Points without a time cannot be judged: they are kept,
    measured by their positions. ``origin`` (the activity's start at 0 m) lets the first point be judged
    too; it is not among the points returned. A sport without a top speed is measured as it is, and so is
    a track that would lose more than ``MAX_LEFT_OUT`` of its timed points (``_as_read``): that is not a
    few glitches but a wrong sport or a broken file, which the workout's own checks then judge."""
    limits = SPORT_LIMITS.get(sport)
    top = limits.top_speed if limits is not None and limits.top_speed > 0 else math.inf
    kept: list[tuple[TrackPoint, float]] = []  # (point, metres from the first)
    anchor: tuple[TrackPoint, float] | None = (origin, 0.0) if origin is not None else None  # last timed kept
    pending: list[tuple[TrackPoint, float]] = []  # left out so far: (point, metres from the one before)
    left_out = backwards = jumps = 0

    def take_pending() -> None:
        nonlocal anchor, pending, jumps
        jumps += 1
        metres = kept[-1][1] if kept else 0.0
        for candidate, step in pending:
            metres += step
            kept.append((candidate, metres))
        anchor, pending = kept[-1], []

    for point in points:
        if point.time is None or anchor is None:  # untimed (cannot be judged), or the first timed point:
            before = kept[-1] if kept else anchor  # measured from the point before by position
            between = _ground(before[0], point) if before is not None else None
            metres = between if between is not None else 0.0
            kept.append((point, before[1] + metres if before is not None else 0.0))
            if point.time is not None:
                anchor = kept[-1]
            continue
        last = kept[-1] if kept else anchor
        via = last[0] if last[0] is not anchor[0] else None
        moved = _step(anchor[0], point, top, via=via, path=last[1] - anchor[1] if via else 0.0)
        if moved is not None:
            kept.append((point, max(last[1], anchor[1] + moved)))
            anchor = kept[-1]
            left_out += len(pending)
            pending = []
            continue
        assert anchor[0].time is not None  # (the anchor is a timed point: _step above asserted it)
        if point.time < anchor[0].time:
            backwards += 1
            continue
        chained = _step(pending[-1][0], point, top) if pending else None
        if chained is None:
            left_out += len(pending)
            pending = [(point, 0.0)]
        else:
            pending.append((point, chained))
        if len(pending) >= JUMP_RUN:
            take_pending()
    if pending and not kept:  # every point disagreed with the origin: the origin was wrong
        take_pending()
    left_out += len(pending)
    timed = sum(1 for point in points if point.time is not None)
    if backwards > MAX_LEFT_OUT * timed and _retries < 3:
        # most points come "before" the first one: that first time stamp was the glitch (a watch's clock
        # set late at the start); measure again without it
        first = next(i for i, point in enumerate(points) if point.time is not None)
        return clean_track(sport, [*points[:first], *points[first + 1:]], origin=origin, _retries=_retries + 1)
    if left_out > MAX_LEFT_OUT * timed:
        return _as_read(points)
    return CleanTrack(tuple((p.time, d) for p, d in kept), left_out, backwards, jumps)


def _as_read(points: Sequence[TrackPoint]) -> CleanTrack:
    """The track measured as it is (the stream where it grows, else the positions), for a track that is
    faster than its sport all along: a wrong sport or a broken file, for the workout's checks to judge.
    A point whose time goes back is kept for the distance, not for the timing."""
    measured: list[tuple[float | None, float]] = []
    previous: TrackPoint | None = None
    latest = -math.inf
    backwards = 0
    for point in points:
        metres = measured[-1][1] if measured else 0.0
        if previous is not None:
            if point.distance is not None and previous.distance is not None:
                metres += max(point.distance - previous.distance, 0.0)
            elif (between := _ground(previous, point)) is not None:
                metres += between
        when = point.time
        if when is not None and when < latest:
            when, backwards = None, backwards + 1
        latest = max(latest, when) if when is not None else latest
        measured.append((when, metres))
        previous = point
    return CleanTrack(tuple(measured), 0, backwards, 0, as_read=True)


def track_note(tracks: Iterable[CleanTrack], sport: str, what: str = "the best efforts") -> str | None:
    """The import note for what ``clean_track`` left out of a workout's tracks, or None for nothing."""
    tracks = list(tracks)
    if any(track.as_read for track in tracks):
        return f"most of the track is faster than a {sport} goes: it was measured as it is"
    left_out, jumps = sum(track.left_out for track in tracks), sum(track.jumps for track in tracks)
    parts = []
    if left_out:
        limits = SPORT_LIMITS.get(sport)
        top = f"faster than {limits.top_speed:g} m/s" if limits else "too fast"
        one = left_out == 1
        parts.append(f"{left_out} track point{'' if one else 's'} {'was' if one else 'were'} left out of {what} "
                     f"(moving {top}, or in no time: GPS or sensor glitches)")
    if jumps:
        one = jumps == 1
        parts.append(f"{jumps} jump{'' if one else 's'} to a new place or distance {'was' if one else 'were'} not "
                     f"counted in {what}")
    return "; ".join(parts) or None


def sane_efforts(sport: str, distance_m: float | None, duration_s: float | None,
                 efforts: Iterable[Effort]) -> tuple[Effort, ...]:
    """The efforts a workout of this sport, distance and duration can hold, shortest first. Left out:
    - an effort longer than the workout: more than ``EFFORT_SLACK_RATIO`` + ``EFFORT_SLACK_M`` beyond
      its distance, or (when it has a duration) ``EFFORT_SLACK_RATIO`` + ``EFFORT_SLACK_S`` beyond its
      duration; a workout without a distance holds no effort;
    - one faster than ``limits.record_speed`` at its distance, or without a positive, finite time;
    - one that a shorter effort contradicts: the fastest stretch over a longer distance contains one over
      the shorter distance, and the rest of it takes at least (difference) / ``top_speed``; so when a
      longer effort is faster than that, the LONGER one is left out (a glitch in a track makes the
      efforts that span it too fast, and a longer one spans more of the track; a best effort cannot be
      made too slow by a glitch, since it is the fastest stretch). Of two efforts at one distance the
      faster is kept (a best effort is the minimum).
    This is the one place these rules live: every importer and the store apply it."""
    if not distance_m or not math.isfinite(distance_m):
        return ()
    fastest: dict[float, float] = {}
    for effort in efforts:
        metres, seconds = float(effort.distance_m), float(effort.duration_s)
        if not (math.isfinite(metres) and math.isfinite(seconds) and metres > 0 and seconds > 0):
            continue
        if metres > distance_m * (1 + EFFORT_SLACK_RATIO) + EFFORT_SLACK_M:
            continue
        if duration_s and seconds > duration_s * (1 + EFFORT_SLACK_RATIO) + EFFORT_SLACK_S:
            continue
        record = record_speed(sport, metres)
        if record is not None and metres / seconds > record:
            continue
        if seconds < fastest.get(metres, math.inf):
            fastest[metres] = seconds
    kept: list[Effort] = []
    for metres in sorted(fastest):
        candidate = Effort(metres, fastest[metres])
        if _agrees(sport, kept, candidate):
            kept.append(candidate)
    return tuple(kept)


def _agrees(sport: str, kept: Iterable[Effort], candidate: Effort) -> bool:
    """True when ``candidate`` is possible beside every effort in ``kept`` (longer never faster than a
    shorter one plus the difference at the sport's top speed)."""
    limits = SPORT_LIMITS.get(sport)
    top = limits.top_speed if limits is not None and limits.top_speed > 0 else math.inf
    for other in kept:
        short, long_ = (other, candidate) if other.distance_m <= candidate.distance_m else (candidate, other)
        if long_.duration_s + MONOTONE_TOLERANCE_S < short.duration_s + (long_.distance_m - short.distance_m) / top:
            return False
    return True


def stored_efforts(sport: str, distance_m: float | None, duration_s: float | None,
                   track: Iterable[Effort]) -> tuple[tuple[Effort, bool], ...]:
    """What a workout keeps, as (effort, from its track): its track's efforts that are sane
    (``sane_efforts``), then for each other standard distance it covers, the whole workout at its average
    pace, when that is sane beside them (a track effort is never dropped for a whole-workout one)."""
    kept = list(sane_efforts(sport, distance_m, duration_s, track))
    found = [(effort, True) for effort in kept]
    covered = {effort.distance_m for effort in kept}
    for effort in sane_efforts(sport, distance_m, duration_s, whole_workout_efforts(sport, distance_m, duration_s)):
        if effort.distance_m not in covered and _agrees(sport, kept, effort):
            kept.append(effort)
            found.append((effort, False))
    return tuple(sorted(found, key=lambda pair: pair[0].distance_m))
