"""A year of the person studylog is for, acted out through the shell day by day, and what studylog says
about it checked against numbers worked out here by hand (issue 11).

2026: "run 3 times a week" set on Sunday 18 January and archived on Friday 6 March; "write every day" set
on 1 February; a 30-day essay challenge from 1 March with two missed days; "read 12 books in 2026" set on
1 March, and an import of 2018-2025 reading on 15 March; "run a half marathon by October" set on 1 June
and met on 18 October; "swim 3 times a week" set on 1 September, swum in lengths of a 25 m pool; a GPX
file with a GPS glitch; a typo refused; an edit. Then the year in review in January 2027.
"""

from __future__ import annotations

import io
import json
import re
from contextlib import redirect_stderr, redirect_stdout
from datetime import date, timedelta
from pathlib import Path

import pytest

from studylog.cli import main
from studylog.clock import FixedClock


class Life:
    """The shell, on whatever day the person is living."""

    def __init__(self, home: Path) -> None:
        self.db = home / "studylog.db"

    def __call__(self, day: date, *args: str, ok: bool = True) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            try:
                status = main(["--db", str(self.db), *args], clock=FixedClock(day))
            except SystemExit as exc:
                status = int(exc.code or 0)
        if ok:
            assert status == 0, (day, args, out.getvalue(), err.getvalue())
        return status, out.getvalue(), err.getvalue()


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


GPX_GLITCH_DAY = date(2026, 5, 2)


def gpx_with_a_glitch() -> bytes:
    """A 10 km run at 6:00 /km, one point every 10 s (27.8 m apart), and one point 2 km off and back."""
    points = []
    lat0, metre = 52.5, 1 / 111_195  # degrees of latitude per metre
    for n in range(361):
        lat = lat0 + n * 27.78 * metre
        if n == 180:
            lat += 2000 * metre  # the glitch
        minute, second = divmod(n * 10, 60)
        points.append(f'<trkpt lat="{lat:.7f}" lon="13.4"><time>2026-05-02T07:{minute:02d}:{second:02d}Z</time>'
                      f'</trkpt>' if minute < 60 else
                      f'<trkpt lat="{lat:.7f}" lon="13.4"><time>2026-05-02T08:{minute - 60:02d}:{second:02d}Z'
                      f'</time></trkpt>')
    return ('<?xml version="1.0"?><gpx version="1.1" creator="watch" xmlns="http://www.topografix.com/GPX/1/1">'
            "<trk><type>running</type><trkseg>" + "".join(points) + "</trkseg></trk></gpx>").encode()


GOODREADS_HEADER = ("Book Id,Title,Author,Author l-f,Additional Authors,ISBN,ISBN13,My Rating,Average Rating,"
                    "Publisher,Binding,Number of Pages,Year Published,Original Publication Year,Date Read,"
                    "Date Added,Bookshelves,Bookshelves with positions,Exclusive Shelf,My Review,Spoiler,"
                    "Private Notes,Read Count,Owned Copies\n")


def earlier_reading() -> str:
    rows = [f'{1000 + n},Old book {n},Some Author,"Author, Some",,,,4,4.0,Press,Paperback,200,2010,2010,'
            f'{2018 + n % 8}/06/{1 + n % 27:02d},{2018 + n % 8}/01/01,,,read,,,,1,0\n' for n in range(20)]
    return GOODREADS_HEADER + "".join(rows)


@pytest.fixture
def a_year(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDYLOG_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("STUDYLOG_TODAY", raising=False)
    life = Life(tmp_path)
    plan: dict[str, object] = {}

    life(date(2026, 1, 5), "config", "set", "daily_word_target", "400")
    # January: some writing before any writing goal
    for day in days(date(2026, 1, 20), date(2026, 1, 31)):
        life(day, "log", "write", "--words", "250", "--title", f"Notes {day.isoformat()}")
    # two books in January, before the reading goal is set (it is "in 2026": they count)
    for title, finished in (("The Old Man and the Sea", "2026-01-10"), ("Deep Work", "2026-01-25")):
        life(date(2026, 1, 5), "read", "add", title, "--author", "Someone", "--pages", "200")
        life(date(2026, 1, 5), "read", "start", title)
        life(date.fromisoformat(finished), "read", "finish", title, "--date", finished)

    # Sunday 18 January: "run 3 times a week"; runs Monday, Wednesday, Friday until it is archived on 6 March
    life(date(2026, 1, 18), "goal", "add", "run 3 times a week")
    runs: list[tuple[date, float, float]] = []  # (day, metres, seconds)
    for day in days(date(2026, 1, 19), date(2026, 3, 6)):
        if day.weekday() in (0, 2, 4) and day != date(2026, 2, 11):  # one Wednesday missed
            runs.append((day, 5000.0, 1800.0))
    # 1 February: "write every day"
    life(date(2026, 2, 1), "goal", "add", "write every day")
    for day in days(date(2026, 2, 1), date(2026, 2, 28)):
        life(day, "log", "write", "--words", "300")
    # 1 March: a 30-day challenge with two missed days, named in any case
    life(date(2026, 3, 1), "goal", "add", "read 12 books in 2026")
    challenge_days = [d for d in days(date(2026, 3, 1), date(2026, 4, 1)) if d not in (date(2026, 3, 10),
                                                                                       date(2026, 3, 20))]
    for n, day in enumerate(challenge_days):
        name = "Atomic essays" if n == 0 else "atomic ESSAYS"
        extra = ("--days", "30") if n == 0 else ()
        life(day, "log", "write", "--words", "400", "--challenge", name, *extra, "--title", f"Essay {n + 1}")
    for day in days(date(2026, 4, 2), date(2026, 6, 30)):
        life(day, "log", "write", "--words", "300")
    life(date(2026, 7, 4), "log", "write", "--title", "An idea for later", "--words", "0")  # no words: no day

    # the run goal is put away on Friday 6 March (after that day's run)
    for day, metres, seconds in runs:
        life(day, "log", "run", f"{metres / 1000:g}k", f"{int(seconds // 60)}min")
    goals = json.loads(life(date(2026, 3, 6), "goal", "list", "--json")[1])
    run_goal = next(g["goal"]["id"] for g in goals if g["goal"]["title"] == "Run 3 times a week")
    life(date(2026, 3, 6), "goal", "archive", str(run_goal))

    # 15 March: eight years of reading imported; the 2026 goal does not move
    before = json.loads(life(date(2026, 3, 15), "goal", "list", "--json")[1])
    export = Path(str(life.db) + ".goodreads.csv")
    export.write_text(earlier_reading(), encoding="utf-8")
    assert "20 added" in life(date(2026, 3, 15), "import", "goodreads", str(export))[1]
    after = json.loads(life(date(2026, 3, 15), "goal", "list", "--json")[1])
    plan["goals_before_import"], plan["goals_after_import"] = before, after

    # long runs on Saturdays from March to October, a GPX with a glitch among them
    for n, day in enumerate(d for d in days(date(2026, 3, 14), date(2026, 10, 10)) if d.weekday() == 5):
        if day == GPX_GLITCH_DAY:
            continue
        km = min(8 + n * 0.5, 19.5)
        runs.append((day, km * 1000, km * 390))  # 6:30 /km
        life(day, "log", "run", f"{km:g}k", f"{int(km * 390 // 60)}:{int(km * 390 % 60):02d}")
    gpx = Path(str(life.db) + ".glitch.gpx")
    gpx.write_bytes(gpx_with_a_glitch())
    assert "1 added" in life(date(2026, 5, 3), "import", "gpx", str(gpx))[1]
    plan["gpx_run"] = json.loads(life(date(2026, 5, 3), "list", "workouts", "--since", "2026-05-02", "--until",
                                      "2026-05-02", "--json")[1])[0]
    runs.append((GPX_GLITCH_DAY, plan["gpx_run"]["distance_m"], plan["gpx_run"]["duration_s"]))

    # 1 June: a first half marathon by October; a typo is refused, then the race is logged on 18 October
    life(date(2026, 6, 1), "goal", "add", "run a half marathon by October")
    status, _, err = life(date(2026, 10, 18), "log", "run", "21.1k", "2:08", ok=False)
    plan["typo"] = (status, err)
    out = life(date(2026, 10, 18), "log", "run", "half marathon", "2:08:45", "--title", "City half", "--json")[1]
    half = json.loads(out)
    runs.append((date(2026, 10, 18), 21097.5, 2 * 3600 + 8 * 60 + 45))
    life(date(2026, 10, 19), "edit", "workout", str(half["id"]), "--title", "City half marathon")
    plan["half"] = half

    # more reading in the year: five more books and a paper
    for n, finished in enumerate(("2026-04-10", "2026-05-20", "2026-07-01", "2026-09-15", "2026-11-30")):
        title = f"Book {n + 3}"
        life(date(2026, 3, 1), "read", "add", title, "--pages", "300")
        life(date(2026, 3, 1), "read", "start", title, "--date", "2026-03-01")
        life(date.fromisoformat(finished), "read", "finish", title, "--date", finished)
    life(date(2026, 6, 1), "read", "add", "Attention Is All You Need", "--kind", "paper")
    life(date(2026, 6, 2), "read", "start", "Attention Is All You Need")
    life(date(2026, 6, 3), "read", "finish", "Attention Is All You Need")

    # 1 September: three swims a week in a 25 m pool, one Thursday missed
    life(date(2026, 9, 1), "config", "set", "pool", "25m")
    life(date(2026, 9, 1), "goal", "add", "swim 3 times a week")
    swims = [d for d in days(date(2026, 9, 1), date(2026, 12, 31)) if d.weekday() in (1, 3, 5)
             and d != date(2026, 10, 1)]
    for day in swims:
        life(day, "log", "swim", "60 lengths", "45min")
    plan.update(runs=runs, swims=swims, challenge_days=challenge_days, life=life)
    return plan


def test_a_year_of_goals_records_and_totals_reads_true(a_year):
    life = a_year["life"]
    runs, swims = a_year["runs"], a_year["swims"]

    # the typo was refused in one line, and nothing was stored
    status, err = a_year["typo"]
    assert status == 2 and err.count("\n") == 1 and "faster than anyone runs 21.10 km" in err
    # earlier years' reading never moved the 2026 goal
    assert a_year["goals_before_import"] == a_year["goals_after_import"]

    md = life(date(2027, 1, 6), "review", "year", "2026")[1]
    data = json.loads(life(date(2027, 1, 6), "review", "year", "2026", "--format", "json")[1])

    # goals, each over its own life (worked out in the module's docstring and below)
    written_feb_dec = 28 + len(a_year["challenge_days"]) + 90  # Feb, the challenge (Mar 1 - Apr 1), Apr 2 - Jun 30
    assert written_feb_dec == 148
    goal_lines = [g["text"] for g in data["goals"]]
    assert goal_lines == [  # the goals still active, then the archived one
        "Write every day: met in 148 of 334 days",  # 1 Feb - 31 Dec is 334 days; 4 July's entry had no words
        "Read 12 books in 2026: not met (7 of 12 books)",  # the two January books count: it is "in 2026"
        "Run a half marathon by 2026-10-31: met on 18 Oct",
        "Swim 3 times a week: met in 16 of 17 weeks",  # 31 Aug - 27 Dec; the week of 28 Sep missed a swim
        "Run 3 times a week: met in 6 of 7 weeks",  # 19 Jan - 1 Mar whole weeks, 2-6 March met; 9-15 Feb missed
    ]
    for line in goal_lines:
        assert f"- {line}" in md

    totals = {t["label"]: t for t in data["totals"]}
    assert totals["Days written"]["number"] == 12 + 148  # the entry of no words is no day
    assert totals["Words written"]["number"] == 12 * 250 + 28 * 300 + 30 * 400 + 90 * 300
    assert totals["Days at 400+ words"]["number"] == 30
    assert totals["Runs"]["number"] == len(runs)
    assert totals["Runs: distance"]["number"] == pytest.approx(sum(m for _, m, _ in runs))
    assert totals["Swims"]["number"] == len(swims)
    assert totals["Swims: distance"]["number"] == 1500 * len(swims)
    assert totals["Books finished"]["number"] == 7 and totals["Papers read"]["number"] == 1
    assert totals["Books finished"]["previous_number"] == sum(1 for n in range(20) if 2018 + n % 8 == 2025)
    assert [b["title"] for b in data["papers"]] == ["Attention Is All You Need"]
    assert "Completed Atomic essays: 30 of 30 days, 12,000 words" in data["challenges_done"]
    assert "Swims in a 25 m pool." in md

    # records: the glitch made no record; the half marathon is the only one of its distance
    for line in data["records"]:
        for clock in re.findall(r"\b(\d+):(\d\d)\b", line.split("yet:")[-1]):
            assert int(clock[0]) * 60 + int(clock[1]) >= 100, line  # no effort of under 1:40
    records = json.loads(life(date(2027, 1, 6), "records", "--json")[1])
    best = {e["label"]: e for e in records["run"]["best_efforts"]} if "run" in records else {
        e["label"]: e for e in records["best_efforts"]}
    assert best["half marathon"]["duration_s"] == 2 * 3600 + 8 * 60 + 45
    assert best["1 km"]["duration_s"] >= 1000 / 7.7
    assert "marathon" not in best  # nobody ran one
    gpx_run = a_year["gpx_run"]
    assert 9_500 <= gpx_run["distance_m"] <= 10_500  # the 2 km jump and back added nothing


def test_past_weekly_reviews_show_the_goals_of_their_week(a_year):
    life = a_year["life"]
    march = life(date(2027, 1, 6), "review", "week", "2026-03-04")[1]
    assert "| Run 3 times a week | 3 times | 3 times | ✓ met |" in march  # archived on that Friday
    assert "Swim 3 times a week" not in march  # set in September
    october = life(date(2027, 1, 6), "review", "week", "2026-10-14")[1]
    assert "Run 3 times a week" not in october
    assert re.search(r"\| Run a half marathon by 2026-10-31 \| 21\.10 km \| 21\.10 km \| ✓ met \|", october)
    after = life(date(2027, 1, 6), "review", "week", "2026-10-21")[1]
    assert "half marathon by" not in after  # met the week before: said once
    january = life(date(2027, 1, 6), "review", "week", "2026-01-14")[1]
    assert "| Run 3 times a week | 3 times | 0 times | set this week |" in january
    assert "Write every day" not in january


# ------------------------------------------------------------------- a writer's spring, streak by streak

def _streak(life: Life, day: date) -> tuple[tuple[int, str | None, str | None], tuple[int, str | None, str | None],
                                             tuple[int, int] | None]:
    """What `studylog streak --json` says on ``day``: (days, start, end) of the current and the longest
    streak, and (day, of) of the challenge being written."""
    said = json.loads(life(day, "streak", "--json")[1])

    def span(s: dict) -> tuple[int, str | None, str | None]:
        return s["days"], s.get("start"), s.get("end")

    challenge = said.get("challenge")
    return span(said["current"]), span(said["longest"]), (challenge["day"], challenge["of"]) if challenge else None


def _id_on(life: Life, day: date, on: str) -> int:
    listed = json.loads(life(day, "list", "writing", "--json", "--limit", "500")[1])
    return next(e["id"] for e in listed if e["day"] == on)


def test_a_writers_spring_streak_by_streak(home):
    """March to May 2026 of a person keeping a 30-day essay challenge, through the shell: a missed day filled
    in the next day, a day off for illness (skipped), a title noted with no words that day and its words
    added later, an entry deleted by mistake and written again, December 2025 typed in from a notebook, an
    entry moved to another day. After each, `studylog streak` is checked against the days counted here by
    hand (the streak counts days written; a skipped day bridges without counting)."""
    life = Life(home)

    def write(today: date, on: date, words: int = 400, challenge: bool = True) -> None:
        extra = ["--challenge", "30-day essays"] if challenge else []
        life(today, "log", "write", "--words", str(words), "--date", on.isoformat(), *extra, f"essay of {on}")

    march = [date(2026, 3, d) for d in range(1, 32)]
    for day in march[:10]:  # 1-10 March, each written on its day
        write(day, day)
    assert _streak(life, date(2026, 3, 10)) == ((10, "2026-03-01", "2026-03-10"), (10, "2026-03-01", "2026-03-10"),
                                                (10, 30))
    # 11 March missed; on the 12th, before writing, the streak is gone (the 11th is over, not written), the
    # challenge is not: it waits on Day 10 (the newcomer saw it vanish after one missed day)
    assert _streak(life, date(2026, 3, 12)) == ((0, None, None), (10, "2026-03-01", "2026-03-10"), (10, 30))
    assert life(date(2026, 3, 12), "streak")[1].splitlines()[:3] == [
        "Current streak: none now", "Longest streak: 10 days (2026-03-01 to 2026-03-10)",
        "Challenge: Day 10 of 30 (30-day essays)"]
    write(date(2026, 3, 12), date(2026, 3, 11))  # filled in from notes: 11 days, alive (the 12th is not over)
    assert _streak(life, date(2026, 3, 12))[:2] == ((11, "2026-03-01", "2026-03-11"), (11, "2026-03-01", "2026-03-11"))
    for day in march[11:20]:  # 12-20 March
        write(day, day)
    # 21 March ill: skipped the next morning, then the 22nd written: 21 days written from 1 to 22 March
    life(date(2026, 3, 22), "skip", "write", "--date", "2026-03-21", "--reason", "ill")
    write(date(2026, 3, 22), date(2026, 3, 22))
    assert _streak(life, date(2026, 3, 22)) == ((21, "2026-03-01", "2026-03-22"), (21, "2026-03-01", "2026-03-22"),
                                                (21, 30))
    # 23 March: only a title noted (0 words), which is not a day written: on the 24th the streak has ended
    write(date(2026, 3, 23), date(2026, 3, 23), words=0)
    assert _streak(life, date(2026, 3, 24))[:2] == ((0, None, None), (21, "2026-03-01", "2026-03-22"))
    # its words written in on the 24th: the 23rd counts, 22 days, alive
    life(date(2026, 3, 24), "edit", "writing", str(_id_on(life, date(2026, 3, 24), "2026-03-23")), "--words", "450")
    assert _streak(life, date(2026, 3, 24))[:2] == ((22, "2026-03-01", "2026-03-23"), (22, "2026-03-01", "2026-03-23"))
    # the 15th deleted by mistake: two runs, 1-14 March (14 days) and 16-23 March (7 written, the 21st skipped)
    life(date(2026, 3, 24), "delete", "writing", str(_id_on(life, date(2026, 3, 24), "2026-03-15")), "--yes")
    assert _streak(life, date(2026, 3, 24))[:2] == ((7, "2026-03-16", "2026-03-23"), (14, "2026-03-01", "2026-03-14"))
    write(date(2026, 3, 24), date(2026, 3, 15))  # written again (a delete from the shell has no undo)
    for day in march[23:]:  # 24-31 March: the challenge's 30 days are 1-31 March less the 21st
        write(day, day)
    assert _streak(life, date(2026, 3, 31)) == ((30, "2026-03-01", "2026-03-31"), (30, "2026-03-01", "2026-03-31"),
                                                (30, 30))
    # April: nothing until the 3rd; the challenge is done and over (not written yesterday or today)
    assert _streak(life, date(2026, 4, 1))[2] == (30, 30)
    assert _streak(life, date(2026, 4, 3)) == ((0, None, None), (30, "2026-03-01", "2026-03-31"), None)
    # December 2025 typed in from a notebook, every day (31): the longest streak is now that one
    for day in [date(2025, 12, d) for d in range(1, 32)]:
        write(date(2026, 4, 3), day, challenge=False)
    assert _streak(life, date(2026, 4, 3))[:2] == ((0, None, None), (31, "2025-12-01", "2025-12-31"))
    # ... and 1 January 2026 turns out to be in the notebook too: 32 days, 1 December to 1 January
    write(date(2026, 4, 3), date(2026, 1, 1), challenge=False)
    assert _streak(life, date(2026, 4, 3))[:2] == ((0, None, None), (32, "2025-12-01", "2026-01-01"))
    # an entry of 10 December was really from 10 January: December splits (1-9: 9 days; 11 December -
    # 1 January: 22 days) and 10 January stands alone; March's 30 is the longest again
    life(date(2026, 4, 3), "edit", "writing", str(_id_on(life, date(2026, 4, 3), "2025-12-10")), "--date",
         "2026-01-10")
    assert _streak(life, date(2026, 4, 3))[:2] == ((0, None, None), (30, "2026-03-01", "2026-03-31"))
    # April 3 - May 4 written every day (32 days): the current streak is the longest, and db check agrees
    for day in [date(2026, 4, 3) + timedelta(days=n) for n in range(32)]:
        write(day, day, challenge=False)
    assert _streak(life, date(2026, 5, 4))[:2] == ((32, "2026-04-03", "2026-05-04"), (32, "2026-04-03", "2026-05-04"))
    checked = life(date(2026, 5, 4), "db", "check")[1]
    assert "streak runs: ok" in checked.splitlines() and checked.splitlines()[-1] == "OK"
