"""Goals, the per-day values they are measured on, skip days, and where each goal stands."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta

from studylog import text
from studylog.db.sqlite import (
    from_sql_date,
    from_sql_ts,
    inserted_id,
    stored_date,
    to_sql_date,
    to_sql_ts,
    transaction,
)
from studylog.domain.errors import Duplicate, NotFound  # noqa: F401 (callers catch them here too)
from studylog.domain.values import (
    GOAL_ACTIVITIES,
    GOAL_METRICS,
    GOAL_PERIODS,
    SPORTS,
    Goal,
    GoalProgress,
    GoalSpec,
)

COLUMNS = ("id, kind, activity, metric, target, period, title, start_day, end_day, archived, created_at, "
           "active_from, archived_on, subject")
SQL_INSERT = (
    "INSERT INTO goal (kind, activity, metric, target, period, title, start_day, end_day, archived, created_at, "
    "active_from, subject) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)"
)
SQL_GET = f"SELECT {COLUMNS} FROM goal WHERE id = ?"
SQL_LIST = f"SELECT {COLUMNS} FROM goal WHERE (:all OR NOT archived) ORDER BY archived, id"
SQL_UPDATE = (
    "UPDATE goal SET kind = ?, activity = ?, metric = ?, target = ?, period = ?, title = ?, start_day = ?, "
    "end_day = ?, active_from = ?, subject = ? WHERE id = ?"
)
SQL_ARCHIVE = "UPDATE goal SET archived = ?, archived_on = ? WHERE id = ?"
# a goal by its title (any goal, the active ones, the archived ones): whole in any case, or a LIKE pattern
_WHICH = ("", " AND NOT archived", " AND archived")
SQL_BY_TITLE = tuple(f"SELECT {COLUMNS} FROM goal WHERE title = ? COLLATE NOCASE{w} ORDER BY archived, id"
                     for w in _WHICH)
SQL_TITLE_LIKE = tuple(f"SELECT {COLUMNS} FROM goal WHERE title LIKE ? ESCAPE '\\'{w} ORDER BY archived, id LIMIT 20"
                       for w in _WHICH)
SQL_SAME = (  # (the first day is not compared: "read 12 books by end of year" set on two days is one goal)
    f"SELECT {COLUMNS} FROM goal WHERE NOT archived AND kind = ? AND activity = ? AND metric = ? AND target = ? "
    "AND period IS ? AND end_day IS ? AND subject IS ? COLLATE NOCASE AND id IS NOT ?"
)
SQL_SKIP = (
    "INSERT INTO skip_day (habit, day, reason, created_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (habit, day) DO UPDATE SET reason = excluded.reason"
)
SQL_UNSKIP = "DELETE FROM skip_day WHERE habit = ? AND day = ?"
SQL_SKIPS = "SELECT day FROM skip_day WHERE habit = ? AND day BETWEEN ? AND ?"

# One day's value of each activity and metric (the goal's unit), between two days.
SQL_DAILY_WRITE_DAYS = "SELECT day, 1 FROM writing_entry WHERE day BETWEEN ? AND ? AND words > 0 GROUP BY day"
SQL_DAILY_WRITE_WORDS = "SELECT day, CAST(TOTAL(words) AS INTEGER) FROM writing_entry WHERE day BETWEEN ? AND ? GROUP BY day"
_SPORT = "(:sport IS NULL OR sport = :sport) AND day BETWEEN :since AND :until GROUP BY day"
SQL_DAILY_WORKOUTS = f"SELECT day, COUNT(*) FROM workout WHERE {_SPORT}"
SQL_DAILY_DISTANCE = f"SELECT day, SUM(distance_m) FROM workout WHERE distance_m IS NOT NULL AND {_SPORT}"
SQL_DAILY_DURATION = f"SELECT day, SUM(duration_s) FROM workout WHERE duration_s IS NOT NULL AND {_SPORT}"
SQL_DAILY_LONGEST = f"SELECT day, MAX(distance_m) FROM workout WHERE distance_m IS NOT NULL AND {_SPORT}"
SQL_DAILY_LONGEST_TIME = f"SELECT day, MAX(duration_s) FROM workout WHERE duration_s IS NOT NULL AND {_SPORT}"
SQL_DAILY_FINISHED = (
    "SELECT finished, COUNT(*) FROM reading_item WHERE status = 'finished' AND (:kind IS NULL OR kind = :kind) "
    "AND finished BETWEEN :since AND :until GROUP BY finished"
)
READING_METRIC_KINDS = {"books": "book", "papers": "paper", "articles": "article", "items": None}
SQL_DAILY_PAGES = (
    "SELECT finished, CAST(TOTAL(pages) AS INTEGER) FROM reading_item WHERE status = 'finished' AND pages IS NOT NULL "
    "AND finished BETWEEN ? AND ? GROUP BY finished"
)
SQL_DAILY_RESOURCES = (
    "SELECT done, COUNT(*) FROM resource WHERE status = 'done' AND done BETWEEN ? AND ? GROUP BY done"
)

HISTORY_DAYS = 3 * 366  # how far back habit strength and streaks look


def from_row(row: sqlite3.Row) -> Goal:
    """A stored goal. A day that does not read (written outside studylog) is read as date.min, which
    ``reports.goals.unmeasurable`` names: the goal is then left out of every figure, never a crash."""
    return Goal(id=row["id"], kind=row["kind"], activity=row["activity"], metric=row["metric"],
                target=row["target"], period=row["period"], title=row["title"],
                start_day=_day(row["start_day"]), end_day=_day(row["end_day"]),
                archived=bool(row["archived"]), created_at=_moment(row["created_at"]),
                active_from=_day(row["active_from"]), archived_on=_day(row["archived_on"]),
                subject=row["subject"] if isinstance(row["subject"], str) else None)


def _day(value: object) -> date | None:
    if value is not None and not isinstance(value, str):
        return date.min  # (not text: a value written outside studylog)
    try:
        return from_sql_date(value)
    except (TypeError, ValueError):
        return date.min


def _moment(value: object) -> datetime:
    if not isinstance(value, str):
        return datetime.min.replace(tzinfo=UTC)  # (not text: a value written outside studylog)
    try:
        return from_sql_ts(value)
    except (TypeError, ValueError):
        return datetime.min.replace(tzinfo=UTC)


def spec_of(goal: Goal) -> GoalSpec:
    return GoalSpec(kind=goal.kind, activity=goal.activity, metric=goal.metric, target=goal.target,
                    period=goal.period, title=goal.title, start_day=goal.start_day, end_day=goal.end_day,
                    subject=goal.subject)


def _check(spec: GoalSpec) -> GoalSpec:
    if spec.activity not in GOAL_ACTIVITIES:
        raise ValueError(f"unknown activity {spec.activity!r}; one of {', '.join(GOAL_ACTIVITIES)}")
    if spec.metric not in GOAL_METRICS:
        raise ValueError(f"unknown measure {spec.metric!r}; one of {', '.join(GOAL_METRICS)}")
    if spec.kind != "milestone" and spec.period not in GOAL_PERIODS:
        raise ValueError(f"a {spec.kind} goal needs a period: one of {', '.join(GOAL_PERIODS)}")
    if spec.target <= 0:
        raise ValueError("a goal's target must be more than zero")
    if spec.activity == "habit":
        if not spec.subject:
            raise ValueError("a habit's goal names the habit, as in \"meditate every day\"")
        if spec.metric not in ("count", "amount"):
            raise ValueError("a habit's goal counts times or an amount")
        return spec._replace(title=text.clean(spec.title, multiline=False) or spec.title,
                             subject=text.clean(spec.subject, multiline=False))
    if spec.kind == "limit":
        raise ValueError("an \"at most\" goal is for a habit of one's own, as in \"at most 2 coffees a day\"")
    if spec.subject is not None and (spec.activity, spec.metric) != ("study", "duration_s"):
        raise ValueError("only study time goals count a topic, as in \"study Transformers 2h per week\"")
    return spec._replace(title=text.clean(spec.title, multiline=False) or spec.title,
                         subject=text.clean_topic(spec.subject))


def first_day(spec: GoalSpec, today: date, since: date | None = None) -> date:
    """The first day of a new goal's life: ``since`` when given, else its own window's first day ("in
    2026": the whole year counts, whenever in it the goal was set), else today."""
    if since is not None:
        return since
    if spec.start_day is not None and spec.kind != "milestone":
        return spec.start_day
    return today


def _refuse_duplicate(conn: sqlite3.Connection, spec: GoalSpec, goal_id: int | None = None) -> None:
    row = conn.execute(SQL_SAME, (spec.kind, spec.activity, spec.metric, spec.target, spec.period,
                                  to_sql_date(spec.end_day), spec.subject, goal_id)).fetchone()
    if row is not None:
        raise Duplicate(f"that goal is already there: #{row['id']} {row['title']} (edit or archive it instead)")


def add(conn: sqlite3.Connection, spec: GoalSpec, *, now: datetime, today: date | None = None,
        since: date | None = None) -> Goal:
    """Store a goal; its life starts on ``since`` (or see ``first_day``). The same goal already active
    is refused (Duplicate)."""
    spec = _check(spec)
    start = first_day(spec, today or now.date(), since)
    _check_life(spec, start, None)
    with transaction(conn):
        _refuse_duplicate(conn, spec)
        cur = conn.execute(SQL_INSERT, (spec.kind, spec.activity, spec.metric, spec.target, spec.period,
                                        spec.title, to_sql_date(spec.start_day), to_sql_date(spec.end_day),
                                        to_sql_ts(now), to_sql_date(start), spec.subject))
        return get(conn, inserted_id(cur))


def get(conn: sqlite3.Connection, goal_id: int) -> Goal:
    row = conn.execute(SQL_GET, (goal_id,)).fetchone()
    if row is None:
        raise NotFound(f"no goal with id {goal_id}")
    return from_row(row)


def find(conn: sqlite3.Connection, ref: str, *, archived: bool | None = None) -> Goal:
    """A goal by its id, its title (any case) or a part of its title only it has, among all goals
    (``archived`` None), the active ones (False) or the archived ones (True); an id finds any goal.
    NotFound; Ambiguous with the matches."""
    from studylog.services.naming import find as find_named

    which = 0 if archived is None else 2 if archived else 1
    noun = ("goal", "active goal", "archived goal")[which]
    return find_named(conn, ref, noun=noun, plural=f"{noun}s", get=get, from_row=from_row,
                      exact_sql=SQL_BY_TITLE[which], like_sql=SQL_TITLE_LIKE[which])


def list_goals(conn: sqlite3.Connection, *, archived: bool = False, unmeasurable: bool = False) -> list[Goal]:
    """The active goals (``archived``: all), those that can be measured (``unmeasurable``: those too; see
    ``cannot_measure``)."""
    from studylog.reports.goals import unmeasurable as why

    found = [from_row(r) for r in conn.execute(SQL_LIST, {"all": archived})]
    return found if unmeasurable else [goal for goal in found if why(goal) is None]


def cannot_measure(conn: sqlite3.Connection, *, archived: bool = False) -> list[str]:
    """A line for each goal that cannot be measured (written outside studylog: "unknown period
    'fortnight'"), saying how to mend it; these goals are left out of lists, the dashboard and reviews."""
    import shlex

    from studylog.reports.goals import unmeasurable as why

    lines = []
    for goal in list_goals(conn, archived=archived, unmeasurable=True):
        reason = why(goal)
        if reason is None:
            continue
        title = text.clean(goal.title, multiline=False) if isinstance(goal.title, str) else None
        phrase = shlex.quote(title) if title and len(title) <= 60 else '"PHRASE"'
        lines.append(f"goal #{goal.id} cannot be measured ({text.clean(reason, multiline=False)}): studylog goal "
                     f"edit {goal.id} {phrase} mends it (or studylog goal archive {goal.id} puts it away)")
    return lines


def _asks(goal: Goal | GoalSpec) -> tuple:
    return (goal.kind, goal.activity, goal.metric, goal.target, goal.period, goal.start_day, goal.end_day,
            (goal.subject or "").casefold())


def update(conn: sqlite3.Connection, goal_id: int, spec: GoalSpec, *, since: date | None = None,
           today: date | None = None, now: datetime | None = None) -> Goal:
    """Change a goal. A new title, a goal set today, a goal for one window ("in 2026") or a milestone
    change in place. A repeating goal that asks for something else (20 km a week becomes 25) on a day
    after it began starts a new life: the old goal is archived on the day before ``today`` and keeps its
    weeks as they were judged, and the new one lives from today (past weeks are never judged again
    against a target set later). ``since`` moves the goal's first day instead, in place: the person asks
    for its past to be judged with the new target. Returns the goal that now asks (a new id when a new
    life began)."""
    from studylog.limits import FIRST_DAY, LAST_YEAR
    from studylog.reports.goals import unmeasurable

    spec = _check(spec)
    with transaction(conn):
        old = get(conn, goal_id)
        repeating = old.kind != "milestone" and old.start_day is None and spec.kind != "milestone" and \
            spec.start_day is None  # (a goal for one window or by a deadline is judged once: edited in place)
        broken = unmeasurable(old) is not None
        repeating = repeating and not broken  # (a goal that could never be measured has no past to keep)
        if (repeating and _asks(spec) != _asks(old) and since is None and today is not None and now is not None
                and not old.archived and old.active_from is not None and old.active_from < today):
            _refuse_duplicate(conn, spec, goal_id)
            conn.execute(SQL_ARCHIVE, (True, to_sql_date(today - timedelta(days=1)), goal_id))
            cur = conn.execute(SQL_INSERT, (spec.kind, spec.activity, spec.metric, spec.target, spec.period,
                                            spec.title, None, None, to_sql_ts(now), to_sql_date(today), spec.subject))
            return get(conn, inserted_id(cur))
        if not old.archived:
            _refuse_duplicate(conn, spec, goal_id)
        start = since or old.active_from
        if (since is None and today is not None and spec.kind != "milestone" and spec.start_day is None
                and (old.kind == "milestone" or old.start_day is not None) and _asks(spec) != _asks(old)):
            # a goal for one window or by a deadline made a repeating one that asks for something else: it
            # repeats from today (read 24 books in 2026, edited into 25 km a week, was judged from 1 January)
            start = today
        if spec.start_day is not None and spec.kind != "milestone" and spec.start_day != old.start_day:
            start = since or spec.start_day
        if broken and start is not None and not FIRST_DAY <= start <= date(LAST_YEAR, 12, 31):
            start = since or spec.start_day or today  # (its first day did not read either)
        _check_life(spec, start, old.archived_on if old.archived else None)
        conn.execute(SQL_UPDATE, (spec.kind, spec.activity, spec.metric, spec.target, spec.period, spec.title,
                                  to_sql_date(spec.start_day), to_sql_date(spec.end_day), to_sql_date(start),
                                  spec.subject, goal_id))
        return get(conn, goal_id)


def archive(conn: sqlite3.Connection, goal_id: int, *, archived: bool = True, today: date | None = None) -> Goal:
    """Put a goal away on ``today`` (its life ends that day), or bring it back (its life goes on)."""
    with transaction(conn):
        old = get(conn, goal_id)
        if archived == old.archived:
            return old  # archived already (its last day stays), or active already
        if not archived:
            _refuse_duplicate(conn, spec_of(old), goal_id)
        conn.execute(SQL_ARCHIVE, (archived, to_sql_date(today) if archived else None, goal_id))
        return get(conn, goal_id)


def skip(conn: sqlite3.Connection, habit: str, day: date, *, reason: str | None, now: datetime) -> None:
    """Mark a rest or skip day for a habit: its streak and strength carry over it."""
    with transaction(conn):
        conn.execute(SQL_SKIP, (habit, day.isoformat(), text.clean(reason, multiline=False), to_sql_ts(now)))


def unskip(conn: sqlite3.Connection, habit: str, day: date) -> bool:
    with transaction(conn):
        return conn.execute(SQL_UNSKIP, (habit, day.isoformat())).rowcount > 0


def skip_days(conn: sqlite3.Connection, habit: str, since: date, until: date) -> set[date]:
    return {stored_date(r[0]) for r in conn.execute(SQL_SKIPS, (habit, since.isoformat(), until.isoformat()))}


def daily_values(conn: sqlite3.Connection, spec: GoalSpec, since: date, until: date) -> dict[date, float]:
    """The goal's measure for each day with something done (milestones: the day's best single workout)."""
    span = (since.isoformat(), until.isoformat())
    activity, metric = spec.activity, spec.metric
    params: tuple[str, str] | dict[str, str | None]
    if activity == "habit":
        from studylog.services import habits

        return habits.daily(conn, spec.subject or "", since, until, count=metric == "count")
    if activity == "write":
        sql, params = (SQL_DAILY_WRITE_WORDS if metric == "words" else SQL_DAILY_WRITE_DAYS), span
    elif activity == "read" and metric == "pages":
        sql, params = SQL_DAILY_PAGES, span
    elif activity == "read":
        sql, params = SQL_DAILY_FINISHED, {"kind": READING_METRIC_KINDS.get(metric, "book"), "since": span[0],
                                           "until": span[1]}
    elif activity == "study" and metric == "duration_s":
        from studylog.services import study

        return study.daily(conn, since, until, spec.subject)
    elif activity == "study":
        sql, params = SQL_DAILY_RESOURCES, span
    else:
        sport = activity if activity in SPORTS else None
        milestone = spec.kind == "milestone"
        sql = {"distance_m": SQL_DAILY_LONGEST if milestone else SQL_DAILY_DISTANCE,
               "duration_s": SQL_DAILY_LONGEST_TIME if milestone else SQL_DAILY_DURATION}.get(metric,
                                                                                               SQL_DAILY_WORKOUTS)
        params = {"sport": sport, "since": span[0], "until": span[1]}
    return {stored_date(day): float(value) for day, value in conn.execute(sql, params) if value}


def habit_of(spec: GoalSpec) -> str:
    """The name skip days are kept under for this goal's activity (a habit of one's own: its name)."""
    if spec.activity == "habit" and spec.subject:
        from studylog.services.habits import key_of

        return key_of(spec.subject)
    return spec.activity


def _check_life(spec: GoalSpec, start: date | None, archived_on: date | None) -> None:
    """A goal cannot start after it ended: after its archive day, or after its own window or deadline."""
    if start is None:
        return
    if archived_on is not None and start > archived_on:
        raise ValueError(f"the goal was archived on {archived_on.isoformat()}: it cannot start after that "
                         f"({start.isoformat()})")
    whole_year = (spec.kind != "milestone" and spec.start_day is not None and spec.end_day is not None
                  and (spec.start_day.month, spec.start_day.day, spec.end_day.month, spec.end_day.day) == (1, 1, 12, 31)
                  and spec.start_day.year == spec.end_day.year)  # "in 2026": the year's days only
    if whole_year and spec.start_day is not None and start < spec.start_day:
        raise ValueError(f"the goal counts from {spec.start_day.isoformat()} ({spec.title}): it cannot start "
                         f"before that ({start.isoformat()})")
    if spec.end_day is not None and start > spec.end_day:
        raise ValueError(f"the goal ends on {spec.end_day.isoformat()}: it cannot start after that "
                         f"({start.isoformat()})")


def life(goal: Goal | GoalSpec) -> tuple[date | None, date | None]:
    """(first day, last day) of a goal's life; None: open on that side. A goal with its own window ("in
    2026", "by end of year") ends with it, an archived goal on the day it was archived."""
    if isinstance(goal, Goal):
        end = goal.archived_on if goal.archived else None
        if goal.kind != "milestone" and goal.start_day is not None and goal.end_day is not None:
            end = goal.end_day if end is None else min(end, goal.end_day)
        return goal.active_from, end
    return goal.start_day, None


def progress(conn: sqlite3.Connection, goal: Goal | GoalSpec, today: date, *, week_start: int = 0) -> GoalProgress:
    """Where a goal stands on ``today`` (a past day gives the goal as it stood then; an archived goal
    stands as it did on the day it was archived)."""
    from studylog.reports.goals import evaluate

    spec = spec_of(goal) if isinstance(goal, Goal) else goal
    since, until = life(goal)
    as_of = today if until is None else min(today, until)
    first = as_of - timedelta(days=HISTORY_DAYS)  # strength forgets; streaks this long stop counting here
    if spec.start_day and spec.start_day < first:
        first = spec.start_day
    if since is not None and since > first:
        first = since
    elif since is not None:
        since = first
    daily = daily_values(conn, spec, first, as_of)
    skips = skip_days(conn, habit_of(spec), first, as_of + timedelta(days=366))  # planned rest days count too
    return evaluate(spec, daily, skips, today, week_start=week_start, since=since, until=until)
