"""An autumn term of study acted out through the shell day by day (issue 14), and what studylog says about
it checked against numbers worked out here by hand.

Tuesday 1 September 2026: three resources; the first session on nanoGPT. Then an hour on Transformers
every Tuesday and Thursday to 29 October (Thursday 17 September missed), and 45 minutes on the CUDA guide
every Saturday from 5 September to 31 October. Wednesday 9 September (mid-week): "study Transformers 2h
per week"; Thursday 1 October: "study 3h per week"; Wednesday 14 October: Tuesday's hour was really an
hour and a half (an edit); Sunday 1 November: the Transformers goal is archived.

Sessions: Tuesdays 1, 8, 15, 22, 29 Sep, 6, 13, 20, 27 Oct (9) and Thursdays 3, 10, 24 Sep, 1, 8, 15, 22,
29 Oct (8): 17 sessions, 16 hours and one of 1h30 = 17h30 (the first on nanoGPT, under its topic);
Saturdays 5, 12, 19, 26 Sep, 3, 10, 17, 24, 31 Oct: 9 x 45min = 6h45. In all 24h15 in 26 sessions:
Transformers 1,050 of 1,455 minutes = 72%, GPUs 405 = 28%.
"""

from __future__ import annotations

import json
from datetime import date

from test_a_year_acted_out import Life, days


def a_term(tmp_path, monkeypatch) -> Life:
    monkeypatch.setenv("STUDYLOG_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("STUDYLOG_TODAY", raising=False)
    life = Life(tmp_path)
    first = date(2026, 9, 1)
    life(first, "res", "add", "https://arxiv.org/abs/1706.03762", "--title", "Attention Is All You Need",
         "--topic", "Deep Learning/Transformers")
    life(first, "res", "add", "https://github.com/karpathy/nanoGPT", "--title", "nanoGPT", "--topic",
         "Deep Learning/Transformers")
    life(first, "res", "add", "https://docs.nvidia.com/cuda/", "--title", "CUDA guide", "--topic", "GPUs")
    for day in days(first, date(2026, 10, 31)):
        if day == date(2026, 9, 9):
            life(day, "goal", "add", "study Transformers 2h per week")
        if day == date(2026, 10, 1):
            life(day, "goal", "add", "study 3h per week")
        if day == first:
            life(day, "log", "study", "1h", "--res", "nano")
        elif day.weekday() in (1, 3) and day != date(2026, 9, 17) and day <= date(2026, 10, 29):
            life(day, "log", "study", "60", "--topic", "transformers")
        elif day.weekday() == 5:
            life(day, "log", "study", "45min", "--res", "cuda")
        if day == date(2026, 10, 14):
            tuesday = [s for s in json.loads(life(day, "list", "study", "--since", "2026-10-13", "--until",
                                                  "2026-10-13", "--json")[1])]
            assert len(tuesday) == 1
            life(day, "edit", "study", str(tuesday[0]["id"]), "--duration", "1h30")
    return life


def test_a_term_of_study_reads_true(tmp_path, monkeypatch):
    life = a_term(tmp_path, monkeypatch)
    sessions = json.loads(life(date(2026, 11, 2), "list", "study", "--limit", "0", "--json")[1])
    assert len(sessions) == 26 and sum(s["duration_s"] for s in sessions) == 1455 * 60
    assert sessions[-1]["resource_title"] == "nanoGPT" and sessions[-1]["topic"] == "Deep Learning/Transformers"

    # Thursday 15 October, after the session: 1h30 + 1h of Transformers this week; nothing else yet
    today = life(date(2026, 10, 15), "today")[1].strip()
    assert today == ("Study Transformers: 2h30 of 2h this week ✓ · Study: 2h30 of 3h this week, 4 days left")

    # the week of 12 October: 1h30 + 1h + 45min = 3h15; the week before 1h + 1h + 45min = 2h45
    week = life(date(2026, 10, 19), "review", "week", "2026-10-12")[1]
    assert "Studied 3h15 (2h45 last week): Transformers 2h30, GPUs 45min." in week
    assert "| Study Transformers 2h per week | 2h | 2h30 | ✓ met |" in week
    assert "| Study 3h per week | 3h | 3h15 | ✓ met |" in week

    # the goal set on a Wednesday: its first week counts from that day (Thursday's hour: 1h of 2h), the
    # second misses Thursday 17 September (1h); the six weeks from 21 September to 1 November have 2h or more
    goals = {g["goal"]["title"]: g["progress"] for g in
             json.loads(life(date(2026, 11, 1), "goal", "list", "--json")[1])}
    assert goals["Study Transformers 2h per week"]["streak"] == 6
    life(date(2026, 11, 1), "goal", "archive", "1")

    year = json.loads(life(date(2027, 1, 6), "review", "year", "2026", "--format", "json")[1])
    assert (year["study_seconds"], year["study_sessions"]) == (1455 * 60, 26)
    assert [t["shown"] for t in year["study_topics"]] == ["Transformers", "GPUs"]  # most first
    topics = {t["shown"]: t for t in year["study_topics"]}
    assert (topics["Transformers"]["seconds"], topics["Transformers"]["sessions"]) == (1050 * 60, 17)
    assert (topics["GPUs"]["seconds"], topics["GPUs"]["sessions"]) == (405 * 60, 9)
    assert [(r["name"], r["seconds"]) for r in year["study_resources"]] == [("CUDA guide", 405 * 60),
                                                                             ("nanoGPT", 3600)]
    md = life(date(2027, 1, 6), "review", "year", "2026")[1]
    assert "| Transformers | 17h30 | 17 | 72% |" in md and "| GPUs | 6h45 | 9 | 28% |" in md
    assert "Studied 24h15 in 26 sessions." in md
    transformers_goal = next(g["text"] for g in year["goals"] if g["text"].startswith("Study Transformers"))
    # its weeks: the week it was set in (from a Wednesday) is not judged, as in the weekly review ("set this
    # week"); 14-20 September missed; 21 September to 1 November met: 6 of 7
    assert transformers_goal == "Study Transformers 2h per week: met in 6 of 7 weeks"
    set_week = life(date(2027, 1, 6), "review", "week", "2026-09-09")[1]
    assert "| Study Transformers 2h per week | 2h | 1h | set this week |" in set_week
