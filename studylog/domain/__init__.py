"""Domain types. ``values`` holds plain frozen dataclasses (cheap to import); ``models`` holds the
SQLModel tables that define the schema (imported only by migrations, checks and tests)."""
