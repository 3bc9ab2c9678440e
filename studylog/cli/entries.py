"""log, list, edit, delete and streak: writing and workouts from the shell."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import TYPE_CHECKING, Any

from studylog.cli import (
    EXIT_OK,
    EXIT_USAGE,
    Context,
    UserError,
    confirm,
    id_arg,
    opt_text,
    parse_day,
    print_json,
)
from studylog.domain.values import DISTANCE_SPORTS, SPORTS, WritingEntry
from studylog.parsing import (
    ParseError,
    default_distance_unit,
    lengths_in,
    parse_count,
    parse_distance,
    parse_duration,
    parse_pool,
    parse_swim_distance,
    parse_tags,
)

if TYPE_CHECKING:

    from studylog.domain.values import StreakSummary, Workout

SPORT_EXAMPLES = {"run": "5k 28:30", "swim": "1500m 40min", "ride": "40k 1:30:00", "walk": "3k 35min",
                  "hike": "12k 3h"}



def register(commands: argparse._SubParsersAction, name: str, sub: str | None) -> None:
    if name == "log":
        _add_log(commands, sub if sub in ("write", "study", *SPORTS) else None)
    elif name == "list":
        _add_list(commands)
    elif name == "edit":
        _add_edit(commands)
    elif name == "delete":
        delete = commands.add_parser("delete", help="delete a record (asks first)")
        delete.add_argument("what", choices=["writing", "workout", "study"])
        delete.add_argument("id", type=id_arg)
        delete.add_argument("--yes", "-y", action="store_true", help="do not ask")
    elif name == "streak":
        streak = commands.add_parser("streak", help="current and longest writing streak")
        streak.add_argument("--json", action="store_true")


def run(ctx: Context, args: argparse.Namespace) -> int:
    return {"log": cmd_log, "list": cmd_list, "edit": cmd_edit, "delete": cmd_delete,
            "streak": cmd_streak}[args.command](ctx, args)


def _add_log(commands: argparse._SubParsersAction, only_kind: str | None) -> None:
    log = commands.add_parser("log", help="log writing, a workout or study time",
                              description="Log writing, a workout or time spent studying.")
    kinds = log.add_subparsers(dest="kind", metavar="KIND", required=True)
    if only_kind in (None, "write"):
        _add_log_write(kinds)
    for sport in SPORTS:
        if only_kind in (None, sport):
            _add_log_sport(kinds, sport)
    if only_kind in (None, "study"):
        from studylog.cli import study

        study.add_log(kinds)


def _add_log_write(kinds: argparse._SubParsersAction) -> None:
    write = kinds.add_parser("write", help="a writing session: studylog log write 'notes' --words 650")
    write.add_argument("note", nargs="?", help="what you wrote or a note about it")
    write.add_argument("--words", help="words written (default: the note's word count)")
    write.add_argument("--title")
    write.add_argument("--tag", action="append", default=[], help="a tag (repeat for more)")
    write.add_argument("--challenge", help='a challenge this belongs to, e.g. "30-day essays" (any case)')
    write.add_argument("--days", help="the challenge's length in days (names such as '30-day essays' say it)")
    write.add_argument("--url", help="where the piece lives")
    write.add_argument("--edit", action="store_true",
                       help="write the note in your editor ($VISUAL or $EDITOR), starting from the note given")
    write.add_argument("--date", default="today", help="today, yesterday, 2026-11-20, nov 20, 3 days ago")
    write.add_argument("--json", action="store_true", help="print the stored record as JSON")


def _add_log_sport(kinds: argparse._SubParsersAction, sport: str) -> None:
    example = SPORT_EXAMPLES.get(sport, "45min")
    noun = {"strength": "a strength session", "yoga": "a yoga session", "other": "another workout"}.get(
        sport, f"a {sport}")
    sub = kinds.add_parser(sport, help=f"{noun}: studylog log {sport} {example}")
    if sport in DISTANCE_SPORTS:
        sub.add_argument("distance", help="5k, 5 km, 3.1mi, 1500m, 13.1 miles (a bare number: km, "
                                          "or metres for swims; mi/yd with imperial units)")
        sub.add_argument("duration", nargs="?", help="28:30, 1:02:03, 45min, 1h5m")
    else:
        sub.add_argument("duration", help="45min, 1h, 1:05:00")
        if sport == "other":  # strength and yoga have no distance
            sub.add_argument("--distance")
    sub.add_argument("--date", default="today", help="today, yesterday, 2026-11-20, nov 20, 3 days ago")
    sub.add_argument("--title")
    sub.add_argument("--note")
    sub.add_argument("--tag", action="append", default=[])
    sub.add_argument("--hr", help="average heart rate (bpm)")
    sub.add_argument("--elevation", help="elevation gain, e.g. 120m")
    if sport == "swim":
        sub.add_argument("--pool", help="pool length, e.g. 25m or 25yd; then the distance may be '60 lengths'")
    sub.add_argument("--json", action="store_true")


def _add_list(commands: argparse._SubParsersAction) -> None:
    lst = commands.add_parser("list", help="list writing, workouts or study sessions",
                              description="List records, newest first.")
    lst.add_argument("what", choices=["writing", "workouts", "study"])
    lst.add_argument("--since", help="first day to include")
    lst.add_argument("--until", help="last day to include")
    lst.add_argument("--sport", choices=SPORTS, help="workouts of one sport")
    lst.add_argument("--limit", help="at most N rows (default 20 when no dates are given; 0 for all)")
    lst.add_argument("--json", action="store_true")


def _add_edit(commands: argparse._SubParsersAction) -> None:
    edit = commands.add_parser("edit", help="change a stored record", description="Change fields of a record.")
    edit_kinds = edit.add_subparsers(dest="what", metavar="writing|workout|study", required=True)
    ew = edit_kinds.add_parser("writing")
    ew.add_argument("id", type=id_arg)
    for flag in ("--date", "--words", "--title", "--note", "--challenge", "--url"):
        ew.add_argument(flag)
    ew.add_argument("--tag", action="append", help="replace the tags (repeat for more; --tag '' clears)")
    ew.add_argument("--json", action="store_true")
    ek = edit_kinds.add_parser("workout")
    ek.add_argument("id", type=id_arg)
    ek.add_argument("--sport", choices=SPORTS)
    for flag in ("--date", "--distance", "--duration", "--title", "--note", "--pool", "--hr", "--elevation"):
        ek.add_argument(flag)
    ek.add_argument("--tag", action="append")
    ek.add_argument("--json", action="store_true")
    from studylog.cli import study

    study.add_edit(edit_kinds)


def describe_writing(entry: WritingEntry, today: date) -> str:
    from studylog.formatting import format_day, format_words

    parts = [f"writing #{entry.id}: {format_words(entry.words)} on {format_day(entry.day, today)}"]
    if entry.title:
        parts.append(f'"{entry.title}"')
    if entry.challenge:
        parts.append(f"challenge: {entry.challenge}")
    if entry.tags:
        parts.append(" ".join(f"#{t}" for t in entry.tags))
    return " · ".join(parts)


def describe_workout(workout: Workout, today: date, units: str) -> str:
    from studylog.formatting import format_day, format_distance, format_duration, format_pace, format_pool

    what = []
    if workout.distance_m:
        what.append(format_distance(workout.distance_m, units, workout.sport))
    if workout.pool_length_m:
        what.append(f"({format_pool(workout.distance_m, workout.pool_length_m, units)})")
    if workout.duration_s:
        what.append(("in " if what else "") + format_duration(workout.duration_s))
    pace = format_pace(workout.distance_m, workout.duration_s, units, workout.sport)
    if pace:
        what.append(f"({pace})")
    parts = [f"{workout.sport} #{workout.id}: {' '.join(what)} on {format_day(workout.day, today)}"]
    if workout.title:
        parts.append(f'"{workout.title}"')
    if workout.tags:
        parts.append(" ".join(f"#{t}" for t in workout.tags))
    return " · ".join(parts)


def describe_streak(summary: StreakSummary) -> str:
    if summary.current.days == 0:
        return "no current streak"
    text = f"{summary.current.days}-day streak"
    if summary.challenge:
        from studylog.formatting import format_challenge_day

        text += f" · {format_challenge_day(summary.challenge.day, summary.challenge.length)} ({summary.challenge.name})"
    return text


def cmd_log(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.domain.values import NewWorkout, NewWriting
    from studylog.limits import HEART_RATE, MAX_ELEVATION_GAIN_M, MAX_WORDS, check_day, check_number

    if args.kind == "study":
        from studylog.cli import study

        return study.cmd_log(ctx, args)
    day = parse_day(ctx, args.date)
    check_day(day, ctx.today, "writing" if args.kind == "write" else f"a {args.kind}", workout=args.kind != "write")
    if args.kind == "write":
        note = opt_text(args.note)
        if args.edit:
            note = _note_in_editor(note)
        words = parse_count(args.words, "word count", high=MAX_WORDS) if args.words is not None else (
            len(note.split()) if note else 0)
        check_number(words, 0, MAX_WORDS, "a word count of")
        challenge_days = None
        if args.days is not None:
            if not opt_text(args.challenge):
                raise UserError("--days is the length of a challenge: give --challenge NAME too", EXIT_USAGE)
            challenge_days = parse_count(args.days, "challenge length", "30", low=1, high=3660)
        new = NewWriting(day=day, words=words, title=opt_text(args.title), note=note,
                         tags=parse_tags(args.tag), challenge=opt_text(args.challenge), url=opt_text(args.url))
        from studylog.api import writing

        entry, streak = writing.log(ctx, new, challenge_days=challenge_days)
        summary = streak.summary
        if args.json:
            print_json(entry)
        else:
            print(f"Stored {describe_writing(entry, ctx.today)} · {describe_streak(summary)}")
        return EXIT_OK

    sport = args.kind
    units = ctx.settings.units
    distance = None
    pool = parse_pool(args.pool, units) if getattr(args, "pool", None) else None
    if sport == "swim":
        usual = pool if pool is not None else ctx.settings.pool_length_m
        distance = parse_swim_distance(args.distance, usual, default_distance_unit(sport, units),
                                       pool_typed=usual is not None)
        if pool is None and lengths_in(args.distance) is not None:
            pool = usual  # "60 lengths" of the usual pool: that pool is this swim's
        duration = parse_duration(args.duration) if args.duration else None
    elif sport in DISTANCE_SPORTS:
        distance = parse_distance(args.distance, default_distance_unit(sport, units))
        duration = parse_duration(args.duration) if args.duration else None
    else:
        duration = parse_duration(args.duration)
        if getattr(args, "distance", None):
            distance = parse_distance(args.distance, default_distance_unit("run", units))
    low, high = HEART_RATE
    elevation = parse_distance(args.elevation, 1.0) if args.elevation else None
    check_number(elevation, 0, MAX_ELEVATION_GAIN_M, "an elevation gain of", " m")
    new_workout = NewWorkout(
        sport=sport, day=day, distance_m=distance, duration_s=duration, title=opt_text(args.title),
        note=opt_text(args.note), tags=parse_tags(args.tag), pool_length_m=pool,
        avg_hr=parse_count(args.hr, "heart rate", "150", low=low, high=high) if args.hr else None,
        elevation_gain_m=elevation,
    )
    from studylog.api import records

    workout = records.add(ctx, new_workout)
    if args.json:
        print_json(workout)
    else:
        print(f"Stored {describe_workout(workout, ctx.today, units)}")
    return EXIT_OK


def _note_in_editor(note: str | None) -> str | None:
    """The note written in the person's editor (one line and nothing stored when it cannot be)."""
    from studylog.editor import EditorError, edit_text

    try:
        text = edit_text(note or "", prefix="studylog-note-")
    except EditorError as exc:
        said = str(exc).removesuffix("; nothing was saved")
        raise UserError(f"{said}; nothing was stored") from None
    if not opt_text(text):
        raise UserError("the note came back empty from the editor; nothing was stored")
    return opt_text(text)


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    since = parse_day(ctx, args.since) if args.since else None
    until = parse_day(ctx, args.until) if args.until else None
    if args.limit is not None:
        from studylog.limits import MAX_LIST_LIMIT

        limit = parse_count(args.limit, "limit", "20", high=MAX_LIST_LIMIT) or None
    else:
        limit = 20 if since is None and until is None else None
    if args.what == "study":
        from studylog.cli import study

        return study.cmd_list(ctx, args, since, until, limit)
    if args.what == "writing":
        from studylog.api import writing

        rows: list[Any] = writing.entries(ctx, since=since, until=until, limit=limit)
        total = writing.count(ctx) if limit and len(rows) == limit and not (since or until) else None
    else:
        from studylog.api import workouts

        rows = workouts.workouts(ctx, since=since, until=until, sport=args.sport, limit=limit)
        total = workouts.count(ctx) if limit and len(rows) == limit and not (since or until or args.sport) else None
    if args.json:
        print_json(rows)
        return EXIT_OK
    print_list(args.what, rows, ctx.today, ctx.settings.units, total=total)
    return EXIT_OK


# A record's fields as people see them (the shell's options, the app's form labels), where the stored
# name differs: "changed: distance, date", not "distance_m, day".
FIELD_NAMES = {
    "day": "date", "url": "link", "distance_m": "distance", "duration_s": "time", "start_time": "start time",
    "elevation_gain_m": "elevation gain", "avg_hr": "heart rate", "pool_length_m": "pool length",
    "source_id": "source id", "resource_id": "resource",
}
DERIVED = ("updated_at", "resource_title")  # (follow from what was changed: never named as changed)


def _edit_changes(ctx: Context, args: argparse.Namespace, before: Any) -> dict[str, Any]:
    """The fields the shell was asked to change, read as `log` reads them (a bare distance in the unit of
    the workout's sport: metres for a swim; '60 lengths' of its pool)."""
    from studylog.limits import HEART_RATE, MAX_ELEVATION_GAIN_M, MAX_WORDS, check_day, check_number

    changes: dict[str, Any] = {}
    if args.date is not None:
        changes["day"] = parse_day(ctx, args.date)
        check_day(changes["day"], ctx.today, workout=args.what != "writing")
    if args.title is not None:
        changes["title"] = opt_text(args.title)
    if args.note is not None:
        changes["note"] = opt_text(args.note)
    if args.tag is not None:
        changes["tags"] = parse_tags(args.tag)
    units = ctx.settings.units
    if args.what == "writing":
        if args.words is not None:
            changes["words"] = parse_count(args.words, "word count", high=MAX_WORDS)
        if args.challenge is not None:
            changes["challenge"] = opt_text(args.challenge)
        if args.url is not None:
            changes["url"] = opt_text(args.url)
        return changes
    sport = args.sport or before.sport
    if args.sport is not None:
        changes["sport"] = args.sport
    pool = before.pool_length_m
    if args.pool is not None:
        pool = parse_pool(args.pool, units) if args.pool.strip() else None
        if pool is not None and sport != "swim":
            raise UserError(f"a pool length is for swims, not a {sport}", EXIT_USAGE)
        changes["pool_length_m"] = pool
    elif sport != "swim" and before.pool_length_m is not None:
        changes["pool_length_m"] = None  # a swim made into another sport leaves its pool behind
    if args.distance is not None:
        if not args.distance.strip():
            if sport in DISTANCE_SPORTS:
                raise UserError(f"a {sport} needs a distance: give one, e.g. --distance 5k", EXIT_USAGE)
            changes["distance_m"] = None
        elif sport == "swim":
            changes["distance_m"] = parse_swim_distance(args.distance, pool, default_distance_unit(sport, units),
                                                        pool_typed=pool is not None)
        else:
            changes["distance_m"] = parse_distance(args.distance, default_distance_unit(sport, units))
    if args.duration is not None:
        changes["duration_s"] = parse_duration(args.duration) if args.duration.strip() else None
    if args.hr is not None:
        low, high = HEART_RATE
        changes["avg_hr"] = parse_count(args.hr, "heart rate", "150", low=low, high=high) if args.hr.strip() else None
    if args.elevation is not None:
        changes["elevation_gain_m"] = parse_distance(args.elevation, 1.0) if args.elevation.strip() else None
        check_number(changes["elevation_gain_m"], 0, MAX_ELEVATION_GAIN_M, "an elevation gain of", " m")
    return changes


def cmd_edit(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import records

    units = ctx.settings.units
    fields = ("date", "title", "note", "tag", "words", "challenge", "url", "sport", "distance", "duration", "pool",
              "hr", "elevation", "topic", "res")
    if all(getattr(args, name, None) is None for name in fields):
        raise UserError("nothing to change: give at least one field, e.g. --title 'New title'", EXIT_USAGE)
    try:
        before = records.get(ctx, args.what, args.id)  # (writing or workout: the registry's kinds)
        changes = _edit_changes(ctx, args, before) if args.what != "study" else _study_changes(ctx, args)
        after = records.update(ctx, before, changes)
    except LookupError as exc:
        raise UserError(str(exc.args[0])) from None
    except ParseError:
        raise
    except ValueError as exc:
        raise UserError(str(exc), EXIT_USAGE) from None
    if args.json:
        print_json(after)
        return EXIT_OK
    changed = [FIELD_NAMES.get(name, name) for name in after._fields if name not in DERIVED
               and getattr(before, name) != getattr(after, name)]
    describe = _describe(after, ctx.today, units)
    print(f"Updated {describe}" + (f" (changed: {', '.join(changed)})" if changed else " (nothing changed)"))
    return EXIT_OK


def cmd_delete(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import records

    try:
        record = records.get(ctx, args.what, args.id)  # (writing or workout: the registry's kinds)
    except LookupError as exc:
        raise UserError(str(exc.args[0])) from None
    describe = _describe(record, ctx.today, ctx.settings.units)
    if not args.yes and not confirm(f"Delete {describe}?"):
        print("Nothing deleted.")
        return EXIT_OK
    try:
        records.delete(ctx, record)
    except LookupError as exc:  # (deleted elsewhere while the question was asked)
        raise UserError(str(exc.args[0])) from None
    print(f"Deleted {describe}")
    return EXIT_OK


def _describe(record: Any, today: date, units: str) -> str:  # noqa: ANN401
    if isinstance(record, WritingEntry):
        return describe_writing(record, today)
    if record.__class__.__name__ == "StudySession":
        from studylog.cli import study

        return study.describe(record, today)
    return describe_workout(record, today, units)


def _study_changes(ctx: Context, args: argparse.Namespace) -> dict[str, Any]:
    from studylog.cli import study

    return study.changes(ctx, args)


def cmd_streak(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import writing

    summary, today_words = writing.streak(ctx)
    target = ctx.settings.daily_word_target
    if args.json:
        def span(s: Any) -> dict[str, Any]:
            return {"days": s.days, "start": s.start and s.start.isoformat(), "end": s.end and s.end.isoformat()}

        challenge = summary.challenge
        print(json.dumps({
            "current": span(summary.current),
            "longest": span(summary.longest),
            "challenge": None if challenge is None else {"name": challenge.name, "day": challenge.day,
                                                         "of": challenge.length},
            "today": {"words": today_words, "target": target},
        }, ensure_ascii=False, indent=2))
        return EXIT_OK

    def line(label: str, s: Any, never: str) -> str:
        if not s.days:
            return f"{label}: {never}"
        unit = "day" if s.days == 1 else "days"
        span = s.start.isoformat() if s.start == s.end else f"{s.start.isoformat()} to {s.end.isoformat()}"
        return f"{label}: {s.days} {unit} ({span})"

    # ("none yet" only before any: after a streak ended, there is none now)
    print(line("Current streak", summary.current, "none now" if summary.longest.days else "none yet"))
    print(line("Longest streak", summary.longest, "none yet"))
    if summary.challenge:
        c = summary.challenge
        from studylog.formatting import format_challenge_day

        print(f"Challenge: {format_challenge_day(c.day, c.length)} ({c.name})")
    if target and summary.written_today:
        print(f"Today: {today_words:,} of {target:,} words" + (" ✓" if today_words >= target else ""))
    if summary.current.days and not summary.written_today:
        print(f"Nothing written today yet: write today to make it {summary.current.days + 1}.")
    elif not summary.current.days:
        print('Start one today: studylog log write "what you wrote" --words 300')
    return EXIT_OK



def print_list(what: str, rows: list[Any], today: date, units: str, *, total: int | None) -> None:
    """The records as a plain table (no rich: a quick command)."""
    import sys

    from studylog.cli import textable
    from studylog.formatting import format_distance, format_duration, format_pace, format_pool
    from studylog.text import one_line

    if not rows:
        hint = 'studylog log write "notes" --words 300' if what == "writing" else "studylog log run 5k 28:30"
        print(f"No {what} yet in this range. Add some: {hint}")
        return
    header: tuple[str, ...]
    cells: list[tuple[str, ...]]
    right: tuple[bool, ...]
    caps: tuple[int | None, ...]
    if what == "writing":
        header = ("ID", "Date", "Words", "Title", "Challenge", "Tags")
        cells = [(str(e.id), e.day.isoformat(), f"{e.words:,}", one_line(e.title or e.note), e.challenge or "",
                  " ".join(f"#{t}" for t in e.tags)) for e in rows]
        right, caps = (True, False, True), (None, None, None, 48, 24, 24)
    else:
        header = ("ID", "Date", "Sport", "Distance", "Time", "Pace", "Title")
        cells = [(str(w.id), w.day.isoformat(), w.sport, format_distance(w.distance_m, units, w.sport) + (
                  f" ({format_pool(w.distance_m, w.pool_length_m, units)})" if w.pool_length_m else ""),
                  format_duration(w.duration_s), format_pace(w.distance_m, w.duration_s, units, w.sport),
                  one_line(w.title)) for w in rows]
        right, caps = (True, False, False, True, True, True), (None, None, None, None, None, None, 40)
    sys.stdout.write(textable.render(header, cells, right=right, max_widths=caps, bold_header=sys.stdout.isatty()))
    if total is not None and total > len(rows):
        print(f"{len(rows)} of {total:,} shown; use --limit N (0 for all) or --since DATE for more")
