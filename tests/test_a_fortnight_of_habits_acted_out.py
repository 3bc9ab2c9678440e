"""A fortnight of November 2026 acted out through the shell: a daily habit whose strength is read morning
and evening, an "at most" goal gone past, a watch's GPX file that names no sport. The numbers are worked out
here by hand (stop 22: a morning's strength used to drop before the day's meditation, a limit gone past read
"missed" in the goal list, and a hike without <type> became a run without a word)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from test_a_year_acted_out import Life, days

M = 0.5 ** (1 / 13)  # a daily habit's multiplier (Loop: f = 1)
MONDAY = date(2026, 11, 2)


def strength(life: Life, day: date, title: str) -> float:
    listed = json.loads(life(day, "goal", "list", "--json")[1])
    return next(g["progress"]["strength"] for g in listed if g["goal"]["title"] == title)


def listed_line(life: Life, day: date, word: str) -> str:
    lines = [line for line in life(day, "goal", "list")[1].splitlines() if word in line]
    assert len(lines) == 1, lines
    return lines[0]


def test_a_fortnight_of_a_habit_a_limit_and_a_watch(home, tmp_path):
    life = Life(home)
    life(MONDAY, "habit", "add", "meditate")
    life(MONDAY, "goal", "add", "meditate every day")
    for day in days(MONDAY, MONDAY + timedelta(days=9)):  # ten days in a row, 2 to 11 November
        life(day, "done", "meditate")
    thursday = MONDAY + timedelta(days=10)  # 12 November
    by_wednesday = 1 - M ** 10  # S = S m + (1 - m), ten times from 0: 0.4134
    assert abs(strength(life, thursday - timedelta(days=1), "Meditate every day") - by_wednesday) < 1e-6
    # Thursday morning, before meditating: the day is not over, nothing is lost yet (it showed 39%)
    morning = strength(life, thursday, "Meditate every day")
    assert abs(morning - by_wednesday) < 1e-6
    assert "41%" in listed_line(life, thursday, "Meditate")
    life(thursday, "done", "meditate")
    evening = strength(life, thursday, "Meditate every day")
    assert abs(evening - (1 - M ** 11)) < 1e-6 and "44%" in listed_line(life, thursday, "Meditate")
    # Friday goes by without it: Friday itself holds, Saturday morning it is a day missed
    friday, saturday = thursday + timedelta(days=1), thursday + timedelta(days=2)
    assert abs(strength(life, friday, "Meditate every day") - (1 - M ** 11)) < 1e-6
    assert abs(strength(life, saturday, "Meditate every day") - (1 - M ** 11) * M) < 1e-6
    assert "42%" in listed_line(life, saturday, "Meditate")  # 0.4438 x 0.9481 = 0.4208

    # Coffee: at most 2 a day, 3 on Thursday: "over" wherever it is said in words
    life(MONDAY, "habit", "add", "coffee", "--unit", "cups")
    life(MONDAY, "goal", "add", "at most 2 coffees a day")
    life(thursday, "done", "coffee", "3")
    line = listed_line(life, thursday, "coffees")
    assert "3 of 2" in line and "over" in line and "missed" not in line
    assert "Coffee: 3 of at most 2 today: over" in life(thursday, "today")[1]
    listed = json.loads(life(thursday, "goal", "list", "--json")[1])
    assert next(g for g in listed if g["goal"]["title"] == "At most 2 coffees a day")["progress"]["status"] == "missed"
    assert "over" not in listed_line(life, friday, "coffees")  # a new day, none yet: within

    # A watch's file without <type>: a run, as before, and now said; --sport says what it was
    track = "".join(f'<trkpt lat="{46.0 + n * 0.0001:.4f}" lon="14.0"><time>2026-11-14T09:{n // 6:02d}:'
                    f'{n % 6 * 10:02d}Z</time></trkpt>' for n in range(181))  # 2.0 km in 30 min
    gpx = tmp_path / "walk.gpx"
    gpx.write_text('<?xml version="1.0"?><gpx version="1.1" creator="watch" '
                   f'xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>{track}</trkseg></trk></gpx>')
    said = life(saturday, "import", "gpx", str(gpx))[1]
    assert "1 added" in said and "the file names no activity type: imported as a run" in said
    workouts = json.loads(life(saturday, "list", "workouts", "--json")[1])
    assert [(w["sport"], round(w["distance_m"] / 100) / 10, w["duration_s"]) for w in workouts] == [("run", 2.0, 1800)]
    life(saturday, "delete", "workout", str(workouts[0]["id"]), "--yes")
    again = life(saturday, "import", "gpx", str(gpx), "--sport", "hike")[1]
    assert "1 added" in again and "activity type" not in again
    assert [w["sport"] for w in json.loads(life(saturday, "list", "workouts", "--json")[1])] == ["hike"]
