"""Alembic environment for studylog. Run by studylog itself (studylog.db.migrate.upgrade passes an open
connection) or by a developer: ``alembic -c migrations/alembic.ini revision --autogenerate -m "..."``."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import studylog.domain.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from studylog.db.migrate import include_object, make_engine

config = context.config
target_metadata = SQLModel.metadata


def _run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things: rebuild tables (with foreign keys off)
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()
        problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuntimeError(f"migration left rows with broken foreign keys: {problems[:5]}")


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      render_as_batch=True, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    try:
        with engine.begin() as conn:
            _run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
