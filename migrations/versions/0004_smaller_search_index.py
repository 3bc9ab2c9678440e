"""a smaller search index

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 07:00:00.000000

The index of 0003 kept a second copy of every note (FTS5's content table) and prefix indexes: on a heavy
user's decade that was two thirds of the file. This one is contentless: the words are indexed, the text
stays only in its own table (search reads it from there for titles and snippets), and prefix queries use
the term index. The rowid is still ``ref * 4 + kind code`` (writing 0, workout 1, reading 2, resource 3).
A contentless FTS5 table forgets an entry only when told exactly what it held, so the delete triggers
give the old row's title and body, computed the same way as when it was inserted.

As in 0003: a later batch migration that rebuilds one of the four tables drops its triggers and must
create them again.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("writing_entry", "workout", "reading_item", "resource")

CREATE_INDEX = (
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, body, content = '', tokenize = 'unicode61 remove_diacritics 2')"
)


def _one_line(expr: str) -> str:
    return f"replace(replace({expr}, char(10), ' '), char(9), ' ')"


def _json_words(expr: str, separator: str, prefix: str = "") -> str:
    head = f"'{prefix}' || " if prefix else ""
    return (f"(SELECT group_concat({head}value, '{separator}') "
            f"FROM json_each(CASE WHEN json_valid({expr}) THEN {expr} ELSE '[]' END))")


def _host(url: str) -> str:
    rest = f"substr({url}, instr({url}, '://') + 3)"
    cut = f"(replace(replace({rest}, '?', '/'), '#', '/') || '/')"
    host = f"substr({cut}, 1, instr({cut}, '/') - 1)"
    return f"substr({host}, instr({host}, '@') + 1)"


def _joined(*parts: str) -> str:
    selects = " UNION ALL ".join(f"SELECT {part} AS part" for part in parts)
    return f"(SELECT group_concat(part, ' · ') FROM ({selects}))"


# kind: (code, table, columns whose change re-indexes a row, body); {r} is the row. The title is its title.
KINDS = {
    "writing": (0, "writing_entry", "id, title, note, tags",
                _joined(_one_line("{r}.note"), _json_words("{r}.tags", " ", "#"))),
    "workout": (1, "workout", "id, title, note, sport, tags",
                _joined(_one_line("{r}.note"), "{r}.sport", _json_words("{r}.tags", " ", "#"))),
    "reading": (2, "reading_item", "id, title, authors, review, tags",
                _joined(_json_words("{r}.authors", ", "), _one_line("{r}.review"),
                        _json_words("{r}.tags", " ", "#"))),
    "resource": (3, "resource", "id, title, description, note, topic, url",
                 _joined("{r}.description", _one_line("{r}.note"), "{r}.topic", _host("{r}.url"))),
}


def _values(kind: str, r: str) -> str:
    code, _table, _columns, body = KINDS[kind]
    return f"{r}.id * 4 + {code}, {r}.title, {body.format(r=r)}"


def _triggers(kind: str) -> list[str]:
    _code, table, columns, _body = KINDS[kind]
    insert = f"INSERT INTO search_fts (rowid, title, body) VALUES ({_values(kind, 'new')});"
    delete = f"INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', {_values(kind, 'old')});"
    return [
        f"CREATE TRIGGER {table}_search_fts_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {table}_search_fts_update AFTER UPDATE OF {columns} ON {table} "
        f"BEGIN {delete} {insert} END",
        f"CREATE TRIGGER {table}_search_fts_delete AFTER DELETE ON {table} BEGIN {delete} END",
    ]


def _drop() -> None:
    for table in TABLES:
        for action in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_search_fts_{action}")
    op.execute("DROP TABLE IF EXISTS search_fts")


def upgrade() -> None:
    _drop()
    op.execute(CREATE_INDEX)
    for kind, (_code, table, _columns, _body) in KINDS.items():
        for trigger in _triggers(kind):
            op.execute(trigger)
        op.execute(f"INSERT INTO search_fts (rowid, title, body) SELECT {_values(kind, 't')} FROM {table} AS t")
    op.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")


def downgrade() -> None:
    # Back to 0003's index: drop this one; 0003's upgrade is replayed by hand to fill the old shape.
    import importlib.util
    from pathlib import Path

    _drop()
    spec = importlib.util.spec_from_file_location("m0003", Path(__file__).with_name("0003_search_index.py"))
    m0003 = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m0003)
    m0003.upgrade()
