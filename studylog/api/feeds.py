"""The newsletters, blogs and podcasts a person follows (imported from OPML; not reading)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studylog.api import Database
    from studylog.domain.values import Feed


def feeds(db: Database, *, kind: str | None = None, limit: int | None = None) -> list[Feed]:
    from studylog.services import feeds as service

    with db.connection() as conn:
        return service.list_feeds(conn, kind=kind, limit=limit)


def count(db: Database, *, kind: str | None = None) -> int:
    from studylog.services import feeds as service

    with db.connection() as conn:
        return service.count(conn, kind=kind)
