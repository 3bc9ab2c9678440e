"""The kinds of record people add, edit, delete and undo, reached the same way from the shell and the
app: a kind's service module, found through the registry (studylog.domain.kinds)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import sqlite3
    from datetime import date, datetime


class RecordService(Protocol):
    """What every kind's service module offers (studylog.domain.kinds.Kind says which module)."""

    def add(self, conn: sqlite3.Connection, new: Any, /, *, now: datetime, today: date | None = ...) -> Any: ...  # noqa: ANN401

    def get(self, conn: sqlite3.Connection, record_id: int, /) -> Any: ...  # noqa: ANN401

    def update(self, conn: sqlite3.Connection, record_id: int, changes: dict[str, Any], /, *, now: datetime,
               today: date | None = ...) -> Any: ...  # noqa: ANN401

    def delete(self, conn: sqlite3.Connection, record_id: int, /) -> Any: ...  # noqa: ANN401

    def restore(self, conn: sqlite3.Connection, held: Any, /) -> Any: ...  # noqa: ANN401


def service(kind: str | object) -> RecordService:
    """The service of a kind, by its name ("writing", "workout"...) or by a record of it (new or stored);
    KeyError for anything else. Imported only when asked for (quick commands import one)."""
    from studylog.domain.kinds import KIND, kind_of

    found = KIND[kind] if isinstance(kind, str) else kind_of(kind)
    module: Any = importlib.import_module(found.service)
    return module
