"""cohort: a mentor's view of several people's progress exports of one list (``res export --with-progress``),
as a table of item by person: a text table on the screen, Markdown with ``-o``, or ``--json``."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from studylog.cli import EXIT_OK, Context, UserError, path_arg, print_json

if TYPE_CHECKING:
    from studylog.reports.cohort import Cohort

TITLE_WIDTH, TOPIC_WIDTH = 40, 20  # columns of the text table (user text cut to fit, never a status)


def register(commands: argparse._SubParsersAction, name: str, sub: str | None) -> None:
    from studylog.cli.files import add_max_size

    cohort = commands.add_parser(
        "cohort", help="compare progress exports of one list from several people (item by person)",
        description="Read progress exports of one list (written by 'studylog res export --with-progress'), "
                    "one per person, and show each item's status for each person: done, studying, skipped, "
                    "new, stalled (studying for more than 14 days) or — (not in their file), with totals. "
                    "A person is named by the file's name without .md. A folder stands for its .md files.")
    cohort.add_argument("files", nargs="+", type=path_arg, metavar="FILE", help="a progress export, or a folder of them")
    cohort.add_argument("-o", "--output", type=path_arg, help="write Markdown (or JSON with --json) to this file")
    cohort.add_argument("--force", action="store_true", help="overwrite an existing output file")
    cohort.add_argument("--json", action="store_true", help="print the data as JSON")
    add_max_size(cohort, "markdown", what="the files")


def run(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import cohort as api
    from studylog.io.cohort_markdown import UNRELATED
    from studylog.io.common import FileRejected

    try:
        built = api.cohort(args.files, ctx.today, max_size=args.max_size)
    except FileRejected as exc:
        raise UserError(str(exc)) from None
    for skipped in built.skipped:
        print(f"studylog: skipped {skipped.reason}", file=sys.stderr)
    if built.unrelated:
        print(f"studylog: warning: {UNRELATED}", file=sys.stderr)
    if args.output is None:
        if args.json:
            print_json(built)
        else:
            sys.stdout.write(text_table(built))
        return EXIT_OK
    if args.json:
        import json

        from studylog.cli import jsonable

        content, suffix = json.dumps(jsonable(built), ensure_ascii=False, indent=2) + "\n", "json"
    else:
        content, suffix = api.markdown(built), "md"
    from studylog.cli.files import output_file, write_atomically
    from studylog.io.common import shown_path

    target = output_file(args.output, f"cohort.{suffix}", force=args.force, locations=ctx.locations)
    write_atomically(target, content)
    people = len(built.people)
    print(f"Wrote the cohort of {people} {'person' if people == 1 else 'people'} to {shown_path(target)}")
    return EXIT_OK


def text_table(c: Cohort) -> str:
    """The cohort for a terminal: a line on what it is, the item table, the totals table."""
    from studylog.cli.textable import render
    from studylog.io.cohort_markdown import NO_TOPIC, by_topic, shown, summary, totals, totals_header
    from studylog.text import clean

    names = [clean(p.name, multiline=False) or "?" for p in c.people]
    rows = []
    for topic, group in by_topic(c):
        for n, row in enumerate(group):
            label = (clean(topic, multiline=False) or NO_TOPIC) if n == 0 else ""
            title = clean(row.title, multiline=False) or row.url
            rows.append([label, title, *(shown(s) for s in row.cells)])
    name = clean(c.title, multiline=False)
    head = f"{name} · {summary(c)}" if name else summary(c)
    items = render(["Topic", "Item", *names], rows, max_widths=[TOPIC_WIDTH, TITLE_WIDTH])
    people = render(list(totals_header()), [[name, *(f"{n:,}" for n in totals(p))] for name, p in
                                              zip(names, c.people, strict=True)],
                    right=[False] + [True] * (len(totals_header()) - 1))
    return f"{head}\n\n{items}\n{people}"
