"""Study sessions from the shell: ``log study``, and ``list``, ``edit`` and ``delete`` of study
(registered by studylog.cli.entries, which owns those commands)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from studylog.cli import (
    EXIT_OK,
    EXIT_USAGE,
    Context,
    UserError,
    id_arg,
    opt_text,
    parse_day,
    print_json,
    refuse_ambiguous,
)

if TYPE_CHECKING:
    from studylog.domain.values import StudySession


def add_log(kinds: argparse._SubParsersAction) -> None:
    study = kinds.add_parser("study", help="time spent studying: studylog log study 45min --topic transformers")
    study.add_argument("duration", help="45min, 1h30, 2h, 1:15:00 (a bare number: minutes)")
    study.add_argument("--topic", help='what you studied, e.g. "Deep Learning/Transformers" (a known topic may be '
                                       'named by its last part, in any case)')
    study.add_argument("--res", metavar="ID|TITLE", help="the resource you studied: its id or a part of its title")
    study.add_argument("--note")
    study.add_argument("--date", default="today", help="today, yesterday, 2026-11-20, nov 20, 3 days ago")
    study.add_argument("--json", action="store_true")


def add_edit(kinds: argparse._SubParsersAction) -> None:
    edit = kinds.add_parser("study")
    edit.add_argument("id", type=id_arg)
    for flag in ("--date", "--duration", "--topic", "--note"):
        edit.add_argument(flag)
    edit.add_argument("--res", metavar="ID|TITLE", help="the resource ('' for none)")
    edit.add_argument("--json", action="store_true")


def describe(session: StudySession, today: date) -> str:
    from studylog.formatting import format_day, format_study_time

    parts = [f"study #{session.id}: {format_study_time(session.duration_s)} on {format_day(session.day, today)}"]
    if session.topic:
        parts.append(session.topic)
    if session.resource_title:
        parts.append(f'"{session.resource_title}"')
    return " · ".join(parts)


def _resource_id(ctx: Context, ref: str | None) -> int | None:
    """The id of the resource ``--res`` names (the matches listed, and exit 1, when several do)."""
    from studylog.api import study
    from studylog.domain.errors import Ambiguous

    if ref is None or not ref.strip():
        return None
    try:
        return study.resource(ctx, ref).id
    except Ambiguous as exc:
        from studylog.cli.resources import describe as describe_resource

        refuse_ambiguous(exc, describe_resource, "stored")
    except LookupError as exc:
        raise UserError(str(exc.args[0])) from None


def cmd_log(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import study
    from studylog.domain.values import NewStudy
    from studylog.formatting import format_study_time
    from studylog.limits import check_day
    from studylog.parsing import parse_duration

    day = parse_day(ctx, args.date)
    check_day(day, ctx.today, "study")
    seconds = round(parse_duration(args.duration))
    new = NewStudy(day=day, duration_s=seconds, topic=opt_text(args.topic), resource_id=_resource_id(ctx, args.res),
                   note=opt_text(args.note))
    try:
        session, week = study.log(ctx, new, week_start=ctx.settings.week_start_index)
    except ValueError as exc:
        raise UserError(str(exc), EXIT_USAGE) from None
    if args.json:
        print_json(session)
    else:
        print(f"Stored {describe(session, ctx.today)} · this week: {format_study_time(week.seconds)} studied")
    return EXIT_OK


def changes(ctx: Context, args: argparse.Namespace) -> dict[str, Any]:
    from studylog.limits import check_day
    from studylog.parsing import parse_duration

    found: dict[str, Any] = {}
    if args.date is not None:
        found["day"] = parse_day(ctx, args.date)
        check_day(found["day"], ctx.today, "study")
    if args.duration is not None:
        found["duration_s"] = round(parse_duration(args.duration))
    if args.topic is not None:
        found["topic"] = opt_text(args.topic)
    if args.note is not None:
        found["note"] = opt_text(args.note)
    if args.res is not None:
        found["resource_id"] = _resource_id(ctx, args.res)
    return found


def cmd_list(ctx: Context, args: argparse.Namespace, since: date | None, until: date | None,
             limit: int | None) -> int:
    from studylog.api import study

    rows = study.sessions(ctx, since=since, until=until, limit=limit)
    total = study.count(ctx) if limit and len(rows) == limit and not (since or until) else None
    if args.json:
        print_json(rows)
        return EXIT_OK
    print_sessions(rows, total)
    return EXIT_OK


def print_sessions(rows: list[StudySession], total: int | None) -> None:
    """The sessions as a plain table (no rich: a quick command)."""
    from studylog.cli import textable
    from studylog.formatting import format_study_time
    from studylog.text import one_line

    if not rows:
        print("No study sessions yet in this range. Log one: studylog log study 45min --topic transformers")
        return
    header = ("ID", "Date", "Time", "Topic", "Resource", "Note")
    cells = [(str(s.id), s.day.isoformat(), format_study_time(s.duration_s), one_line(s.topic),
              one_line(s.resource_title), one_line(s.note)) for s in rows]
    sys.stdout.write(textable.render(header, cells, right=(True, False, True), max_widths=(None, None, None, 32, 32, 32),
                                     bold_header=sys.stdout.isatty()))
    if total is not None and total > len(rows):
        print(f"{len(rows)} of {total:,} shown; use --limit N (0 for all) or --since DATE for more")

