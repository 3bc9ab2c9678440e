"""What every workout importer shares: sport names, sanity limits, and best efforts from a track."""

from __future__ import annotations

from collections.abc import Sequence

from studylog.domain.values import Effort

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

# Speeds no person reaches in that sport (metres per second), and distances beyond any single session.
MAX_SPEED = {"run": 7.0, "walk": 3.5, "hike": 3.5, "swim": 2.6, "ride": 30.0}
MAX_DISTANCE = {"run": 350_000.0, "walk": 350_000.0, "hike": 350_000.0, "swim": 100_000.0, "ride": 1_500_000.0}
MAX_DURATION = 7 * 24 * 3600.0


def sport_from(text: str | None) -> str | None:
    """'Running', 'running', 'Trail Run', '9' (Strava's old code for Run) -> 'run'; None if unknown."""
    if text is None:
        return None
    key = " ".join(text.strip().lower().replace("_", " ").split())
    if key in STRAVA_CODES:
        return STRAVA_CODES[key]
    return SPORT_WORDS.get(key) or SPORT_WORDS.get(key.replace(" ", ""))


def implausible(sport: str, distance_m: float | None, duration_s: float | None) -> str | None:
    """Why these numbers cannot be a real workout (negative, absurd, impossibly fast), or None."""
    if distance_m is not None and distance_m < 0:
        return f"negative distance ({distance_m:g} m)"
    if duration_s is not None and duration_s < 0:
        return f"negative duration ({duration_s:g} s)"
    if distance_m and duration_s is not None and duration_s <= 0:
        return f"{distance_m / 1000:,.1f} km in no time"
    if duration_s is not None and duration_s > MAX_DURATION:
        return f"a duration of {duration_s / 3600:.0f} hours"
    if distance_m and distance_m > MAX_DISTANCE.get(sport, 2_000_000.0):
        return f"a {sport} of {distance_m / 1000:,.0f} km"
    if distance_m and duration_s and sport in MAX_SPEED and distance_m / duration_s > MAX_SPEED[sport]:
        pace = duration_s / (distance_m / 1000)
        return f"a {sport} of {distance_m / 1000:,.1f} km at {int(pace // 60)}:{int(pace % 60):02d} /km"
    return None


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

