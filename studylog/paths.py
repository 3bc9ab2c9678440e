"""Every place studylog reads or writes on disk, in one module.

Order of precedence: an explicit ``--db PATH`` for the database; ``STUDYLOG_HOME=DIR`` for everything
(database, backups, config); otherwise the platformdirs user data and config directories.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

APP_NAME = "studylog"
DB_FILENAME = "studylog.db"
DEMO_DB_FILENAME = "demo.db"
CONFIG_FILENAME = "config.toml"
BACKUP_DIRNAME = "backups"


def _same_file(path: Path, others: set[Path]) -> bool:
    """A hard link to one of ``others``?"""
    try:
        stat = path.stat()
    except OSError:
        return False
    for other in others:
        try:
            found = other.stat()
        except OSError:
            continue
        if (stat.st_dev, stat.st_ino) == (found.st_dev, found.st_ino):
            return True
    return False


def make_private_dir(folder: Path) -> None:
    """Make ``folder`` and every missing folder above it readable by the owner only (0700, whatever the
    umask; as XDG asks of the folders an application makes). Folders already there are left as they are;
    one made by another process meanwhile is fine. (``mkdir(parents=True, mode=...)`` gives the parents
    the umask's default, 0755, instead.)"""
    missing: list[Path] = []
    level = Path(folder)
    while not level.is_dir() and level.parent != level:
        missing.append(level)
        level = level.parent
    for level in reversed(missing):
        level.mkdir(mode=0o700, exist_ok=True)  # (FileExistsError when a file is in the way)


def _home() -> Path | None:
    value = os.environ.get("STUDYLOG_HOME")
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    home = _home()
    if home is not None:
        return home
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    home = _home()
    if home is not None:
        return home
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


class Locations(NamedTuple):
    """Where one run of studylog keeps its database, backups and settings."""

    db: Path
    config: Path

    @property
    def backups(self) -> Path:
        """Backups sit in a ``backups`` folder beside the database they copy."""
        return self.db.parent / BACKUP_DIRNAME

    @classmethod
    def resolve(cls, db: str | os.PathLike[str] | None = None) -> Locations:
        db_path = Path(db).expanduser() if db else data_dir() / DB_FILENAME
        return cls(db=db_path.absolute(), config=(config_dir() / CONFIG_FILENAME).absolute())

    def protected(self, output: Path) -> str | None:
        """Why ``output`` must not be written by an export or a review (it is the database, its -wal,
        -shm or -journal, a backup, or the settings file), or None. Links and other names for the same
        file are seen through."""
        if not str(output).strip():
            return "no file name given"
        target = Path(os.path.realpath(output))
        db = Path(os.path.realpath(self.db))
        kept = {db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"),
                db.with_name(db.name + "-journal"), Path(os.path.realpath(self.config))}
        backups = Path(os.path.realpath(self.backups))
        if target in kept or target.parent == backups or _same_file(target, kept):
            return f"{output} is studylog's own data (the database, its journal, a backup or the settings)"
        return None

    def demo(self) -> Locations:
        return Locations(db=data_dir().absolute() / DEMO_DB_FILENAME, config=self.config)
