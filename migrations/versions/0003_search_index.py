"""search index

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 09:12:40.512318

One FTS5 table over writing entries, workouts, reading items and resources, kept in step by triggers
on those tables. Its rowid is ``ref * 4 + kind code`` (writing 0, workout 1, reading 2, resource 3), so
a trigger finds an entry by rowid instead of scanning the index. What is indexed is written out here
(a migration must not change when the app does); studylog.services.search.rebuild holds the same text.
The name contains "_fts" so that schema comparisons leave the table and its shadow tables out.

Note for later migrations: a batch migration that rebuilds one of the four tables drops its triggers
(SQLite drops a table's triggers with the table); such a migration must create them again.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CREATE_INDEX = (
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "kind UNINDEXED, ref UNINDEXED, title, body, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
)


def _one_line(expr: str) -> str:
    return f"replace(replace({expr}, char(10), ' '), char(9), ' ')"


def _json_words(expr: str, separator: str, prefix: str = "") -> str:
    """The strings of a JSON array as words ('["a", "b"]' -> '#a #b'); NULL for an empty or broken one."""
    head = f"'{prefix}' || " if prefix else ""
    return (f"(SELECT group_concat({head}value, '{separator}') "
            f"FROM json_each(CASE WHEN json_valid({expr}) THEN {expr} ELSE '[]' END))")


def _host(url: str) -> str:
    """'https://user@www.example.org:8080/a?b#c' -> 'www.example.org:8080'."""
    rest = f"substr({url}, instr({url}, '://') + 3)"
    cut = f"(replace(replace({rest}, '?', '/'), '#', '/') || '/')"
    host = f"substr({cut}, 1, instr({cut}, '/') - 1)"
    return f"substr({host}, instr({host}, '@') + 1)"


def _joined(*parts: str) -> str:
    """The parts that are not NULL, joined with ' · ' (NULL when all are)."""
    selects = " UNION ALL ".join(f"SELECT {part} AS part" for part in parts)
    return f"(SELECT group_concat(part, ' · ') FROM ({selects}))"


# kind: (code, table, columns whose change re-indexes a row, title, body); {r} is the row.
KINDS = {
    "writing": (0, "writing_entry", "id, title, note, tags", "{r}.title",
                _joined(_one_line("{r}.note"), _json_words("{r}.tags", " ", "#"))),
    "workout": (1, "workout", "id, title, note, sport, tags", "{r}.title",
                _joined(_one_line("{r}.note"), "{r}.sport", _json_words("{r}.tags", " ", "#"))),
    "reading": (2, "reading_item", "id, title, authors, review, tags", "{r}.title",
                _joined(_json_words("{r}.authors", ", "), _one_line("{r}.review"),
                        _json_words("{r}.tags", " ", "#"))),
    "resource": (3, "resource", "id, title, description, note, topic, url", "{r}.title",
                 _joined("{r}.description", _one_line("{r}.note"), "{r}.topic", _host("{r}.url"))),
}


def _values(kind: str, r: str) -> str:
    code, _table, _columns, title, body = KINDS[kind]
    return f"{r}.id * 4 + {code}, '{kind}', {r}.id, {title.format(r=r)}, {body.format(r=r)}"


def _triggers(kind: str) -> list[str]:
    code, table, columns, _title, _body = KINDS[kind]
    insert = f"INSERT OR REPLACE INTO search_fts (rowid, kind, ref, title, body) VALUES ({_values(kind, 'new')});"
    delete = f"DELETE FROM search_fts WHERE rowid = old.id * 4 + {code};"
    return [
        f"CREATE TRIGGER {table}_search_fts_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {table}_search_fts_update AFTER UPDATE OF {columns} ON {table} "
        f"BEGIN {delete} {insert} END",
        f"CREATE TRIGGER {table}_search_fts_delete AFTER DELETE ON {table} BEGIN {delete} END",
    ]


def upgrade() -> None:
    op.execute(CREATE_INDEX)
    for kind, (_code, table, _columns, _title, _body) in KINDS.items():
        for trigger in _triggers(kind):
            op.execute(trigger)
        # Rows stored before this revision.
        op.execute(f"INSERT INTO search_fts (rowid, kind, ref, title, body) "
                   f"SELECT {_values(kind, 't')} FROM {table} AS t")
    op.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")


def downgrade() -> None:
    for _code, table, _columns, _title, _body in KINDS.values():
        for action in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_search_fts_{action}")
    op.execute("DROP TABLE IF EXISTS search_fts")
