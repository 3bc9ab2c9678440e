"""topic: a topic's dossier as Markdown, to read or to share (``-o`` writes a file)."""

from __future__ import annotations

import argparse
import sys

from studylog.cli import EXIT_OK, EXIT_USAGE, Context, UserError, path_arg


def register(commands: argparse._SubParsersAction, name: str, sub: str | None) -> None:
    topic = commands.add_parser("topic", help="a topic's dossier as Markdown: its resources, study time, papers "
                                              "and books, writing and a timeline")
    topic.add_argument("topic", help='a topic, e.g. "Deep Learning/Transformers", or any part of one ("transformers"); '
                                     "its subtopics are included")
    topic.add_argument("-o", "--output", type=path_arg, help="write to this file instead of the screen")
    topic.add_argument("--force", action="store_true", help="overwrite an existing output file")


def run(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import dossier

    try:
        built = dossier.dossier(ctx, args.topic)
    except ValueError as exc:
        raise UserError(str(exc), EXIT_USAGE) from None
    except LookupError as exc:
        raise UserError(str(exc.args[0])) from None
    content = dossier.markdown(built)
    if args.output is None:
        sys.stdout.write(content)
        return EXIT_OK
    from studylog.cli.files import output_file, write_atomically
    from studylog.io.common import shown_path

    target = output_file(args.output, f"dossier-{built.name}.md", force=args.force, locations=ctx.locations)
    write_atomically(target, content)
    print(f"Wrote the dossier of {built.name} to {shown_path(target)}")
    return EXIT_OK
