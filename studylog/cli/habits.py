"""``habit add|list`` and ``done``: habits of one's own, marked done with an amount or without."""

from __future__ import annotations

import argparse
import sys

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


def register(commands: argparse._SubParsersAction, name: str, sub: str | None) -> None:
    if name == "habit":
        habit = commands.add_parser("habit", help="habits of your own: habit add meditate, habit list",
                                    description="Habits of your own: yes/no ('meditate') or an amount in a unit "
                                                "('pushups', 'meditate' in min). Goals over them: studylog goal "
                                                "add 'meditate every day', 'pushups 300 per week', 'at most 2 "
                                                "coffees a day'.")
        actions = habit.add_subparsers(dest="action", metavar="ACTION", required=True)
        add = actions.add_parser("add", help="a new habit")
        add.add_argument("name")
        add.add_argument("--unit", help="what its amounts count, e.g. min, pushups, cups")
        add.add_argument("--json", action="store_true")
        lst = actions.add_parser("list", help="every habit: today, this week, the last day done")
        lst.add_argument("--json", action="store_true")
    else:
        done = commands.add_parser("done", help="mark a habit done: studylog done meditate, done pushups 50",
                                   description="Mark a habit done today (or --date), with an amount in its unit "
                                               "if it has one; several on a day add up.")
        done.add_argument("name", help="the habit: its name, a part of it only it has, or its id")
        done.add_argument("amount", nargs="?", help="how much, in the habit's unit (default 1)")
        done.add_argument("--date", default="today")
        done.add_argument("--undo", action="store_true", help="take back the last one of that day")
        done.add_argument("--json", action="store_true")


def run(ctx: Context, args: argparse.Namespace) -> int:
    if args.command == "done":
        return cmd_done(ctx, args)
    return cmd_add(ctx, args) if args.action == "add" else cmd_list(ctx, args)


def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import habits
    from studylog.domain.errors import Duplicate

    try:
        habit = habits.add(ctx, args.name, unit=opt_text(args.unit))
    except Duplicate as exc:
        raise UserError(str(exc)) from None
    except ValueError as exc:
        raise UserError(str(exc), EXIT_USAGE) from None
    if args.json:
        print_json(habit)
    else:
        unit = f" (counted in {habit.unit})" if habit.unit else ""
        print(f"Stored habit #{habit.id}: {habit.name}{unit} · mark it: studylog done {_quoted(habit.name)}"
              f"{' 10' if habit.unit else ''} · a goal: studylog goal add \"{habit.name.lower()} every day\"")
    return EXIT_OK


def _quoted(name: str) -> str:
    import shlex

    return shlex.quote(name)


def cmd_done(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import habits
    from studylog.domain.errors import Ambiguous
    from studylog.formatting import habit_amount
    from studylog.parsing import ParseError

    day = parse_day(ctx, args.date)
    try:
        habit = habits.find(ctx, args.name)
    except Ambiguous as exc:
        refuse_ambiguous(exc, lambda match: f"habit #{match.id}: {match.name}", "marked")
    except LookupError as exc:
        raise UserError(f"{exc.args[0]}; add it first: studylog habit add NAME") from None
    if args.undo:
        taken = habits.undo(ctx, habit, day=day)
        print(f"{'Took back' if taken else 'Nothing to take back:'} {habit.name} on {day.isoformat()}")
        return EXIT_OK
    amount = 1.0
    if args.amount is None and habit.unit:
        raise UserError(f"{habit.name} is counted in {habit.unit}: give how many, e.g. studylog done "
                        f"{_quoted(habit.name)} 10", EXIT_USAGE)
    if args.amount is not None:
        try:
            amount = float(args.amount.replace(",", ""))
        except ValueError:
            raise ParseError(f"can't read the amount {args.amount!r}: give a number, e.g. 50") from None
    try:
        total = habits.done(ctx, habit, amount, day=day)
    except ValueError as exc:
        raise UserError(str(exc), EXIT_USAGE) from None
    if args.json:
        print_json({"habit": habit, "day": day, "amount": amount, "day_total": total})
        return EXIT_OK
    from studylog.formatting import format_day

    said = habit_amount(amount, habit.unit) + " · " if args.amount is not None or habit.unit else ""
    day_total = f" ({habit_amount(total, habit.unit)} that day)" if total != amount else ""
    print(f"Marked {habit.name}: {said}{format_day(day, ctx.today)}{day_total}")
    return EXIT_OK


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import habits
    from studylog.formatting import habit_amount

    found = habits.standing(ctx, week_start=ctx.settings.week_start_index)
    if args.json:
        print_json([{"habit": h.habit, "today": h.today, "week": h.week, "last_done": h.last_done} for h in found])
        return EXIT_OK
    if not found:
        print("No habits yet. Add one: studylog habit add meditate (or --unit min for an amount)")
        return EXIT_OK
    from studylog.cli import textable
    from studylog.text import one_line

    header = ("ID", "Habit", "Unit", "Today", "This week", "Last done")
    cells = [(str(h.habit.id), one_line(h.habit.name), one_line(h.habit.unit),
              habit_amount(h.today, None) if h.today else "", habit_amount(h.week, None) if h.week else "",
              h.last_done.isoformat() if h.last_done else "never") for h in found]
    sys.stdout.write(textable.render(header, cells, right=(True, False, False, True, True),
                                     bold_header=sys.stdout.isatty()))
    return EXIT_OK
