"""Study sessions (issue 14, point 1): time spent studying a topic or a resource, from the shell, quick
add and the app; time per topic and resource; study goals, with a topic or without."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from test_tui import make_app, settle, table_text
from textual.widgets import DataTable

from studylog.domain.errors import NotFound
from studylog.domain.values import NewResource, NewStudy
from studylog.goal_phrases import parse_goal
from studylog.parsing import ParseError, parse_quick_add
from studylog.services import goals, resources, study

TODAY = date(2026, 11, 24)  # a Tuesday: its week began on Monday the 23rd


def _resource(conn, clock, url, title, topic):
    return resources.add(conn, NewResource(url=url, title=title, topic=topic), now=clock.now(), today=TODAY)[0]


# ------------------------------------------------------------------------------------------ the service

def test_a_topic_is_written_as_it_already_is_and_a_resource_gives_its_topic(conn, clock):
    paper = _resource(conn, clock, "https://arxiv.org/abs/1706.03762", "Attention Is All You Need",
                      "Deep Learning/Transformers")
    typed = study.add(conn, NewStudy(day=TODAY, duration_s=2700, topic="transformers"), now=clock.now())
    assert typed.topic == "Deep Learning/Transformers"  # the one topic whose last part it is
    whole = study.add(conn, NewStudy(day=TODAY, duration_s=600, topic="deep learning / TRANSFORMERS "),
                      now=clock.now())
    assert whole.topic == "Deep Learning/Transformers"
    on_paper = study.add(conn, NewStudy(day=TODAY, duration_s=1800, resource_id=paper.id), now=clock.now())
    assert (on_paper.topic, on_paper.resource_title) == ("Deep Learning/Transformers", "Attention Is All You Need")
    new_topic = study.add(conn, NewStudy(day=TODAY, duration_s=60, topic="GPUs/CUDA"), now=clock.now())
    assert new_topic.topic == "GPUs/CUDA"
    with pytest.raises(NotFound):
        study.add(conn, NewStudy(day=TODAY, duration_s=60, resource_id=999), now=clock.now())
    with pytest.raises(ValueError, match="at most 24h"):
        study.add(conn, NewStudy(day=TODAY, duration_s=25 * 3600), now=clock.now())


def test_time_per_topic_and_per_resource_counted_by_hand(conn, clock):
    paper = _resource(conn, clock, "https://arxiv.org/abs/1706.03762", "Attention", "Deep Learning/Transformers")
    cuda = _resource(conn, clock, "https://docs.nvidia.com/cuda/", "CUDA guide", "GPUs")
    for minutes, topic, resource in ((120, None, paper.id), (45, "Transformers", None), (70, None, cuda.id),
                                     (30, "GPUs", None), (60, None, None)):
        study.add(conn, NewStudy(day=TODAY, duration_s=minutes * 60, topic=topic, resource_id=resource),
                  now=clock.now())
    study.add(conn, NewStudy(day=TODAY - timedelta(days=30), duration_s=999, topic="GPUs"), now=clock.now())
    week = (TODAY - timedelta(days=1), TODAY)
    # Transformers: 120 + 45 = 165 min; GPUs: 70 + 30 = 100 min; no topic: 60 min
    assert [(t.name, t.seconds, t.sessions) for t in study.by_topic(conn, *week)] == [
        ("Deep Learning/Transformers", 165 * 60, 2), ("GPUs", 100 * 60, 2), ("(no topic)", 3600, 1)]
    assert [(t.name, t.seconds) for t in study.by_resource(conn, *week)] == [("Attention", 7200), ("CUDA guide", 4200)]
    assert study.total(conn, *week) == ((165 + 100 + 60) * 60, 5)


def test_a_deleted_resource_keeps_its_sessions_and_undo_links_them_again(conn, clock):
    paper = _resource(conn, clock, "https://arxiv.org/abs/1706.03762", "Attention", "Deep Learning")
    session = study.add(conn, NewStudy(day=TODAY, duration_s=2700, resource_id=paper.id), now=clock.now())
    held = resources.delete(conn, paper.id)
    kept = study.get(conn, session.id)
    assert (kept.resource_id, kept.duration_s, kept.topic) == (None, 2700, "Deep Learning")  # time is not lost
    resources.restore(conn, held)
    assert study.get(conn, session.id).resource_title == "Attention"


def test_edit_delete_and_restore_a_session(conn, clock):
    session = study.add(conn, NewStudy(day=TODAY, duration_s=2700, topic="Maths", note="eigenvalues"),
                        now=clock.now())
    changed = study.update(conn, session.id, {"duration_s": 3600, "topic": "Maths/Linear Algebra"}, now=clock.now())
    assert (changed.duration_s, changed.topic, changed.note) == (3600, "Maths/Linear Algebra", "eigenvalues")
    held = study.delete(conn, session.id)
    assert study.count(conn) == 0
    assert study.restore(conn, held) == changed
    with pytest.raises(ValueError, match="already there"):
        study.restore(conn, held)


# ----------------------------------------------------------------------------------------------- goals

def test_study_goals_with_and_without_a_topic_count_this_weeks_time(conn, clock):
    paper = _resource(conn, clock, "https://arxiv.org/abs/1706.03762", "Attention", "Deep Learning/Transformers")
    every = goals.add(conn, parse_goal("study 5h per week", TODAY), now=clock.now(), since=TODAY - timedelta(days=60))
    topic = goals.add(conn, parse_goal("study Transformers 2h per week", TODAY), now=clock.now(),
                      since=TODAY - timedelta(days=60))
    assert (every.title, topic.title, topic.subject) == ("Study 5h per week", "Study Transformers 2h per week",
                                                         "Transformers")
    monday = TODAY - timedelta(days=1)
    for day, minutes, what in ((monday, 90, {"resource_id": paper.id}), (TODAY, 45, {"topic": "GPUs"}),
                               (TODAY, 40, {"topic": "transformers"}),
                               (monday - timedelta(days=1), 300, {"topic": "Transformers"})):  # last week
        study.add(conn, NewStudy(day=day, duration_s=minutes * 60, **what), now=clock.now())
    # this week: 90 + 45 + 40 = 175 min in all; Transformers 90 + 40 = 130 min
    assert goals.progress(conn, every, TODAY).actual == 175 * 60
    assert goals.progress(conn, topic, TODAY).actual == 130 * 60
    assert goals.progress(conn, topic, TODAY).status == "met"  # 2h10 of 2h
    with pytest.raises(goals.Duplicate):
        goals.add(conn, parse_goal("study transformers 2h per week", TODAY), now=clock.now())
    goals.add(conn, parse_goal("study GPUs 2h per week", TODAY), now=clock.now())  # another topic: another goal


def test_goal_phrases_for_study_time():
    spec = parse_goal("study Deep Learning/Transformers 90 min a week", TODAY)
    assert (spec.metric, spec.target, spec.subject, spec.title) == (
        "duration_s", 5400, "Deep Learning/Transformers", "Study Deep Learning/Transformers 90 min a week")
    assert parse_goal("swim 3/week", TODAY).period == "week"  # a slash before a period still reads "per"
    with pytest.raises(ParseError, match="a topic goes with study time"):
        parse_goal("study transformers 3 resources a week", TODAY)
    with pytest.raises(ParseError, match="unknown activity 'meditate'"):
        parse_goal("meditate every day", TODAY)


# --------------------------------------------------------------------------------------------- the shell

def test_log_list_edit_and_delete_study_from_the_shell(cli):
    assert cli("res", "add", "https://github.com/karpathy/nanoGPT", "--title", "nanoGPT", "--topic",
               "Deep Learning/Transformers").status == 0
    assert cli("res", "add", "https://arxiv.org/abs/2205.14135", "--title", "FlashAttention", "--topic",
               "GPUs").status == 0
    first = cli("log", "study", "45min", "--topic", "transformers")
    assert first.status == 0, first.err
    assert first.out.strip() == ("Stored study #1: 45min on 2026-11-24 (today) · Deep Learning/Transformers · "
                                 "this week: 45min studied")
    second = cli("log", "study", "1h30", "--res", "nano", "--date", "yesterday", "--note", "read model.py")
    assert second.out.strip() == ('Stored study #2: 1h30 on 2026-11-23 (yesterday) · Deep Learning/Transformers · '
                                  '"nanoGPT" · this week: 2h15 studied')
    last_week = cli("log", "study", "2h", "--topic", "GPUs", "--date", "2026-11-22")
    assert last_week.out.strip().endswith("this week: 2h15 studied")  # (Sunday: the week before)
    listed = cli("list", "study").out.splitlines()
    assert listed[0].split() == ["ID", "Date", "Time", "Topic", "Resource", "Note"]
    assert listed[1].split()[:4] == ["1", "2026-11-24", "45min", "Deep"]
    assert "nanoGPT" in listed[2] and "read model.py" in listed[2]
    edited = cli("edit", "study", "1", "--duration", "50min", "--res", "flash")
    assert edited.status == 0 and "(changed: time, topic, resource)" in edited.out, edited.out  # (its topic: the new one's)
    rows = json.loads(cli("list", "study", "--json").out)
    assert [(r["id"], r["duration_s"], r["resource_title"]) for r in rows] == [
        (1, 3000, "FlashAttention"), (2, 5400, "nanoGPT"), (3, 7200, None)]
    assert cli("delete", "study", "3", "--yes").out.startswith("Deleted study #3: 2h on 2026-11-22")
    assert len(json.loads(cli("list", "study", "--json").out)) == 2


def test_the_shell_refuses_what_cannot_be_a_study_session(cli):
    cli("res", "add", "https://a.example.org/x", "--title", "Attention one")
    cli("res", "add", "https://b.example.org/y", "--title", "Attention two")
    too_long = cli("log", "study", "25h")
    assert too_long.status == 2 and "at most 24h" in too_long.err
    ambiguous = cli("log", "study", "30min", "--res", "attention")
    assert ambiguous.status == 1 and "2 resources match 'attention'" in ambiguous.err
    assert "Attention one" in ambiguous.out and "Attention two" in ambiguous.out  # the choices
    missing = cli("log", "study", "30min", "--res", "nothing like it")
    assert missing.status == 1 and "no resource with a title like" in missing.err
    assert cli("log", "study", "soon").status == 2
    assert cli("log", "study", "30min", "--date", "tomorrow").status == 2
    assert json.loads(cli("list", "study", "--json").out) == []  # nothing was stored by any of these


def test_a_study_goal_from_the_shell_says_time_as_people_do(cli):
    cli("log", "study", "1h35")
    added = cli("goal", "add", "study 5h per week")
    assert added.status == 0 and "1h35 of 5h" in added.out, added.out


# ------------------------------------------------------------------------------------- quick add, the app

@pytest.mark.parametrize(("phrase", "minutes", "topic", "day"), [
    ("study 45min transformers", 45, "transformers", TODAY),
    ("study 1h30 Deep Learning/GPUs yesterday", 90, "Deep Learning/GPUs", TODAY - timedelta(days=1)),
    ("learn for 20 minutes maths", 20, "maths", TODAY),
    ("study 3 blue 1 brown 30min", 30, "3 blue 1 brown", TODAY),  # a time with its unit before a bare number
    ("study 30 maths", 30, "maths", TODAY),
    ("study 45min", 45, None, TODAY),
])
def test_quick_add_reads_a_study_phrase(phrase, minutes, topic, day):
    draft = parse_quick_add(phrase, TODAY)
    assert (draft.duration_s, draft.topic, draft.day) == (minutes * 60, topic, day)


def test_quick_add_wants_a_time_for_study():
    with pytest.raises(ParseError, match="give the time you studied"):
        parse_quick_add("study transformers", TODAY)


async def test_study_in_the_app_quick_add_list_form_delete_and_undo(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("8")
        await settle(pilot)
        assert "No study sessions yet" in str(app.screen.query_one(".empty-hint").render())
        await pilot.press("a", *"study 45min transformers", "enter")
        await settle(pilot)
        table = app.screen.query_one("#records", DataTable)
        assert table_text(table) == ["2026-11-24 45min Deep Learning/Transformers  "]  # (its resources' topic)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-duration_s").value = "1h30"
        form.query_one("#field-topic").value = "GPUs"
        form.query_one("#field-day").value = "yesterday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert table_text(app.screen.query_one("#records", DataTable))[1] == "2026-11-23 1h30 GPUs  "
        await pilot.press("d", "y")
        await settle(pilot)
        assert app.screen.query_one("#records", DataTable).row_count == 1
        await pilot.press("u")
        await settle(pilot)
        assert app.screen.query_one("#records", DataTable).row_count == 2
