"""Read the goals people type into a GoalSpec, or refuse them with one line naming the part not understood.

    swim >= 3 per week, swim 3 times a week, swim 3x a week, yoga twice a week, write every day, write daily
    run >= 20 km per week, yoga 2h per week, write 500 words per day, read 24 books in 2026, read 12 books
    this year, study 10 resources per month
    run >= 21.1 km once by 2027-10-15, run a half marathon by oct 15

Pure: the standard library, studylog.parsing and the value types only; ``today`` is passed in.

Choices where the wording leaves room:
- Papers are not books: for read, "books" counts books (metric "books"), "papers" papers, "articles"
  articles, and "items" or "talks" anything on the reading list. For study, those words and
  "resources", "videos", "courses", "lessons" give metric "resources".
- A bare number is a number of times ("swim >= 3 per week", "read 3 per week": sessions).
- Totals are read as number x unit, so a yearly total may pass the per-workout limits of parse_distance
  and parse_duration ("ride 12000 km in 2026", "yoga 400 hours a year").
- A deadline written without a year ("by oct 15", "by friday") is the next such day on or after today; a
  month ("by october", "by end of october") is its last day, "by end of year" (or "year end", "end of
  2027") the year's. A distance or a time by a deadline is one workout reaching it (a milestone); a total
  of words, books, pages or resources by a deadline ("read 12 books by end of year") is counted from
  today to that day; a number of times by a deadline is refused with an example.
- "this year" is stored as that year ("in 2026") and the title says so, so the title stays true next year.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from functools import cache
from typing import NamedTuple

from studylog.domain.values import DISTANCE_SPORTS, SPORT_ALIASES, WRITING_ALIASES, GoalSpec
from studylog.limits import FIRST_YEAR, LAST_YEAR, MAX_PAGES, MAX_WORDS, SPORT_LIMITS
from studylog.parsing import ParseError, ascii_text, parse_date, parse_distance, parse_duration

GOAL_EXAMPLE = '"swim 3 times a week" or "run 20 km per week"'
ACTIVITY_LIST = "write, run, swim, ride, walk, hike, strength, yoga, workout, read or study"
PERIOD_LIST = "day, week, month or year"
MAX_TARGET = 1e9

_ACTIVITIES: dict[str, str] = {
    **{word: ("workout" if sport == "other" else sport) for word, sport in SPORT_ALIASES.items()
       if word != "other"},
    **{word: "write" for word in WRITING_ALIASES if word != "words"},
    "lifting": "strength",
    "exercise": "workout", "train": "workout", "training": "workout", "workouts": "workout",
    "read": "read", "reading": "read",
    "study": "study", "studying": "study", "learn": "study", "learning": "study",
}
_SPORTS = frozenset({"run", "swim", "ride", "walk", "hike", "strength", "yoga", "workout"})

_PERIODS = {"day": "day", "week": "week", "wk": "week", "month": "month", "mo": "month",
            "year": "year", "yr": "year"}
_ADVERBS = {"daily": "day", "weekly": "week", "monthly": "month", "yearly": "year", "annually": "year"}

_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "twelve": 12}
_ONCE_WORDS = {"once": 1, "twice": 2, "thrice": 3}
_COUNT_UNITS = frozenset({"time", "times", "x", "session", "sessions"})

# A unit word -> the metric it gives, for each activity that may use it.
_ITEMS: dict[str, dict[str, str]] = {
    **dict.fromkeys(("word", "words"), {"write": "words"}),
    **dict.fromkeys(("book", "books"), {"read": "books", "study": "resources"}),
    **dict.fromkeys(("paper", "papers"), {"read": "papers", "study": "resources"}),
    **dict.fromkeys(("article", "articles"), {"read": "articles", "study": "resources"}),
    **dict.fromkeys(("item", "items", "talk", "talks"), {"read": "items", "study": "resources"}),
    **dict.fromkeys(("page", "pages"), {"read": "pages"}),
    **dict.fromkeys(("resource", "resources", "video", "videos", "course", "courses", "lesson", "lessons"),
                    {"study": "resources"}),
}
_ITEM_EXAMPLES = {"write": '"write 500 words per day"', "read": '"read 24 books in 2026"',
                  "study": '"study 10 resources per month"'}
# A phrase may start with the amount when its unit tells the activity: "24 books in 2026".
_INFERRED = {"words": "write", "books": "read", "papers": "read", "articles": "read", "items": "read",
             "pages": "read", "resources": "study"}

# Numbers as parsing reads them: "1,500" has a thousands comma, "12,5" a decimal comma.
_NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?|\.\d+)"


@cache
def _rx(source: str) -> re.Pattern[str]:
    """Patterns are compiled on first use, as in studylog.parsing (this module is on the quick path)."""
    return re.compile(source)


def _number(text: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    return float(text.replace(",", "."))


_DEADLINE_RE = r"(?P<q>.*?)(?:^|\s)by\s+(?P<when>.+)"
_IN_YEAR_RE = r"(?P<q>.*?)(?:^|\s)(?:in|during)\s+(?P<year>\d+)"
_THIS_YEAR_RE = r"(?P<q>.*?)(?:^|\s)this\s+year"
_ADVERB_RE = r"(?P<q>.*?)(?:^|\s)(?P<adv>daily|weekly|monthly|yearly|annually)"
_PER_RE = r"(?P<q>.*?)(?:^|\s)(?P<conn>a|an|per|each|every)\s+(?P<period>\S+)"
_LEADING_NUM_RE = rf"(?P<n>{_NUM})(?![\d:])"
_COUNT_RE = rf"(?P<n>{_NUM}|[a-z]+)\s*(?P<unit>times?|x|sessions?)?"
_AMOUNT_RE = rf"(?P<n>{_NUM}|[a-z]+)\s*(?P<unit>[a-z]+)"
_NUM_UNIT_RE = rf"(?P<n>{_NUM})\s*(?P<unit>[a-z]+)"


class _Tail(NamedTuple):
    """What ends a phrase: a period ("a week", "daily"), a year ("in 2026") or a deadline ("by oct 15")."""

    kind: str  # "period", "year" or "deadline"
    title: str  # how the title ends
    period: str | None = None
    year: int | None = None
    deadline: date | None = None
    implies_one: bool = False  # "write every day", "swim weekly": once per period when no count is given


class _Amount(NamedTuple):
    metric: str
    target: float
    title: str  # tidy: "3 times", "20 km", "500 words"
    unit: str  # as typed: "times", "km", "half marathon"


def parse_goal(phrase: str, today: date, habits: Mapping[str, tuple[str, str | None]] | None = None) -> GoalSpec:
    """A GoalSpec from 'swim 3 times a week', 'run 20 km per week', 'read 24 books in 2026', 'run a half
    marathon by oct 15'... and, over ``habits`` (their names case-folded -> (name, unit)), 'meditate every
    day', 'pushups 300 per week', 'at most 2 coffees a day'. Raises ParseError (one line, naming the part
    not understood, with an example)."""
    shown = " ".join(ascii_text(phrase).split())
    words = _normalise(shown).split()
    if not words:
        raise ParseError(f"type a goal, e.g. {GOAL_EXAMPLE}")
    at_most = words[:2] == ["at", "most"] or words[:3] == ["no", "more", "than"]
    if at_most or (habits and _habit_in(words, habits, leading=True) is not None):
        return _habit_goal(words[3:] if words[0] == "no" else words[2:] if at_most else words, shown, today,
                           habits or {}, at_most=at_most)
    if len(words) > 1 and words[0] in ("one", "a", "an") and words[1] in _ACTIVITIES:
        words = words[1:]  # "one run >= 21.1 km by 2027-10-15"
    lead = words[0]
    activity: str | None
    if lead in _ACTIVITIES:
        activity, rest = _ACTIVITIES[lead], " ".join(words[1:])
    elif _rx(_LEADING_NUM_RE).match(lead) or lead in _WORD_NUMBERS:
        activity, rest = None, " ".join(words)  # "24 books in 2026": the unit tells the activity
    else:
        raise ParseError(f"unknown activity {lead!r} in goal {shown!r}: use {ACTIVITY_LIST}")

    subject: str | None = None  # a topic of study ("study Transformers 2h per week")
    found = _tail(rest, shown, today)
    if found is None:
        if rest and _amount(rest, activity, shown) is not None:
            raise ParseError(f"can't read goal {shown!r}: no period found; end with \"per week\", "
                             f"\"every day\", \"in {today.year}\" or \"by oct 15\"")
        raise ParseError(f"can't read goal {shown!r}: no number of times or amount found; try {GOAL_EXAMPLE}")
    text, tail = found
    once = text == "once" or text.endswith(" once")
    if once and text != "once":
        if tail.kind != "deadline":
            raise ParseError(f"'once' in goal {shown!r} goes with a deadline, as in \"run 21.1 km once by "
                             f"oct 15\"; for a total per period say \"run 20 km per week\"")
        text = text.removesuffix(" once")
    if not text:
        if not tail.implies_one:
            raise ParseError(f"can't read goal {shown!r}: no number of times or amount found; "
                             f"try {GOAL_EXAMPLE}")
        amount = _Amount("count", 1.0, "", "")
    else:
        read = _amount(text, activity, shown)
        if read is None and activity == "study":
            subject, read = _study_subject(text, shown)
        if read is None:
            raise ParseError(f"can't read the amount {text!r} in goal {shown!r}: give a number of times or "
                             f"an amount, e.g. {GOAL_EXAMPLE}")
        amount = read
    if not amount.target < MAX_TARGET:
        raise ParseError(f"the target {text!r} in goal {shown!r} is too large: try {GOAL_EXAMPLE}")
    if activity is None:
        activity = _INFERRED.get(amount.metric)
        if activity is None:
            raise ParseError(f"can't read goal {shown!r}: start with what you will do ({ACTIVITY_LIST}), "
                             f"e.g. {GOAL_EXAMPLE}")
        lead = activity
    _check_sport(amount, activity)
    _check_reachable(amount, activity, tail, shown, today)

    parts = [lead, subject or "", amount.title]
    if tail.kind == "deadline" and amount.metric not in ("distance_m", "duration_s"):
        if amount.metric == "count" or once:
            raise ParseError(f"a goal with a deadline ({shown!r}) is one workout reaching a distance or a time, "
                             f"as in \"run a half marathon by oct 15\", or a total such as \"read 12 books by "
                             f"end of year\"; for times per period say \"swim 3 times a week\"")
        assert tail.deadline is not None  # a total by a day: counted from today to that day
        parts.append(tail.title)
        return GoalSpec(kind="amount", activity=activity, metric=amount.metric, target=amount.target,
                        period="year", title=_title(parts), start_day=today, end_day=tail.deadline, subject=subject)
    if tail.kind == "deadline":
        parts += ["once" if once else "", tail.title]
        return GoalSpec(kind="milestone", activity=activity, metric=amount.metric, target=amount.target,
                        period=None, title=_title(parts), start_day=None, end_day=tail.deadline, subject=subject)
    kind = "frequency" if amount.metric == "count" else "amount"
    parts.append(tail.title)
    if tail.kind == "year":
        assert tail.year is not None
        return GoalSpec(kind=kind, activity=activity, metric=amount.metric, target=amount.target,
                        period="year", title=_title(parts), start_day=date(tail.year, 1, 1),
                        end_day=date(tail.year, 12, 31), subject=subject)
    return GoalSpec(kind=kind, activity=activity, metric=amount.metric, target=amount.target,
                    period=tail.period, title=_title(parts), subject=subject)


def _normalise(text: str) -> str:
    text = text.lower().replace("≥", " >= ").replace("=>", " >= ")
    text = re.sub(r"\bat least\b", " >= ", text)
    text = text.replace(">=", " >= ")
    # "3/week"; not the slashes of 2026/10/15, nor a topic's ("study Deep Learning/Transformers 2h a week")
    text = re.sub(r"\s*/\s*(?=(?:day|week|wk|month|mo|year|yr)\b)", " per ", text)
    return " ".join(w for w in text.split() if w != ">=").rstrip(".!").strip()


def _title(parts: list[str]) -> str:
    text = " ".join(p for p in parts if p)
    return text[:1].upper() + text[1:]


def _tail(rest: str, shown: str, today: date) -> tuple[str, _Tail] | None:
    """(what comes before the end of the phrase, the end), or None when the phrase has no period."""
    if m := _rx(_DEADLINE_RE).fullmatch(rest):
        deadline = _deadline(m["when"], shown, today)
        return m["q"], _Tail("deadline", f"by {deadline.isoformat()}", deadline=deadline)
    if m := _rx(_IN_YEAR_RE).fullmatch(rest):
        digits = m["year"]
        if len(digits) != 4 or not FIRST_YEAR <= int(digits) <= LAST_YEAR:
            raise ParseError(f"the year {digits} in goal {shown!r} is out of range: use {FIRST_YEAR} to "
                             f"{LAST_YEAR}, e.g. \"read 24 books in {today.year}\"")
        return m["q"], _Tail("year", f"in {int(digits)}", year=int(digits))
    if m := _rx(_THIS_YEAR_RE).fullmatch(rest):
        return m["q"], _Tail("year", f"in {today.year}", year=today.year)
    if m := _rx(_ADVERB_RE).fullmatch(rest):
        return m["q"], _Tail("period", m["adv"], period=_ADVERBS[m["adv"]], implies_one=True)
    if m := _rx(_PER_RE).fullmatch(rest):
        word = m["period"]
        if word in _PERIODS:
            return m["q"], _Tail("period", f"{m['conn']} {word}", period=_PERIODS[word],
                                 implies_one=m["conn"] in ("each", "every"))
        if not _is_quantity_word(word):
            raise ParseError(f"can't read the period {word!r} in goal {shown!r}: use {PERIOD_LIST}, "
                             f"e.g. \"swim 3 times a week\"")
    return None


def _is_quantity_word(word: str) -> bool:
    """'book', 'times', 'marathon', '5k'...: the end of an amount ("read a book"), not a misspelt period."""
    if word in _ITEMS or word in _COUNT_UNITS or word in _ONCE_WORDS or any(ch.isdigit() for ch in word):
        return True
    try:
        parse_distance(word)
    except ParseError:
        return False
    return True


_MONTH_NAMES = {"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
                "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
                "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12}
_END_RE = r"(?:the\s+)?end\s+of\s+(?:the\s+)?(?P<what>.+)|(?P<what2>year|month)[\s-]+end"


def _last_of_month(year: int, month: int) -> date:
    return (date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)) - timedelta(days=1)


def _month_deadline(when: str, today: date) -> date | None:
    """"october", "oct 2027", "end of october", "end of year", "the end of 2027", "year end", "end of
    month": the last day of that month or year (the coming one when no year is given)."""
    if m := _rx(_END_RE).fullmatch(when):
        when = m["what"] or m["what2"]
    words = when.split()
    if words in (["year"], ["this", "year"]):
        return date(today.year, 12, 31)
    if words in (["month"], ["this", "month"]):
        return _last_of_month(today.year, today.month)
    if len(words) == 1 and re.fullmatch(r"\d{4}", words[0]):
        return date(int(words[0]), 12, 31) if FIRST_YEAR <= int(words[0]) <= LAST_YEAR else None
    if 1 <= len(words) <= 2 and words[0] in _MONTH_NAMES:
        month = _MONTH_NAMES[words[0]]
        if len(words) == 2:
            if not re.fullmatch(r"\d{4}", words[1]) or not FIRST_YEAR <= int(words[1]) <= LAST_YEAR:
                return None
            return _last_of_month(int(words[1]), month)
        end = _last_of_month(today.year, month)
        return end if end >= today else _last_of_month(today.year + 1, month)
    return None


def _deadline(when: str, shown: str, today: date) -> date:
    by_month = _month_deadline(when, today)
    if by_month is not None:
        if by_month < today:
            raise ParseError(f"the deadline {by_month.isoformat()} has passed in goal {shown!r}: give a day from "
                             f"{today.isoformat()} on, e.g. \"run a half marathon by oct 15\"")
        return by_month
    try:
        day = parse_date(when, today)
    except ParseError as exc:
        if "outside" in str(exc):
            raise ParseError(f"the deadline {when!r} in goal {shown!r} is outside {FIRST_YEAR}-{LAST_YEAR}: try "
                             f"a date such as 2027-10-15") from None
        raise ParseError(f"can't read the deadline {when!r} in goal {shown!r}: try a date such as "
                         f"2027-10-15 or oct 15") from None
    year_written = re.search(r"\d{4}", when) is not None
    looks_back = bool({"yesterday", "last", "ago"} & set(when.split()))
    if day < today and not year_written and not looks_back:
        if any(ch.isdigit() for ch in when):
            # "oct 15": parse_date gives the latest one not after today; a deadline is the next one.
            for year in range(day.year + 1, day.year + 9):
                try:
                    later = day.replace(year=year)
                except ValueError:  # 29 February
                    continue
                if later >= today:
                    day = later
                    break
        else:
            day += timedelta(days=7)  # "friday": the coming one
    if day < today:
        raise ParseError(f"the deadline {day.isoformat()} has passed in goal {shown!r}: give a day from "
                         f"{today.isoformat()} on, e.g. \"run a half marathon by oct 15\"")
    return day


def _amount(text: str, activity: str | None, shown: str) -> _Amount | None:
    """What to reach: "3 times", "twice", "20 km", "2h", "500 words", "a half marathon"... None if the text
    is no amount at all; ParseError if it is one but cannot be a target."""
    if (lead := _rx(_LEADING_NUM_RE).match(text)) and _number(lead["n"]) == 0:
        raise ParseError(f"target must be more than zero in goal {shown!r}: try {GOAL_EXAMPLE}")
    if text in _ONCE_WORDS:
        return _Amount("count", float(_ONCE_WORDS[text]), text, "times")
    found = _count(text, shown) or _items(text, activity, shown)
    if found is not None:
        return found
    readers = (_duration, _distance) if activity in _SPORTS - DISTANCE_SPORTS else (_distance, _duration)
    for reader in readers:
        if (found := reader(text)) is not None:
            return found
    return None


def _value(n: str, what: str, shown: str) -> float | None:
    """A whole number from digits, 'three', or 'a'/'an' (one); None if ``n`` is no number."""
    if n in ("a", "an"):
        return 1.0
    if n in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[n])
    if not (n[0].isdigit() or n[0] == "."):
        return None
    value = _number(n)
    if not value < MAX_TARGET:
        raise ParseError(f"the target {n!r} in goal {shown!r} is too large: try {GOAL_EXAMPLE}")
    if value != int(value):
        raise ParseError(f"the number of {what} in goal {shown!r} must be a whole number: try {GOAL_EXAMPLE}")
    return value


def _count(text: str, shown: str) -> _Amount | None:
    m = _rx(_COUNT_RE).fullmatch(text)
    if not m or m["n"] in ("a", "an"):
        return None
    n, unit = m["n"], m["unit"]
    value = _value(n, "times", shown)
    if value is None:
        return None
    if unit in ("session", "sessions"):
        tidy = f"{n} {unit}"
    else:
        tidy = "once" if value == 1 and n[0].isdigit() else f"{n} times"
    return _Amount("count", value, tidy, unit or "times")


def _items(text: str, activity: str | None, shown: str) -> _Amount | None:
    m = _rx(_AMOUNT_RE).fullmatch(text)
    if not m or m["unit"] not in _ITEMS:
        return None
    n, unit = m["n"], m["unit"]
    value = _value(n, unit if unit.endswith("s") else unit + "s", shown)
    if value is None:
        return None
    uses = _ITEMS[unit]
    if activity is None:
        metric = next(iter(uses.values()))
    elif activity in uses:
        metric = uses[activity]
    else:
        raise ParseError(f"a goal in {unit} is for {' or '.join(uses)}, not {activity}: try "
                         f"{_ITEM_EXAMPLES[next(iter(uses))]}")
    return _Amount(metric, value, f"{n} {unit}", unit)


def _scaled(text: str, read: Callable[[str], float]) -> float | None:
    """A total read as number x unit, so that it may pass the per-workout limits of parse_distance and
    parse_duration ('ride 12000 km in 2026', 'yoga 400 hours a year')."""
    m = _rx(_NUM_UNIT_RE).fullmatch(text)
    if not m:
        return None
    try:
        per_unit = read("1" + m["unit"])
    except ParseError:
        return None
    return _number(m["n"]) * per_unit


def _tidy(text: str) -> tuple[str, str]:
    """('20 km', 'km') from '20km' and '20 km'; '10k', '2h', named distances and '1h30m' as typed."""
    if m := _rx(_NUM_UNIT_RE).fullmatch(text):
        glued = len(m["unit"]) == 1 and m["unit"] != "m" and text[len(m["n"]):] == m["unit"]
        return (text if glued else f"{m['n']} {m['unit']}"), m["unit"]
    return text, re.sub(r"^(?:an?\s+)", "", text)


def _distance(text: str) -> _Amount | None:
    try:
        metres = parse_distance(re.sub(r"^an?\s+", "", text))
    except ParseError:
        scaled = _scaled(text, parse_distance)
        if scaled is None:
            return None
        metres = scaled
    return _Amount("distance_m", metres, *_tidy(text))


def _duration(text: str) -> _Amount | None:
    try:
        seconds = parse_duration(re.sub(r"^an?\s+", "1 ", text), bare_minutes=False)  # "an hour"
    except ParseError:
        scaled = _scaled(text, lambda unit: parse_duration(unit, bare_minutes=False))
        if scaled is None:
            return None
        seconds = scaled
    if _rx(_NUM_UNIT_RE).fullmatch(text):
        return _Amount("duration_s", seconds, *_tidy(text))
    return _Amount("duration_s", seconds, text, text)  # "1h30m", "1:30:00": as typed


_PERIOD_DAYS = {"day": 1, "week": 7, "month": 31, "year": 366}
_PER_DAY = {"count": 20, "words": MAX_WORDS, "pages": MAX_PAGES, "books": 100, "papers": 100, "articles": 100,
            "items": 100, "resources": 100, "duration_s": 24 * 3600}


def _check_reachable(amount: _Amount, activity: str, tail: _Tail, shown: str, today: date) -> None:
    """A target no one could reach in its period ("yoga 25h per day", "write 1000000 words per day") or too
    small to be one ("run 0.0001 km per week") is refused, with the most the period allows."""
    if amount.metric == "distance_m" and amount.target < 1:
        raise ParseError(f"the target {amount.title!r} in goal {shown!r} is less than a metre: try {GOAL_EXAMPLE}")
    if amount.metric == "duration_s" and amount.target < 1:
        raise ParseError(f"the target {amount.title!r} in goal {shown!r} is less than a second: try {GOAL_EXAMPLE}")
    limits = SPORT_LIMITS.get("other" if activity == "workout" else activity)
    if tail.kind == "deadline":  # one workout
        if limits is None:
            return
        if amount.metric == "distance_m" and limits.max_distance_m and amount.target > limits.max_distance_m:
            raise ParseError(f"a goal by a day is one {activity} of that distance, and none is {amount.title} long "
                             f"(at most {limits.max_distance_m / 1000:,.0f} km) in goal {shown!r}; for a total say "
                             f"\"{activity} {amount.title} in {today.year}\" or \"... per month\"")
        if amount.metric == "duration_s" and amount.target > limits.max_duration_s:
            raise ParseError(f"no single {activity} lasts {amount.title} in goal {shown!r}")
        return
    if tail.kind == "year" and tail.year is not None:
        days = (date(tail.year, 12, 31) - date(tail.year, 1, 1)).days + 1
    else:
        days = _PERIOD_DAYS.get(tail.period or "day", 1)
    per_day: float | None  # the most one day can hold (None: no limit)
    if amount.metric == "distance_m":
        per_day = (limits.max_distance_m if limits and limits.max_distance_m else 2_000_000.0)
    else:
        per_day = _PER_DAY.get(amount.metric)
    if per_day is not None and amount.target > per_day * days:
        most = per_day * days
        shown_most = (f"{most / 1000:,.0f} km" if amount.metric == "distance_m" else
                      f"{most / 3600:,.0f} hours" if amount.metric == "duration_s" else f"{most:,.0f}")
        raise ParseError(f"the target {amount.title!r} in goal {shown!r} cannot be reached in a {tail.period or 'year'} "
                         f"(at most {shown_most}): try {GOAL_EXAMPLE}")


def _check_sport(amount: _Amount, activity: str) -> None:
    if amount.metric == "distance_m" and activity not in DISTANCE_SPORTS:
        raise ParseError(f"a distance ({amount.unit}) goal needs a sport such as run or ride, not {activity}: "
                         f"try \"run 20 km per week\"")
    if amount.metric == "duration_s" and activity not in _SPORTS | {"study"}:
        raise ParseError(f"a time ({amount.unit}) goal needs a sport such as run or yoga, or study, not "
                         f"{activity}: try \"yoga 2 hours per week\" or \"study 5h per week\"")


def _study_subject(text: str, shown: str) -> tuple[str | None, _Amount | None]:
    """"transformers 2h" -> the topic as typed ("Transformers") and the time; (None, None) when no
    leading words leave a time behind."""
    words = text.split()
    for cut in range(1, len(words)):
        amount = _amount(" ".join(words[cut:]), "study", shown)
        if amount is None:
            continue
        if amount.metric != "duration_s":
            raise ParseError(f"a topic goes with study time, as in \"study Transformers 2h per week\", not with "
                             f"{amount.unit} in goal {shown!r}")
        typed = " ".join(words[:cut])
        at = shown.lower().find(typed)
        return (shown[at:at + len(typed)] if at >= 0 else typed), amount
    return None, None


# -------------------------------------------------------------------------------- habits of one's own

def is_activity(name: str) -> bool:
    """Whether a name is one of studylog's own activities ("run", "swimming", "read"): a habit cannot be
    called so (a habit of several words, "walk the dog", may begin with one)."""
    return name.casefold() in _ACTIVITIES


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _habit_in(words: list[str], habits: Mapping[str, tuple[str, str | None]], *,
              leading: bool = False) -> tuple[int, int, str] | None:
    """Where a habit's name stands in the first words (a number may come first: "2 coffees a day"):
    (first word, words after it, its key); the longest name first; plurals read as the name; any case
    ("Straße" is "strasse"). ``leading``: only a name the phrase begins with, and never one word that is
    one of studylog's own activities ("study Maths 2h" is study, even beside a habit called maths)."""
    keys = {_singular(key): key for key in habits} | {key: key for key in habits}
    folded = [w.casefold() for w in words]
    starts = (0,) if leading else (0, 1)
    for start in starts:
        if start == 1 and not (folded and (_rx(_LEADING_NUM_RE).fullmatch(folded[0]) or folded[0] in _WORD_NUMBERS)):
            continue  # a habit's name after the first word only after a number ("2 coffees a day")
        for size in (3, 2, 1):
            if len(folded) < start + size:
                continue
            run = folded[start:start + size]
            if leading and size == 1 and run[0] in _ACTIVITIES:
                continue
            key = keys.get(" ".join(run)) or keys.get(" ".join([*run[:-1], _singular(run[-1])]))
            if key:
                return start, start + size, key
    return None


def _habit_goal(words: list[str], shown: str, today: date, habits: Mapping[str, tuple[str, str | None]], *,
                at_most: bool) -> GoalSpec:
    """'meditate every day', 'meditate 10 min every day', 'pushups 300 per week', 'meditate 3 times a
    week', 'at most 2 coffees a day': a bare number is an amount (summed) unless it says times."""
    place = _habit_in(words, habits)
    if place is None:
        known = ", ".join(sorted(name for name, _ in habits.values())) or "none yet"
        raise ParseError(f"no habit named in goal {shown!r}: add it first (studylog habit add NAME); habits: "
                         f"{known}")
    start, end, key = place
    name, unit = habits[key]
    rest = " ".join(words[:start] + words[end:])
    found = _tail(rest, shown, today)
    if found is None or found[1].kind == "deadline":
        raise ParseError(f"can't read goal {shown!r}: end with a period, as in \"{name} every day\" or "
                         f"\"{name} 3 times a week\"")
    text, tail = found
    if tail.kind == "year":
        raise ParseError(f"a habit's goal is per day, week, month or year, as in \"{name} 3 times a week\"")
    metric, target = "count", 1.0
    if text:
        m = _rx(rf"(?P<n>{_NUM}|[a-z]+)(?:\s*(?P<unit>.+))?").fullmatch(text)
        said_times = bool(m and (m["unit"] or "").strip() in ("time", "times", "x"))
        value = None
        if m and m["n"] not in ("a", "an"):  # times are whole; an amount in a unit may be 0.5 (litres)
            value = _value(m["n"], "times", shown) if said_times or not m["n"][0].isdigit() else _number(m["n"])
        if m is None or value is None:
            raise ParseError(f"can't read the amount {text!r} in goal {shown!r}: give a number, as in "
                             f"\"{name} 3 times a week\" or \"{name} 300 per week\"")
        said = (m["unit"] or "").strip()
        times = said in ("time", "times", "x") or m["n"] in _WORD_NUMBERS and not said
        if said and not times and _singular(said) != _singular(key) and (
                unit is None or _singular(said) != _singular(unit.casefold())):
            raise ParseError(f"{name} is counted in {unit}, not {said!r}: try \"{name} {m['n']} {unit} per "
                             f"{tail.period}\"" if unit else f"{name} has no unit to count {said!r} in: say "
                             f"\"{name} {m['n']} times per {tail.period}\", or give it one (studylog habit add "
                             f"NAME --unit {said})")
        metric, target = ("count" if times else "amount"), value
    elif not tail.implies_one and not at_most:
        raise ParseError(f"can't read goal {shown!r}: say how often, as in \"{name} every day\"")
    if not target > 0 and not at_most:
        raise ParseError(f"target must be more than zero in goal {shown!r}")
    if not target < MAX_TARGET:
        raise ParseError(f"the target in goal {shown!r} is too large")
    title = shown[:1].upper() + shown[1:]  # (as typed: "At most 2 coffees a day")
    kind = "limit" if at_most else ("frequency" if metric == "count" else "amount")
    return GoalSpec(kind=kind, activity="habit", metric=metric, target=target, period=tail.period, title=title,
                    subject=name)
