"""Search across writing, workouts, reading and resources (the full-text index)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studylog.api import Database
    from studylog.services.search import SearchHit


def search(db: Database, query: str, *, limit: int = 20, kinds: Sequence[str] | None = None,
           mark: tuple[str, str] = ("«", "»")) -> list[SearchHit]:
    """What a person typed, found: title matches first, then the rest, the newest first in each (any text:
    it never raises for odd input); ``kinds`` keeps some of the registry's kinds; the words found are put
    between ``mark``."""
    from studylog.services import search as service

    with db.connection() as conn:
        return service.search(conn, query, limit=limit, kinds=kinds, mark=mark)


def rebuild(db: Database, *, progress: Callable[[int, int], None] | None = None) -> int:
    """Refill the search index from the tables; how many records it holds. ``progress(done, steps)`` may
    raise Cancelled: the index stays as it was."""
    from studylog.services import search as service

    with db.connection() as conn:
        return service.rebuild(conn, progress=progress)
