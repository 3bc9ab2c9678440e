"""records and progress: what the workouts add up to."""

from __future__ import annotations

import argparse

from studylog.cli import EXIT_OK, EXIT_USAGE, Context, UserError, int_arg, print_json
from studylog.domain.values import SPORTS

RECORD_SPORTS = ("run", "swim", "ride", "walk", "hike")


def register(commands: argparse._SubParsersAction, name: str, sub: str | None) -> None:
    if name == "records":
        rec = commands.add_parser("records", help="longest and fastest: best efforts at standard distances")
        rec.add_argument("--sport", choices=RECORD_SPORTS, default="run")
        rec.add_argument("--json", action="store_true")
    else:
        prog = commands.add_parser("progress", help='progress in words: "Longest run went from 5.0 km to 13.0 km..."')
        prog.add_argument("--sport", choices=SPORTS, help="one sport (default: every sport done in the period)")
        prog.add_argument("--weeks", type=int_arg(1, 520, "weeks"), default=8, help="how far back to look (default 8)")
        prog.add_argument("--json", action="store_true")


def run(ctx: Context, args: argparse.Namespace) -> int:
    return cmd_records(ctx, args) if args.command == "records" else cmd_progress(ctx, args)


def cmd_records(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import workouts

    found = workouts.records(ctx, args.sport)
    if args.json:
        print_json(found)
        return EXIT_OK
    from studylog.cli import render

    render.records_table(found, ctx.settings.units)
    return EXIT_OK


def cmd_progress(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import workouts

    if not 1 <= args.weeks <= 520:
        raise UserError("--weeks must be between 1 and 520", EXIT_USAGE)
    settings = ctx.settings
    said = workouts.progress(ctx, (args.sport,) if args.sport else tuple(SPORTS), weeks=args.weeks,
                             week_start=settings.week_start_index, units=settings.units, named=bool(args.sport))
    if args.json:
        print_json(said)
        return EXIT_OK
    lines = [line for sentences in said.values() for line in sentences]
    if not lines:
        if args.sport:
            from studylog.cli.entries import SPORT_EXAMPLES

            example = SPORT_EXAMPLES.get(args.sport, "45min")
            print(f"No {args.sport} workouts in the last {args.weeks} weeks. Log one: studylog log {args.sport} "
                  f"{example}")
        else:
            print(f"No workouts in the last {args.weeks} weeks. Log one: studylog log run 5k 28:30")
    for line in lines:
        print(line)
    return EXIT_OK
