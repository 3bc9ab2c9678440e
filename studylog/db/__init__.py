"""The database, one module for each thing it holds (arrows point down this list, never up):

- ``sqlite``: stdlib connections, transactions, the lock file, value conversions;
- ``files``: what a database file and its backups are, read only (header, schema revision, good backups);
- ``errors``: the exceptions, and the one-line messages saying what is wrong and what to do;
- ``leftovers``: what a killed restore or backup left, removed at the next start;
- ``backups``: backups and restores;
- ``schema``: the schema a new database gets (``schema.sql``, what the migrations make), without alembic;
- ``migrate``: new databases (from ``schema``), alembic upgrades (imports alembic and SQLAlchemy: only on
  the slow path), and ``python -m studylog.db.migrate``, which writes ``schema.sql`` after a new migration;
- ``opening``: open a database, by the fast path when it is at the current schema, else through migrate.
"""
