"""``studylog show KIND ID``: a whole record, every field and the full note."""

from __future__ import annotations

import argparse

from studylog.cli import EXIT_OK, Context, UserError, id_arg, print_json

KINDS = {"writing": "writing", "workout": "workout", "read": "reading", "res": "resource", "study": "study",
         "reading": "reading", "resource": "resource"}  # (the last two: the kinds' own names, also understood)
LONG = ("Note", "Review", "Description")  # whole, under their label, in as many lines as they have


def register(commands: argparse._SubParsersAction, name: str, sub: str | None) -> None:
    show = commands.add_parser("show", help="a whole record: every field and the full note",
                               description="Show a whole record: every field, and the full note or review.")
    show.add_argument("what", choices=list(KINDS))
    show.add_argument("id", type=id_arg)
    show.add_argument("--json", action="store_true")


def run(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import records
    from studylog.formatting import record_fields, record_heading

    try:
        record = records.get(ctx, KINDS[args.what], args.id)
    except LookupError as exc:
        raise UserError(str(exc.args[0])) from None
    if args.json:
        print_json(record)
        return EXIT_OK
    print(text_of(record_heading(record), record_fields(record, ctx.settings.units)))
    return EXIT_OK


def text_of(heading: str, fields: list[tuple[str, str]]) -> str:
    """The record as plain lines: the short fields aligned, the long ones whole below them."""
    import shutil
    import textwrap

    from studylog.text import clean, one_line

    room = max(40, min(100, shutil.get_terminal_size((80, 24)).columns) - 2)
    short = [(label, value) for label, value in fields if label not in LONG]
    width = max((len(label) for label, _ in short), default=0)
    lines = [heading, *(f"{label.ljust(width)}  {one_line(value)}" for label, value in short)]
    for label, value in fields:
        if label in LONG:
            lines += ["", f"{label}:"]
            for line in (clean(value) or "").splitlines():  # (its own lines kept; long ones wrapped)
                lines += textwrap.wrap(line, room, initial_indent="  ", subsequent_indent="  ") or [""]
    return "\n".join(lines)
