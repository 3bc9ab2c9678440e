"""Database access: ``sqlite`` (stdlib connections), ``schema`` (open with a fast version check),
``migrate`` (backups and alembic upgrades; imports alembic, so only on the slow path)."""
