"""Finding a record as people name it: by its id, by its whole name in any case, or by a part of its
name that only it has; a part several records share lists them (Ambiguous) so the person can pick one."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TypeVar

from studylog import text
from studylog.domain.errors import Ambiguous, NotFound

T = TypeVar("T")
MAX_MATCHES = 20  # an ambiguous part lists at most this many


def find(conn: sqlite3.Connection, ref: str, *, noun: str, plural: str, get: Callable[[sqlite3.Connection, int], T],
         exact_sql: str, like_sql: str, from_row: Callable[[sqlite3.Row], T], field: str = "title") -> T:
    """One record named by ``ref``: digits are its id; else the rows ``exact_sql`` gives for the name
    (one parameter: the name, compared in any case), else those ``like_sql`` gives (one parameter: a
    LIKE pattern with backslash escapes, at most MAX_MATCHES rows). NotFound, or Ambiguous with the
    matches."""
    from studylog.limits import MAX_ID, MAX_QUERY_BYTES

    ref = text.clean(ref, multiline=False) or ""  # (what was typed, cleaned as a stored name is)
    if not ref:
        raise NotFound(f"give an id or a part of the {field}")
    if len(ref.encode("utf-8", "replace")) > MAX_QUERY_BYTES:
        raise NotFound(f"no {noun} has a {field} that long ({len(ref):,} characters)")
    if ref.isascii() and ref.isdigit():
        try:
            if len(ref) > 19 or int(ref) > MAX_ID:
                raise NotFound(f"no {noun} with id {ref}")
            return get(conn, int(ref))
        except NotFound:
            if not conn.execute(like_sql, (f"%{ref}%",)).fetchone():
                raise  # (digits that are no id and in no title: the id is what was meant)
    exact = [from_row(r) for r in conn.execute(exact_sql, (ref,))]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise Ambiguous(ref, exact, plural)
    escaped = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    partial = [from_row(r) for r in conn.execute(like_sql, (f"%{escaped}%",))]
    if len(partial) == 1:
        return partial[0]
    if partial:
        raise Ambiguous(ref, partial, plural)
    raise NotFound(f"no {noun} with a {field} like {ref!r}")
