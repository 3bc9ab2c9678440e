"""What is due today: the writing challenge's day, and each goal of a day, week, month or year as it stands
("Write: Day 13 of 30 · Swim: 1 of 3 this week, 3 days left · Study: 1h15 of 3h this week, 6 days left").

Pure: the streak and the goals' progress come in, "today" is an input. ``studylog today`` prints it and
the dashboard shows it first.
"""

from __future__ import annotations

from datetime import date

from studylog.domain.values import DueItem, Goal, GoalProgress, StreakSummary
from studylog.formatting import format_challenge_day, goal_progress_text

PERIOD_WORDS = {"day": "today", "week": "this week", "month": "this month", "year": "this year"}
ACTIVITY_NAMES = {"write": "Write", "run": "Run", "swim": "Swim", "ride": "Ride", "walk": "Walk", "hike": "Hike",
                  "strength": "Strength", "yoga": "Yoga", "workout": "Workout", "read": "Read", "study": "Study"}


def due_today(streak: StreakSummary | None, goals: list[tuple[Goal, GoalProgress]] | tuple[
        tuple[Goal, GoalProgress], ...], today: date, units: str = "metric") -> tuple[DueItem, ...]:
    """The challenge first (its day today), then each goal that asks something of a day, week, month or
    year, in the order they are listed (milestones and goals whose window has passed are not due)."""
    items: list[DueItem] = []
    challenge = streak.challenge if streak is not None else None
    if challenge is not None and (challenge.length is None or challenge.day < challenge.length
                                  or streak is not None and streak.written_today):
        written = streak is not None and streak.written_today
        day = challenge.day if written else challenge.day + 1  # the day today's writing is (or was)
        length = f"/{challenge.length}" if challenge.length else ""
        items.append(DueItem("Write", format_challenge_day(day, challenge.length) + (" ✓" if written else ""),
                             f"D{day}{length}", written))
    for goal, progress in goals:
        if items and goal.activity == "write" and goal.period == "day" and goal.metric == "count":
            continue  # "write every day" beside the challenge's day: said once
        item = _goal_item(goal, progress, today, units)
        if item is not None:
            items.append(item)
    return tuple(items)


def _goal_item(goal: Goal, progress: GoalProgress, today: date, units: str) -> DueItem | None:
    if goal.archived or goal.kind == "milestone" or goal.period is None:
        return None
    if goal.end_day is not None and goal.end_day < today or goal.start_day is not None and goal.start_day > today:
        return None
    label = ACTIVITY_NAMES.get(goal.activity, goal.activity.capitalize())
    if goal.activity == "habit" and goal.subject:  # a habit of one's own: by its name
        label = goal.subject[:1].upper() + goal.subject[1:]
    elif goal.subject:
        label = f"{label} {goal.subject.rsplit('/', 1)[-1]}"
    if goal.kind == "limit":  # at most: nothing to do, only not to pass
        over = progress.status == "missed"
        whole = f"{progress.actual:,.0f}" if progress.actual == int(progress.actual) else f"{progress.actual:,.1f}"
        limit = f"{goal.target:,.0f}" if goal.target == int(goal.target) else f"{goal.target:,.1f}"
        text = f"{whole} of at most {limit} {PERIOD_WORDS[goal.period]}" + (": over" if over else "")
        return DueItem(label, text, f"{whole}/{limit}!" if over else "", not over, goal.id)
    done = progress.status == "met"
    when = PERIOD_WORDS[goal.period]
    if goal.start_day is not None and goal.end_day is not None:  # one period of its own: "in 2026", "by oct 15"
        whole_year = (goal.start_day.month, goal.start_day.day, goal.end_day.month, goal.end_day.day) == (1, 1, 12, 31)
        when = f"in {goal.end_day.year}" if whole_year else f"by {goal.end_day.isoformat()}"
    if goal.metric == "count" and progress.target == 1 and goal.period == "day":
        rest = done and progress.actual < progress.target  # met by a skip day, not by doing it
        text, short = ("a rest day" if rest else "done today" if done else "not yet today"), ""
    else:
        amount = goal_progress_text(goal.metric, progress.actual, progress.target, units, goal.activity)
        text = f"{amount} {when}"
        short = _short(amount)
    left = (progress.period_end - today).days + 1
    if not done and goal.period != "day" and left > 0:
        text += ", last day" if left == 1 else f", {left:,} days left"
    once_a_day = goal.metric == "count" and progress.target == 1 and goal.period == "day"
    return DueItem(label, text + (" ✓" if done and not once_a_day else ""), short, done, goal.id)


def _short(amount: str) -> str:
    """'1 of 3 times' -> '1/3'; '4.6 of 20.0 km' -> '4.6/20.0km'; '1h15 of 3h' -> '1h15/3h'; '1 of 24 books'
    -> '1/24 books' (two reading goals, books and papers, are told apart: newcomer)."""
    low, _, high = amount.partition(" of ")
    number, _, unit = high.partition(" ")
    if unit in ("km", "mi", "m", "yd"):
        return f"{low}/{number}{unit}"
    if unit in ("books", "book", "papers", "paper", "newsletters", "newsletter", "pages", "page"):
        return f"{low}/{number} {unit}"
    return f"{low}/{number}"


def line(items: tuple[DueItem, ...]) -> str:
    """The items on one line, as `studylog today` prints them ("Meditate" alone: not done yet today)."""
    return " · ".join(item.label if item.text == "not yet today" else f"{item.label}: {item.text}"
                      for item in items)


def short_line(items: tuple[DueItem, ...]) -> str:
    """What is still due, for a shell prompt: "Write D13/30 Swim 1/3" ('' when nothing is)."""
    return " ".join(f"{_short_label(item.label)} {item.short}".strip() for item in items if not item.done)


def _short_label(label: str) -> str:
    """"Study Transformers" -> "Transformers" (two study goals are told apart), "Reading aloud" -> "Reading"."""
    words = label.split()
    return words[-1] if words[0] == "Study" and len(words) > 1 else words[0]
