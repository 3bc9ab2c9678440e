"""The ``studylog`` command: argument parsing and output; the workflows it calls are studylog.api's.

Each group of commands is a module of this package (``today``: today; ``show``: show; ``habits``: habit, done; ``entries``: log, list, edit, delete, streak;
``reading``: read; ``resources``: res; ``imports``: import; ``records``: records, progress; ``goals``: goal, skip; ``review``: reflect, review; ``topic``: topic; ``cohort``: cohort;
``transfer``: export, and import json; ``feeds``: feeds; ``search``: search; ``admin``: db, config, demo, tui). Only the module a
command needs is imported, and only the parts of the parser it needs are built, so quick commands
(log, list, streak) start with the standard library, the stdlib sqlite3 services and, for tables, rich.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import sys
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from studylog import __version__
from studylog.clock import Clock, clock_from_env
from studylog.limits import Implausible
from studylog.parsing import ParseError, parse_count, parse_date, parse_id
from studylog.paths import Locations

if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Iterator

    from studylog.config import Settings

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2

# command -> the module of this package that registers and runs it (in the order help lists them)
COMMANDS = {
    "today": "today", "log": "entries", "list": "entries", "edit": "entries", "delete": "entries",
    "streak": "entries", "show": "show", "habit": "habits", "done": "habits",
    "read": "reading", "res": "resources", "import": "imports", "records": "records", "progress": "records",
    "feeds": "feeds", "search": "search",
    "goal": "goals", "skip": "goals", "reflect": "review", "review": "review",
    "topic": "topic",
    "cohort": "cohort",
    "export": "transfer", "db": "admin", "config": "admin", "demo": "admin", "tui": "admin",
}


class UserError(Exception):
    """A problem to report in one line on stderr, with an exit status."""

    def __init__(self, message: str, status: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.status = status


class Context:
    """What every command needs: where the data is, the clock, and (read on first use) the settings."""

    def __init__(self, locations: Locations, clock: Clock) -> None:
        self.locations = locations
        self.clock = clock
        self._settings: Settings | None = None
        self._conn: sqlite3.Connection | None = None
        self._identity: tuple[int, int] | None = None

    @property
    def settings(self) -> Settings:
        """The settings; a value in the file that does not read is said once on stderr (file and key) and
        the default is used: the command goes on, and `config set` repairs the file."""
        if self._settings is None:
            from studylog import config

            self._settings, problems = config.load_lenient(self.locations.config)
            if problems:
                more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
                print(f"studylog: {problems[0]}{more}", file=sys.stderr)
        return self._settings

    @property
    def today(self) -> date:
        return self.clock.today()

    def connect(self) -> sqlite3.Connection:
        from studylog.db.errors import DatabaseError
        from studylog.db.opening import open_database

        try:
            return open_database(self.locations.db, self.clock)
        except DatabaseError as exc:
            raise UserError(str(exc)) from None
        except OSError as exc:
            raise UserError(f"cannot open the database at {self.locations.db}: {exc.strerror or exc}") from None

    @contextlib.contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """``with ctx.connection() as conn:`` the command's connection to the database (see connect): opened
        on first use and kept until the command ends (close()), so a command that calls the application
        layer several times pays for opening once. A database moved, deleted or replaced since it was
        opened (during a question or an editor) is said in one line: never written to, never made anew."""
        if self._conn is None:
            self._conn = self.connect()
            self._identity = _identity(self.locations.db)
        elif _identity(self.locations.db) != self._identity:
            from studylog.io.common import shown_path

            raise UserError(f"the database {shown_path(self.locations.db)} was moved, deleted or replaced while "
                            f"studylog was running; nothing more was changed")
        yield self._conn

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()



def _identity(path: Path) -> tuple[int, int] | None:
    """Which file ``path`` is (device, inode), or None when there is none."""
    try:
        found = path.stat()
    except (OSError, ValueError):
        return None
    return found.st_dev, found.st_ino


# ---------------------------------------------------------------------------------------------- helpers

def parse_day(ctx: Context, value: str) -> date:
    return parse_date(value, ctx.today)


def opt_text(value: str | None) -> str | None:
    return value if value is None else (value.strip() or None)


def jsonable(value: Any) -> Any:
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        out = {name: jsonable(item) for name, item in value._asdict().items()}
        if hasattr(value, "pace_s_per_km"):
            out["pace_s_per_km"] = value.pace_s_per_km
        return out
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def print_json(value: Any) -> None:
    print(json.dumps(jsonable(value), ensure_ascii=False, indent=2))


# ------------------------------------------------------------------------------------------------ parser

def _wanted(argv: list[str]) -> tuple[str | None, str | None]:
    """The command (and the word after it) named in argv, so that only their parsers are built:
    argparse costs about half a millisecond per option, and quick commands should start fast."""
    words: list[str] = []
    i = 0
    while i < len(argv) and len(words) < 2:
        token = argv[i]
        if token == "--db":
            i += 2
            continue
        if token.startswith("-"):
            if not words:
                return None, None  # --help, --version or an unknown option: build everything
            i += 1
            continue
        words.append(token)
        i += 1
    command = words[0] if words and words[0] in COMMANDS else None
    return command, (words[1] if command and len(words) > 1 else None)


class Parser(argparse.ArgumentParser):
    """argparse, but a mistake in the arguments is one line (with where to find help), exit status 2."""

    def _get_values(self, action: argparse.Action, arg_strings: list[str]) -> Any:
        # Python 3.11 drops a value that is "--" itself ("--title=--" gave []): it is the value typed
        if arg_strings == ["--"] and action.nargs in (None, argparse.OPTIONAL):
            return self._get_value(action, "--")
        return super()._get_values(action, arg_strings)

    def error(self, message: str) -> NoReturn:
        from studylog.text import clean

        shown = clean(message, multiline=False) or "bad arguments"
        self.exit(EXIT_USAGE, f"{self.prog}: {shown} (see {self.prog} --help)\n")


def id_arg(text: str) -> int:
    """A record's id on the command line: 1 to SQLite's largest integer, or argparse's one-line error."""
    try:
        return parse_id(text)
    except ParseError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def int_arg(low: int, high: int, what: str) -> Any:
    """An argparse type: a whole number from ``low`` to ``high`` (one line when it is not)."""
    def read(text: str) -> int:
        try:
            return parse_count(text, what, str(low), low=low, high=high)
        except ParseError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    read.__name__ = what  # argparse names the type in its message
    return read


def path_arg(text: str) -> Path:
    """An argparse type: a file path, never empty (Path("") would be the current folder)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("a file name is needed, e.g. -o review.md")
    return Path(text).expanduser()


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser; given argv, only the parts that argv names (help output is unchanged)."""
    only, sub = _wanted(argv) if argv is not None else (None, None)
    parser = Parser(
        prog="studylog",
        description="A learning and habit tracker: writing streaks, workouts, reading and study lists. "
                    "Run with no command to open the app.",
    )
    parser.add_argument("--db", metavar="PATH", help="use this database file instead of the default")
    parser.add_argument("--version", action="version", version=f"studylog {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in COMMANDS.items():
        if only is None or only == name:
            _module(module).register(commands, name, sub if only == name else None)
    return parser


def _module(name: str) -> Any:
    return importlib.import_module(f"studylog.cli.{name}")


# -------------------------------------------------------------------------------------------------- main

def main(argv: list[str] | None = None, *, clock: Clock | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    for stream in (sys.stdout, sys.stderr):  # a file name that was not UTF-8 is shown, never a traceback
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")
    if _asks_version(argv):  # (before any parser is built: nothing else is imported for it)
        print(f"studylog {__version__}")
        return EXIT_OK
    args = build_parser(argv).parse_args(argv)
    try:
        clock = clock or clock_from_env()
    except ValueError:
        print("studylog: STUDYLOG_TODAY must be a date like 2026-11-24, from 1900-01-01 to 2100-12-31",
              file=sys.stderr)
        return EXIT_USAGE
    ctx = Context(Locations.resolve(args.db), clock)
    try:
        return _run(ctx, args)
    except ParseError as exc:
        print(f"studylog: {_shown(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except Implausible as exc:
        print(f"studylog: {_shown(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except UserError as exc:
        print(f"studylog: {_shown(exc)}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        print("studylog: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the database or the disk failed (damaged, read-only, full, busy): one line
        from studylog.db.errors import failure_message

        message = failure_message(exc, ctx.locations.db)
        if message is None:
            raise
        print(f"studylog: {_shown(message)}", file=sys.stderr)
        return EXIT_ERROR


def _run(ctx: Context, args: argparse.Namespace) -> int:
    try:
        return int(_module(COMMANDS[args.command or "tui"]).run(ctx, args))
    finally:
        ctx.close()


def _asks_version(argv: list[str]) -> bool:
    """``studylog --version`` (after ``--db PATH`` too), as argparse would answer it, without building it."""
    words = list(argv)
    while len(words) >= 2 and words[0] == "--db":
        words = words[2:]
    return words == ["--version"]


def _shown(message: object) -> str:
    """A message as one line without control characters (it may quote a file name or what was typed)."""
    from studylog.text import clean

    return clean(str(message), multiline=False) or "error"


def refuse_ambiguous(exc: Exception, describe: Any, nothing: str = "changed") -> NoReturn:  # noqa: ANN401
    """A name several records share: the matches on stdout, one a line, then the one-line refusal on stderr
    (UserError, exit status 1); ``nothing`` says what was not done ("changed", "stored", "marked")."""
    for match in getattr(exc, "matches", ()):
        print(f"  {_shown(describe(match))}")
    raise UserError(f"{exc}; nothing was {nothing} (the matches are listed above)")


def confirm(question: str) -> bool:
    """A yes/no question on the terminal, no by default (no answer at all, as from an empty stdin: no)."""
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        answer = ""
    return answer.strip().lower() in ("y", "yes")


def list_limit(text: str | None, default: int | None) -> int | None:
    """``--limit``: at most that many rows, 0 for all (None); ``default`` when it is not given."""
    if text is None:
        return default
    from studylog.limits import MAX_LIST_LIMIT

    return parse_count(text, "limit", "20", high=MAX_LIST_LIMIT) or None


def print_more(shown: int, total: int | None) -> None:
    """The last line of a list cut at its limit (as `studylog list` says it)."""
    if total is not None and total > shown:
        print(f"{shown} of {total:,} shown; use --limit N (0 for all) for more")


if __name__ == "__main__":
    raise SystemExit(main())
