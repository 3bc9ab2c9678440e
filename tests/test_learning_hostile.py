"""What the hostile tester and the newcomer found in issue 14's features, each shown fixed."""

from __future__ import annotations

import json

import pytest

from studylog.io.common import FileRejected
from studylog.io.markdown_list import parse_markdown_list


def _goal_actual(cli, title):
    return {g["goal"]["title"]: g["progress"]["actual"] for g in json.loads(cli("goal", "list", "--json").out)}[title]


def test_a_topics_percent_and_underscore_are_letters_and_any_case_is_unicode(cli):
    for hours, topic in ((1, "A_B"), (2, "AxB"), (3, "100%"), (4, "100x"), (1.5, "Mathé/Équations")):
        assert cli("log", "study", f"{int(hours * 60)}min", "--topic", topic).status == 0
    cli("goal", "add", "study A_B 1h per week")
    cli("goal", "add", "study 100% 1h per week")
    cli("goal", "add", "study équations 1h per week")
    assert _goal_actual(cli, "Study A_B 1h per week") == 3600  # not AxB's 2h
    assert _goal_actual(cli, "Study 100% 1h per week") == 3 * 3600  # not 100x's 4h
    assert _goal_actual(cli, "Study équations 1h per week") == 5400  # ÉQUATIONS, any case
    cli("res", "add", "https://a.example.org", "--title", "a", "--topic", "A_B")
    cli("res", "add", "https://b.example.org", "--title", "b", "--topic", "AxB")
    listed = json.loads(cli("res", "list", "--topic", "A_B", "--json").out)
    assert [r["title"] for r in listed] == ["a"]


def test_a_habit_named_like_a_topic_or_an_activity_leaves_their_goals_alone(cli):
    cli("habit", "add", "maths")
    cli("log", "study", "1h", "--topic", "Maths")
    assert cli("goal", "add", "study Maths 2h per week").status == 0  # study, not the habit
    assert cli("habit", "add", "walk the dog").status == 0  # begins with an activity: a habit all the same
    assert cli("goal", "add", "walk the dog every day").status == 0
    assert cli("goal", "add", "walk 3 times a week").out.startswith("Stored goal #3: Walk 3 times a week")
    assert cli("habit", "add", "journal").status == 2  # (one of studylog's own words for writing)
    cli("habit", "add", "Straße")
    assert cli("goal", "add", "straße every day").status == 0  # the goal its own hint suggests
    cli("habit", "add", "water", "--unit", "l")
    assert cli("goal", "add", "water 0.5 l per day").status == 0  # an amount may be a fraction


def test_a_day_holds_at_most_24_hours_of_study(cli):
    assert cli("log", "study", "20h", "--topic", "x").status == 0
    refused = cli("log", "study", "5h", "--topic", "x")
    assert refused.status == 2 and "holds 20h of study already" in refused.err
    assert cli("log", "study", "4h", "--topic", "x").status == 0


def test_this_weeks_study_follows_the_week_start(cli):
    cli("config", "set", "week_start", "sunday")  # today, Tuesday the 24th: the week began on Sunday the 22nd
    for day in ("2026-11-21", "2026-11-22", "2026-11-23"):  # Saturday the 21st: the week before
        cli("log", "study", "1h", "--topic", "t", "--date", day)
    said = cli("log", "study", "1min", "--topic", "t").out
    assert said.rstrip().endswith("this week: 2h01 studied"), said  # (Monday-first: 1h01)


def test_habit_amounts_too_small_to_count_are_refused_and_halves_read_as_written(cli):
    cli("habit", "add", "water", "--unit", "l")
    assert cli("done", "water", "0.001").status == 2
    assert cli("done", "water", "0.5").out.startswith("Marked water: 0.5 l ·")


def test_digits_that_are_no_id_name_a_title_and_a_link_names_its_resource(cli):
    cli("read", "add", "1984", "--author", "George Orwell")
    assert cli("read", "start", "1984").out.startswith('Updated book #1: "1984"')
    cli("res", "add", "https://b.example.com/x", "--title", "Something else")
    assert cli("res", "done", "b.example").status == 0


def test_an_ambiguous_last_part_of_a_topic_is_refused_not_made_a_new_topic(cli):
    cli("res", "add", "https://m.example.org", "--title", "m", "--topic", "Maths/Intro")
    cli("res", "add", "https://p.example.org", "--title", "p", "--topic", "Physics/Intro")
    refused = cli("log", "study", "10min", "--topic", "intro")
    assert refused.status == 2 and "2 topics end in 'intro'" in refused.err
    assert cli("log", "study", "10min", "--topic", "maths/intro").status == 0


def test_an_editor_that_writes_nothing_stores_nothing(cli, monkeypatch):
    monkeypatch.setenv("EDITOR", "true")
    for args in (("log", "write", "--edit"), ("reflect", "week")):
        result = cli(*args)
        assert result.status == 1 and "nothing was" in result.err, (args, result.err)
    assert json.loads(cli("list", "writing", "--json").out) == []


@pytest.mark.parametrize("depth", [30, 100])
def test_lists_nested_deep_keep_every_link(depth):
    text = "# N\n\n" + "".join("  " * i + f"- [N{i}](https://nest.com/{i})\n" for i in range(depth))
    assert len(parse_markdown_list(text.encode(), "n.md").entries) == depth


def test_lists_nested_deeper_than_read_are_refused_not_cut(cli, tmp_path):
    text = "# N\n\n" + "".join("  " * i + f"- [N{i}](https://nest.com/{i})\n" for i in range(2000))
    with pytest.raises(FileRejected, match="nested deeper than 100 levels"):
        parse_markdown_list(text.encode(), "n.md")
    (tmp_path / "deep.md").write_text(text)
    result = cli("res", "import", str(tmp_path / "deep.md"))
    assert result.status == 1 and "nested deeper" in result.err and len(result.err.splitlines()) == 1
