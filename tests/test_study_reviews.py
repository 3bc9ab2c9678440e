"""Study time in the weekly review and the year in review (issue 14). Every number below is worked out
by hand from the sessions each test stores."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date, timedelta

import pytest

from studylog.clock import FixedClock
from studylog.db.opening import open_database
from studylog.domain.values import NewResource, NewStudy, StudyTime
from studylog.io.review_markdown import as_text, week_markdown, year_markdown
from studylog.reports.review import study_lines, topic_names, week_review, week_study_text, year_review
from studylog.services import resources, review, study

TODAY = date(2026, 11, 24)  # Tuesday of 2026-W48 (as in conftest)
CLOCK = FixedClock(TODAY)
NOW = CLOCK.now()
W45, W46, W47, W48 = (date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23))


def _study(conn: sqlite3.Connection, day: date, minutes: int, topic: str | None = None,
           resource: int | None = None) -> None:
    study.add(conn, NewStudy(day=day, duration_s=minutes * 60, topic=topic, resource_id=resource), now=NOW)


def _resource(conn: sqlite3.Connection, title: str, topic: str | None) -> int:
    res, _ = resources.add(conn, NewResource(url=f"https://example.com/{len(title)}/{title.replace(' ', '-')}",
                                             topic=topic, title=title), now=NOW, today=date(2025, 12, 1))
    return res.id


def _week(conn: sqlite3.Connection, start: date):
    built = week_review(review.week_inputs(conn, start, TODAY))
    return built, week_markdown(built)


def _year(conn: sqlite3.Connection, year: int = 2026):
    built = year_review(review.year_inputs(conn, year, TODAY))
    return built, year_markdown(built)


# ------------------------------------------------------------------------------------- pure, hand-made

def test_topics_are_named_by_their_last_part_unless_two_share_it():
    names = topic_names(["Deep Learning/Transformers", "GPUs", "NLP/transformers", "Systems/Compilers"])
    assert names == {"Deep Learning/Transformers": "Deep Learning/Transformers",  # shares "transformers" (any case)
                     "NLP/transformers": "NLP/transformers",
                     "GPUs": "GPUs",  # no "/": its last part is itself
                     "Systems/Compilers": "Compilers"}
    assert topic_names(["Compilers", "Systems/Compilers"]) == {"Compilers": "Compilers",
                                                               "Systems/Compilers": "Systems/Compilers"}


H = 3600


@pytest.mark.parametrize(("times", "last_week_s", "expected"), [
    # 2h + 1h10 = 3h10; last week 2h10 = 7,800 s
    ([("Deep Learning/Transformers", 2 * H, 2), ("GPUs", H + 600, 1)], 7800,
     "Studied 3h10 (2h10 last week): Transformers 2h, GPUs 1h10"),
    # most first, whatever order they come in; "(no topic)" keeps its name
    ([("(no topic)", H, 1), ("GPUs", H + 600, 1), ("Deep Learning/Transformers", 2 * H, 2)], 0,
     "Studied 4h10: Transformers 2h, GPUs 1h10, (no topic) 1h"),
    ([("GPUs", 2700, 1)], 0, "Studied 45min: GPUs"),  # one topic: its time is the total, said once
    ([("(no topic)", H, 1)], 1800, "Studied 1h (30min last week)"),  # no topic at all: no list
    ([], 7800, "No study this week (2h10 last week)"),
    ([], 0, None),
])
def test_the_week_line_in_words(times, last_week_s, expected):
    lines = study_lines(StudyTime(*t) for t in times)
    assert week_study_text(lines, last_week_s) == expected


def test_shares_are_of_the_total_given_and_resources_keep_their_titles():
    lines = study_lines([StudyTime("A/B", 1800, 1), StudyTime("C/B", 5400, 2)], 4 * H, topics=False)
    assert [(s.name, s.shown, s.share) for s in lines] == [("C/B", "C/B", 0.375), ("A/B", "A/B", 0.125)]


# --------------------------------------------------------------------------------------------- the week

def test_the_week_counts_its_own_seven_days_and_compares_with_the_week_before(conn):
    attention = _resource(conn, "Attention", "Deep Learning/Transformers")
    _study(conn, W45 + timedelta(days=6), 300, "GPUs")  # Sun 8 Nov, two weeks before: not counted
    _study(conn, W46, 40)  # Mon 9 Nov: last week
    _study(conn, W46 + timedelta(days=6), 90, "GPUs")  # Sun 15 Nov: last week (40min + 1h30 = 2h10)
    _study(conn, W47, 60, resource=attention)  # Mon 16 Nov: under its resource's topic
    _study(conn, W47 + timedelta(days=2), 70, "gpus")  # written as the known topic is: "GPUs"
    _study(conn, W47 + timedelta(days=3), 60)  # no topic
    _study(conn, W47 + timedelta(days=6), 60, "Deep Learning/Transformers")  # Sun 22 Nov
    _study(conn, W48, 180, "GPUs")  # Mon 23 Nov: the week after
    built, markdown = _week(conn, W47)
    # 1h + 1h = 2h Transformers, 1h10 GPUs, 1h no topic: 4h10 = 15,000 s in 4 sessions
    assert (built.study_seconds, built.study_sessions, built.study_last_week_seconds) == (15000, 4, 7800)
    assert [(t.name, t.shown, t.seconds, t.sessions) for t in built.study_topics] == [
        ("Deep Learning/Transformers", "Transformers", 7200, 2), ("GPUs", "GPUs", 4200, 1),
        ("(no topic)", "(no topic)", 3600, 1)]
    assert "## Learning\n\nStudied 4h10 (2h10 last week): Transformers 2h, GPUs 1h10, (no topic) 1h.\n" in markdown
    # the week after: 3h, against this week's 4h10
    assert "Studied 3h (4h10 last week): GPUs.\n" in _week(conn, W48)[1]


def test_two_topics_with_the_same_last_part_are_named_whole(conn):
    _study(conn, W47, 60, "Deep Learning/Transformers")
    _study(conn, W47 + timedelta(days=1), 30, "Electrical/Transformers")
    _study(conn, W47 + timedelta(days=2), 20, "Systems/GPUs")
    markdown = _week(conn, W47)[1]
    # 1h + 30min + 20min = 1h50; nothing the week before: no comparison
    assert "Studied 1h50: Deep Learning/Transformers 1h, Electrical/Transformers 30min, GPUs 20min.\n" in markdown


def test_a_week_without_study_says_nothing_unless_the_week_before_had_some(conn):
    built, markdown = _week(conn, W47)
    assert built.study is None and built.study_topics == () and built.study_seconds == 0
    assert "## Learning" not in markdown and "stud" not in markdown.lower()
    _study(conn, W45 + timedelta(days=1), 90, "GPUs")
    _study(conn, W45 + timedelta(days=3), 40)  # W45: 1h30 + 40min = 2h10
    # the week after a week of study: one line, as a sport done last week keeps its row at 0
    assert "## Learning\n\nNo study this week (2h10 last week).\n" in _week(conn, W46)[1]
    # two weeks after: nothing, as a sport last done two weeks ago has no row
    assert "## Learning" not in _week(conn, W47)[1]
    # and a week still to come says nothing, whatever the week before it holds
    _study(conn, W48, 45, "GPUs")
    assert "## Learning" not in _week(conn, W48 + timedelta(weeks=1))[1]


def test_the_review_json_carries_study_time(cli, home):
    conn = open_database(home / "studylog.db", CLOCK)
    try:
        _study(conn, W46, 130, "GPUs")  # 2h10 the week before
        _study(conn, W47, 120, "Deep Learning/Transformers")
        _study(conn, W47 + timedelta(days=1), 60)
        _study(conn, date(2025, 3, 1), 120, "GPUs")  # 2h the year before
    finally:
        conn.close()
    week = json.loads(cli("review", "week", "last", "--format", "json").out)
    assert week["study"] == "Studied 3h (2h10 last week): Transformers 2h, (no topic) 1h"
    assert (week["study_seconds"], week["study_sessions"], week["study_last_week_seconds"]) == (10800, 2, 7800)
    assert week["study_topics"][0] == {"name": "Deep Learning/Transformers", "shown": "Transformers",
                                       "seconds": 7200, "sessions": 1, "share": 7200 / 10800}
    year = json.loads(cli("review", "year", "--format", "json").out)
    assert (year["study_seconds"], year["study_sessions"]) == (7800 + 10800, 3)  # 2h10 + 3h = 5h10
    assert [t["shown"] for t in year["study_topics"]] == ["GPUs", "Transformers", "(no topic)"]
    assert year["study_resources"] == []  # no session was on a resource
    row = next(t for t in year["totals"] if t["label"] == "Time studied")
    # (18,600 - 7,200) / 7,200 = +158%
    assert row == {"label": "Time studied", "value": "5h10", "previous": "2h", "change": "+158%",
                   "number": 18600, "previous_number": 7200, "unit": "seconds"}


# --------------------------------------------------------------------------------------------- the year

def _a_year_of_study(conn: sqlite3.Connection) -> None:
    r1 = _resource(conn, "Attention Is All You Need", "Deep Learning/Transformers")
    r2 = _resource(conn, "CUDA MMM", "GPUs")
    r3 = _resource(conn, "Illustrated Transformer", "Deep Learning/Transformers")
    r4 = _resource(conn, "Crafting Interpreters", "Compilers")
    r5 = _resource(conn, "SICP", "Compilers")
    r6 = _resource(conn, "Rust Book", "Rust")
    _study(conn, date(2025, 12, 31), 120, "GPUs")  # the year before: 2h
    _study(conn, date(2026, 1, 1), 120, resource=r1)
    _study(conn, date(2026, 3, 3), 60, resource=r1)  # r1: 3h in 2 sessions
    _study(conn, date(2026, 2, 2), 150, resource=r2)  # r2: 2h30
    _study(conn, date(2026, 4, 1), 60, resource=r3)  # r3: 1h
    _study(conn, date(2026, 5, 1), 50, resource=r4)  # r4: 50min
    _study(conn, date(2026, 6, 1), 40, resource=r5)  # r5: 40min
    _study(conn, date(2026, 7, 1), 20, resource=r6)  # r6: 20min, the sixth: not listed
    _study(conn, date(2026, 8, 1), 30, "GPUs")
    _study(conn, date(2026, 9, 1), 30)


def test_the_year_in_review_shows_time_per_topic_and_the_resources_studied_most(conn):
    _a_year_of_study(conn)
    built, markdown = _year(conn)
    # 3h + 2h30 + 1h + 50 + 40 + 20 + 30 + 30 min = 560 min = 9h20, in 9 sessions
    assert (built.study_seconds, built.study_sessions) == (560 * 60, 9)
    # Transformers 3h + 1h = 4h (240/560 = 43%), GPUs 2h30 + 30min = 3h (32%), Compilers 50 + 40 = 1h30 (16%),
    # no topic 30min (5%), Rust 20min (4%)
    assert ("## Study\n\n| Topic | Time | Sessions | Share |\n| --- | ---: | ---: | ---: |\n"
            "| Transformers | 4h | 3 | 43% |\n| GPUs | 3h | 2 | 32% |\n| Compilers | 1h30 | 2 | 16% |\n"
            "| (no topic) | 30min | 1 | 5% |\n| Rust | 20min | 1 | 4% |\n\nStudied 9h20 in 9 sessions.\n\n"
            "### Most studied resources\n\n| Resource | Time |\n| --- | ---: |\n"
            "| Attention Is All You Need | 3h |\n| CUDA MMM | 2h30 |\n| Illustrated Transformer | 1h |\n"
            "| Crafting Interpreters | 50min |\n| SICP | 40min |\n") in markdown
    assert "Rust Book" not in markdown
    # (560 - 120) / 120 = +367%
    assert "| Time studied | 9h20 | 2h | +367% |" in markdown


def test_a_year_without_study_has_no_study_section(conn):
    built, markdown = _year(conn)
    assert built.study_topics == () and "## Study" not in markdown and "Time studied" not in markdown
    _study(conn, date(2025, 6, 2), 90, "GPUs")
    markdown = _year(conn)[1]
    assert "## Study" not in markdown
    # a year after one with study: its total says so, as a sport done only the year before does
    assert "| Time studied | 0 | 1h30 | -100% |" in markdown
    assert "## Study\n\n| Topic | Time | Sessions | Share |\n| --- | ---: | ---: | ---: |\n| GPUs | 1h30 | 1 | 100% |" \
        in _year(conn, 2025)[1]


def test_study_tables_fit_80_columns_as_text(conn):
    long_topic = "Machine Learning Systems/Distributed Training at Scale for Very Large Models"
    long_title = "A Very Long Resource Title About Pipeline Parallelism, Tensor Parallelism and More"
    res = _resource(conn, long_title, long_topic)
    _study(conn, W47, 600, resource=res)  # 10h
    _study(conn, W47 + timedelta(days=1), 75, "Another Rather Long Topic Name That Goes On and On")  # 1h15
    year = year_review(review.year_inputs(conn, 2026, TODAY))
    week = week_review(review.week_inputs(conn, W47, TODAY))
    year_text = as_text(year_markdown(year, cell_chars=30), width=80)
    week_text = as_text(week_markdown(week, cell_chars=30), width=80)
    for text in (year_text, week_text):
        assert max(len(line.rstrip()) for line in text.splitlines()) <= 80
        for line in text.splitlines():  # only a name is ever cut, never a number
            assert not re.search(r"[0-9,.:%]…", line), line
    # each row of the two study tables on one line, its name cut, its numbers whole
    rows = [line.split() for line in year_text.splitlines() if "…" in line]
    # the topic table's two rows, then the resource table's one
    assert [row[-3:] for row in rows[:2]] == [["10h", "1", "89%"], ["1h15", "1", "11%"]], rows  # 75/675 = 11%
    assert [row[-1] for row in rows[2:]] == ["10h"], rows
    assert re.search(r"Distributed Training at Scale.*10h.*1.*89%", year_text)  # 600/675 = 89%
    # the week's line is a paragraph: it wraps, whole
    assert "Studied 11h15:" in week_text and "Distributed Training at Scale for Very Large Models 10h" in \
        " ".join(week_text.split())
