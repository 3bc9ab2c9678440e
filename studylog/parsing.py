"""Read what people type: distances, durations, dates and quick-add phrases.

Every function returns a value or raises ParseError whose message names the bad value and shows a
good one. Only the standard library is imported up front (this module is on the quick-command path);
dateutil is imported when a month is counted back.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache

from studylog.domain.values import (
    DISTANCE_SPORTS,
    READING_ALIASES,
    SPORT_ALIASES,
    STUDY_ALIASES,
    WRITING_ALIASES,
    NewReading,
    NewStudy,
    NewWorkout,
    NewWriting,
)
from studylog.limits import FIRST_YEAR, LAST_YEAR
from studylog.weeks import week_containing


@cache
def _rx(source: str) -> re.Pattern[str]:
    """Patterns are compiled on first use: a quick command compiles only the few it needs."""
    return re.compile(source)


class ParseError(ValueError):
    """A value the user typed that studylog cannot read. The message is one line, ready to print."""


def ascii_text(text: str) -> str:
    """Digits of any script as 0-9 ('２０２６', '٢٠٢٦' -> '2026') and fullwidth letters and signs as ASCII
    ('５ｋ' -> '5k'), so that what a keyboard of any language types reads the same everywhere. Other
    characters are left as they are ('²' is no digit: '--words ²' is refused)."""
    if text.isascii():
        return text
    import unicodedata

    out = []
    for ch in text:
        if "\uff01" <= ch <= "\uff5e":
            out.append(chr(ord(ch) - 0xFEE0))
        elif ch.isdecimal() and not ch.isascii():
            out.append(str(unicodedata.decimal(ch)))
        else:
            out.append(ch)
    return "".join(out)


# --------------------------------------------------------------------------------------------- numbers

# "1,500" and "1,500.5" use a thousands comma; "12,5" is a decimal comma.
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?|\.\d+)"


def _number(text: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    return float(text.replace(",", "."))


# ------------------------------------------------------------------------------------------- distances

METRE = 1.0
KILOMETRE = 1000.0
MILE = 1609.344
YARD = 0.9144

_DISTANCE_UNITS = {
    "k": KILOMETRE, "km": KILOMETRE, "kms": KILOMETRE, "kilometer": KILOMETRE, "kilometers": KILOMETRE,
    "kilometre": KILOMETRE, "kilometres": KILOMETRE,
    "m": METRE, "meter": METRE, "meters": METRE, "metre": METRE, "metres": METRE,
    "mi": MILE, "mile": MILE, "miles": MILE,
    "yd": YARD, "yds": YARD, "yard": YARD, "yards": YARD,
}
_NAMED_DISTANCES = {
    "half": 21097.5, "half marathon": 21097.5, "half-marathon": 21097.5, "hm": 21097.5,
    "marathon": 42195.0,
}
_DISTANCE_RE = rf"(?P<num>{_NUMBER})\s*(?P<unit>[a-z]+)?"

DISTANCE_EXAMPLE = "5k, 3.1mi, 1500m or 13.1 miles"


def parse_distance(text: str, default_unit: float | None = None) -> float:
    """Metres from '5k', '5 km', '3.1mi', '1500m', '1,500 m', '13.1 miles', 'half marathon'.

    A bare number is read in ``default_unit`` (metres per unit) when one is given, else refused.
    """
    raw = text
    text = ascii_text(text).strip().lower()
    if text in _NAMED_DISTANCES:
        return _NAMED_DISTANCES[text]
    match = _rx(_DISTANCE_RE).fullmatch(text)
    if not match:
        raise ParseError(f"can't read distance {raw!r}: try {DISTANCE_EXAMPLE}")
    value = _number(match["num"])
    unit = match["unit"]
    if unit is None:
        if default_unit is None:
            raise ParseError(f"distance {raw!r} needs a unit: try {DISTANCE_EXAMPLE}")
        factor = default_unit
    elif unit in _DISTANCE_UNITS:
        factor = _DISTANCE_UNITS[unit]
    else:
        raise ParseError(f"unknown unit {unit!r} in distance {raw!r}: try {DISTANCE_EXAMPLE}")
    metres = value * factor
    if metres <= 0:
        raise ParseError(f"distance {raw!r} must be more than zero: try {DISTANCE_EXAMPLE}")
    if metres > 10_000_000:
        raise ParseError(f"distance {raw!r} is more than 10,000 km: try {DISTANCE_EXAMPLE}")
    return metres


# -------------------------------------------------------------------------------------- swims in a pool

_LENGTHS_RE = r"(?P<n>\d[\d,]*)\s*(?:lengths?|laps?|lens?)"
POOL_EXAMPLE = "25m or 25yd"


def parse_pool(text: str, units: str = "metric") -> float:
    """A pool's length in metres: '25m', '25 yd', '50'; from 5 to 100 m."""
    from studylog.limits import POOL_LENGTH_M

    metres = parse_distance(text, YARD if units == "imperial" else METRE)
    low, high = POOL_LENGTH_M
    if not low <= metres <= high:
        raise ParseError(f"pool length {text!r} is not {low:g} to {high:g} m: try {POOL_EXAMPLE}")
    return metres


def lengths_in(text: str) -> int | None:
    """60 from '60 lengths', '60 laps', '60lengths'; None when the text is no number of lengths."""
    from studylog.limits import MAX_LENGTHS

    m = _rx(_LENGTHS_RE).fullmatch(text.strip().lower())
    if not m:
        return None
    return parse_count(m["n"], "number of lengths", "60 lengths", low=1, high=MAX_LENGTHS)


def parse_swim_distance(text: str, pool_m: float | None, default_unit: float, *, pool_typed: bool = False) -> float:
    """A swim's distance: '1500m', '1,500 m', or '60 lengths' of a pool (``pool_m``). With a pool given for
    this swim, a bare number could be metres or lengths, so it is refused with both readings."""
    lengths = lengths_in(text)
    if lengths is not None:
        if pool_m is None:
            raise ParseError(f"'{lengths} lengths' needs a pool length: add --pool 25m (in quick add: \"in a 25m "
                             f"pool\"), or set your usual pool with studylog config set pool 25m")
        return lengths * pool_m
    bare = text.strip().replace(",", "")
    if pool_typed and bare.replace(".", "", 1).isdigit():
        raise ParseError(f"swim distance {text.strip()!r} with a pool length: is it {bare} m or {bare} lengths? "
                         f"write {bare}m or {bare} lengths")
    return parse_distance(text, default_unit)


# ------------------------------------------------------------------------------------------- durations

_DURATION_UNITS = {
    "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
    "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
}
_CLOCK_RE = r"(?:(?P<h>\d+):(?P<m2>[0-5]\d)|(?P<m>\d+)):(?P<s>[0-5]\d(?:\.\d+)?)"
_PART_RE = r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>[a-z]+)\s*"

DURATION_EXAMPLE = "28:30, 1:02:03, 45min or 1h5m"


def parse_duration(text: str, *, bare_minutes: bool = True) -> float:
    """Seconds from '28:30' (m:ss), '1:02:03' (h:mm:ss), '45min', '1h5m', '1h30', '1 hour 5 minutes', '90s'.

    A bare number is minutes (``studylog log yoga 45``) unless ``bare_minutes`` is false.
    """
    raw = text
    text = ascii_text(text).strip().lower()
    seconds: float
    clock = _rx(_CLOCK_RE).fullmatch(text)
    if clock:
        if clock["h"] is not None:
            seconds = int(clock["h"]) * 3600 + int(clock["m2"]) * 60 + float(clock["s"])
        else:
            seconds = int(clock["m"]) * 60 + float(clock["s"])
    elif bare_minutes and re.fullmatch(r"\d+(?:\.\d+)?", text):
        seconds = float(text) * 60
    elif hm := re.fullmatch(r"(\d+)\s*h\s*([0-5]\d)", text):  # "1h30", "4h10": hours and minutes
        seconds = int(hm[1]) * 3600 + int(hm[2]) * 60
    else:
        pos, seconds, last_rank = 0, 0.0, -1
        ranks = {3600: 0, 60: 1, 1: 2}
        while pos < len(text):
            part = _rx(_PART_RE).match(text, pos)
            if not part or part["unit"] not in _DURATION_UNITS:
                raise ParseError(f"can't read duration {raw!r}: try {DURATION_EXAMPLE}")
            factor = _DURATION_UNITS[part["unit"]]
            if ranks[factor] <= last_rank:
                raise ParseError(f"can't read duration {raw!r}: give hours, minutes, seconds in that order, "
                                 f"as in {DURATION_EXAMPLE}")
            last_rank = ranks[factor]
            seconds += float(part["num"]) * factor
            pos = part.end()
        if last_rank < 0:
            raise ParseError(f"can't read duration {raw!r}: try {DURATION_EXAMPLE}")
    if seconds <= 0:
        raise ParseError(f"duration {raw!r} must be more than zero: try {DURATION_EXAMPLE}")
    if seconds > 14 * 24 * 3600:
        raise ParseError(f"duration {raw!r} is longer than two weeks: try {DURATION_EXAMPLE}")
    return seconds


# ----------------------------------------------------------------------------------------------- dates

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
_WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}
_AGO_RE = r"(?P<n>\d+|an?|one)\s+(?P<unit>day|days|week|weeks|month|months|year|years)\s+ago"
_ISO_RE = r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
_MONTH_DAY_RE = (
    r"(?P<mon>[a-z]+)\.?\s*(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{4}))?"
    r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s*(?P<mon2>[a-z]+)\.?(?:,?\s+(?P<y2>\d{4}))?"
)

DATE_EXAMPLE = "today, yesterday, 2026-11-20, nov 20, last monday or 3 days ago"


def parse_date(text: str, today: date) -> date:
    """A calendar date from what people type. Dates without a year are the latest one not after today.
    Years outside 1900-2100 (studylog.limits) are refused."""
    day = _parse_date(text, today)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ParseError(f"date {text.strip()!r} is outside {FIRST_YEAR}-{LAST_YEAR}: try {DATE_EXAMPLE}")
    return day


def _parse_date(text: str, today: date) -> date:
    raw = text
    text = " ".join(ascii_text(text).strip().lower().split())
    if text in ("today", "now", "tonight", "this morning"):
        return today
    if text in ("yesterday", "last night"):
        return today - timedelta(days=1)
    if text == "tomorrow":
        return today + timedelta(days=1)
    try:
        if m := _rx(_ISO_RE).fullmatch(text):
            return date(int(m["y"]), int(m["m"]), int(m["d"]))
        if m := _rx(_AGO_RE).fullmatch(text):
            n = 1 if m["n"] in ("a", "an", "one") else int(m["n"])
            unit = m["unit"].rstrip("s")
            if unit == "day":
                return today - timedelta(days=n)
            if unit == "week":
                return today - timedelta(weeks=n)
            from dateutil.relativedelta import relativedelta

            return today - (relativedelta(months=n) if unit == "month" else relativedelta(years=n))
        words = text.split()
        if len(words) in (1, 2) and words[-1] in _WEEKDAYS and (len(words) == 1 or words[0] in ("last", "on")):
            back = (today.weekday() - _WEEKDAYS[words[-1]]) % 7
            if back == 0 and words[0] == "last":
                back = 7
            return today - timedelta(days=back)
        if m := _rx(_MONTH_DAY_RE).fullmatch(text):
            month_name = m["mon"] or m["mon2"]
            if month_name in _MONTHS:
                day_num = int(m["d"] or m["d2"])
                year_text = m["y"] or m["y2"]
                if year_text:
                    return date(int(year_text), _MONTHS[month_name], day_num)
                found = date(today.year, _MONTHS[month_name], day_num) if not (
                    _MONTHS[month_name] == 2 and day_num == 29) else _latest_leap_day(today)
                if found > today:
                    found = found.replace(year=found.year - 1)
                return found
    except (ValueError, OverflowError):
        raise ParseError(f"no such date {raw!r}: try {DATE_EXAMPLE}") from None
    raise ParseError(f"can't read date {raw!r}: try {DATE_EXAMPLE}")


def _latest_leap_day(today: date) -> date:
    year = today.year
    while True:
        try:
            found = date(year, 2, 29)
        except ValueError:
            year -= 1
            continue
        if found <= today:
            return found
        year -= 1


# ---------------------------------------------------------------------------------------------- counts

def parse_count(text: str, what: str, example: str = "650", *, low: int = 0, high: int | None = None) -> int:
    """A whole number such as a word count ('650', '1,200'), from ``low`` to ``high``. Only the digits 0-9
    (not '²' or '٣', which Python would take for digits); a number too long to be true is refused without
    being converted."""
    cleaned = ascii_text(text).strip().replace(",", "").replace("_", "")
    if not (cleaned.isascii() and cleaned.isdigit()):
        raise ParseError(f"can't read {what} {text!r}: give a whole number such as {example}")
    if len(cleaned.lstrip("0")) > 19 or (high is not None and int(cleaned) > high) or int(cleaned) < low:
        shown = cleaned if len(cleaned) <= 24 else cleaned[:12] + "…"
        upper = f" to {high:,}" if high is not None else " or more"
        raise ParseError(f"{what} {shown} is out of range: give {low:,}{upper}, such as {example}")
    return int(cleaned)


def parse_id(text: str, what: str = "id") -> int:
    """A record's id: a whole number from 1 to SQLite's largest integer."""
    from studylog.limits import MAX_ID

    return parse_count(text, what, "12", low=1, high=MAX_ID)


def parse_rating(text: str) -> float:
    """A rating from 0 to 5 in half steps: '4', '4.5', '3,5' (not 'nan', 'inf' or '1e0')."""
    cleaned = ascii_text(text).strip().replace(",", ".")
    if not re.fullmatch(r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+", cleaned):
        raise ParseError(f"can't read rating {text!r}: give 0 to 5 in half steps, such as 4.5")
    value = float(cleaned)
    if not 0 <= value <= 5 or value * 2 != int(value * 2):
        raise ParseError(f"rating {text!r} is not 0 to 5 in half steps: try 4 or 4.5")
    return value


def parse_tags(values: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Tags as given (with or without '#'), lower-cased, without duplicates, in order."""
    from studylog.text import tag

    seen: dict[str, None] = {}
    for value in values:
        for part in re.split(r"[,\s]+", value):
            if tag(part):
                seen.setdefault(tag(part), None)
    return tuple(seen)


# ------------------------------------------------------------------------------------ quick-add phrases

QUICK_ADD_EXAMPLE = '"run 5k 28:30 yesterday", "swim 1500m 40min" or "write 650 words Day 12: Prompting"'

_UNIT_WORDS = sorted(set(_DISTANCE_UNITS) | set(_DURATION_UNITS), key=len, reverse=True)
# "5 km" -> "5km", "45 min" -> "45min", "1,500 m" -> "1,500m" so that each quantity is one token.
_JOIN_UNIT_RE = rf"(?<![\w:])({_NUMBER})\s+({'|'.join(_UNIT_WORDS)})\b"
# "1h 5m" -> "1h5m" and "45min 30s" -> "45min30s" (but "1500m 40min" stays two quantities).
_JOIN_HMS_RE = (
    r"(?<![\w:])(\d+(?:\.\d+)?(?:h|hrs?|hours?))\s+(?=\d+(?:\.\d+)?(?:m|mins?|minutes?)\b)"
    r"|(?<![\w:])(\d+(?:\.\d+)?(?:mins?|minutes?))\s+(?=\d+(?:\.\d+)?(?:s|secs?|seconds?)\b)"
)
_WORDS_RE = r"^(?:(\d[\d,]*)\s*(?:words?|w)|words?\s*[:=]?\s*(\d[\d,]*))$"


def default_distance_unit(sport: str, units: str) -> float:
    """The unit a bare number means: km or mi on land and bike, m or yd in the pool."""
    if sport == "swim":
        return YARD if units == "imperial" else METRE
    return MILE if units == "imperial" else KILOMETRE


def parse_quick_add(phrase: str, today: date, units: str = "metric",
                    pool_m: float | None = None) -> NewWriting | NewWorkout | NewReading | NewStudy:
    """Turn 'run 5k 28:30 yesterday' or 'write 650 words Day 12: Prompting' into a draft record.

    Recognised pieces may come in any order after the first word; '#tag' words become tags; a date may
    stand at the start or the end; little words that only join them ("in 30 minutes", "on monday") are
    dropped; whatever is left is the title. A swim may be "60 lengths" of a "25m pool" (or of ``pool_m``,
    the usual pool from the settings). 'read Deep Work by Cal Newport' (or
    'paper ...', 'talk ...') puts an item on the reading list; 'study 45min transformers' is time spent
    studying a topic.
    """
    text = " ".join(ascii_text(phrase).split())
    if not text:
        raise ParseError(f"type what you did, e.g. {QUICK_ADD_EXAMPLE}")
    first, _, rest = text.partition(" ")
    kind = first.lower()
    if kind in WRITING_ALIASES:
        return _parse_writing_phrase(rest, today)
    if kind in SPORT_ALIASES:
        return _parse_workout_phrase(SPORT_ALIASES[kind], rest, today, units, pool_m)
    if kind in READING_ALIASES:
        return _parse_reading_phrase(READING_ALIASES[kind], rest)
    if kind in STUDY_ALIASES:
        return _parse_study_phrase(rest, today)
    raise ParseError(f"can't tell what {first!r} is: start with write, run, swim, ride, walk, hike, "
                     f"strength, yoga, read or study, e.g. {QUICK_ADD_EXAMPLE}")


def _parse_study_phrase(rest: str, today: date) -> NewStudy:
    """'45min transformers', '1h30 Deep Learning/GPUs yesterday': a time, and what is left is the topic."""
    day, tokens = _take_date(rest.split(), today)
    # "20 minutes" and "1h 30min" before "45min", and a time with its unit before a bare number (minutes)
    for size, bare in ((2, False), (1, False), (1, True)):
        for i in range(len(tokens) - size + 1):
            try:
                seconds = parse_duration(" ".join(tokens[i:i + size]), bare_minutes=bare)
            except ParseError:
                continue
            kept = tokens[:i] + tokens[i + size:]
            if i and tokens[i - 1].lower() in _FILLERS:  # "for 20 minutes"
                kept = tokens[:i - 1] + tokens[i + size:]
            return NewStudy(day=day or today, duration_s=round(seconds), topic=" ".join(kept) or None)
    raise ParseError('give the time you studied: try "study 45min transformers"')


def _parse_reading_phrase(kind: str, rest: str) -> NewReading:
    tags, tokens = _split_tags(rest.split())
    text = " ".join(tokens)
    title, by, author = text.rpartition(" by ")
    if not by:
        title, author = text, ""
    title = title.strip().strip('"“”')
    if not title:
        raise ParseError('give a title: try "read Deep Work by Cal Newport" or "paper Attention Is All You Need"')
    authors = tuple(a.strip() for a in re.split(r",| and | & ", author) if a.strip())
    return NewReading(title=title, kind=kind, authors=authors, tags=tags)


def _try_date(text: str, today: date) -> date | None:
    """The date ``text`` is, None if it is no date at all; a date that cannot be (29 February 2025, 9999
    years ago, 2101) raises: it is never read as a shorter date and a title ("feb 29" and "2025")."""
    try:
        return parse_date(text, today)
    except ParseError as exc:
        if str(exc).startswith(("no such date", "date ")):
            raise
        return None


def _take_date(tokens: list[str], today: date) -> tuple[date | None, list[str]]:
    """Find a date phrase at the end (or else the start) of the tokens, longest first."""
    for size in (3, 2, 1):
        if len(tokens) >= size and (day := _try_date(" ".join(tokens[-size:]), today)) is not None:
            return day, tokens[:-size]
    for size in (3, 2, 1):
        if len(tokens) >= size and (day := _try_date(" ".join(tokens[:size]), today)) is not None:
            return day, tokens[size:]
    # Several words that can only be a date ("3 days ago", "last monday") may stand in the middle too.
    for size in (3, 2):
        for i in range(1, len(tokens) - size):
            if (day := _try_date(" ".join(tokens[i:i + size]), today)) is not None:
                return day, tokens[:i] + tokens[i + size:]
    return None, tokens


def _split_tags(tokens: list[str]) -> tuple[tuple[str, ...], list[str]]:
    tags = [t for t in tokens if t.startswith("#") and len(t) > 1]
    return parse_tags(tags), [t for t in tokens if not (t.startswith("#") and len(t) > 1)]


# Little words that join a quantity or a date to the phrase ("5 km in 30 minutes", "for 45min", "on
# monday"): dropped when what follows them was read as a quantity or a date, never made a title.
_FILLERS = frozenset({"in", "on", "at", "for", "of", "over", "about", "around", "took", "taking", "lasting"})
_POOL_RE = (r"(?:\b(?:in|at|of)\s+(?:an?|the)\s+)?(?<![\w.,])(?P<len>\d+(?:\.\d+)?)\s*(?P<unit>m|yd|metres?|meters?|yards?)"
            r"[\s-]+pool\b|\bpool\s*(?:of\s+|[:=]\s*)?(?P<len2>\d+(?:\.\d+)?)\s*(?P<unit2>m|yd|metres?|meters?|yards?)\b")


def _title_of(tokens: list[str], used: list[bool]) -> str | None:
    """What is left of the phrase, without the little words that only joined a quantity or a date."""
    kept = []
    for i, token in enumerate(tokens):
        if used[i]:
            continue
        if token.lower() in _FILLERS and (i + 1 == len(tokens) or used[i + 1]):
            continue
        kept.append(token)
    if all(t.lower() in _FILLERS for t in kept):
        return None
    return " ".join(kept).strip() or None


def _take_date_marked(tokens: list[str], today: date) -> tuple[date | None, list[str], list[bool]]:
    """As _take_date, but keeping the tokens in place and marking those the date used."""
    day, rest = _take_date(tokens, today)
    if day is None:
        return None, tokens, [False] * len(tokens)
    # find where the removed words were: the first position where rest and tokens differ, for its length
    size = len(tokens) - len(rest)
    for i in range(len(tokens) - size + 1):
        if tokens[:i] + tokens[i + size:] == rest:
            return day, tokens, [i <= k < i + size for k in range(len(tokens))]
    return day, rest, [False] * len(rest)


def _parse_writing_phrase(rest: str, today: date) -> NewWriting:
    joined = re.sub(r"(?<![\w:])(\d[\d,]*)\s+(words?)\b", r"\1\2", rest, flags=re.IGNORECASE)
    tags, tokens = _split_tags(joined.split())
    day, tokens, used = _take_date_marked(tokens, today)
    words = None
    for i, token in enumerate(tokens):
        if used[i]:
            continue
        match = _rx(_WORDS_RE).match(token.lower())
        if match and words is None:
            from studylog.limits import MAX_WORDS

            words = parse_count(match[1] or match[2], "word count", high=MAX_WORDS)
            used[i] = True
    return NewWriting(day=day or today, words=words or 0, title=_title_of(tokens, used), tags=tags)


def _parse_workout_phrase(sport: str, rest: str, today: date, units: str, pool_m: float | None = None) -> NewWorkout:
    pool_typed = None
    if sport == "swim" and (m := _rx(_POOL_RE).search(rest)):
        length, unit = (m["len"], m["unit"]) if m["len"] else (m["len2"], m["unit2"])
        pool_typed = parse_pool(f"{length}{unit}", units)
        rest = rest[:m.start()] + " " + rest[m.end():]
    joined = _rx(_JOIN_HMS_RE).sub(lambda m: m[1] or m[2], _rx(_JOIN_UNIT_RE).sub(r"\1\2", rest))
    joined = re.sub(r"(?<![\w:.,])(\d[\d,]*)\s+(lengths?|laps?)\b", r"\1\2", joined, flags=re.IGNORECASE)
    tags, tokens = _split_tags(joined.split())
    day, tokens, used = _take_date_marked(tokens, today)
    distance = duration = None
    default_unit = default_distance_unit(sport, units) if sport in DISTANCE_SPORTS else None
    pool = pool_typed or pool_m
    used_pool = pool_typed
    for i, token in enumerate(tokens):
        if used[i]:
            continue
        lowered = token.lower()
        is_clock = bool(_rx(_CLOCK_RE).fullmatch(lowered))
        bare = bool(_rx(r"[0-9][0-9,]*(?:\.[0-9]+)?").fullmatch(lowered))
        if distance is None and sport == "swim" and (lengths_in(lowered) is not None or (bare and pool)):
            # "60 lengths" of the pool; "60" beside a pool ("in a 25m pool", the usual one) could be either
            distance = parse_swim_distance(lowered, pool, default_unit or METRE, pool_typed=pool is not None)
            used_pool = pool
            used[i] = True
            continue
        if distance is None and default_unit is not None and not is_clock:
            try:
                distance = parse_distance(lowered, default_unit)
                used[i] = True
                continue
            except ParseError:
                pass
        if duration is None:
            try:
                duration = parse_duration(lowered)
                used[i] = True
                continue
            except ParseError:
                pass
    if sport in DISTANCE_SPORTS and distance is None:
        raise ParseError(f"a {sport} needs a distance: try \"{sport} 5k 28:30\"")
    if sport not in DISTANCE_SPORTS and duration is None:
        raise ParseError(f"{sport} needs a duration: try \"{sport} 45min\"")
    return NewWorkout(sport=sport, day=day or today, distance_m=distance, duration_s=duration,
                      title=_title_of(tokens, used), tags=tags, pool_length_m=used_pool)


# ----------------------------------------------------------------------------------------- weeks, years

WEEK_EXAMPLE = "2026-W47, this, last or a date such as 2026-11-20"
YEAR_EXAMPLE = "2026, this or last"


def week_label(start: date) -> str:
    """'2026-W47': the ISO week of the week's Thursday-ish middle (its fourth day), whatever day it starts."""
    year, week, _ = (start + timedelta(days=3)).isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(text: str, today: date, week_start: int = 0) -> date:
    """The first day of a week given as '2026-W47', 'this', 'last', 'next' or any date inside it."""
    raw = text
    text = " ".join(ascii_text(text).strip().lower().split())
    if text in ("this", "this week", "now", "current"):
        return week_containing(today, week_start)
    if text in ("last", "last week", "previous"):
        return week_containing(today, week_start) - timedelta(weeks=1)
    if text in ("next", "next week"):
        return week_containing(today, week_start) + timedelta(weeks=1)
    if m := re.fullmatch(r"(\d{4})-?w(\d{1,2})", text):
        year, week = int(m[1]), int(m[2])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ParseError(f"week {raw!r} is outside {FIRST_YEAR}-{LAST_YEAR}: try {WEEK_EXAMPLE}")
        weeks_in_year = date(year, 12, 28).isocalendar()[1]
        if not 1 <= week <= weeks_in_year:
            raise ParseError(f"no week {raw!r}: {year} has {weeks_in_year} weeks; try {WEEK_EXAMPLE}")
        monday = date.fromisocalendar(year, week, 1)
        return week_containing(monday + timedelta(days=3), week_start)
    try:
        day = parse_date(raw, today)
    except ParseError as exc:
        if "outside" in str(exc):
            raise ParseError(f"week {raw!r} is outside {FIRST_YEAR}-{LAST_YEAR}: try {WEEK_EXAMPLE}") from None
        raise ParseError(f"can't read week {raw!r}: try {WEEK_EXAMPLE}") from None
    return week_containing(day, week_start)


def parse_year(text: str, today: date) -> int:
    raw = text
    text = ascii_text(text).strip().lower()
    if text in ("this", "this year", "now", "current"):
        return today.year
    if text in ("last", "last year", "previous"):
        return today.year - 1
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        if FIRST_YEAR <= year <= LAST_YEAR:
            return year
        raise ParseError(f"year {raw!r} is outside {FIRST_YEAR}-{LAST_YEAR}: try {YEAR_EXAMPLE}")
    raise ParseError(f"can't read year {raw!r}: try {YEAR_EXAMPLE}")
