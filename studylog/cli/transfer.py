"""export json, and import json (registered by the import command): the whole database as one file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studylog.cli import EXIT_OK, Context, UserError, path_arg
from studylog.domain.kinds import TABLES

if TYPE_CHECKING:
    from studylog.config import Settings

LABELS = {table.name: (table.noun, table.plural) for table in TABLES}


def register(commands: argparse._SubParsersAction, name: str, sub: str | None) -> None:
    exp = commands.add_parser(
        "export", help="export everything: studylog export json -o studylog.json",
        description="Write every record, and the settings, to one file that 'studylog import json' restores.")
    formats = exp.add_subparsers(dest="format", metavar="FORMAT", required=True)
    one = formats.add_parser("json", help="every record and the settings as JSON (lossless)")
    one.add_argument("-o", "--output", type=path_arg, help="write to this file instead of the screen")
    one.add_argument("--force", action="store_true", help="overwrite an existing output file")


def register_import(formats: argparse._SubParsersAction) -> None:
    """``import json``: a format of the import command."""
    one = formats.add_parser("json", help="a studylog export (studylog export json), into a new database")
    one.add_argument("file", type=Path)
    one.add_argument("--with-settings", action="store_true", help="also write the export's settings to the "
                                                                   "config file")


def run(ctx: Context, args: argparse.Namespace) -> int:
    return cmd_export_json(ctx, args)


def cmd_export_json(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import transfer

    if args.output is not None:
        from studylog.cli.files import output_file

        args.output = output_file(args.output, "studylog-export.json", force=args.force, locations=ctx.locations)
    settings = ctx.settings._asdict()
    try:
        if args.output is None:
            sys.stdout.write(transfer.export_text(ctx, settings))
            return EXIT_OK
        count, schema = transfer.export_file(ctx, args.output, settings)
    except transfer.TransferError as exc:
        raise UserError(f"cannot export: {exc}") from None
    except OSError as exc:
        raise UserError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    from studylog.io.common import shown_path

    print(f"Wrote {count:,} record{'s' if count != 1 else ''} and the settings to {shown_path(args.output)} "
          f"(schema {schema})")
    return EXIT_OK


def cmd_import_json(ctx: Context, args: argparse.Namespace) -> int:
    """Everything in the file is checked before the database is touched, where that can be done without it."""
    from studylog.api import transfer
    from studylog.cli.files import read_file

    raw = read_file(args.file, "json", args.max_size)
    try:
        data = transfer.read_export(raw)
    except transfer.TransferError as exc:
        raise UserError(f"{args.file}: {exc}; nothing was imported") from None
    settings = _settings(transfer.settings_in(data), args.file) if args.with_settings else None
    try:
        counts = transfer.import_export(ctx, data)  # (an older schema's export: through the migrations)
    except transfer.NotEmpty as exc:
        raise UserError(str(exc)) from None
    except transfer.TransferError as exc:
        raise UserError(f"{args.file}: {exc}; nothing was imported") from None
    if settings is not None:
        from studylog import config

        try:
            config.save(ctx.locations.config, settings)
        except OSError as exc:
            raise UserError(f"the records were imported, but the settings could not be written to "
                            f"{ctx.locations.config}: {exc.strerror or exc}") from None
    found = [f"{n:,} {_label(table, n)}" for table, n in counts.items() if n]
    what = ", ".join(found) if found else "no records (the export is empty)"
    also = f"; settings written to {ctx.locations.config}" if settings is not None else ""
    print(f"Imported {args.file.name} into {ctx.locations.db}: {what}{also}")
    return EXIT_OK


def _label(table: str, n: int) -> str:
    one, many = LABELS.get(table, (table, table))
    return one if n == 1 else many


def _settings(values: dict[str, Any], file: Path) -> Settings:
    """The export's settings, checked as 'studylog config set' checks them (unknown keys are ignored)."""
    from studylog.config import ConfigError, Settings

    settings = Settings()
    try:
        for key, value in values.items():
            if key in settings._fields:
                settings = settings.with_value(key, str(value))
    except ConfigError as exc:
        raise UserError(f"{file}: its settings: {exc}; nothing was imported") from None
    return settings
