"""reflect and review: write what was planned, achieved and learned; read the week or the year back."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from typing import TYPE_CHECKING

from studylog.cli import EXIT_OK, EXIT_USAGE, Context, UserError, path_arg, print_json

if TYPE_CHECKING:
    from studylog.reports.review import WeekReview, YearReview

LABELS = {"week": ("Planned", "Achieved", "Learned"), "year": ("Planned", "Achieved", "Key learnings")}
FIELDS = ("planned", "achieved", "learned")


def register(commands: argparse._SubParsersAction, name: str, sub: str | None) -> None:
    if name == "reflect":
        reflect = commands.add_parser("reflect", help="write what you planned, achieved and learned (a week or a "
                                                      "year); with no text, opens $EDITOR")
        kinds = reflect.add_subparsers(dest="kind", metavar="week|year", required=True)
        for kind, example in (("week", "2026-W47, this, last, next or a date"), ("year", "2026, this or last")):
            one = kinds.add_parser(kind)
            one.add_argument("when", nargs="?", default="this", help=f"{example} (default: this)")
            one.add_argument("--planned")
            one.add_argument("--achieved")
            one.add_argument("--learned", help="what you learned" + (" (key learnings)" if kind == "year" else ""))
        return
    review = commands.add_parser("review", help="the weekly review or the year in review, as Markdown")
    kinds = review.add_subparsers(dest="kind", metavar="week|year", required=True)
    for kind, example in (("week", "2026-W47, this, last or a date"), ("year", "2026, this or last")):
        one = kinds.add_parser(kind)
        one.add_argument("when", nargs="?", default="this" if kind == "week" else "this",
                         help=f"{example} (default: this)")
        one.add_argument("--format", choices=("md", "json", "text"), default="md")
        one.add_argument("-o", "--output", type=path_arg, help="write to this file instead of the screen")
        one.add_argument("--force", action="store_true", help="overwrite an existing output file")


def run(ctx: Context, args: argparse.Namespace) -> int:
    return cmd_reflect(ctx, args) if args.command == "reflect" else cmd_review(ctx, args)


def _period(ctx: Context, kind: str, when: str) -> tuple[str, str]:
    """('2026-W47', '16 Nov – 22 Nov 2026') or ('2026', '2026')."""
    from studylog.parsing import parse_week, parse_year, week_label

    if kind == "year":
        year = parse_year(when, ctx.today)
        return str(year), str(year)
    start = parse_week(when, ctx.today, ctx.settings.week_start_index)
    end = start + timedelta(days=6)
    return week_label(start), f"{start.day} {start:%b} – {end.day} {end:%b} {end.year}"


# ------------------------------------------------------------------------------------------- reflections

def template(kind: str, label: str, span: str, old: object | None) -> str:
    lines = [f"# Reflection for {kind} {label} ({span}).",
             "# Write under each heading; lines starting with # are left out. Save and close to keep it.", ""]
    for field, heading in zip(FIELDS, LABELS[kind], strict=True):
        lines += [f"## {heading}", (getattr(old, field) or "") if old else "", ""]
    return "\n".join(lines)


def parse_template(kind: str, content: str) -> dict[str, str | None]:
    values: dict[str, list[str]] = {field: [] for field in FIELDS}
    headings = {heading.lower(): field for field, heading in zip(FIELDS, LABELS[kind], strict=True)}
    current = None
    for line in content.splitlines():
        if line.startswith("## "):
            current = headings.get(line[3:].strip().lower())
            continue
        if line.startswith("#") or current is None:
            continue
        values[current].append(line)
    return {field: "\n".join(lines).strip() or None for field, lines in values.items()}


def edit_in_editor(text: str) -> str:
    """The reflection's template in the person's editor ($VISUAL or $EDITOR); what they saved."""
    from studylog.editor import EditorError, edit_text

    try:
        return edit_text(text, prefix="studylog-reflection-")
    except EditorError as exc:
        if str(exc).startswith("no editor is set"):
            raise UserError("give --planned, --achieved or --learned, or set EDITOR to write it in an editor",
                            EXIT_USAGE) from None
        raise UserError(f"{exc} (or give --planned, --achieved or --learned)") from None


def cmd_reflect(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import reviews

    label, span = _period(ctx, args.kind, args.when)
    given = {f: getattr(args, f) for f in FIELDS if getattr(args, f) is not None}
    if not given:
        old = reviews.reflection(ctx, args.kind, label)
        given = parse_template(args.kind, edit_in_editor(template(args.kind, label, span, old)))
        if not any(given.values()) and not old:
            raise UserError("nothing was written under the headings; nothing was saved")
    saved = reviews.save_reflection(ctx, args.kind, label, given)
    written = [heading.lower() for field, heading in zip(FIELDS, LABELS[args.kind], strict=True)
               if getattr(saved, field)]
    when = f" ({span})" if span != label else ""
    print(f"Saved the reflection for {args.kind} {label}{when}: {', '.join(written) or 'empty'}")
    return EXIT_OK


# ------------------------------------------------------------------------------------------------ review

def cmd_review(ctx: Context, args: argparse.Namespace) -> int:
    import shutil

    from studylog.api import reviews
    from studylog.cli.files import output_file, write_atomically
    from studylog.io import review_markdown
    from studylog.parsing import parse_week, parse_year, week_label

    settings = ctx.settings
    # text for a terminal: its width (at most 100), else 80; titles in tables cut to fit, never numbers
    width = max(40, min(100, shutil.get_terminal_size((80, 24)).columns) if args.output is None and
                sys.stdout.isatty() else 80)
    cells = max(12, width * 3 // 8) if args.format == "text" else None
    built: WeekReview | YearReview
    if args.kind == "week":
        start = parse_week(args.when, ctx.today, settings.week_start_index)
        label = week_label(start)
        built = reviews.week(ctx, start, settings)
    else:
        year = parse_year(args.when, ctx.today)
        label = str(year)
        built = reviews.year(ctx, year, settings)
    markdown = reviews.markdown(built, settings, cell_chars=cells)
    if args.format == "json":
        import json

        from studylog.cli import jsonable

        content = json.dumps(jsonable(built), ensure_ascii=False, indent=2) + "\n"
    elif args.format == "text":
        content = review_markdown.as_text(markdown, width=width)
    else:
        content = markdown
    if args.output is None:
        if args.format == "json":
            print_json(built)
        else:
            sys.stdout.write(content)
        return EXIT_OK
    target = output_file(args.output, f"review-{label}.{'json' if args.format == 'json' else 'md' if args.format == 'md' else 'txt'}",
                         force=args.force, locations=ctx.locations)
    write_atomically(target, content)
    from studylog.io.common import shown_path

    print(f"Wrote the {args.kind} review to {shown_path(target)}")
    return EXIT_OK
