"""db, config, demo and tui: the database file, settings, a generated history, and the app."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from studylog.cli import EXIT_ERROR, EXIT_OK, EXIT_USAGE, Context, UserError, int_arg
from studylog.paths import Locations


def register(commands: argparse._SubParsersAction, name: str, sub: str | None) -> None:
    if name == "db":
        db = commands.add_parser("db", help="the database file: path, upgrade, backup, check, restore, reindex",
                                 description="The database file. 'restore' puts back the newest backup that "
                                             "passes SQLite's integrity check (or the one given); the file it "
                                             "replaces is kept beside it, never deleted. 'reindex' refills "
                                             "the full-text search index and the writing streak's runs from the records.")
        db.add_argument("action", choices=["path", "upgrade", "backup", "check", "restore", "reindex"])
        db.add_argument("--backup", type=Path, metavar="FILE", help="restore: this backup file")
        db.add_argument("--yes", "-y", action="store_true", help="restore: do not ask")
    elif name == "config":
        _add_config(commands)
    elif name == "demo":
        demo = commands.add_parser("demo", help="try studylog on a generated history (never your own data)")
        demo.add_argument("--years", type=int_arg(1, 50, "years"), default=1)
        demo.add_argument("--db", dest="demo_db", metavar="PATH",
                          help="a new file to create (default: demo.db in the data folder, replaced each time)")
        demo.add_argument("--seed", type=int_arg(0, 2**32 - 1, "seed"), default=7)
        demo.add_argument("--no-tui", action="store_true", help="create the database and exit")
    elif name == "tui":
        commands.add_parser("tui", help="open the app (the same as no command)")


def run(ctx: Context, args: argparse.Namespace) -> int:
    if args.command in (None, "tui"):
        return run_tui(ctx)
    return {"db": cmd_db, "config": cmd_config, "demo": cmd_demo}[args.command](ctx, args)


def _add_config(commands: argparse._SubParsersAction) -> None:
    cfg = commands.add_parser("config", help="show or change settings (units, week_start, ...)")
    cfg_actions = cfg.add_subparsers(dest="action", metavar="show|get|set|path")
    cfg_actions.add_parser("show")
    cfg_actions.add_parser("path")
    get = cfg_actions.add_parser("get")
    get.add_argument("key")
    set_ = cfg_actions.add_parser("set")
    set_.add_argument("key")
    set_.add_argument("value")


def cmd_db(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.io.common import shown_path

    path = ctx.locations.db
    if args.action != "restore" and (args.backup is not None or args.yes):
        raise UserError("--backup and --yes go with 'studylog db restore'", EXIT_USAGE)
    if args.action == "path":
        print(shown_path(path))
        return EXIT_OK
    from studylog.db.errors import DatabaseDamaged, DatabaseError, restore_hint
    from studylog.db.files import HEAD_REVISION, header_problem

    try:
        if args.action == "restore":
            return db_restore(ctx, args)
        if args.action == "reindex":
            from studylog.api import admin, search

            count = search.rebuild(ctx)
            runs = admin.rebuild_runs(ctx)
            print(f"Rebuilt the search index of {shown_path(path)}: {count:,} record{'' if count == 1 else 's'}; "
                  f"and the writing streak's runs: {runs:,}")
            return EXIT_OK
        if args.action == "upgrade":
            from studylog.db import migrate  # (here and below: not imported by `db check`, a quick command)

            result = migrate.upgrade(path, ctx.clock)
            if result.created:
                print(f"Created {shown_path(path)} at schema {result.to_revision}")
            elif result.from_revision == result.to_revision:
                print(f"{shown_path(path)} is already at the newest schema ({result.to_revision})")
            else:
                print(f"Upgraded {shown_path(path)} from {result.from_revision} to {result.to_revision}; "
                      f"backup: {result.backup}")
            return EXIT_OK
        if not path.exists():
            raise UserError(f"no database at {shown_path(path)} yet (it is created by the first 'studylog log ...')")
        if args.action == "backup":
            from studylog.db import backups

            problem = header_problem(path)
            if problem:
                raise DatabaseDamaged(f"{shown_path(path)} is damaged ({problem}); a copy of it would not help: "
                                      f"{restore_hint(path)}")
            print(f"Backed up {shown_path(path)} to {backups.backup(path, ctx.clock, reason='manual')}")
            return EXIT_OK
        from studylog.api import admin

        report = admin.check(path, today=ctx.today)
    except DatabaseError as exc:
        raise UserError(str(exc)) from None
    print(f"database: {shown_path(path)}")
    if report.damaged:
        print(f"integrity check: {'; '.join(report.integrity[:10])}")
        if len(report.integrity) > 10:
            print(f"  ... and {len(report.integrity) - 10} more problems")
        print(f"PROBLEMS FOUND: the database is damaged; {restore_hint(path, suggest_check=False)}")
        return EXIT_ERROR
    print(f"schema revision: {report.revision or 'none'} (this studylog: {HEAD_REVISION})")
    print(f"integrity check: {', '.join(report.integrity)}")
    print(f"foreign keys: {'ok' if not report.foreign_keys else '; '.join(report.foreign_keys)}")
    if report.needs_upgrade:  # (its schema is not compared: the upgrade makes it current)
        print(f"schema: {report.upgrade_hint}")
    else:
        print(f"schema matches the models: {'yes' if not report.schema_differences else 'no'}")
        for diff in report.schema_differences:
            print(f"  {diff}")
        if report.schema_hint:
            print(f"how to mend the schema: {report.schema_hint}")
    _print_values(report.values)
    if not report.needs_upgrade:
        print("streak runs: ok" if not report.derived else "streak runs:")
        for line in report.derived:
            print(f"  {line}")
    upgrade_only = report.needs_upgrade and not report.foreign_keys and not report.values
    print("OK" if report.ok else "UPGRADE NEEDED" if upgrade_only else "PROBLEMS FOUND")
    return EXIT_OK if report.ok else EXIT_ERROR


VALUES_SHOWN = 100


def _print_values(values: list[str]) -> None:
    """Values out of range, one line each (table, id, column, the rule, the value); the first hundred."""
    if not values:
        print("values: ok")
        return
    print(f"values: {len(values):,} out of range (values studylog itself would not store)")
    for line in values[:VALUES_SHOWN]:
        print(f"  {line}")
    if len(values) > VALUES_SHOWN:
        print(f"  ... and {len(values) - VALUES_SHOWN:,} more")


def db_restore(ctx: Context, args: argparse.Namespace) -> int:
    """Put back a backup (asking first); the file it replaces is renamed, never deleted."""
    from studylog.db import backups, files

    path = ctx.locations.db
    chosen = backups.choose_backup(path, args.backup.expanduser().absolute() if args.backup else None)
    when = files.backup_time(chosen)
    if path.exists():
        problem = backups.database_problem(path)
        state = f"the damaged database ({problem})" if problem else "the current database (it is not damaged)"
        fate = f"it is kept as {path.name}.{'damaged' if problem else 'replaced'}-<time> beside it"
    else:
        state, fate = "nothing (there is no database file)", "nothing is moved"
    if not args.yes:
        print(f"Restore the backup {chosen} (from {when}) in place of {state} at {path}; {fate}. "
              f"Close the app first if it is open.")
        try:
            answer = input("Restore it? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing restored.")
            return EXIT_OK
    result = backups.restore(path, ctx.clock, chosen)
    if result.kept is not None:
        print(f"Moved the {'damaged' if result.damaged else 'previous'} database aside to {result.kept}")
    print(f"Restored {path} from {chosen} (from {when})")
    return EXIT_OK


def cmd_config(ctx: Context, args: argparse.Namespace) -> int:
    from studylog import config

    path = ctx.locations.config
    if args.action == "path":
        print(path)
    elif args.action in (None, "show"):
        for key, value in ctx.settings._asdict().items():
            print(f"{key} = {value if value != '' else 'none'}")
    elif args.action == "get":
        values = ctx.settings._asdict()
        if args.key not in values:
            raise UserError(f"unknown setting {args.key!r}; known: {', '.join(sorted(values))}", EXIT_USAGE)
        print(values[args.key])
    else:
        try:
            settings = ctx.settings.with_value(args.key, args.value)
        except config.ConfigError as exc:
            raise UserError(str(exc), EXIT_USAGE) from None
        config.save(path, settings)
        print(f"{args.key} = {getattr(settings, args.key) if getattr(settings, args.key) != '' else 'none'} "
              f"(saved in {path})")
    return EXIT_OK


def cmd_demo(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.io.common import shown_path

    if args.years < 1 or args.years > 50:
        raise UserError("--years must be between 1 and 50", EXIT_USAGE)
    chosen = args.demo_db or args.db
    if chosen:
        path = Path(chosen).expanduser().absolute()
        if path == Locations.resolve().db:
            raise UserError(f"{shown_path(path)} is your own database; the demo only writes to a new file",
                            EXIT_USAGE)
        if path.is_symlink() or (path.exists() and (not path.is_file() or path.stat().st_size > 0)):
            raise UserError(f"{shown_path(path)} already exists; the demo only writes to a new file (delete it or "
                            f"pick another path)", EXIT_USAGE)
    else:
        path = ctx.locations.demo().db
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
    from studylog.api import admin

    n_writing, n_workouts = admin.make_demo(path, ctx.clock, years=args.years, seed=args.seed)
    print(f"Demo database {shown_path(path)}: {n_writing:,} writing entries and {n_workouts:,} workouts over "
          f"{args.years} year{'s' if args.years != 1 else ''}")
    cohort = path.with_name(f"{path.stem}-cohort")
    try:
        admin.write_demo_cohort(path, cohort, ctx.clock, seed=args.seed)
        print(f"A mentor's cohort to try: studylog cohort {shown_path(cohort)}")
    except OSError as exc:  # (the database is made: only the example files could not be written)
        print(f"studylog: the cohort example could not be written to {shown_path(cohort)}: {exc.strerror or exc}",
              file=sys.stderr)
    if args.no_tui:
        return EXIT_OK
    return run_tui(Context(Locations(db=path, config=ctx.locations.config), ctx.clock))


def run_tui(ctx: Context) -> int:
    from studylog.tui.app import run

    return run(ctx.locations, ctx.clock)

