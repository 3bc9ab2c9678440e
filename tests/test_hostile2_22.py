"""Hostile tester, session 22 (second tester): failing cases found in this session's changes.

TODAY is Tuesday 24 November 2026 (conftest)."""

from __future__ import annotations

import json

# ------------------------------------------------------------------- 1. an at-most day past its limit


def test_an_at_most_goal_set_today_and_past_its_limit_is_not_on_track_in_the_week_review(cli):
    """goal list and today say "over" (3 of 2); the week's review says "0 days | on track" for a goal whose
    only day so far is past its limit (the newcomer's "'on track' with 3 of 2 that day", still there)."""
    cli("habit", "add", "coffee", "--unit", "cups")
    cli("goal", "add", "at most 2 coffees a day")  # its first day is today
    cli("done", "coffee", "3")
    assert "over" in cli("goal", "list").out
    assert "over" in cli("today").out
    week = cli("review", "week").out
    row = next(line for line in week.splitlines() if line.startswith("| At most 2 coffees a day"))
    assert "on track" not in row, row  # its one day is missed: the week can no longer be met


def test_an_at_most_goal_kept_yesterday_and_past_today_is_not_on_track_in_the_week_review(cli):
    """Monday kept, today 3 of 2: the review still says 'on track' (the one day of slack swallows the
    day missed "at once"), while goal list says 'over'."""
    cli("habit", "add", "coffee", "--unit", "cups")
    cli("goal", "add", "at most 2 coffees a day", "--from", "2026-11-23")
    cli("done", "coffee", "3")
    assert "over" in cli("goal", "list").out
    row = next(line for line in cli("review", "week").out.splitlines()
               if line.startswith("| At most 2 coffees a day"))
    assert "on track" not in row, row


def test_at_most_strength_by_hand_today_past_the_limit(cli):
    """(passes: the strength itself is right) 9 days kept, today 3 of 2: S = (1 - m**9) * m."""
    cli("habit", "add", "coffee", "--unit", "cups")
    cli("goal", "add", "at most 2 coffees a day", "--from", "2026-11-15")
    cli("done", "coffee", "3")
    m = 0.5 ** (1 / 13)
    strength = json.loads(cli("goal", "list", "--json").out)[0]["progress"]["strength"]
    assert abs(strength - (1 - m ** 9) * m) < 1e-9


# ------------------------------------------------------------------------- 5. res export --topic


def _two_resources(cli):
    cli("res", "add", "https://c.example/none", "--title", "NoTopic")
    cli("res", "add", "https://c.example/ml", "--title", "MLthing", "--topic", "ML")


def test_res_export_an_empty_topic_beside_a_real_one_does_not_export_everything(cli):
    """--topic '' --topic ML: status 0, heading 'Learning resources: , ML', and every resource (General too)."""
    _two_resources(cli)
    result = cli("res", "export", "--topic", "", "--topic", "ML")
    assert result.status != 0 or "NoTopic" not in result.out, result.out


def test_res_export_topic_slash_is_not_a_heading_over_every_resource(cli):
    """--topic /: status 0, '# Learning resources: /' over all the resources (the heading names a topic
    the file does not hold: what the change was meant to stop)."""
    _two_resources(cli)
    result = cli("res", "export", "--topic", "/")
    assert result.status != 0 or "Learning resources: /" not in result.out, result.out


def test_res_export_topic_general_matches_the_general_section_of_the_full_export(cli):
    """The full export writes resources without a topic under '## General'; --topic General is refused
    with 'no resources under the topic General (topics: ML)'."""
    _two_resources(cli)
    assert "## General" in cli("res", "export").out
    result = cli("res", "export", "--topic", "General")
    assert result.status == 0 and "NoTopic" in result.out, result.err
