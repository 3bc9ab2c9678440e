"""goal and skip: goals with their progress, streak of periods and habit strength; rest days."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from studylog.cli import (
    EXIT_OK,
    EXIT_USAGE,
    Context,
    UserError,
    opt_text,
    parse_day,
    print_json,
    refuse_ambiguous,
)
from studylog.domain.values import GOAL_ACTIVITIES, GOAL_PERIODS

GOAL_EXAMPLES = ('"Swim 3 times a week", "write every day", "run >= 20 km per week", "read 24 books in 2026", '
                 '"run >= 21.1 km once by 2026-10-15"')


def register(commands: argparse._SubParsersAction, name: str, sub: str | None) -> None:
    if name == "skip":
        skip = commands.add_parser("skip", help="a rest or skip day: keeps a habit's streak and strength alive")
        skip.add_argument("habit", help="write, run, swim, ... or a habit of your own (its name)")
        skip.add_argument("--date", default="today")
        skip.add_argument("--reason")
        skip.add_argument("--undo", action="store_true", help="remove the rest day again")
        return
    goal = commands.add_parser("goal", help="goals: add, list, edit, archive",
                               description=f"Goals, written as you would say them: {GOAL_EXAMPLES}.")
    actions = goal.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a goal from a phrase or flags")
    add.add_argument("phrase", nargs="?", help=GOAL_EXAMPLES)
    _goal_flags(add)
    add.add_argument("--from", dest="since", metavar="DATE",
                     help="the goal's first day (default: today; a goal 'in 2026': the year's first day)")
    add.add_argument("--json", action="store_true")
    lst = actions.add_parser("list", help="each goal: this period, status, streak of periods, habit strength")
    lst.add_argument("--all", action="store_true", help="archived goals too")
    lst.add_argument("--json", action="store_true")
    edit = actions.add_parser("edit", help="change a goal (a new phrase, or flags): its id or (part of) its title")
    edit.add_argument("ref", metavar="ID-or-title")
    edit.add_argument("phrase", nargs="?")
    _goal_flags(edit)
    edit.add_argument("--title", help="only rename it")
    edit.add_argument("--from", dest="since", metavar="DATE", help="move the goal's first day")
    arch = actions.add_parser("archive", help="put a goal away (its history stays): its id or (part of) its title")
    arch.add_argument("ref", metavar="ID-or-title")
    arch.add_argument("--undo", action="store_true", help="bring it back")


def _goal_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--activity", choices=GOAL_ACTIVITIES)
    parser.add_argument("--times", help="how many times per period (a frequency goal)")
    parser.add_argument("--amount", help='how much per period: "20 km", "3h", "500 words", "24 books"')
    parser.add_argument("--per", choices=GOAL_PERIODS)
    parser.add_argument("--by", help="a deadline: makes it a one-off milestone (with --amount)")


def _phrase(args: argparse.Namespace) -> str:
    """The goal as a phrase: typed, or put together from flags (both go through one parser)."""
    if args.phrase:
        return args.phrase
    if not args.activity or not (args.times or args.amount):
        raise UserError(f"say what the goal is: a phrase such as {GOAL_EXAMPLES}, or --activity with --times or "
                        f"--amount and --per or --by", EXIT_USAGE)
    words = [args.activity]
    if args.by:
        words += [args.amount or "", "once by", args.by]
    else:
        words += [f"{args.times} times" if args.times else args.amount, "per", args.per or "week"]
    return " ".join(w for w in words if w)


def run(ctx: Context, args: argparse.Namespace) -> int:
    if args.command == "skip":
        return cmd_skip(ctx, args)
    return {"add": cmd_add, "list": cmd_list, "edit": cmd_edit, "archive": cmd_archive}[args.action](ctx, args)


def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import goals

    phrase = _phrase(args)
    since = _since(ctx, args)
    try:
        goal = goals.add(ctx, phrase, since=since)
    except ValueError as exc:  # not a goal; the same goal already there; a life that ends before it starts
        raise UserError(str(exc), EXIT_USAGE) from None
    progress = goals.progress(ctx, goal, week_start=ctx.settings.week_start_index)
    if args.json:
        print_json(goal)
    else:
        print(f"Stored goal #{goal.id}: {goal.title} · {describe_progress(goal, progress, ctx.settings.units)}")
    return EXIT_OK


def _since(ctx: Context, args: argparse.Namespace) -> Any:
    if not getattr(args, "since", None):
        return None
    from studylog.limits import check_day

    day = parse_day(ctx, args.since)
    check_day(day, ctx.today, "a goal's first day")
    return day


def describe_progress(goal: Any, progress: Any, units: str) -> str:
    from studylog.formatting import goal_progress_text, goal_status_text

    parts = [goal_progress_text(goal.metric, progress.actual, progress.target, units, goal.activity),
             goal_status_text(goal, progress)]
    if progress.streak:
        parts.append(f"{progress.streak} {goal.period or 'period'}{'s' if progress.streak != 1 else ''} in a row")
    if progress.strength is not None:
        parts.append(f"strength {progress.strength:.0%}")
    return " · ".join(parts)


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import goals

    found = goals.goals(ctx, archived=args.all, week_start=ctx.settings.week_start_index)
    broken = goals.cannot_measure(ctx, archived=args.all)  # (written outside studylog: said, not shown)
    if args.json:
        print_json([{"goal": g, "progress": p} for g, p in found])
        for line in broken:
            print(f"studylog: {line}", file=sys.stderr)
        return EXIT_OK
    from studylog.cli import render

    if found or not broken:
        render.goals_table(found, ctx.settings.units)
    for line in broken:
        print(line)
    return EXIT_OK


def describe(goal: Any) -> str:  # noqa: ANN401
    """A goal in one line, to pick it from several (its title cleaned)."""
    from studylog.text import clean

    return clean(f"goal #{goal.id}: {goal.title}" + (" (archived)" if goal.archived else ""), multiline=False) or ""


def _find(ctx: Context, ref: str, *, archived: bool | None) -> Any:
    """The goal ``ref`` names; a name that finds none or several is refused in one line (several: the
    matches are listed on stdout first, one a line)."""
    from studylog.api import goals
    from studylog.domain.errors import Ambiguous

    try:
        return goals.find(ctx, ref, archived=archived)
    except Ambiguous as exc:
        refuse_ambiguous(exc, describe)
    except LookupError as exc:
        raise UserError(str(exc.args[0])) from None


def cmd_edit(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import goals

    old = _find(ctx, args.ref, archived=False)
    phrase = _phrase(args) if args.phrase or args.activity else None
    if phrase is None and not (opt_text(args.title) or args.since):
        raise UserError("nothing to change: give a new phrase, flags, --title or --from", EXIT_USAGE)
    try:
        goal = goals.edit(ctx, old, phrase, title=opt_text(args.title), since=_since(ctx, args))
    except LookupError as exc:
        raise UserError(str(exc.args[0])) from None
    except ValueError as exc:
        raise UserError(str(exc), EXIT_USAGE) from None
    if goal.id != old.id:
        print(f"Archived goal #{old.id}: {old.title} (its past periods keep their target); stored goal "
              f"#{goal.id}: {goal.title}, from {goal.active_from.isoformat() if goal.active_from else 'today'} "
              f"(--from DATE judges the past with the new target instead)")
    else:
        print(f"Updated goal #{goal.id}: {goal.title}")
    return EXIT_OK


def cmd_archive(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import goals
    from studylog.domain.errors import Duplicate

    found = _find(ctx, args.ref, archived=bool(args.undo))
    try:
        goal = goals.archive(ctx, found, archived=not args.undo)
    except LookupError as exc:
        raise UserError(str(exc.args[0])) from None
    except Duplicate as exc:
        raise UserError(str(exc), EXIT_USAGE) from None
    print(f"{'Brought back' if args.undo else 'Archived'} goal #{goal.id}: {goal.title}")
    return EXIT_OK


def cmd_skip(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import goals

    day = parse_day(ctx, args.date)
    args.habit = _skip_name(ctx, args.habit)
    if args.undo:
        removed = goals.unskip(ctx, args.habit, day)
        print(f"{'Removed the' if removed else 'There was no'} rest day for {args.habit} on {day.isoformat()}")
        return EXIT_OK
    goals.skip(ctx, args.habit, day, reason=opt_text(args.reason))
    reason = f" ({args.reason.strip()})" if opt_text(args.reason) else ""
    print(f"Marked {day.isoformat()} as a rest day for {args.habit}{reason}: its streak carries over it")
    return EXIT_OK


def _skip_name(ctx: Context, typed: str) -> str:
    """What a skip day is kept under: one of studylog's activities, or a habit of one's own (its name)."""
    from studylog.api import habits
    from studylog.domain.values import GOAL_ACTIVITIES

    word = typed.strip().lower()
    if word in GOAL_ACTIVITIES and word != "habit":
        return word
    try:
        return habits.find(ctx, typed).name.casefold()
    except LookupError:
        raise UserError(f"nothing to skip called {typed!r}: one of {', '.join(GOAL_ACTIVITIES[:-1])}, or a habit "
                        f"of your own (studylog habit list)", EXIT_USAGE) from None
