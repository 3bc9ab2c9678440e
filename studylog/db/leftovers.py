"""What a killed studylog leaves behind, and its removal at the next start.

A restore copies the backup to ``.studylog.db.restoring-PID`` beside the database, and a backup is
written as ``backups/.NAME.db.partial-PID`` (with SQLite's ``-journal`` beside it) before it is renamed
to its backup name. A process killed with SIGKILL in the middle leaves those files; since they never
carry a backup's name, they are never taken for good backups, and the next studylog to open the database
removes them (those of a process still running are left alone). Standard library only: this runs on
every start.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

# (".lock": the lock a demo made under its partial name takes while its database is created)
_LEFTOVER = re.compile(r"\..+\.(?:restoring|partial)-(?P<pid>\d+)(?:-journal|-wal|-shm|\.lock)?")


def partial_name(target: Path) -> Path:
    """Where a file on its way to ``target`` is written first (this process's own name)."""
    return target.with_name(f".{target.name}.partial-{os.getpid()}")


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or no way to tell: leave its files alone
    return True


def remove_leftovers(database: Path) -> list[Path]:
    """Remove the half-made restores and backups of processes that are gone; returns what was removed."""
    removed = []
    for folder in (database.parent, database.parent / "backups"):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            found = _LEFTOVER.fullmatch(entry.name)
            if found is None or _running(int(found["pid"])):
                continue
            try:
                os.unlink(entry.path)
            except OSError:
                continue
            removed.append(Path(entry.path))
    return removed
