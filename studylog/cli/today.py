"""``studylog today``: what is due today across the writing challenge and the goals, on one line."""

from __future__ import annotations

import argparse

from studylog.cli import EXIT_OK, Context, print_json


def register(commands: argparse._SubParsersAction, name: str, sub: str | None) -> None:
    today = commands.add_parser(
        "today", help="what is due today: the challenge's day, this period's goals",
        description="What is due today: the writing challenge's day and each goal of this day, week, month "
                    "or year as it stands (met goals end in a check mark).")
    today.add_argument("--short", action="store_true", help="only what is still due, briefly (for a shell prompt)")
    today.add_argument("--json", action="store_true")


def run(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import today
    from studylog.reports.today import line, short_line

    settings = ctx.settings
    items = today.due(ctx, week_start=settings.week_start_index, units=settings.units)
    if args.json:
        print_json([item._asdict() for item in items])
    elif args.short:
        shown = short_line(items)
        if shown:
            print(shown)
    elif items:
        print(line(items))
    else:
        print('Nothing is due today: no goal asks anything of this period. Add one: studylog goal add "write every '
              'day"')
    return EXIT_OK
