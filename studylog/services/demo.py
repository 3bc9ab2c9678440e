"""A realistic, deterministic history for trying studylog out (``studylog demo``).

The same seed and the same "today" always give the same database.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import date, datetime, time, timedelta

from studylog.db.sqlite import to_json_list, to_sql_time, to_sql_ts, transaction
from studylog.services import workouts, writing

TOPICS = [
    "attention is all you need, again", "why I keep a log", "notes on linear algebra", "GPU memory hierarchies",
    "the long run", "learning in public", "reading papers slowly", "on habits", "the pool at 7am",
    "what transformers forget", "matrix calculus without tears", "a week of small wins", "tokenizers",
    "rest days", "the first half marathon", "kernels and warps", "writing every day", "probability refresher",
]
SENTENCES = [
    "I started later than planned but the words came quickly once I stopped editing.",
    "The key idea is simpler than the notation makes it look.",
    "Tomorrow I want to try explaining it without any equations.",
    "Most of the time went into finding the right example.",
    "I keep coming back to the same question: what would I tell myself a year ago?",
    "Short session today; the point is to show up.",
    "A paragraph on why attention scales quadratically, and what people do about it.",
    "The run cleared my head before writing.",
    "I rewrote the opening three times and kept the first version.",
    "Notes from the chapter on eigenvalues, in my own words.",
]
RUN_TITLES = ["Easy run", "Tempo", "Long run", "Intervals", "Recovery jog", "Park loop", "Hill repeats"]
SWIM_TITLES = ["Pool swim", "Technique drills", "Endurance set", "Easy laps"]
CHALLENGE = "30-day essays"
CHALLENGE_DAY = 12  # the demo's "today" is Day 12 of 30


def generate(conn: sqlite3.Connection, today: date, *, years: int = 1, now: datetime, seed: int = 7) -> tuple[int, int]:
    """Fill an empty database with ``years`` of writing and workouts ending today.
    Returns (writing entries, workouts) added."""
    rng = random.Random(seed)
    first = today - timedelta(days=365 * years - 1)
    stamp = to_sql_ts(now)
    writing_rows, workout_rows = [], []
    challenge_start = today - timedelta(days=CHALLENGE_DAY - 1)
    day, on_streak = first, True
    while day <= today:
        in_challenge = day >= challenge_start
        # Streaks: mostly writing, with breaks that last a day or three.
        if not in_challenge:
            on_streak = rng.random() > 0.06 if on_streak else rng.random() > 0.45
        if in_challenge or (on_streak and rng.random() < 0.93):
            words = max(120, int(rng.gauss(620, 230)))
            note = " ".join(rng.sample(SENTENCES, k=rng.randint(2, 4)))
            title = rng.choice(TOPICS)
            if in_challenge:
                title = f"Day {(day - challenge_start).days + 1}: {title}"
            tags = ["essay"] if in_challenge else rng.sample(["notes", "ml", "running", "maths", "gpu"], k=1)
            writing_rows.append((day.isoformat(), title.capitalize() if not in_challenge else title, words,
                                 note, to_json_list(tags), CHALLENGE if in_challenge else None, None,
                                 stamp, stamp))
        workout_rows.extend(_workouts_for(rng, day, first, stamp))
        day += timedelta(days=1)
    with transaction(conn):
        conn.executemany(writing.SQL_INSERT, writing_rows)
        conn.executemany(workouts.SQL_INSERT, workout_rows)
    return len(writing_rows), len(workout_rows)


def _workouts_for(rng: random.Random, day: date, first: date, stamp: str) -> list[tuple]:
    weeks_in = (day - first).days // 7
    fitness = min(1.0, 0.35 + weeks_in / 80)  # slowly getting fitter
    rows = []
    weekday = day.weekday()

    def row(sport, dist, dur, start, title, pool=None, hr=None, elev=None, tags=()):  # noqa: ANN001, ANN202
        return (sport, day.isoformat(), to_sql_time(start), dist, dur, elev, hr, pool, title, None,
                to_json_list(list(tags)), "manual", None, stamp, stamp)

    if weekday in (1, 3) and rng.random() < 0.85:  # Tuesday and Thursday runs
        km = round(rng.uniform(4.5, 8.0) * (0.7 + 0.3 * fitness), 2)
        pace = rng.uniform(315, 380) - 25 * fitness
        rows.append(row("run", km * 1000, round(km * pace), time(7, rng.randint(0, 40)),
                        rng.choice(RUN_TITLES[:2] + RUN_TITLES[3:]), hr=rng.randint(138, 162),
                        elev=round(rng.uniform(10, 80))))
    if weekday == 5 and rng.random() < 0.9:  # Saturday long run, growing over the months
        km = round(min(24.0, 6 + 14 * fitness + rng.uniform(-1.5, 1.5)), 2)
        pace = rng.uniform(340, 400) - 20 * fitness
        rows.append(row("run", km * 1000, round(km * pace), time(8, rng.randint(0, 59)), "Long run",
                        hr=rng.randint(140, 155), elev=round(rng.uniform(30, 200))))
    if weekday in (0, 2, 4) and rng.random() < 0.7:  # pool swims
        metres = rng.choice([1000, 1200, 1500, 1500, 2000, 2500])
        per100 = rng.uniform(110, 150) - 10 * fitness
        rows.append(row("swim", float(metres), round(metres / 100 * per100), time(18, rng.randint(0, 30)),
                        rng.choice(SWIM_TITLES), pool=25.0))
    if weekday == 6 and rng.random() < 0.45:
        km = round(rng.uniform(25, 70), 1)
        rows.append(row("ride", km * 1000, round(km / rng.uniform(22, 30) * 3600), time(9, 30), "Sunday ride",
                        elev=round(rng.uniform(150, 900))))
    if weekday == 4 and rng.random() < 0.4:
        rows.append(row("strength", None, rng.choice([1800, 2400, 2700, 3600]), time(19, 0), "Gym"))
    if weekday == 6 and rng.random() < 0.3:
        rows.append(row("yoga", None, rng.choice([1800, 2700, 3600]), time(18, 0), "Yoga"))
    return rows
