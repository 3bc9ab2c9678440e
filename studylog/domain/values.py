"""Plain, frozen values that services return and front ends show. No database, no framework.

They are NamedTuples rather than frozen dataclasses because quick commands import them: creating a
dozen dataclasses (and importing ``inspect`` for them) costs ~20 ms at every start, a fifth of the
budget of ``studylog log``. Use ``value._replace(...)`` and ``value._asdict()``.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import NamedTuple

SPORTS = ("run", "swim", "ride", "walk", "hike", "strength", "yoga", "other")
DISTANCE_SPORTS = frozenset({"run", "swim", "ride", "walk", "hike"})
TIME_SPORTS = frozenset({"strength", "yoga", "other"})

SPORT_ALIASES = {
    "run": "run", "ran": "run", "running": "run", "jog": "run", "jogged": "run",
    "swim": "swim", "swam": "swim", "swimming": "swim",
    "ride": "ride", "rode": "ride", "bike": "ride", "biked": "ride", "cycle": "ride", "cycled": "ride",
    "cycling": "ride",
    "walk": "walk", "walked": "walk", "walking": "walk",
    "hike": "hike", "hiked": "hike", "hiking": "hike",
    "strength": "strength", "gym": "strength", "lift": "strength", "weights": "strength",
    "yoga": "yoga",
    "other": "other", "workout": "other",
}
WRITING_ALIASES = frozenset({"write", "wrote", "writing", "journal", "words"})
STUDY_ALIASES = frozenset({"study", "studied", "studying", "learn", "learned", "learnt"})
READING_ALIASES = {"read": "book", "book": "book", "paper": "paper", "article": "article", "talk": "talk",
                   "newsletter": "newsletter", "blog": "blog"}

READING_KINDS = ("book", "paper", "article", "newsletter", "blog", "talk")
READING_STATUSES = ("to-read", "reading", "finished", "abandoned")
RESOURCE_KINDS = ("video", "article", "paper", "book", "course", "repo", "tool", "other")
RESOURCE_STATUSES = ("new", "studying", "done", "skipped")
GOAL_KINDS = ("frequency", "amount", "milestone", "limit")  # limit: "at most 2 coffees a day"


class NewWriting(NamedTuple):
    """A writing entry about to be stored (from the shell, quick-add or an import)."""

    day: date
    words: int = 0
    title: str | None = None
    note: str | None = None
    tags: tuple[str, ...] = ()
    challenge: str | None = None
    url: str | None = None


class WritingEntry(NamedTuple):
    id: int
    day: date
    words: int
    title: str | None
    note: str | None
    tags: tuple[str, ...]
    challenge: str | None
    url: str | None
    created_at: datetime
    updated_at: datetime


class NewWorkout(NamedTuple):
    """A workout about to be stored."""

    sport: str
    day: date
    distance_m: float | None = None
    duration_s: float | None = None
    start_time: time | None = None
    elevation_gain_m: float | None = None
    avg_hr: int | None = None
    pool_length_m: float | None = None
    title: str | None = None
    note: str | None = None
    tags: tuple[str, ...] = ()
    source: str = "manual"
    source_id: str | None = None


class Workout(NamedTuple):
    id: int
    sport: str
    day: date
    start_time: time | None
    distance_m: float | None
    duration_s: float | None
    elevation_gain_m: float | None
    avg_hr: int | None
    pool_length_m: float | None
    title: str | None
    note: str | None
    tags: tuple[str, ...]
    source: str
    source_id: str | None
    created_at: datetime
    updated_at: datetime

    @property
    def pace_s_per_km(self) -> float | None:
        """Seconds per kilometre, derived (never stored)."""
        if self.distance_m and self.duration_s:
            return self.duration_s / (self.distance_m / 1000)
        return None


class Streak(NamedTuple):
    """A run of consecutive days (skip days bridge it without counting)."""

    days: int
    start: date | None
    end: date | None


class ChallengeDay(NamedTuple):
    name: str
    day: int
    length: int | None


class ChallengeResult(NamedTuple):
    """A writing challenge brought to its end: its days written, of its length, and the words of them."""

    name: str
    days: int
    length: int
    words: int
    started: date
    completed: date


class StreakSummary(NamedTuple):
    current: Streak
    longest: Streak
    challenge: ChallengeDay | None
    written_today: bool


class SportWeek(NamedTuple):
    sport: str
    count: int  # type: ignore[assignment]  # hides tuple.count: kept, the name is public (JSON, callers)
    distance_m: float
    duration_s: float


class DueItem(NamedTuple):
    """Something due today (studylog.reports.today): the challenge's day, a goal of this period."""

    label: str  # "Swim", "Study Transformers", "Write"
    text: str  # "1 of 3 this week, 3 days left", "Day 13 of 30"
    short: str  # for a shell prompt: "1/3", "D13/30"
    done: bool  # met (or written) already: nothing more is due today
    goal_id: int | None = None


class Dashboard(NamedTuple):
    today: date
    week_start: date
    streak: StreakSummary
    week_writing_days: int
    week_words: int
    week_sports: tuple[SportWeek, ...]
    recent_writing: tuple[WritingEntry, ...]
    recent_workouts: tuple[Workout, ...]
    is_empty: bool = False
    progress: tuple[str, ...] = ()  # progress in words over the last 8 weeks, the most telling first
    goals: tuple[tuple[Goal, GoalProgress], ...] = ()  # each goal as it stands this period
    charts: DashboardCharts | None = None
    today_words: int = 0  # words written today
    due: tuple[DueItem, ...] = ()  # what is due today (studylog today)


class DashboardCharts(NamedTuple):
    """What the dashboard draws: this year's writing days, and the recent weeks and months."""

    year: int
    writing_days: dict[date, int]  # this year: words per day written
    weeks: tuple[date, ...]  # the first day of each of the last 12 weeks
    run_m: tuple[float, ...]  # metres per week
    swim_m: tuple[float, ...]
    words: tuple[int, ...]  # words per week
    months: tuple[date, ...]  # the first day of each of the last 12 months
    books: tuple[int, ...]  # books finished per month


# --------------------------------------------------------------------------------------------- reading

class NewReading(NamedTuple):
    """A reading item about to be stored (typed in, or read from a Goodreads/StoryGraph/OPML file).

    ``source``/``source_id`` identify it in the place it came from (the Goodreads Book Id, a feed URL...)
    so that importing the same file twice adds nothing.
    """

    title: str
    kind: str = "book"
    authors: tuple[str, ...] = ()
    url: str | None = None
    isbn: str | None = None
    pages: int | None = None
    status: str = "to-read"
    added: date | None = None
    started: date | None = None
    finished: date | None = None
    rating: float | None = None
    review: str | None = None
    tags: tuple[str, ...] = ()
    source: str = "manual"
    source_id: str | None = None


class ReadingItem(NamedTuple):
    id: int
    kind: str
    title: str
    authors: tuple[str, ...]
    url: str | None
    isbn: str | None
    pages: int | None
    status: str
    added: date | None
    started: date | None
    finished: date | None
    rating: float | None
    review: str | None
    tags: tuple[str, ...]
    source: str
    source_id: str | None
    created_at: datetime
    updated_at: datetime


# ------------------------------------------------------------------------------------------- resources

class NewResource(NamedTuple):
    url: str
    title: str | None = None
    topic: str | None = None
    kind: str | None = None  # None: guessed from the address (studylog.io.urls.guess_kind)
    description: str | None = None
    status: str = "new"
    note: str | None = None


class Resource(NamedTuple):
    id: int
    url: str
    title: str | None
    topic: str | None
    kind: str
    description: str | None
    status: str
    added: date | None
    done: date | None
    note: str | None
    created_at: datetime
    updated_at: datetime


class Habit(NamedTuple):
    """A habit of one's own: done or not, or an amount in its ``unit`` ("min", "pushups")."""

    id: int
    name: str
    unit: str | None
    created_at: datetime


class HabitDay(NamedTuple):
    """A habit as it stands: how much today, this week, and the days done lately (for a calendar)."""

    habit: Habit
    today: float
    week: float
    days: dict[date, float]  # amount per day over the last weeks (the calendar's)
    last_done: date | None


class NewStudy(NamedTuple):
    """Time spent studying: on a topic ("Deep Learning/Transformers"), a resource (its id), or both."""

    day: date
    duration_s: int
    topic: str | None = None
    resource_id: int | None = None
    note: str | None = None


class StudySession(NamedTuple):
    id: int
    day: date
    duration_s: int
    topic: str | None
    resource_id: int | None
    note: str | None
    created_at: datetime
    updated_at: datetime
    resource_title: str | None = None  # (the resource's title or link, read with the session)


class StudyTime(NamedTuple):
    """Time studied under one name (a topic, a resource) over some days."""

    name: str
    seconds: int
    sessions: int


Record = WritingEntry | Workout | ReadingItem | Resource | StudySession
"""A stored record of a kind people add, edit, delete and undo (studylog.domain.kinds.KINDS)."""
Draft = NewWriting | NewWorkout | NewReading | NewStudy
"""A record not yet stored, as quick add and the forms make it."""


class ResourceListInfo(NamedTuple):
    id: int
    name: str
    curator: str | None
    description: str | None
    origin: str | None
    size: int


# --------------------------------------------------------------------------------------------- imports

class Skipped(NamedTuple):
    """Something in a file that was not imported, and why (shown in the import summary)."""

    file: str
    line: int | None
    reason: str


class Cancelled(Exception):  # noqa: N818  (a request, not an error)
    """Raised by a progress callback when the person asked to stop: the work stops, and what it had
    begun to write is rolled back (imports and rebuilds run in one transaction)."""


class NewFeed(NamedTuple):
    """A subscription about to be stored (from an OPML file): a newsletter, blog or podcast followed."""

    title: str
    kind: str = "blog"  # one of FEED_KINDS
    url: str | None = None  # the site a person reads
    tags: tuple[str, ...] = ()
    added: date | None = None
    source: str = "manual"
    source_id: str | None = None  # OPML: the feed's normalised address


class Feed(NamedTuple):
    id: int
    kind: str
    title: str
    url: str | None
    tags: tuple[str, ...]
    added: date | None
    source: str
    source_id: str | None
    created_at: datetime
    updated_at: datetime


FEED_KINDS = ("newsletter", "blog", "podcast")


class ImportSummary(NamedTuple):
    file: str
    added: int
    already: int
    skipped: tuple[Skipped, ...]
    updated: int = 0
    notes: tuple[Skipped, ...] = ()  # imported, but with something the user should know (same shape)


# -------------------------------------------------------------------------------------------- workouts

class Effort(NamedTuple):
    """The fastest stretch of a workout over a standard distance (or the whole workout's pace)."""

    distance_m: float
    duration_s: float


class ImportedWorkout(NamedTuple):
    """A workout read from a file: the record, the best efforts found in its track, and notes for the
    import summary (e.g. "no time stamps: distance kept, duration unknown")."""

    workout: NewWorkout
    efforts: tuple[Effort, ...] = ()
    notes: tuple[str, ...] = ()


class RecordEntry(NamedTuple):
    """One record: what it is, the value, and the workout that set it."""

    label: str  # "longest distance", "longest time", "5 km", "half marathon"...
    distance_m: float | None
    duration_s: float | None
    workout_id: int
    day: date
    from_track: bool  # True: the fastest stretch inside a track; False: a whole workout at its average pace


class Records(NamedTuple):
    sport: str
    longest_distance: RecordEntry | None
    longest_time: RecordEntry | None
    best_efforts: tuple[RecordEntry, ...]


class WeekTotal(NamedTuple):
    week_start: date
    count: int  # type: ignore[assignment]  # hides tuple.count: kept, the name is public (JSON, callers)
    distance_m: float
    duration_s: float


# ----------------------------------------------------------------------------------------------- goals

GOAL_ACTIVITIES = ("write", "run", "swim", "ride", "walk", "hike", "strength", "yoga", "workout", "read", "study",
                   "habit")  # habit: one of one's own, named in the goal's subject
GOAL_METRICS = ("count", "words", "distance_m", "duration_s", "books", "papers", "articles", "items", "pages",
                "resources", "amount")  # amount: a habit's, in its unit
GOAL_PERIODS = ("day", "week", "month", "year")
GOAL_STATUSES = ("met", "on track", "behind", "missed")


class GoalSpec(NamedTuple):
    """What a goal asks for, read from a phrase ("Swim 3 times a week") or from flags.

    frequency: ``metric == "count"`` per period ("swim >= 3 per week", "write every day");
    amount: a sum per period or in a year ("run >= 20 km per week", "read 24 books in 2026");
    milestone: one workout reaching ``target`` by ``end_day`` ("run >= 21.1 km once by 2026-10-15").
    Targets are in SI units (metres, seconds) or counts.
    """

    kind: str
    activity: str
    metric: str
    target: float
    period: str | None
    title: str
    start_day: date | None = None
    end_day: date | None = None
    subject: str | None = None  # what within the activity it counts: a topic of study


class Goal(NamedTuple):
    id: int
    kind: str
    activity: str
    metric: str
    target: float
    period: str | None
    title: str
    start_day: date | None
    end_day: date | None
    archived: bool
    created_at: datetime
    active_from: date | None = None  # the first day of its life (None: since ever)
    archived_on: date | None = None  # the day it was archived (None: still active)
    subject: str | None = None  # what within the activity it counts: a topic of study


class GoalProgress(NamedTuple):
    """Where a goal stands today."""

    period_start: date
    period_end: date
    actual: float
    target: float
    status: str  # one of GOAL_STATUSES
    streak: int  # periods met in a row (the current one counts once it is met)
    strength: float | None  # habit strength 0..1 (Loop Habit Tracker's formula); None for milestones
    met_on: date | None = None  # a milestone: the day one workout reached it


class Reflection(NamedTuple):
    id: int
    period_kind: str  # "week" or "year"
    period: str  # "2026-W47" or "2026"
    planned: str | None
    achieved: str | None
    learned: str | None
    updated_at: datetime
