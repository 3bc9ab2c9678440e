"""Everything in one JSON file and back (``studylog export json``, ``import json``, the app's export)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studylog.domain.errors import NotEmpty, TransferError

if TYPE_CHECKING:
    from studylog.api import Database

__all__ = ["NotEmpty", "TransferError", "export_file", "export_text", "import_export", "read_export"]


def export_text(db: Database, settings: Mapping[str, Any]) -> str:
    """Every record and the settings, as the JSON text ``export json`` writes."""
    from studylog.services import transfer

    with db.connection() as conn:
        return transfer.dumps(transfer.export_all(conn, settings=settings, now=db.clock.now()))


def export_file(db: Database, path: Path, settings: Mapping[str, Any], *,
                progress: Callable[[int, int], None] | None = None) -> tuple[int, str]:
    """Every record and the settings written to ``path``, owner-only, whole or not at all; (rows written,
    schema revision). ``progress(tables done, tables)`` may raise Cancelled."""
    from studylog.services import transfer

    with db.connection() as conn:
        return transfer.export_file(conn, path, settings=settings, now=db.clock.now(), progress=progress)


def read_export(raw: bytes | str) -> dict[str, Any]:
    """An export's text read and checked, before any database is touched (TransferError: why not)."""
    from studylog.services import transfer

    data = transfer.loads(raw)
    transfer.check_export(data)
    return data


def settings_in(data: Mapping[str, Any]) -> dict[str, Any]:
    from studylog.services import transfer

    return transfer.settings_in(data)


def import_export(db: Database, data: Mapping[str, Any]) -> dict[str, int]:
    """An export read by read_export restored into an empty database (an older schema's export is first
    brought up to this studylog's through the migrations); rows restored per table. TransferError when
    the database holds records or a row is refused: then nothing is imported."""
    from studylog.services import transfer

    upgraded = transfer.upgrade_export(data, db.clock)
    with db.connection() as conn:
        if not transfer.is_empty(conn):
            raise NotEmpty(transfer.NOT_EMPTY)
        return transfer.import_all(conn, upgraded, now=db.clock.now())
