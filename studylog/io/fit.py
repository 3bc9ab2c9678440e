"""FIT activity files (from watches and bike computers) -> workouts, decoded with Garmin's own SDK.

One workout per ``session`` message. Its numbers come from the session (the watch's own totals); best
efforts come from the ``record`` messages inside the session's time window, with the pauses marked by
timer events left out, and with the glitches of their distance field left out (``clean_track``: a step
faster than the sport goes is not trusted, and is measured by the records' positions when they have
them), then kept only when they fit the session (``sane_efforts``). Pure: bytes in, values out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from studylog.domain.values import SPORTS, Effort, ImportedWorkout, NewWorkout, Skipped
from studylog.io.common import FileRejected, Parsed, refuse_binary
from studylog.io.workouts import (
    EFFORT_DISTANCES,
    TIME_ONLY,
    CleanTrack,
    TrackPoint,
    best_efforts,
    clean_track,
    implausible,
    impossible_moment,
    moving_track,
    sane_efforts,
    sport_from,
    track_note,
    whole_workout_efforts,
)
from studylog.text import clean, tag

if TYPE_CHECKING:
    from garmin_fit_sdk.mesgs import FitMessages

SOURCE = "fit"
YARD = 0.9144
SEMICIRCLE = 180 / 2**31  # degrees

# FIT sub-sports that say more than their sport ('training' + 'yoga' is yoga, 'fitness_equipment' +
# 'treadmill' is a run).
SUB_SPORTS = {
    "yoga": "yoga", "pilates": "yoga", "strength_training": "strength",
    "treadmill": "run", "indoor_running": "run", "street": "run", "trail": "run", "track": "run",
    "spin": "ride", "indoor_cycling": "ride", "road": "ride", "mountain": "ride", "gravel_cycling": "ride",
    "e_bike_fitness": "ride", "e_bike_mountain": "ride",
    "lap_swimming": "swim", "open_water": "swim",
    "indoor_walking": "walk", "casual_walking": "walk", "speed_walking": "walk",
}
# FIT sports sport_from does not know, and the ones that mean "the file does not say".
FIT_SPORTS = {"e_biking": "ride", "wheelchair_push_run": "run", "wheelchair_push_walk": "walk"}
UNSAID = frozenset({"generic", "all", "fitness_equipment", "multisport"})
TIMER_STOPS = frozenset({"stop", "stop_all", "stop_disable", "stop_disable_all"})


def parse_fit(data: bytes, name: str, *, sport: str | None = None,
              tz: tzinfo = UTC) -> Parsed[ImportedWorkout]:
    """The workouts in a FIT activity file, one per session; a file that is not FIT, is damaged or cut
    short, or has no session is refused."""
    messages = _decode(data, name)
    sessions = [m for m in messages.get("session_mesgs", ()) if isinstance(m, dict)]
    if not sessions:
        kinds = {m.get("type") for m in messages.get("file_id_mesgs", ()) if isinstance(m, dict)}
        kind = next((k for k in kinds if isinstance(k, str) and k != "activity"), None)
        hint = f" (it is a {kind.replace('_', ' ')} file)" if kind else ""
        raise FileRejected(f"{name} has no activity session{hint}")
    serial = next((m["serial_number"] for m in messages.get("file_id_mesgs", ())
                   if isinstance(m, dict) and isinstance(m.get("serial_number"), int)), None)
    records = _records(messages.get("record_mesgs", ()))
    stops = _timer_events(messages.get("event_mesgs", ()))
    fallback = sport_from(sport) or (sport if sport in SPORTS else None)
    items: list[tuple[int | None, ImportedWorkout]] = []
    skipped: list[Skipped] = []
    for number, session in enumerate(sessions, start=1):
        result = _session(session, number, len(sessions), serial, records, stops, fallback, tz)
        if isinstance(result, str):
            skipped.append(Skipped(name, None, result))
        else:
            items.append((None, result))
    return Parsed(tuple(items), tuple(skipped))


# ---------------------------------------------------------------------------------------------- decoding

def _decode(data: bytes, name: str) -> FitMessages:
    refuse_binary(data, name, "a FIT file")  # an empty file; FIT never starts like a PNG, ZIP or gzip
    from garmin_fit_sdk import Decoder, Stream  # the SDK's profile is large: import it only when used

    probe = Decoder(Stream.from_byte_array(bytearray(data)))
    if not probe.is_fit():
        if len(data) >= 12 and data[0] in (12, 14) and data[8:12] == b".FIT":  # a FIT header, little else
            raise FileRejected(f"{name} is damaged or cut short ({_integrity_problem(data)})")
        raise FileRejected(f"{name} is not a FIT file")
    if not probe.check_integrity():
        raise FileRejected(f"{name} is damaged or cut short ({_integrity_problem(data)})")
    # check_integrity leaves the stream at the end of the file: read with a fresh decoder.
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    if errors:
        raise FileRejected(f"{name} is damaged or cut short ({_error_text(errors[0])})")
    return messages


def _integrity_problem(data: bytes) -> str:
    header_size = data[0]
    data_size = int.from_bytes(data[4:8], "little") if len(data) >= 8 else 0
    expected = header_size + data_size + 2
    if len(data) < expected:
        return f"the header announces {expected:,} bytes, the file has {len(data):,}"
    return "its checksum does not match its content"


_AT_BYTE = re.compile(r"at byte: ([0-9]+) (.+)")


def _error_text(error: Exception) -> str:
    """The SDK's error in words. It raises IndexError at the end of the data, and TypeError when it
    builds that message for a single byte (a bug in its Stream.read_byte)."""
    text = " ".join(str(error).split())
    text = text.removeprefix("FIT Runtime Error").strip(" ,:")
    if isinstance(error, (IndexError, TypeError)) or "bytes remaining" in text or not text:
        return "it ends in the middle of a message"
    if "CRC" in text:
        return "its checksum does not match its content"
    if match := _AT_BYTE.fullmatch(text):
        text = f"{match[2][:1].lower()}{match[2][1:]} at byte {int(match[1]):,}"
    return clean(text[:200], multiline=False) or "the decoder stopped"


# ---------------------------------------------------------------------------------------------- messages

def _number(value: object) -> float | None:
    """A finite number from a decoded field (the SDK gives lists for malformed fields: not a number)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    return number if number == number and abs(number) != float("inf") else None


def _when(value: object) -> datetime | None:
    return value if isinstance(value, datetime) and value.tzinfo is not None else None


def _records(messages: Sequence[Any]) -> list[tuple[datetime, TrackPoint]]:
    """(time, the point) of every record that has a time and a distance (and its position, when it has
    one), in time order."""
    points = []
    for message in messages:
        if not isinstance(message, dict):
            continue
        when, distance = _when(message.get("timestamp")), _number(message.get("distance"))
        if when is not None and distance is not None and distance >= 0:
            points.append((when, TrackPoint(when.timestamp(), distance, *_position(message))))
    points.sort(key=lambda point: point[0])
    return points


def _position(message: dict[str, Any]) -> tuple[float | None, float | None]:
    """A record's latitude and longitude in degrees (FIT stores semicircles), (None, None) without."""
    lat, lon = _number(message.get("position_lat")), _number(message.get("position_long"))
    if lat is None or lon is None:
        return None, None
    lat, lon = lat * SEMICIRCLE, lon * SEMICIRCLE
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None, None
    return lat, lon


def _timer_events(messages: Sequence[Any]) -> list[tuple[datetime, bool]]:
    """(time, True for a stop / False for a start) of the timer events, in time order."""
    events = []
    for message in messages:
        if not isinstance(message, dict) or message.get("event") != "timer":
            continue
        when, kind = _when(message.get("timestamp")), message.get("event_type")
        if when is not None and (kind in TIMER_STOPS or kind == "start"):
            events.append((when, kind in TIMER_STOPS))
    events.sort(key=lambda event: event[0])
    return events


def _sport(session: Mapping[str, Any], fallback: str | None) -> tuple[str, tuple[str, ...]]:
    """The studylog sport of a session, and a tag keeping a FIT sport studylog has no name for."""
    named = session.get("sport") if isinstance(session.get("sport"), str) else None
    sub = session.get("sub_sport") if isinstance(session.get("sub_sport"), str) else None
    if sub in ("yoga", "pilates", "strength_training") and named in (None, "training", *UNSAID):
        return SUB_SPORTS[sub], ()
    if named and named not in UNSAID:
        found = FIT_SPORTS.get(named) or sport_from(named)
        if found:
            return found, ()
    if sub in SUB_SPORTS:
        return SUB_SPORTS[sub], ()
    unknown = (tag(named.replace("_", " ")),) if named and named not in UNSAID else ()
    return fallback or "other", unknown


def _session(session: Mapping[str, Any], number: int, count: int, serial: int | None,
             records: list[tuple[datetime, TrackPoint]], stops: list[tuple[datetime, bool]],
             fallback: str | None, tz: tzinfo) -> ImportedWorkout | str:
    """The workout of one session, or why it is skipped."""
    which = f"session {number} of {count}" if count > 1 else "the session"
    elapsed = _number(session.get("total_elapsed_time"))
    timer = _number(session.get("total_timer_time"))
    end = _when(session.get("timestamp"))
    start = _when(session.get("start_time"))
    if start is None and end is not None and elapsed is not None:
        start = end - timedelta(seconds=elapsed)
    if start is None:
        return f"{which} has no start time"
    if impossible_moment(start):
        return f"{which} has an impossible start time ({start.year}): the watch's clock was not set"
    if session.get("sport") == "transition":
        return f"{which} is a transition between two sports, not a workout"
    sport, tags = _sport(session, fallback)
    notes: list[str] = []
    duration = timer if timer else elapsed
    if not timer and elapsed:
        notes.append("no timer time in the file: the elapsed time (pauses included) is kept")
    distance = _number(session.get("total_distance")) or None  # 0: a workout without distance
    if sport in TIME_ONLY:
        distance = None  # a yoga session's GPS drift is no distance
    why = implausible(sport, distance, duration)
    if why:
        return f"{which} ({start.astimezone(tz):%Y-%m-%d %H:%M}) is {why}"
    local = start.astimezone(tz)
    hr = _number(session.get("avg_heart_rate"))
    pool = _pool_length(session) if sport == "swim" else None
    utc = start.astimezone(UTC)
    workout = NewWorkout(
        sport=sport,
        day=local.date(),
        distance_m=distance,
        duration_s=duration,
        start_time=local.time().replace(microsecond=0, tzinfo=None),
        elevation_gain_m=_number(session.get("total_ascent")),
        avg_hr=round(hr) if hr else None,
        pool_length_m=pool,
        title=None,
        note=None,
        tags=tags,
        source=SOURCE,
        source_id=f"{serial or 'fit'}-{utc:%Y-%m-%dT%H:%M:%SZ}",
    )
    window_end = max((t for t in (end, start + timedelta(seconds=elapsed or 0)) if t is not None),
                     default=start)
    if count == 1 and end is None and not elapsed:
        window_end = records[-1][0] if records else start
    track = _track(sport, records, stops, start, window_end)
    times, distances = moving_track([part.timeline for part in track or () if part.timeline])
    if len(times) < 2:
        # no track: the store counts the whole workout at its average pace (not as a track's)
        efforts: tuple[Effort, ...] = ()
        if whole_workout_efforts(sport, distance, duration):
            notes.append("no distance records: best efforts are the whole workout at its average pace")
    else:
        efforts = sane_efforts(sport, distance, duration,
                               best_efforts(times, distances, EFFORT_DISTANCES.get(sport, ())))
        if note := track_note(track or (), sport):
            notes.append(note)
    return ImportedWorkout(workout, efforts, tuple(notes))


def _pool_length(session: Mapping[str, Any]) -> float | None:
    """The pool length in metres. FIT stores metres and says in pool_length_unit how the watch showed
    it; a 25-yard pool is 22.86 m. Some writers put the yards themselves in the field: a 'statute'
    length that is not a whole number of yards once read as metres is taken as yards."""
    length = _number(session.get("pool_length"))
    if not length or length <= 0:
        return None
    if session.get("pool_length_unit") == "statute":
        yards = length / YARD
        if abs(yards - round(yards)) > 0.01:
            length *= YARD
    return round(length, 2)


def _track(sport: str, records: list[tuple[datetime, TrackPoint]], stops: list[tuple[datetime, bool]],
           start: datetime, end: datetime) -> list[CleanTrack] | None:
    """The records between ``start`` and ``end``, one part per stretch between pauses, glitches left out
    (``clean_track``); None without a track of at least two points."""
    tolerance = timedelta(seconds=1)
    inside = [(t, point) for t, point in records if start - tolerance <= t <= end + tolerance]
    if len(inside) < 2:
        return None
    segments: list[list[TrackPoint]] = [[]]
    paused = False
    event = 0
    for when, point in inside:
        while event < len(stops) and (stops[event][0] < when or (stops[event][0] == when and paused
                                                                   and not stops[event][1])):
            stopping = stops[event][1]
            if paused and not stopping and segments[-1]:
                segments.append([])
            paused = stopping
            event += 1
        if not paused:
            segments[-1].append(point)
    return [clean_track(sport, segment) for segment in segments if segment]
